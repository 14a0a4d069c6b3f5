"""Articles: output and query-argument schemas."""
from __future__ import annotations

from marshmallow import Schema, fields

from schemas.common import PageArgsSchema, page_schema
from schemas.entities import EntitySchema
from schemas.quotes import QuoteSchema
from schemas.sources import SourceSchema


class ImageSchema(Schema):
    url = fields.String(allow_none=True)
    caption = fields.String(allow_none=True)
    credit = fields.String(allow_none=True)


class ArticleEntitySchema(EntitySchema):
    """An entity as it appears in one article: how often and where."""

    mentions = fields.Integer(required=True)
    offsets = fields.List(fields.List(fields.Integer()), metadata={"description": "[start, end] in the body"})


class ArticleSummarySchema(Schema):
    """An article in a list."""

    id = fields.String(required=True, metadata={"example": "3f2a9c0d1e4b5a69"})
    url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    authors = fields.List(fields.String(), required=True)
    published_at = fields.String(
        allow_none=True, metadata={"description": "ISO 8601; naive when the page gives no zone"})
    updated_at = fields.String(allow_none=True)
    language = fields.String(allow_none=True, metadata={"description": "ISO 639-1"})
    source = fields.Nested(SourceSchema, allow_none=True)
    description = fields.String(allow_none=True)


class ArticleSchema(ArticleSummarySchema):
    """The whole article with its body, images, entities, quotes and provenance."""

    body = fields.String(required=True, metadata={"description": "paragraphs separated by a blank line"})
    images = fields.List(fields.Nested(ImageSchema), required=True)
    entities = fields.List(fields.Nested(ArticleEntitySchema), required=True)
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    provenance = fields.Dict()


class ArticleQueryArgsSchema(PageArgsSchema):
    url = fields.String(metadata={"description": "exact canonical URL"})


ArticlePageSchema = page_schema(ArticleSummarySchema, "ArticlePage")
