"""Keyset (cursor) pagination: a page continues after the last row's sort key, never at an offset."""
from __future__ import annotations

import base64
import json

from flask import current_app, request
from marshmallow import ValidationError


def encode_cursor(values: list) -> str:
    """An opaque, URL-safe cursor for the sort key of the last row of a page."""
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list:
    """The sort key a cursor holds; a ValidationError (a 400 naming `cursor`) if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("not a valid cursor") from None
    if not isinstance(values, list) or not values:
        raise ValidationError("not a valid cursor")
    return values


def page_limit(args: dict) -> int:
    return args.get("limit") or current_app.config["PAGE_SIZE_DEFAULT"]


def envelope(rows: list, limit: int, key_of) -> dict:
    """The list envelope for rows fetched with limit + 1: data, links (self, next) and meta."""
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if has_more:
        args = request.args.to_dict(flat=False)
        args["cursor"] = [encode_cursor(key_of(rows[-1]))]
        next_url = _url(args)
    return {
        "data": rows,
        "links": {"self": request.full_path.rstrip("?"), "next": next_url},
        "meta": {"count": len(rows), "limit": limit},
    }


def _url(args: dict) -> str:
    from urllib.parse import urlencode

    return request.path + "?" + urlencode([(k, v) for k, vs in args.items() for v in vs])
