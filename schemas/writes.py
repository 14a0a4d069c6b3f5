"""Write API: the stored article with its warnings, the per-record outcome of a batch and the url parameter
of raw page bodies."""
from __future__ import annotations

from marshmallow import validate

from schemas import rowfields as fields
from schemas.articles import ArticleSchema
from schemas.base import Schema

OUTCOMES = ("loaded", "updated", "unchanged", "duplicate", "failed")


class WriteArgsSchema(Schema):
    url = fields.String(metadata={"description": "the page's URL, for text/html and text/plain bodies"})


def _warnings() -> fields.List:
    """The record's warnings, worded as the loader prints them; the same field for one record and a batch."""
    return fields.List(fields.String(), dump_default=list, metadata={
        "description": "what was dropped from a stored record and why (a date that cannot be used)",
        "example": ["published_at: dropped datePublished '2024-03-01T10:00:00+25:00': "
                    "UTC offset +25:00 is out of range (under 24 hours)"]})


class WrittenArticleSchema(ArticleSchema):
    """The article a single-record POST or PUT stored, with what was dropped from the record on the way."""

    warnings = _warnings()


class RecordOutcomeSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "position of the record in the batch"})
    status = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    id = fields.String(allow_none=True, metadata={"description": "the stored article (also for duplicates)"})
    error = fields.String(allow_none=True, metadata={"description": "why the record was not stored"})
    warnings = _warnings()


class BatchCountsSchema(Schema):
    loaded = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    duplicate = fields.Integer(required=True)
    failed = fields.Integer(required=True)


class BatchResultSchema(Schema):
    data = fields.Nested(RecordOutcomeSchema, many=True, required=True)
    meta = fields.Nested(BatchCountsSchema, required=True)
