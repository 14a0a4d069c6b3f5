"""Article filters and sorts: validated query arguments -> SQL conditions and a keyset sort.

Each filter is one condition on `article` (subqueries on indexed columns, never rows read into Python),
so the same list of conditions drives the page, its total, its facets and the stats.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from marshmallow import ValidationError
from peewee import Node

from api import search
from api.loader.store import alias_key
from api.models import Article, ArticleAuthor, Entity, EntityAlias, Mention, Quote, Source, article_at_url
from api.paging import Keyset, SortKey

DEFAULT_ARTICLE_SORT = "-published_at"


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


def article_conditions(args: dict) -> list[Node]:
    """The WHERE conditions for every article filter in `args` (all must hold)."""
    conds: list[Node] = []
    if args.get("q"):
        conds.append(Article.id.in_(search.matching_ids("article", args["q"])))
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
    if args.get("published_after"):
        conds.append(Article.published_ts >= _start(args["published_after"]))
    if args.get("published_before"):
        conds.append(Article.published_ts < _end(args["published_before"]))
    if args.get("updated_after"):
        conds.append(Article.updated_ts >= _start(args["updated_after"]))
    if args.get("url"):
        # The URL as given or canonical, or one the article was also found under (a duplicate).
        conds.append(article_at_url(args["url"].strip()))
    return conds


def _article_key(name: str, desc: bool, score: Node | None) -> SortKey:
    if name == "published_at":
        return SortKey(Article.published_ts, "published_ts", desc, "datetime", nullable=True)
    if name == "updated_at":
        return SortKey(Article.updated_ts, "updated_ts", desc, "datetime", nullable=True)
    if name == "title":
        return SortKey(Article.title, "title", desc, "text", nullable=True)
    return SortKey(score, "score", True, "number")


def article_sort(sort: str | None, q: str | None) -> tuple[Keyset, Node | None, tuple | None]:
    """The keyset for `sort` (ties broken by id), the relevance score expression and the FTS join.

    A ValidationError for an unknown, repeated or misplaced key (the view reports it naming `sort`).
    """
    sort = sort or DEFAULT_ARTICLE_SORT
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
        keys.append(_article_key(name, desc, score))
    last_desc = keys[-1].desc
    keys.append(SortKey(Article.id, "id", last_desc, "text"))
    return Keyset("articles:" + ",".join(k.strip() for k in sort.split(",")), keys), score, join
