"""Article filters and sorts: validated query arguments -> SQL conditions and a keyset sort.

Each filter is one condition on `article` (subqueries on indexed columns, never rows read into Python),
so the same list of conditions drives the page, its total, its facets and the stats.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from marshmallow import ValidationError
from peewee import SQL, Node, Select, fn

from api import search, snapshot
from api.db import PreparedQuery, is_sqlite
from api.loader.store import alias_key
from api.models import Article, ArticleAuthor, Entity, EntityAlias, Mention, Quote, Source, article_at_url, exact_count
from api.paging import Keyset, SortKey

DEFAULT_ARTICLE_SORT = "-published_at"
# The query arguments `article_conditions` reads (schemas.articles.ArticleFilterArgsSchema's fields).
FILTERS = ("q", "entity", "entity_any", "entity_type", "speaker", "source", "author", "language",
           "published_after", "published_before", "updated_after", "url")


def entity_ids(values: list[str]) -> Node:
    """A subquery of the ids of the entities named by ids, names or aliases (a name may match several)."""
    keys = [k for k in (alias_key(v) for v in values) if k]
    by_id = Entity.select(Entity.id).where(Entity.id.in_(values))
    if not keys:
        return by_id
    return by_id | EntityAlias.select(EntityAlias.entity).where(EntityAlias.key.in_(keys))


def _start(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _end(value: date | datetime) -> datetime:
    # A bare date means "up to the end of that day"; a datetime is an exclusive instant.
    return value if isinstance(value, datetime) else _start(value) + timedelta(days=1)


DATE_RANGE = ("published_after", "published_before")


def date_bounds(args: dict) -> list[tuple[str, datetime]]:
    """The publication date range in `args` as bounds: ("after", the first instant in) and ("before", the
    first instant out), each only when given."""
    bounds = []
    if args.get("published_after"):
        bounds.append(("after", _start(args["published_after"])))
    if args.get("published_before"):
        bounds.append(("before", _end(args["published_before"])))
    return bounds


def bound_conditions(ts: Node, bounds: Iterable[tuple[str, Any]]) -> list[Node]:
    """The conditions on the instant `ts` for ("after" | "before", value) bounds (values or parameters)."""
    return [ts >= value if kind == "after" else ts < value for kind, value in bounds]


def date_conditions(ts: Node, args: dict) -> list[Node]:
    """The conditions on the instant `ts` for the publication date range in `args`."""
    return bound_conditions(ts, date_bounds(args))


# One entity filter's value as an id or as an alias key: the lookup every entity-filtered request makes first.
_ENTITY_BY_ID_OR_KEY = PreparedQuery(lambda id_, key: Entity.select(Entity.id).where(Entity.id == id_)
                                     | EntityAlias.select(EntityAlias.entity).where(EntityAlias.key == key))


def resolve_entity(value: str) -> list[str]:
    """The ids of the entities an entity filter's value names (its id, or a name or alias of several)."""
    key = alias_key(value)
    if not key:
        return sorted({entity_id for (entity_id,) in entity_ids([value]).tuples()})
    return snapshot.remembered(("entity", value), lambda: sorted(
        {entity_id for (entity_id,) in _ENTITY_BY_ID_OR_KEY.execute(value, key)}))


_COUNTS: dict[tuple, PreparedQuery] = {}


