"""Version 2: the author table and the indexes behind the query API's filters and sorts, and API keys.

The full-text indexes and the author triggers are created (idempotently) after every upgrade by
`api.ddl.create_extras`, since they are SQL peewee does not model.
"""
from __future__ import annotations

from peewee import CharField, CompositeKey, Database, DateTimeField, ForeignKeyField, Model
from playhouse.migrate import SchemaMigrator


class _Base(Model):
    class Meta:
        legacy_table_names = False


class Article(_Base):
    id = CharField(primary_key=True, max_length=32)


class ArticleAuthor(_Base):
    article = ForeignKeyField(Article, on_delete="CASCADE", index=False)
    name = CharField(max_length=255)

    class Meta:
        primary_key = CompositeKey("article", "name")
        indexes = ((("name", "article"), False),)


class ApiKey(_Base):
    id = CharField(primary_key=True, max_length=16)
    name = CharField(max_length=255)
    secret_hash = CharField(max_length=64)
    scopes = CharField(max_length=64, default="read,write")
    created_at = DateTimeField()
    revoked_at = DateTimeField(null=True)


INDEXES = (
    ("article_updated_ts_id", "article", "updated_ts, id"),
    ("article_title_id", "article", "title, id"),
    ("article_language_published_ts", "article", "language, published_ts"),
    ("entity_name_id", "entity", "name, id"),
    ("mention_entity_id_count", "mention", "entity_id, count"),
)


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    with database.bind_ctx([Article, ArticleAuthor, ApiKey]):
        database.create_tables([ArticleAuthor, ApiKey], safe=True)
    for name, table, columns in INDEXES:
        database.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
