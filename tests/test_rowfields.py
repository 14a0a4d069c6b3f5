"""schemas/rowfields.py: the same output as marshmallow's own fields for every kind of value and object."""
from __future__ import annotations

from types import SimpleNamespace

import marshmallow
import pytest
from marshmallow import fields as mm

from schemas import rowfields
from schemas.base import Schema


def _schema(base: type[marshmallow.Schema], fields) -> marshmallow.Schema:
    """The same declarations with marshmallow's fields or with ours, on `base`."""
    child = base.from_dict({"name": fields.String()})
    return base.from_dict({
        "text": fields.String(allow_none=True),
        "number": fields.Integer(),
        "text_number": fields.Integer(as_string=True),
        "ratio": fields.Float(),
        "names": fields.List(fields.String()),
        "defaulted": fields.String(dump_default="none given"),
        "renamed": fields.String(attribute="other"),
        "dotted": fields.String(attribute="inner.value"),
        "child": fields.Nested(child, allow_none=True),
    })()


Plain = _schema(marshmallow.Schema, mm)
Rows = _schema(Schema, rowfields)


ROWS = [
    {"text": "a", "number": 3, "text_number": 4, "ratio": 0.5, "names": ["x", "y"], "other": "o",
     "inner": {"value": "deep"}, "child": {"name": "c"}},
    {"text": None, "number": None, "ratio": None, "names": None, "child": None},
    {},  # every value missing: left out, or the default
    # values the field converts: not returned as they are
    {"text": b"bytes", "number": True, "text_number": 7, "ratio": 2, "names": [b"b", 5], "other": 9},
    {"text": 12, "number": "5", "ratio": "1.25", "defaulted": None},
]


@pytest.mark.parametrize("row", ROWS)
def test_rowfields_dump_a_dict_row_as_marshmallow_does(row):
    assert Rows.dump(row) == Plain.dump(row)
    assert [type(v) for v in Rows.dump(row).values()] == [type(v) for v in Plain.dump(row).values()]


def test_rowfields_dump_an_object_as_marshmallow_does():
    obj = SimpleNamespace(text="t", number=1, text_number=2, ratio=1.5, names=["n"], defaulted="d", other="o",
                          inner=SimpleNamespace(value="v"), child=SimpleNamespace(name="c"))
    assert Rows.dump(obj) == Plain.dump(obj)


def test_rowfields_return_a_plain_value_itself():
    row = {"text": "kept", "ratio": 0.25}
    dumped = Rows.dump(row)
    assert dumped["text"] is row["text"] and dumped["ratio"] is row["ratio"]


def test_rowfields_are_marshmallow_fields_for_openapi():
    # apispec and webargs recognise a field by its marshmallow class.
    assert isinstance(rowfields.String(), mm.String)
    assert isinstance(rowfields.Integer(), mm.Integer)
    assert isinstance(rowfields.Float(), mm.Float)
    assert isinstance(rowfields.List(rowfields.String()), mm.List)
    assert isinstance(rowfields.Nested(Schema), mm.Nested)
