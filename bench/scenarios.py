"""The API scenarios: one row each, with our URL, the equivalent SQL for Datasette and its parameters.

A URL template and the SQL share parameter names (`{entity}` / `:entity`); `bench.params` picks
values for them from the corpus. Add a scenario by adding a row.
"""
from __future__ import annotations

from dataclasses import dataclass

# The columns of our article summaries (list items), with the source joined.
_SUMMARY = ("a.id, a.url, a.title, a.authors, a.published_at, a.updated_at, a.language, a.description, "
            "s.id AS source_id, s.name AS source_name, s.domain AS source_domain")

# Queries whose plain and tuned forms differ only in which copy of the publication date they read ({ts}:
# the article's own, or the mention's or quote's copy of it).
_ENTITY_RANGE = (f"SELECT {_SUMMARY} FROM mention m JOIN article a ON a.id = m.article_id "
                 "LEFT JOIN source s ON s.id = a.source_id "
                 "WHERE m.entity_id = :entity AND {ts} >= :after AND {ts} < :before "
                 "ORDER BY {ts} DESC, a.id DESC LIMIT 21")
_SPEAKER_QUOTES = ("SELECT q.id, q.text, q.cue, q.kind, q.start, q.\"end\", e.id AS speaker_id, "
                   "e.name AS speaker_name, e.type AS speaker_type, a.id AS article_id, a.title, a.url, "
                   "a.published_at FROM quote q LEFT JOIN entity e ON e.id = q.speaker_id "
                   "JOIN article a ON a.id = q.article_id "
                   "WHERE q.speaker_id = :speaker ORDER BY {ts} DESC, q.article_id, q.position LIMIT 21")
# {join}: the article, when its own date is read.
_TIMELINE = ("SELECT substr({ts}, 1, 7) AS month, count(*) AS articles FROM mention m {join}"
             "WHERE m.entity_id = :entity AND {ts} IS NOT NULL GROUP BY month ORDER BY month")


@dataclass(frozen=True)
class Scenario:
    """One measured request kind."""

    name: str
    path: str  # our URL template, filled with str.format(**params)
    # The same answer for Datasette, with :named parameters, written plainly on the normalised tables
    # (article, mention, quote): the query a Datasette user writes, as in the baseline.
    sql: str
    params: tuple[str, ...]  # which picks it needs (see bench.params)
    note: str = ""
    # The same answer again on the copies our schema keeps for speed (mention.published_ts,
    # quote.published_ts, the cooccurrence table), where they differ: Datasette at its best on our file.
    tuned_sql: str = ""


SCENARIOS = (
    Scenario(
        "newest articles",
        "/api/v1/articles?limit=20",
        f"SELECT {_SUMMARY} FROM article a LEFT JOIN source s ON s.id = a.source_id "
        "ORDER BY a.published_ts DESC, a.id DESC LIMIT 21",
        (),
    ),
    Scenario(
        "entity's articles in a date range",
        "/api/v1/articles?entity={entity}&published_after={after}&published_before={before}&limit=20",
        _ENTITY_RANGE.format(ts="a.published_ts"),
        ("entity", "after", "before"),
        tuned_sql=_ENTITY_RANGE.format(ts="m.published_ts"),
    ),
    Scenario(
        "full-text q",
        "/api/v1/articles?q={term}&limit=20",
        # No FTS table is known to Datasette here, so this is a scan: the ratio is not like for like.
        f"SELECT {_SUMMARY} FROM article a LEFT JOIN source s ON s.id = a.source_id "
        "WHERE a.title LIKE '%' || :term || '%' OR a.body LIKE '%' || :term || '%' "
        "ORDER BY a.published_ts DESC, a.id DESC LIMIT 21",
        ("term",),
        note="Datasette SQL is a LIKE scan (no FTS index), not like for like",
    ),
    Scenario(
        "quotes by speaker",
        "/api/v1/quotes?speaker={speaker}&limit=20",
        _SPEAKER_QUOTES.format(ts="a.published_ts"),
        ("speaker",),
        tuned_sql=_SPEAKER_QUOTES.format(ts="q.published_ts"),
    ),
    Scenario(
        "entity co-occurrences",
        "/api/v1/entities/{entity}/cooccurrences?limit=20",
        "SELECT e.id, e.name, e.type, count(*) AS articles FROM mention m1 "
        "JOIN mention m2 ON m2.article_id = m1.article_id AND m2.entity_id != m1.entity_id "
        "JOIN entity e ON e.id = m2.entity_id WHERE m1.entity_id = :entity "
        "GROUP BY e.id ORDER BY articles DESC, e.id LIMIT 21",
        ("entity",),
        tuned_sql="SELECT e.id, e.name, e.type, c.articles FROM cooccurrence c JOIN entity e ON e.id = c.other_id "
        "WHERE c.entity_id = :entity ORDER BY c.articles DESC, c.other_id LIMIT 21",
    ),
    Scenario(
        "entity monthly timeline",
        "/api/v1/stats/timeline?entity={entity}&interval=month",
        _TIMELINE.format(ts="a.published_ts", join="JOIN article a ON a.id = m.article_id "),
        ("entity",),
        tuned_sql=_TIMELINE.format(ts="m.published_ts", join=""),
    ),
    Scenario(
        "article detail",
        "/api/v1/articles/{article}",
        f"SELECT {_SUMMARY}, a.body, a.images, a.provenance, "
        "(SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'type', e.type, "
        "'mentions', m.count, 'offsets', json(m.offsets))) FROM mention m JOIN entity e ON e.id = m.entity_id "
        "WHERE m.article_id = a.id) AS entities, "
        "(SELECT json_group_array(json_object('id', q.id, 'text', q.text, 'speaker', q.speaker_id, "
        "'cue', q.cue, 'kind', q.kind, 'start', q.start, 'end', q.\"end\")) FROM quote q "
        "WHERE q.article_id = a.id) AS quotes "
        "FROM article a LEFT JOIN source s ON s.id = a.source_id WHERE a.id = :article",
        ("article",),
    ),
)
