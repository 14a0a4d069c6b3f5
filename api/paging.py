"""Keyset (cursor) pagination: a page continues after the last row's sort key, never at an offset.

A sort is a list of `SortKey`s ending with a unique key (the id), so every row has a distinct position.
The cursor holds the sort's name and the last row's key values; the next page is the rows strictly after
them in the sort order, so rows inserted meanwhile never shift a page (no duplicates, no gaps). NULLs sort
last whatever the direction.
"""
from __future__ import annotations

import base64
import json
import operator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request
from marshmallow import ValidationError
from peewee import SQL, Node, Tuple

# json.dumps(values, separators=(",", ":"), default=str), less building the encoder for every cursor.
_encode = json.JSONEncoder(separators=(",", ":"), default=str).encode


def encode_cursor(values: list) -> str:
    """An opaque, URL-safe cursor for the sort key of the last row of a page."""
    raw = _encode(values).encode()
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


@dataclass(frozen=True)
class SortKey:
    """One column of a sort: its SQL expression, direction, the row attribute holding its value and kind."""

    expr: Node
    attr: str
    desc: bool = False
    kind: str = "text"  # text | datetime | number
    nullable: bool = False

    def order(self) -> Node:
        if self.nullable:
            return self.expr.desc(nulls="LAST") if self.desc else self.expr.asc(nulls="LAST")
        return self.expr.desc() if self.desc else self.expr.asc()

    def value_of(self, row: Any) -> Any:
        value = row
        for part in self.attr.split("."):  # "article.published_ts": a joined row's column
            value = value.get(part) if isinstance(value, dict) else getattr(value, part)
        if self.kind == "datetime" and isinstance(value, str):
            # Selected as stored (SQLite's text, api.models.LIST_COLUMNS): converted as its column would be.
            value = self.expr.python_value(value)
        return value.isoformat() if isinstance(value, datetime) else value

    def parse(self, value: Any) -> Any:
        """A cursor value back to what the column holds; ValueError when it cannot be one."""
        if value is None:
            if not self.nullable:
                raise ValueError("null")
            return None
        if self.kind == "datetime":
            return datetime.fromisoformat(value)
        if self.kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError("not a number")
        if self.kind == "text" and not isinstance(value, str):
            raise ValueError("not text")
        return value

    def beyond(self, value: Any) -> Node | None:
        """Rows strictly after `value` in this key's order (None: nothing sorts after a NULL)."""
        if value is None:
            return None
        after = (self.expr < value) if self.desc else (self.expr > value)
        return (after | self.expr.is_null()) if self.nullable else after

    def equal(self, value: Any) -> Node:
        return self.expr.is_null() if value is None else (self.expr == value)


