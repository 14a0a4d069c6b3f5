"""The stored shape of the corpus: sources, articles, entities with aliases, mentions and quotes.

Ids are strings derived from the data (a hash of the canonical URL, an entity's slug), so they stay the
same across reloads and across databases.
"""
from __future__ import annotations

import json
from datetime import datetime

import orjson
from peewee import (
    JOIN,
    SQL,
    CharField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    Query,
    Select,
    TextField,
    fn,
)

from api.db import PreparedQuery, db, is_sqlite
from api.search import newest_window

ENTITY_TYPES = ("person", "organization", "location", "misc")
QUOTE_KINDS = ("statement", "title", "scare")


# One encoder for every value (what json.dumps with these options builds anew on each call); the loader
# encodes values ahead with it (api/loader/prepared.py).
to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class JSONField(TextField):
    """JSON kept as text, so the same schema works on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else to_json(value)

    def python_value(self, value):
        # orjson reads the same JSON as json.loads, several times faster (list rows carry `authors`); the
        # encoder above may write what only json.loads reads back (NaN, integers past 64 bits).
        if value is None:
            return None
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return json.loads(value)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Source(BaseModel):
    """A publisher, keyed by its registered domain."""

    id = CharField(primary_key=True, max_length=255)
    name = CharField(max_length=255)
    domain = CharField(max_length=255, unique=True)


class Article(BaseModel):
    """One news article, its metadata and its clean body."""

    id = CharField(primary_key=True, max_length=32)
    url = TextField(null=True, unique=True)
    title = TextField(null=True)
    authors = JSONField(default=list)
    # As the page gave them: ISO 8601, with an offset only when the page gave one.
    published_at = CharField(null=True, max_length=40)
    updated_at = CharField(null=True, max_length=40)
    # The same instants in UTC (naive values read as UTC) for sorting and range filters.
    published_ts = DateTimeField(null=True)
    updated_ts = DateTimeField(null=True)
    language = CharField(null=True, max_length=8)
    source = ForeignKeyField(Source, null=True, backref="articles", on_delete="SET NULL")
    description = TextField(null=True)
    body = TextField(default="")
    images = JSONField(default=list)
    provenance = JSONField(default=dict)
    content_hash = CharField(max_length=64, index=True)
    loaded_at = DateTimeField()

    class Meta:
        indexes = (
            (("published_ts", "id"), False),
            (("updated_ts", "id"), False),
            (("title", "id"), False),
            (("language", "published_ts"), False),
        )


class ArticleUrl(BaseModel):
    """Another URL an article was found under (a duplicate page), so a lookup by that URL finds it."""

    url = TextField(unique=True)
    article = ForeignKeyField(Article, backref="other_urls", on_delete="CASCADE")

    class Meta:
        table_name = "other_url"  # "article_url" is already the name of Article.url's index


class Entity(BaseModel):
    """A person, organization, location or other named thing, canonical across the corpus."""

    id = CharField(primary_key=True, max_length=255)
    name = TextField()
    type = CharField(max_length=16, index=True)

    class Meta:
        indexes = ((("name", "id"), False),)


class EntityAlias(BaseModel):
    """Another spelling of an entity; `key` is the normalised form used to merge spellings."""

    # Not indexed alone: (entity, key) below starts with it (migration 7).
    entity = ForeignKeyField(Entity, backref="alias_rows", on_delete="CASCADE", index=False)
    alias = TextField()
    key = CharField(max_length=255, index=True)

    class Meta:
        indexes = ((("entity", "key"), True),)


class Mention(BaseModel):
    """That an entity appears in an article: how often and where (character offsets in the body)."""

    # Neither indexed alone: the primary key starts with the article, two indexes with the entity (migration 7).
    article = ForeignKeyField(Article, backref="mentions", on_delete="CASCADE", index=False)
    entity = ForeignKeyField(Entity, backref="mentions", on_delete="CASCADE", index=False)
    count = IntegerField(default=1)
    offsets = JSONField(default=list)
    # Copied from the article so an entity's articles are read newest-first from one index.
    published_ts = DateTimeField(null=True)

    class Meta:
        primary_key = CompositeKey("article", "entity")
        # (entity, count) covers the whole-corpus top-entities aggregate (counts and sums without row reads).
        indexes = ((("entity", "published_ts", "article"), False), (("entity", "count"), False))


class Quote(BaseModel):
    """A direct quote in an article, with its speaker when it could be attributed with confidence."""

    id = CharField(primary_key=True, max_length=48)
    article = ForeignKeyField(Article, backref="quotes", on_delete="CASCADE", index=False)  # (article, position)
    position = IntegerField()
    text = TextField()
    speaker = ForeignKeyField(Entity, null=True, backref="quotes", on_delete="SET NULL")
    cue = CharField(null=True, max_length=64)
    kind = CharField(max_length=16, default="statement")
    start = IntegerField(null=True)
    end = IntegerField(null=True)
    # Copied from the article (like Mention's) so a speaker's quotes are read newest-first from one index.
    published_ts = DateTimeField(null=True)

    class Meta:
        indexes = ((("article", "position"), True), (("speaker", "published_ts", "article", "position"), False))


class Cooccurrence(BaseModel):
    """How many articles mention both `entity` and `other`, each pair stored both ways, so an entity's
    companions are one range of the primary key. Kept exact by the store layer (api/loader/cooccur.py) on
    every write of an article's mentions; no foreign keys: it is derived from `mention`, and a pair's row
    goes when its count reaches 0.

    The index on (entity, articles DESC, other) holds the list's own order (migration 0008), so a page
    reads its n entries and stops: without it every page sorted all of the entity's companions, whose
    number grows with the corpus (760 on average for the benchmark's entities at 10k articles, 3,000 at
    100k). The price is on writes: a count change moves the pair's entry in that index too. On SQLite the
    table is WITHOUT ROWID (see migration 0004), so the key's range holds the counts themselves."""

    entity = CharField(max_length=255, column_name="entity_id")
    other = CharField(max_length=255, column_name="other_id")
    articles = IntegerField()

    class Meta:
        primary_key = CompositeKey("entity", "other")


