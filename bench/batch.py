"""Saving many new records at once: the rows `api.loader.store.save_article` writes, in bulk inserts.

Per article, `save_article` costs ~50 small queries (entity resolution, one insert per mention), which
is ~40 articles/s on SQLite: hours for a 100k corpus. Here a batch of new articles is written in one
transaction with multi-row inserts, entities are resolved once per run (through the store's own
`resolve_entity`), and anything that is not plainly new (a known id, a known body) goes through
`save_article` itself. `tests/test_bench_corpus.py` checks that both paths leave identical tables.

The entity cache assumes nothing else writes entities while a run goes on.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from peewee import chunked

from api.db import db
from api.loader import store
from api.loader.dates import to_utc
from api.models import Article, Mention, Quote

ROWS_PER_INSERT = 500  # far below SQLite's bound-variable limit for every table here


class BatchWriter:
    """Writes batches of normalised records; keeps the entity cache between batches of one run."""

    def __init__(self) -> None:
        self._entities: dict[tuple, str] = {}

    def save(self, records: Sequence[dict]) -> Counter:
        """Store records in one transaction; return how many were loaded, updated, unchanged, duplicate."""
        outcomes: Counter = Counter()
        with db.atomic():
            fresh, others = self._split(records)
            self._write_new(fresh)
            if fresh:
                outcomes[store.LOADED] += len(fresh)
            for record in others:
                outcomes[store.save_article(record)] += 1
        return outcomes

    def _split(self, records: Sequence[dict]) -> tuple[list[dict], list[dict]]:
        ids = [r["id"] for r in records]
        hashes = [r["provenance"]["content_hash"] for r in records]
        known_ids = {i for (i,) in Article.select(Article.id).where(Article.id.in_(ids)).tuples()}
        known_hashes = {h for (h,) in Article.select(Article.content_hash)
                        .where(Article.content_hash.in_(hashes)).tuples()}
        fresh, others, seen_ids, seen_hashes = [], [], set(), set()
        for record in records:
            content_hash = record["provenance"]["content_hash"]
            if (record["id"] in known_ids or record["id"] in seen_ids
                    or content_hash in known_hashes or content_hash in seen_hashes):
                others.append(record)
            else:
                fresh.append(record)
                seen_ids.add(record["id"])
                seen_hashes.add(content_hash)
        return fresh, others

    def _entity_id(self, entity: dict) -> str:
        key = (entity["type"], entity["name"], *entity.get("aliases", []))
        if key not in self._entities:
            self._entities[key] = store.resolve_entity(entity)
        return self._entities[key]

    def _write_new(self, records: list[dict]) -> None:
        # The last record naming a source sets its name, as one save_article after another would.
        sources = {r["source"]["domain"]: r["source"] for r in records if (r.get("source") or {}).get("domain")}
        for source in sources.values():
            store._save_source(source)
        articles, mentions, quotes = [], [], []
        for record in records:
            published_ts = to_utc(record.get("published_at"))
            articles.append(_article_row(record, published_ts))
            entity_ids: dict[str, str] = {}
            in_article: set[str] = set()
            for entity in record.get("entities") or []:
                entity_id = self._entity_id(entity)
                for name in [entity["name"], *entity.get("aliases", [])]:
                    entity_ids[store.alias_key(name)] = entity_id
                if entity_id in in_article:  # save_article's insert ignores the second one too
                    continue
                in_article.add(entity_id)
                mentions.append({"article": record["id"], "entity": entity_id,
                                 "count": entity.get("mentions") or 1, "offsets": entity.get("offsets") or [],
                                 "published_ts": published_ts})
            quotes.extend(_quote_rows(record, entity_ids))
        for model, rows in ((Article, articles), (Mention, mentions), (Quote, quotes)):
            for chunk in chunked(rows, ROWS_PER_INSERT):
                model.insert_many(chunk).execute()


def _article_row(record: dict, published_ts: datetime | None) -> dict:
    source = record.get("source") or {}
    return {
        "id": record["id"],
        "url": record.get("url"),
        "title": record.get("title"),
        "authors": record.get("authors") or [],
        "published_at": record.get("published_at"),
        "updated_at": record.get("updated_at"),
        "published_ts": published_ts,
        "updated_ts": to_utc(record.get("updated_at")),
        "language": record.get("language"),
        "source": source.get("domain") or None,
        "description": record.get("description"),
        "body": record.get("body") or "",
        "images": record.get("images") or [],
        "provenance": dict(record["provenance"], fingerprint=record["fingerprint"]),
        "content_hash": record["provenance"]["content_hash"],
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
    }


def _quote_rows(record: dict, entity_ids: dict[str, str]) -> list[dict]:
    return [{
        "id": f"{record['id']}-{position}",
        "article": record["id"],
        "position": position,
        "text": quote["text"],
        "speaker": entity_ids.get(store.alias_key(quote["speaker"])) if quote.get("speaker") else None,
        "cue": quote.get("cue"),
        "kind": quote.get("kind") or "statement",
        "start": quote.get("start"),
        "end": quote.get("end"),
    } for position, quote in enumerate(record.get("quotes") or [])]
