"""Query arguments as the views receive them (api.routes.base.Parser): repeated, comma-listed, absent, unknown."""
from __future__ import annotations

import pytest
from marshmallow import ValidationError, fields, missing
from werkzeug.datastructures import ImmutableMultiDict

from api.routes.base import QueryArgs, _arguments_instance
from schemas.articles import ArticleQueryArgsSchema
from schemas.common import StrictSchema


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


class _Optional(StrictSchema):
    name = fields.String()
    size = fields.Integer()


class _Required(_Optional):
    name = fields.String(required=True)


class _Defaulted(_Optional):
    size = fields.Integer(load_default=10)


def test_a_schema_of_optional_parameters_loads_partially_with_the_same_results():
    schema = _arguments_instance(_Optional)
    assert schema.partial is True and _arguments_instance(_Optional) is schema
    for given in ({}, {"name": "x"}, {"name": "x", "size": "3"}):
        data = ImmutableMultiDict(given)
        assert schema.load(QueryArgs(data, schema)) == _Optional().load(QueryArgs(data, _Optional()))
    with pytest.raises(ValidationError) as error:
        schema.load(QueryArgs(ImmutableMultiDict({"size": "many", "other": "1"}), schema))
    assert error.value.messages == {"size": ["Not a valid integer."], "other": ["Unknown field."]}


@pytest.mark.parametrize("schema_class, expected", [
    (_Required, {"name": ["Missing data for required field."]}),
    (_Defaulted, None),
])
def test_a_schema_with_a_required_or_defaulted_parameter_loads_whole(schema_class, expected):
    schema = _arguments_instance(schema_class)
    assert not schema.partial
    if expected is None:
        assert schema.load(QueryArgs(ImmutableMultiDict(), schema)) == {"size": 10}
    else:
        with pytest.raises(ValidationError) as error:
            schema.load(QueryArgs(ImmutableMultiDict(), schema))
        assert error.value.messages == expected


def test_query_args_get_answers_missing_for_an_absent_parameter_whatever_the_default():
    args = QueryArgs(ImmutableMultiDict([("limit", "5")]), ArticleQueryArgsSchema())
    assert args.get("q") is missing and args.get("q", "fallback") is missing
    assert args.get("limit") == "5"
