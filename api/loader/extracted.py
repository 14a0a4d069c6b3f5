"""Pre-extracted records: a record that carries its own `entities` and `quotes` is stored without NLP.

The shape is the normalised one `flask --app wsgi extract` prints (`title`, `body`, `authors`,
`published_at`, `source: {name, domain}`, `images`, `entities`, `quotes`, `provenance`), or
schema.org keys (`headline`, `articleBody`, ...) with `entities` and `quotes` beside them. Ids, hashes
and the fingerprint are computed again (`normalize.finish`), so an edited record cannot claim a
stale id. The lists are checked here, so a malformed one fails alone with a reason instead of
failing in the database.
"""
from __future__ import annotations

from datetime import datetime

from api.loader.dates import stated_date, unusable
from api.models import ENTITY_TYPES


class ShapeError(ValueError):
    """A pre-extracted entity or quote of the wrong shape (the message says where)."""


def is_extracted(record) -> bool:
    """Whether a record brings its own entities and quotes (both lists)."""
    return isinstance(record, dict) and isinstance(record.get("entities"), list) \
        and isinstance(record.get("quotes"), list)


def normalised_fields(record: dict) -> tuple[dict, list[str]]:
    """The normalised keys of an extracted record, those present and of the right type, and a warning
    for each date given that cannot be used."""
    fields: dict = {}
    warnings: list[str] = []
    for name in ("title", "body", "published_at", "updated_at", "language", "description"):
        if isinstance(record.get(name), str) and record[name].strip():
            fields[name] = record[name].strip()
    for name in ("published_at", "updated_at"):
        if name in fields and not _usable_iso(fields[name]):
            # Kept as given when ISO 8601 (what extract prints), else read like a schema.org date.
            fields[name], warning = stated_date(name, name, fields[name])
            warnings += [warning] if warning else []
    authors = record.get("authors")
    if isinstance(authors, list) and all(isinstance(a, str) for a in authors):
        fields["authors"] = [a for a in authors if a.strip()]
    images = record.get("images")
    if isinstance(images, list) and all(isinstance(i, dict) for i in images):
        fields["images"] = [{"url": i.get("url"), "caption": i.get("caption"), "credit": i.get("credit")}
                            for i in images]
    source = record.get("source")
    if isinstance(source, dict) and isinstance(source.get("name"), str):
        fields["source_name"] = source["name"]
    return fields, warnings


def given_methods(record: dict) -> dict:
    """How each field was first found, when the record says so (the `provenance` extract prints)."""
    methods = (record.get("provenance") or {}).get("fields") if isinstance(record.get("provenance"), dict) else None
    return {k: v for k, v in methods.items() if isinstance(v, str)} if isinstance(methods, dict) else {}


def checked_entities(entities: list) -> list[dict]:
    """The entities in the store's shape: name and type required, aliases, mentions and offsets optional."""
    out = []
    for n, entity in enumerate(entities):
        where = f"entities[{n}]"
        if not isinstance(entity, dict) or not _text(entity.get("name")):
            raise ShapeError(f"{where}: an object with a non-empty name is required")
        if entity.get("type") not in ENTITY_TYPES:
            raise ShapeError(f"{where}: type must be one of {', '.join(ENTITY_TYPES)}")
        aliases = entity.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ShapeError(f"{where}: aliases must be a list of strings")
        offsets = _pairs(entity.get("offsets") or [])
        if offsets is None:
            raise ShapeError(f"{where}: offsets must be a list of [start, end] integer pairs")
        mentions = entity.get("mentions")
        if mentions is not None and (not isinstance(mentions, int) or isinstance(mentions, bool) or mentions < 0):
            raise ShapeError(f"{where}: mentions must be a non-negative integer")
        out.append({"name": entity["name"], "type": entity["type"], "aliases": aliases,
                    "mentions": mentions if mentions is not None else max(len(offsets), 1),
                    "offsets": offsets})
    return out


def checked_quotes(quotes: list) -> list[dict]:
    """The quotes in the store's shape: text required; speaker a name (or null), cue, kind and offsets."""
    out = []
    for n, quote in enumerate(quotes):
        where = f"quotes[{n}]"
        if not isinstance(quote, dict) or not _text(quote.get("text")):
            raise ShapeError(f"{where}: an object with a non-empty text is required")
        for key in ("speaker", "cue", "kind"):
            if quote.get(key) is not None and not isinstance(quote[key], str):
                raise ShapeError(f"{where}: {key} must be a string or null")
        for key in ("start", "end"):
            value = quote.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ShapeError(f"{where}: {key} must be an integer or null")
        out.append({"text": quote["text"], "speaker": quote.get("speaker") or None, "cue": quote.get("cue"),
                    "kind": quote.get("kind") or "statement", "start": quote.get("start"), "end": quote.get("end")})
    return out


def _usable_iso(value: str) -> bool:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return unusable(parsed) is None


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _pairs(offsets) -> list[list[int]] | None:
    """The offsets as [start, end] lists, or None unless every one is a pair of integers.

    One tight loop: a record brings dozens of pairs, and this check ran a generator per pair."""
    if not isinstance(offsets, list):
        return None
    pairs = []
    for pair in offsets:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return None
        start, end = pair
        if not ((type(start) is int or _integer(start)) and (type(end) is int or _integer(end))):
            return None
        pairs.append([start, end])
    return pairs


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
