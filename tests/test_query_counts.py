"""Every endpoint costs the same number of SQL queries whatever the page size."""
import pytest

from tests.factories import make_article

ENDPOINTS = [
    "/api/v1/articles?limit={n}",
    "/api/v1/articles?limit={n}&include=entities,quotes&facet=source,entity,author,language&q=story",
    "/api/v1/articles?limit={n}&q=story&sort=relevance&entity=Oslo&author=Ann",
    "/api/v1/entities?limit={n}",
    "/api/v1/entities?limit={n}&sort=-articles&q=person",
    "/api/v1/entities/oslo/articles?limit={n}&include=entities",
    "/api/v1/entities/oslo/quotes?limit={n}",
    "/api/v1/entities/oslo/cooccurrences?limit={n}",
    "/api/v1/quotes?limit={n}&speaker=Oslo",
    "/api/v1/sources?limit={n}",
    "/api/v1/stats/timeline?interval=week&source=s1.example.com",
    "/api/v1/stats/top-entities?limit={n}",
]


@pytest.fixture
def counted(app, monkeypatch):
    """The number of statements sent to the database, counted at the driver call every query goes through.

    Nothing is reused between requests here (api/snapshot.py), so each request pays its full cost."""
    from api import snapshot
    from api.db import db

    monkeypatch.setattr(snapshot, "remembered", lambda key, compute: compute())
    calls = []
    original = db.obj.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        calls.append(sql)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", execute_sql)
    return calls


@pytest.mark.parametrize("template", ENDPOINTS)
def test_query_count_does_not_grow_with_the_page_size(client, app, counted, template):
    for n in range(51):
        make_article(f"Story {n}", f"Story {n} from Oslo and Bergen.", authors=["Ann"],
                     source=f"s{n}.example.com", published_at=f"2024-01-{n % 28 + 1:02d}",
                     entities=[("Oslo", "location"), (f"Person {n}", "person")],
                     quotes=[(f"Quote {n}.", "Oslo")])
    costs = []
    for n in (1, 50):
        counted.clear()
        response = client.get(template.format(n=n))
        assert response.status_code == 200, response.get_json()
        if "stats" not in template and "cooccurrences" not in template:
            assert len(response.get_json()["data"]) == n
        costs.append(len(counted))
    assert costs[0] == costs[1], costs
    assert costs[0] <= 9  # page, total, 2 for entities, 1 for quotes, 4 facets: the most any request costs


REPEATED = [
    ("/api/v1/articles?limit=20", 1),  # the page; its total is reused
    ("/api/v1/articles?entity=Oslo&published_after=2024-01-01&published_before=2024-02-01&limit=20", 1),
    ("/api/v1/quotes?speaker=Oslo&limit=20", 1),
    ("/api/v1/stats/timeline?entity=Oslo&interval=month", 0),
    ("/api/v1/entities/oslo/cooccurrences?limit=20", 2),  # the entity's existence and the page
    ("/api/v1/articles?q=story&limit=20", 1),  # the page; the search's count of matches is reused
    ("/api/v1/articles?q=story&limit=20&sort=published_at", 1),
]


@pytest.mark.parametrize(("url", "cost"), REPEATED)
def test_a_repeated_request_on_an_unchanged_sqlite_database_runs_only_its_page(client, statements, url, cost):
    if not client.application.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("PostgreSQL computes every total")
    for n in range(3):
        make_article(f"Story {n}", f"Story {n} from Oslo.", published_at=f"2024-01-{n + 1:02d}",
                     entities=[("Oslo", "location")], quotes=[(f"Quote {n}.", "Oslo")])
    assert client.get(url).status_code == 200
    statements.clear()
    assert client.get(url).status_code == 200
    # The entity lookup, the total and the timeline are reused (only a pragma read, not through execute_sql).
    assert len(statements) == cost, statements
