"""Version 3: the other URLs an article was found under (duplicate pages), so a lookup by them finds it."""
from __future__ import annotations

from peewee import CharField, Database, ForeignKeyField, Model, TextField
from playhouse.migrate import SchemaMigrator


class _Base(Model):
    class Meta:
        legacy_table_names = False


class Article(_Base):
    id = CharField(primary_key=True, max_length=32)


class ArticleUrl(_Base):
    url = TextField(unique=True)
    article = ForeignKeyField(Article, backref="other_urls", on_delete="CASCADE")

    class Meta:
        table_name = "other_url"


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    with database.bind_ctx([Article, ArticleUrl]):
        database.create_tables([ArticleUrl], safe=True)
