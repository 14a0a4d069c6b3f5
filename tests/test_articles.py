"""The article list and the full article, served after a load."""
from tests.helpers import SEED, load

SEED_TITLE = "North Korea ratifies defense pact with Russia amid closer military ties"


def test_seed_is_served_in_the_list_and_in_full(client, runner):
    result = load(runner, SEED)
    assert result.exit_code == 0, result.output
    listing = client.get("/api/v1/articles").get_json()
    assert listing["meta"] == {"count": 1, "limit": 20, "total": 1, "total_kind": "exact"}
    assert listing["links"] == {"self": "/api/v1/articles", "next": None}
    summary = listing["data"][0]
    assert summary["title"] == SEED_TITLE
    article = client.get(f"/api/v1/articles/{summary['id']}").get_json()
    assert article["authors"] == ["Newsroom"]
    assert article["published_at"] == article["updated_at"] == "2024-11-12T03:14"
    assert article["language"] == "en"
    assert article["images"][0]["credit"] == "AFP"
    assert len(article["body"].split("\n\n")) == 10
    assert article["provenance"]["origin"].endswith("000_c95043c45fefd0ec.txt")
    assert article["provenance"]["fields"]["title"] == "text-rule"


def test_ids_are_stable_across_databases_and_reloads(client, runner):
    load(runner, SEED)
    first = client.get("/api/v1/articles").get_json()["data"][0]["id"]
    again = load(runner, SEED)
    assert "1 unchanged" in again.output
    assert client.get("/api/v1/articles").get_json()["data"][0]["id"] == first
    # The same content always hashes to the same id, whichever database it is stored in.
    from api.loader.normalize import article_id, body_hash
    from api.loader.textdump import extract_text

    assert first == article_id(None, body_hash(extract_text(SEED.read_text())["body"]))


def test_url_filter_matches_exactly(client, runner, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"url": "https://example.com/a", "headline": "A", "articleBody": "First article body text here."}\n'
        '{"url": "https://example.com/b", "headline": "B", "articleBody": "Second article body text here."}\n'
    )
    assert load(runner, records).exit_code == 0
    found = client.get("/api/v1/articles?url=https://example.com/b").get_json()["data"]
    assert [a["title"] for a in found] == ["B"]
    assert client.get("/api/v1/articles?url=https://example.com/c").get_json()["data"] == []


def test_list_pages_with_a_cursor_without_gaps_or_duplicates(client, runner, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(
        f'{{"url": "https://example.com/{n}", "headline": "T{n}", "articleBody": "Body number {n} here.",'
        f' "datePublished": "2024-01-{n % 3 + 1:02d}"}}\n' for n in range(7)
    ) + '{"url": "https://example.com/undated", "headline": "U", "articleBody": "No date on this one."}\n')
    assert load(runner, records).exit_code == 0
    seen, url = [], "/api/v1/articles?limit=3"
    while url:
        page = client.get(url).get_json()
        seen += [a["id"] for a in page["data"]]
        url = page["links"]["next"]
    everything = client.get("/api/v1/articles?limit=100").get_json()["data"]
    assert seen == [a["id"] for a in everything]
    assert len(set(seen)) == 8
    assert everything[-1]["title"] == "U"  # undated articles come last
    dates = [a["published_at"] for a in everything[:-1]]
    assert dates == sorted(dates, reverse=True)
