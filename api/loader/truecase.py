"""Headline and dateline capitals turned into title case before tagging, keeping every offset.

The small English model reads 'LONDON' or 'RUSSIA BEAT CYPRUS' poorly: it learned names from mixed-case
text. Words are re-cased in place (same length), so entity offsets found in the re-cased text are
offsets into the original body, and names are then read back from the original.
"""
from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A line this share of whose words are capitals is a headline, a dateline or a table.
CAPS_LINE_SHARE = 0.6
# Outside such lines, capitals this long are shouted words (GERMANY - ...), not acronyms (NATO).
LONG_CAPS = 6


def _title(word: str) -> str:
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def recase(text: str) -> str:
    """The text with shouted words in title case; same length, so offsets carry over."""
    if not any(_is_caps(w) for w in WORD.findall(text)):
        return text
    out = []
    for line in text.splitlines(keepends=True):
        words = [m for m in WORD.finditer(line) if len(m.group()) > 1]
        caps = [m for m in words if _is_caps(m.group())]
        shouting = bool(words) and len(caps) / len(words) >= CAPS_LINE_SHARE and len(words) > 1
        chars = list(line)
        for m in caps:
            word = m.group()
            if shouting or len(word) >= LONG_CAPS:
                # Dotted acronyms (U.S.) stay: title case would make them unreadable.
                if "." in word.rstrip("."):
                    continue
                chars[m.start():m.end()] = _title(word)
        out.append("".join(chars))
    return "".join(out)
