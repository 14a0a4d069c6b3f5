"""Prometheus metrics at `/metrics`: requests by endpoint and status, latency histograms, corpus totals.

Under gunicorn every worker is its own process, so the counters live in files shared through
PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode; gunicorn.conf.py sets the directory and
clears it at start-up). A scrape, answered by any one worker, then sums every worker's samples. Without that
variable (flask run, tests) the process's own registry is served.
"""
from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, g, request
from peewee import DatabaseError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from api import migrations
from api.db import db
from api.models import Article, Entity, Quote

blp = Blueprint("metrics", __name__)

LABELS = ("method", "endpoint", "status")
REQUESTS = Counter("http_requests_total", "HTTP requests answered.", LABELS)
LATENCY = Histogram("http_request_duration_seconds", "Time to answer an HTTP request.", LABELS,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))


class CorpusCollector(Collector):
    """Row totals and the schema version, read from the database at scrape time (so any worker agrees)."""

    def collect(self):
        try:
            with db.connection_context():
                totals = {name: model.select().count() for name, model in
                          (("articles", Article), ("entities", Entity), ("quotes", Quote))}
                version = migrations.current_version(db.obj)
        except DatabaseError:
            # The request metrics are still worth scraping during an outage; the totals are left out.
            yield GaugeMetricFamily("news_database_up", "Whether the database answered the scrape.", value=0)
            return
        yield GaugeMetricFamily("news_database_up", "Whether the database answered the scrape.", value=1)
        for name, value in totals.items():
            yield GaugeMetricFamily(f"news_{name}", f"{name.capitalize()} stored.", value=value)
        yield GaugeMetricFamily("news_schema_version", "Schema version of the database.", value=version)


def _registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@blp.get("/metrics")
def metrics():
    """The Prometheus text exposition of every worker's request metrics and the corpus totals."""
    registry = _registry()
    corpus = CollectorRegistry()
    corpus.register(CorpusCollector())
    body = generate_latest(registry) + generate_latest(corpus)
    return Response(body, mimetype=CONTENT_TYPE_LATEST)


def _start() -> None:
    g.started = time.perf_counter()


# Each series' counter and histogram, found once a process: `labels()` checks and converts the values and
# takes a lock on every call. The children stay valid across a fork (multiprocess values follow the pid).
_series: dict[tuple[str, str, int], tuple] = {}


def _observe(response: Response) -> Response:
    started = g.pop("started", None)
    if started is not None:
        req = request._get_current_object()
        # The URL rule, not the path: /api/v1/articles/<article_id> is one series, not one per article.
        key = (req.method, req.url_rule.rule if req.url_rule else "unmatched", response.status_code)
        series = _series.get(key)
        if series is None:
            labels = (key[0], key[1], str(key[2]))
            series = _series[key] = (REQUESTS.labels(*labels), LATENCY.labels(*labels))
        series[0].inc()
        series[1].observe(time.perf_counter() - started)
    return response


def register(app: Flask) -> None:
    """Time every request and serve `/metrics`."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)  # before the database connects
    app.after_request(_observe)
    app.register_blueprint(blp)
