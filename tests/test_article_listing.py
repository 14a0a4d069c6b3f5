"""The article list: sorts, keyset paging while articles arrive, totals, sparse fields, includes, facets,
the Link header and CSV."""
import base64
import csv
import io
import json
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from api.paging import decode_cursor, encode_cursor
from tests.factories import make_article

LIST = "/api/v1/articles"


def walk(client, url: str) -> list[dict]:
    """Every item of a list, following links.next."""
    items = []
    while url:
        page = client.get(url).get_json()
        items += page["data"]
        url = page["links"]["next"]
    return items


def test_sort_by_several_keys_pages_in_that_order(client, app):
    for title, day in [("b", "02"), ("a", "02"), ("c", "01"), ("a", "01"), ("z", None)]:
        make_article(title, f"Body for {title} {day}.", published_at=f"2024-01-{day}" if day else None)
    items = walk(client, f"{LIST}?sort=-published_at,title&limit=2")
    assert [(a["published_at"], a["title"]) for a in items] == [
        ("2024-01-02", "a"), ("2024-01-02", "b"), ("2024-01-01", "a"), ("2024-01-01", "c"), (None, "z")]
    items = walk(client, f"{LIST}?sort=title,published_at&limit=1")
    assert [(a["title"], a["published_at"]) for a in items] == [
        ("a", "2024-01-01"), ("a", "2024-01-02"), ("b", "2024-01-02"), ("c", "2024-01-01"), ("z", None)]
    items = walk(client, f"{LIST}?sort=published_at&limit=3")
    assert [a["published_at"] for a in items][:4] == ["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-02"]
    assert items[-1]["published_at"] is None  # undated last in either direction


def test_relevance_sort_puts_better_matches_first_and_pages(client, app):
    strong = make_article("Volcano volcano volcano", "The volcano erupted; the volcano smoked.")
    weak = make_article("Local news", "A long report on many things, a volcano among them, and more words here.")
    make_article("Unrelated", "Nothing to see.")
    items = walk(client, f"{LIST}?q=volcano&sort=relevance&limit=1")
    assert [a["id"] for a in items] == [strong, weak]
    assert items[0]["score"] > items[1]["score"]


def test_paging_while_articles_arrive_has_no_duplicates_or_gaps(client, app):
    originals = [make_article(f"Old {n}", published_at=f"2024-02-{n + 1:02d}") for n in range(9)]
    make_article("Undated old")
    seen, url, added = [], f"{LIST}?limit=3", 0
    while url:
        page = client.get(url).get_json()
        seen += [a["id"] for a in page["data"]]
        url = page["links"]["next"]
        # New articles land before, inside and after the pages already read.
        for date in ("2024-03-01", "2024-02-05T12:00:00", "2023-01-01"):
            make_article(f"New {added}", published_at=date)
            added += 1
    assert len(seen) == len(set(seen))
    assert set(originals) <= set(seen)
    newest_first = walk(client, f"{LIST}?limit=100")
    position = {a["id"]: i for i, a in enumerate(newest_first)}
    assert [position[i] for i in seen] == sorted(position[i] for i in seen)


def test_link_header_and_next_link_point_to_the_next_page(client, app):
    for n in range(3):
        make_article(f"T{n}", published_at=f"2024-01-0{n + 1}")
    response = client.get(f"{LIST}?limit=2&source=example.com")
    page = response.get_json()
    assert response.headers["Link"] == f'<http://localhost{page["links"]["next"]}>; rel="next"'
    assert "source=example.com" in page["links"]["next"]
    last = client.get(page["links"]["next"])
    assert "Link" not in last.headers and last.get_json()["links"]["next"] is None


@pytest.mark.parametrize("count, kind", [("exact", "exact"), ("none", "none")])
def test_total_counts_the_whole_filtered_list(client, app, count, kind):
    for n in range(5):
        make_article(f"T{n}", language="de" if n % 2 else "en")
    meta = client.get(f"{LIST}?limit=1&language=en&count={count}").get_json()["meta"]
    assert meta == {"count": 1, "limit": 1, "total": 3 if count == "exact" else None, "total_kind": kind}


def test_estimated_total_is_close(client, app):
    for n in range(4):
        make_article(f"T{n}")
    meta = client.get(f"{LIST}?limit=1&count=estimated").get_json()["meta"]
    assert meta["total_kind"] in ("exact", "estimated")
    assert meta["total"] >= 1


def test_sparse_fieldset_returns_only_those_fields(client, app):
    make_article("Only fields", published_at="2024-01-01")
    item = client.get(f"{LIST}?fields=title,published_at").get_json()["data"][0]
    assert set(item) == {"id", "title", "published_at"}


