"""Entities: the list (type, q, sort), one entity with counts, its articles, quotes and co-occurrences."""
import pytest

from tests.factories import make_article


@pytest.fixture
def corpus(app):
    return [
        make_article("One", "Putin and Xi met in Moscow.", published_at="2024-01-01",
                     entities=[("Vladimir Putin", "person", ["Putin"]), ("Xi Jinping", "person"),
                               ("Moscow", "location")],
                     quotes=[("Friends forever.", "Putin"), ("Indeed.", "Xi Jinping")]),
        make_article("Two", "Putin spoke in Moscow.", published_at="2024-02-01",
                     entities=[("Putin", "person"), ("Moscow", "location")],
                     quotes=[("No comment.", "Putin")]),
        make_article("Three", "Xi visited the UN.", published_at="2024-03-01",
                     entities=[("Xi Jinping", "person"), ("United Nations", "organization", ["UN"])]),
    ]


def test_entity_list_filters_by_type_and_sorts_by_coverage(client, corpus):
    body = client.get("/api/v1/entities?type=person&sort=-articles").get_json()
    assert [(e["id"], e["articles"]) for e in body["data"]] == [("vladimir-putin", 2), ("xi-jinping", 2)]
    assert body["meta"]["total"] == 2
    by_id = client.get("/api/v1/entities").get_json()["data"]
    assert [e["id"] for e in by_id] == sorted(e["id"] for e in by_id)


def test_entity_list_pages_by_coverage_without_gaps(client, corpus):
    seen, url = [], "/api/v1/entities?sort=-articles&limit=1"
    while url:
        page = client.get(url).get_json()
        seen += [(e["articles"], e["id"]) for e in page["data"]]
        url = page["links"]["next"]
    assert seen == [(2, "moscow"), (2, "vladimir-putin"), (2, "xi-jinping"), (1, "united-nations")]


@pytest.mark.parametrize("q, expected", [
    ("putin", ["vladimir-putin"]), ("Vlad", ["vladimir-putin"]), ("un", ["united-nations"]),
    ("MOSC", ["moscow"]), ("zz", []),
])
def test_entity_q_matches_the_start_of_names_and_aliases(client, corpus, q, expected):
    assert [e["id"] for e in client.get(f"/api/v1/entities?q={q}").get_json()["data"]] == expected


def test_entity_item_has_aliases_and_counts(client, corpus):
    assert client.get("/api/v1/entities/vladimir-putin").get_json() == {
        "id": "vladimir-putin", "name": "Vladimir Putin", "type": "person", "aliases": ["Putin"],
        "counts": {"articles": 2, "mentions": 2, "quotes": 2},
    }


def test_entity_articles_accept_article_filters(client, corpus):
    everything = client.get("/api/v1/entities/xi-jinping/articles").get_json()["data"]
    assert [a["id"] for a in everything] == [corpus[2], corpus[0]]
    recent = client.get("/api/v1/entities/xi-jinping/articles?published_after=2024-02-01").get_json()["data"]
    assert [a["id"] for a in recent] == [corpus[2]]


def test_entity_quotes_are_what_it_said_newest_first(client, corpus):
    quotes = client.get("/api/v1/entities/vladimir-putin/quotes").get_json()["data"]
    assert [(q["text"], q["article"]["id"]) for q in quotes] == [("No comment.", corpus[1]),
                                                                 ("Friends forever.", corpus[0])]


def test_cooccurrences_count_shared_articles_and_filter(client, corpus):
    body = client.get("/api/v1/entities/vladimir-putin/cooccurrences").get_json()
    assert [(c["entity"]["id"], c["articles"]) for c in body["data"]] == [("moscow", 2), ("xi-jinping", 1)]
    assert body["meta"]["total"] == 2
    typed = client.get("/api/v1/entities/vladimir-putin/cooccurrences?type=person").get_json()["data"]
    assert [c["entity"]["id"] for c in typed] == ["xi-jinping"]
    dated = client.get("/api/v1/entities/vladimir-putin/cooccurrences?published_after=2024-01-15").get_json()
    assert [(c["entity"]["id"], c["articles"]) for c in dated["data"]] == [("moscow", 1)]
    paged = client.get("/api/v1/entities/vladimir-putin/cooccurrences?limit=1").get_json()
    rest = client.get(paged["links"]["next"]).get_json()
    assert [c["entity"]["id"] for c in paged["data"] + rest["data"]] == ["moscow", "xi-jinping"]


@pytest.mark.parametrize("path", ["", "/articles", "/quotes", "/cooccurrences"])
def test_unknown_entity_is_404(client, corpus, path):
    assert client.get(f"/api/v1/entities/nobody{path}").status_code == 404
