"""JSON records with schema.org NewsArticle keys, and raw `html` / `text` fields to extract from.

Keys given explicitly win over what extraction finds. A record with its own `entities` and `quotes`
(api/loader/extracted.py) also takes the normalised keys `flask extract` prints, and keeps its lists.
"""
from __future__ import annotations

from api.loader.bylines import split_byline
from api.loader.dates import stated_date
from api.loader.extracted import (
    ShapeError,
    checked_entities,
    checked_quotes,
    given_methods,
    is_extracted,
    normalised_fields,
)


class RecordError(ValueError):
    """A record that cannot become an article (the message says why)."""


def extract_record(record: dict) -> dict:
    """Turn one input record into the fields of a normalised article (before finishing)."""
    if not isinstance(record, dict):
        raise RecordError(f"a record must be a JSON object, got {type(record).__name__}")
    url = _text(record.get("url"))
    if record.get("html"):
        from api.loader.html import extract_html  # trafilatura and lxml: only for pages

        fields = extract_html(_text(record["html"]) or "", url)
    elif record.get("text"):
        from api.loader.textdump import extract_text

        fields = extract_text(_text(record["text"]) or "")
    else:
        fields = {"provenance": {}}
    given, warnings = _given(record)
    extracted = is_extracted(record)
    if extracted:
        normalised, dropped = normalised_fields(record)
        given.update({k: v for k, v in normalised.items() if given.get(k) in (None, "", [])})
        warnings += dropped
    methods = given_methods(record) if extracted else {}
    for name, value in given.items():
        if value not in (None, "", []):
            fields[name] = value
            fields["provenance"][name] = methods.get(name, "given")
    if url:
        fields["url"] = url
    if warnings:
        fields["warnings"] = [*fields.get("warnings", ()), *warnings]
    if not (fields.get("body") or "").strip():
        raise RecordError("no article text found (empty articleBody, html or text)")
    if extracted:
        try:
            # Already extracted: the pipeline stores these lists and skips the NLP model.
            fields["entities"] = checked_entities(record["entities"])
            fields["quotes"] = checked_quotes(record["quotes"])
        except ShapeError as exc:
            raise RecordError(str(exc)) from None
    return fields


def _given(record: dict) -> tuple[dict, list[str]]:
    """The record's schema.org values, and a warning for each date it gives that cannot be used."""
    publisher = record.get("publisher")
    published, published_warning = stated_date("published_at", "datePublished", _text(record.get("datePublished")))
    updated, updated_warning = stated_date("updated_at", "dateModified", _text(record.get("dateModified")))
    given = {
        "title": _text(record.get("headline") or record.get("title") or record.get("name")),
        "body": _text(record.get("articleBody")),
        "authors": _authors(record.get("author")),
        "published_at": published,
        "updated_at": updated,
        "language": _text(record.get("inLanguage")),
        "description": _text(record.get("description")),
        "images": _images(record.get("image")),
        "source_name": _text(publisher.get("name") if isinstance(publisher, dict) else publisher),
    }
    return given, [w for w in (published_warning, updated_warning) if w]


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v is not None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    text = str(value).strip() if value is not None else ""
    return text or None


def _authors(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            names.extend(n for n in split_byline(name) if n not in names)
    return names


def _images(value) -> list[dict]:
    items = value if isinstance(value, list) else [value]
    images = []
    for item in items:
        if isinstance(item, str) and item.strip():
            images.append({"url": item.strip(), "caption": None, "credit": None})
        elif isinstance(item, dict) and (item.get("url") or item.get("contentUrl")):
            images.append({
                "url": _text(item.get("url") or item.get("contentUrl")),
                "caption": _text(item.get("caption") or item.get("description")),
                "credit": _text(item.get("creditText") or item.get("copyrightHolder") or item.get("author")
                                or item.get("credit")),
            })
    return images
