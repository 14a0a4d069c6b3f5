"""Shared pieces: the list envelope, paging arguments and the error shape."""
from __future__ import annotations

from flask import current_app
from marshmallow import Schema, ValidationError, fields, validates

from api.paging import decode_cursor


class StrictSchema(Schema):
    """Query arguments: unknown parameters are an error, not silently ignored."""

    class Meta:
        unknown = "raise"


class PageArgsSchema(StrictSchema):
    """`limit` and the opaque `cursor` that every list accepts."""

    limit = fields.Integer(metadata={"description": "items per page (1 to PAGE_SIZE_MAX, default 20)"})
    cursor = fields.String(metadata={"description": "opaque cursor from links.next"})

    @validates("limit")
    def _limit(self, value: int, **kwargs) -> None:
        maximum = current_app.config["PAGE_SIZE_MAX"]
        if not 1 <= value <= maximum:
            raise ValidationError(f"must be between 1 and {maximum}")

    @validates("cursor")
    def _cursor(self, value: str, **kwargs) -> None:
        decode_cursor(value)


class LinksSchema(Schema):
    self = fields.String(required=True)
    next = fields.String(allow_none=True)


class MetaSchema(Schema):
    count = fields.Integer(required=True, metadata={"description": "items on this page"})
    limit = fields.Integer(required=True)


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A `{data: [...], links, meta}` envelope schema for a list of `item_schema`."""
    return Schema.from_dict({
        "data": fields.List(fields.Nested(item_schema), required=True),
        "links": fields.Nested(LinksSchema, required=True),
        "meta": fields.Nested(MetaSchema, required=True),
    }, name=name)


class ErrorSchema(Schema):
    """The one error shape."""

    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict()


__all__ = ["PageArgsSchema", "StrictSchema", "page_schema", "ErrorSchema", "ValidationError"]
