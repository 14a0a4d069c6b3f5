"""Hardening: headers, body-size and rate limits, injection attempts and runaway queries."""
import pytest

from api import create_app
from api.auth import create_key
from api.db import db
from api.models import MODELS, Article, create_tables
from tests.helpers import SEED, load

INJECTIONS = ["' OR 1=1 --", "1; DROP TABLE article; --", '" OR ""="', "%' UNION SELECT * FROM api_key --",
              "\\x00", "../../etc/passwd", "<script>alert(1)</script>"]


def test_every_response_has_the_security_headers(client):
    for url in ("/api/v1/articles", "/api/v1/articles/missing", "/healthz"):
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_oversized_body_is_413_in_the_error_shape(database_url):
    app = create_app({"DATABASE_URL": database_url, "MAX_CONTENT_LENGTH": 2048})
    create_tables()
    with db.connection_context():
        token = create_key("big", ["write"])
    response = app.test_client().post("/api/v1/articles", data="x" * 4096, content_type="text/plain",
                                      headers={"Authorization": "Bearer " + token})
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


def test_rate_limit_answers_429_with_retry_after(database_url):
    app = create_app({"DATABASE_URL": database_url, "RATE_LIMIT": "3 per minute"})
    create_tables()
    client = app.test_client()
    statuses = [client.get("/api/v1/sources").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/sources")
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["code"] == 429


def test_rate_limit_counters_start_no_thread_per_request_and_still_expire(monkeypatch):
    import threading

    from api import limitstore

    storage = limitstore.InlineExpiryMemoryStorage()
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self))
    for _ in range(50):
        storage.incr("addr:1", expiry=60)
    assert storage.get("addr:1") == 50
    assert not started
    storage.incr("addr:2", expiry=0.01)
    storage.expirations["addr:2"] = 0  # its window is over
    storage._next_sweep = 0  # and a sweep is due: the next hit on any key drops it
    storage.incr("addr:1", expiry=60)
    assert "addr:2" not in storage.storage and storage.get("addr:1") == 51


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_every_parameter_change_nothing(client, runner, value):
    load(runner, SEED)
    with db.connection_context():
        before = {m.__name__: m.select().count() for m in MODELS}
    paths = ["/api/v1/articles", "/api/v1/sources", "/api/v1/entities", "/api/v1/quotes"]
    for path in paths:
        spec = client.get("/api/v1/openapi.json").get_json()["paths"][path]["get"]
        for param in spec.get("parameters", []):
            response = client.get(path, query_string={param["name"]: value})
            assert response.status_code in (200, 400), (path, param["name"], response.status_code)
        assert client.get(f"{path}/{value}").status_code in (404, 400)
    with db.connection_context():
        assert {m.__name__: m.select().count() for m in MODELS} == before
        assert Article.select().count() == 1


def test_runaway_query_is_stopped_with_a_clear_error(app, client, monkeypatch):
    from api import models

    def slow_listing(*args, **kwargs):
        # A cross join big enough to run for minutes without a bound.
        cte = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
        db.execute_sql(cte + "SELECT count(*) FROM n a, n b").fetchall()

    app.config["QUERY_TIMEOUT_MS"] = 200
    monkeypatch.setattr(models, "article_rows", slow_listing)
    if "postgresql" in app.config["DATABASE_URL"]:
        # PostgreSQL takes its statement_timeout when the connection opens.
        from api.db import init_db

        db.close_all()
        init_db(app.config["DATABASE_URL"], statement_timeout_ms=200)
    response = client.get("/api/v1/articles")
    assert response.status_code == 503
    assert "took too long" in response.get_json()["message"]
    assert client.get("/api/v1/sources").status_code == 200


def test_docs_page_policy_allows_only_its_own_scripts(client):
    import base64
    import hashlib
    import re

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    inline = re.findall(r"<script>(.*?)</script>", response.get_data(as_text=True), re.S)
    assert len(inline) == 1  # Swagger UI's start-up script
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert script_src == ["'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in re.search(r"script-src [^;]+", policy).group(0)
    assert "http" not in policy
