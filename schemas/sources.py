"""Sources: output and query-argument schemas."""
from __future__ import annotations

from schemas import rowfields as fields
from schemas.base import Schema
from schemas.common import PageArgsSchema, page_schema


class SourceSchema(Schema):
    id = fields.String(required=True, metadata={"example": "example.com"})
    name = fields.String(required=True, metadata={"example": "Example News"})
    domain = fields.String(required=True, metadata={"example": "example.com"})


class SourceWithCountSchema(SourceSchema):
    articles = fields.Integer(required=True, metadata={"description": "articles from this source",
                                                       "example": 120})


class SourceQueryArgsSchema(PageArgsSchema):
    pass


SourcePageSchema = page_schema(SourceWithCountSchema, "SourcePage")
