"""What every resource blueprint shares: argument parsing that answers 400, and 404 for unknown ids."""
from __future__ import annotations

from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import abort
from peewee import Model
from webargs.flaskparser import FlaskParser


class Parser(FlaskParser):
    """Invalid or unknown query parameters are a client error: 400, naming the parameter."""

    DEFAULT_VALIDATION_STATUS = 400
    # None: the schema's own `unknown = raise` applies, so a misspelt parameter is reported, not ignored.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None}


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = Parser()


def get_or_404(query, *conditions) -> Model:
    """The one row matching the conditions, or a 404 in the error shape."""
    row = query.where(*conditions).first()
    if row is None:
        abort(404, message=f"no {query.model._meta.name} with that id")
    return row
