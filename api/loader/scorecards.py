"""Players on cricket scorecard and team line-up lines, which the small model reads as anything but people.

A batting line names the batsman, then how he was out, naming the fielder and the bowler:
'S. Law c Tillekeratne b Dharmasena 13', 'R. Ponting not out 46', 'A. Ranatunga lbw b Fleming 0'.
A bowling line lists bowlers with their overs-maidens-runs-wickets: 'Bowling: Vaas 7-0-29-0, de Silva
4-0-25-0'. A line-up lists players by shirt number: '1 - Filip Verlinden, 4 - Piet Smet (15 - Jan Mol,
81st)'. Every name there is a person.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

NAME = r"(?:[A-Z]\.\s?)*(?:(?:de|van|der|du|da|ul|al)\s)?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*(?:\s[A-Z][\w'’-]+)?"
# How the batsman was out, and nothing else but his runs: prose never has this shape.
HOW_OUT = (rf"(?:c and b\s+{NAME}|c\s+{NAME}\s+b\s+{NAME}|st\s+{NAME}\s+b\s+{NAME}|lbw\s+b\s+{NAME}"
           rf"|hit wicket\s+b\s+{NAME}|b\s+{NAME}|run out(?:\s+\({NAME}\))?|not out|retired(?: hurt)?)")
BATTING = re.compile(rf"^\s*(?:\d+\s*[-.]?\s*)?(?P<bat>{NAME})\s+{HOW_OUT}\s+\d+\s*$")
# A fielder or bowler named after the way the batsman was out.
DISMISSAL = re.compile(rf"(?<![\w.])(?:c|b|st)\s+(?P<name>{NAME})")
# A shirt number and a dash before each name; three of them make a line-up.
LINEUP = re.compile(rf"(?:^|[,(:;]\s*)\d{{1,2}}\s?-\s?(?P<name>{NAME}(?:\s[A-Z][\w'’-]+)?)")
MAX_LINE = 80  # a scorecard line is short; prose that happens to match is not

BOWLER = re.compile(rf"(?:^|,|:)\s*(?P<name>{NAME})\s+\d+(?:\.\d)?-\d+-\d+-\d+")


def scorecard_players(doc: Doc) -> Iterable[Span]:
    """The players named on the doc's batting and bowling lines."""
    offset = 0
    for line in doc.text.splitlines(keepends=True):
        yield from _players(doc, line, offset)
        offset += len(line)


def _players(doc: Doc, line: str, offset: int) -> Iterable[Span]:
    found = []
    batting = BATTING.match(line) if len(line) <= MAX_LINE else None
    if batting:
        found.append(batting.span("bat"))
        rest = batting.end("bat")
        found.extend(m.span("name") for m in DISMISSAL.finditer(line, rest))
    elif line.lstrip().lower().startswith("bowling"):
        found.extend(m.span("name") for m in BOWLER.finditer(line))
    else:
        lineup = [m.span("name") for m in LINEUP.finditer(line)]
        found.extend(lineup if len(lineup) >= 3 else [])
    for start, end in found:
        span = doc.char_span(offset + start, offset + end, alignment_mode="contract")
        if span is not None and len(span):
            yield span
