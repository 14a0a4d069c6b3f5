"""Version 6: SQLite's article_fts numbered in date order (api.search.ORDERED), so a search's newest matches
are read from the index's rowid order; the index and its triggers are made again and refilled.

PostgreSQL has nothing to change. A database without the index yet gets it from `api.ddl` as before.
"""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

from api import search
from api.migrations import is_sqlite


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    if not is_sqlite(database) or "article_fts" not in database.get_tables():
        return
    for trigger in ("article_fts_ai", "article_fts_au", "article_fts_ad"):
        database.execute_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    database.execute_sql("DROP TABLE article_fts")
    for statement in search._sqlite_ddl("article"):
        database.execute_sql(statement)
    database.execute_sql(search.fill_sql("article"), [0])