@dataclass
class ArticleFilter:
    """The filtered article set of a list: conditions on `article`, and optionally the one entity whose
    mention rows the set is read through.

    Read through an entity, the list walks the mention index (entity, published_ts, article): an entity's
    newest articles, in a date range or not, are its first index entries, so a page reads only the rows
    it shows and a total or timeline counts index entries without touching the articles.
    """

    conditions: list[Node] = field(default_factory=list)
    entity: str | None = None
    mention_conditions: list[Node] = field(default_factory=list)  # on the entity's mention rows
    # The common sets (all articles; one entity's, in a date range or not) have a fixed SQL shape, named
    # here with its parameter values, so their queries can be compiled once (api.db.PreparedQuery).
    shape: tuple | None = None
    values: tuple = ()
    total: int | None = None  # the set's size when already known
    # A search alone: its total is the full-text index's count of matches (`api.search.match_count`), and on
    # SQLite a newest-first page reads its matches in the FTS index's date order (`api.search.newest_window`)
    # instead of through `conditions`.
    search: str | None = None

    @classmethod
    def of_shape(cls, shape: tuple, *values) -> ArticleFilter:
        """The set of a shape for parameter values (stand-ins when compiling)."""
        if shape == ("all",):
            return cls(shape=shape)
        _, *kinds = shape
        conds = bound_conditions(Mention.published_ts, zip(kinds, values[1:], strict=True))
        return cls([], values[0], conds, shape, values)

    @property
    def published_ts(self) -> Node:
        """The publication instant to filter, sort and group by (the mention's copy when read through it)."""
        return Mention.published_ts if self.entity else Article.published_ts

    @property
    def article_id(self) -> Node:
        return Mention.article if self.entity else Article.id

    def select(self, *columns) -> Select:
        """`Article.select(*columns)` over the filtered set (joined to the entity's mentions)."""
        query = Article.select(*columns)
        if self.entity:
            query = (query.join(Mention, on=(Mention.article == Article.id))
                     .where(Mention.entity == self.entity, *self.mention_conditions).switch(Article))
        return query.where(*self.conditions) if self.conditions else query

    def ids(self) -> Select:
        """The filtered article ids (for a total)."""
        return self.select_keys(self.article_id)

    def exact_count(self) -> int:
        """The number of articles in the set (a common shape's SQL compiled once, its result reused until the
        database changes: api/snapshot.py)."""
        if self.search is not None:
            return search.match_count(Article, self.search)
        if self.shape is None:
            return exact_count(self.ids())
        prepared = _COUNTS.get(self.shape)
        if prepared is None:
            shape = self.shape
            prepared = _COUNTS[shape] = PreparedQuery(
                lambda *values: ArticleFilter.of_shape(shape, *values).ids().select(fn.COUNT(SQL("*"))).order_by())
        return snapshot.remembered(("articles", self.shape, self.values),
                                   lambda: prepared.execute(*self.values).fetchone()[0])

    def select_keys(self, *columns) -> Select:
        """A select of `columns` (made of `published_ts` and `article_id` only) over the filtered set: from the
        mention index alone when no condition needs the article row, so a count reads no article."""
        if self.entity and not self.conditions:
            return Mention.select(*columns).where(Mention.entity == self.entity, *self.mention_conditions)
        return self.select(*columns)

    def as_conditions(self) -> list[Node]:
        """The same set as plain conditions on `article` (for the facets and aggregates)."""
        if not self.entity:
            return list(self.conditions)
        mentioned = Mention.select(Mention.article).where(Mention.entity == self.entity, *self.mention_conditions)
        return [*self.conditions, Article.id.in_(mentioned)]


def article_filter(args: dict, entity: str | None = None, walk: bool = False) -> ArticleFilter:
    """The filtered set for `args`, read through `entity`'s mentions (a path's entity), or else through
    the first `entity` argument's when it names exactly one entity (one small query to know).

    `walk`: the set is read a page at a time in index order (a list page, not an aggregate over all of it),
    so a common search may be checked row by row (see `api.search.matching`)."""
    values = list(args.get("entity") or ())
    if entity is None and values:
        found = resolve_entity(values[0])
        if len(found) == 1:
            entity, values = found[0], values[1:]
    if entity is None:
        if args.get("q") and not any(args.get(k) for k in FILTERS if k != "q"):
            # A search alone: its total is the number of matches, which the search counts anyway.
            # On PostgreSQL the choice costs a count of its own (SQLite remembers its counts), made where the
            # list's total is wanted exactly anyway, which that count then is.
            walk = walk and (is_sqlite() or (args.get("count") or "exact") == "exact")
            condition, matches = search.matching(Article, args["q"], walk)
            return ArticleFilter([condition], total=matches, search=args["q"])
        conditions = article_conditions(args, walk)
        return ArticleFilter(conditions) if conditions else ArticleFilter.of_shape(("all",))
    # The date range goes on the entity's mention rows, in the index the list walks.
    bounds = date_bounds(args)
    rest = {k: v for k, v in args.items() if k not in DATE_RANGE and k != "entity"}
    if values:
        rest["entity"] = values
    conditions = article_conditions(rest, walk)
    if conditions:
        return ArticleFilter(conditions, entity, bound_conditions(Mention.published_ts, bounds))
    return ArticleFilter.of_shape(("entity", *(kind for kind, _ in bounds)), entity, *(v for _, v in bounds))