Cooccurrence.add_index(Cooccurrence.index(Cooccurrence.entity, Cooccurrence.articles.desc(), Cooccurrence.other,
                                          name="cooccurrence_entity_id_articles_other_id"))


class ArticleAuthor(BaseModel):
    """One author of an article, for the author filter and facet. Written by database triggers from
    `Article.authors` (see api/ddl.py), never by the loader."""

    article = ForeignKeyField(Article, on_delete="CASCADE", index=False)
    name = CharField(max_length=255)

    class Meta:
        primary_key = CompositeKey("article", "name")
        indexes = ((("name", "article"), False),)


class ApiKey(BaseModel):
    """A client's API key: only a hash of its secret is stored; `id` is the public prefix shown in lists."""

    id = CharField(primary_key=True, max_length=16)
    name = CharField(max_length=255)
    secret_hash = CharField(max_length=64)
    scopes = CharField(max_length=64, default="read,write")
    created_at = DateTimeField()
    revoked_at = DateTimeField(null=True)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes.split(",")


# Version 1's tables first (tests/test_migrations.py relies on the order), then the later ones.
MODELS = (Source, Article, Entity, EntityAlias, Mention, Quote, ArticleAuthor, ApiKey, ArticleUrl, Cooccurrence)


def create_tables() -> None:
    """Create or upgrade the schema to the current version, then the full-text indexes and triggers
    (api/ddl.py); idempotent. See api/migrations."""
    from api import ddl
    from api.migrations import locked, upgrade

    upgrade(db.obj)
    # Under the migration lock: two processes replacing the same functions and triggers at once make
    # PostgreSQL fail one with "tuple concurrently updated".
    with db.connection_context(), locked(db.obj):
        ddl.create_extras()


def drop_tables() -> None:
    """Drop every table, the schema version with them (tests only)."""
    from api import ddl
    from api.migrations import drop_version_table

    with db.connection_context():
        ddl.drop_extras()
        db.drop_tables(MODELS, safe=True, cascade=not is_sqlite())
        drop_version_table(db.obj)



# ---- named queries: the views call these, never build SQL themselves ----

def _newest_first(model):
    return (model.published_ts.desc(nulls="LAST"), model.id.desc())


def article_listing():
    """Articles with their source, newest first (undated last)."""
    return (Article.select(Article, Source)
            .join(Source, join_type=JOIN.LEFT_OUTER)
            .order_by(*_newest_first(Article)))


def article_at_url(url: str):
    """The condition for the article stored under a URL, as given or canonical, or known by it as a duplicate."""
    from api.loader.urls import url_variants

    urls = url_variants(url)
    return (Article.url.in_(urls)
            | Article.id.in_(ArticleUrl.select(ArticleUrl.article).where(ArticleUrl.url.in_(urls))))


