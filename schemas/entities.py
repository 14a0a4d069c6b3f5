"""Entities: output and query-argument schemas."""
from __future__ import annotations

from marshmallow import ValidationError, validate, validates

from api.models import ENTITY_TYPES
from schemas import rowfields as fields
from schemas.base import Schema
from schemas.common import PageArgsSchema, page_schema
from schemas.fields import DateOrDateTime

ENTITY_SORTS = ("id", "name", "-articles")


class EntitySchema(Schema):
    id = fields.String(required=True, metadata={"example": "vladimir-putin"})
    name = fields.String(required=True, metadata={"example": "Vladimir Putin"})
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES), metadata={"example": "person"})
    aliases = fields.List(fields.String(), required=True, metadata={"example": ["Putin", "President Putin"]})


class EntityListItemSchema(EntitySchema):
    articles = fields.Integer(required=True, metadata={"description": "articles mentioning it", "example": 12})


class EntityCountsSchema(Schema):
    articles = fields.Integer(required=True, metadata={"description": "articles mentioning it"})
    mentions = fields.Integer(required=True, metadata={"description": "mentions over all articles"})
    quotes = fields.Integer(required=True, metadata={"description": "quotes attributed to it"})


class EntityDetailSchema(EntitySchema):
    """One entity with all its aliases and how often it appears."""

    counts = fields.Nested(EntityCountsSchema, required=True)


class EntityRefSchema(Schema):
    id = fields.String(required=True, metadata={"example": "vladimir-putin"})
    name = fields.String(required=True, metadata={"example": "Vladimir Putin"})


class EntityTypedRefSchema(EntityRefSchema):
    type = fields.String(required=True, metadata={"example": "person"})


class EntityQueryArgsSchema(PageArgsSchema):
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES), metadata={"description": "only this type",
                                                                          "example": "person"})
    q = fields.String(metadata={"description": "start of a name or alias (case and accents ignored)",
                                "example": "vladimir put"})
    sort = fields.String(validate=validate.OneOf(ENTITY_SORTS), metadata={
        "description": "id (default), name, or -articles (most covered first)", "example": "-articles"})

    @validates("q")
    def _q(self, value: str, **kwargs) -> None:
        from api.loader.store import alias_key

        if not alias_key(value):
            raise ValidationError("has no letters or digits")


class CooccurrenceSchema(Schema):
    entity = fields.Nested(EntityTypedRefSchema, required=True)
    articles = fields.Integer(required=True, metadata={"description": "articles naming both", "example": 7})


class CooccurrenceArgsSchema(PageArgsSchema):
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES), metadata={
        "description": "only co-occurring entities of this type", "example": "organization"})
    published_after = DateOrDateTime(metadata={"description": "articles on or after", "example": "2024-11-01"})
    published_before = DateOrDateTime(metadata={"description": "articles before (a date: through that day)",
                                                 "example": "2024-11-30"})


EntityPageSchema = page_schema(EntityListItemSchema, "EntityPage")
CooccurrencePageSchema = page_schema(CooccurrenceSchema, "CooccurrencePage")
