"""Direct quotes in an article's body and who said them."""
from __future__ import annotations

from spacy.tokens import Doc


def extract_quotes(doc: Doc, entities: list[dict]) -> list[dict]:
    """Quotes: text, speaker (an entity's name or None), cue verb, kind and [start, end] offsets."""
    return []
