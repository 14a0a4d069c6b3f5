"""Shared pieces: the list envelope, paging arguments and the error shape."""
from __future__ import annotations

from flask import current_app
from marshmallow import ValidationError, validate, validates

from api.paging import decode_cursor
from schemas import rowfields as fields
from schemas.base import Schema


class StrictSchema(Schema):
    """Query arguments: unknown parameters are an error, not silently ignored."""

    class Meta:
        unknown = "raise"


class FormatArgsSchema(StrictSchema):
    """`format=csv`: every list and aggregate is also CSV."""

    format = fields.String(validate=validate.OneOf(("json", "csv")), metadata={
        "description": "csv: the same rows as CSV, streamed (also `Accept: text/csv`)", "example": "csv"})


class PageArgsSchema(FormatArgsSchema):
    """`limit` and the opaque `cursor` that every list accepts."""

    limit = fields.Integer(metadata={"description": "items per page (1 to PAGE_SIZE_MAX, default 20)",
                                     "example": 20})
    cursor = fields.String(metadata={
        "description": "opaque cursor from links.next (or the Link header)",
        "example": "WyJhcnRpY2xlczotcHVibGlzaGVkX2F0IiwiMjAyNC0xMS0xMlQwMzoxNDowMCIsImFiYyJd"})

    count = fields.String(validate=validate.OneOf(("exact", "estimated", "none")), metadata={
        "description": "meta.total: exact (default), estimated (cheaper on large lists) or none",
        "example": "estimated"})

    @validates("limit")
    def _limit(self, value: int, **kwargs) -> None:
        maximum = current_app.config["PAGE_SIZE_MAX"]
        if not 1 <= value <= maximum:
            raise ValidationError(f"must be between 1 and {maximum}")

    @validates("cursor")
    def _cursor(self, value: str, **kwargs) -> None:
        decode_cursor(value)


class LinksSchema(Schema):
    self = fields.String(required=True, metadata={"example": "/api/v1/articles?limit=20"})
    next = fields.String(allow_none=True, metadata={"description": "the next page; null on the last"})


class MetaSchema(Schema):
    count = fields.Integer(required=True, metadata={"description": "items on this page"})
    limit = fields.Integer(required=True)
    total = fields.Integer(allow_none=True, metadata={"description": "items in the whole list (see count=)"})
    total_kind = fields.String(metadata={"description": "exact, estimated or none"})


def page_schema(item_schema: type[Schema], name: str, **extra: type[Schema]) -> type[Schema]:
    """A `{data: [...], links, meta}` envelope schema for a list of `item_schema` (plus `extra` parts)."""
    return Schema.from_dict({
        # Nested(many=True), not List(Nested): the item schema dumps the page in one call, not one per item.
        "data": fields.Nested(item_schema, many=True, required=True),
        "links": fields.Nested(LinksSchema, required=True),
        "meta": fields.Nested(MetaSchema, required=True),
        **{key: fields.Nested(schema) for key, schema in extra.items()},
    }, name=name)


class ErrorSchema(Schema):
    """The one error shape."""

    code = fields.Integer(required=True, metadata={"example": 400})
    status = fields.String(required=True, metadata={"example": "Bad Request"})
    message = fields.String(required=True, metadata={"example": "invalid parameter: limit"})
    errors = fields.Dict(metadata={"example": {"query": {"limit": ["must be between 1 and 100"]}}})


__all__ = ["FormatArgsSchema", "PageArgsSchema", "StrictSchema", "page_schema", "ErrorSchema", "ValidationError"]
