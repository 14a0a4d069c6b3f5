"""Exact totals and groupings remembered on a SQLite connection until the database changes.

A list's total and a timeline read every matching index entry, so their cost grows with the corpus while a
page's does not. SQLite tells a connection cheaply whether anything could have changed since it last
looked: `data_version` moves when another connection (or process) commits, `schema_version` when the
schema changes, and the connection's own `total_changes` when it writes. While all three stand still, a
query run earlier on the same connection gives the same answer, so its result is reused: still exact, at
the cost of one pragma read, taken once per request (a request's lookups are answered as of its first one;
its own writes are seen at once). PostgreSQL has no such signal; there every call computes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import peewee
from flask import g, has_request_context

from api.db import MemoConnection, db

T = TypeVar("T")

# Results kept per connection; past this many distinct keys the memo starts afresh (a bound, not an LRU).
MAX_ENTRIES = 4096
_VERSION_SQL = ("SELECT (SELECT data_version FROM pragma_data_version), "
                "(SELECT schema_version FROM pragma_schema_version)")


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from an earlier call with the same key when the database has not changed
    since. The key must name everything the result depends on (query kind and parameter values)."""
    conn = db.connection()
    if not isinstance(conn, MemoConnection):
        return compute()
    # Read before computing: a commit landing in between makes the next call recompute, never reuse.
    version = (*_database_version(conn), conn.total_changes)
    memo = conn.memo
    if memo is None or memo[0] != version or len(memo[1]) >= MAX_ENTRIES:
        memo = conn.memo = (version, {})
    results = memo[1]
    if key not in results:
        results[key] = compute()
    return results[key]


def _database_version(conn: MemoConnection) -> tuple:
    """(data_version, schema_version) as `conn` sees them, read once per request on that connection."""
    in_request = has_request_context()
    if in_request:
        seen = g.get("database_version")
        if seen is not None and seen[0] is conn:
            return seen[1]
    with peewee.__exception_wrapper__:  # driver errors as peewee's, like every other query's
        version = conn.execute(_VERSION_SQL).fetchone()
    if in_request:
        g.database_version = (conn, version)
    return version
