"""Sources: the publishers articles come from, with their article counts."""
from __future__ import annotations

from flask.views import MethodView

from api import queries
from api.models import Source
from api.routes.base import LIST_HEADERS, Blueprint, get_or_404, path_parameter, run_list
from schemas.sources import SourcePageSchema, SourceQueryArgsSchema, SourceWithCountSchema

blp = Blueprint("sources", __name__, url_prefix="/sources", description="Publishers")


@blp.route("")
class Sources(MethodView):
    @blp.documented(item=False, csv=True)
    @blp.arguments(SourceQueryArgsSchema, location="query")
    @blp.response(200, SourcePageSchema, headers=LIST_HEADERS)
    def get(self, args: dict):
        """List sources by id, with their article counts"""
        return run_list(args, queries.SOURCE_KEYSET, queries.source_rows, SourceWithCountSchema, "sources",
                        Source.select(Source.id))


@blp.route("/<source_id>", parameters=[path_parameter("source_id", "the source id (its domain)", "example.com")])
class SourceItem(MethodView):
    @blp.documented(item=True)
    @blp.response(200, SourceWithCountSchema)
    def get(self, source_id: str):
        """Get one source with its article count"""
        return get_or_404(queries.source_listing(), Source.id == source_id)