def article_conditions(args: dict, walk: bool = False) -> list[Node]:
    """The WHERE conditions for every article filter in `args` (all must hold); `walk`: see `article_filter`."""
    conds: list[Node] = []
    if args.get("q"):
        # PostgreSQL counts a search only alone (see `article_filter`): with other filters the count would be a
        # query of its own every time, not the list's total.
        conds.append(search.matching(Article, args["q"], walk and is_sqlite())[0])
    for value in args.get("entity") or ():
        conds.append(Article.id.in_(Mention.select(Mention.article).where(Mention.entity.in_(entity_ids([value])))))
    if args.get("entity_any"):
        conds.append(Article.id.in_(
            Mention.select(Mention.article).where(Mention.entity.in_(entity_ids(args["entity_any"])))))
    if args.get("entity_type"):
        conds.append(Article.id.in_(
            Mention.select(Mention.article).join(Entity).where(Entity.type == args["entity_type"])))
    if args.get("speaker"):
        conds.append(Article.id.in_(
            Quote.select(Quote.article).where(Quote.speaker.in_(entity_ids(args["speaker"])))))
    if args.get("source"):
        names = [s.strip().lower().removeprefix("www.") for s in args["source"]]
        conds.append(Article.source.in_(
            Source.select(Source.id).where(Source.id.in_(args["source"] + names) | Source.domain.in_(names))))
    if args.get("author"):
        conds.append(Article.id.in_(
            ArticleAuthor.select(ArticleAuthor.article).where(ArticleAuthor.name.in_(args["author"]))))
    if args.get("language"):
        conds.append(Article.language.in_([v.strip().lower() for v in args["language"]]))
    conds += date_conditions(Article.published_ts, args)
    if args.get("updated_after"):
        conds.append(Article.updated_ts >= _start(args["updated_after"]))
    if args.get("url"):
        # The URL as given or canonical, or one the article was also found under (a duplicate).
        conds.append(article_at_url(args["url"].strip()))
    return conds


def _article_key(name: str, desc: bool, score: Node | None, published_ts: Node) -> SortKey:
    if name == "published_at":
        return SortKey(published_ts, "published_ts", desc, "datetime", nullable=True)
    if name == "updated_at":
        return SortKey(Article.updated_ts, "updated_ts", desc, "datetime", nullable=True)
    if name == "title":
        return SortKey(Article.title, "title", desc, "text", nullable=True)
    return SortKey(score, "score", True, "number")


def article_sort(sort: str | None, q: str | None,
                 scope: ArticleFilter | None = None) -> tuple[Keyset, Node | None, tuple | None]:
    """The keyset for `sort` (ties broken by id), the relevance score expression and the FTS join.

    The date and id keys are the scope's (the mention's copies when read through an entity), so the
    default sort is the order of the index the scope walks.

    A ValidationError for an unknown, repeated or misplaced key (the view reports it naming `sort`).
    """
    sort = sort or DEFAULT_ARTICLE_SORT
    scope = scope or ArticleFilter()
    keys, seen = [], set()
    score = join = None
    for part in sort.split(","):
        part = part.strip()
        desc = part.startswith("-")
        name = part.lstrip("-+")
        if name not in ("published_at", "updated_at", "title", "relevance"):
            raise ValidationError(f"unknown sort key {name!r}; use published_at, updated_at, title or relevance")
        if name in seen:
            raise ValidationError(f"sort key {name!r} given twice")
        seen.add(name)
        if name == "relevance":
            if not q:
                raise ValidationError("relevance needs a search (q)")
            score, join = search.relevance(Article, q)
        keys.append(_article_key(name, desc, score, scope.published_ts))
    last_desc = keys[-1].desc
    keys.append(SortKey(scope.article_id, "id", last_desc, "text"))
    return Keyset("articles:" + ",".join(k.strip() for k in sort.split(",")), keys), score, join
