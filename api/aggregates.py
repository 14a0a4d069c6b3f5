"""Named aggregate queries: facets over a filtered article set, the timeline and the top entities.

Each is one GROUP BY in SQL over the filtered set (never rows counted in Python).
"""
from __future__ import annotations

from peewee import SQL, Node, fn

from api import snapshot
from api.db import PreparedQuery, is_sqlite
from api.models import Article, ArticleAuthor, Entity, Mention, Source


def _filtered_ids(conditions: list):
    return Article.select(Article.id).where(*conditions)


def facet(name: str, conditions: list, size: int) -> list[dict]:
    """The `size` most frequent values of facet `name` over the articles matching `conditions`."""
    count = fn.COUNT(SQL("*")).alias("count")
    if name == "source":
        query = (Article.select(Source.id.alias("value"), Source.name.alias("label"), count)
                 .join(Source)
                 .group_by(Source.id, Source.name))
        value = Source.id
    elif name == "language":
        query = (Article.select(Article.language.alias("value"), SQL("NULL").alias("label"), count)
                 .where(Article.language.is_null(False))
                 .group_by(Article.language))
        value = Article.language
    elif name == "author":
        query = (ArticleAuthor.select(ArticleAuthor.name.alias("value"), SQL("NULL").alias("label"), count)
                 .group_by(ArticleAuthor.name))
        value = ArticleAuthor.name
        if conditions:
            query = query.where(ArticleAuthor.article.in_(_filtered_ids(conditions)))
        conditions = []
    else:  # entity
        query = (Mention.select(Entity.id.alias("value"), Entity.name.alias("label"), count)
                 .join(Entity)
                 .group_by(Entity.id, Entity.name))
        value = Entity.id
        if conditions:
            query = query.where(Mention.article.in_(_filtered_ids(conditions)))
        conditions = []
    if conditions:
        query = query.where(*conditions)
    return list(query.order_by(SQL("count").desc(), value).limit(size).dicts())


def period(interval: str, ts: Node = Article.published_ts) -> Node:
    """The first day (YYYY-MM-DD) of the day, ISO week (Monday) or month an article was published in."""
    if is_sqlite():
        # coerce(False): the result is text, not to be parsed back as the column's datetime.
        if interval == "day":
            return fn.strftime("%Y-%m-%d", ts).coerce(False)
        if interval == "month":
            return fn.strftime("%Y-%m-01", ts).coerce(False)
        # Back six days, then forward to the next Monday (or that day if it is one): the week's Monday.
        return fn.date(ts, "-6 days", "weekday 1").coerce(False)
    return fn.to_char(fn.date_trunc(interval, ts), "YYYY-MM-DD").coerce(False)


def timeline(scope, interval: str) -> list[dict]:
    """Article counts per period (oldest first) for a filtered set (an `api.filters.ArticleFilter`);
    undated ones are left out. Read through an entity, it counts the entity's mention index entries."""
    if scope.shape is not None:  # a common set: its SQL compiled once per shape and interval
        key = (scope.shape, interval)
        prepared = _TIMELINES.get(key)
        if prepared is None:
            shape = scope.shape
            prepared = _TIMELINES[key] = PreparedQuery(
                lambda *values: _timeline_query(type(scope).of_shape(shape, *values), interval))
        # Reused until the database changes (api/snapshot.py); copies, so no caller can alter the kept rows.
        points = snapshot.remembered(("timeline", *key, scope.values), lambda: prepared.rows(*scope.values))
        return [dict(p) for p in points]
    return list(_timeline_query(scope, interval))


_TIMELINES: dict[tuple, PreparedQuery] = {}


def _timeline_query(scope, interval: str):
    bucket = period(interval, scope.published_ts)
    return (scope.select_keys(bucket.alias("period"), fn.COUNT(SQL("*")).alias("count"))
            .where(scope.published_ts.is_null(False))
            .group_by(SQL("1"))
            .order_by(SQL("1"))
            .dicts())


def top_entities(conditions: list, entity_type: str | None, limit: int) -> list[dict]:
    """The entities in most of the articles matching `conditions`, with article and mention counts."""
    # Grouped on the mention's own entity column (its index gives the groups in order), joined to the
    # entity table only for the few rows kept.
    counts = (Mention.select(Mention.entity.alias("entity_id"), fn.COUNT(SQL("*")).alias("articles"),
                             fn.SUM(Mention.count).alias("mentions"))
              .group_by(Mention.entity))
    if entity_type:
        counts = counts.where(Mention.entity.in_(Entity.select(Entity.id).where(Entity.type == entity_type)))
    if conditions:
        counts = counts.where(Mention.article.in_(_filtered_ids(conditions)))
    counts = counts.order_by(SQL("articles").desc(), Mention.entity).limit(limit).alias("counts")
    query = (Entity.select(Entity.id, Entity.name, Entity.type, counts.c.articles, counts.c.mentions)
             .join(counts, on=(counts.c.entity_id == Entity.id))
             .order_by(counts.c.articles.desc(), Entity.id))
    return list(query.dicts())
