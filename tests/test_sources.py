"""Sources with their article counts."""
from tests.factories import make_article


def test_sources_list_and_item_have_article_counts(client, app):
    for source in ("a.example", "a.example", "b.example"):
        make_article("T", source=source)
    listing = client.get("/api/v1/sources").get_json()
    assert listing["data"] == [
        {"id": "a.example", "name": "A", "domain": "a.example", "articles": 2},
        {"id": "b.example", "name": "B", "domain": "b.example", "articles": 1},
    ]
    assert client.get("/api/v1/sources/b.example").get_json()["articles"] == 1
    page = client.get("/api/v1/sources?limit=1").get_json()
    assert [s["id"] for s in client.get(page["links"]["next"]).get_json()["data"]] == ["b.example"]
