"""Trafilatura's two passes combined: the precision pass's choice of paragraphs, read whole from the full pass.

Precision mode is right about a page's edges (menus, teasers, footers) but drops phrases inside the
paragraphs it keeps, bulleted lists and question headings inside the article, and closing notes.
"""
from __future__ import annotations

import re
from collections import Counter

from api.loader.body import HEADING_WORDS, LIST_MARK, MIN_TEASERS

SENTENCE_END = re.compile(r"[.!?]$")


# A paragraph of the full pass counts as kept by the precision pass when a precise paragraph holds most of
# its words: the precision pass sometimes drops a phrase or two inside a paragraph it keeps.
COVERED = 0.6
FOREIGN = 0.2
AGREE = 0.9  # the share of the precise text the full pass must hold for the two to be compared at all


def precise_paragraphs(full: str, precise: str) -> str:
    """The precision pass's paragraphs, each whole as the full pass read it, and the list items and question
    headings between them; the precision pass's text alone when the two passes read different parts."""
    full_lines = [line for line in full.split("\n") if line.strip()]
    precise_lines = [line for line in precise.split("\n") if line.strip()]
    precise_words = [Counter(_key(line).split()) for line in precise_lines]
    chosen: dict[int, str] = {}
    matched: set[int] = set()
    for n, line in enumerate(full_lines):
        words = Counter(_key(line).split())
        m = _covering(words, precise_words)
        if m is not None:
            matched.add(m)
            # A paragraph cut short at an edge may have had page furniture glued on: the precise cut is kept.
            chosen[n] = line if _same_ends(line, precise_lines[m]) else precise_lines[m]
    held = sum(len(precise_lines[m]) for m in matched)
    if not chosen or held < AGREE * sum(len(line) for line in precise_lines):
        return precise  # the two passes read different parts of the page
    first, last = min(chosen), max(chosen)
    chosen.update({n: full_lines[n] for n in range(first, last + 1)
                   if _list_item(full_lines[n]) or _question(full_lines[n])})
    return "\n".join([*(chosen[n] for n in sorted(chosen)), *_closing_notes(full_lines[last + 1:])])


def _closing_notes(lines: list[str]) -> list[str]:
    """What the full pass read after the precision pass's end when it is a list of notes in sentences.

    Notes and references close an article as a list of full sentences under short headings; the blocks
    of links and teasers that usually follow an article have items without a full stop.
    """
    items: list[str] = []
    for line in (line.strip() for line in lines):
        if LIST_MARK.match(line):
            items.append(line)
        elif items and LIST_MARK.match(items[-1]) and not SENTENCE_END.search(items[-1]):
            items[-1] += " " + line  # a list item the extractor broke over two lines
        elif any(LIST_MARK.match(item) for item in items) or len(line.split()) > HEADING_WORDS \
                or SENTENCE_END.search(line):
            return []
        else:
            items.append(line)  # a heading above the list
    listed = [item for item in items if LIST_MARK.match(item)]
    if len(listed) < MIN_TEASERS or any(not SENTENCE_END.search(item) or "http" in item for item in listed):
        return []
    return items


def _covering(words: Counter, precise_words: list[Counter]) -> int | None:
    total = words.total()
    if not total:
        return None
    for m, other in enumerate(precise_words):
        other_total = other.total()
        # The words shared are at most either paragraph's count: most pairs fail on the counts alone,
        # without counting the words they share.
        if other_total < COVERED * total or total < (1 - FOREIGN) * other_total:
            continue
        shared = sum((words & other).values())
        if shared >= COVERED * total and shared >= (1 - FOREIGN) * other_total:
            return m
    return None


# An item of a bulleted list in the article: a phrase, not a link or a label.
LIST_ITEM = re.compile(r"^- (?!\S*(https?:|www\.))\S+( \S+){2}")


def _list_item(line: str) -> bool:
    return bool(LIST_ITEM.match(line.strip()))


# A question heading inside the article ("How long may parents stay at home?"): FAQ-style pages are made of them.
QUESTION_WORDS = 4


def _question(line: str) -> bool:
    line = line.strip()
    return line.endswith("?") and len(line.split()) >= QUESTION_WORDS and "http" not in line


def _same_ends(line: str, other: str) -> bool:
    a, b = _key(line).split(), _key(other).split()
    return bool(a and b) and a[0] == b[0] and a[-1] == b[-1]


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
