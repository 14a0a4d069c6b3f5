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
# Printable, no spaces, bounded: anything else is replaced rather than echoed into logs and headers.
_VALID_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
# LogRecord's own attributes; anything else on a record came from `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}

access_log = logging.getLogger("api.access")
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
        return json.dumps(entry, ensure_ascii=False, default=str)


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


def _assign_id() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex
    g.log_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = g.request_id
    quiet = request.endpoint in QUIET_ENDPOINTS and response.status_code < 400
    access_log.log(
        logging.DEBUG if quiet else logging.INFO, "%s %s %s", request.method, request.path, response.status_code,
        extra={"method": request.method, "path": request.full_path.rstrip("?"), "status": response.status_code,
               "duration_ms": round((time.perf_counter() - g.log_started) * 1000, 2),
               "remote_addr": request.remote_addr, "user_agent": request.user_agent.string or None},
    )
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
