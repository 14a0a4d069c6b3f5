"""Entities: people, organizations, locations and other names, merged across spellings; their articles,
their quotes and the entities they appear with."""
from __future__ import annotations

from flask.views import MethodView

from api import queries
from api.models import Entity, Quote, aliases_of
from api.routes.articles import list_articles
from api.routes.base import LIST_HEADERS, Blueprint, get_or_404, path_parameter, run_list
from schemas.articles import ArticlePageSchema, ArticleQueryArgsSchema
from schemas.entities import (
    CooccurrenceArgsSchema,
    CooccurrencePageSchema,
    CooccurrenceSchema,
    EntityDetailSchema,
    EntityListItemSchema,
    EntityPageSchema,
    EntityQueryArgsSchema,
)
from schemas.quotes import QuotePageSchema, QuoteWithArticleSchema, SpeakerQuoteArgsSchema

blp = Blueprint("entities", __name__, url_prefix="/entities", description="Named entities")


def _exists(entity_id: str) -> None:
    get_or_404(Entity.select(Entity.id), Entity.id == entity_id)


@blp.route("")
class Entities(MethodView):
    @blp.documented(item=False, csv=True)
    @blp.arguments(EntityQueryArgsSchema, location="query")
    @blp.response(200, EntityPageSchema, headers=LIST_HEADERS)
    def get(self, args: dict):
        """List entities: by type, by the start of a name or alias, most covered first"""
        keyset = queries.entity_keyset(args.get("sort"))
        conditions = queries.entity_conditions(args)
        count_query = Entity.select(Entity.id).where(*conditions) if conditions else Entity.select(Entity.id)
        return run_list(args, keyset, lambda after, n: queries.entity_rows(conditions, keyset, after, n),
                        EntityListItemSchema, "entities", count_query)


@blp.route("/<entity_id>", parameters=[path_parameter("entity_id", "the entity id", "vladimir-putin")])
class EntityItem(MethodView):
    @blp.documented(item=True)
    @blp.response(200, EntityDetailSchema)
    def get(self, entity_id: str):
        """Get one entity with all its aliases and its article, mention and quote counts"""
        entity = get_or_404(Entity.select(), Entity.id == entity_id)
        entity.aliases = aliases_of([entity_id])[entity_id]
        entity.counts = queries.entity_counts(entity_id)
        return entity


@blp.route("/<entity_id>/articles", parameters=[path_parameter("entity_id", "the entity id", "vladimir-putin")])
class EntityArticles(MethodView):
    @blp.documented(item=True, csv=True)
    @blp.arguments(ArticleQueryArgsSchema, location="query")
    @blp.response(200, ArticlePageSchema, headers=LIST_HEADERS)
    def get(self, args: dict, entity_id: str):
        """List the articles mentioning this entity (every article filter, sort and option applies)"""
        _exists(entity_id)
        return list_articles(args, entity_id, name=f"{entity_id}-articles")


@blp.route("/<entity_id>/quotes", parameters=[path_parameter("entity_id", "the entity id", "vladimir-putin")])
class EntityQuotes(MethodView):
    @blp.documented(item=True, csv=True)
    @blp.arguments(SpeakerQuoteArgsSchema, location="query")
    @blp.response(200, QuotePageSchema, headers=LIST_HEADERS)
    def get(self, args: dict, entity_id: str):
        """List what this entity said: its quotes, newest article first"""
        _exists(entity_id)
        conditions = [Quote.speaker == entity_id, *queries.quote_conditions(args)]
        return run_list(args, queries.QUOTE_KEYSET, lambda after, n: queries.quote_rows(conditions, after, n),
                        QuoteWithArticleSchema, f"{entity_id}-quotes", queries.quote_count_query(conditions))


@blp.route("/<entity_id>/cooccurrences", parameters=[path_parameter("entity_id", "the entity id", "vladimir-putin")])
class EntityCooccurrences(MethodView):
    @blp.documented(item=True, csv=True)
    @blp.arguments(CooccurrenceArgsSchema, location="query")
    @blp.response(200, CooccurrencePageSchema, headers=LIST_HEADERS)
    def get(self, args: dict, entity_id: str):
        """List the entities most often in the same articles as this one, with the number of articles"""
        _exists(entity_id)
        return run_list(args, queries.COOCCURRENCE_KEYSET,
                        lambda after, n: queries.cooccurrences(entity_id, args, after, n),
                        CooccurrenceSchema, f"{entity_id}-cooccurrences",
                        queries.CooccurrenceSet(entity_id, args))
