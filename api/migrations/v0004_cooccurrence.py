"""Version 4: the co-occurrence counts (articles naming both entities of a pair), filled from the mentions.

The unfiltered co-occurrence list then reads one entity's first index entries instead of joining every
mention of its articles (api/queries.py); the store layer keeps the counts (api/loader/cooccur.py).
"""
from __future__ import annotations

from peewee import CharField, CompositeKey, Database, IntegerField, Model
from playhouse.migrate import SchemaMigrator

from api.migrations import is_sqlite


class Cooccurrence(Model):
    entity = CharField(max_length=255, column_name="entity_id")
    other = CharField(max_length=255, column_name="other_id")
    articles = IntegerField()

    class Meta:
        table_name = "cooccurrence"
        primary_key = CompositeKey("entity", "other")


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    if is_sqlite(database):
        # WITHOUT ROWID: the rows live in the primary key's b-tree, so an entity's range holds its counts
        # (no row lookup each to sort them) and a count change writes one b-tree, not two.
        database.execute_sql("CREATE TABLE cooccurrence (entity_id VARCHAR(255) NOT NULL, "
                             "other_id VARCHAR(255) NOT NULL, articles INTEGER NOT NULL, "
                             "PRIMARY KEY (entity_id, other_id)) WITHOUT ROWID")
    else:
        with database.bind_ctx([Cooccurrence]):
            database.create_tables([Cooccurrence])
    # In key order, so the primary key's b-tree is built by appending.
    database.execute_sql(
        "INSERT INTO cooccurrence (entity_id, other_id, articles) "
        "SELECT m.entity_id, o.entity_id, COUNT(*) FROM mention m "
        "JOIN mention o ON o.article_id = m.article_id AND o.entity_id <> m.entity_id "
        "GROUP BY m.entity_id, o.entity_id ORDER BY m.entity_id, o.entity_id")
