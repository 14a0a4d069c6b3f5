"""Body text: paragraphs without the boilerplate extraction libraries let through."""
from __future__ import annotations


def clean_body(text: str) -> str:
    """Extracted text as paragraphs separated by a blank line."""
    return "\n\n".join(p.strip() for p in text.split("\n") if p.strip())
