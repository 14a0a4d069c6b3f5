"""The ceiling: a bare Flask app answering a fixed JSON body of a requested size.

`GET /ceiling/<size>` returns the same bytes every time (built once per size), so a run measures
gunicorn + Flask + the network path and nothing else.
"""
from __future__ import annotations

import json
from functools import cache

from flask import Flask, Response

app = Flask(__name__)


@cache
def body(size: int) -> bytes:
    """A JSON document of `size` bytes (at least one item) shaped like a list page."""
    item = {"id": "0" * 16, "title": "x" * 80, "description": "y" * 200}
    one = len(json.dumps(item)) + 1
    data = [item] * max(size // one - 1, 1)
    doc = {"data": data, "links": {"self": "/", "next": None}, "meta": {"count": len(data), "limit": 20}, "pad": ""}
    # Pad to the exact size so the ceiling moves the same bytes as the response it stands for.
    doc["pad"] = "p" * max(size - len(json.dumps(doc)), 0)
    return json.dumps(doc).encode()


@app.get("/ceiling/<int:size>")
def fixed(size: int) -> Response:
    """The fixed body of that size."""
    return Response(body(size), mimetype="application/json")


@app.get("/healthz")
def health() -> Response:
    return Response(b'{"status":"ok"}', mimetype="application/json")
