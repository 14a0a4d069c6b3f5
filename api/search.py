"""Full-text search: one query language (words, "phrases", prefix*, AND / OR / NOT, parentheses)
compiled to SQLite FTS5 or to a PostgreSQL tsquery, and the DDL that keeps the indexes in sync.

SQLite keeps `article_fts` / `quote_fts` (FTS5 tables holding the row id and the text) in step with triggers;
PostgreSQL has a generated `search` tsvector column with a GIN index. Either way the loader's store step
writes plain rows; its bulk runs on SQLite index their new rows in one statement per table (`bulk_indexing`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from marshmallow import ValidationError
from peewee import SQL, Column, Node, NodeList, Table

from api import snapshot
from api.db import db, is_sqlite

# Parsed query nodes: ("term", word, prefix) | ("phrase", words) | ("and", [positive], [negated]) | ("or", [nodes])
_TOKEN = re.compile(r'"([^"]*)"?|(\()|(\))|([^\s()"]+)')
_WORD = re.compile(r"\w+")
OPERATORS = ("AND", "OR", "NOT")
# Searched (table, text columns, weights); the id column comes first and is never matched.
INDEXED = {"article": ("title", "body"), "quote": ("text",)}
WEIGHTS = {"article": (10.0, 1.0), "quote": (1.0,)}


MAX_LENGTH = 500


def parse(text: str) -> tuple:
    """The query's syntax tree; a ValidationError (400 naming `q`) when it cannot be read."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"longer than {MAX_LENGTH} characters")
    tokens = []
    for phrase, lpar, rpar, word in _TOKEN.findall(text):
        if lpar or rpar:
            tokens.append(lpar or rpar)
        elif word in OPERATORS:
            tokens.append(word)
        elif word:
            words = _WORD.findall(word)
            if words:
                prefix = word.endswith("*") and len(words) == 1
                tokens.append(("term", words[0], prefix) if len(words) == 1 else ("phrase", words))
        else:
            words = _WORD.findall(phrase)
            if words:
                tokens.append(("phrase", words) if len(words) > 1 else ("term", words[0], False))
    if not tokens:
        raise ValidationError("the search has no words")
    node, rest = _or(tokens)
    if rest:
        raise ValidationError(f"unexpected {rest[0] if isinstance(rest[0], str) else 'term'} in the search")
    return node


def _or(tokens: list) -> tuple:
    parts = []
    node, tokens = _and(tokens)
    parts.append(node)
    while tokens and tokens[0] == "OR":
        node, tokens = _and(tokens[1:])
        parts.append(node)
    return (parts[0] if len(parts) == 1 else ("or", parts)), tokens


def _and(tokens: list) -> tuple:
    positive, negated = [], []
    while tokens and tokens[0] not in ("OR", ")"):
        if tokens[0] == "AND":
            tokens = tokens[1:]
            continue
        negate = tokens[0] == "NOT"
        if negate:
            tokens = tokens[1:]
        node, tokens = _atom(tokens)
        (negated if negate else positive).append(node)
    if not positive:
        raise ValidationError("NOT needs a term to exclude from, and AND / OR a term on each side")
    if len(positive) == 1 and not negated:
        return positive[0], tokens
    return ("and", positive, negated), tokens


def _atom(tokens: list) -> tuple:
    if not tokens:
        raise ValidationError("the search ends too early")
    head = tokens[0]
    if head == "(":
        node, rest = _or(tokens[1:])
        if not rest or rest[0] != ")":
            raise ValidationError("unbalanced parentheses in the search")
        return node, rest[1:]
    if isinstance(head, str):
        raise ValidationError(f"unexpected {head} in the search")
    return head, tokens[1:]


def to_fts5(node: tuple) -> str:
    """The FTS5 MATCH string for a parsed query (every word quoted, so none is read as an operator)."""
    kind = node[0]
    if kind == "term":
        return f'"{node[1]}"' + ("*" if node[2] else "")
    if kind == "phrase":
        return '"' + " ".join(node[1]) + '"'
    if kind == "or":
        return "(" + " OR ".join(to_fts5(n) for n in node[1]) + ")"
    expr = to_fts5(node[1][0]) if len(node[1]) == 1 else "(" + " AND ".join(to_fts5(n) for n in node[1]) + ")"
    return "(" + expr + "".join(" NOT " + to_fts5(n) for n in node[2]) + ")" if node[2] else expr


