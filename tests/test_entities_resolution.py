"""Entities across the corpus: one canonical entity per thing, with a readable id and every alias seen."""
import json

from tests.helpers import SEED, load

SUMMIT = {
    "url": "https://example.com/summit",
    "headline": "Summit in the east",
    "articleBody": "Russian President Vladimir Putin met North Korean leader Kim Jong-un in Vladivostok on Monday."
                   "\n\nPutin said the talks with Kim Jong-un were useful, according to the Korean Central News"
                   " Agency (KCNA).",
}
TREATY = {
    "url": "https://example.com/treaty",
    "headline": "Treaty signed",
    "articleBody": "Kim Jong Un and Vladimir V. Putin signed the treaty in Pyongyang, state media said.\n\n"
                   "The Democratic People's Republic of Korea will ratify it next month, Putin told reporters.",
}


def _load_records(runner, tmp_path, *records):
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = load(runner, path)
    assert result.exit_code == 0, result.output


def _article(client, url):
    found = client.get(f"/api/v1/articles?url={url}").get_json()["data"]
    return client.get(f"/api/v1/articles/{found[0]['id']}").get_json()


def test_entity_lists_every_alias_seen_across_articles(client, runner, tmp_path):
    _load_records(runner, tmp_path, SUMMIT, TREATY)
    putin = client.get("/api/v1/entities/vladimir-putin")
    assert putin.status_code == 200
    body = putin.get_json()
    assert (body["id"], body["name"], body["type"]) == ("vladimir-putin", "Vladimir Putin", "person")
    assert set(body["aliases"]) == {"Putin", "Vladimir V. Putin"}


def test_differently_spelled_person_in_two_articles_is_one_entity(client, runner, tmp_path):
    _load_records(runner, tmp_path, SUMMIT, TREATY)
    people = client.get("/api/v1/entities?type=person").get_json()["data"]
    assert sorted(p["id"] for p in people) == ["kim-jong-un", "vladimir-putin"]
    # Spellings that differ only in case, hyphens or punctuation share one alias key: one row.
    assert client.get("/api/v1/entities/kim-jong-un").get_json()["name"] == "Kim Jong-un"
    for url in (SUMMIT["url"], TREATY["url"]):
        ids = {e["id"] for e in _article(client, url)["entities"]}
        assert {"kim-jong-un", "vladimir-putin"} <= ids


def test_official_country_name_is_an_alias_of_the_country(client, runner, tmp_path):
    _load_records(runner, tmp_path, TREATY)
    country = client.get("/api/v1/entities/north-korea").get_json()
    assert country["type"] == "location"
    assert {"Democratic People's Republic of Korea", "DPRK"} <= set(country["aliases"])


def test_article_entities_carry_mention_counts_and_body_offsets(client, runner, tmp_path):
    _load_records(runner, tmp_path, SUMMIT)
    article = _article(client, SUMMIT["url"])
    entities = {e["id"]: e for e in article["entities"]}
    agency = entities["korean-central-news-agency"]
    assert agency["type"] == "organization"
    assert "KCNA" in agency["aliases"]
    putin = entities["vladimir-putin"]
    assert putin["mentions"] == 2
    assert [article["body"][s:e] for s, e in putin["offsets"]] == ["Vladimir Putin", "Putin"]


def test_lone_surname_does_not_merge_two_different_people(client, runner, tmp_path):
    first = {"url": "https://example.com/1", "headline": "One",
             "articleBody": "Finance Minister Anna Lindqvist presented the budget on Monday. Lindqvist said "
                            "it was balanced."}
    second = {"url": "https://example.com/2", "headline": "Two",
              "articleBody": "Coach Erik Lindqvist named his squad on Tuesday. Lindqvist said it was young."}
    _load_records(runner, tmp_path, first, second)
    people = {p["id"] for p in client.get("/api/v1/entities?type=person").get_json()["data"]}
    assert people == {"anna-lindqvist", "erik-lindqvist"}


def test_seed_credit_and_byline_are_not_people(client, runner):
    assert load(runner, SEED).exit_code == 0
    article = client.get(f"/api/v1/articles/{client.get('/api/v1/articles').get_json()['data'][0]['id']}")
    entities = {e["name"]: e for e in article.get_json()["entities"]}
    assert "Newsroom" not in entities
    assert entities["AFP"]["type"] == "organization"
    assert "Agence France-Presse" in entities["AFP"]["aliases"]
    assert entities["Choe Son Hui"]["mentions"] == 2
