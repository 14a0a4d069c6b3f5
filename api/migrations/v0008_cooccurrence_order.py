"""Version 8: an index on the co-occurrence counts in the list's order, (entity, articles DESC, other).

An entity's companions most frequent first are then its first index entries: a page reads its rows and
stops, where it sorted all of them before (their number grows with the corpus). See api/models.py.
"""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    database.execute_sql("CREATE INDEX IF NOT EXISTS cooccurrence_entity_id_articles_other_id "
                         "ON cooccurrence (entity_id, articles DESC, other_id)")
