"""Writing normalised records: each article with its source, entities, mentions and quotes, whole or not at all.

`save_article` stores one record; `save_articles` stores a batch with the same outcomes, writing the
plainly new articles together in multi-row inserts with one entity lookup for the whole batch, and on
SQLite adding them to the full-text indexes in one statement per table (`search.bulk_indexing`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from peewee import EXCLUDED, DatabaseError, IntegrityError, chunked

from api.db import db, is_sqlite, one_of
from api.loader.cooccur import count_articles, uncount_article
from api.loader.dates import to_utc
from api.loader.resolve import ROWS_PER_QUERY, Resolver, alias_key, insert_rows, resolve_entity, slugify
from api.models import Article, ArticleUrl, Entity, EntityAlias, Mention, Quote, Source
from api.search import bulk_indexing

LOADED, UPDATED, UNCHANGED, DUPLICATE = "loaded", "updated", "unchanged", "duplicate"

__all__ = ["DUPLICATE", "LOADED", "UNCHANGED", "UPDATED", "alias_key", "delete_article", "resolve_entity",
           "same_article", "save_article", "save_articles", "slugify", "title_key", "write_transaction"]


def save_article(record: dict) -> str:
    """Store one normalised record in its own transaction (a savepoint inside a batch); return loaded,
    updated, unchanged or duplicate.

    The id comes from the URL, so a changed page under the same URL is updated in place. The same body
    and title under another URL is a duplicate: not stored again, but its URL is recorded as another URL
    of the stored article so a lookup by it still finds the article. Safe beside another writer: if a
    concurrent load stored the same article (or entity) first, the insert conflicts, the transaction
    (or savepoint) rolls back, and the second try sees the stored row.
    """
    try:
        return _save_once(record)
    except IntegrityError:
        return _save_once(record)


def _save_once(record: dict) -> str:
    with write_transaction():
        existing = Article.get_or_none(Article.id == record["id"])
        if existing is not None and existing.provenance.get("fingerprint") == record["fingerprint"]:
            return UNCHANGED
        if existing is None and (original := same_article(record)) is not None:
            if record.get("url") and original.url != record["url"]:
                ArticleUrl.insert(url=record["url"], article=original.id).on_conflict_ignore().execute()
            return DUPLICATE
        _write([record], existing)
    return UPDATED if existing is not None else LOADED


def write_transaction():
    """One transaction per article. On SQLite it takes the write lock at once (IMMEDIATE), so two
    loaders queue on busy_timeout instead of failing when a read turns into a write."""
    return db.atomic("IMMEDIATE") if is_sqlite() else db.atomic()


def same_article(record: dict) -> Article | None:
    """A stored article under another URL with the same normalised body and title.

    Identical bodies under different titles are boilerplate (a cookie wall, a paywall teaser), not the
    same article, so both are kept.
    """
    candidates = (Article.select(Article.id, Article.url, Article.title)
                  .where(Article.content_hash == record["provenance"]["content_hash"],
                         Article.id != record["id"]))
    title = title_key(record.get("title"))
    for candidate in candidates:
        if not title or not title_key(candidate.title) or title_key(candidate.title) == title:
            return candidate
    return None


def title_key(title: str | None) -> str:
    """A title with case and punctuation folded, to compare two pages' titles."""
    return " ".join(re.findall(r"\w+", (title or "").lower()))


def save_articles(records: Sequence[dict]) -> list[str | DatabaseError]:
    """Store a batch of records in one transaction; per record, what `save_article` returns, or the
    DatabaseError that rolled that record back (the others are kept).

    Runs of plainly new records (an id and a body hash neither stored nor earlier in the batch) are
    written together: one query for the entities of the run, multi-row inserts. If that write fails,
    it is rolled back and its records are saved one by one, so only the failing one is lost. Anything
    else (a known id, a known body) goes through `save_article`'s checks in input order.
    """
    outcomes: list = [None] * len(records)
    with write_transaction():
        ids = [r["id"] for r in records]
        hashes = [r["provenance"]["content_hash"] for r in records]
        known = {i for (i,) in Article.select(Article.id).where(one_of(Article.id, ids)).tuples()}
        known |= {h for (h,) in Article.select(Article.content_hash).where(one_of(Article.content_hash, hashes))
                  .tuples()}
        run: list[int] = []
        for index, record in enumerate(records):
            marks = (record["id"], record["provenance"]["content_hash"])
            if not any(m in known for m in marks):
                run.append(index)
            else:
                _save_run(records, run, outcomes)
                run = []
                outcomes[index] = _save_alone(record)
            known.update(marks)
        _save_run(records, run, outcomes)
    return outcomes


def _save_run(records: Sequence[dict], run: list[int], outcomes: list) -> None:
    if not run:
        return
    try:
        with db.atomic(), bulk_indexing():
            _write([records[i] for i in run])
    except DatabaseError:
        for i in run:
            outcomes[i] = _save_alone(records[i])
    else:
        for i in run:
            outcomes[i] = LOADED


