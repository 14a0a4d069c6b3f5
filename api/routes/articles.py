"""Articles: the filterable, sortable, faceted list and the full article."""
from __future__ import annotations

from flask import Response, g
from flask.views import MethodView
from flask_smorest import abort

from api import aggregates, filters, models
from api.models import Article
from api.routes.base import LIST_HEADERS, Blueprint, path_parameter, run_list
from schemas.articles import (
    SUMMARY_FIELDS,
    ArticleListItemSchema,
    ArticlePageSchema,
    ArticleQueryArgsSchema,
    ArticleSchema,
)

blp = Blueprint("articles", __name__, url_prefix="/articles", description="News articles")


def list_articles(args: dict, entity: str | None = None, name: str = "articles") -> tuple | Response:
    """The article list for validated arguments (shared with /entities/<id>/articles, whose `entity` the
    list is read through)."""
    # Facets and a relevance sort read every match: only a plain page walks the date index.
    walk = not args.get("facet") and "relevance" not in (args.get("sort") or "")
    scope = filters.article_filter(args, entity, walk)
    keyset, score, join = filters.article_sort(args.get("sort"), args.get("q"), scope)
    include = args.get("include") or []
    if args.get("sparse_fields"):
        only = ["id", *[f for f in args["sparse_fields"] if f != "id"]]
        g.sparse_fields = only
    else:  # the CSV columns: what the JSON items can hold for these arguments
        only = [*SUMMARY_FIELDS, *include, *(["score"] if score is not None else [])]

    def fetch(after: list | None, n: int) -> list:
        rows = models.article_rows(scope, keyset, after, n, score, join)
        ids = [a["id"] for a in rows]
        if "entities" in include:
            entities = models.entities_of_articles(ids)
            for article in rows:
                article["included_entities"] = entities[article["id"]]
        if "quotes" in include:
            quotes = models.quotes_of_articles(ids)
            for article in rows:
                article["included_quotes"] = quotes[article["id"]]
        return rows

    def facets(_rows: list) -> dict:
        size = args.get("facet_size") or 10
        conditions = scope.as_conditions()
        return {"facets": {f: aggregates.facet(f, conditions, size) for f in args["facet"]}}

    return run_list(args, keyset, fetch, ArticleListItemSchema, name, scope,
                    extra=facets if args.get("facet") else None, only=only)


@blp.route("")
class Articles(MethodView):
    @blp.documented(item=False, csv=True)
    @blp.arguments(ArticleQueryArgsSchema, location="query")
    @blp.response(200, ArticlePageSchema, headers=LIST_HEADERS)
    def get(self, args: dict):
        """List articles: filters, sort, sparse fields, includes, facets, CSV

        Every filter combines with the others (AND). Pages follow an opaque keyset cursor (`links.next`
        and the `Link` header), which stays correct while articles are added.
        """
        return list_articles(args)


@blp.route("/<article_id>", parameters=[path_parameter("article_id", "the article id", "3f2a9c0d1e4b5a69")])
class ArticleItem(MethodView):
    @blp.documented(item=True)
    @blp.response(200, ArticleSchema)
    def get(self, article_id: str):
        """Get one article with its entities and quotes"""
        return article_detail(article_id)


def article_detail(article_id: str) -> Article:
    """The article with its source, entities and quotes attached (four queries), or a 404."""
    article = models.article_by_id(article_id)
    if article is None:
        abort(404, message="no article with that id")
    article.entities = models.article_entities(article_id)
    article.quotes = models.article_quotes(article_id)
    return article
