"""The bulk store path: its full-text index matches what the row triggers give, a failed run leaves the
schema and index as they were, and the worker pool for pre-extracted records keeps order and reasons."""
from __future__ import annotations

import json

import pytest
from peewee import IntegrityError

from api.db import db, is_sqlite, one_of
from api.loader.store import save_article, save_articles
from api.models import Article, Quote
from api.search import bulk_indexing
from tests.helpers import load


def record(n: int, body: str | None = None, **more) -> dict:
    """A normalised record as `finish` makes it, small enough to write by hand."""
    body = body or f"Story {n}: the harbour board met on Monday. “We agreed,” said Ana Ruiz."
    return {"id": f"{n:016x}", "url": f"https://example.com/{n}", "title": f"Harbour board story {n}",
            "body": body, "authors": ["Jane Doe"], "published_at": "2023-05-04T10:30:00+02:00",
            "source": {"name": "Example", "domain": "example.com"},
            "entities": [{"name": "Ana Ruiz", "type": "person", "aliases": ["Ruiz"], "mentions": 1,
                          "offsets": [[len(body) - 9, len(body) - 1]]}],
            "quotes": [{"text": "We agreed,", "speaker": "Ana Ruiz", "cue": "say", "kind": "statement"}],
            "provenance": {"content_hash": f"hash-{n}"}, "fingerprint": f"print-{n}", **more}


def searched(client, path: str, words: str) -> list[str]:
    return sorted(row["id"] for row in client.get(path, query_string={"q": words}).get_json()["data"])


def test_bulk_loaded_articles_and_quotes_are_found_by_search(app, client):
    with db.connection_context():
        outcomes = save_articles([record(n) for n in range(1, 4)])
        save_article(record(9, body="A lighthouse keeper retired. “Enough storms,” said Ana Ruiz.", title="Retired",
                            quotes=[{"text": "Enough storms,", "speaker": "Ana Ruiz"}]))
    assert outcomes == ["loaded"] * 3
    assert searched(client, "/api/v1/articles", "harbour board") == [f"{n:016x}" for n in range(1, 4)]
    # The article stored alone afterwards is indexed by the insert trigger, which the bulk run put back.
    assert searched(client, "/api/v1/articles", "lighthouse") == [f"{9:016x}"]
    assert len(searched(client, "/api/v1/quotes", "agreed")) == 3
    assert len(searched(client, "/api/v1/quotes", "storms")) == 1


