"""Articles written straight through the store (no extraction), so API tests are fast and exact."""
from __future__ import annotations

import itertools

from api.db import db
from api.loader.normalize import finish
from api.loader.store import save_article

_serial = itertools.count()


def make_article(title: str = "Untitled", body: str | None = None, *, url: str | None = None,
                 published_at: str | None = "2024-01-01T00:00:00", source: str | None = "example.com",
                 authors: list[str] | None = None, language: str = "en", entities: list[tuple] = (),
                 quotes: list[tuple] = (), updated_at: str | None = None) -> str:
    """Store one article; entities are (name, type[, aliases]), quotes (text, speaker name). Returns its id."""
    n = next(_serial)
    url = url or f"https://{source or 'nosource.test'}/news/{n}"
    fields = {
        "url": url if source else None,
        "title": title,
        "body": body if body is not None else f"{title}. Article number {n} tells the story in full.",
        "authors": authors or [],
        "published_at": published_at,
        "updated_at": updated_at,
        "language": language,
        "source_name": source.split(".")[0].title() if source else None,
        "entities": [{"name": e[0], "type": e[1], "aliases": list(e[2]) if len(e) > 2 else [],
                      "mentions": 1, "offsets": []} for e in entities],
        "quotes": [{"text": q[0], "speaker": q[1], "cue": "said", "kind": "statement"} for q in quotes],
    }
    record = finish(fields, origin=f"test-{n}")
    with db.connection_context():
        save_article(record)
    return record["id"]
