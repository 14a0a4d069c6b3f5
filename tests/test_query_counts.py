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
    """The number of statements sent to the database, counted at the driver call every query goes through."""
    from api.db import db

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
