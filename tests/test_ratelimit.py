"""Rate limits: the default limit on reads and the write limit, counted per endpoint and per caller, with
their headers and the 429 in the one error shape."""
from __future__ import annotations

import time

import pytest

from api import create_app
from api.auth import create_key
from api.db import db
from api.models import create_tables

SOURCES = "/api/v1/sources"


def _limited(app, reads: str = "1000 per minute", writes: str = "1000 per minute"):
    app.config.update(RATE_LIMIT=reads, RATE_LIMIT_WRITES=writes)
    return app.test_client()


def _write_headers() -> dict:
    with db.connection_context():
        return {"Authorization": "Bearer " + create_key("crawler", ["read", "write"])}


def _limit_headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k.startswith("X-RateLimit") or k == "Retry-After"}


def test_reads_take_the_default_limit_with_its_headers_and_then_429(app):
    client = _limited(app, reads="3 per minute")
    started = time.time()
    responses = [client.get(SOURCES) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in responses] == ["2", "1", "0", "0"]
    for response in responses:
        assert set(_limit_headers(response)) == {"X-RateLimit-Limit", "X-RateLimit-Remaining",
                                                 "X-RateLimit-Reset", "Retry-After"}
        assert response.headers["X-RateLimit-Limit"] == "3"
        assert started < int(response.headers["X-RateLimit-Reset"]) <= started + 62
        assert 0 < int(response.headers["Retry-After"]) <= 61
    assert responses[3].get_json() == {"code": 429, "status": "Too Many Requests", "message": "3 per 1 minute"}


def test_each_endpoint_counts_apart(app):
    client = _limited(app, reads="1 per minute")
    assert client.get(SOURCES).status_code == 200
    assert client.get(SOURCES).status_code == 429
    assert client.get("/api/v1/entities").status_code == 200
    assert client.get("/api/v1/articles").status_code == 200
    assert client.get("/api/v1/articles?limit=5").status_code == 429  # the same endpoint, other arguments


def test_each_api_key_and_each_address_counts_apart(app):
    client = _limited(app, reads="1 per minute")
    key_a, key_b = {"Authorization": "Bearer nk_aaaa_secret"}, {"Authorization": "Bearer nk_bbbb_secret"}
    assert client.get(SOURCES).status_code == 200
    assert client.get(SOURCES).status_code == 429
    assert client.get(SOURCES, headers=key_a).status_code == 200
    assert client.get(SOURCES, headers=key_a).status_code == 429
    # The key is its id: the same id with another secret is the same caller.
    assert client.get(SOURCES, headers={"Authorization": "Bearer nk_aaaa_other"}).status_code == 429
    assert client.get(SOURCES, headers=key_b).status_code == 200
    assert client.get(SOURCES, environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
    assert client.get(SOURCES, environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 429


def test_several_default_limits_all_count_and_the_first_to_run_out_answers(app):
    client = _limited(app, reads="5 per minute;2 per hour")
    responses = [client.get(SOURCES) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    # The headers describe the shortest window's limit until one is breached, then the breached one.
    assert [(r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"]) for r in responses] == [
        ("5", "4"), ("5", "3"), ("2", "0")]
    assert responses[2].get_json()["message"] == "2 per 1 hour"


def test_writes_take_the_write_limit_not_the_read_limit(app):
    client = _limited(app, reads="1 per minute", writes="2 per minute")
    headers = _write_headers()
    responses = [client.post("/api/v1/articles", data="[1]", content_type="application/json", headers=headers)
                 for _ in range(3)]
    assert [r.status_code for r in responses] == [207, 207, 429]
    assert [(r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"]) for r in responses] == [
        ("2", "1"), ("2", "0"), ("2", "0")]
    assert responses[2].get_json() == {"code": 429, "status": "Too Many Requests", "message": "2 per 1 minute"}
    # Reads of the same URL count under their own limit.
    assert client.get("/api/v1/articles").status_code == 200
    assert client.get("/api/v1/articles").status_code == 429


def test_put_and_delete_of_an_article_share_one_write_count(app):
    client = _limited(app, reads="1 per minute", writes="2 per minute")
    headers = _write_headers()
    url = "/api/v1/articles/0000000000000000"
    statuses = [client.delete(url, headers=headers).status_code,
                client.put(url, data="{}", content_type="application/json", headers=headers).status_code,
                client.delete(url, headers=headers).status_code]
    assert statuses == [404, 404, 429]
    assert client.get(url).status_code == 404  # reads of the article: their own count


def test_unrouted_urls_are_not_counted_and_probes_count_on_their_own(app):
    client = _limited(app, reads="1 per minute")
    for _ in range(3):
        response = client.get("/no/such/page")
        assert response.status_code == 404
        assert _limit_headers(response) == {}
    assert [client.get("/healthz").status_code for _ in range(2)] == [200, 429]
    assert client.get(SOURCES).status_code == 200


def test_the_limit_is_each_apps_own_and_read_from_its_config(database_url):
    first = create_app({"DATABASE_URL": database_url, "RATE_LIMIT": "7 per minute"})
    second = create_app({"DATABASE_URL": database_url, "RATE_LIMIT": "9 per minute"})
    create_tables()
    assert first.test_client().get(SOURCES).headers["X-RateLimit-Limit"] == "7"
    assert second.test_client().get(SOURCES).headers["X-RateLimit-Limit"] == "9"
    second.config["RATE_LIMIT"] = "4 per second"
    assert second.test_client().get(SOURCES).headers["X-RateLimit-Limit"] == "4"
    db.close_all()


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_every_method_of_a_read_endpoint_counts(app, method):
    client = _limited(app, reads="1 per minute")
    assert client.open(SOURCES, method=method).status_code == 200
    assert client.open(SOURCES, method=method).status_code == 429


def test_reads_are_counted_without_the_library_resolving_their_limits_again(app, monkeypatch):
    from api.ratelimit import limiter

    client = _limited(app)
    headers = _write_headers()
    client.get(SOURCES)  # an endpoint's first request decides that it takes only the default limits
    resolved = []
    original = limiter.limit_manager.resolve_limits
    monkeypatch.setattr(limiter.limit_manager, "resolve_limits",
                        lambda *args, **kwargs: resolved.append(args[1]) or original(*args, **kwargs))
    assert client.get(SOURCES).headers["X-RateLimit-Remaining"] == "998"
    assert resolved == []
    # A decorated (write) view takes the library's own path.
    client.post("/api/v1/articles", data="[1]", content_type="application/json", headers=headers)
    assert "article-writes.ArticleWrites" in resolved
