"""Named list queries for entities, quotes and sources: each a page in keyset order, in one query.

(Article queries live in api/models.py and api/filters.py; aggregates in api/aggregates.py.)
"""
from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, SQL, Select, fn

from api import search, snapshot
from api.db import PreparedQuery
from api.filters import DATE_RANGE, date_conditions, entity_ids, resolve_entity
from api.loader.store import alias_key
from api.models import (
    Article,
    Cooccurrence,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    aliases_of,
    exact_count,
    quote_listing,
)
from api.paging import Keyset, SortKey

MAX_KEY = "\U0010ffff"


def entity_keyset(sort: str | None) -> Keyset:
    """The keyset of an entity list: by id (default), by name, or most articles first."""
    if sort == "name":
        return Keyset("entities:name", [SortKey(Entity.name, "name"), SortKey(Entity.id, "id")])
    if sort == "-articles":
        articles = fn.COUNT(Mention.article)
        return Keyset("entities:-articles", [SortKey(articles, "articles", True, "number"),
                                             SortKey(Entity.id, "id")])
    return Keyset("entities:id", [SortKey(Entity.id, "id")])


def entity_conditions(args: dict) -> list:
    """WHERE conditions for the entity list's `type` and `q` (the start of any name or alias)."""
    conds = []
    if args.get("type"):
        conds.append(Entity.type == args["type"])
    if args.get("q"):
        # A prefix of any alias key: a range on the indexed key (binary collation on both databases).
        key = alias_key(args["q"])
        conds.append(Entity.id.in_(EntityAlias.select(EntityAlias.entity)
                                   .where((EntityAlias.key >= key) & (EntityAlias.key < key + MAX_KEY))))
    return conds


def entity_rows(conditions: list, keyset: Keyset, after: list | None, n: int) -> list[Entity]:
    """A page of entities with their article counts and aliases (two queries)."""
    if keyset.name == "entities:-articles":
        # Ordered by an aggregate: the keyset condition applies to the groups (HAVING).
        query = (Entity.select(Entity, fn.COUNT(Mention.article).alias("articles"))
                 .join(Mention, JOIN.LEFT_OUTER)
                 .group_by(Entity.id, Entity.name, Entity.type))
        if after is not None:
            query = query.having(keyset.after(after))
        if conditions:
            query = query.where(*conditions)
        rows = list(query.order_by(*keyset.order_by()).limit(n))
    else:
        counted = Mention.select(fn.COUNT(SQL("*"))).where(Mention.entity == Entity.id)
        query = Entity.select(Entity, counted.alias("articles"))
        if conditions:
            query = query.where(*conditions)
        rows = keyset.fetch(lambda: query, after, n)
    aliases = aliases_of([e.id for e in rows])
    for entity in rows:
        entity.aliases = aliases[entity.id]
    return rows


def entity_counts(entity_id: str) -> dict:
    """Articles, mentions and quotes of one entity, in one query."""
    articles = Mention.select(fn.COUNT(SQL("*"))).where(Mention.entity == entity_id)
    mentions = Mention.select(fn.COALESCE(fn.SUM(Mention.count), 0)).where(Mention.entity == entity_id)
    quotes = Quote.select(fn.COUNT(SQL("*"))).where(Quote.speaker == entity_id)
    row = Entity.select(articles.alias("articles"), mentions.alias("mentions"), quotes.alias("quotes")) \
        .where(Entity.id == entity_id).dicts().first()
    return {k: int(v or 0) for k, v in (row or {"articles": 0, "mentions": 0, "quotes": 0}).items()}


COOCCURRENCE_KEYSET = Keyset("cooccurrences", [
    SortKey(fn.COUNT(SQL("*")), "articles", True, "number"), SortKey(Entity.id, "id")])
# The same order (and cursors) over the stored counts.
_COUNTED_KEYSET = Keyset("cooccurrences", [
    SortKey(Cooccurrence.articles, "articles", True, "number"), SortKey(Cooccurrence.other, "id")])


