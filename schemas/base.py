"""The base of every schema: marshmallow's, reading plain dicts by key."""
from __future__ import annotations

import marshmallow


class Schema(marshmallow.Schema):
    """marshmallow's Schema with a direct key lookup for dict rows.

    List pages are dumped from query rows fetched as dicts; marshmallow's generic getter (dotted paths,
    item-then-attribute fallback) costs a sixth of a page's dump. Other objects (models) and dotted
    attributes still go through it.
    """

    def get_attribute(self, obj, attr, default):
        if type(obj) is dict and "." not in attr:
            return obj.get(attr, default)
        return super().get_attribute(obj, attr, default)