def test_include_embeds_entities_and_quotes_in_list_items(client, app):
    make_article("Pact", "Vladimir Putin spoke.", entities=[("Vladimir Putin", "person", ["Putin"])],
                 quotes=[("We agree.", "Putin")])
    plain = client.get(LIST).get_json()["data"][0]
    assert "entities" not in plain and "quotes" not in plain
    item = client.get(f"{LIST}?include=entities,quotes").get_json()["data"][0]
    assert item["entities"] == [{"id": "vladimir-putin", "name": "Vladimir Putin", "type": "person",
                                 "aliases": ["Putin"], "mentions": 1, "offsets": []}]
    assert [(q["text"], q["speaker"]["id"]) for q in item["quotes"]] == [("We agree.", "vladimir-putin")]


def test_facets_count_the_whole_filtered_set_not_the_page(client, app):
    for n in range(5):
        make_article(f"T{n}", source="a.com" if n < 3 else "b.com", authors=["Ann"] if n else ["Ann", "Ben"],
                     language="en", entities=[("Oslo", "location")] if n % 2 else [])
    make_article("German", source="b.com", language="de")
    body = client.get(f"{LIST}?limit=1&language=en&facet=source,author,entity,language").get_json()
    assert body["facets"] == {
        "source": [{"value": "a.com", "label": "A", "count": 3}, {"value": "b.com", "label": "B", "count": 2}],
        "author": [{"value": "Ann", "label": None, "count": 5}, {"value": "Ben", "label": None, "count": 1}],
        "entity": [{"value": "oslo", "label": "Oslo", "count": 2}],
        "language": [{"value": "en", "label": None, "count": 5}],
    }


def test_csv_has_the_same_rows_as_json(client, app):
    for n in range(5):
        make_article(f"Title, with comma {n}", authors=["A B", "C D"], published_at=f"2024-01-0{n + 1}")
    json_items = walk(client, f"{LIST}?limit=2&sort=title")
    for url, headers in ((f"{LIST}?format=csv&sort=title", {}), (f"{LIST}?sort=title", {"Accept": "text/csv"})):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        response.close()
        assert [r["id"] for r in rows] == [a["id"] for a in json_items]
        for row, item in zip(rows, json_items, strict=True):
            assert row["title"] == item["title"]
            assert row["authors"] == "; ".join(item["authors"])
            assert row["published_at"] == item["published_at"]
            assert row["source_domain"] == item["source"]["domain"]


def test_csv_honours_limit_and_cursor(client, app):
    for n in range(5):
        make_article(f"T{n}", published_at=f"2024-01-0{n + 1}")
    first = client.get(f"{LIST}?limit=2").get_json()
    with client.get(first["links"]["next"] + "&format=csv") as response:
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2
    assert rows[0]["id"] == client.get(first["links"]["next"]).get_json()["data"][0]["id"]


@pytest.mark.parametrize("sort", ["-published_at", "-updated_at"])
def test_cursor_holds_the_last_rows_timestamp_in_iso_form(client, app, sort):
    # The list reads its timestamps as stored (text on SQLite): the cursor still carries the ISO instant,
    # microseconds and all, so the next page starts right after that row.
    for n in range(3):
        make_article(f"T{n}", published_at=f"2024-01-0{n + 1}T10:00:00.25{n}",
                     updated_at=f"2024-02-0{n + 1}T08:30:00+02:00")
    page = client.get(f"{LIST}?limit=2&sort={sort}").get_json()
    cursor = parse_qs(urlsplit(page["links"]["next"]).query)["cursor"][0]
    expected = {"-published_at": "2024-01-02T10:00:00.251000", "-updated_at": "2024-02-02T06:30:00"}[sort]
    assert decode_cursor(cursor)[1:] == [expected, page["data"][-1]["id"]]
    rest = client.get(page["links"]["next"]).get_json()["data"]
    assert [a["title"] for a in rest] == ["T0"]


def test_link_header_names_the_host_each_request_was_sent_to(client, app):
    for n in range(3):
        make_article(f"T{n}", published_at=f"2024-01-0{n + 1}")
    for base in ("http://localhost", "https://news.example", "http://localhost:8080", "https://news.example"):
        response = client.get(f"{LIST}?limit=2", base_url=base)
        assert response.headers["Link"] == f'<{base}{response.get_json()["links"]["next"]}>; rel="next"'


def test_cursor_is_compact_json_in_unpadded_urlsafe_base64():
    values = ["articles:-published_at", datetime(2024, 1, 2, 3, 4), "id\u00e9"]
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    assert encode_cursor(values) == base64.urlsafe_b64encode(raw).decode().rstrip("=")
    assert decode_cursor(encode_cursor(values)) == ["articles:-published_at", "2024-01-02 03:04:00", "id\u00e9"]
