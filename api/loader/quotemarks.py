"""Where direct quotes are in a text: pairing quote marks, curly or straight, across paragraphs.

Double marks (“ ” „ « » and straight ") and single marks (‘ ’ and straight ') open a quote. A single
mark is far more often an apostrophe (don’t, countries’, rock 'n' roll, the '90s, Jones' car), so it
opens a quote only at a word's start before a letter (or before a double mark: ‘“Yes,” he said, I
agreed’) and closes one only at a word's end, and only a quote a single mark opened. A straight " or '
after a digit is an inch or foot mark (6'3"), not a quote.

A quote left open at the end of a paragraph continues when the next paragraph opens with a mark of the
same kind (the convention for a quote over several paragraphs); each paragraph's part is then its own
span, and the spans share a `group` number so that the speaker named once is given to every part.

A quote that never closes was opened by a stray mark: the text is read again without its opening marks,
so that an unbalanced mark never hides the quotes after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, EITHER = "open", "close", "either"
DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE = "‘’'"
PARAGRAPH = re.compile(r"[^\n]+")
# Two apostrophes ('') or backticks (``) stand for a straight double mark in some archives' text.
MARK = re.compile(r"''|``|[\"“”„«»‘’']")
FIRST_LETTER = re.compile(r"[^\W\d_]")
LEFT_CONTEXT = set(" \t([{—–-/\u00a0") | set(DOUBLE_OPEN) | {"‘"}
# A single mark at a word's edge that stands for letters left out: rock 'n' roll, 'em, 'til, 'tis, the
# '90s, '19, and the contractions that tokenised wire text splits off ("Trump 's", "we 'll").
ELISION = re.compile(r"[‘’'](?:n'?|em|til|tis|twas|cause|cos|bout|round|s|t|re|ve|ll|d|m|\d\ds?)\b", re.I)

# Each reading drops the marks of the quotes that never closed in the one before; a text that still has
# some after this many (a mark typed wrong in almost every paragraph) keeps the quotes that close.
MAX_READINGS = 4


@dataclass
class Span:
    """The inside of one pair of quote marks: [start, end) offsets without the marks."""

    start: int
    end: int
    group: int


def _direction(text: str, pos: int, end: int, para_start: int, para_end: int) -> str | None:
    """Whether the mark at [pos, end) opens or closes a quote, by its neighbours; None when it is none."""
    char = text[pos] if end == pos + 1 else '"'
    before = text[pos - 1] if pos > para_start else " "
    after = text[end] if end < para_end else " "
    starts_word = before in LEFT_CONTEXT and not after.isspace()
    ends_word = not before.isspace() and (after.isspace() or not after.isalnum())
    if char in SINGLE:
        return _single_direction(text, pos, end, para_end, before, after)
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


def _single_direction(text: str, pos: int, end: int, para_end: int, before: str, after: str) -> str | None:
    """A single mark opens before a word's first letter and closes after a word; otherwise it is none."""
    if ELISION.match(text, pos) or text[max(pos - 2, 0):pos] in ("'n", "‘n", "’n"):
        return None
    char = text[pos]
    if char != "’" and (before in LEFT_CONTEXT or before == '"'):
        # a double mark may open a quote nested right at the start: ‘“Yes,” he said, I agreed’
        word = end + 1 if after in DOUBLE_OPEN + '"' else end
        return OPEN if word < para_end and text[word].isalnum() else None
    if char == "'" and before.isdigit():
        return None  # a foot mark
    if char != "‘" and not before.isspace() and not after.isalnum():
        return CLOSE  # a letter after it makes it an apostrophe: don’t, O’Neill
    return None


def find_quote_spans(text: str) -> list[Span]:
    """The quoted spans of text, in order; a quote nested one level deep stays inside the outer one."""
    ignored: set[int] = set()
    for _ in range(MAX_READINGS):
        spans, stray = _read(text, ignored)
        if not stray:
            break
        ignored |= stray
    return spans  # after the last reading, without the quotes that never close


def _read(text: str, ignored: set[int]) -> tuple[list[Span], set[int]]:
    """One reading of the marks, skipping those at `ignored`: the spans of the quotes that close, and the
    opening marks of those that never do."""
    spans: list[Span] = []
    openers: dict[int, list[int]] = {}  # a quote's group -> the offsets of its opening marks
    closed: set[int] = set()
    group = 0
    carried: int | None = None  # the group of a quote going on from the previous paragraph
    paragraphs = list(PARAGRAPH.finditer(text))
    for n, para in enumerate(paragraphs):
        p_start, p_end = para.span()
        lead = _lead(text, para)
        opened: int | None = None
        single = False  # the open quote was opened by a single mark
        outer = group
        nested: int | None = None  # the opening mark of a quote inside the open one
        for mark in MARK.finditer(text, p_start, p_end):
            pos, after = mark.span()
            direction = None if pos in ignored else _direction(text, pos, after, p_start, p_end)
            is_single = mark.group() in SINGLE
            if direction is None or (opened is None and direction == CLOSE):
                continue  # an apostrophe, an inch mark, or a close with no open: a stray mark
            if opened is None:
                opened, single, nested = after, is_single, None
                if carried is not None and pos == lead:
                    # The open quote goes on. Its own group, not the newest: a quote nested in its
                    # earlier part took a number since ('“He said “no” twice.¶“Then...”').
                    outer = carried
                else:
                    group += 1
                    outer = group
                openers.setdefault(outer, []).append(pos)
            elif is_single != single:
                continue  # single marks inside a double quote (or the reverse) are part of it
            elif direction == OPEN and nested is None:
                nested = pos
            elif nested is not None:
                if direction == OPEN:
                    openers[outer].append(nested)  # a nested quote opened twice: the first mark was stray
                nested = None if direction != OPEN else pos
            else:
                if pos > opened:
                    spans.append(Span(opened, pos, outer))
                closed.add(outer)
                opened = None
        carried = None
        if opened is not None:
            if nested is not None:
                openers[outer].append(nested)
            starts = opened - lead <= 2  # the quote opens its paragraph (after one mark nested in it, or '')
            if n + 1 < len(paragraphs) and (starts or _opens_sentence(text, opened, p_end)) \
                    and _goes_on(text, paragraphs[n + 1], single, ignored):
                spans.append(Span(opened, p_end, outer))
                carried = outer
    unfinished = openers.keys() - closed
    stray = {pos for g in unfinished for pos in openers[g]}
    return [s for s in spans if s.group not in unfinished], stray


def _goes_on(text: str, following: re.Match, single: bool, ignored: set[int]) -> bool:
    """Whether a quote open at its paragraph's end goes on in the `following` paragraph: that paragraph
    opens with a mark of the same kind."""
    lead = _lead(text, following)
    mark = MARK.match(text, lead)
    if mark is None or lead in ignored or (mark.group() in SINGLE) != single:
        return False
    return _direction(text, lead, mark.end(), following.start(), following.end()) in (OPEN, EITHER)


def _opens_sentence(text: str, start: int, end: int) -> bool:
    """Whether the quote from `start` begins as a sentence does, with a capital: a quote opened inside a
    paragraph runs over paragraphs only as whole sentences ('He said: “We will go.¶“Then...”'), while an
    open phrase there ('called it “illegal.¶') is far more often a closing mark lost."""
    letter = FIRST_LETTER.search(text, start, end)
    return letter is not None and letter.group().isupper() and not text[start].isspace()


def _lead(text: str, para: re.Match) -> int:
    """The offset of a paragraph's first character that is not a space."""
    return para.start() + len(para.group()) - len(para.group().lstrip())
