"""Writes: push articles (one record, a batch, or a raw page), replace and delete them. Needs a key
with the `write` scope; the same extraction pipeline as the loader."""
from __future__ import annotations

import json

from flask import current_app, request, url_for
from flask.views import MethodView
from flask_smorest import abort

from api import auth
from api.db import db
from api.loader.read import Item
from api.loader.store import DUPLICATE, UNCHANGED, delete_article, same_article, save_article
from api.models import Article
from api.ratelimit import limiter
from api.routes.articles import article_detail
from api.routes.base import Blueprint, path_parameter
from schemas.common import ErrorSchema
from schemas.writes import BatchResultSchema, WriteArgsSchema, WrittenArticleSchema

blp = Blueprint("article-writes", __name__, url_prefix="/articles",
                description="Pushing articles (API key with the write scope)")

JSON_TYPES = ("application/json", "application/ld+json")
LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/ndjson")
BODY_DOC = {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]},
                         "example": {"url": "https://example.com/a", "headline": "Title", "articleBody": "Text."}},
    "application/x-ndjson": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "text/plain": {"schema": {"type": "string"}},
}}
SECURITY = [{"bearerAuth": []}]


def _records() -> tuple[list[dict], bool]:
    """The records in the request body and whether it was a batch; 400/415 for a body we cannot read."""
    mimetype = request.mimetype
    text = request.get_data(as_text=True)
    url = request.args.get("url")
    if mimetype in JSON_TYPES:
        try:
            data = json.loads(text)
        except ValueError as exc:
            abort(400, message=f"the body is not valid JSON: {exc}")
        if isinstance(data, list):
            return data, True
        return [data], False
    if mimetype in LINES_TYPES:
        records = []
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError as exc:
                    records.append({"__error__": f"line {number}: invalid JSON: {exc}"})
        return records, True
    if mimetype in ("text/html", "application/xhtml+xml"):
        return [{"url": url, "html": text}], False
    if mimetype == "text/plain":
        return [{"url": url, "text": text}], False
    abort(415, message="send application/json, application/x-ndjson, text/html or text/plain")


def extract_item(item: Item) -> tuple[str, dict | None, str | None]:
    """The loader's extraction, imported on first write: read-only workers never load spaCy."""
    from api.loader.pipeline import extract_item as extract

    return extract(item)


def _store(record, index: int) -> dict:
    """Extract and store one record; its outcome, never an exception."""
    if isinstance(record, dict) and "__error__" in record:
        return {"index": index, "status": "failed", "id": None, "error": record["__error__"]}
    if not isinstance(record, dict):
        return {"index": index, "status": "failed", "id": None, "error": "a record must be a JSON object"}
    _, normalised, error = extract_item(Item(f"request[{index}]", record))
    if error:
        return {"index": index, "status": "failed", "id": None, "error": error}
    status = save_article(normalised)
    article_id = normalised["id"]
    if status == DUPLICATE:
        # The stored original by the store's own rule (same body and title), not just the same body.
        article_id = same_article(normalised).id
    return {"index": index, "status": status, "id": article_id, "error": None,
            "warnings": normalised.get("warnings", [])}


def _written(article_id: str, warnings: list[str]) -> Article:
    """The stored article with the warnings of the record that was pushed, as a batch's outcome lists them."""
    article = article_detail(article_id)
    article.warnings = warnings
    return article


@blp.route("")
class ArticleWrites(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["RATE_LIMIT_WRITES"])]

    @blp.arguments(WriteArgsSchema, location="query")
    @blp.doc(requestBody=BODY_DOC, security=SECURITY)
    @blp.response(201, WrittenArticleSchema, description="one record, stored")
    @blp.alt_response(200, schema=WrittenArticleSchema,
                      description="one record, already stored (unchanged or duplicate)")
    @blp.alt_response(207, schema=BatchResultSchema, description="a batch: one outcome per record")
    @blp.alt_response(400, schema=ErrorSchema, description="a single record that could not be stored")
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    def post(self, args: dict):
        """Push one article, a batch (JSON array or JSON Lines) or a raw page"""
        auth.require_scope("write")
        records, batch = _records()
        if batch:
            if len(records) > current_app.config["MAX_BATCH_RECORDS"]:
                abort(413, message=f"at most {current_app.config['MAX_BATCH_RECORDS']} records a batch")
            outcomes = [_store(record, i) for i, record in enumerate(records)]
            counts = {k: sum(o["status"] == k for o in outcomes)
                      for k in ("loaded", "updated", "unchanged", "duplicate", "failed")}
            response = current_app.json.response(BatchResultSchema().dump({"data": outcomes, "meta": counts}))
            response.status_code = 207
            return response
        outcome = _store(records[0], 0)
        if outcome["status"] == "failed":
            abort(400, message=outcome["error"])
        status = 200 if outcome["status"] in (UNCHANGED, DUPLICATE) else 201
        headers = {"Location": url_for("articles.ArticleItem", article_id=outcome["id"])}
        return _written(outcome["id"], outcome["warnings"]), status, headers


@blp.route("/<article_id>", parameters=[path_parameter("article_id", "the article id", "3f2a9c0d1e4b5a69")])
class ArticleItemWrites(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["RATE_LIMIT_WRITES"])]

    @blp.doc(requestBody=BODY_DOC, security=SECURITY)
    @blp.response(200, WrittenArticleSchema)
    @blp.alt_response(400, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def put(self, article_id: str):
        """Replace an article with a new version of its record (its id stays)"""
        auth.require_scope("write")
        current = article_detail(article_id)
        records, batch = _records()
        if batch or not isinstance(records[0], dict):
            abort(400, message="PUT takes one record")
        record = dict(records[0])
        record.setdefault("url", current.url)
        _, normalised, error = extract_item(Item(f"request[{article_id}]", record))
        if error:
            abort(400, message=error)
        if normalised["id"] != article_id:
            abort(400, message="the record's url belongs to another article; PUT keeps an article's url")
        if save_article(normalised) == DUPLICATE:
            abort(409, message="another article already has this text")
        return _written(article_id, normalised.get("warnings", []))

    @blp.doc(security=SECURITY)
    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema)
    def delete(self, article_id: str):
        """Delete an article; entities no other article mentions go with it"""
        auth.require_scope("write")
        with db.atomic():
            if not delete_article(article_id):
                abort(404, message="no article with that id")