def after_article(key: list):
    """Rows after an article's sort key [published_ts ISO | None, id] in newest-first order."""
    ts, article_id = key
    if ts is None:
        return Article.published_ts.is_null() & (Article.id < article_id)
    ts = datetime.fromisoformat(ts)
    return ((Article.published_ts < ts)
            | ((Article.published_ts == ts) & (Article.id < article_id))
            | Article.published_ts.is_null())


def article_key(article: Article) -> list:
    return [article.published_ts.isoformat() if article.published_ts else None, article.id]


def aliases_of(entity_ids: list[str]) -> dict[str, list[str]]:
    """Every alias of each entity (not its canonical name), in one query."""
    out: dict[str, list[str]] = {i: [] for i in entity_ids}
    if not entity_ids:
        return out
    rows = (EntityAlias.select(EntityAlias.entity, EntityAlias.alias, Entity.name)
            .join(Entity)
            .where(EntityAlias.entity.in_(entity_ids))
            .order_by(EntityAlias.entity, EntityAlias.id)
            .tuples())
    return _aliases_from(entity_ids, rows)


def _aliases_from(entity_ids, rows) -> dict[str, list[str]]:
    # (entity id, alias, canonical name) rows in alias order -> each entity's aliases but its name.
    out: dict[str, list[str]] = {i: [] for i in entity_ids}
    for entity_id, alias, name in rows:
        if alias != name and alias not in out[entity_id]:
            out[entity_id].append(alias)
    return out


# An article's own rows (the detail view reads these on every request): SQL compiled once.
_ARTICLE_BY_ID = PreparedQuery(lambda id_: article_listing().where(Article.id == id_).limit(1))
_ARTICLE_MENTIONS = PreparedQuery(
    lambda id_: Mention.select(Mention.count, Mention.offsets, Entity.id, Entity.name, Entity.type)
    .join(Entity).where(Mention.article == id_).order_by(Mention.count.desc(), Entity.id).dicts())
_ARTICLE_ALIASES = PreparedQuery(
    lambda id_: EntityAlias.select(EntityAlias.entity, EntityAlias.alias, Entity.name).join(Entity)
    .where(EntityAlias.entity.in_(Mention.select(Mention.entity).where(Mention.article == id_)))
    .order_by(EntityAlias.entity, EntityAlias.id).tuples())


def article_by_id(article_id: str) -> Article | None:
    """The article with its source, or None."""
    rows = _ARTICLE_BY_ID.rows(article_id)
    return rows[0] if rows else None


def article_quotes(article_id: str) -> list[Quote]:
    """The quotes of one article in order, with their speakers."""
    return _ARTICLE_QUOTES.rows(article_id)


def article_entities(article_id: str) -> list[dict]:
    """The entities of one article with their mention counts and offsets, most mentioned first."""
    rows = _ARTICLE_MENTIONS.rows(article_id)
    aliases = _aliases_from({r["id"] for r in rows}, _ARTICLE_ALIASES.rows(article_id))
    return [{"id": r["id"], "name": r["name"], "type": r["type"], "aliases": aliases[r["id"]],
             "mentions": r["count"], "offsets": r["offsets"]} for r in rows]


def quote_listing():
    """Quotes with their speaker and article, in article order."""
    Speaker = Entity.alias("speaker")
    return (Quote.select(Quote, Speaker, Article.id, Article.title, Article.url, Article.published_at)
            .join(Speaker, join_type=JOIN.LEFT_OUTER, on=(Quote.speaker == Speaker.id))
            .switch(Quote)
            .join(Article)
            .order_by(Quote.article, Quote.position))


_ARTICLE_QUOTES = PreparedQuery(lambda id_: quote_listing().where(Quote.article == id_))


# What a list item shows (and its cursor reads): everything but the body and the long JSON columns, so a
# page never reads a body (on SQLite the columns after it sit on its overflow pages; on PostgreSQL it is
# TOASTed apart). The source comes joined, as its own columns. The timestamps only make the cursor of a
# page's last row: read as stored (SQLite's text), that row's are converted by its SortKey, not every row's.
LIST_COLUMNS = (Article.id, Article.url, Article.title, Article.authors, Article.published_at, Article.updated_at,
                Article.published_ts.coerce(False), Article.updated_ts.coerce(False), Article.language,
                Article.description,
                Source.id.alias("source_id"), Source.name.alias("source_name"), Source.domain.alias("source_domain"))


_FIRST_PAGES: dict[tuple, PreparedQuery] = {}
NEWEST_FIRST = "articles:-published_at"  # the default sort's keyset


def _summaries(scope):
    return scope.select(*LIST_COLUMNS).join(Source, join_type=JOIN.LEFT_OUTER)


