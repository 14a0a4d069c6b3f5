"""Version 1: the walking skeleton's schema, frozen here (later model changes must not alter it)."""
from __future__ import annotations

from peewee import (
    CharField,
    CompositeKey,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.migrate import SchemaMigrator


class _Base(Model):
    class Meta:
        legacy_table_names = False


class Source(_Base):
    id = CharField(primary_key=True, max_length=255)
    name = CharField(max_length=255)
    domain = CharField(max_length=255, unique=True)


class Article(_Base):
    id = CharField(primary_key=True, max_length=32)
    url = TextField(null=True, unique=True)
    title = TextField(null=True)
    authors = TextField()  # JSON as text, as api.models.JSONField stores it
    published_at = CharField(null=True, max_length=40)
    updated_at = CharField(null=True, max_length=40)
    published_ts = DateTimeField(null=True)
    updated_ts = DateTimeField(null=True)
    language = CharField(null=True, max_length=8)
    source = ForeignKeyField(Source, null=True, backref="articles", on_delete="SET NULL")
    description = TextField(null=True)
    body = TextField()
    images = TextField()
    provenance = TextField()
    content_hash = CharField(max_length=64, index=True)
    loaded_at = DateTimeField()

    class Meta:
        indexes = ((("published_ts", "id"), False),)


class Entity(_Base):
    id = CharField(primary_key=True, max_length=255)
    name = TextField()
    type = CharField(max_length=16, index=True)


class EntityAlias(_Base):
    entity = ForeignKeyField(Entity, backref="alias_rows", on_delete="CASCADE")
    alias = TextField()
    key = CharField(max_length=255, index=True)

    class Meta:
        indexes = ((("entity", "key"), True),)


class Mention(_Base):
    article = ForeignKeyField(Article, backref="mentions", on_delete="CASCADE")
    entity = ForeignKeyField(Entity, backref="mentions", on_delete="CASCADE")
    count = IntegerField()
    offsets = TextField()
    published_ts = DateTimeField(null=True)

    class Meta:
        primary_key = CompositeKey("article", "entity")
        indexes = ((("entity", "published_ts", "article"), False),)


class Quote(_Base):
    id = CharField(primary_key=True, max_length=48)
    article = ForeignKeyField(Article, backref="quotes", on_delete="CASCADE")
    position = IntegerField()
    text = TextField()
    speaker = ForeignKeyField(Entity, null=True, backref="quotes", on_delete="SET NULL")
    cue = CharField(null=True, max_length=64)
    kind = CharField(max_length=16)
    start = IntegerField(null=True)
    end = IntegerField(null=True)

    class Meta:
        indexes = ((("article", "position"), True),)


MODELS = (Source, Article, Entity, EntityAlias, Mention, Quote)


def upgrade(database: Database, migrator: SchemaMigrator) -> None:
    """Create the six tables and their indexes."""
    with database.bind_ctx(MODELS):
        database.create_tables(MODELS)