def _counted(args: dict) -> bool:
    # The stored counts are over all of an entity's articles: a date range needs the live join.
    return not any(args.get(k) for k in DATE_RANGE)


def _stored_pairs(entity_id: str, args: dict) -> Select:
    # The entity's row range of the stored counts (joined to the companions only to filter their type).
    pairs = Cooccurrence.select(Cooccurrence.other, Cooccurrence.articles).where(Cooccurrence.entity == entity_id)
    if args.get("type"):
        pairs = pairs.join(Entity, on=(Entity.id == Cooccurrence.other)).where(Entity.type == args["type"])
    return pairs


def cooccurrence_groups(entity_id: str, args: dict) -> Select:
    """One row per entity sharing an article with `entity_id` in the date range and of the type asked for,
    unordered, counted from the mentions."""
    Other = Mention.alias("other")
    query = (Mention.select(Entity.id, Entity.name, Entity.type, fn.COUNT(SQL("*")).alias("articles"))
             .join(Other, on=((Other.article == Mention.article) & (Other.entity != Mention.entity)))
             .join(Entity, on=(Entity.id == Other.entity))
             .where(Mention.entity == entity_id)
             .group_by(Entity.id, Entity.name, Entity.type))
    if args.get("type"):
        query = query.where(Entity.type == args["type"])
    if dated := date_conditions(Mention.published_ts, args):
        query = query.where(*dated)
    return query


@dataclass
class CooccurrenceSet:
    """The companions a co-occurrence list's arguments select, counted for its total."""

    entity_id: str
    args: dict
    total = None  # never known in advance (see api.models.count_rows)

    def ids(self) -> Select:
        """The query whose row count is the total (the stored counts unless dates are given)."""
        if _counted(self.args):
            return _stored_pairs(self.entity_id, self.args)
        return cooccurrence_groups(self.entity_id, self.args)

    def exact_count(self) -> int:
        # Every companion's entry is counted, a number that grows with the corpus (while a page's cost does
        # not): reused until the database changes (api/snapshot.py).
        key = ("cooccurrences", self.entity_id,
               *(str(self.args.get(k)) for k in ("type", *DATE_RANGE)))
        return snapshot.remembered(key, lambda: exact_count(self.ids()))


def cooccurrences(entity_id: str, args: dict, after: list | None, n: int) -> list[dict]:
    """The entities most often in the same articles as `entity_id` (the keyset applies to the groups)."""
    if _counted(args):
        rows = []
        for condition in _counted_segments(after):
            pairs = _stored_pairs(entity_id, args)
            if condition is not None:
                pairs = pairs.where(condition)
            # The page's pairs first, in the order of the (entity, articles DESC, other) index, which is
            # read n entries deep and no further; then the entity rows of those n only.
            top = pairs.order_by(*_COUNTED_KEYSET.order_by()).limit(n - len(rows)).alias("top")
            query = (Entity.select(Entity.id, Entity.name, Entity.type, top.c.articles)
                     .join(top, on=(top.c.other_id == Entity.id))
                     .order_by(top.c.articles.desc(), Entity.id))
            rows += list(query.dicts())
            if len(rows) >= n:
                break
    else:
        query = cooccurrence_groups(entity_id, args)
        if after is not None:
            query = query.having(COOCCURRENCE_KEYSET.after(after))
        rows = query.order_by(*COOCCURRENCE_KEYSET.order_by()).limit(n).dicts()
    return [{"entity": {"id": r["id"], "name": r["name"], "type": r["type"]}, "articles": r["articles"],
             "id": r["id"]} for r in rows]


def _counted_segments(after: list | None) -> list:
    # After a cursor (count, id), two ranges of the index, each seeked to: the rest of the cursor's count
    # (ids after its id), then the lower counts. One condition `count < c OR (count = c AND id > i)` would
    # be read from the entity's first entry on, every earlier page's rows again.
    if after is None:
        return [None]
    articles, other = after
    return [(Cooccurrence.articles == articles) & (Cooccurrence.other > other), Cooccurrence.articles < articles]


