"""Write API: the per-record outcome of a batch and the url parameter of raw page bodies."""
from __future__ import annotations

from marshmallow import validate

from schemas import rowfields as fields
from schemas.base import Schema

OUTCOMES = ("loaded", "updated", "unchanged", "duplicate", "failed")


class WriteArgsSchema(Schema):
    url = fields.String(metadata={"description": "the page's URL, for text/html and text/plain bodies"})


class RecordOutcomeSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "position of the record in the batch"})
    status = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    id = fields.String(allow_none=True, metadata={"description": "the stored article (also for duplicates)"})
    error = fields.String(allow_none=True, metadata={"description": "why the record was not stored"})
    warnings = fields.List(fields.String(), dump_default=list, metadata={
        "description": "what was dropped from a stored record and why (a date that cannot be used)"})


class BatchCountsSchema(Schema):
    loaded = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    duplicate = fields.Integer(required=True)
    failed = fields.Integer(required=True)


class BatchResultSchema(Schema):
    data = fields.Nested(RecordOutcomeSchema, many=True, required=True)
    meta = fields.Nested(BatchCountsSchema, required=True)
