"""Writing normalised records: one article, its source, entities, mentions and quotes per transaction."""
from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from peewee import IntegrityError

from api.db import db, is_sqlite
from api.loader.dates import to_utc
from api.models import Article, ArticleUrl, Entity, EntityAlias, Mention, Quote, Source

LOADED, UPDATED, UNCHANGED, DUPLICATE = "loaded", "updated", "unchanged", "duplicate"


def alias_key(name: str) -> str:
    """The form two spellings of one name share: case, accents, hyphens and punctuation folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`]s\b", "", text)
    return " ".join(re.findall(r"\w+", text))[:255]


def slugify(name: str) -> str:
    """A readable id: 'Vladimir Putin' -> 'vladimir-putin'."""
    return alias_key(name).replace(" ", "-")[:200] or "entity"


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
        if existing is None and (original := _same_article(record)) is not None:
            if record.get("url") and original.url != record["url"]:
                ArticleUrl.insert(url=record["url"], article=original.id).on_conflict_ignore().execute()
            return DUPLICATE
        _write(record, existing)
    return UPDATED if existing is not None else LOADED


def write_transaction():
    """One transaction per article. On SQLite it takes the write lock at once (IMMEDIATE), so two
    loaders queue on busy_timeout instead of failing when a read turns into a write."""
    return db.atomic("IMMEDIATE") if is_sqlite() else db.atomic()


def _same_article(record: dict) -> Article | None:
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


def _write(record: dict, existing: Article | None) -> None:
    source_id = _save_source(record.get("source"))
    published_ts = to_utc(record.get("published_at"))
    values = {
        Article.url: record.get("url"),
        Article.title: record.get("title"),
        Article.authors: record.get("authors") or [],
        Article.published_at: record.get("published_at"),
        Article.updated_at: record.get("updated_at"),
        Article.published_ts: published_ts,
        Article.updated_ts: to_utc(record.get("updated_at")),
        Article.language: record.get("language"),
        Article.source: source_id,
        Article.description: record.get("description"),
        Article.body: record.get("body") or "",
        Article.images: record.get("images") or [],
        Article.provenance: dict(record["provenance"], fingerprint=record["fingerprint"]),
        Article.content_hash: record["provenance"]["content_hash"],
        Article.loaded_at: datetime.now(UTC).replace(tzinfo=None),
    }
    if existing is None:
        Article.insert({Article.id: record["id"], **values}).execute()
        # A URL once loaded as a duplicate now has an article of its own.
        ArticleUrl.delete().where(ArticleUrl.url == record.get("url")).execute()
    else:
        Article.update(values).where(Article.id == record["id"]).execute()
        Mention.delete().where(Mention.article == record["id"]).execute()
        Quote.delete().where(Quote.article == record["id"]).execute()

    entity_ids: dict[str, str] = {}
    mentions: dict[str, dict] = {}
    for entity in record.get("entities") or []:
        entity_id = resolve_entity(entity)
        for name in [entity["name"], *entity.get("aliases", [])]:
            entity_ids[alias_key(name)] = entity_id
        # Two of the article's entities may be one stored entity: their counts and offsets add up.
        mention = mentions.setdefault(entity_id, {"article": record["id"], "entity": entity_id, "count": 0,
                                                  "offsets": [], "published_ts": published_ts})
        mention["count"] += entity.get("mentions") or 1
        mention["offsets"] = sorted(mention["offsets"] + (entity.get("offsets") or []))
    if mentions:
        Mention.insert_many(list(mentions.values())).execute()
    rows = [{
        "id": f"{record['id']}-{position}",
        "article": record["id"],
        "position": position,
        "text": quote["text"],
        "speaker": entity_ids.get(alias_key(quote["speaker"])) if quote.get("speaker") else None,
        "cue": quote.get("cue"),
        "kind": quote.get("kind") or "statement",
        "start": quote.get("start"),
        "end": quote.get("end"),
    } for position, quote in enumerate(record.get("quotes") or [])]
    if rows:
        Quote.insert_many(rows).execute()


def delete_article(article_id: str) -> bool:
    """Delete an article with its mentions and quotes, and the entities no other article mentions.
    Call inside a transaction; False when there was no such article."""
    entity_ids = [m.entity_id for m in Mention.select(Mention.entity).where(Mention.article == article_id)]
    Quote.delete().where(Quote.article == article_id).execute()
    Mention.delete().where(Mention.article == article_id).execute()
    deleted = Article.delete().where(Article.id == article_id).execute()
    if entity_ids:
        still_mentioned = Mention.select(Mention.entity).where(Mention.entity.in_(entity_ids))
        orphans = Entity.select(Entity.id).where(Entity.id.in_(entity_ids), Entity.id.not_in(still_mentioned))
        Quote.update(speaker=None).where(Quote.speaker.in_(orphans)).execute()
        EntityAlias.delete().where(EntityAlias.entity.in_(orphans)).execute()
        Entity.delete().where(Entity.id.in_(orphans)).execute()
    return bool(deleted)


def _save_source(source: dict | None) -> str | None:
    if not source or not source.get("domain"):
        return None
    domain = source["domain"]
    (Source.insert(id=domain, name=source.get("name") or domain, domain=domain)
     .on_conflict(conflict_target=[Source.id], update={Source.name: source.get("name") or domain})
     .execute())
    return domain


def resolve_entity(entity: dict) -> str:
    """The id of the stored entity this one is, created if new; every spelling is added as an alias.

    One entity across the corpus: an entity of the same type matches by its name or by any alias that
    names one thing. A lone surname or first name ('Putin', 'Kim') names many people, so it only
    matches when its own name is that word and a single stored person carries it; a person's first and
    last name also match without the middle ('Vladimir V. Putin' = 'Vladimir Putin').
    """
    names = list(dict.fromkeys(n for n in [entity["name"], *entity.get("aliases", [])] if alias_key(n)))
    keys = list(dict.fromkeys(alias_key(n) for n in names))
    entity_id = _match(entity["type"], keys)
    if entity_id is None:
        entity_id = _free_slug(slugify(entity["name"]), entity["type"])
        Entity.insert(id=entity_id, name=entity["name"], type=entity["type"]).execute()
    rows = [{"entity": entity_id, "alias": n, "key": alias_key(n)} for n in names]
    if rows:
        EntityAlias.insert_many(rows).on_conflict_ignore().execute()
    return entity_id


def _match(entity_type: str, keys: list[str]) -> str | None:
    name_key, *others = keys
    words = name_key.split()
    if entity_type == "person":
        # Surnames alone are shared by many people: never a reason to merge two full names.
        others = [k for k in others if " " in k]
        if len(words) > 2:
            others.append(f"{words[0]} {words[-1]}")
    rows = list(Entity.select(Entity.id, EntityAlias.key)
                .join(EntityAlias)
                .where(EntityAlias.key.in_([name_key, *others]), Entity.type == entity_type)
                .order_by(Entity.id)
                .tuples())
    if entity_type == "person" and len(words) == 1:
        # A lone surname joins the one person who has it, and stays apart when several do.
        ids = {entity_id for entity_id, _ in rows}
        return ids.pop() if len(ids) == 1 else None
    by_name = [entity_id for entity_id, key in rows if key == name_key]
    if by_name:
        return by_name[0]
    counts: dict[str, int] = {}
    for entity_id, _ in rows:
        counts[entity_id] = counts.get(entity_id, 0) + 1
    return max(counts, key=lambda i: (counts[i], i)) if counts else None


def _free_slug(slug: str, entity_type: str) -> str:
    if Entity.get_or_none(Entity.id == slug) is None:
        return slug
    typed = f"{slug}-{entity_type}"
    if Entity.get_or_none(Entity.id == typed) is None:
        return typed
    n = 2
    while Entity.get_or_none(Entity.id == f"{typed}-{n}") is not None:
        n += 1
    return f"{typed}-{n}"