def to_tsquery(node: tuple) -> tuple[str, list]:
    """SQL building a PostgreSQL tsquery for a parsed query, and its parameters."""
    kind = node[0]
    if kind == "term":
        if node[2]:
            return "to_tsquery('simple', %s)", [node[1].lower() + ":*"]
        return "plainto_tsquery('simple', %s)", [node[1]]
    if kind == "phrase":
        return "phraseto_tsquery('simple', %s)", [" ".join(node[1])]
    parts = [to_tsquery(n) for n in node[1]]
    joiner = " || " if kind == "or" else " && "
    sql = "(" + joiner.join(p[0] for p in parts)
    params = [x for p in parts for x in p[1]]
    for negated in node[2] if kind == "and" else ():
        neg_sql, neg_params = to_tsquery(negated)
        sql += f" && !!{neg_sql}"
        params += neg_params
    return sql + ")", params


def _fts5_match(table: str, tree: tuple) -> str:
    return "{" + " ".join(INDEXED[table]) + "}: " + to_fts5(tree)


def matching_ids(table: str, text: str) -> Node:
    """A subquery of the ids of `table` rows matching the search `text`."""
    tree = parse(text)
    if is_sqlite():
        return SQL(f"(SELECT id FROM {table}_fts WHERE {table}_fts MATCH ?)", [_fts5_match(table, tree)])
    sql, params = to_tsquery(tree)
    return SQL(f"(SELECT id FROM {table} WHERE search @@ {sql})", params)


# A search is "common" on SQLite when matches² > COMMON_FACTOR × rows (see `matching`): from there on,
# checking the rows a query walks one by one costs less than listing every match first. The factor is the
# ratio of the two unit costs (~50 µs a probe, ~7 µs a listed match on the 100k benchmark corpus) times a
# page (~20 rows).
COMMON_FACTOR = 150
# The same rule on PostgreSQL, where a walked row costs the fetch and decompression of its tsvector (~4 µs
# with its TOAST pages in shared buffers, ~30 µs when they must be read in: 8 ms for a page of a word in 800
# of the 10k benchmark articles) and a listed match its GIN posting, its heap tuple found and then fetched
# by its ctid, and its place in the sort (~1.5 µs). Between the two, so that a word in up to a tenth of the
# articles at 10k (a thirtieth at 100k) is listed.
POSTGRES_COMMON_FACTOR = 100


def matching(model, text: str, walk: bool = False) -> tuple[Node, int | None]:
    """A condition on `model`'s rows matching the search `text`, and (with `walk`) the number of matching
    rows.

    On SQLite a rare search lists its matches from the FTS index (`id IN (...)`: one id lookup each). A
    common one (say "the": every row) cannot: the list reads the id of every match before the first row of
    a page is known. Its rows are instead checked one by one as the query walks them (newest first along
    the date index), each by one FTS query for that row's id AND the search, so a page costs about
    `page × rows / matches` probes. Counting the matches first is cheap (the FTS index alone).
    Only with `walk`: when the caller reads a page in index order, not every match (to rank, count or
    aggregate them), for which the list is the cheaper form. (A search alone read newest first, the
    default list, takes its page from `newest_window` instead; this serves the other sorts and filters.)

    On PostgreSQL the condition is on the row's own `search` column, and the planner chooses between the
    GIN index and walking another index, except with `walk`: its cost model does not see that a walked
    row's tsvector lives out of line in TOAST and is fetched and decompressed to be tested, so it walks
    the date index for a word in hundreds of rows too (a few hundred tsvectors unpacked for a page). With
    `walk` the matches are counted (from the GIN index, `match_count`) and the same rule decides: a common
    search stays a condition on the row, the planner walks; any other lists its matches from the GIN index
    (no tsvector is read: a word's posting list is exact) as an array of row addresses, which the page
    fetches directly (a TID scan) and sorts. An array subquery is planned on its own, and the planner
    guesses it small, so it never walks another index instead. The addresses are read and used under the
    same statement snapshot, so they name the same row versions.
    """
    tree = parse(text)
    table = model._meta.table_name
    if not is_sqlite():
        sql, params = to_tsquery(tree)
        searched = NodeList((Column(model, "search"), SQL(f"@@ {sql}", params)))
        if not walk:
            return searched, None
        matches, rows = _postgres_counts(table, sql, params)
        if matches * matches > POSTGRES_COMMON_FACTOR * rows:
            return searched, matches
        listed = NodeList((Column(model, "ctid"), SQL(f"= ANY(ARRAY(SELECT ctid FROM {table} WHERE search @@ {sql}))",
                                                        params)))
        return listed, matches
    fts, match = f"{table}_fts", _fts5_match(table, tree)
    listed = model._meta.primary_key.in_(SQL(f"(SELECT id FROM {fts} WHERE {fts} MATCH ?)", [match]))
    if not walk:
        return listed, None
    # The matches, and the rows by max(rowid) (O(log n); deletions aside, which only favour the list).
    matches, rows = _sqlite_counts(table, match)
    if matches * matches <= COMMON_FACTOR * (rows or 0):
        return listed, matches
    # The id as an FTS phrase ANDed with the search (the same id lookup as the delete trigger's).
    probe = NodeList((SQL(f"EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH '{{id}}: \"' ||"),
                      model._meta.primary_key, SQL("|| '\" AND (' || ? || ')')", [match])))
    return probe, matches


