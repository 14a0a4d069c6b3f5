"""Probes, request ids, JSON logs and Prometheus metrics, in the app and under real gunicorn workers."""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from api import create_app, migrations
from api.db import db
from api.models import drop_tables
from api.observability.logs import JsonFormatter
from tests.helpers import ROOT, SEED, load

UNREACHABLE = "postgresql://nobody@127.0.0.1:9/nothing?connect_timeout=2"


def samples(text: str) -> dict[tuple, float]:
    """{(name, sorted labels...): value} for every sample of a Prometheus text exposition."""
    return {(s.name, *sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.fixture
def down_client():
    """A client of an app whose database does not answer."""
    app = create_app({"DATABASE_URL": UNREACHABLE, "TESTING": True})
    yield app.test_client()
    db.close_all()


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_readyz_is_200_with_the_schema_version(client):
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (
        200, {"status": "ok", "schema_version": migrations.head()})


def test_readyz_is_503_while_the_schema_is_behind(client):
    drop_tables()  # an empty database: no tables, no versions
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "code": 503, "status": "Service Unavailable", "message": "schema not current",
        "errors": {"schema": [f"database at version 0, code expects {migrations.head()}: run `flask db upgrade`"]},
    }


def test_database_down_healthz_200_readyz_and_api_503_metrics_200(down_client):
    assert down_client.get("/healthz").status_code == 200
    ready = down_client.get("/readyz")
    assert ready.status_code == 503
    assert {k: v for k, v in ready.get_json().items() if k != "errors"} == {
        "code": 503, "status": "Service Unavailable", "message": "database unreachable"}
    assert list(ready.get_json()["errors"]) == ["database"]
    listing = down_client.get("/api/v1/articles")
    assert (listing.status_code, listing.get_json()) == (
        503, {"code": 503, "status": "Service Unavailable",
              "message": "the database is unavailable; try again shortly"})
    metrics = down_client.get("/metrics")
    assert metrics.status_code == 200
    assert samples(metrics.get_data(as_text=True))[("news_database_up",)] == 0


def test_request_id_is_generated_when_absent(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(len(i) == 32 for i in ids) and ids[0] != ids[1]


@pytest.mark.parametrize("given, kept", [
    ("req-42.abc", True),
    ("a" * 128, True),
    ("a" * 129, False),
    ("two words", False),
    ("evil\u00e9", False),
])
def test_request_id_from_the_client_is_returned_when_sane(client, given, kept):
    returned = client.get("/api/v1/articles/nope", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert (returned == given) is kept
    assert len(returned) == 32 or kept


def test_access_log_is_one_json_line_with_the_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="api.access")
    client.get("/api/v1/articles?limit=1", headers={"X-Request-ID": "trace-7", "User-Agent": "probe/1"})
    (record,) = [r for r in caplog.records if r.name == "api.access"]
    entry = json.loads(JsonFormatter().format(record))
    assert entry.pop("ts").endswith("Z") and entry.pop("duration_ms") >= 0
    assert entry == {
        "level": "INFO", "logger": "api.access", "message": "GET /api/v1/articles 200", "request_id": "trace-7",
        "method": "GET", "path": "/api/v1/articles?limit=1", "status": 200, "remote_addr": "127.0.0.1",
        "user_agent": "probe/1",
    }


def test_access_line_is_json_with_spaces_and_text_kept_as_is(client, caplog):
    caplog.set_level(logging.INFO, logger="api.access")
    client.get("/api/v1/articles?limit=1", headers={"X-Request-ID": "trace-9", "User-Agent": "sonde/1 \u00e9t\u00e9"})
    (record,) = [r for r in caplog.records if r.name == "api.access"]
    line = JsonFormatter().format(record)
    assert line.startswith('{"ts": "') and "\n" not in line
    assert ('"request_id": "trace-9", "method": "GET", "path": "/api/v1/articles?limit=1", "status": 200, '
            '"duration_ms": ') in line
    assert line.endswith('"remote_addr": "127.0.0.1", "user_agent": "sonde/1 \u00e9t\u00e9"}')


def test_log_fields_that_json_cannot_write_are_written_as_text():
    record = logging.getLogger("api.test").makeRecord("api.test", logging.INFO, "f.py", 1, "m", (), None,
                                                      extra={"when": datetime(2024, 1, 2, 3, 4)})
    assert json.loads(JsonFormatter().format(record))["when"] == "2024-01-02 03:04:00"


def test_quiet_probes_write_no_access_line_at_info(client, caplog):
    caplog.set_level(logging.INFO, logger="api.access")
    client.get("/healthz")
    client.get("/api/v1/articles?limit=1")
    assert [r.getMessage() for r in caplog.records if r.name == "api.access"] == ["GET /api/v1/articles 200"]


def test_successful_probes_are_logged_at_debug_failures_at_info(client, down_client, caplog):
    caplog.set_level(logging.DEBUG, logger="api.access")
    client.get("/healthz")
    down_client.get("/readyz")
    assert [(r.getMessage(), r.levelname) for r in caplog.records if r.name == "api.access"] == [
        ("GET /healthz 200", "DEBUG"), ("GET /readyz 503", "INFO")]


def test_error_log_inside_a_request_carries_its_request_id(down_client, caplog):
    caplog.set_level(logging.ERROR)
    down_client.get("/api/v1/articles", headers={"X-Request-ID": "trace-8"})
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "trace-8" and entry["message"].startswith("database unavailable: ")


def test_metrics_count_requests_by_endpoint_and_status(client):
    def count(text, status):
        key = ("http_requests_total", ("endpoint", "/api/v1/articles/<article_id>"), ("method", "GET"),
               ("status", status))
        return samples(text).get(key, 0)

    before = client.get("/metrics").get_data(as_text=True)
    client.get("/api/v1/articles/nope")
    client.get("/api/v1/articles/nope")
    after = client.get("/metrics").get_data(as_text=True)
    assert count(after, "404") - count(before, "404") == 2
    assert count(after, "200") == count(before, "200")
    latency = ("http_request_duration_seconds_count", ("endpoint", "/api/v1/articles/<article_id>"),
               ("method", "GET"), ("status", "404"))
    assert samples(after)[latency] - samples(before).get(latency, 0) == 2


def test_metrics_report_corpus_totals(client, runner):
    assert load(runner, SEED).exit_code == 0
    text = client.get("/metrics").get_data(as_text=True)
    found = samples(text)
    with db.connection_context():
        entities = db.obj.execute_sql("SELECT COUNT(*) FROM entity").fetchone()[0]
        quotes = db.obj.execute_sql("SELECT COUNT(*) FROM quote").fetchone()[0]
    assert (found[("news_articles",)], found[("news_entities",)], found[("news_quotes",)]) == (1, entities, quotes)
    assert found[("news_schema_version",)] == migrations.head() and found[("news_database_up",)] == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def test_gunicorn_workers_share_metrics_log_json_and_stop_gracefully(tmp_path):
    """Workers recycled every 5 requests: the counts must still add up over every process that served."""
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "2", "GUNICORN_MAX_REQUESTS": "5", "LOG_LEVEL": "debug",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(base + "/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        for _ in range(19):  # 20 with the probe above
            _get(base + "/healthz")
        # Every scrape, whichever worker answers, sees all 20 (scrapes are counted under /metrics).
        for _ in range(3):
            found = samples(_get(base + "/metrics").decode())
            assert found[("http_requests_total", ("endpoint", "/healthz"), ("method", "GET"), ("status", "200"))] == 20
        assert len(list((tmp_path / "metrics").glob("counter_*.db"))) >= 4  # >= 4 processes served them
    finally:
        server.terminate()  # SIGTERM
        output, _ = server.communicate(timeout=40)
    assert server.returncode == 0, output
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]  # every line is JSON
    access = [e for e in lines if e["logger"] == "api.access"]
    assert len(access) == 23 and all(len(e["request_id"]) == 32 for e in access)
    assert {e["level"] for e in access} == {"DEBUG"}  # probes and scrapes: DEBUG when they succeed
    assert any(e["message"] == "Shutting down: Master" for e in lines)


def test_serving_requests_does_not_import_spacy(tmp_path):
    """The API workers stay small: only the loader imports spaCy."""
    code = ("import sys; from wsgi import app; c = app.test_client(); "
            "[c.get(u) for u in ('/api/v1/articles', '/readyz', '/metrics')]; print('spacy' in sys.modules)")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
