"""The co-occurrence counts (`Cooccurrence`): for each ordered pair of entities, the articles naming both.

They are derived from `mention`, so every write of an article's mentions adjusts them in the same
transaction: `count_articles` after the mentions are inserted, `uncount_article` before they are deleted.
"""
from __future__ import annotations

from peewee import EXCLUDED, fn

from api.db import one_of
from api.models import Cooccurrence, Mention


def _pairs(articles):
    # Every ordered pair of distinct entities in the articles, with the number of articles naming both.
    other = Mention.alias("other")
    return (Mention.select(Mention.entity, other.entity, fn.COUNT(Mention.article))
            .join(other, on=((other.article == Mention.article) & (other.entity != Mention.entity)))
            .where(articles)
            .group_by(Mention.entity, other.entity)
            # Key order: concurrent writers on PostgreSQL lock the rows they share in the same order.
            .order_by(Mention.entity, other.entity))


def count_articles(article_ids: list[str]) -> None:
    """Add the pairs of these articles' (just inserted) mentions to the counts."""
    if not article_ids:
        return
    (Cooccurrence.insert_from(_pairs(one_of(Mention.article, article_ids)),
                              [Cooccurrence.entity, Cooccurrence.other, Cooccurrence.articles])
     .on_conflict(conflict_target=[Cooccurrence.entity, Cooccurrence.other],
                  update={Cooccurrence.articles: Cooccurrence.articles + EXCLUDED.articles})
     .execute())


def uncount_article(article_id: str) -> None:
    """Take the pairs of one article's stored mentions off the counts (call before deleting them)."""
    entities = Mention.select(Mention.entity).where(Mention.article == article_id)
    pairs = (Cooccurrence.entity.in_(entities) & Cooccurrence.other.in_(entities)
             & (Cooccurrence.entity != Cooccurrence.other))
    Cooccurrence.update(articles=Cooccurrence.articles - 1).where(pairs).execute()
    Cooccurrence.delete().where(pairs & (Cooccurrence.articles <= 0)).execute()
