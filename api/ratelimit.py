"""Rate limits (flask-limiter): RATE_LIMIT on every endpoint by default, RATE_LIMIT_WRITES on the write views
(api/routes/writes.py); each counted per endpoint and per caller (API key, else client address).

flask-limiter works out anew on every request which limits apply to it (the view's and its blueprints'
exemptions, decorated, blueprint, application and meta limits, with ordered sets so that none counts twice):
some 50 µs, five times the counting itself. `Limiter` below decides that once per endpoint and counts a request
to an endpoint that takes just the default limits directly; everything else takes the library's own path.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from weakref import WeakKeyDictionary

import flask
from flask import Flask, current_app, request
from flask_limiter import ExemptionScope, Limit, RateLimitExceeded, RequestLimit
from flask_limiter import Limiter as LibraryLimiter
from flask_limiter.util import get_qualified_name, get_remote_address

from api import auth, limitstore  # noqa: F401 - limitstore registers the memory:// storage


def rate_limit_key() -> str:
    """Limit per API key when one is presented, else per client address."""
    # From the WSGI environ: werkzeug's headers raise and catch a KeyError for an absent header.
    parsed = auth.parse_token(request.environ.get("HTTP_AUTHORIZATION", ""))
    if parsed is not None:
        return "key:" + parsed[0]
    return "addr:" + (get_remote_address() or "unknown")


@dataclasses.dataclass(unsafe_hash=True, kw_only=True)
class ConfiguredLimit(Limit):
    """A limit read from the app's config on each request (so every app built by create_app gets its own),
    parsed once per distinct value: flask-limiter parses a callable limit's string anew on every request."""

    _parsed: dict = dataclasses.field(default_factory=dict, compare=False, hash=False, repr=False)

    def __iter__(self) -> Iterator:
        text = self.limit_provider()
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = self._parsed[text] = tuple(super().__iter__())
        return iter(parsed)


class Limiter(LibraryLimiter):
    """flask-limiter's Limiter, counting a request to an endpoint that takes only the default limits without
    resolving them again.

    Whether an endpoint takes only the defaults (no decorated or blueprint limit, no exemption, no application or
    meta limit) is asked of the library's limit manager on the endpoint's first request. Such a request is then
    counted as the library counts it: the same strategy and keys, the same request limits recorded for the
    library's after-request hook (which writes the X-RateLimit-* and Retry-After headers), the same
    RateLimitExceeded (a 429 in the error shape). A limit with a breach callback, conditional deduction or
    meta limit, a request filter, a storage fallback or swallowed storage errors, or a limit decorated on a
    callable inside a view: the library's own path.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._defaults_only: WeakKeyDictionary[Flask, dict[str, bool]] = WeakKeyDictionary()

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        endpoint = self.identify_request()
        limits = self._default_limits_of_request(endpoint) if in_middleware else None
        if limits is None:
            return super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)
        self._count(endpoint, limits)

    def _default_limits_of_request(self, endpoint: str) -> list | None:
        """The default limits when they are all the request's endpoint takes and count plainly, else None."""
        if (not endpoint or not (self.enabled and self.initialized) or self._request_filters
                or self._on_breach is not None or self._storage_dead or self._in_memory_fallback_enabled
                or self._swallow_errors or self.limit_manager.has_hints(endpoint)):
            return None
        app = current_app._get_current_object()
        known = self._defaults_only.setdefault(app, {})
        defaults_only = known.get(endpoint)
        if defaults_only is None:
            defaults_only = known[endpoint] = self._takes_defaults_only(app, endpoint, request.blueprint)
        if not defaults_only:
            return None
        limits = self.limit_manager.default_limits
        if any(lim.meta_limits or lim.on_breach or lim.deduct_when for lim in limits):
            return None
        return limits

    def _takes_defaults_only(self, app: Flask, endpoint: str, blueprint: str | None) -> bool:
        view = app.view_functions.get(endpoint)
        manager = self.limit_manager
        return bool(
            view is not None and endpoint.rsplit(".", 1)[-1] != "static"
            and get_qualified_name(view) not in self._marked_for_limiting
            and manager.exemption_scope(app, endpoint, blueprint) == ExemptionScope.NONE
            and not (blueprint and manager.blueprint_limits(app, blueprint))
            and not manager.application_limits and not self._meta_limits)

    def _count(self, endpoint: str, limits: list) -> None:
        """Hit each limit for this request as the library's evaluation does, recording them for its headers."""
        context = self.context
        context.seen_limits.update(limits)  # a limit decorated inside the view must not count them again
        method = request.method
        view_limits: list[RequestLimit] = []
        breached: list[tuple] = []
        for lim in sorted(limits, key=lambda x: x.limit):
            if lim.is_exempt or lim.method_exempt:
                continue
            args = [lim.key_func(), lim.scope_for(endpoint, method)]
            if not all(args):
                self.logger.error(f"Skipping limit: {lim.limit}. Empty value found in parameters.")
                continue
            if self._key_prefix:
                args = [self._key_prefix, *args]
            view_limit = RequestLimit(self, lim.limit, args, False, lim.shared)
            view_limits.append(view_limit)
            if not self.limiter.hit(lim.limit, *args, cost=lim.deduction_amount):
                self.logger.info("ratelimit %s (%s) exceeded at endpoint: %s", lim.limit, args[-2], args[-1])
                view_limit.breached = True
                breached.append((lim, view_limit))
                if self._fail_on_first_breach:
                    break
        if breached:
            header_limit = breached[-1][1]
        else:  # the library's choice: a limit of this endpoint's own over a shared one
            header_limit = next((v for v in view_limits if not v.shared), view_limits[0] if view_limits else None)
        context.view_rate_limit = header_limit
        context.view_rate_limits = view_limits
        if breached:
            raise RateLimitExceeded(breached[0][0])


limiter = Limiter(key_func=rate_limit_key, headers_enabled=True,
                  default_limits=[ConfiguredLimit(limit_provider=lambda: current_app.config["RATE_LIMIT"],
                                                  key_function=rate_limit_key, finalized=False)])


def register(app: flask.Flask) -> None:
    """Count every request against the app's limits (storage from RATE_LIMIT_STORAGE_URL)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["RATE_LIMIT_STORAGE_URL"])
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
