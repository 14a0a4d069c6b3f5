"""Sources: output and query-argument schemas."""
from __future__ import annotations

from marshmallow import Schema, fields

from schemas.common import PageArgsSchema, page_schema


class SourceSchema(Schema):
    id = fields.String(required=True, metadata={"example": "example.com"})
    name = fields.String(required=True)
    domain = fields.String(required=True)


class SourceQueryArgsSchema(PageArgsSchema):
    pass


SourcePageSchema = page_schema(SourceSchema, "SourcePage")
