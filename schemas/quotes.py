"""Quotes: output and query-argument schemas."""
from __future__ import annotations

from marshmallow import validate, validates

from api import search
from api.models import QUOTE_KINDS
from schemas import rowfields as fields
from schemas.base import Schema
from schemas.common import PageArgsSchema, page_schema
from schemas.entities import EntityRefSchema
from schemas.fields import DateOrDateTime, Repeated


class QuoteSchema(Schema):
    """A quote as it appears inside its article."""

    id = fields.String(required=True, metadata={"example": "3f2a9c0d1e4b5a69-0"})
    text = fields.String(required=True, metadata={"example": "We will not back down."})
    speaker = fields.Nested(EntityRefSchema, allow_none=True, required=True)
    cue = fields.String(allow_none=True, metadata={"example": "said"})
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


class SpeakerQuoteArgsSchema(PageArgsSchema):
    """The filters of a speaker's quotes (the speaker is in the path)."""

    q = fields.String(metadata={"description": 'full-text search in the quote: words, "phrases", AND, OR, NOT',
                                "example": "sanctions OR tariffs"})
    article = fields.String(metadata={"description": "article id", "example": "3f2a9c0d1e4b5a69"})
    published_after = DateOrDateTime(metadata={"description": "articles on or after", "example": "2024-11-01"})
    published_before = DateOrDateTime(metadata={"description": "articles before (a date: through that day)",
                                                 "example": "2024-11-30"})

    @validates("q")
    def _q(self, value: str, **kwargs) -> None:
        search.parse(value)


class QuoteQueryArgsSchema(SpeakerQuoteArgsSchema):
    speaker = Repeated(metadata={"description": "speaker's entity id, name or alias; repeat: any of them",
                                 "example": ["vladimir-putin"]})


QuotePageSchema = page_schema(QuoteWithArticleSchema, "QuotePage")
