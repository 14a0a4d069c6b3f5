"""A normalised record made ready for the store without writing anything: the values of its article,
mention and quote rows as the database driver takes them (JSON encoded, dates as SQLite stores them),
and each entity's spellings.

All of that depends on the record alone, so an extraction worker works it out (`prepare`) and the one
writing process only resolves entities and runs the inserts. It also travels between processes far
more cheaply than the record: flat tuples and strings instead of nested lists (every offset pair was a
list of its own to unpickle). The record itself goes as an orjson blob without its body (the body is
in the article's values), read back only when the record takes the one-by-one path (a known id or
body, a failed batch).
"""
from __future__ import annotations

from dataclasses import dataclass

import orjson

from api.loader.dates import to_utc
from api.loader.resolve import Spelled, alias_key, converters, spelled_entity
from api.models import Article, Mention, Quote

# The article columns `Prepared.article` holds, in order; the store adds `loaded_at`.
ARTICLE_FIELDS = ("id", "url", "title", "authors", "published_at", "updated_at", "published_ts", "updated_ts",
                  "language", "source", "description", "body", "images", "provenance", "content_hash")
BODY = ARTICLE_FIELDS.index("body")
QUOTE_FIELDS = ("id", "article", "position", "text", "cue", "kind", "start", "end", "published_ts")


@dataclass(eq=False)
class Prepared:
    """What the store writes for one record, everything that needs no database worked out."""

    id: str
    content_hash: str
    url: str | None
    source: tuple[str, str] | None  # (domain, name)
    published_ts: object  # as the driver takes it, for the mention rows
    article: tuple  # values of ARTICLE_FIELDS
    # Per entity: its spellings, its mention count and its offsets (sorted, encoded).
    entities: list[tuple[Spelled, int, str]]
    # Per quote: values of QUOTE_FIELDS, and the index of the entity its speaker names (None: no speaker).
    quotes: list[tuple[tuple, int | None]]
    _record: dict | bytes
    warnings: tuple[str, ...] = ()  # what was dropped from the record and why, for the load's report

    @property
    def record(self) -> dict:
        """The normalised record this was prepared from."""
        if isinstance(self._record, bytes):
            self._record = dict(orjson.loads(self._record), body=self.article[BODY])
        return self._record


def prepare(record: dict) -> Prepared:
    """The rows of a normalised record (as `normalize.finish` makes it)."""
    record_id = record["id"]
    source = record.get("source") or {}
    domain = source.get("domain") or None
    published_ts = to_utc(record.get("published_at"))
    article = (record_id, record.get("url"), record.get("title"), record.get("authors") or [],
               record.get("published_at"), record.get("updated_at"), published_ts, to_utc(record.get("updated_at")),
               record.get("language"), domain, record.get("description"), record.get("body") or "",
               record.get("images") or [], dict(record["provenance"], fingerprint=record["fingerprint"]),
               record["provenance"]["content_hash"])
    article = tuple([convert(v) for convert, v in zip(converters(Article, ARTICLE_FIELDS), article, strict=True)])
    (count,) = converters(Mention, ("count",))
    entities = []
    speakers: dict[str, int] = {}  # a name's key -> the last entity of the record spelled so
    for index, entity in enumerate(record.get("entities") or []):
        for name in [entity["name"], *entity.get("aliases", [])]:
            speakers[alias_key(name)] = index
        entities.append((spelled_entity(entity), count(entity.get("mentions") or 1),
                         encoded_offsets(sorted(entity.get("offsets") or []))))
    quote_values = converters(Quote, QUOTE_FIELDS)
    quotes = [(tuple([convert(v) for convert, v in zip(quote_values, (
                  f"{record_id}-{position}", record_id, position, quote["text"], quote.get("cue"),
                  quote.get("kind") or "statement", quote.get("start"), quote.get("end"), published_ts),
                  strict=True)]),
               speakers.get(alias_key(quote["speaker"])) if quote.get("speaker") else None)
              for position, quote in enumerate(record.get("quotes") or [])]
    return Prepared(record_id, record["provenance"]["content_hash"], record.get("url"),
                    (domain, source.get("name") or domain) if domain else None,
                    converters(Mention, ("published_ts",))[0](published_ts), article, entities, quotes,
                    _blob(record), tuple(record.get("warnings", ())))


def encoded_offsets(pairs: list) -> str:
    """Sorted [start, end] integer pairs as the offsets column stores them (the field's own JSON).

    orjson writes a list of integer lists exactly as that encoder does (no spaces) at a third of its
    cost, paid for every entity of every record; an integer past 64 bits it refuses is left to the field.
    """
    try:
        return orjson.dumps(pairs).decode()
    except orjson.JSONEncodeError:
        return converters(Mention, ("offsets",))[0](pairs)


def merged_offsets(encoded: list[str]) -> str:
    """The offsets of several entities of one article that are one stored entity, as one sorted list."""
    return encoded_offsets(sorted(pair for one in encoded for pair in orjson.loads(one)))


def _blob(record: dict) -> dict | bytes:
    # orjson gives back exactly what it read for JSON's types; a string it refuses (a lone surrogate) or an
    # integer past 64 bits keeps the record as it is. The body, the bulk of it, travels once (in `article`).
    if not isinstance(record.get("body"), str):
        return record
    try:
        return orjson.dumps({k: v for k, v in record.items() if k != "body"})
    except orjson.JSONEncodeError:
        return record
