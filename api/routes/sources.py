"""Sources: the publishers articles come from."""
from __future__ import annotations

from flask.views import MethodView

from api.models import Source
from api.paging import decode_cursor, envelope, page_limit
from api.routes.base import Blueprint, get_or_404
from schemas.sources import SourcePageSchema, SourceQueryArgsSchema, SourceSchema

blp = Blueprint("sources", __name__, url_prefix="/sources", description="Publishers")


@blp.route("")
class Sources(MethodView):
    @blp.arguments(SourceQueryArgsSchema, location="query")
    @blp.response(200, SourcePageSchema)
    def get(self, args: dict):
        """List sources by id"""
        limit = page_limit(args)
        query = Source.select().order_by(Source.id)
        if args.get("cursor"):
            query = query.where(Source.id > decode_cursor(args["cursor"])[0])
        return envelope(list(query.limit(limit + 1)), limit, lambda s: [s.id])


@blp.route("/<source_id>")
class SourceItem(MethodView):
    @blp.response(200, SourceSchema)
    def get(self, source_id: str):
        """Get one source"""
        return get_or_404(Source.select(), Source.id == source_id)
