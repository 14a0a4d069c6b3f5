"""Indexes behind every filter and sort: on SQLite, a deep page of every list seeks (EXPLAIN QUERY PLAN
shows no `SCAN` of a table, only SEARCHes), and only the exact total may walk an index."""
import re

import pytest

from tests.factories import make_article

URLS = [
    "/api/v1/articles?limit=1",
    "/api/v1/articles?limit=1&sort=title",
    "/api/v1/articles?limit=1&sort=-updated_at",
    "/api/v1/articles?limit=1&q=story",
    "/api/v1/articles?limit=1&entity=Oslo",
    "/api/v1/articles?limit=1&entity_any=Oslo&entity_any=Bergen",
    "/api/v1/articles?limit=1&entity_type=location",
    "/api/v1/articles?limit=1&speaker=Oslo",
    "/api/v1/articles?limit=1&source=a.example",
    "/api/v1/articles?limit=1&author=Ann",
    "/api/v1/articles?limit=1&language=en",
    "/api/v1/articles?limit=1&published_after=2024-01-02&published_before=2024-01-09",
    "/api/v1/articles?limit=1&updated_after=2024-01-02",
    "/api/v1/articles?limit=1&url=https://a.example/x",
    "/api/v1/entities?limit=1&type=location",
    "/api/v1/entities?limit=1&q=osl",
    "/api/v1/entities?limit=1&sort=name",
    "/api/v1/entities/oslo/articles?limit=1",
    "/api/v1/entities/oslo/quotes?limit=1",
    "/api/v1/quotes?limit=1&speaker=oslo",
    "/api/v1/quotes?limit=1&q=quote",
    "/api/v1/sources?limit=1",
]
FULL_SCAN = re.compile(r"^SCAN (t\d+|article|entity|mention|quote|source|entity_alias|article_author)$")
ANY_SCAN = re.compile(r"^SCAN (t\d+|article|entity|mention|quote|source|entity_alias|article_author)\b")


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: the check reads SQLite's EXPLAIN QUERY PLAN (PostgreSQL plans tiny tables by cost)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.mark.parametrize("url", URLS)
def test_first_and_deep_pages_never_scan_a_whole_table(client, app, statements, url):
    from api.db import db

    for n in range(4):
        make_article(f"Story {n}", f"Story {n} from Oslo.", authors=["Ann"], source="ab"[n % 2] + ".example",
                     published_at=f"2024-01-0{n + 1}", updated_at=f"2024-01-0{n + 2}",
                     entities=[("Oslo", "location"), ("Bergen", "location"), ("Oslo Fjord", "location")],
                     quotes=[(f"Quote {n}.", "Oslo")])
    first = client.get(url).get_json()
    assert first["data"] or "url=" in url, url
    statements.clear()
    assert first["links"]["next"] or "url=" in url, url
    client.get(first["links"]["next"] or url)
    for sql, params in [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT")]:
        plan = [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
        # The exact count may read a whole (covering) index; the page itself must seek.
        forbidden = FULL_SCAN if sql.startswith("SELECT COUNT") else ANY_SCAN
        assert not [line for line in plan if forbidden.match(line)], (sql, plan)


ENTITY_READS = [
    "/api/v1/articles?limit=1&entity=Oslo&published_after=2024-01-02&published_before=2024-01-09",
    "/api/v1/articles?limit=1&entity=oslo",
    "/api/v1/entities/oslo/articles?limit=1",
    "/api/v1/stats/timeline?interval=month&entity=Oslo&published_after=2024-01-02",
]


@pytest.mark.parametrize("url", ENTITY_READS)
def test_an_entitys_page_total_and_timeline_walk_its_mention_index(client, app, statements, url):
    """Newest first, in a date range or not: the page reads the entity's (entity, published_ts, article)
    index in order (no sort of all its articles), and the total and the timeline count index entries
    without reading an article row."""
    from api.db import db

    for n in range(4):
        make_article(f"Story {n}", f"Story {n} from Oslo.", published_at=f"2024-01-0{n + 1}",
                     entities=[("Oslo", "location"), ("Bergen", "location")])
    assert client.get(url).status_code == 200
    reads = [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT") and '"mention"' in s]
    assert reads, statements
    for sql, params in reads:
        plan = [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
        assert not [line for line in plan if "TEMP B-TREE FOR ORDER BY" in line], (sql, plan)
        if sql.startswith("SELECT COUNT") or "stats" in url:
            # Index entries only: one covering search of the entity's mentions, nothing else read.
            assert re.match(r"SEARCH t\d USING COVERING INDEX mention_entity_id", plan[0]), (sql, plan)
            assert not [line for line in plan[1:] if line.startswith(("SEARCH", "SCAN"))], (sql, plan)
        else:
            assert "USING COVERING INDEX mention_entity_id_published_ts_article_id" in plan[0], (sql, plan)


@pytest.mark.parametrize("url", ["/api/v1/quotes?limit=1&speaker=Oslo", "/api/v1/entities/oslo/cooccurrences?limit=1"])
def test_one_speakers_quotes_and_an_entitys_companions_read_their_own_index_range(client, app, statements, url,
                                                                                  monkeypatch):
    """A speaker's newest quotes walk the (speaker, published_ts, article, position) index without sorting
    them all; an entity's companions are read from its range of the stored counts (no join of mentions),
    most frequent first along the (entity, articles DESC, other) index, never all of them sorted. Their
    totals count index entries only."""
    from api import snapshot
    from api.db import db

    monkeypatch.setattr(snapshot, "remembered", lambda key, compute: compute())  # each total is run

    for n in range(4):
        make_article(f"Story {n}", f"Story {n} from Oslo.", published_at=f"2024-01-0{n + 1}",
                     entities=[("Oslo", "location"), ("Bergen", "location")] + [("Tromso", "location")] * (n % 2),
                     quotes=[(f"Quote {n}.", "Oslo")])
    first = client.get(url).get_json()
    client.get(first["links"]["next"])
    table = "quote" if "quotes" in url else "cooccurrence"
    reads = [(s, p) for s, p in statements if s.startswith("SELECT") and f'FROM "{table}"' in s]
    # Two pages and two totals; the companions' second page is two index ranges (the rest of the cursor's
    # count, then the lower counts).
    assert len(reads) == (4 if table == "quote" else 5), statements
    for sql, params in reads:
        rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        plan = [row[-1] for row in rows]
        # (The companions' page sorts its own n joined rows at the top level, never the entity's range.)
        nested = [row[-1] for row in rows if row[1] != 0] if table == "cooccurrence" else plan
        assert not [line for line in nested if "TEMP B-TREE FOR ORDER BY" in line], (sql, plan)
        if table == "cooccurrence" and not sql.startswith("SELECT COUNT"):
            ordered = "INDEX cooccurrence_entity_id_articles_other_id (entity_id=?"
            assert [line for line in plan if ordered in line], plan
        # One speaker's or one entity's rows only, by an index (a WITHOUT ROWID table's is its key).
        searches = [line for line in plan if re.match(r"(SEARCH|SCAN) t\d", line)]
        assert re.match(r"SEARCH t\d USING (COVERING INDEX \w+|INDEX \w+|PRIMARY KEY) "
                        r"\((speaker|entity)_id=\?( AND [^)]*)?\)", searches[0]), (sql, plan)
        if sql.startswith("SELECT COUNT"):
            assert len(plan) == 1, (sql, plan)


@pytest.mark.parametrize(("table", "column"), [("mention", "article_id"), ("mention", "entity_id"),
                                               ("quote", "article_id"), ("entity_alias", "entity_id")])
def test_each_foreign_key_is_searched_by_a_wider_index_and_has_none_of_its_own(app, table, column):
    """Migration 7 dropped the one-column index of these keys: a lookup (and a cascading delete) by one
    still seeks, through an index that starts with it, and a load writes one index entry fewer a row."""
    from api.db import db

    with db.connection_context():
        own = [i.name for i in db.get_indexes(table) if i.columns == [column]]
        plan = [row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = ?",
                                                  ["x"]).fetchall()]
    assert own == []
    assert plan[0].startswith("SEARCH") and f"({column}=?" in plan[0], plan
