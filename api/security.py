"""Hardening: security headers, rate limits (api/ratelimit.py), read-key enforcement and clear errors for a
database that is down or a query that runs too long."""
from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, current_app
from peewee import InterfaceError, OperationalError
from werkzeug.exceptions import ServiceUnavailable

from api import auth, ratelimit
from api.db import db, set_query_deadline
from api.errors import handle_http_exception
from api.http import header_names

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
JSON_CSP = "default-src 'none'; frame-ancestors 'none'"
# The docs page loads its own scripts and styles from this server only; its one inline script (Swagger
# UI's start-up) is allowed by its hash, so no other inline script can run.
HTML_CSP = ("default-src 'none'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def register(app: Flask) -> None:
    """Install the headers, the limiter, read-key checks and database-error handling."""
    ratelimit.register(app)
    app.before_request(_start_deadline)
    app.teardown_request(lambda exc: set_query_deadline(None))
    app.before_request(auth.check_read_access)
    app.after_request(_secure_headers)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)


def _secure_headers(response: Response) -> Response:
    headers, present = response.headers, header_names(response)
    for name, value in HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if "content-security-policy" not in present:
        if response.mimetype == "text/html" and not response.is_streamed:
            hashes = "".join(f" 'sha256-{_digest(script)}'"
                             for script in INLINE_SCRIPT.findall(response.get_data(as_text=True)))
            headers.add("Content-Security-Policy", HTML_CSP.format(hashes=hashes))
        else:
            headers.add("Content-Security-Policy", JSON_CSP)
    return response


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def _start_deadline() -> None:
    timeout_ms = current_app.config["QUERY_TIMEOUT_MS"]
    set_query_deadline(timeout_ms / 1000 if timeout_ms else None)


def _database_unavailable(exc: Exception):
    # A broken connection must not go back to the pool: the next request opens a fresh one, so the
    # service recovers by itself once the database is back.
    if not db.is_closed():
        try:
            db.manual_close()
        except Exception:  # noqa: BLE001 - the connection is already unusable
            pass
    text = str(exc).lower()
    error = ServiceUnavailable()
    if "interrupted" in text or "statement timeout" in text:
        error.data = {"message": "the query took too long and was stopped; narrow the filters"}
    else:
        error.data = {"message": "the database is unavailable; try again shortly", "headers": {"Retry-After": "5"}}
        # The detail (it may name hosts) goes to the log only.
        current_app.logger.error("database unavailable: %s", str(exc).strip())
    return handle_http_exception(error)
