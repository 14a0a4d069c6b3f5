"""Loading a file of pre-extracted records (worker pool, prepared rows, bulk inserts) stores exactly what
storing its records one by one with `save_article` stores: every table, the full-text index with its
date-ordered row ids, the co-occurrence counts, and the same outcome for every record."""
from __future__ import annotations

import json
from collections import Counter

from api.db import db, is_sqlite
from api.loader.pipeline import extract_item
from api.loader.read import read_path
from api.loader.store import save_article
from api.models import MODELS, Article, Quote
from bench.pages import write_jsonl
from tests.helpers import load

# FTS5 keeps its index in shadow tables whose bytes depend on how rows were batched; the virtual table's
# rows (compared, with their row ids) are what matters.
_SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")


def dump() -> dict[str, list]:
    """Every row of every table, in a stable order, without load times and sequence ids."""
    tables = {}
    for name in db.get_tables():
        if name.endswith(_SHADOW) or name == "schema_version":
            continue
        rowid = "rowid, " if is_sqlite() and name.endswith("_fts") else ""
        cursor = db.execute_sql(f'SELECT {rowid}* FROM "{name}"')
        columns = [c[0] for c in cursor.description]
        sequence = name in ("entity_alias", "other_url")  # PostgreSQL never rewinds their ids
        keep = [i for i, c in enumerate(columns) if c != "loaded_at" and not (sequence and c == "id")]
        tables[name] = sorted((tuple(row[i] for i in keep) for row in cursor.fetchall()), key=repr)
    return tables


def extracted(n: int, body: str, entities: list, quotes: list, **more) -> str:
    record = {"url": f"https://example.com/odd/{n}", "headline": f"Odd story {n}", "articleBody": body,
              "datePublished": "2024-02-03T04:05:06Z", "entities": entities, "quotes": quotes, **more}
    return json.dumps(record, ensure_ascii=False) + "\n"


def feed(path) -> None:
    """Realistic records, and the awkward ones: two entities that are one stored entity, speakers named
    by an alias or by nobody, an undated record, a repeat, a twin elsewhere, a changed record, bad lines."""
    write_jsonl(path, 44, 4)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines, later = lines[:40], lines[40:]
    body = "Ana Ruiz met ANA RUIZ. “Too many meetings,” Ruiz said. “Who knows,” someone asked. Ça va."
    lines += [
        extracted(1, body, [{"name": "Ana Ruiz", "type": "person", "offsets": [[23, 31]]},
                            {"name": "ANA RUIZ", "type": "person", "aliases": ["Ruiz"], "offsets": [[0, 8]]},
                            {"name": "Valencia Port", "type": "organization", "mentions": 3}],
                  [{"text": "Too many meetings,", "speaker": "Ruiz", "cue": "said"},
                   {"text": "Who knows,", "speaker": "Somebody Else"}, {"text": "Ça va.", "kind": "scare"}]),
        extracted(2, "An undated note about Valencia Port.", [{"name": "Valencia Port", "type": "organization"}],
                  [], datePublished=None),
        lines[3],  # the same record again: unchanged
        json.dumps(dict(json.loads(lines[5]), url="https://example.org/copy")) + "\n",  # a twin: duplicate
        json.dumps(dict(json.loads(lines[7]), headline="A changed headline")) + "\n",  # same URL: updated
        "{not json\n",
        extracted(3, "Some text.", [{"name": "Nobody", "type": "people"}], []),
        *later,  # new records after the ones stored one by one
    ]
    path.write_text("".join(lines), encoding="utf-8")


def test_loading_a_file_stores_what_saving_each_record_alone_stores(runner, tmp_path):
    path = tmp_path / "feed.jsonl"
    feed(path)
    result = load(runner, path, args=("--workers", "2"))
    with db.connection_context():
        loaded = dump()
        for model in reversed(MODELS):
            model.delete().execute()
        assert all(not rows for name, rows in dump().items())
        outcomes, failures = Counter(), []
        for item in read_path(str(path)):
            origin, record, error = extract_item(item)
            if error:
                outcomes["failed"] += 1
                failures.append(f"failed: {origin}: {error}")
            else:
                outcomes[save_article(record)] += 1
        alone = dump()
    assert loaded == alone
    assert result.output.splitlines()[-1] == (f"{outcomes['loaded']} loaded, {outcomes['updated']} updated, "
                                              f"{outcomes['unchanged']} unchanged, {outcomes['duplicate']} "
                                              f"duplicate, {outcomes['failed']} failed")
    assert result.output.splitlines()[:-1] == failures
    assert dict(outcomes) == {"loaded": 46, "unchanged": 1, "duplicate": 1, "updated": 1, "failed": 2}
    # Both paths share the row building: what it gives for the awkward record, checked on its own.
    with db.connection_context():
        odd = Article.get(Article.url == "https://example.com/odd/1")
        assert sorted((m.entity_id, m.count, m.offsets) for m in odd.mentions) == [
            ("ana-ruiz", 2, [[0, 8], [23, 31]]), ("valencia-port", 3, [])]
        assert [(q.position, q.speaker_id, q.kind) for q in odd.quotes.order_by(Quote.position)] == [
            (0, "ana-ruiz", "statement"), (1, None, "statement"), (2, None, "scare")]
    counts = {name: len(rows) for name, rows in loaded.items()}
    assert counts["mention"] > 300 and counts["cooccurrence"] > 1000 and counts["quote"] > 50
    if is_sqlite():
        assert counts["article_fts"] == counts["article"] and counts["quote_fts"] == counts["quote"]
