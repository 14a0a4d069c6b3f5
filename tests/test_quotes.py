"""Quotes: filters, order, paging, each quote with its speaker and article summary."""
import pytest

from tests.factories import make_article


@pytest.fixture
def corpus(app):
    return [
        make_article("Old", "Putin spoke.", published_at="2024-01-01",
                     entities=[("Vladimir Putin", "person", ["Putin"])],
                     quotes=[("Sanctions will fail.", "Vladimir Putin"), ("We will see.", "Vladimir Putin")]),
        make_article("New", "Biden spoke.", published_at="2024-06-01", entities=[("Joe Biden", "person")],
                     quotes=[("Sanctions will work.", "Joe Biden"), ("Unattributed words.", "Nobody Known")]),
    ]


def test_quotes_list_newest_article_first_with_speaker_and_article(client, corpus):
    data = client.get("/api/v1/quotes").get_json()["data"]
    assert [q["text"] for q in data] == ["Sanctions will work.", "Unattributed words.", "Sanctions will fail.",
                                         "We will see."]
    assert data[0]["speaker"] == {"id": "joe-biden", "name": "Joe Biden"}
    assert data[1]["speaker"] is None
    assert data[0]["article"] == {"id": corpus[1], "title": "New", "url": data[0]["article"]["url"],
                                  "published_at": "2024-06-01"}


@pytest.mark.parametrize("query, expected", [
    ("speaker=putin", ["Sanctions will fail.", "We will see."]),
    ("speaker=joe-biden&speaker=Vladimir%20Putin", ["Sanctions will work.", "Sanctions will fail.", "We will see."]),
    ("q=sanctions", ["Sanctions will work.", "Sanctions will fail."]),
    ("q=sanctions%20NOT%20fail", ["Sanctions will work."]),
    ("published_before=2024-03-01", ["Sanctions will fail.", "We will see."]),
    ("published_after=2024-03-01&q=words", ["Unattributed words."]),
])
def test_quote_filters(client, corpus, query, expected):
    assert [q["text"] for q in client.get(f"/api/v1/quotes?{query}").get_json()["data"]] == expected


def test_quote_article_filter_and_paging(client, corpus):
    first = client.get(f"/api/v1/quotes?article={corpus[0]}&limit=1").get_json()
    second = client.get(first["links"]["next"]).get_json()
    assert [q["text"] for q in first["data"] + second["data"]] == ["Sanctions will fail.", "We will see."]
    assert second["links"]["next"] is None and first["meta"]["total"] == 2


def test_one_speakers_quotes_follow_a_reloaded_articles_new_date(client, corpus):
    make_article("Later", "Putin spoke again.", published_at="2024-03-01",
                 entities=[("Vladimir Putin", "person")], quotes=[("Talks are over.", "Vladimir Putin")])
    before = client.get("/api/v1/quotes?speaker=vladimir-putin").get_json()
    assert [q["text"] for q in before["data"]] == ["Talks are over.", "Sanctions will fail.", "We will see."]
    # The same URL with a later date: the article is updated in place, and its quotes move with it.
    old_url = client.get(f"/api/v1/articles/{corpus[0]}").get_json()["url"]
    make_article("Old", "Putin spoke.", url=old_url, published_at="2024-09-01",
                 entities=[("Vladimir Putin", "person", ["Putin"])],
                 quotes=[("Sanctions will fail.", "Vladimir Putin"), ("We will see.", "Vladimir Putin")])
    after = client.get("/api/v1/quotes?speaker=Putin&limit=2").get_json()
    rest = client.get(after["links"]["next"]).get_json()
    assert [q["text"] for q in after["data"] + rest["data"]] == [
        "Sanctions will fail.", "We will see.", "Talks are over."]
    assert after["meta"]["total"] == 3
    dated = client.get("/api/v1/quotes?published_after=2024-08-01").get_json()["data"]
    assert [q["text"] for q in dated] == ["Sanctions will fail.", "We will see."]


def test_a_speaker_name_shared_by_two_entities_lists_both(client, corpus):
    make_article("Other", "Another Putin.", published_at="2024-02-01",
                 entities=[("Putin", "organization")], quotes=[("Company news.", "Putin")])
    data = client.get("/api/v1/quotes?speaker=putin").get_json()
    assert [q["text"] for q in data["data"]] == ["Company news.", "Sanctions will fail.", "We will see."]
    assert data["meta"]["total"] == 3
