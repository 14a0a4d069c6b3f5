"""Dashboards: article counts over time and the most mentioned entities, for any article filter."""
from __future__ import annotations

from flask.views import MethodView

from api import aggregates, filters
from api.csv import columns_of, csv_response, wants_csv
from api.routes.base import Blueprint
from schemas.stats import (
    TimelineArgsSchema,
    TimelinePointSchema,
    TimelineSchema,
    TopEntitiesArgsSchema,
    TopEntitiesSchema,
    TopEntitySchema,
)

blp = Blueprint("stats", __name__, url_prefix="/stats", description="Aggregates for dashboards")


@blp.route("/timeline")
class Timeline(MethodView):
    @blp.documented(item=False, csv=True)
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.response(200, TimelineSchema)
    def get(self, args: dict):
        """Count articles per day, week or month (every article filter applies; undated articles left out)"""
        points = aggregates.timeline(filters.article_filter(args), args["interval"])
        if wants_csv(args):
            schema = TimelinePointSchema()
            return csv_response([schema.dump(points, many=True)], columns_of(schema), "timeline")
        return {"data": points, "meta": {"interval": args["interval"], "total": sum(p["count"] for p in points)}}


@blp.route("/top-entities")
class TopEntities(MethodView):
    @blp.documented(item=False, csv=True)
    @blp.arguments(TopEntitiesArgsSchema, location="query")
    @blp.response(200, TopEntitiesSchema)
    def get(self, args: dict):
        """The entities named in most of the matching articles (every article filter applies)"""
        rows = aggregates.top_entities(filters.article_conditions(args), args.get("type"), args["limit"])
        data = [{"entity": {"id": r["id"], "name": r["name"], "type": r["type"]},
                 "articles": r["articles"], "mentions": int(r["mentions"] or 0)} for r in rows]
        if wants_csv(args):
            schema = TopEntitySchema()
            return csv_response([schema.dump(data, many=True)], columns_of(schema), "top-entities")
        return {"data": data}
