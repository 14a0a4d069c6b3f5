"""Article lists filtered by a search (`q`): newest first, a search alone reads its page's neighbourhood
from the SQLite full-text index's date order; otherwise a common search walks the date index and checks
each row against the full-text index, a rare one lists its matches. All give the same pages and totals."""
import re

import pytest

from api import search
from tests.factories import make_article

# (title, body words, day): "harbour" is in every article (common), "ferry" in two, "gull" in one.
ARTICLES = [
    ("Harbour ferry news", "The harbour ferry left late.", 1),
    ("Harbour gull", "A gull sat on the harbour wall.", 2),
    ("Harbour fog", "Fog over the harbour again.", 3),
    ("Harbour ferry fares", "The harbour ferry costs more.", 4),
    ("Harbour cranes", "New cranes at the harbour.", 5),
    ("Harbour works", "Harbour works start soon.", 6),
    ("Harbour market", "A market by the harbour.", 7),
]
SEARCHES = ["harbour", "ferry", "gull", "harbour NOT ferry", "ferry OR gull", '"harbour ferry"', "harb*", "nothing"]


@pytest.fixture
def stored(app):
    from api.db import db, is_sqlite

    ids = {}
    for title, body, day in ARTICLES:
        ids[title] = make_article(title, body, published_at=f"2024-03-{day:02d}T12:00:00",
                                  entities=[("Oslo", "location")] if day % 2 else [])
    if not is_sqlite():
        with db.connection_context():
            db.execute_sql("ANALYZE article")  # PostgreSQL's choice reads the table's size from its statistics
    return ids


def _expected(text: str) -> list[str]:
    """The titles matching a search among ARTICLES, newest first (evaluated here, not by the database)."""
    def has(title, body, word):
        words = re.findall(r"\w+", (title + " " + body).lower())
        return any(w.startswith(word[:-1]) for w in words) if word.endswith("*") else word in words

    rules = {
        "harbour": lambda t, b: has(t, b, "harbour"),
        "ferry": lambda t, b: has(t, b, "ferry"),
        "gull": lambda t, b: has(t, b, "gull"),
        "harbour NOT ferry": lambda t, b: has(t, b, "harbour") and not has(t, b, "ferry"),
        "ferry OR gull": lambda t, b: has(t, b, "ferry") or has(t, b, "gull"),
        '"harbour ferry"': lambda t, b: "harbour ferry" in (t + " " + b).lower(),
        "harb*": lambda t, b: has(t, b, "harb*"),
        "nothing": lambda t, b: False,
    }
    return [t for t, b, _ in sorted(ARTICLES, key=lambda a: -a[2]) if rules[text](t, b)]


def _all_pages(client, url: str) -> tuple[list[str], int]:
    page = client.get(url).get_json()
    total, titles = page["meta"]["total"], [a["title"] for a in page["data"]]
    while page["links"]["next"]:
        page = client.get(page["links"]["next"]).get_json()
        titles += [a["title"] for a in page["data"]]
    return titles, total


@pytest.mark.parametrize("common_factor", [0, 10**9], ids=["walked", "listed"])
@pytest.mark.parametrize("text", SEARCHES)
def test_a_search_gives_the_same_pages_and_total_walked_or_listed(client, stored, monkeypatch, common_factor, text):
    monkeypatch.setattr(search, "COMMON_FACTOR", common_factor)
    monkeypatch.setattr(search, "POSTGRES_COMMON_FACTOR", common_factor)
    expected = _expected(text)
    titles, total = _all_pages(client, f"/api/v1/articles?limit=2&q={text}")
    assert (titles, total) == (expected, len(expected))
    # With other filters: an entity's articles (read through its mentions) and a date range.
    odd = [t for t in expected if dict((a[0], a[2]) for a in ARTICLES)[t] % 2]
    titles, total = _all_pages(client, f"/api/v1/articles?limit=2&q={text}&entity=Oslo")
    assert (titles, total) == (odd, len(odd))
    early = [t for t in expected if dict((a[0], a[2]) for a in ARTICLES)[t] <= 4]
    titles, total = _all_pages(client, f"/api/v1/articles?limit=2&q={text}&published_before=2024-03-04")
    assert (titles, total) == (early, len(early))


@pytest.fixture
def sqlite_statements(app, statements):
    from api.db import is_sqlite

    if not is_sqlite():
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN")
    return statements


def _page_plan(statements) -> list[str]:
    from api.db import db

    pages = [(s, p) for s, p in statements if s.startswith('SELECT "t1"."id", "t1"."url"')]
    assert len(pages) == 1, statements
    return [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + pages[0][0], pages[0][1]).fetchall()]


