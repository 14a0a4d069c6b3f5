"""Articles: output and query-argument schemas."""
from __future__ import annotations

from flask import g
from marshmallow import ValidationError, post_dump, validate, validates, validates_schema

from api import search
from api.models import ENTITY_TYPES
from schemas import rowfields as fields
from schemas.base import Schema
from schemas.common import PageArgsSchema, StrictSchema, page_schema
from schemas.entities import EntitySchema
from schemas.fields import CommaList, DateOrDateTime, Repeated
from schemas.quotes import QuoteSchema
from schemas.sources import SourceSchema

ARTICLE_SORT_KEYS = ("published_at", "updated_at", "title", "relevance")
FACETS = ("source", "entity", "author", "language")
INCLUDES = ("entities", "quotes")


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
    url = fields.String(allow_none=True, metadata={"example": "https://example.com/news/pact"})
    title = fields.String(allow_none=True, metadata={"example": "North Korea ratifies defense pact"})
    authors = fields.List(fields.String(), required=True, metadata={"example": ["Jane Doe"]})
    published_at = fields.String(
        allow_none=True, metadata={"description": "ISO 8601; naive when the page gives no zone",
                                   "example": "2024-11-12T03:14"})
    updated_at = fields.String(allow_none=True)
    language = fields.String(allow_none=True, metadata={"description": "ISO 639-1", "example": "en"})
    source = fields.Nested(SourceSchema, allow_none=True)
    description = fields.String(allow_none=True)


SUMMARY_FIELDS = tuple(ArticleSummarySchema().fields)


class ArticleListItemSchema(ArticleSummarySchema):
    """An article in a list; `entities` and `quotes` only with `include`, only `fields` with `fields`."""

    # Not required here: `fields=` may leave it out (only `id` is always present).
    authors = fields.List(fields.String(), metadata={"example": ["Jane Doe"]})
    # Separate attributes: `Article.quotes` is the backref query, which must never run once per row.
    entities = fields.Nested(ArticleEntitySchema, many=True, attribute="included_entities")
    quotes = fields.Nested(QuoteSchema, many=True, attribute="included_quotes")
    score = fields.Float(metadata={"description": "relevance to `q` (only with sort=relevance)"})

    @post_dump(pass_collection=True)
    def _sparse(self, data: dict | list[dict], many: bool, **kwargs) -> dict | list[dict]:
        # The page schema is fixed per endpoint (flask-smorest dumps it), so the requested sparse
        # fieldset travels on the request context, set by the view from the validated `fields`.
        # Once per dump, not once per item: the request context is read once for the whole page.
        wanted = g.get("sparse_fields")
        if not wanted:
            return data
        if many:
            return [{k: v for k, v in item.items() if k in wanted} for item in data]
        return {k: v for k, v in data.items() if k in wanted}


ARTICLE_FIELDS = tuple(ArticleListItemSchema().fields)


class ArticleSchema(ArticleSummarySchema):
    """The whole article with its body, images, entities, quotes and provenance."""

    body = fields.String(required=True, metadata={"description": "paragraphs separated by a blank line"})
    images = fields.Nested(ImageSchema, many=True, required=True)
    entities = fields.Nested(ArticleEntitySchema, many=True, required=True)
    quotes = fields.Nested(QuoteSchema, many=True, required=True)
    provenance = fields.Dict()


class ArticleFilterArgsSchema(StrictSchema):
    """Every article filter; all combine (AND). Shared by the article list, entity articles and stats."""

    q = fields.String(metadata={
        "description": 'full-text search in title and body: words, "phrases", prefix*, AND, OR, NOT, ( )',
        "example": '"defense pact" AND (Russia OR Moscow) NOT Ukraine'})
    entity = Repeated(metadata={"description": "entity id, name or alias; repeat: articles with all of them",
                                "example": ["vladimir-putin"]})
    entity_any = Repeated(metadata={"description": "entity id, name or alias; repeat: articles with any",
                                    "example": ["Moscow", "Kremlin"]})
    entity_type = fields.String(validate=validate.OneOf(ENTITY_TYPES),
                                metadata={"description": "articles mentioning an entity of this type",
                                          "example": "organization"})
    speaker = Repeated(metadata={"description": "articles quoting this entity (id, name or alias)",
                                 "example": ["vladimir-putin"]})
    source = Repeated(metadata={"description": "source id or domain; repeat: any of them",
                                "example": ["example.com"]})
    author = Repeated(metadata={"description": "exact author name; repeat: any of them",
                                "example": ["Jane Doe"]})
    language = Repeated(metadata={"description": "ISO 639-1 code; repeat: any of them", "example": ["en"]})
    published_after = DateOrDateTime(metadata={
        "description": "on or after this date or instant (ISO 8601; naive is UTC)", "example": "2024-11-01"})
    published_before = DateOrDateTime(metadata={
        "description": "before this instant, or up to the end of this date", "example": "2024-11-30"})
    updated_after = DateOrDateTime(metadata={"description": "updated on or after", "example": "2024-11-01"})
    url = fields.String(metadata={"description": "exact canonical URL",
                                  "example": "https://example.com/news/pact"})

    @validates("q")
    def _q(self, value: str, **kwargs) -> None:
        search.parse(value)


class ArticleQueryArgsSchema(ArticleFilterArgsSchema, PageArgsSchema):
    sort = fields.String(metadata={
        "description": "comma-separated keys, '-' for descending: " + ", ".join(ARTICLE_SORT_KEYS)
        + " (relevance: best first, needs q)", "example": "-published_at,title"})
    sparse_fields = CommaList(choices=ARTICLE_FIELDS, data_key="fields", metadata={
        "description": "only these fields (id is always included)", "example": ["id", "title", "published_at"]})
    include = CommaList(choices=INCLUDES, metadata={"example": ["entities"]})
    facet = CommaList(choices=FACETS, metadata={
        "description": "counts over the whole filtered set: " + ", ".join(FACETS), "example": ["source"]})
    facet_size = fields.Integer(validate=validate.Range(1, 100), metadata={
        "description": "values per facet (1 to 100, default 10)", "example": 10})

    @validates_schema
    def _sort(self, data: dict, **kwargs) -> None:
        if data.get("sort") is None:
            return
        names = [part.strip().lstrip("-+") for part in data["sort"].split(",")]
        for name in names:
            if name not in ARTICLE_SORT_KEYS:
                raise ValidationError(f"unknown sort key {name!r}; use any of: " + ", ".join(ARTICLE_SORT_KEYS),
                                      field_name="sort")
        if len(set(names)) != len(names):
            raise ValidationError("a sort key is given twice", field_name="sort")
        if "relevance" in names and not data.get("q"):
            raise ValidationError("sort=relevance needs a search (q)", field_name="sort")


class FacetValueSchema(Schema):
    value = fields.String(required=True, metadata={"example": "example.com"})
    label = fields.String(allow_none=True, metadata={"example": "Example News"})
    count = fields.Integer(required=True, metadata={"example": 42})


class FacetsSchema(Schema):
    source = fields.Nested(FacetValueSchema, many=True)
    entity = fields.Nested(FacetValueSchema, many=True)
    author = fields.Nested(FacetValueSchema, many=True)
    language = fields.Nested(FacetValueSchema, many=True)


ArticlePageSchema = page_schema(ArticleListItemSchema, "ArticlePage", facets=FacetsSchema)
