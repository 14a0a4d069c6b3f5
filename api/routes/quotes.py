"""Quotes: what was said, by whom, in which article."""
from __future__ import annotations

from flask.views import MethodView

from api import queries
from api.models import Quote, quote_listing
from api.routes.base import LIST_HEADERS, Blueprint, get_or_404, path_parameter, run_list
from schemas.quotes import QuotePageSchema, QuoteQueryArgsSchema, QuoteWithArticleSchema

blp = Blueprint("quotes", __name__, url_prefix="/quotes", description="Direct quotes and their speakers")


@blp.route("")
class Quotes(MethodView):
    @blp.documented(item=False, csv=True)
    @blp.arguments(QuoteQueryArgsSchema, location="query")
    @blp.response(200, QuotePageSchema, headers=LIST_HEADERS)
    def get(self, args: dict):
        """List quotes with their speaker and article, newest article first"""
        quotes = queries.quote_set(args)
        return run_list(args, queries.QUOTE_KEYSET, quotes.rows, QuoteWithArticleSchema, "quotes", quotes)


@blp.route("/<quote_id>", parameters=[path_parameter("quote_id", "the quote id", "3f2a9c0d1e4b5a69-0")])
class QuoteItem(MethodView):
    @blp.documented(item=True)
    @blp.response(200, QuoteWithArticleSchema)
    def get(self, quote_id: str):
        """Get one quote with its speaker and article"""
        return get_or_404(quote_listing(), Quote.id == quote_id)
