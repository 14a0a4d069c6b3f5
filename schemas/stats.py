"""Dashboards: timeline and top-entity schemas, accepting every article filter."""
from __future__ import annotations

from marshmallow import validate

from api.models import ENTITY_TYPES
from schemas import rowfields as fields
from schemas.articles import ArticleFilterArgsSchema
from schemas.base import Schema
from schemas.common import FormatArgsSchema
from schemas.entities import EntityTypedRefSchema


class TimelineArgsSchema(ArticleFilterArgsSchema, FormatArgsSchema):
    interval = fields.String(load_default="day", validate=validate.OneOf(("day", "week", "month")),
                             metadata={"description": "bucket size; weeks start on Monday", "example": "week"})


class TimelinePointSchema(Schema):
    period = fields.String(required=True, metadata={"description": "first day of the period",
                                                    "example": "2024-11-11"})
    count = fields.Integer(required=True, metadata={"description": "articles published in it", "example": 3})


class TimelineMetaSchema(Schema):
    interval = fields.String(required=True)
    total = fields.Integer(required=True, metadata={"description": "dated articles counted"})


class TimelineSchema(Schema):
    data = fields.Nested(TimelinePointSchema, many=True, required=True)
    meta = fields.Nested(TimelineMetaSchema, required=True)


class TopEntitiesArgsSchema(ArticleFilterArgsSchema, FormatArgsSchema):
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES), metadata={
        "description": "only entities of this type", "example": "person"})
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100), metadata={
        "description": "how many (1 to 100, default 20)", "example": 10})


class TopEntitySchema(Schema):
    entity = fields.Nested(EntityTypedRefSchema, required=True)
    articles = fields.Integer(required=True, metadata={"description": "matching articles naming it"})
    mentions = fields.Integer(required=True, metadata={"description": "mentions in those articles"})


class TopEntitiesSchema(Schema):
    data = fields.Nested(TopEntitySchema, many=True, required=True)
