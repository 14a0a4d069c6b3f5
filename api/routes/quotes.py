"""Quotes: what was said, by whom, in which article."""
from __future__ import annotations

from flask.views import MethodView

from api.models import Quote, quote_listing
from api.paging import decode_cursor, envelope, page_limit
from api.routes.base import Blueprint, get_or_404
from schemas.quotes import QuotePageSchema, QuoteQueryArgsSchema, QuoteWithArticleSchema

blp = Blueprint("quotes", __name__, url_prefix="/quotes", description="Direct quotes and their speakers")


@blp.route("")
class Quotes(MethodView):
    @blp.arguments(QuoteQueryArgsSchema, location="query")
    @blp.response(200, QuotePageSchema)
    def get(self, args: dict):
        """List quotes"""
        limit = page_limit(args)
        query = quote_listing()
        if args.get("speaker"):
            query = query.where(Quote.speaker == args["speaker"])
        if args.get("article"):
            query = query.where(Quote.article == args["article"])
        if args.get("cursor"):
            article_id, position = decode_cursor(args["cursor"])[:2]
            query = query.where((Quote.article > article_id)
                                | ((Quote.article == article_id) & (Quote.position > position)))
        return envelope(list(query.limit(limit + 1)), limit, lambda q: [q.article_id, q.position])


@blp.route("/<quote_id>")
class QuoteItem(MethodView):
    @blp.response(200, QuoteWithArticleSchema)
    def get(self, quote_id: str):
        """Get one quote with its speaker and article"""
        return get_or_404(quote_listing(), Quote.id == quote_id)
