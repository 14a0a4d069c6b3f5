"""The write API: push, replace and delete articles with an API key."""
import json

import pytest

from api.auth import create_key
from api.db import db

RECORD = {"url": "https://example.com/news/1", "headline": "Council approves budget",
          "articleBody": "The city council approved the budget on Monday after a long debate.",
          "datePublished": "2024-03-01T10:00:00+01:00"}


@pytest.fixture
def writer(app):
    with db.connection_context():
        return {"Authorization": "Bearer " + create_key("crawler", ["read", "write"])}


def test_post_one_record_stores_it_then_is_idempotent(client, writer):
    first = client.post("/api/v1/articles", json=RECORD, headers=writer)
    assert first.status_code == 201
    article = first.get_json()
    assert article["title"] == "Council approves budget"
    assert article["published_at"] == "2024-03-01T10:00+01:00"
    assert first.headers["Location"] == f"/api/v1/articles/{article['id']}"
    again = client.post("/api/v1/articles", json=RECORD, headers=writer)
    assert again.status_code == 200
    assert again.get_json()["id"] == article["id"]
    assert client.get("/api/v1/articles").get_json()["meta"]["count"] == 1


def test_post_batch_answers_per_record_and_a_bad_one_rejects_nothing_else(client, writer):
    batch = [RECORD, {"url": "https://example.com/news/2", "headline": "Empty"},
             dict(RECORD, url="https://example.com/copy"), "not an object",
             {"url": "https://example.com/news/3", "headline": "Third", "articleBody": "Another text entirely."}]
    response = client.post("/api/v1/articles", json=batch, headers=writer)
    assert response.status_code == 207
    outcomes = response.get_json()["data"]
    assert [o["status"] for o in outcomes] == ["loaded", "failed", "duplicate", "failed", "loaded"]
    assert outcomes[2]["id"] == outcomes[0]["id"]
    assert "no article text" in outcomes[1]["error"]
    assert response.get_json()["meta"] == {"loaded": 2, "updated": 0, "unchanged": 0, "duplicate": 1, "failed": 2}
    assert client.get("/api/v1/articles").get_json()["meta"]["count"] == 2


def test_post_json_lines_reports_the_bad_line(client, writer):
    body = json.dumps(RECORD) + "\n{broken\n"
    response = client.post("/api/v1/articles", data=body, content_type="application/x-ndjson", headers=writer)
    outcomes = response.get_json()["data"]
    assert [o["status"] for o in outcomes] == ["loaded", "failed"]
    assert outcomes[1]["error"].startswith("line 2: invalid JSON")


def test_post_raw_text_page_with_url_parameter(client, writer):
    page = "Skip to content\n\nMayor opens new bridge downtown\nBy Ann Lee\nMay 2, 2024\n\n" \
           "The mayor opened the bridge on Thursday.\n\nTraffic is expected to improve.\n"
    response = client.post("/api/v1/articles?url=https://example.org/bridge", data=page,
                           content_type="text/plain", headers=writer)
    assert response.status_code == 201
    article = response.get_json()
    assert (article["url"], article["title"], article["authors"]) == (
        "https://example.org/bridge", "Mayor opens new bridge downtown", ["Ann Lee"])
    assert article["source"]["domain"] == "example.org"


@pytest.mark.parametrize("body, content_type, status", [
    ("{not json", "application/json", 400),
    ("<xml/>", "application/xml", 415),
    (json.dumps({"url": "https://example.com/x", "headline": "No body"}), "application/json", 400),
])
def test_post_unreadable_body_is_a_clear_error(client, writer, body, content_type, status):
    response = client.post("/api/v1/articles", data=body, content_type=content_type, headers=writer)
    assert response.status_code == status
    assert response.get_json()["code"] == status


def test_put_replaces_in_place_and_keeps_the_id(client, writer):
    article_id = client.post("/api/v1/articles", json=RECORD, headers=writer).get_json()["id"]
    changed = dict(RECORD, headline="Council approves amended budget", dateModified="2024-03-02")
    response = client.put(f"/api/v1/articles/{article_id}", json=changed, headers=writer)
    assert response.status_code == 200
    assert response.get_json()["id"] == article_id
    assert client.get(f"/api/v1/articles/{article_id}").get_json()["title"] == "Council approves amended budget"
    moved = client.put(f"/api/v1/articles/{article_id}", json=dict(RECORD, url="https://other.example/"),
                       headers=writer)
    assert moved.status_code == 400