def _triggers() -> list[str]:
    return sorted(sql for (sql,) in db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger'"))


def _index_rows(table: str) -> list[tuple]:
    return sorted(db.execute_sql(f"SELECT * FROM {table}_fts").fetchall())


def test_bulk_indexing_adds_exactly_the_inserted_rows_and_restores_the_triggers(app):
    with db.connection_context():
        if not is_sqlite():
            pytest.skip("PostgreSQL indexes a generated column; there is no trigger to defer")
        save_article(record(1))
        triggers = _triggers()
        save_articles([record(n) for n in range(2, 5)])
        assert _triggers() == triggers
        assert _index_rows("article") == sorted(Article.select(Article.id, Article.title, Article.body).tuples())
        assert _index_rows("quote") == sorted(Quote.select(Quote.id, Quote.text).tuples())
        assert db.execute_sql("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')").fetchall() == []


def test_a_failed_bulk_run_rolls_back_its_rows_index_and_trigger_changes(app):
    with db.connection_context():
        if not is_sqlite():
            pytest.skip("PostgreSQL indexes a generated column; there is no trigger to defer")
        save_article(record(1))
        triggers, articles = _triggers(), _index_rows("article")
        with pytest.raises(IntegrityError), db.atomic(), bulk_indexing():
            Article.insert(id="fresh", body="fresh text", content_hash="h").execute()
            Article.insert(id=f"{1:016x}", body="a clash", content_hash="h2").execute()
        assert (_triggers(), _index_rows("article")) == (triggers, articles)


def test_a_bad_record_in_a_batch_falls_back_and_the_rest_are_indexed(app, client):
    bad = record(2, quotes=[{"text": None, "speaker": None}])  # NOT NULL text: the database refuses it
    with db.connection_context():
        outcomes = save_articles([record(1), bad, record(3)])
    assert outcomes[0] == outcomes[2] == "loaded"
    assert isinstance(outcomes[1], IntegrityError)
    assert searched(client, "/api/v1/articles", "harbour board") == [f"{1:016x}", f"{3:016x}"]


def test_one_of_matches_like_in(app):
    with db.connection_context():
        save_articles([record(n) for n in range(1, 4)])
        ids = [f"{2:016x}", f"{3:016x}", "missing", "it's \"quoted\""]
        assert sorted(a.id for a in Article.select().where(one_of(Article.id, ids))) == ids[:2]
        assert list(Article.select().where(one_of(Article.id, []))) == []


def _extracted_line(n: int) -> str:
    body = f"Story {n} about the harbour. “We agreed,” said Ana Ruiz."
    return json.dumps({"url": f"https://example.com/{n}", "headline": f"Harbour story {n}", "articleBody": body,
                       "entities": [{"name": "Ana Ruiz", "type": "person"}],
                       "quotes": [{"text": "We agreed,", "speaker": "Ana Ruiz"}]}) + "\n"


def test_worker_pool_for_extracted_records_reports_lines_and_reloads_unchanged(runner, client, tmp_path):
    lines = [_extracted_line(n) for n in range(250)]  # more than one chunk per worker
    lines[120] = "{not json\n"
    lines[200] = json.dumps({"headline": "No body", "entities": [], "quotes": []}) + "\n"
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    first = load(runner, path, args=("--workers", "2"))
    assert "248 loaded, 0 updated, 0 unchanged, 0 duplicate, 2 failed" in first.output
    assert f"failed: {path}:121: invalid JSON" in first.output
    assert f"failed: {path}:201: no article text found" in first.output
    again = load(runner, path, args=("--workers", "2"))
    assert "0 loaded, 0 updated, 248 unchanged, 0 duplicate, 2 failed" in again.output
    assert client.get("/api/v1/articles", query_string={"q": "harbour", "limit": 1}).get_json()["data"]


def test_a_line_is_parsed_where_it_is_extracted_and_its_routing_guess_never_changes_the_result():
    from api.loader.pipeline import extract_items
    from api.loader.read import Item

    guessed = Item("feed.jsonl:1", line=json.dumps({"headline": "A", "tags": ["entities", "quotes"]}))
    assert guessed.may_be_extracted()  # the text says so; the record does not bring them
    bad = Item("feed.jsonl:2", line="[1, 2]")
    broken = Item("feed.jsonl:3", line="{")
    assert [(origin, error) for origin, _, error in extract_items([guessed, bad, broken])] == [
        ("feed.jsonl:1", "no article text found (empty articleBody, html or text)"),
        ("feed.jsonl:2", "a record must be a JSON object, got list"),
        ("feed.jsonl:3", "invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")]


def test_mixed_input_switches_to_the_model_pool_once_and_keeps_every_record(runner, client, tmp_path):
    from tests.test_loader_cli import page

    (tmp_path / "a.jsonl").write_text(_extracted_line(1) + _extracted_line(2), encoding="utf-8")
    (tmp_path / "b.html").write_text(page("Quay works begin in spring", "Builders start on the new quay."),
                                     encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(_extracted_line(3) + "{oops\n", encoding="utf-8")
    result = load(runner, tmp_path, args=("--workers", "2"))
    assert "4 loaded, 0 updated, 0 unchanged, 0 duplicate, 1 failed" in result.output
    assert f"failed: {tmp_path / 'c.jsonl'}:2: invalid JSON" in result.output
    titles = sorted(a["title"] for a in client.get("/api/v1/articles").get_json()["data"])
    assert titles == ["Harbour story 1", "Harbour story 2", "Harbour story 3", "Quay works begin in spring"]


def _origins_only(items):
    return [(item.origin, None, "stub") for item in items]


def test_extracted_records_go_to_one_process_fewer_than_the_workers_and_pages_to_all(monkeypatch):
    """This process stores what the light pool extracts, so that pool leaves it a core; the model's pool
    (pages) takes every worker. The results come back in input order either way."""
    import multiprocessing

    from api.loader import pipeline
    from api.loader.read import Item

    sizes: list[int] = []
    fork = multiprocessing.get_context("fork")

    class Recording:
        def Pool(self, size):  # noqa: N802 - multiprocessing's name
            sizes.append(size)
            return fork.Pool(size)

    monkeypatch.setattr(pipeline.multiprocessing, "get_context", lambda kind: Recording())
    monkeypatch.setattr(pipeline, "_load_page_tools", lambda: None)
    monkeypatch.setattr(pipeline, "extract_items", _origins_only)
    quick = [Item(f"q{n}", line=_extracted_line(n)) for n in range(3)]
    page = [Item("page", {"url": "https://example.com/p", "text": "Some text."})]
    results = [r for r in pipeline._extracted([*quick, *page, *quick], workers=3) if r is not pipeline.WAITING]
    assert [origin for origin, _, _ in results] == ["q0", "q1", "q2", "page", "q0", "q1", "q2"]
    assert sizes == [2, 3]


def test_a_batch_is_stored_when_the_next_result_is_not_ready_once_it_holds_enough(monkeypatch):
    """The store starts on what has come instead of waiting for a full batch, but never on a tiny one."""
    from api.loader import pipeline

    monkeypatch.setattr(pipeline, "EARLY_BATCH", 3)
    results = [("a", {}, None), pipeline.WAITING, ("b", {}, None), ("c", {}, None), pipeline.WAITING,
               ("d", {}, None), pipeline.WAITING]
    batches = [[origin for origin, _, _ in batch] for batch in pipeline._batches(results, 10, 60.0)]
    assert batches == [["a", "b", "c"], ["d"]]


def test_a_sqlite_load_checkpoints_the_wal_in_its_own_thread_and_restores_the_writers_setting(
        app, runner, tmp_path, monkeypatch):
    import threading

    from api.loader import pipeline

    if not is_sqlite():
        pytest.skip("PostgreSQL has no WAL checkpoints to move")
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://example.com/{n}", "headline": f"Story {n}",
                                        "articleBody": f"Story {n} of the harbour.", "entities": [],
                                        "quotes": []}) + "\n" for n in range(5)))
    checkpoints, during = [], []
    original = db.obj.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        if "wal_checkpoint" in sql:
            checkpoints.append(threading.current_thread().name)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", execute_sql)
    with db.connection_context():
        summary = pipeline.load([str(path)], workers=1, on_result=lambda origin, status: during.append(
            original("PRAGMA wal_autocheckpoint").fetchone()[0]))
        after = original("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert summary.counts["loaded"] == 5
    # The writer's commits leave checkpoints alone; the thread runs one after each batch and at the end.
    assert during == [0] * 5 and after == 1000
    assert checkpoints and set(checkpoints) == {"wal-checkpoints"}


def test_a_checkpoint_that_fails_leaves_the_load_going_and_the_next_one_runs(app, monkeypatch):
    from peewee import OperationalError

    from api.loader import checkpoints

    if not is_sqlite():
        pytest.skip("PostgreSQL has no WAL checkpoints to move")
    calls = []
    original = db.obj.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        if "wal_checkpoint" in sql:
            calls.append(sql)
            if len(calls) == 1:
                raise OperationalError("disk I/O error")
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", execute_sql)
    with db.connection_context():
        with checkpoints.background_checkpoints() as checkpointer:
            checkpointer.asked.set()
            while not calls:
                checkpointer.join(0.01)
        assert not checkpointer.is_alive() and len(calls) == 2  # the failed one, then the last one
        assert original("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
