"""Every list is also CSV with the same rows, in the same order, as its JSON pages."""
import csv
import io

import pytest

from tests.factories import make_article


@pytest.fixture
def corpus(app):
    for n in range(5):
        make_article(f"Story {n}", f"Story {n}: Oslo, Bergen and Ann Lee.", source=f"s{n % 3}.example",
                     published_at=f"2024-01-0{n + 1}", entities=[("Oslo", "location"), (f"Town {n}", "location")],
                     quotes=[(f"Quote {n}, with a comma.", "Oslo")])


@pytest.mark.parametrize("url, key", [
    ("/api/v1/articles?sort=title", "id"),
    ("/api/v1/entities?sort=-articles", "id"),
    ("/api/v1/quotes", "id"),
    ("/api/v1/sources", "id"),
    ("/api/v1/entities/oslo/cooccurrences", "entity_id"),
    ("/api/v1/entities/oslo/articles", "id"),
    ("/api/v1/entities/oslo/quotes", "text"),
])
def test_csv_rows_equal_json_items(client, corpus, url, key):
    items, next_url = [], url + ("&" if "?" in url else "?") + "limit=2"
    while next_url:
        page = client.get(next_url).get_json()
        items += page["data"]
        next_url = page["links"]["next"]
    with client.get(url, headers={"Accept": "text/csv"}) as response:
        assert response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    flat = [{k: v for k, v in item.items() if not isinstance(v, dict)} | {
        f"{k}_{sub}": v2 for k, v in item.items() if isinstance(v, dict) for sub, v2 in v.items()} for item in items]
    assert [r[key] for r in rows] == [str(f[key]) for f in flat]
    for row, item in zip(rows, flat, strict=True):
        for column, value in item.items():
            if not isinstance(value, list):
                assert row[column] == ("" if value is None else str(value)), column


@pytest.mark.parametrize("accept, mimetype", [
    (None, "application/json"),
    ("", "application/json"),
    ("*/*", "application/json"),
    ("application/json", "application/json"),
    ("text/*", "text/csv"),
    ("text/csv;q=0.5, application/json;q=0.4", "text/csv"),
    ("application/json;q=0.9, text/csv", "text/csv"),
])
def test_the_accept_header_picks_csv_only_when_it_prefers_it(client, corpus, accept, mimetype):
    headers = {} if accept is None else {"Accept": accept}
    with client.get("/api/v1/articles?limit=2", headers=headers) as response:
        assert response.status_code == 200 and response.mimetype == mimetype
