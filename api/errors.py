"""The one JSON error shape for every 4xx and 5xx: {"code", "status", "message", "errors"?}."""
from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def error_body(exc: HTTPException) -> dict:
    """The error shape for an HTTP exception; `errors` holds per-parameter messages when there are any."""
    body = {"code": exc.code, "status": exc.name, "message": exc.description or exc.name}
    data = getattr(exc, "data", None) or {}
    if data.get("messages"):
        body["errors"] = data["messages"]
        names = sorted({name for location in data["messages"].values() for name in location})
        body["message"] = "invalid parameter: " + ", ".join(names)
    if data.get("message"):
        body["message"] = data["message"]
    if data.get("errors"):
        body["errors"] = data["errors"]
    return body


def handle_http_exception(exc: HTTPException):
    response = jsonify(error_body(exc))
    response.status_code = exc.code or 500
    for name, value in ((getattr(exc, "data", None) or {}).get("headers") or {}).items():
        response.headers[name] = value
    if exc.code == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def handle_unexpected(exc: Exception):
    # Logged with its traceback for the operator; the client sees only the error shape.
    current_app.logger.exception("unhandled error")
    return handle_http_exception(InternalServerError())


def register(app: Flask) -> None:
    """Route every error through the one shape (replaces flask-smorest's handler with the same shape)."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
