"""Version 9: SQLite's full-text indexes gather 16 MB of new entries before writing a segment
(api.search.HASH_SIZE), so a loader's batch writes one segment instead of several soon merged again.

A setting stored in each FTS5 table's config table: the indexed entries and every search's answer stay
the same. PostgreSQL has nothing to change; a database without the indexes yet gets the setting from
`api.ddl` when it makes them.
"""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

from api import search
from api.migrations import is_sqlite


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    if not is_sqlite(database):
        return
    tables = database.get_tables()
    for table in search.INDEXED:
        if f"{table}_fts" in tables:
            for statement in search.sqlite_settings(table):
                database.execute_sql(statement)
