"""The database handle: a proxy bound late to SQLite or PostgreSQL from DATABASE_URL."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from peewee import Database, DatabaseProxy
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


def open_database(url: str) -> Database:
    """A pooled database for a URL: one connection per thread, reused across requests."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path or path == ":memory:":
            raise ValueError("an in-memory SQLite database cannot be shared; give a file path")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return PooledSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, max_connections=32,
                                    stale_timeout=300, check_same_thread=False)
    # Query parameters pass through to libpq: ?sslmode=require, ?options=-csearch_path%3Dx, ...
    extra = dict(parse_qsl(parsed.query))
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


def init_db(url: str) -> Database:
    """Bind the proxy to the database named by url and return it."""
    database = open_database(url)
    db.initialize(database)
    return database


def is_sqlite() -> bool:
    """Whether the bound database is SQLite (some SQL differs)."""
    return isinstance(db.obj, PooledSqliteDatabase)
