"""HTTP behaviour: ETag and 304, Cache-Control, gzip, CORS, the OpenAPI document and the offline docs page."""
import gzip
import re

from openapi_spec_validator import validate

from tests.factories import make_article


def test_get_has_an_etag_and_a_matching_if_none_match_is_304(client, app):
    make_article("Cached")
    first = client.get("/api/v1/articles")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/articles", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    make_article("Changes the list")
    changed = client.get("/api/v1/articles", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_item_resources_answer_304_too(client, app):
    article_id = make_article("Item")
    etag = client.get(f"/api/v1/articles/{article_id}").headers["ETag"]
    assert client.get(f"/api/v1/articles/{article_id}", headers={"If-None-Match": etag}).status_code == 304


def test_cache_max_age_is_configurable(database_url):
    from api import create_app
    from api.models import create_tables

    app = create_app({"DATABASE_URL": database_url, "CACHE_MAX_AGE": 5})
    create_tables()
    assert app.test_client().get("/api/v1/sources").headers["Cache-Control"] == "public, max-age=5"


def test_errors_carry_no_etag(client):
    response = client.get("/api/v1/articles/nope")
    assert response.status_code == 404
    assert "ETag" not in response.headers


def test_large_responses_are_gzipped_when_asked(client, app):
    for n in range(30):
        make_article(f"Long title number {n} for compression")
    response = client.get("/api/v1/articles?limit=30", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b'"data"' in gzip.decompress(response.get_data())
    assert {v.strip() for v in response.headers["Vary"].split(",")} == {"Accept", "Accept-Encoding"}
    etag = response.headers["ETag"]
    repeat = client.get("/api/v1/articles?limit=30", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert repeat.status_code == 304
    plain = client.get("/api/v1/articles?limit=30")
    assert "Content-Encoding" not in plain.headers


def test_a_get_carries_the_date_and_its_caching_headers(client):
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    response = client.get("/api/v1/sources")
    assert abs((parsedate_to_datetime(response.headers["Date"]) - datetime.now(UTC)).total_seconds()) < 5
    assert {v.strip() for v in response.headers["Vary"].split(",")} == {"Accept", "Accept-Encoding"}
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["ETag"].startswith('"')


def test_cors_allows_get_from_any_origin_by_default(client):
    response = client.get("/api/v1/sources", headers={"Origin": "https://dashboard.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/sources", headers={
        "Origin": "https://dashboard.example", "Access-Control-Request-Method": "GET"})
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_cors_origins_are_configurable(database_url):
    from api import create_app

    app = create_app({"DATABASE_URL": database_url, "CORS_ORIGINS": ["https://ok.example"]})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    allowed = client.get("/api/v1/openapi.json", headers={"Origin": "https://ok.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://ok.example"
    denied = client.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_cors_origins_setting_is_validated():
    import pytest

    from api.config import ConfigError, from_env

    assert from_env({"CORS_ORIGINS": "https://a.example, https://b.example"})["CORS_ORIGINS"] == [
        "https://a.example", "https://b.example"]
    with pytest.raises(ConfigError):
        from_env({"CORS_ORIGINS": "a.example"})


def test_openapi_document_validates_and_documents_every_parameter(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    articles = spec["paths"]["/api/v1/articles"]["get"]
    names = {p["name"] for p in articles["parameters"]}
    assert names >= {"q", "entity", "entity_any", "entity_type", "speaker", "source", "author", "language",
                     "published_after", "published_before", "updated_after", "url", "sort", "fields", "include",
                     "facet", "count", "format", "limit", "cursor"}
    for path, item in spec["paths"].items():
        for parameter in item.get("parameters", []) + item["get"].get("parameters", []):
            schema = parameter.get("schema", {})
            example = parameter.get("example", schema.get("example", schema.get("items", {}).get("example")))
            assert parameter.get("description") and example is not None, (path, parameter["name"])
        assert {"304", "default"} <= set(item["get"]["responses"]), path
        if item["get"].get("parameters"):
            assert item["get"]["responses"]["400"] == {"$ref": "#/components/responses/BAD_REQUEST"}, path
    assert {"200", "304", "400", "default"} <= set(articles["responses"])
    assert "Link" in articles["responses"]["200"]["headers"]
    assert "404" in spec["paths"]["/api/v1/entities/{entity_id}/cooccurrences"]["get"]["responses"]
    for path in ("/api/v1/stats/timeline", "/api/v1/stats/top-entities", "/api/v1/quotes", "/api/v1/sources",
                 "/api/v1/entities/{entity_id}/quotes", "/api/v1/entities/{entity_id}/articles"):
        assert path in spec["paths"]


def test_docs_page_renders_with_local_assets_only(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.findall(r"https?://", html) == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.get_data()) > 1000
        asset.close()
    assert '"validatorUrl":null' in html  # Swagger UI would otherwise call an online validator


def test_streamed_csv_is_gzipped_when_asked(client, app):
    for n in range(30):
        make_article(f"Title number {n} for a compressed CSV")
    with client.get("/api/v1/articles?format=csv", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        text = gzip.decompress(response.get_data()).decode()
    assert text.count("\n") == 31
    assert "Accept" in response.headers["Vary"]


def test_openapi_documents_csv_on_lists_and_aggregates(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/articles", "/api/v1/stats/timeline", "/api/v1/entities/{entity_id}/cooccurrences"):
        assert "text/csv" in spec["paths"][path]["get"]["responses"]["200"]["content"]


def test_headers_a_view_set_are_kept_and_none_is_added_twice(client):
    with client.get("/api/v1/docs/assets/swagger-ui.css") as asset:
        assert asset.headers["Cache-Control"] == "public, max-age=86400"  # send_from_directory's, not ours
        responses = [asset, client.get("/api/v1/sources"), client.get("/api/v1/docs"), client.get("/healthz")]
        for response in responses:
            names = [name.lower() for name, _ in response.headers]
            assert {"x-frame-options", "content-security-policy", "x-ratelimit-limit"} <= set(names)
            assert [name for name in set(names) if names.count(name) > 1] == [], response.request.path


def test_security_headers_a_view_set_itself_are_kept(app):
    own = {"X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "default-src 'self'", "Vary": "Cookie"}
    app.add_url_rule("/own-headers", "own_headers", lambda: ("own", 200, own))
    response = app.test_client().get("/own-headers")
    for name, value in own.items():
        assert response.headers.getlist(name) == [value if name != "Vary" else "Cookie, Accept, Accept-Encoding"]
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