def match_count(model, text: str) -> int:
    """The number of `model`'s rows matching the search `text`, read from the full-text index alone.

    On PostgreSQL the count is kept off a sequential scan: the planner prices one by the table's pages, not
    seeing that every row's `search` tsvector lives out of line in TOAST and is fetched and decompressed
    to be tested (60 ms at 10k articles for a word in half of them), while the GIN index answers the
    same count from its posting lists (3 ms) and never fetches a tsvector unless the query needs a
    recheck (phrases). See `_postgres_counts`.
    """
    tree = parse(text)
    table = model._meta.table_name
    if is_sqlite():
        return _sqlite_counts(table, _fts5_match(table, tree))[0]
    sql, params = to_tsquery(tree)
    return _postgres_counts(table, sql, params)[0]


def _postgres_counts(table: str, tsquery_sql: str, params: list) -> tuple[int, int]:
    """The rows of `table` matching a tsquery (counted from the GIN index: see `match_count`) and the
    table's rows as the planner last counted them (`reltuples`; 0 before the first ANALYZE).

    Sent as one message with the count, SET LOCAL lasts for that message's implicit transaction only: one
    round trip, no BEGIN. Inside the caller's explicit transaction it would last to that transaction's end,
    so there it is set after a savepoint and undone by rolling back to it (a second message; the count
    wrote nothing)."""
    count = (f"SELECT count(*), (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '{table}'::regclass) "
             f"FROM {table} WHERE search @@ {tsquery_sql}")
    if not db.in_transaction():
        return tuple(db.execute_sql(f"SET LOCAL enable_seqscan = off; {count}", params).fetchone())
    counts = tuple(db.execute_sql(f"SAVEPOINT search_count; SET LOCAL enable_seqscan = off; {count}",
                                  params).fetchone())
    db.execute_sql("ROLLBACK TO SAVEPOINT search_count; RELEASE SAVEPOINT search_count")
    return counts


def _sqlite_counts(table: str, match: str) -> tuple[int, int]:
    """The rows of `table` matching an FTS5 MATCH string, and its largest rowid: the count reads every match's
    index entry, so it grows with the corpus (a page does not); reused until the database changes."""
    fts = f"{table}_fts"
    return snapshot.remembered(("search", table, match), lambda: tuple(db.execute_sql(
        f"SELECT (SELECT count(*) FROM {fts} WHERE {fts} MATCH ?), (SELECT max(rowid) FROM {table})",
        [match]).fetchone()))


