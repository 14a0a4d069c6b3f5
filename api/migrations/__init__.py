"""Versioned schema migrations: numbered modules applied in order and recorded in `schema_version`.

Each module `api/migrations/vNNNN_<what>.py` defines `upgrade(database, migrator)`; the runner applies
the pending ones, each in its own transaction under a lock (so replicas starting together take turns),
and records a row per version. A database made by the unversioned skeleton (`init-db` before
migrations existed) has the tables of version 1 and no version table: it is stamped as version 1.

Adding a migration (after changing api/models.py):
  1. copy the newest module to the next number, e.g. `v0002_article_fts.py`, and write its `upgrade`
     with playhouse.migrate operations (`migrate(migrator.add_column("article", "lang", field))`) or
     `database.execute_sql(...)`, branching on `is_sqlite(database)` where the SQL differs;
  2. never edit an applied migration: existing databases will not run it again;
  3. `pytest tests/test_migrations.py` checks the migrated schema equals the models' schema on SQLite
     and PostgreSQL, and that a version-1 database holding data upgrades without losing rows.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from peewee import CharField, Database, DateTimeField, IntegerField, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.migrate import SchemaMigrator

VERSION_TABLE = "schema_version"
# pg_advisory_xact_lock key: any constant unique to this application ("news" in ASCII).
LOCK_KEY = 0x6E657773
# A table of version 1: its presence without a version table marks a database made before migrations.
BASELINE_TABLE = "article"


class SchemaVersion(Model):
    """One applied migration."""

    version = IntegerField(primary_key=True)
    name = CharField(max_length=100)
    applied_at = DateTimeField()

    class Meta:
        table_name = VERSION_TABLE


@dataclass(frozen=True)
class Migration:
    """A numbered schema change."""

    version: int
    name: str
    upgrade: Callable[[Database, SchemaMigrator], None]


def is_sqlite(database: Database) -> bool:
    """Whether a migration runs on SQLite (where some DDL differs)."""
    return isinstance(database, SqliteDatabase)


def discover() -> list[Migration]:
    """Every migration module in this package, in version order; versions must run 1, 2, 3, ..."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        match = re.fullmatch(r"v(\d{4})_(\w+)", info.name)
        if match:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(match.group(1)), match.group(2), module.upgrade))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..N without gaps, found {[m.version for m in found]}")
    return found


def head() -> int:
    """The version the code expects: the newest migration's."""
    return len(discover())


def _table_exists(database: Database, name: str) -> bool:
    # get_tables() looks in the current schema on PostgreSQL, so a search_path in DATABASE_URL is honoured.
    return name in database.get_tables()


def current_version(database: Database) -> int:
    """The applied version: 0 for an empty database, 1 for an unversioned skeleton database."""
    if _table_exists(database, VERSION_TABLE):
        with database.bind_ctx([SchemaVersion]):
            return SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version.desc()).scalar() or 0
    return 1 if _table_exists(database, BASELINE_TABLE) else 0


@contextmanager
def locked(database: Database) -> Iterator[None]:
    """One transaction holding the migration lock; a second process blocks here until the first is done."""
    if isinstance(database, PostgresqlDatabase):
        with database.atomic():
            # The API's statement_timeout would cancel the wait, and a long migration's back-fill.
            database.execute_sql("SET LOCAL statement_timeout = 0")
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            yield
    else:
        # BEGIN IMMEDIATE takes SQLite's write lock up front; others wait up to busy_timeout.
        with database.atomic("IMMEDIATE"):
            yield


@contextmanager
def exclusive(database: Database) -> Iterator[None]:
    """A lock held across several transactions (seeding), so replicas starting together take turns.

    PostgreSQL only: one SQLite file is served by one host, whose container starts once.
    """
    if not isinstance(database, PostgresqlDatabase):
        yield
        return
    # No statement_timeout while waiting for (or seeding under) the lock: the first replica's seeding
    # lasts as long as the NLP takes. RESET restores the connection's own default afterwards.
    database.execute_sql("SET statement_timeout = 0")
    try:
        database.execute_sql("SELECT pg_advisory_lock(%s)", (LOCK_KEY + 1,))
        try:
            yield
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (LOCK_KEY + 1,))
    finally:
        database.execute_sql("RESET statement_timeout")


def _record(database: Database, version: int, name: str) -> None:
    with database.bind_ctx([SchemaVersion]):
        database.create_tables([SchemaVersion], safe=True)
        SchemaVersion.insert(version=version, name=name, applied_at=datetime.now(UTC).replace(tzinfo=None)).execute()


def upgrade(database: Database, target: int | None = None) -> list[str]:
    """Apply every pending migration up to `target` (default: head); return what was done, one line each."""
    migrations = discover()
    target = len(migrations) if target is None else target
    done: list[str] = []
    with database.connection_context():
        while True:
            with locked(database):
                current = current_version(database)
                if current and not _table_exists(database, VERSION_TABLE):
                    _record(database, 1, "initial (stamped: the tables existed before versioning)")
                    done.append("stamped the existing schema as version 1")
                pending = [m for m in migrations if current < m.version <= target]
                if not pending:
                    return done
                step = pending[0]
                step.upgrade(database, SchemaMigrator.from_database(database))
                _record(database, step.version, step.name)
                done.append(f"applied {step.version:04d}_{step.name}")


def drop_version_table(database: Database) -> None:
    """Forget the recorded versions (tests that drop every table)."""
    database.execute_sql(f"DROP TABLE IF EXISTS {VERSION_TABLE}")
