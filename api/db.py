"""The database handle: a proxy bound late to SQLite or PostgreSQL from DATABASE_URL."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from peewee import (
    SQL,
    AutoField,
    CharField,
    Database,
    DatabaseProxy,
    Expression,
    Field,
    ForeignKeyField,
    IntegerField,
    ModelDictCursorWrapper,
    ModelTupleCursorWrapper,
    TextField,
    Value,
    fn,
)
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

db = DatabaseProxy()

# WAL lets readers go on while the loader writes; busy_timeout makes a second writer wait, not fail.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 10000,
    "cache_size": -64000,
}

_deadline = threading.local()


def set_query_deadline(seconds: float | None) -> None:
    """Bound the SQLite statements this thread runs from now on (None: no bound); see TimedSqliteDatabase."""
    _deadline.at = time.monotonic() + seconds if seconds else None


class MemoConnection(sqlite3.Connection):
    """A SQLite connection that can carry results remembered until the database changes (api/snapshot.py)."""

    memo: tuple[tuple, dict] | None = None  # (the version it was filled at, key -> result)


class TimedSqliteDatabase(PooledSqliteDatabase):
    """SQLite with a progress handler that interrupts a statement running past the thread's deadline,
    so an expensive query is answered with an error instead of holding a worker."""

    def _add_conn_hooks(self, conn):
        super()._add_conn_hooks(conn)
        conn.set_progress_handler(_past_deadline, 10000)


def _past_deadline() -> int:
    at = getattr(_deadline, "at", None)
    return 1 if at is not None and time.monotonic() > at else 0


def open_database(url: str, statement_timeout_ms: int = 0) -> Database:
    """A pooled database for a URL: one connection per thread, reused across requests."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path or path == ":memory:":
            raise ValueError("an in-memory SQLite database cannot be shared; give a file path")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return TimedSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, max_connections=32,
                                   stale_timeout=300, check_same_thread=False, factory=MemoConnection)
    # Query parameters pass through to libpq: ?sslmode=require, ?options=-csearch_path%3Dx, ...
    extra = dict(parse_qsl(parsed.query))
    extra.setdefault("connect_timeout", 5)
    if statement_timeout_ms:
        extra["options"] = (extra.get("options", "") + f" -c statement_timeout={statement_timeout_ms}").strip()
    return PooledPostgresqlDatabase(
        unquote(parsed.path.lstrip("/")),
        user=unquote(parsed.username) if parsed.username else None,
        password=unquote(parsed.password) if parsed.password else None,
        host=parsed.hostname or None,
        port=parsed.port or None,
        max_connections=32,
        stale_timeout=300,
        **extra,
    )


def init_db(url: str, statement_timeout_ms: int = 0) -> Database:
    """Bind the proxy to the database named by url and return it."""
    database = open_database(url, statement_timeout_ms)
    db.initialize(database)
    return database


def is_sqlite() -> bool:
    """Whether the bound database is SQLite (some SQL differs)."""
    return isinstance(db.obj, PooledSqliteDatabase)


def one_of(field: Field, values: Iterable[str]) -> Expression:
    """`field IN (values)` for a long list of strings, bound as one parameter (a JSON array read by
    json_each on SQLite, an array on PostgreSQL): the query builder's IN list costs a node per value,
    which at thousands of values a batch cost more than the query itself."""
    values = list(values)
    if not values:
        return field.in_([])
    if is_sqlite():
        return field.in_(SQL("(SELECT value FROM json_each(?))", [json.dumps(values)]))
    return field == fn.ANY(Value(values, converter=False, unpack=False))


class PreparedQuery:
    """A peewee query compiled to SQL once per database and then run with new parameter values.

    Compiling a query in peewee costs far more CPU than SQLite spends answering a small indexed lookup, and
    every request makes a few of these; the SQL is the same each time, only the values change. `build` takes
    the parameters and returns the query; it is called once with stand-ins, whose places in the compiled
    parameter list are remembered, so it must pass its arguments through unchanged (no transformation).

    `rows` of a `.dicts()` or `.tuples()` query are read with the converters peewee would apply, worked out
    once (see `_RowReader`), instead of peewee's row wrapper, whose per-row bookkeeping costs more than the
    few conversions a row needs.
    """

    def __init__(self, build: Callable[..., object]):
        self.build = build
        self._compiled: tuple[object, str, list, object] | None = None  # (database, sql, slots, query)
        self._reader: _RowReader | None = None

    def _compile(self, arity: int) -> tuple:
        compiled = self._compiled
        if compiled is None or compiled[0] is not db.obj:
            stand_ins = [f"\x00param{i}\x00" for i in range(arity)]
            query = self.build(*stand_ins)
            sql, params = query.sql()
            # A slot is an argument's index, or a constant the query holds (kept as it is).
            slots = [(True, stand_ins.index(p)) if p in stand_ins else (False, p) for p in params]
            compiled = self._compiled = (db.obj, sql, slots, query)
            self._reader = None
        return compiled

    def execute(self, *args):
        """The cursor of the query run with `args`."""
        _, sql, slots, _ = self._compile(len(args))
        return db.execute_sql(sql, [args[v] if is_arg else v for is_arg, v in slots])

    def rows(self, *args) -> list:
        """The rows as the built query gives them (its .dicts() / .tuples() / models, values converted)."""
        query = self._compile(len(args))[3]
        cursor = self.execute(*args)
        # peewee's own row reader for the query's columns: it depends on the columns, not on the values.
        wrapper = query._get_cursor_wrapper(cursor)
        if type(wrapper) not in (ModelDictCursorWrapper, ModelTupleCursorWrapper):
            return list(wrapper)
        if self._reader is None:
            wrapper.initialize()
            self._reader = _RowReader(wrapper)
        return self._reader.read(cursor)


class _RowReader:
    """Rows of one query as dicts or tuples, converting only the columns whose values need it (dates, JSON):
    the same values peewee's ModelDict/ModelTuple cursor wrappers give."""

    def __init__(self, wrapper):
        self.as_dicts = isinstance(wrapper, ModelDictCursorWrapper)
        self.columns = wrapper.unique_columns if self.as_dicts else wrapper.columns
        self.converters = [(i, c) for i, c in enumerate(wrapper.converters)
                           if c is not None and plain_type(getattr(c, "__self__", None)) is None]

    def read(self, cursor) -> list:
        rows = cursor.fetchall()
        converters = self.converters
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, convert in converters:
                    row[i] = convert(row[i])
        if self.as_dicts:
            columns = self.columns
            return [dict(zip(columns, row, strict=True)) for row in rows]
        return [tuple(row) for row in rows]


# Field types whose values pass between Python and the driver unchanged, both ways, on both databases.
_PLAIN = {AutoField: int, IntegerField: int, CharField: str, TextField: str}


def plain_type(field: Field | None) -> type | None:
    """The type (str or int) whose values `field` (or the key a foreign key points at) stores and reads back
    as they are, so its db_value / python_value may be skipped for them; None for any other field."""
    while type(field) is ForeignKeyField:
        field = field.rel_field
    return _PLAIN.get(type(field))