def test_a_common_search_walks_the_date_index_and_probes_each_row(client, stored, monkeypatch, sqlite_statements):
    monkeypatch.setattr(search, "COMMON_FACTOR", 0)
    assert client.get("/api/v1/articles?limit=2&q=harbour&sort=published_at").status_code == 200
    plan = _page_plan(sqlite_statements)
    # Oldest first along the index: no sort of the matches, no list of them built first.
    assert plan[0] == "SCAN t1 USING INDEX article_published_ts_id", plan
    assert not [line for line in plan if "TEMP B-TREE" in line or line.startswith("LIST SUBQUERY")], plan
    # The total is the full-text index's count of matches, not a count over the articles.
    assert not [s for s, _ in sqlite_statements if s.startswith("SELECT COUNT")], sqlite_statements


def test_a_rare_search_lists_its_matches(client, stored, monkeypatch, sqlite_statements):
    monkeypatch.setattr(search, "COMMON_FACTOR", 10**9)
    assert client.get("/api/v1/articles?limit=2&q=gull&sort=published_at").status_code == 200
    plan = _page_plan(sqlite_statements)
    assert plan[0].startswith("SEARCH t1 USING INDEX sqlite_autoindex_article_1 (id=?)"), plan
    assert [line for line in plan if line.startswith("LIST SUBQUERY")], plan


def test_a_search_alone_reads_its_newest_matches_in_the_indexs_date_order(client, stored, sqlite_statements):
    assert client.get("/api/v1/articles?limit=2&q=harbour").status_code == 200
    plan = _page_plan(sqlite_statements)
    # The matches of a rowid range (the page's hours) looked up by id, never all matches nor all articles.
    assert [line for line in plan if re.fullmatch(r"SCAN article_fts VIRTUAL TABLE INDEX 0:M3(<>|><)", line)], plan
    assert not [line for line in plan if line.startswith("SCAN t")], plan


# Several articles in one hour (sorted by id there), others hours apart, two undated (last, by id); the
# newest hour's articles stored in another order than their dates'.
CROWDED = ["2031-01-01T00:59:00", "2031-01-01T00:01:00", "2031-01-01T00:30:00",
           "2024-05-01T10:00:00", "2024-05-01T10:20:00", "2024-05-01T10:20:00", "2024-05-01T10:59:59",
           "2024-05-01T11:00:00", "2024-04-30T23:30:00", "1965-02-03T04:05:06", None, None,
           "2024-05-01T10:20:00.500000", "2030-01-01T00:00:00"]


def _newest_first(rows: list[tuple[str | None, str]]) -> list[str]:
    dated = sorted((r for r in rows if r[0]), key=lambda r: (r[0].replace("T", " "), r[1]), reverse=True)
    return [i for _, i in dated] + sorted((i for ts, i in rows if not ts), reverse=True)


def _ids_of_all_pages(client, url: str) -> list[str]:
    page, ids = client.get(url).get_json(), []
    while True:
        ids += [a["id"] for a in page["data"]]
        if not page["links"]["next"]:
            return ids
        page = client.get(page["links"]["next"]).get_json()


@pytest.mark.parametrize("bulk", [False, True], ids=["one by one", "batched"])
def test_newest_first_search_pages_are_exact_within_an_hour_and_undated(client, app, bulk):
    from api.db import db
    from api.loader.normalize import finish
    from api.loader.store import save_articles

    records = [finish({"url": f"https://crowded.example/{n}", "title": f"Crowd {n}",
                       "body": f"Harbour crowd {'ferry' if n % 3 else 'gull'} {n}.", "published_at": ts},
                      origin=f"crowd-{n}") for n, ts in enumerate(CROWDED)]
    with db.connection_context():
        if bulk:
            save_articles(records)
        else:
            for record in records:
                save_articles([record])
    rows = [(ts, r["id"]) for ts, r in zip(CROWDED, records, strict=True)]
    for text, keep in (("harbour", lambda n: True), ("ferry", lambda n: n % 3)):
        expected = _newest_first([row for n, row in enumerate(rows) if keep(n)])
        for limit in (1, 2, 3, 20):
            assert _ids_of_all_pages(client, f"/api/v1/articles?q={text}&limit={limit}") == expected, (text, limit)


def test_a_changed_date_moves_the_article_in_newest_first_search_pages(client, app):
    first = make_article("Harbour one", "Harbour one.", url="https://moved.example/1",
                         published_at="2024-01-01T00:00:00")
    second = make_article("Harbour two", "Harbour two.", published_at="2024-02-01T00:00:00")
    assert _ids_of_all_pages(client, "/api/v1/articles?q=harbour&limit=1") == [second, first]
    make_article("Harbour one", "Harbour one, updated.", url="https://moved.example/1",
                 published_at="2024-03-01T00:00:00")
    assert _ids_of_all_pages(client, "/api/v1/articles?q=harbour&limit=1") == [first, second]


@pytest.mark.parametrize("url", ["/api/v1/articles?limit=2&q=harbour",
                                 "/api/v1/articles?limit=2&q=harbour&facet=source"])
