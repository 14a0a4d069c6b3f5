"""Dashboards: the timeline and the top entities, for any article filter, as JSON and CSV."""
import csv
import io

import pytest

from tests.factories import make_article


@pytest.fixture
def corpus(app):
    for date, source, who in [("2024-01-01", "a.example", "Oslo"), ("2024-01-03", "a.example", "Oslo"),
                              ("2024-01-08", "b.example", "Bergen"), ("2024-02-10T23:30:00", "a.example", "Oslo"),
                              (None, "a.example", "Oslo")]:
        make_article(f"News {date}", f"News from {who} on {date}.", published_at=date, source=source,
                     entities=[(who, "location"), ("Ann Lee", "person")])


@pytest.mark.parametrize("interval, expected", [
    ("day", [("2024-01-01", 1), ("2024-01-03", 1), ("2024-01-08", 1), ("2024-02-10", 1)]),
    ("week", [("2024-01-01", 2), ("2024-01-08", 1), ("2024-02-05", 1)]),
    ("month", [("2024-01-01", 3), ("2024-02-01", 1)]),
])
def test_timeline_counts_per_period(client, corpus, interval, expected):
    body = client.get(f"/api/v1/stats/timeline?interval={interval}").get_json()
    assert [(p["period"], p["count"]) for p in body["data"]] == expected
    assert body["meta"] == {"interval": interval, "total": 4}


def test_timeline_accepts_article_filters(client, corpus):
    body = client.get("/api/v1/stats/timeline?interval=month&source=a.example&entity=Oslo").get_json()
    assert [(p["period"], p["count"]) for p in body["data"]] == [("2024-01-01", 2), ("2024-02-01", 1)]


def test_top_entities_by_type_for_a_filter(client, corpus):
    body = client.get("/api/v1/stats/top-entities?type=location").get_json()
    assert [(e["entity"]["id"], e["articles"], e["mentions"]) for e in body["data"]] == [
        ("oslo", 4, 4), ("bergen", 1, 1)]
    filtered = client.get("/api/v1/stats/top-entities?source=b.example&limit=1").get_json()["data"]
    assert [e["entity"]["id"] for e in filtered] == ["ann-lee"]


def test_aggregates_are_csv_too(client, corpus):
    with client.get("/api/v1/stats/timeline?interval=month&format=csv") as response:
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [{"period": "2024-01-01", "count": "3"}, {"period": "2024-02-01", "count": "1"}]
    with client.get("/api/v1/stats/top-entities?type=location", headers={"Accept": "text/csv"}) as response:
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == {"entity_id": "oslo", "entity_name": "Oslo", "entity_type": "location", "articles": "4",
                       "mentions": "4"}
