"""Structured logs: one JSON object a line on stdout, each carrying the request id of the request it is about.

The request id comes from the client's `X-Request-ID` when it is a sane token (a proxy's or a caller's id,
so one request can be followed across services), else a new one; it is returned in `X-Request-ID`.
gunicorn.conf.py routes gunicorn's own logs through the same formatter; the app writes one access line
per request (gunicorn's access log is off, since it cannot see the request id).
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
_ENVIRON_KEY = "HTTP_X_REQUEST_ID"
# Printable, no spaces, bounded: anything else is replaced rather than echoed into logs and headers.
_VALID_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
# LogRecord's own attributes; anything else on a record came from `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}

access_log = logging.getLogger("api.access")
# json.dumps(entry, ensure_ascii=False, default=str), less building this encoder anew for every line.
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
# Probes and scrapes arrive every few seconds from each orchestrator and Prometheus: logged at DEBUG when
# they succeed, so the access log shows traffic, not polling.
QUIET_ENDPOINTS = {"health.healthz", "health.readyz", "metrics.metrics"}


class JsonFormatter(logging.Formatter):
    """{"ts", "level", "logger", "message", "request_id"?, ...extra fields, "exc_info"?} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return _encode(entry)


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


def _assign_id() -> None:
    # The header read from the WSGI environ: werkzeug's headers raise and catch a KeyError when it is absent.
    given = request.environ.get(_ENVIRON_KEY, "")
    ctx = g._get_current_object()
    ctx.request_id = given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex
    ctx.log_started = time.perf_counter()


def _finish(response: Response) -> Response:
    # The request and g looked up once each, not a dozen times through their proxies.
    req, ctx = request._get_current_object(), g._get_current_object()
    response.headers[HEADER] = ctx.request_id
    status = response.status_code
    level = logging.DEBUG if req.endpoint in QUIET_ENDPOINTS and status < 400 else logging.INFO
    if access_log.isEnabledFor(level):
        # What access_log.log() does, less looking up the caller's source line (a line never shows it).
        access_log.handle(access_log.makeRecord(
            access_log.name, level, "(unknown file)", 0, "%s %s %s", (req.method, req.path, status), None,
            extra={"method": req.method, "path": req.full_path.rstrip("?"), "status": status,
                   "duration_ms": round((time.perf_counter() - ctx.log_started) * 1000, 2),
                   "remote_addr": req.remote_addr, "user_agent": req.user_agent.string or None}))
    return response


def _stamp_request_ids() -> None:
    """Record the request id on each log record when it is made (a handler may format it later, elsewhere)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "stamps_request_id", False):
        return

    def stamped(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    stamped.stamps_request_id = True
    logging.setLogRecordFactory(stamped)


def register(app: Flask) -> None:
    """Give every request an id first, before any other hook can log."""
    _stamp_request_ids()
    app.before_request_funcs.setdefault(None, []).insert(0, _assign_id)
    app.after_request(_finish)
