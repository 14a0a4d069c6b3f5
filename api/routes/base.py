"""What every resource blueprint shares: argument parsing that answers 400, 404 for unknown ids, and the
keyset list runner (page, total, cursor, Link header, CSV) every list goes through."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from weakref import WeakKeyDictionary

from flask import Response, current_app
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import abort
from marshmallow import Schema, ValidationError, missing
from peewee import Model
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy

from api.csv import columns_of, csv_response, wants_csv
from api.models import count_rows
from api.paging import Keyset, envelope, link_headers, page_limit
from schemas.common import ErrorSchema


class QueryArgs(MultiDictProxy):
    """webargs' view of the query string for a schema, answering a parameter that was not sent without an
    exception: werkzeug's MultiDict.get raises and catches a KeyError for it, and a schema asks once for
    each of its fields (twenty-odd for the article list), nearly all of them absent."""

    _multiple_keys: WeakKeyDictionary[Schema, set[str]] = WeakKeyDictionary()

    def _collect_multiple_keys(self, schema: Schema) -> set[str]:
        # Which parameters may repeat depends only on the schema's fields: worked out once a schema.
        keys = self._multiple_keys.get(schema)
        if keys is None:
            keys = self._multiple_keys[schema] = super()._collect_multiple_keys(schema)
        return keys

    def get(self, key: str, default=None):
        # `missing` for an absent key, whatever the default (what Mapping.get answered through __getitem__),
        # in one call: marshmallow asks it once for each field.
        if key not in self.data:
            return missing
        return super().__getitem__(key)

    __getitem__ = get


class Parser(FlaskParser):
    """Invalid or unknown query parameters are a client error: 400, naming the parameter."""

    DEFAULT_VALIDATION_STATUS = 400
    # None: the schema's own `unknown = raise` applies, so a misspelt parameter is reported, not ignored.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None}

    def _get_schema(self, argmap, req) -> Schema:
        # webargs builds a schema from its class on every request (a deep copy of every field); a
        # schema holds no per-load state, so one instance per class serves every request.
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            return _arguments_instance(argmap)
        return super()._get_schema(argmap, req)

    def load_querystring(self, req, schema: Schema) -> QueryArgs:
        return self._makeproxy(req.args, schema, cls=QueryArgs)


@cache
def _instance(schema: type[Schema]) -> Schema:
    return schema()


@cache
def _arguments_instance(schema: type[Schema]) -> Schema:
    """The instance that loads a query: `partial` when no parameter is required or has a default.

    marshmallow deserialises `missing` for each field not sent (twenty-odd for the article list, nearly all
    of them on a request) only to store nothing; a partial load skips them. With no required field and no
    load default, the two give the same arguments and the same errors."""
    instance = schema()
    if any(f.required or f.load_default is not missing for f in instance.load_fields.values()):
        return instance
    return schema(partial=True)


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = Parser()

    def documented(self, item: bool = False, csv: bool = False) -> Callable:
        """Document what every GET may also answer: 304 (ETag matched), for one resource 404, and for
        lists and aggregates the same rows as text/csv."""

        def decorator(func):
            if csv:
                func = self.doc(responses={200: {"content": {"text/csv": {"schema": {
                    "type": "string", "example": "id,title\n3f2a9c0d1e4b5a69,North Korea ratifies pact\n"}}}}})(func)
            func = self.alt_response(304, description="Not Modified: If-None-Match matched the ETag (no body)",
                                     success=True)(func)
            if item:
                func = self.alt_response(404, schema=ErrorSchema, description="Not Found: no such id",
                                         example={"code": 404, "status": "Not Found",
                                                  "message": "no such id"})(func)
            return func

        return decorator


def path_parameter(name: str, description: str, example: str) -> dict:
    """The OpenAPI description of a path parameter (flask-smorest documents only its name and type)."""
    return {"in": "path", "name": name, "required": True, "description": description,
            "schema": {"type": "string"}, "example": example}


LIST_HEADERS = {
    "Link": {"description": '<URL of the next page>; rel="next" (absent on the last page)',
             "schema": {"type": "string"}},
    "ETag": {"description": "a strong validator of the body; send it back in If-None-Match",
             "schema": {"type": "string"}},
}


def get_or_404(query, *conditions) -> Model:
    """The one row matching the conditions, or a 404 in the error shape."""
    row = query.where(*conditions).first()
    if row is None:
        abort(404, message=f"no {query.model._meta.name} with that id")
    return row


def bad_parameter(name: str, error: ValidationError | str) -> None:
    """Abort with a 400 in the error shape naming one query parameter."""
    messages = error.messages if isinstance(error, ValidationError) else [error]
    if isinstance(messages, str):
        messages = [messages]
    abort(400, message=f"invalid parameter: {name}", errors={"query": {name: messages}})


Fetch = Callable[[list | None, int], list]


def run_list(args: dict, keyset: Keyset, fetch: Fetch, item_schema: type[Schema], name: str,
             count_query=None, extra: Callable[[list], dict] | None = None,
             only: list[str] | None = None) -> tuple[dict, int, dict] | Response:
    """Serve one list: a page of `fetch(after, limit + 1)` in the JSON envelope (with meta.total from
    `count_query` and `extra(rows)` merged in) and a Link header, or every row from the cursor on as CSV.

    `fetch(after, n)` returns at most n rows after the cursor's key values (None: from the start).
    `item_schema` (a class) is built only for CSV: the JSON page is dumped by the route's page schema.
    """
    after = None
    if args.get("cursor"):
        try:
            after = keyset.decode(args["cursor"])
        except ValidationError as exc:
            bad_parameter("cursor", exc)
    limit = page_limit(args)
    if wants_csv(args):
        schema = _instance(item_schema)
        batches = _batches(keyset, fetch, after, args.get("limit"), schema)
        return csv_response(batches, columns_of(schema, only), name)
    rows = fetch(after, limit + 1)
    total, kind = (count_rows(count_query, args.get("count") or "exact")
                   if count_query is not None else (None, None))
    page = envelope(rows, limit, keyset.cursor_of, total, kind)
    if extra is not None:
        page.update(extra(page["data"]))
    return page, 200, link_headers(page)


def _batches(keyset: Keyset, fetch: Fetch, after: list | None, limit: int | None,
             schema: Schema) -> Iterator[list[dict]]:
    # CSV streams the whole list (or `limit` rows) in keyset batches, never the whole table in memory.
    size = min(limit or current_app.config["PAGE_SIZE_MAX"], current_app.config["PAGE_SIZE_MAX"])
    left = limit
    while True:
        rows = fetch(after, size + 1)
        more = len(rows) > size
        rows = rows[:size]
        yield schema.dump(rows, many=True)
        if left is not None or not more:
            return
        after = keyset.decode(keyset.cursor_of(rows[-1]))
