"""Operations: health and readiness probes, Prometheus metrics, JSON logs with request ids."""
from __future__ import annotations

from flask import Flask, Request

from api.observability import health, logs, metrics

# These answer without the app's eager database connection: liveness must not depend on the database,
# readiness reports its failure in detail, and request metrics stay scrapable during an outage.
WITHOUT_DATABASE = {"health.healthz", "health.readyz", "metrics.metrics"}


def needs_database(request: Request) -> bool:
    """Whether the request's view uses the database connection opened before each request."""
    return request.endpoint not in WITHOUT_DATABASE


def register(app: Flask) -> None:
    """Probes, metrics and request ids (the 503 for an unreachable database is api/security.py's)."""
    metrics.register(app)
    logs.register(app)  # after metrics: its hook goes first, so every other hook's log lines carry the id
    app.register_blueprint(health.blp)
