"""Writing normalised records: each article with its source, entities, mentions and quotes, whole or not at all.

`save_article` stores one record; `save_articles` stores a batch with the same outcomes, writing the
plainly new articles together in multi-row inserts with one entity lookup for the whole batch, and on
SQLite adding them to the full-text indexes in one statement per table (`search.bulk_indexing`). Both
write a record's rows as `prepared.prepare` works them out (the loader does that in its workers).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from peewee import EXCLUDED, DatabaseError, IntegrityError, Value, chunked

from api.db import db, is_sqlite, one_of
from api.loader.cooccur import count_articles, uncount_article
from api.loader.prepared import ARTICLE_FIELDS, QUOTE_FIELDS, Prepared, merged_offsets, prepare
from api.loader.resolve import (
    ROWS_PER_QUERY,
    Resolver,
    alias_key,
    converters,
    insert_rows,
    resolve_entity,
    slugify,
)
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
        _write([prepare(record)], existing)
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


def save_articles(records: Sequence[dict | Prepared]) -> list[str | DatabaseError]:
    """Store a batch of records (or their `prepare`d rows) in one transaction; per record, what
    `save_article` returns, or the DatabaseError that rolled that record back (the others are kept).

    Runs of plainly new records (an id and a body hash neither stored nor earlier in the batch) are
    written together: one query for the entities of the run, multi-row inserts. If that write fails,
    it is rolled back and its records are saved one by one, so only the failing one is lost. Anything
    else (a known id, a known body) goes through `save_article`'s checks in input order.
    """
    batch = [r if isinstance(r, Prepared) else prepare(r) for r in records]
    outcomes: list = [None] * len(batch)
    with write_transaction():
        ids = [p.id for p in batch]
        hashes = [p.content_hash for p in batch]
        known = {i for (i,) in Article.select(Article.id).where(one_of(Article.id, ids)).tuples()}
        known |= {h for (h,) in Article.select(Article.content_hash).where(one_of(Article.content_hash, hashes))
                  .tuples()}
        run: list[int] = []
        for index, prepared in enumerate(batch):
            marks = (prepared.id, prepared.content_hash)
            if not any(m in known for m in marks):
                run.append(index)
            else:
                _save_run(batch, run, outcomes)
                run = []
                outcomes[index] = _save_alone(prepared.record)
            known.update(marks)
        _save_run(batch, run, outcomes)
    return outcomes


def _save_run(batch: Sequence[Prepared], run: list[int], outcomes: list) -> None:
    if not run:
        return
    try:
        with db.atomic(), bulk_indexing():
            _write([batch[i] for i in run])
    except DatabaseError:
        for i in run:
            outcomes[i] = _save_alone(batch[i].record)
    else:
        for i in run:
            outcomes[i] = LOADED


def _save_alone(record: dict) -> str | DatabaseError:
    try:
        return save_article(record)
    except DatabaseError as exc:
        return exc


def _write(batch: list[Prepared], existing: Article | None = None) -> None:
    """Write new records (or the one record updating `existing`) with their sources, entities,
    mentions and quotes."""
    # The last record naming a source sets its name, as one save after another would.
    sources = dict(p.source for p in batch if p.source)
    rows = [{"id": d, "name": name, "domain": d} for d, name in sources.items()]
    for chunk in chunked(rows, ROWS_PER_QUERY):
        (Source.insert_many(chunk)
         .on_conflict(conflict_target=[Source.id], update={Source.name: EXCLUDED.name}).execute())
    (loaded_at,) = converters(Article, ("loaded_at",))
    loaded_at = loaded_at(datetime.now(UTC).replace(tzinfo=None))
    if existing is None:
        insert_rows(Article, [(*p.article, loaded_at) for p in batch], fields=ARTICLE_COLUMNS, converted=True)
        # A URL once loaded as a duplicate now has an article of its own.
        urls = [p.url for p in batch if p.url]
        if urls:
            ArticleUrl.delete().where(one_of(ArticleUrl.url, urls)).execute()
    else:
        (prepared,) = batch
        # Written as they are: already what the driver takes.
        values = {name: Value(value, converter=False, unpack=False)
                  for name, value in zip(ARTICLE_COLUMNS, (*prepared.article, loaded_at), strict=True)}
        del values["id"]
        Article.update(values).where(Article.id == prepared.id).execute()
        uncount_article(prepared.id)
        Mention.delete().where(Mention.article == prepared.id).execute()
        Quote.delete().where(Quote.article == prepared.id).execute()
    resolver = Resolver(entity for p in batch for entity, _, _ in p.entities)
    mentions, quotes = [], []
    for prepared in batch:
        entity_ids = [resolver.resolve(entity) for entity, _, _ in prepared.entities]
        mentions.extend(_mention_rows(prepared, entity_ids))
        quotes.extend((*row, None if speaker is None else entity_ids[speaker]) for row, speaker in prepared.quotes)
    resolver.flush()
    insert_rows(Mention, mentions, fields=MENTION_COLUMNS, converted=True)
    count_articles([p.id for p in batch])
    insert_rows(Quote, quotes, fields=QUOTE_COLUMNS, converted=True)


MENTION_COLUMNS = ("article", "entity", "count", "offsets", "published_ts")
ARTICLE_COLUMNS = (*ARTICLE_FIELDS, "loaded_at")
QUOTE_COLUMNS = (*QUOTE_FIELDS, "speaker")


def _mention_rows(prepared: Prepared, entity_ids: list[str]) -> list[tuple]:
    """One row per stored entity: two of the article's entities may be one, their counts and offsets add up."""
    if len(set(entity_ids)) == len(entity_ids):
        return [(prepared.id, entity_id, count, offsets, prepared.published_ts)
                for entity_id, (_, count, offsets) in zip(entity_ids, prepared.entities, strict=True)]
    merged: dict[str, tuple[int, list[str]]] = {}
    for entity_id, (_, count, offsets) in zip(entity_ids, prepared.entities, strict=True):
        total, parts = merged.get(entity_id, (0, []))
        merged[entity_id] = (total + count, [*parts, offsets])
    return [(prepared.id, entity_id, count, merged_offsets(parts), prepared.published_ts)
            for entity_id, (count, parts) in merged.items()]


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
