"""Articles: the filterable list and the full article."""
from __future__ import annotations

from flask.views import MethodView

from api import models
from api.models import Article
from api.paging import decode_cursor, envelope, page_limit
from api.routes.base import Blueprint, get_or_404
from schemas.articles import ArticlePageSchema, ArticleQueryArgsSchema, ArticleSchema

blp = Blueprint("articles", __name__, url_prefix="/articles", description="News articles")


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleQueryArgsSchema, location="query")
    @blp.response(200, ArticlePageSchema)
    def get(self, args: dict):
        """List articles, newest first"""
        limit = page_limit(args)
        query = models.article_listing()
        if args.get("url"):
            query = query.where(models.article_at_url(args["url"]))
        if args.get("cursor"):
            query = query.where(models.after_article(decode_cursor(args["cursor"])))
        return envelope(list(query.limit(limit + 1)), limit, models.article_key)


@blp.route("/<article_id>")
class ArticleItem(MethodView):
    @blp.response(200, ArticleSchema)
    def get(self, article_id: str):
        """Get one article with its entities and quotes"""
        article = get_or_404(models.article_listing(), Article.id == article_id)
        article.entities = models.article_entities(article_id)
        article.quotes = list(models.quote_listing().where(models.Quote.article == article_id))
        return article
