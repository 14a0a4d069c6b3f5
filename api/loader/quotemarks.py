"""Where direct quotes are in a text: pairing quote marks, curly or straight, across paragraphs.

Only double marks (“ ” „ « » and straight ") and curly single marks (‘ ’) open a quote. A right single
mark is far more often an apostrophe (countries’, don’t), so ’ closes a quote only when a ‘ opened it at
a word start in the same paragraph. A straight " after a digit is an inch mark (6'3"), not a quote.

A quote left open at the end of a paragraph continues when the next paragraph opens with a mark (the
convention for a quote over several paragraphs); each paragraph's part is then its own span, and the
spans share a `group` number so that the speaker named once is given to every part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, EITHER = "open", "close", "either"
DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
PARAGRAPH = re.compile(r"[^\n]+")
# Two apostrophes ('') or backticks (``) stand for a straight double mark in some archives' text.
MARK = re.compile(r"''|``|[\"“”„«»‘’]")
OPENERS = DOUBLE_OPEN + "\"'`‘"
LEFT_CONTEXT = set(" \t([{—–-/\u00a0") | set(DOUBLE_OPEN) | {"‘"}


@dataclass
class Span:
    """The inside of one pair of quote marks: [start, end) offsets without the marks."""

    start: int
    end: int
    group: int
    opens_paragraph: bool = False  # the opening mark is the paragraph's first character


def _direction(text: str, pos: int, end: int, para_start: int, para_end: int) -> str | None:
    """Whether the mark at [pos, end) opens or closes a quote, by its neighbours; None when it is none."""
    char = text[pos] if end == pos + 1 else '"'
    before = text[pos - 1] if pos > para_start else " "
    after = text[end] if end < para_end else " "
    starts_word = before in LEFT_CONTEXT and not after.isspace()
    ends_word = not before.isspace() and (after.isspace() or not after.isalnum())
    if char == "‘":
        return OPEN if starts_word and after.isalnum() else None
    if char == "’":
        # a closing single mark, only if followed by no letter: don’t, O’Neill are apostrophes
        return CLOSE if ends_word and not after.isalnum() else None
    if char == '"' and before.isdigit() and ends_word:
        return None  # an inch mark
    if starts_word and not ends_word:
        return OPEN
    if ends_word and not starts_word:
        return CLOSE
    if char in DOUBLE_OPEN:
        return OPEN
    if char in DOUBLE_CLOSE:
        return CLOSE
    return EITHER


def find_quote_spans(text: str) -> list[Span]:
    """The quoted spans of text, in order; a quote nested one level deep stays inside the outer one."""
    spans: list[Span] = []
    group = 0
    carried: int | None = None  # the group of a quote left open at the previous paragraph's end
    for para in PARAGRAPH.finditer(text):
        p_start, p_end = para.start(), para.end()
        lead = p_start + len(para.group()) - len(para.group().lstrip())
        first = MARK.match(text, lead)
        if carried is not None and not (first and _direction(text, lead, first.end(), p_start, p_end) != CLOSE):
            carried = None  # the open quote was a stray mark: nothing continues
        opened: int | None = None
        single = False  # the open quote was opened by ‘
        outer = group
        nested: int | None = None  # a quote opened inside the open one
        inner: list[Span] = []  # closed quotes inside the open one, kept if it never closes
        for mark in MARK.finditer(text, p_start, p_end):
            pos, after = mark.start(), mark.end()
            direction = _direction(text, pos, after, p_start, p_end)
            is_single = mark.group() in "‘’"
            if direction is None or (opened is None and direction == CLOSE):
                continue  # an apostrophe, an inch mark, or a close with no open: a stray mark
            if opened is None:
                opened, single, inner = after, is_single, []
                if carried is not None and pos == lead:
                    # The open quote goes on. Its own group, not the newest: a quote nested in its
                    # earlier part took a number since ('“He said “no” twice.¶“Then...”').
                    outer = carried
                else:
                    group += 1
                    outer = group
                carried = None
            elif is_single != single:
                continue  # single marks inside a double quote (or the reverse) are part of it
            elif direction == OPEN and nested is None:
                nested = after
            elif nested is not None:
                if direction != OPEN:
                    group += 1
                    inner.append(Span(nested, pos, group))
                nested = None if direction != OPEN else after
            else:
                if pos > opened:
                    spans.append(Span(opened, pos, outer, opens_paragraph=opened - lead <= 2))
                opened = None
        if opened is not None and opened - lead <= 2 and not single:
            spans.append(Span(opened, p_end, outer, opens_paragraph=True))
            carried = outer
        else:
            # an opening mark inside a paragraph that never closes was stray: keep the quotes after it
            spans.extend(inner if opened is not None else [])
            carried = None
    return _drop_unfinished(text, spans)


def _drop_unfinished(text: str, spans: list[Span]) -> list[Span]:
    """Keep a part that runs to its paragraph's end only if a later part of its group was closed."""
    closed_groups = {s.group for s in spans if s.end < len(text) and MARK.match(text, s.end)}
    return [s for s in spans if s.group in closed_groups]