def newest_window(model, text: str, after: list | None, n: int) -> Node:
    """(SQLite, a model in ORDERED) A condition keeping, of its rows matching `text`, a few more than the n
    that come first newest-first after the cursor values `after` ([published_ts, id], None: from the start).

    Read in the FTS index's rowid order (see ORDERED), from the hour below the cursor's down: the n-th match
    there fixes the lowest hour the page can reach, so the window is every match from that hour up to the
    cursor's own (whose matches may sort on either side of the cursor), sorted exactly by the page query.
    A subquery, not a query of its own: the page costs no extra round trip, and about n rowids are read
    from the index however many rows match.
    """
    table = model._meta.table_name
    fts, match = f"{table}_fts", _fts5_match(table, parse(text))
    if after is None:
        below, upper, bounds = "?", "?", [2**63 - 1]
    else:
        ts = None if after[0] is None else str(after[0])  # as stored: 'YYYY-MM-DD HH:MM:SS[.ffffff]'
        hour = _hour("?")
        below, upper, bounds = f"({hour} << {HOUR_SHIFT})", f"(({hour} + 1) << {HOUR_SHIFT})", [ts] * hour.count("?")
    lowest = (f"coalesce((SELECT (rowid >> {HOUR_SHIFT}) << {HOUR_SHIFT} FROM {fts} WHERE {fts} MATCH ? "
              f"AND rowid < {below} ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0)")
    return model._meta.primary_key.in_(SQL(
        f"(SELECT id FROM {fts} WHERE {fts} MATCH ? AND rowid < {upper} AND rowid >= {lowest})",
        [match, *bounds, match, *bounds, n - 1]))


def relevance(model, text: str) -> tuple[Node, tuple[Table, str] | None]:
    """A score (higher is better) for rows of `model` matching `text`; on SQLite also the FTS table to
    join and its MATCH string."""
    tree = parse(text)
    table = model._meta.table_name
    if is_sqlite():
        weights = ", ".join(str(w) for w in WEIGHTS[table])
        # FTS5 functions need the table's own name (an alias like t3 is not accepted): alias it as itself.
        fts = Table(f"{table}_fts").alias(f"{table}_fts")
        columns = " ".join(INDEXED[table])
        return SQL(f"-bm25({table}_fts, 0, {weights})"), (fts, "{" + columns + "}: " + to_fts5(tree))
    sql, params = to_tsquery(tree)
    # float8: ts_rank's real would not survive the round trip through a JSON cursor exactly.
    return NodeList((SQL("CAST(ts_rank("), Column(model, "search"), SQL(f", {sql}) AS double precision)", params)),
                    glue=""), None


# SQLite's article_fts numbers its rows in date order, so the newest matches of a search are the first
# rows of the FTS index's own rowid order (`newest_window`): a row's publication hour sits in the high bits
# (0 when undated, so undated rows come last), a number unique within the hour in the low HOUR_SHIFT bits.
ORDERED = {"article": "published_ts"}
HOUR_SHIFT = 38
_HOUR_OFFSET = 2**24  # hours before 1970 stay positive (back to about AD 56); later ones fit up to 2**25


def _hour(ts: str) -> str:
    """SQL for the hour block of a stored `published_ts` (text 'YYYY-MM-DD HH:MM:SS[.ffffff]', or NULL)."""
    seconds = f"strftime('%s', substr({ts}, 1, 19))"
    return (f"(CASE WHEN {seconds} IS NULL THEN 0 "
            f"ELSE max(1, min({2**25 - 1}, CAST({seconds} AS INTEGER) / 3600 + {_HOUR_OFFSET})) END)")


def _next_rowid(fts: str, start: str) -> str:
    # After the hour's largest rowid (the first of the hour when it has none).
    return (f"coalesce((SELECT rowid FROM {fts} WHERE rowid BETWEEN {start} AND {start} + {2**HOUR_SHIFT - 1} "
            f"ORDER BY rowid DESC LIMIT 1), {start}) + 1")


def _sqlite_ddl(table: str) -> list[str]:
    cols = INDEXED[table]
    new = ", ".join(f"new.{c}" for c in cols)
    col_list = ", ".join(cols)
    fts = f"{table}_fts"
    # Deleting by the indexed id token keeps updates O(log n) without relying on rowids VACUUM may renumber.
    delete = (f"DELETE FROM {fts} WHERE rowid IN "
              f"(SELECT rowid FROM {fts} WHERE {fts} MATCH '{{id}}: ' || '\"' || old.id || '\"');")
    if table in ORDERED:
        ts = ORDERED[table]
        start = f"({_hour('new.' + ts)} << {HOUR_SHIFT})"
        insert = f"INSERT INTO {fts}(rowid, id, {col_list}) VALUES ({_next_rowid(fts, start)}, new.id, {new});"
        watched = f"{col_list}, {ts}"
    else:
        insert = f"INSERT INTO {fts}(id, {col_list}) VALUES (new.id, {new});"
        watched = col_list
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(id, {col_list}, "
        "tokenize = 'unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {watched} ON {table} BEGIN {delete} {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
    ]


