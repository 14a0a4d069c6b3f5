"""Operations: health and readiness probes, Prometheus metrics, JSON logs with request ids."""
from __future__ import annotations

from flask import Flask, Request, current_app
from peewee import InterfaceError, OperationalError
from werkzeug.exceptions import ServiceUnavailable

from api.errors import handle_http_exception
from api.observability import health, logs, metrics

# These answer without the app's eager database connection: liveness must not depend on the database,
# readiness reports its failure in detail, and request metrics stay scrapable during an outage.
WITHOUT_DATABASE = {"health.healthz", "health.readyz", "metrics.metrics"}


def needs_database(request: Request) -> bool:
    """Whether the request's view uses the database connection opened before each request."""
    return request.endpoint not in WITHOUT_DATABASE


def _database_unavailable(exc: Exception):
    # A lost or refused connection is the service being unavailable (retry later), not a bug: 503, and the
    # detail goes to the log only (it may name hosts).
    current_app.logger.error("database unavailable: %s", str(exc).strip())
    error = ServiceUnavailable()
    error.data = {"message": "database unavailable"}
    return handle_http_exception(error)


def register(app: Flask) -> None:
    """Probes, metrics, request ids and the 503 for an unreachable database."""
    metrics.register(app)
    logs.register(app)  # after metrics: its hook goes first, so every other hook's log lines carry the id
    app.register_blueprint(health.blp)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