# On the quote's own copies of its article's date and id, the order of the (speaker, published_ts, article,
# position) index; the cursor's values are the article's, the same.
QUOTE_KEYSET = Keyset("quotes", [
    SortKey(Quote.published_ts, "article.published_ts", True, "datetime", nullable=True),
    SortKey(Quote.article, "article.id", True),
    SortKey(Quote.position, "position", False, "number"),
])


def quote_conditions(args: dict) -> list:
    """WHERE conditions for the quote filters: speaker, article, q and the article's dates."""
    conds = []
    if args.get("speaker"):
        conds.append(Quote.speaker.in_(entity_ids(args["speaker"])))
    if args.get("article"):
        conds.append(Quote.article == args["article"])
    if args.get("q"):
        conds.append(Quote.id.in_(search.matching_ids("quote", args["q"])))
    return conds + date_conditions(Quote.published_ts, args)


# One speaker, nothing else: the common quote list, its first page and total compiled once.
_SPEAKER_PAGE = PreparedQuery(lambda id_, n: QUOTE_KEYSET.fetch_query(_quote_query([Quote.speaker == id_]), n))
_SPEAKER_COUNT = PreparedQuery(lambda id_: Quote.select(fn.COUNT(SQL("*"))).where(Quote.speaker == id_))


@dataclass
class QuoteSet:
    """The quotes a list's filters select: its conditions, and the speaker's id when it is one speaker's."""

    conditions: list
    speaker: str | None = None
    total = None  # never known in advance (see api.models.count_rows)

    def rows(self, after: list | None, n: int) -> list[Quote]:
        """A page of quotes, newest article first, in article order within it."""
        if self.speaker is not None and after is None:
            return _SPEAKER_PAGE.rows(self.speaker, n)
        return QUOTE_KEYSET.fetch(lambda: _quote_query(self.conditions), after, n)

    def ids(self) -> Select:
        return quote_count_query(self.conditions)

    def exact_count(self) -> int:
        if self.speaker is not None:
            return snapshot.remembered(("quotes", self.speaker),
                                       lambda: _SPEAKER_COUNT.execute(self.speaker).fetchone()[0])
        return exact_count(self.ids())


def quote_set(args: dict) -> QuoteSet:
    """The quotes selected by validated list arguments.

    One speaker alone is resolved to its entity first (one small query): when it names exactly one, the
    list is an equality on the speaker, which walks the speaker's index in order (an IN list cannot).
    """
    speakers = args.get("speaker") or []
    others = [k for k in ("article", "q", *DATE_RANGE) if args.get(k)]
    if len(speakers) == 1 and not others:
        found = resolve_entity(speakers[0])
        if len(found) == 1:
            return QuoteSet([Quote.speaker == found[0]], found[0])
    return QuoteSet(quote_conditions(args))


def _quote_query(conditions: list) -> Select:
    query = quote_listing().select_extend(Article.published_ts)
    return query.where(*conditions) if conditions else query


def quote_rows(conditions: list, after: list | None, n: int) -> list[Quote]:
    """A page of quotes, newest article first, in article order within it."""
    return QUOTE_KEYSET.fetch(lambda: _quote_query(conditions), after, n)


def quote_count_query(conditions: list) -> Select:
    """The query whose row count is a quote list's total (on `quote` alone: its conditions never need the article)."""
    return Quote.select(Quote.id).where(*conditions) if conditions else Quote.select(Quote.id)


SOURCE_KEYSET = Keyset("sources", [SortKey(Source.id, "id")])


def source_listing() -> Select:
    """Sources with their article counts (a correlated count on the indexed source column)."""
    counted = Article.select(fn.COUNT(SQL("*"))).where(Article.source == Source.id)
    return Source.select(Source, counted.alias("articles"))


def source_rows(after: list | None, n: int) -> list[Source]:
    """A page of sources by id, with their article counts."""
    return SOURCE_KEYSET.fetch(source_listing, after, n)
