"""Parameter values for the scenarios, picked from the corpus in the database (seeded, repeatable).

Each scenario gets `variants` parameter sets, cycled through by the load generator, so a run does not
measure one cached row over and over.
"""
from __future__ import annotations

import random
import re

from peewee import fn

from api.models import Article, Mention, Quote


def pick(variants: int = 32, seed: int = 7) -> dict[str, list]:
    """Lists of values for every parameter name the scenarios use (needs a bound, connected database)."""
    rng = random.Random(seed)
    # Entities from the popular head to the middle of the Zipf curve: ranks 5..300 by articles.
    ranked = [e for (e,) in (Mention.select(Mention.entity).group_by(Mention.entity)
                             .order_by(fn.COUNT(Mention.article).desc(), Mention.entity).limit(300).tuples())]
    entities = [rng.choice(ranked[5:] or ranked) for _ in range(variants)]
    speakers_ranked = [s for (s,) in (Quote.select(Quote.speaker).where(Quote.speaker.is_null(False))
                                      .group_by(Quote.speaker)
                                      .order_by(fn.COUNT(Quote.id).desc(), Quote.speaker).limit(300).tuples())]
    speakers = [rng.choice(speakers_ranked) for _ in range(variants)]
    first, last = (Article.select(fn.MIN(Article.published_ts), fn.MAX(Article.published_ts)).scalar(as_tuple=True))
    first, last = _as_year_month(first), _as_year_month(last)
    months = [(y, m) for y in range(first[0], last[0] + 1) for m in range(1, 13) if first <= (y, m) <= last]
    ranges = []
    for _ in range(variants):
        start = rng.randrange(max(len(months) - 6, 1))
        end = min(start + 6, len(months) - 1)
        ranges.append((_month_start(months[start]), _month_start(months[end])))
    ids = [i for (i,) in Article.select(Article.id).order_by(Article.id).tuples()]
    articles = rng.sample(ids, min(variants, len(ids)))
    titles = [t for (t,) in Article.select(Article.title).where(Article.id.in_(articles)).tuples()]
    words = sorted({w.lower() for t in titles for w in re.findall(r"[A-Za-z]{6,}", t or "")})
    terms = [rng.choice(words) for _ in range(variants)] if words else ["news"] * variants
    return {
        "entity": entities,
        "speaker": speakers,
        "after": [a for a, _ in ranges],
        "before": [b for _, b in ranges],
        "article": articles,
        "term": terms,
    }


def _as_year_month(value) -> tuple[int, int]:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return int(text[:4]), int(text[5:7])


def _month_start(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}-01"


def variants_for(names: tuple[str, ...], picks: dict[str, list]) -> list[dict]:
    """The parameter sets for one scenario: the i-th value of each name it uses."""
    count = min((len(picks[n]) for n in names), default=1)
    return [{n: picks[n][i] for n in names} for i in range(count)]
