"""marshmallow's output fields, reading a dict row's value in one step.

A list page is dumped from query rows fetched as dicts, some three hundred values a page. marshmallow's
`Field.serialize` takes five calls for each (`get_value`, the schema's `get_attribute`, `_serialize`, and for
a string `ensure_text_type`): a fifth of a list request's CPU went there. These fields read a dict row by key
and return a value their `_serialize` would return unchanged (a `str` for `String`, an `int` for `Integer`, a
`float` for `Float`, and None) as it is; anything else (a default, a dotted attribute, a model instance, a
value to convert) takes marshmallow's own path. Same output, same schemas, same hooks.

The schema modules import this module as `fields`: `Dict` and `Field`, which gain
nothing here, are marshmallow's own.
"""
from __future__ import annotations

from typing import Any

from marshmallow import fields as _fields
from marshmallow import missing
from marshmallow.fields import Dict, Field

__all__ = ["Dict", "Field", "Float", "Integer", "List", "Nested", "String"]


class _ReadsRows:
    """`serialize` reading a dict row by key (as schemas.base.Schema.get_attribute does)."""

    # The types whose values `_serialize` returns unchanged; set per instance (a number as_string is formatted).
    unchanged: tuple[type, ...] = ()

    def serialize(self, attr: str, obj: Any, accessor=None, **kwargs):
        if type(obj) is dict:
            key = attr if self.attribute is None else self.attribute
            if "." not in key:
                value = obj.get(key, missing)
                if value is missing:
                    if self.dump_default is missing:
                        return missing
                elif value is None or type(value) in self.unchanged:
                    return value
                else:
                    return self._serialize(value, attr, obj, **kwargs)
        return super().serialize(attr, obj, accessor, **kwargs)


class String(_ReadsRows, _fields.String):
    unchanged = (str,)

    def _serialize(self, value, attr, obj, **kwargs):
        # A List of strings calls this for each item.
        if type(value) is str:
            return value
        return super()._serialize(value, attr, obj, **kwargs)


class Integer(_ReadsRows, _fields.Integer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.unchanged = () if self.as_string else (int,)


class Float(_ReadsRows, _fields.Float):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.unchanged = () if self.as_string else (float,)


class List(_ReadsRows, _fields.List):
    pass


class Nested(_ReadsRows, _fields.Nested):
    pass
