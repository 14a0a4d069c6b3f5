"""The application factory: config, database, OpenAPI, errors, blueprints and commands."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from inspect import iscoroutinefunction

from flask import Flask, request
from flask_smorest import Api

from api import cli, config, errors, http, observability, security
from api.db import db, init_db
from api.jsonprovider import OrjsonProvider
from api.routes import BLUEPRINTS
from schemas.common import ErrorSchema


class NewsApi(Api):
    """flask-smorest's Api documenting our one error shape as the default error response."""

    ERROR_SCHEMA = ErrorSchema


class NewsFlask(Flask):
    """Flask asking once per function whether it is a coroutine function: Flask asks on every call of every
    hook and view (some twenty a request), and the answer for a function never changes."""

    MAX_REMEMBERED = 4096

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._is_coroutine: dict[Callable, bool] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        # A bound method's instance may be new each request (a MethodView's): its function is the key.
        key = getattr(func, "__func__", func)
        try:
            is_coroutine = self._is_coroutine.get(key)
        except TypeError:  # an unhashable callable object
            return super().ensure_sync(func)
        if is_coroutine is None:
            is_coroutine = iscoroutinefunction(func)
            if len(self._is_coroutine) < self.MAX_REMEMBERED:
                self._is_coroutine[key] = is_coroutine
        return self.async_to_sync(func) if is_coroutine else func


def create_app(overrides: Mapping | None = None) -> Flask:
    """Build the app; `overrides` (tests) win over the environment."""
    app = NewsFlask(__name__)
    app.json = OrjsonProvider(app)
    settings = config.from_env()
    if overrides:
        settings.update(overrides)
    app.config.update(settings)

    init_db(app.config["DATABASE_URL"], statement_timeout_ms=app.config["QUERY_TIMEOUT_MS"])

    @app.before_request
    def _connect() -> None:
        if observability.needs_database(request):
            db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc: BaseException | None) -> None:
        # Returns the connection to the pool; teardown runs even when the view raised.
        if not db.is_closed():
            db.close()

    api = NewsApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    errors.register(app)
    security.register(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix="/api/v1" + blueprint.url_prefix)
    observability.register(app)
    http.register(app)
    cli.register(app)
    return app