def test_delete_removes_the_article_and_its_orphan_entities(client, writer):
    record = dict(RECORD, articleBody="Angela Merkel met Emmanuel Macron in Berlin on Monday, officials said.")
    article_id = client.post("/api/v1/articles", json=record, headers=writer).get_json()["id"]
    assert client.get("/api/v1/entities").get_json()["data"]
    assert client.delete(f"/api/v1/articles/{article_id}", headers=writer).status_code == 204
    assert client.get(f"/api/v1/articles/{article_id}").status_code == 404
    assert client.get("/api/v1/entities").get_json()["data"] == []
    assert client.delete(f"/api/v1/articles/{article_id}", headers=writer).status_code == 404


def test_duplicate_outcome_names_the_article_with_the_same_body_and_title(client, writer):
    # Two stored articles share a body (boilerplate) under different titles; a copy of the second under a
    # third URL is a duplicate of the second, not of whichever article has that body.
    first = dict(RECORD, url="https://example.com/one", headline="First headline")
    second = dict(RECORD, url="https://example.com/two", headline="Second headline")
    ids = [client.post("/api/v1/articles", json=r, headers=writer).get_json()["id"] for r in (first, second)]
    copy = dict(second, url="https://example.com/copy-of-two")
    outcome = client.post("/api/v1/articles", json=[copy], headers=writer).get_json()["data"][0]
    assert (outcome["status"], outcome["id"]) == ("duplicate", ids[1])


def test_post_batch_reports_a_dropped_date_and_stores_the_record(client, writer):
    bad = dict(RECORD, url="https://example.com/news/4", articleBody="A different text about the port.",
               datePublished="2024-03-01T10:00:00+25:00")
    response = client.post("/api/v1/articles", json=[bad, "not an object"], headers=writer)
    stored, failed = response.get_json()["data"]
    assert stored["status"] == "loaded" and failed["status"] == "failed"
    assert len(stored["warnings"]) == 1 and "+25:00" in stored["warnings"][0]
    assert failed["warnings"] == []
    assert client.get(f"/api/v1/articles/{stored['id']}").get_json()["published_at"] is None


def test_post_one_record_reports_a_dropped_date_as_a_batch_does(client, writer):
    bad = dict(RECORD, datePublished="2024-03-01T10:00:00+25:00")
    single = client.post("/api/v1/articles", json=bad, headers=writer)
    assert single.status_code == 201
    article = single.get_json()
    assert article["published_at"] is None
    batch = client.post("/api/v1/articles", json=[bad], headers=writer).get_json()["data"][0]
    assert batch["status"] == "unchanged"
    assert article["warnings"] == batch["warnings"] == [
        "published_at: dropped datePublished '2024-03-01T10:00:00+25:00': "
        "UTC offset +25:00 is out of range (under 24 hours)"]
    # Pushed again, the record is unchanged (200) and its date still dropped: the answer says so again.
    again = client.post("/api/v1/articles", json=bad, headers=writer)
    assert (again.status_code, again.get_json()["warnings"]) == (200, article["warnings"])
    # The warnings belong to the write, not to the article.
    assert "warnings" not in client.get(f"/api/v1/articles/{article['id']}").get_json()


def test_post_one_clean_record_has_no_warnings(client, writer):
    assert client.post("/api/v1/articles", json=RECORD, headers=writer).get_json()["warnings"] == []


def test_put_reports_a_dropped_date(client, writer):
    article_id = client.post("/api/v1/articles", json=RECORD, headers=writer).get_json()["id"]
    changed = dict(RECORD, headline="Council approves amended budget", dateModified="2024-02-30")
    response = client.put(f"/api/v1/articles/{article_id}", json=changed, headers=writer)
    assert response.status_code == 200
    article = response.get_json()
    assert (article["title"], article["updated_at"]) == ("Council approves amended budget", None)
    assert len(article["warnings"]) == 1
    assert article["warnings"][0].startswith("updated_at: dropped dateModified '2024-02-30': ")


def test_the_written_article_is_documented_with_its_warnings(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["components"]["schemas"]["WrittenArticle"]
    assert schema["properties"]["warnings"]["items"] == {"type": "string"}
    post = spec["paths"]["/api/v1/articles"]["post"]["responses"]
    put = spec["paths"]["/api/v1/articles/{article_id}"]["put"]["responses"]
    for response in (post["201"], post["200"], put["200"]):
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/WrittenArticle"}
