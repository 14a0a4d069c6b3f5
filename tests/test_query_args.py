"""Query arguments as the views receive them (api.routes.base.Parser): repeated, comma-listed, absent, unknown."""
from __future__ import annotations

from marshmallow import missing
from werkzeug.datastructures import ImmutableMultiDict

from api.routes.base import QueryArgs
from schemas.articles import ArticleQueryArgsSchema


def test_query_args_give_lists_for_repeatable_parameters_and_missing_for_absent_ones():
    schema = ArticleQueryArgsSchema()
    args = QueryArgs(ImmutableMultiDict([("entity", "a"), ("entity", "b"), ("limit", "5"), ("fields", "id,title")]),
                     schema)
    assert args["entity"] == ["a", "b"]
    assert args["limit"] == "5"
    assert args["fields"] == ["id,title"]
    assert args.get("q", missing) is missing and args["q"] is missing
    assert "q" not in args and "limit" in args
    assert "entity" in args.multiple_keys and "limit" not in args.multiple_keys


def test_parsed_arguments_keep_their_values_and_unknown_ones_are_400(client):
    response = client.get("/api/v1/articles?entity=a&entity=b&limit=2&fields=title,url&nonsense=1")
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"query": {"nonsense": ["Unknown field."]}}
    response = client.get("/api/v1/articles?limit=2&fields=title&fields=url")
    assert response.status_code == 200
    assert response.get_json()["meta"]["limit"] == 2