def fill_sql(table: str) -> str:
    """SQL adding the rows of `table` above a rowid (the parameter) to its SQLite FTS index in one statement."""
    cols = ", ".join(INDEXED[table])
    fts = f"{table}_fts"
    if table not in ORDERED:
        return f"INSERT INTO {fts}(id, {cols}) SELECT id, {cols} FROM {table} WHERE rowid > ?"
    # The SELECT reads the index it fills, so SQLite runs it whole first: every new row's hour is numbered
    # on from the rows indexed before the statement, and the new rows of one hour one after another.
    hour = _hour(ORDERED[table])
    return (f"INSERT INTO {fts}(rowid, id, {cols}) "
            f"SELECT {_next_rowid(fts, 'start')} - 1 + n, id, {cols} FROM "
            f"(SELECT {hour} << {HOUR_SHIFT} AS start, row_number() OVER (PARTITION BY {hour} ORDER BY rowid) AS n, "
            f"id, {cols} FROM {table} WHERE rowid > ?)")


def _postgres_ddl(table: str) -> list[str]:
    weighted = " || ".join(
        f"setweight(to_tsvector('simple', coalesce({c}, '')), '{'AB'[min(i, 1)]}')"
        for i, c in enumerate(INDEXED[table]))
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search tsvector "
        f"GENERATED ALWAYS AS ({weighted}) STORED",
        f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search)",
    ]


# Bytes of new index entries an FTS5 table gathers in memory before writing them out as a segment
# (FTS5's `hashsize` setting, 1 MB by default). A loader's batch of 500 articles gathered several
# segments at 1 MB, each merged with the others soon after; at 16 MB it writes one, which cut the index's
# part of a load by a third. Searches read the same entries (from fewer segments). Only a write holds the
# memory, for the length of its transaction.
HASH_SIZE = 16 * 1024 * 1024


def sqlite_settings(table: str) -> list[str]:
    """SQL storing the FTS5 settings of `table`'s index (kept in the index's own config table)."""
    fts = f"{table}_fts"
    return [f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {HASH_SIZE})"]


def create_search_indexes() -> None:
    """Create the full-text indexes and their triggers (idempotent); fill them from existing rows."""
    for table in INDEXED:
        if is_sqlite():
            fresh = not db.table_exists(f"{table}_fts")
            for statement in _sqlite_ddl(table):
                db.execute_sql(statement)
            if fresh:
                for statement in sqlite_settings(table):
                    db.execute_sql(statement)
                db.execute_sql(fill_sql(table), [0])
        else:
            for statement in _postgres_ddl(table):
                db.execute_sql(statement)


# Past this rowid SQLite may pick new rowids at random instead of max + 1: index such tables row by row.
_ROWID_HEADROOM = 2**62


@contextmanager
def bulk_indexing() -> Iterator[None]:
    """Rows INSERTED in the block (inserts only) are added to the SQLite full-text indexes at its end,
    one statement per table, instead of by the insert trigger row by row (a third of a bulk load's time).

    The insert triggers are dropped and made again from their stored SQL inside the block's own
    transaction (a savepoint when nested): the loader holds the write lock, so no other writer sees
    them missing, and a rollback restores them. New rows are those above the table's largest rowid
    at the start, as SQLite numbers them. PostgreSQL's generated column needs nothing.
    """
    if not is_sqlite():
        yield
        return
    with db.atomic():
        deferred = []
        for table in INDEXED:
            trigger = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                     [f"{table}_fts_ai"]).fetchone()
            last = db.execute_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
            if trigger and last < _ROWID_HEADROOM:
                db.execute_sql(f"DROP TRIGGER {table}_fts_ai")
                deferred.append((table, last, trigger[0]))
        yield
        for table, last, trigger in deferred:
            db.execute_sql(fill_sql(table), [last])
            db.execute_sql(trigger)


def drop_search_indexes() -> None:
    """Drop the SQLite FTS tables (PostgreSQL's column goes with its table)."""
    if is_sqlite():
        for table in INDEXED:
            db.execute_sql(f"DROP TABLE IF EXISTS {table}_fts")