class Keyset:
    """A named sort over several keys: its ORDER BY, its cursors and the condition for 'after a cursor'."""

    def __init__(self, name: str, keys: list[SortKey]):
        self.name = name
        self.keys = keys

    def order_by(self) -> list[Node]:
        return [k.order() for k in self.keys]

    def cursor_of(self, row: Any) -> str:
        return encode_cursor([self.name, *(k.value_of(row) for k in self.keys)])

    def decode(self, cursor: str) -> list:
        """The key values in a cursor made by this sort; a ValidationError naming the cursor otherwise."""
        values = decode_cursor(cursor)
        if values[0] != self.name or len(values) != len(self.keys) + 1:
            raise ValidationError("this cursor belongs to another sort or list")
        try:
            return [k.parse(v) for k, v in zip(self.keys, values[1:], strict=True)]
        except (TypeError, ValueError):
            raise ValidationError("not a valid cursor") from None

    def _seekable(self) -> bool:
        # One direction throughout and only the leading key nullable: the position is a row-value range
        # an index can seek to, plus (for the leading key) a second segment of NULLs.
        return (len({k.desc for k in self.keys}) == 1
                and not any(k.nullable for k in self.keys[1:]))

    def segments(self, after: list | None) -> list[tuple[Node | None, list[Node]]]:
        """The (condition, ORDER BY) of each query to run in turn until a page is full.

        Usually one. For a seekable sort continuing inside the non-NULL rows it is two: a row-value range
        (`(published_ts, id) < (?, ?)`, which an index seeks to in O(log n) however deep the page) and then
        the NULLs, because `... OR published_ts IS NULL` in one query makes both databases scan instead.
        """
        if after is None:
            return [(None, self.order_by())]
        if not self._seekable():
            return [(self.after(after), self.order_by())]
        lead, desc = self.keys[0], self.keys[0].desc
        plain = [k.expr.desc() if desc else k.expr.asc() for k in self.keys]
        if lead.nullable and after[0] is None:
            rest = Tuple(*[k.expr for k in self.keys[1:]])
            bound = Tuple(*after[1:])
            return [(lead.expr.is_null() & ((rest < bound) if desc else (rest > bound)), plain[1:])]
        if len(self.keys) == 1:
            row, bound = lead.expr, after[0]
        else:
            row, bound = Tuple(*[k.expr for k in self.keys]), Tuple(*after)
        segments = [((row < bound) if desc else (row > bound), plain)]
        if lead.nullable:
            segments.append((lead.expr.is_null(), plain[1:]))
        return segments

    def fetch(self, make_query, after: list | None, n: int) -> list:
        """At most n rows after the cursor's values: `make_query()` is filtered and ordered per segment."""
        rows: list = []
        for condition, order in self.segments(after):
            query = make_query()
            if condition is not None:
                query = query.where(condition)
            rows += list(query.order_by(*order).limit(n - len(rows)))
            if len(rows) >= n:
                break
        return rows

    def fetch_query(self, query, n):
        """The query of a first page (no cursor) of at most n rows."""
        return query.order_by(*self.order_by()).limit(n)

    def after(self, values: list) -> Node:
        """Lexicographic 'after': key 1 beyond, or key 1 equal and key 2 beyond, and so on."""
        clauses, equal = [], []
        for key, value in zip(self.keys, values, strict=True):
            beyond = key.beyond(value)
            if beyond is not None:
                clauses.append(reduce(operator.and_, [*equal, beyond]))
            equal.append(key.equal(value))
        return reduce(operator.or_, clauses) if clauses else SQL("1 = 0")


def page_limit(args: dict) -> int:
    """The page size asked for, or the configured default."""
    return args.get("limit") or current_app.config["PAGE_SIZE_DEFAULT"]


def envelope(rows: list, limit: int, key_of, total: int | None = None, total_kind: str | None = None) -> dict:
    """The list envelope for rows fetched with limit + 1: data, links (self, next) and meta.

    `key_of` gives a row's cursor: a Keyset's `cursor_of`, or a function returning a list of key values.
    """
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if has_more:
        cursor = key_of(rows[-1])
        args = request.args.to_dict(flat=False)
        args["cursor"] = [cursor if isinstance(cursor, str) else encode_cursor(cursor)]
        next_url = _url(args)
    meta = {"count": len(rows), "limit": limit}
    if total_kind is not None:
        meta.update(total=total, total_kind=total_kind)
    return {
        "data": rows,
        "links": {"self": request.full_path.rstrip("?"), "next": next_url},
        "meta": meta,
    }


def link_headers(page: dict) -> dict:
    """The HTTP `Link: <next>; rel="next"` header for a page (empty on the last page)."""
    nxt = page["links"].get("next")
    return {"Link": f'<{_host_url()}{nxt}>; rel="next"'} if nxt else {}


# request.host_url (without its "/") by scheme, host and root path, the only things it is made of: werkzeug
# builds and IRI-decodes it anew on each request. Bounded: the Host header is the client's to choose.
_HOST_URLS: dict[tuple[str, str, str], str] = {}
MAX_HOST_URLS = 256


def _host_url() -> str:
    req = request._get_current_object()
    key = (req.scheme, req.host, req.root_path)
    url = _HOST_URLS.get(key)
    if url is None:
        if len(_HOST_URLS) >= MAX_HOST_URLS:
            _HOST_URLS.clear()
        url = _HOST_URLS[key] = req.host_url.rstrip("/")
    return url


def _url(args: dict) -> str:
    return request.path + "?" + urlencode([(k, v) for k, vs in args.items() for v in vs])
