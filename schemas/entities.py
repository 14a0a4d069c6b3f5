"""Entities: output and query-argument schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.models import ENTITY_TYPES
from schemas.common import PageArgsSchema, page_schema


class EntitySchema(Schema):
    id = fields.String(required=True, metadata={"example": "vladimir-putin"})
    name = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    aliases = fields.List(fields.String(), required=True)


class EntityRefSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class EntityQueryArgsSchema(PageArgsSchema):
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES))


EntityPageSchema = page_schema(EntitySchema, "EntityPage")
