"""Quotes: output and query-argument schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.models import QUOTE_KINDS
from schemas.common import PageArgsSchema, page_schema
from schemas.entities import EntityRefSchema


class QuoteSchema(Schema):
    """A quote as it appears inside its article."""

    id = fields.String(required=True)
    text = fields.String(required=True)
    speaker = fields.Nested(EntityRefSchema, allow_none=True, required=True)
    cue = fields.String(allow_none=True)
    kind = fields.String(validate=validate.OneOf(QUOTE_KINDS))
    start = fields.Integer(allow_none=True, metadata={"description": "offset of the quote in the body"})
    end = fields.Integer(allow_none=True)


class QuoteArticleSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)


class QuoteWithArticleSchema(QuoteSchema):
    """A quote on its own, with a summary of its article."""

    article = fields.Nested(QuoteArticleSchema, required=True)


class QuoteQueryArgsSchema(PageArgsSchema):
    speaker = fields.String(metadata={"description": "entity id of the speaker"})
    article = fields.String(metadata={"description": "article id"})


QuotePageSchema = page_schema(QuoteWithArticleSchema, "QuotePage")