def article_rows(scope, keyset, after: list | None, limit: int,
                 score=None, join: tuple | None = None) -> list[dict]:
    """One page of a filtered article set (an `api.filters.ArticleFilter`, with each article's source) in the
    keyset's order, after a cursor's values, as dicts (no model instances: the schemas read dicts as well).

    `score` (a relevance expression) is selected as `score`; `join` is SQLite's (FTS table, MATCH string).
    """
    if getattr(scope, "search", None) is not None and keyset.name == NEWEST_FIRST and score is None and is_sqlite():
        # The page's neighbourhood among the matches, from the FTS index's date order.
        scope = type(scope)([newest_window(Article, scope.search, after, limit)])
    if after is None and score is None and join is None and scope.shape is not None:
        # A first page of a common set: SQL compiled once per set shape and sort.
        key = (scope.shape, keyset.name)
        prepared = _FIRST_PAGES.get(key)
        if prepared is None:
            prepared = _FIRST_PAGES[key] = PreparedQuery(
                lambda *values: keyset.fetch_query(_summaries(type(scope).of_shape(scope.shape, *values[:-1])),
                                                   values[-1]).dicts())
        rows = prepared.rows(*scope.values, limit)
    else:
        query = _summaries(scope)
        if score is not None:
            query = query.select_extend(score.alias("score"))
        if join is not None:
            fts, match = join
            query = (query.switch(Article).join(fts, on=(fts.c.id == Article.id))
                     .where(SQL(f'"{fts._alias}" MATCH ?', [match])))
        rows = keyset.fetch(lambda: query.dicts(), after, limit)
    for row in rows:
        source_id, name, domain = row.pop("source_id"), row.pop("source_name"), row.pop("source_domain")
        row["source"] = {"id": source_id, "name": name, "domain": domain} if source_id is not None else None
    return rows


ESTIMATE_CAP = 10000


def count_rows(query, mode: str = "exact") -> tuple[int | None, str]:
    """The number of rows `query` returns and how it was got: exact, estimated (PostgreSQL's planner;
    SQLite counts up to ESTIMATE_CAP) or none.

    `query` may also be a filtered set that counts itself: with `total` (its size when already known, or
    None), `exact_count()` and `ids()` (the query to estimate from), like `api.filters.ArticleFilter`.
    """
    if mode == "none":
        return None, "none"
    if not isinstance(query, Query):
        if query.total is not None:
            return query.total, "exact"
        if mode == "exact":
            return query.exact_count(), "exact"
        query = query.ids()
    if mode == "estimated":
        if is_sqlite():
            n = query.select(SQL("1")).limit(ESTIMATE_CAP + 1).count()
            return min(n, ESTIMATE_CAP), ("exact" if n <= ESTIMATE_CAP else "estimated")
        sql, params = query.sql()
        plan = db.execute_sql("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"]), "estimated"
    return exact_count(query), "exact"


def exact_count(query) -> int:
    """The rows `query` returns: `SELECT COUNT(*)` over its own FROM and WHERE when it has no grouping,
    distinct or limit (peewee's `count()` wraps every query in a subquery, which keeps SQLite from counting
    an unfiltered table by its b-tree pages and costs a row per row elsewhere)."""
    if (not isinstance(query, Select) or query._group_by or query._distinct or query._having
            or query._limit is not None or query._offset is not None):
        return query.count()
    return query.select(fn.COUNT(SQL("*"))).order_by().scalar()


def entities_of_articles(article_ids: list[str]) -> dict[str, list[dict]]:
    """The entities of each article (most mentioned first) with aliases: two queries for any page."""
    out: dict[str, list[dict]] = {i: [] for i in article_ids}
    if not article_ids:
        return out
    rows = list(Mention.select(Mention.article, Mention.count, Mention.offsets, Entity.id, Entity.name,
                               Entity.type)
                .join(Entity)
                .where(Mention.article.in_(article_ids))
                .order_by(Mention.article, Mention.count.desc(), Entity.id)
                .dicts())
    aliases = aliases_of(list({r["id"] for r in rows}))
    for r in rows:
        out[r["article"]].append({"id": r["id"], "name": r["name"], "type": r["type"],
                                  "aliases": aliases[r["id"]], "mentions": r["count"], "offsets": r["offsets"]})
    return out


def quotes_of_articles(article_ids: list[str]) -> dict[str, list[Quote]]:
    """The quotes of each article in order, in one query."""
    out: dict[str, list[Quote]] = {i: [] for i in article_ids}
    if article_ids:
        for quote in quote_listing().where(Quote.article.in_(article_ids)):
            out[quote.article_id].append(quote)
    return out