def test_a_search_alones_total_is_counted_from_the_full_text_index(client, stored, statements, url):
    from api.db import db, is_sqlite

    page = client.get(url).get_json()
    assert page["meta"]["total"] == len(ARTICLES)
    counted = re.compile(r"^(SET LOCAL [^;]*; )?SELECT \(?(SELECT )?COUNT\(\*\)", re.I)
    counts = [(s, p) for s, p in statements if counted.search(s)]
    assert len(counts) == 1, statements
    sql, params = counts[0]
    if is_sqlite():
        assert "count(*) FROM article_fts WHERE article_fts MATCH ?" in sql, sql
        return
    # PostgreSQL: through the GIN index, never a scan of the table (which reads every row's TOASTed
    # tsvector); on these few rows the planner would choose the scan unless the count steers it.
    setting, count = sql.split("; ")
    assert setting == "SET LOCAL enable_seqscan = off", sql
    plan = "\n".join(r[0] for r in db.execute_sql(f"{setting}; EXPLAIN {count}", params).fetchall())
    assert "Bitmap Index Scan on article_search" in plan and "Seq Scan" not in plan, plan
    plain = "\n".join(r[0] for r in db.execute_sql("EXPLAIN " + count, params).fetchall())
    assert "Seq Scan" in plain, plain  # the test's premise: left to itself, the planner scans


@pytest.fixture
def postgres_statements(app, statements):
    from api.db import is_sqlite

    if is_sqlite():
        pytest.skip("PostgreSQL's choice between walking and listing")
    return statements


def _postgres_page(statements) -> tuple[str, str]:
    """The page query of the statements and PostgreSQL's plan for it as on a table too large to scan whole
    (on these few rows a scan is the cheapest plan for anything)."""
    from api.db import db

    pages = [(s, p) for s, p in statements if s.startswith('SELECT "t1"."id", "t1"."url"')]
    assert len(pages) == 1, statements
    sql, params = pages[0]
    with db.atomic():
        rows = db.execute_sql("SET LOCAL enable_seqscan = off; EXPLAIN " + sql, params).fetchall()
    return sql, "\n".join(r[0] for r in rows)


@pytest.mark.parametrize("sort", ["", "&sort=published_at", "&sort=title"])
def test_postgres_a_search_that_is_not_common_lists_its_matches_from_the_gin_index(
        client, stored, monkeypatch, postgres_statements, sort):
    monkeypatch.setattr(search, "POSTGRES_COMMON_FACTOR", 10**9)
    assert client.get(f"/api/v1/articles?limit=2&q=ferry{sort}").status_code == 200
    sql, plan = _postgres_page(postgres_statements)
    # The matches' row addresses from the GIN index; no row's tsvector is tested as the page is read.
    assert '"t1"."ctid" = ANY(ARRAY(SELECT ctid FROM article WHERE search @@' in sql, sql
    assert "Bitmap Index Scan on article_search" in plan and "Filter: (search @@" not in plan, plan


def test_postgres_a_common_search_walks(client, stored, monkeypatch, postgres_statements):
    monkeypatch.setattr(search, "POSTGRES_COMMON_FACTOR", 0)
    assert client.get("/api/v1/articles?limit=2&q=harbour").status_code == 200
    sql, plan = _postgres_page(postgres_statements)
    assert '"t1"."search" @@' in sql and "ctid" not in sql, sql
    assert "Index Scan using article_published_desc on article t1" in plan and "Filter: (search @@" in plan, plan


@pytest.mark.parametrize("url", ["/api/v1/articles?limit=2&q=ferry&count=none",
                                 "/api/v1/articles?limit=2&q=ferry&count=estimated",
                                 "/api/v1/articles?limit=2&q=ferry&source=example.com"])
def test_postgres_chooses_only_when_the_count_is_the_lists_exact_total(client, stored, monkeypatch,
                                                                       postgres_statements, url):
    # Without an exact total to give, or with other filters, the count would be a query of its own: the
    # planner chooses, as before.
    monkeypatch.setattr(search, "POSTGRES_COMMON_FACTOR", 10**9)
    assert client.get(url).status_code == 200
    assert not [s for s, _ in postgres_statements if "count(*)" in s.lower() and "reltuples" in s], postgres_statements
    assert not [s for s, _ in postgres_statements if "ctid" in s], postgres_statements


@pytest.mark.parametrize("before", ["on", "off"])
def test_postgres_the_counts_planner_setting_ends_with_the_count_inside_a_transaction(app, before):
    from api.db import db, is_sqlite
    from api.models import Article

    if is_sqlite():
        pytest.skip("a PostgreSQL planner setting")
    make_article("Harbour gull", "A gull on the harbour wall.")
    with db.connection_context():
        with db.atomic():
            db.execute_sql(f"SET LOCAL enable_seqscan = {before}")
            assert search.match_count(Article, "gull") == 1
            assert db.execute_sql("SHOW enable_seqscan").fetchone()[0] == before
            assert search.matching(Article, "gull", walk=True)[1] == 1
            assert db.execute_sql("SHOW enable_seqscan").fetchone()[0] == before
        assert search.match_count(Article, "gull") == 1  # outside: the message's own transaction
        assert db.execute_sql("SHOW enable_seqscan").fetchone()[0] == "on"
