"""HTTP around the API: ETag / 304, Cache-Control, gzip, CORS and the self-hosted docs assets.

Registered by `create_app` with one call, `http.register(app)`.
"""
from __future__ import annotations

import time
from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, Flask, Response, current_app, request, send_from_directory
from flask_compress import Compress
from flask_cors import CORS
from werkzeug.http import generate_etag, http_date, quote_etag

DOCS_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
assets = Blueprint("docs_assets", __name__)


@assets.get("/api/v1/docs/assets/<path:name>")
def docs_asset(name: str) -> Response:
    """Swagger UI's scripts and styles from the installed package: the docs page needs no internet."""
    return send_from_directory(DOCS_ASSETS, name, max_age=86400)


# As WSGI environ keys: read from the environ, an absent header costs a dict lookup (werkzeug's request.headers
# raises and catches a KeyError for each).
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


def header_names(response: Response) -> set[str]:
    """The lower-cased names of the headers a response has so far.

    One pass over werkzeug's header list: its `in`, `get` and `setdefault` scan the list and raise and catch a
    KeyError for an absent name, which the hooks after every request would otherwise pay a dozen times."""
    return {name.lower() for name in response.headers.keys()}


def _cache_headers(response: Response) -> Response:
    """A strong ETag on every successful GET (a hash of the body), 304 for a matching If-None-Match,
    and Cache-Control with the configured max-age."""
    req = request._get_current_object()
    if req.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    headers, present = response.headers, header_names(response)
    if "cache-control" not in present:
        headers.add("Cache-Control", f"public, max-age={current_app.config['CACHE_MAX_AGE']}")
    # Accept: text/csv picks another representation of the same URL. Added directly when no Vary is there yet
    # (the usual case): werkzeug's `vary` parses the header into a set and writes it back on every add.
    if "vary" in present:
        response.vary.add("Accept")
    else:
        headers.add("Vary", "Accept")
    if response.is_streamed:
        # Streamed CSV is written while it is read: no body to hash in advance.
        return response
    if "etag" not in present:
        # set_etag's value, added: it would first look for an ETag to replace, and there is none.
        headers.add("ETag", quote_etag(generate_etag(response.get_data())))
    environ = req.environ
    if not any(map(environ.get, CONDITIONAL_HEADERS)):
        # No validator sent: nothing to compare, so werkzeug's conditional handling (which parses the
        # request's date, range and etag headers each time) is skipped; it would only add the Date.
        if "date" not in present:
            headers.add("Date", _http_date_now())
        return response
    return response.make_conditional(req)


_date_text: tuple[int, str] = (0, "")


def _http_date_now() -> str:
    """`http_date()` of now: it has whole seconds, so it is formatted once a second, not once a request."""
    global _date_text
    now = int(time.time())
    if _date_text[0] != now:
        _date_text = (now, http_date(now))
    return _date_text[1]


def register(app: Flask) -> None:
    """Add caching, compression, CORS and the docs assets to the app."""
    app.config.setdefault("COMPRESS_MIMETYPES", ["application/json", "text/csv", "text/html",
                                                 "text/css", "application/javascript", "text/javascript"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip", "deflate"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["gzip", "deflate"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    # Compress runs after the ETag hook (Flask runs after_request hooks last-registered first), so the
    # ETag is taken on the plain body and Compress suffixes it with the encoding.
    Compress(app)
    app.after_request(_cache_headers)
    origins = app.config["CORS_ORIGINS"]
    # "*" answered as "*" (not the caller's origin echoed back), so shared caches need no Vary: Origin.
    CORS(app, resources={r"/api/*": {"origins": origins}}, send_wildcard=origins == "*",
         methods=["GET", "HEAD", "OPTIONS"], expose_headers=["ETag", "Link"], max_age=86400)
    app.register_blueprint(assets)
