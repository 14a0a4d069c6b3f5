"""Entities and quotes from an article's title and body.

Contract with the store: `annotate(fields)` sets
  fields["entities"] = [{"name", "type", "aliases": [...], "mentions": n, "offsets": [[start, end], ...]}]
  fields["quotes"]   = [{"text", "speaker": name | None, "cue", "kind", "start", "end"}]
with offsets into `fields["body"]`, and speaker names that are names or aliases of listed entities.
"""
from __future__ import annotations


def annotate(fields: dict) -> dict:
    """Add entities and quotes to extracted fields (the entities issue fills this in)."""
    fields.setdefault("entities", [])
    fields.setdefault("quotes", [])
    return fields
