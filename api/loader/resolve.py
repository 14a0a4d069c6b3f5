"""One entity across the corpus: matching an article's entities to stored ones by their spellings.

`Resolver` answers for many entities (a whole batch of articles) with one query for every spelling
they use, then decides in memory, one entity after another, exactly as one query per entity would:
what it creates (entities, aliases) is added to its in-memory view as it goes, so a later entity in
the batch sees an earlier one. `flush()` writes what it created. Use one resolver per transaction.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from peewee import DateTimeField, Field, Value, chunked
from peewee import __exception_wrapper__ as exception_wrapper

from api.db import db, is_sqlite, one_of, plain_type
from api.models import Entity, EntityAlias

ROWS_PER_QUERY = 500  # far below the bound-variable limits of SQLite and PostgreSQL


def insert_rows(model, rows: list[dict] | list[tuple], ignore_conflicts: bool = False,
                fields: Sequence[str] = (), converted: bool = False) -> None:
    """Insert rows in as few statements as may be: dicts keyed by field name, all with the same keys, or
    tuples of the values of `fields`; `converted` when the values are already what the driver takes
    (`converters`), as the loader's worker processes prepare them.

    On SQLite one prepared statement runs for every row: building a multi-row INSERT value by value
    through the query builder cost more than the database itself at thousands of rows a second.
    On PostgreSQL, where each executed row is a round trip, multi-row inserts of ROWS_PER_QUERY rows.
    """
    if not rows:
        return
    names = list(fields) or list(rows[0])
    if isinstance(rows[0], dict):
        rows = [tuple([row[name] for name in names]) for row in rows]
    columns = [model._meta.fields[name] for name in names]
    if not is_sqlite():
        for chunk in chunked(rows, ROWS_PER_QUERY):
            if converted:
                chunk = [[Value(v, converter=False, unpack=False) for v in row] for row in chunk]
            query = model.insert_many(chunk, fields=columns)
            (query.on_conflict_ignore() if ignore_conflicts else query).execute()
        return
    sql_columns = ", ".join(f'"{f.column_name}"' for f in columns)
    marks = ", ".join("?" * len(columns))
    verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
    sql = f'{verb} INTO "{model._meta.table_name}" ({sql_columns}) VALUES ({marks})'
    if not converted:
        convert = converters(model, names)
        rows = [tuple([c(v) for c, v in zip(convert, row, strict=True)]) for row in rows]
    with exception_wrapper:  # sqlite3 errors become peewee's (IntegrityError, ...), as through a query
        db.cursor().executemany(sql, rows)


def converters(model, names: Sequence[str]) -> list[Callable]:
    """For each field named, what turns a value into what the driver is given (`field.db_value`, short-cut
    on SQLite)."""
    sqlite = is_sqlite()
    return [_field_converter(model, name, sqlite) for name in names]


@lru_cache(maxsize=256)  # by model and name: a Field's == builds an expression
def _field_converter(model, name: str, sqlite: bool) -> Callable:
    field = model._meta.fields[name]
    return _converter(field) if sqlite else field.db_value


def _converter(field: Field) -> Callable:
    """`field.db_value` as SQLite receives it, short-cut for most of a load's values: text for a text
    column or a key to one, an int for an integer column, None (all returned unchanged), a datetime."""
    convert = field.db_value
    if type(field) is DateTimeField:
        # The text sqlite3's own datetime adapter writes (isoformat with a space), without its lookup.
        return lambda value: str(value) if type(value) is datetime else convert(value)
    as_is = plain_type(field)
    if as_is is None:
        return convert
    return lambda value: value if value is None or type(value) is as_is else convert(value)


@lru_cache(maxsize=65536)  # a load folds the same few thousand names again and again
def alias_key(name: str) -> str:
    """The form two spellings of one name share: case, accents, hyphens and punctuation folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`]s\b", "", text)
    return " ".join(re.findall(r"\w+", text))[:255]


def slugify(name: str) -> str:
    """A readable id: 'Vladimir Putin' -> 'vladimir-putin'."""
    return alias_key(name).replace(" ", "-")[:200] or "entity"


def resolve_entity(entity: dict) -> str:
    """The id of the stored entity this one is, created if new; every spelling is added as an alias."""
    entity = spelled_entity(entity)
    resolver = Resolver([entity])
    entity_id = resolver.resolve(entity)
    resolver.flush()
    return entity_id


class Spelled(NamedTuple):
    """An entity's name and type with the spellings it is matched by, worked out once."""

    name: str
    type: str
    spellings: tuple[tuple[str, str], ...]  # each distinct name with its key
    keys: tuple[str, ...]  # the distinct keys, the name's first (none: the name has no word)
    lookup: tuple[str, ...]  # the keys it matches stored entities by (`_lookup_keys`)
    slug: str


@lru_cache(maxsize=65536)  # a load names the same popular entities again and again
def spelled(name: str, entity_type: str, aliases: tuple[str, ...] = ()) -> Spelled:
    """The spellings of an entity named `name`, of a type, with other names `aliases`."""
    names = dict.fromkeys(n for n in (name, *aliases) if alias_key(n))
    spellings = tuple((n, alias_key(n)) for n in names)
    keys = tuple(dict.fromkeys(key for _, key in spellings))
    lookup = tuple(_lookup_keys(entity_type, list(keys))) if keys else ()
    return Spelled(name, entity_type, spellings, keys, lookup, slugify(name))


def spelled_entity(entity: dict) -> Spelled:
    """`spelled` for an entity of a record ({"name", "type", "aliases"?})."""
    return spelled(entity["name"], entity["type"], tuple(entity.get("aliases", [])))


def _lookup_keys(entity_type: str, keys: list[str]) -> list[str]:
    """The keys an entity matches stored ones by.

    One entity across the corpus: an entity of the same type matches by its name or by any alias that
    names one thing. A lone surname or first name ('Putin', 'Kim') names many people, so it only
    matches when its own name is that word and a single stored person carries it; a person's first and
    last name also match without the middle ('Vladimir V. Putin' = 'Vladimir Putin').
    """
    name_key, *others = keys
    words = name_key.split()
    if entity_type == "person":
        # Surnames alone are shared by many people: never a reason to merge two full names.
        others = [k for k in others if " " in k]
        if len(words) > 2:
            others.append(f"{words[0]} {words[-1]}")
    return list(dict.fromkeys([name_key, *others]))


class Resolver:
    """Entity resolution for a batch: one query for all spellings, decisions in memory, one write."""

    def __init__(self, entities: Iterable[Spelled]) -> None:
        wanted: set[str] = set()
        slugs: set[str] = set()
        for entity in set(entities):  # a batch names the same popular entities again and again
            if not entity.keys:
                continue
            # Every spelling, not only the lookup keys: the in-memory view must know which (entity, key)
            # alias rows exist, as the insert's conflict rule does.
            wanted.update(entity.keys, entity.lookup)
            slugs.update((entity.slug, f"{entity.slug}-{entity.type}"))
        self._by_key: dict[str, dict[str, str]] = {}  # alias key -> {entity id: type}
        # Plain cursors: peewee's row conversion cost more than the queries for a batch's thousands of rows.
        rows = db.execute_sql(*EntityAlias.select(EntityAlias.entity, Entity.type, EntityAlias.key).join(Entity)
                              .where(one_of(EntityAlias.key, sorted(wanted))).sql())
        for entity_id, entity_type, key in rows:
            self._by_key.setdefault(key, {})[entity_id] = entity_type
        self._checked = slugs
        self._taken: set[str] = {i for (i,) in db.execute_sql(
            *Entity.select(Entity.id).where(one_of(Entity.id, slugs)).sql())}
        self._new_entities: list[dict] = []
        self._new_aliases: list[dict] = []

    def resolve(self, entity: Spelled) -> str:
        """The id of the stored (or to be stored) entity this one is; its spellings become aliases."""
        entity_id = self._match(entity.type, entity.keys, entity.lookup)
        if entity_id is None:
            entity_id = self._free_slug(entity.slug, entity.type)
            self._taken.add(entity_id)
            self._new_entities.append({"id": entity_id, "name": entity.name, "type": entity.type})
        for name, key in entity.spellings:
            stored = self._by_key.setdefault(key, {})
            if entity_id not in stored:  # the first spelling of a key stays, as the insert's conflict rule keeps it
                stored[entity_id] = entity.type
                self._new_aliases.append({"entity": entity_id, "alias": name, "key": key})
        return entity_id

    def flush(self) -> None:
        """Write the entities and aliases created since the last flush."""
        insert_rows(Entity, self._new_entities)
        insert_rows(EntityAlias, self._new_aliases, ignore_conflicts=True)
        self._new_entities, self._new_aliases = [], []

    def _match(self, entity_type: str, keys: tuple[str, ...], lookup: tuple[str, ...]) -> str | None:
        if not keys:
            return None
        name_key = keys[0]
        if entity_type == "person" and len(name_key.split()) == 1:
            # A lone surname joins the one person who has it, and stays apart when several do.
            ids = {entity_id for key in lookup for entity_id in self._ids(key, entity_type)}
            return ids.pop() if len(ids) == 1 else None
        # The name itself first (the smallest id when several share it), else the entity most keys point to.
        by_name = list(self._ids(name_key, entity_type))
        if by_name:
            return min(by_name)
        counts: dict[str, int] = {}
        for key in lookup:
            for entity_id in self._ids(key, entity_type):
                counts[entity_id] = counts.get(entity_id, 0) + 1
        return max(counts, key=lambda i: (counts[i], i)) if counts else None

    def _ids(self, key: str, entity_type: str) -> Iterator[str]:
        """The stored entities of this type one of whose spellings folds to `key`."""
        return (entity_id for entity_id, stored_type in self._by_key.get(key, {}).items()
                if stored_type == entity_type)

    def _free_slug(self, slug: str, entity_type: str) -> str:
        typed = f"{slug}-{entity_type}"
        for candidate in (slug, typed):
            if not self._is_taken(candidate):
                return candidate
        n = 2
        while self._is_taken(f"{typed}-{n}"):
            n += 1
        return f"{typed}-{n}"

    def _is_taken(self, entity_id: str) -> bool:
        if entity_id in self._taken:
            return True
        if entity_id in self._checked:
            return False
        return Entity.get_or_none(Entity.id == entity_id) is not None
