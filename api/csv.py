"""CSV output: the rows a list or aggregate serves as JSON, flattened and streamed as text/csv.

Nested objects become `parent_child` columns; lists of plain values are joined with "; "; lists of objects
(included entities, quotes) are written as JSON. Rows are dumped by the same marshmallow schema as JSON,
so the two formats always agree.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

import orjson
from flask import Response, request, stream_with_context
from marshmallow import Schema, fields

CSV_MIMETYPE = "text/csv"
# Accept headers that never prefer CSV to JSON.
PLAIN_ACCEPTS = frozenset({None, "", "*/*", "application/json"})


def wants_csv(args: dict) -> bool:
    """CSV when `format=csv`, or when the Accept header prefers text/csv to JSON."""
    if args.get("format"):
        return args["format"] == "csv"
    # No Accept, or the usual ones, answered without parsing the header (werkzeug parses it on every request).
    if request.environ.get("HTTP_ACCEPT") in PLAIN_ACCEPTS:
        return False
    best = request.accept_mimetypes.best_match(["application/json", CSV_MIMETYPE])
    return best == CSV_MIMETYPE


def columns_of(schema: Schema, only: Iterable[str] | None = None, prefix: str = "") -> list[str]:
    """The CSV header for a schema: nested objects flattened to `parent_child`."""
    out = []
    for name, field in schema.fields.items():
        if only and not prefix and name not in only:
            continue
        if isinstance(field, fields.Nested) and not field.many:
            out += columns_of(field.schema, prefix=f"{prefix}{name}_")
        else:
            out.append(prefix + name)
    return out


def flatten(item: dict, prefix: str = "") -> dict:
    """One dumped JSON object as one CSV row."""
    row = {}
    for key, value in item.items():
        name = prefix + key
        if isinstance(value, dict):
            row.update(flatten(value, name + "_"))
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                row[name] = "; ".join("" if v is None else str(v) for v in value)
            else:
                row[name] = orjson.dumps(value).decode()
        else:
            row[name] = value
    return row


def csv_response(batches: Iterable[list[dict]], columns: list[str], name: str) -> Response:
    """A streamed text/csv response writing each batch of dumped rows as it is fetched."""

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for batch in batches:
            for item in batch:
                writer.writerow(flatten(item))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return Response(stream_with_context(generate()), mimetype=CSV_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