def _save_alone(record: dict) -> str | DatabaseError:
    try:
        return save_article(record)
    except DatabaseError as exc:
        return exc


def _write(records: list[dict], existing: Article | None = None) -> None:
    """Write new records (or the one record updating `existing`) with their sources, entities,
    mentions and quotes."""
    # The last record naming a source sets its name, as one save after another would.
    sources = {r["source"]["domain"]: r["source"] for r in records if (r.get("source") or {}).get("domain")}
    rows = [{"id": d, "name": s.get("name") or d, "domain": d} for d, s in sources.items()]
    for chunk in chunked(rows, ROWS_PER_QUERY):
        (Source.insert_many(chunk)
         .on_conflict(conflict_target=[Source.id], update={Source.name: EXCLUDED.name}).execute())
    if existing is None:
        insert_rows(Article, [_article_row(r) for r in records])
        # A URL once loaded as a duplicate now has an article of its own.
        urls = [r["url"] for r in records if r.get("url")]
        if urls:
            ArticleUrl.delete().where(one_of(ArticleUrl.url, urls)).execute()
    else:
        (record,) = records
        values = _article_row(record)
        del values["id"]
        Article.update(values).where(Article.id == record["id"]).execute()
        uncount_article(record["id"])
        Mention.delete().where(Mention.article == record["id"]).execute()
        Quote.delete().where(Quote.article == record["id"]).execute()
    resolver = Resolver(e for r in records for e in r.get("entities") or [])
    mentions, quotes = [], []
    for record in records:
        entity_ids: dict[str, str] = {}
        by_entity: dict[str, dict] = {}
        published_ts = to_utc(record.get("published_at"))
        for entity in record.get("entities") or []:
            entity_id = resolver.resolve(entity)
            for name in [entity["name"], *entity.get("aliases", [])]:
                entity_ids[alias_key(name)] = entity_id
            # Two of the article's entities may be one stored entity: their counts and offsets add up.
            mention = by_entity.setdefault(entity_id, {"article": record["id"], "entity": entity_id, "count": 0,
                                                       "offsets": [], "published_ts": published_ts})
            mention["count"] += entity.get("mentions") or 1
            mention["offsets"] = sorted(mention["offsets"] + (entity.get("offsets") or []))
        mentions.extend(by_entity.values())
        quotes.extend(_quote_rows(record, entity_ids, published_ts))
    resolver.flush()
    insert_rows(Mention, mentions)
    count_articles([r["id"] for r in records])
    insert_rows(Quote, quotes)


def _article_row(record: dict) -> dict:
    return {
        "id": record["id"],
        "url": record.get("url"),
        "title": record.get("title"),
        "authors": record.get("authors") or [],
        "published_at": record.get("published_at"),
        "updated_at": record.get("updated_at"),
        "published_ts": to_utc(record.get("published_at")),
        "updated_ts": to_utc(record.get("updated_at")),
        "language": record.get("language"),
        "source": (record.get("source") or {}).get("domain") or None,
        "description": record.get("description"),
        "body": record.get("body") or "",
        "images": record.get("images") or [],
        "provenance": dict(record["provenance"], fingerprint=record["fingerprint"]),
        "content_hash": record["provenance"]["content_hash"],
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
    }


def _quote_rows(record: dict, entity_ids: dict[str, str], published_ts: datetime | None) -> list[dict]:
    return [{
        "id": f"{record['id']}-{position}",
        "article": record["id"],
        "position": position,
        "text": quote["text"],
        "speaker": entity_ids.get(alias_key(quote["speaker"])) if quote.get("speaker") else None,
        "cue": quote.get("cue"),
        "kind": quote.get("kind") or "statement",
        "start": quote.get("start"),
        "end": quote.get("end"),
        "published_ts": published_ts,
    } for position, quote in enumerate(record.get("quotes") or [])]


def delete_article(article_id: str) -> bool:
    """Delete an article with its mentions and quotes, and the entities no other article mentions.
    Call inside a transaction; False when there was no such article."""
    entity_ids = [m.entity_id for m in Mention.select(Mention.entity).where(Mention.article == article_id)]
    Quote.delete().where(Quote.article == article_id).execute()
    uncount_article(article_id)
    Mention.delete().where(Mention.article == article_id).execute()
    deleted = Article.delete().where(Article.id == article_id).execute()
    if entity_ids:
        still_mentioned = Mention.select(Mention.entity).where(Mention.entity.in_(entity_ids))
        orphans = Entity.select(Entity.id).where(Entity.id.in_(entity_ids), Entity.id.not_in(still_mentioned))
        Quote.update(speaker=None).where(Quote.speaker.in_(orphans)).execute()
        EntityAlias.delete().where(EntityAlias.entity.in_(orphans)).execute()
        Entity.delete().where(Entity.id.in_(orphans)).execute()
    return bool(deleted)
