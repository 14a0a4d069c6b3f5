"""Entities: people, organizations, locations and other names, merged across spellings."""
from __future__ import annotations

from flask.views import MethodView

from api.models import Entity, aliases_of
from api.paging import decode_cursor, envelope, page_limit
from api.routes.base import Blueprint, get_or_404
from schemas.entities import EntityPageSchema, EntityQueryArgsSchema, EntitySchema

blp = Blueprint("entities", __name__, url_prefix="/entities", description="Named entities")


def _with_aliases(entities: list[Entity]) -> list[Entity]:
    aliases = aliases_of([e.id for e in entities])
    for entity in entities:
        entity.aliases = aliases[entity.id]
    return entities


@blp.route("")
class Entities(MethodView):
    @blp.arguments(EntityQueryArgsSchema, location="query")
    @blp.response(200, EntityPageSchema)
    def get(self, args: dict):
        """List entities by id"""
        limit = page_limit(args)
        query = Entity.select().order_by(Entity.id)
        if args.get("type"):
            query = query.where(Entity.type == args["type"])
        if args.get("cursor"):
            query = query.where(Entity.id > decode_cursor(args["cursor"])[0])
        page = envelope(list(query.limit(limit + 1)), limit, lambda e: [e.id])
        _with_aliases(page["data"])
        return page


@blp.route("/<entity_id>")
class EntityItem(MethodView):
    @blp.response(200, EntitySchema)
    def get(self, entity_id: str):
        """Get one entity with all its aliases"""
        return _with_aliases([get_or_404(Entity.select(), Entity.id == entity_id)])[0]
