"""Bylines into lists of author names."""
from __future__ import annotations

import re

PREFIX = re.compile(r"^\s*(by|par|von|por|di|de)\s+", re.I)
SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.I)


def split_byline(byline: str) -> list[str]:
    """'By Jane Doe and John Roe' -> ['Jane Doe', 'John Roe']."""
    text = PREFIX.sub("", byline.strip())
    names = [n.strip(" .") for n in SEPARATOR.split(text)]
    return [n for n in names if n and any(c.isalpha() for c in n)]
