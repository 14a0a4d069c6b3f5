"""The loader's fast paths give what the plain ones give: bodies parsed in batches, records that bring
their own entities and quotes (stored without the model), and batches of articles stored together."""
from __future__ import annotations

import json

import pytest

from api.loader import nlp
from api.loader.nlp import annotate, parse_bodies
from api.loader.pipeline import extract_items
from api.loader.read import Item
from tests.helpers import load

BODIES = [
    "Mayor Ana Ruiz said on Monday that the harbour plan would go ahead. “We have waited long enough,” "
    "Ruiz told reporters in Valencia. The port authority welcomed the decision.",
    "Der Stadtrat hat am Montag die Pläne für den Hafen gebilligt, und die Arbeiten sollen im Mai beginnen.",
    "Shares of Northwind Traders fell after chief executive Tom Baker warned of “a difficult year” ahead. "
    "Baker said costs in Germany and France had risen sharply.",
]


def extracted(url: str, body: str, entities: list, quotes: list, **more) -> dict:
    return {"url": url, "title": "Harbour plan approved", "body": body, "authors": ["Jane Doe"],
            "published_at": "2023-05-04T10:30+02:00", "entities": entities, "quotes": quotes, **more}


def article_at(client, url: str) -> dict | None:
    data = client.get("/api/v1/articles", query_string={"url": url}).get_json()["data"]
    return client.get(f"/api/v1/articles/{data[0]['id']}").get_json() if data else None


def test_parse_bodies_gives_the_annotations_of_one_document_at_a_time():
    alone = [annotate({"title": "Harbour", "body": b}) for b in BODIES]
    many = [{"title": "Harbour", "body": b} for b in BODIES]
    docs = parse_bodies(many)
    assert docs[1] is None  # German: the English model does not read it
    batched = [annotate(fields, doc) for fields, doc in zip(many, docs, strict=True)]
    assert batched == alone
    assert [q["speaker"] for q in alone[2]["quotes"]] == ["Tom Baker"]


def test_extract_items_reports_each_failure_alone_and_keeps_input_order():
    items = [Item("a", {"url": "https://example.com/a", "headline": "A", "articleBody": BODIES[0]}),
             Item("b", error="no such file"),
             Item("c", {"url": "https://example.com/c", "headline": "C"}),
             Item("d", {"url": "https://example.com/d", "headline": "D", "articleBody": BODIES[2]})]
    results = extract_items(items)
    assert [(origin, error) for origin, _, error in results] == [
        ("a", None), ("b", "no such file"), ("c", "no article text found (empty articleBody, html or text)"),
        ("d", None)]
    assert results[3][1]["url"] == "https://example.com/d"


def test_extracted_record_is_stored_with_its_own_entities_and_quotes_without_the_model(
        runner, client, tmp_path, monkeypatch):
    def no_model():
        raise AssertionError("the model must not be loaded for pre-extracted records")

    monkeypatch.setattr(nlp, "pipeline", no_model)
    body = "Ana Ruiz spoke. “We go ahead,” she said."
    record = extracted("https://example.com/a", body,
                       [{"name": "Ana Ruiz", "type": "person", "aliases": ["Ruiz"], "mentions": 1,
                         "offsets": [[0, 8]]}],
                       [{"text": "We go ahead,", "speaker": "Ruiz", "cue": "say", "kind": "statement",
                         "start": 17, "end": 29}])
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = load(runner, path, args=("--workers", "2"))
    assert result.exit_code == 0, result.output
    assert "1 loaded" in result.output
    article = article_at(client, "https://example.com/a")
    assert article["authors"] == ["Jane Doe"]
    assert article["published_at"] == "2023-05-04T10:30+02:00"
    assert [(e["name"], e["type"]) for e in article["entities"]] == [("Ana Ruiz", "person")]
    assert [(q["text"], q["speaker"]["name"], q["cue"]) for q in article["quotes"]] == [
        ("We go ahead,", "Ana Ruiz", "say")]


@pytest.mark.parametrize(("entities", "reason"), [
    ([{"type": "person"}], "entities[0]: an object with a non-empty name is required"),
    ([{"name": "Ana Ruiz", "type": "people"}], "entities[0]: type must be one of"),
    ([{"name": "Ana Ruiz", "type": "person", "offsets": [[0]]}], "entities[0]: offsets must be a list"),
])
def test_extracted_record_with_a_malformed_entity_fails_alone_with_the_reason(runner, client, tmp_path,
                                                                              entities, reason):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(extracted("https://example.com/bad", "Some text.", entities, [])) + "\n"
                    + json.dumps(extracted("https://example.com/good", "Other text.", [], [])) + "\n",
                    encoding="utf-8")
    result = load(runner, path)
    assert result.exit_code == 1
    assert f"failed: {path}:1: {reason}" in result.output
    assert article_at(client, "https://example.com/bad") is None
    assert article_at(client, "https://example.com/good")["body"] == "Other text."


def test_extract_output_loads_back_to_the_same_article(runner, client, tmp_path):
    source = tmp_path / "a.json"
    source.write_text(json.dumps({"url": "https://example.com/a", "headline": "Harbour plan approved",
                                  "articleBody": BODIES[2], "datePublished": "2023-05-04"}), encoding="utf-8")
    printed = runner.invoke(args=["extract", str(source)])
    assert printed.exit_code == 0, printed.output
    record = json.loads(printed.output)
    again = tmp_path / "again.json"
    again.write_text(printed.output, encoding="utf-8")
    assert "1 loaded" in load(runner, again).output
    article = article_at(client, "https://example.com/a")
    assert article["id"] == record["id"]
    for key in ("title", "body", "published_at", "authors"):
        assert article[key] == record[key], key
    assert sorted((e["name"], e["type"]) for e in article["entities"]) == sorted(
        (e["name"], e["type"]) for e in record["entities"])
    assert [(q["text"], q["speaker"]["name"]) for q in article["quotes"]] == [("a difficult year", "Tom Baker")]
    assert article["provenance"]["fields"] == record["provenance"]["fields"]


def test_load_stores_repeats_and_twins_in_one_batch_as_one_by_one(runner, client, tmp_path):
    rows = [extracted(f"https://example.com/{n}", f"Story number {n}.",
                      [{"name": "Ana Ruiz", "type": "person", "aliases": [], "offsets": [[0, 8]]}], [])
            for n in range(3)]
    rows += [rows[0], dict(rows[1], url="https://example.org/copy")]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert "3 loaded, 0 updated, 1 unchanged, 1 duplicate, 0 failed" in load(runner, path).output
    entities = client.get("/api/v1/entities", query_string={"q": "Ana Ruiz"}).get_json()["data"]
    assert [e["id"] for e in entities] == ["ana-ruiz"]
    copy = client.get("/api/v1/articles", query_string={"url": "https://example.org/copy"}).get_json()["data"]
    assert [a["url"] for a in copy] == ["https://example.com/1"]


def test_insert_rows_reports_a_conflict_as_the_database_layer_does(app):
    from peewee import IntegrityError

    from api.db import db
    from api.loader.resolve import insert_rows
    from api.models import Entity

    row = {"id": "ana-ruiz", "name": "Ana Ruiz", "type": "person"}
    with db.connection_context():
        insert_rows(Entity, [row])
        insert_rows(Entity, [row], ignore_conflicts=True)
        with pytest.raises(IntegrityError), db.atomic():
            insert_rows(Entity, [row])
        assert [(e.id, e.name) for e in Entity.select()] == [("ana-ruiz", "Ana Ruiz")]


def test_lemmas_read_on_demand_are_the_lemmatizers_own():
    """The lemmatizer is out of the pipe; `tok._.lemma` gives the lemma it would have set."""
    pipeline = nlp.pipeline()
    text = "The ministers said the talks were going well, and officials have agreed."
    doc = pipeline(text)
    assert "lemmatizer" not in pipeline.pipe_names
    full = pipeline.get_pipe("lemmatizer")(pipeline(text))  # the component run on a parsed doc, as in the pipe
    assert [t._.lemma for t in doc] == [t.lemma_ for t in full]
    assert {t.text: t._.lemma for t in doc}["said"] == "say"


def test_loading_extracted_records_imports_neither_the_model_nor_the_page_extractors(tmp_path):
    """Start-up of `flask load FILE.jsonl` for pre-extracted records: spaCy, trafilatura and the language
    detector (with numpy) take over a second to import and are never used for such records."""
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(extracted("https://example.com/a", BODIES[0], [], [], language="en")) + "\n",
                    encoding="utf-8")
    script = ("import sys\n"
              "from wsgi import app\n"
              "from api.loader.pipeline import load\n"
              "from api.models import create_tables\n"
              "with app.app_context():\n"
              "    create_tables()\n"
              f"    print(load([{str(path)!r}], workers=1).line())\n"
              "print(sorted(m for m in ('spacy', 'trafilatura', 'py3langid', 'numpy') if m in sys.modules))\n")
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'load.db'}"}
    out = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parent.parent, env=env,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0].startswith("1 loaded"), out
    assert out[-1] == "[]"


def test_insert_rows_sends_sqlite_what_each_fields_own_conversion_sends():
    """The short-cut converters of `insert_rows` store the same values as `field.db_value` + sqlite3."""
    import sqlite3
    from datetime import UTC, datetime

    from api.loader.resolve import _converter
    from api.models import MODELS

    stored = sqlite3.connect(":memory:")

    def as_stored(value):
        return stored.execute("SELECT ?, typeof(?)", (value, value)).fetchone()

    values = [None, "text", 3, True, 2.5, b"bytes", datetime(2024, 1, 2, 3, 4), ["a"], {"k": 1},
              datetime(2024, 1, 2, 3, 4, 5, 123, tzinfo=UTC), "2024-01-02 03:04:05"]
    for model in MODELS:
        for field in model._meta.sorted_fields:
            for value in values:
                try:
                    expected = as_stored(field.db_value(value))
                except (TypeError, ValueError, sqlite3.ProgrammingError):
                    continue  # a value this column never gets
                assert as_stored(_converter(field)(value)) == expected, (model, field.name, value)


def test_model_multiplies_with_numpy_blas_and_annotates_as_with_blis():
    """The pipeline's layers multiply with numpy's BLAS, one thread a process, with BLIS's annotations."""
    import os

    import spacy
    from thinc.api import use_ops

    pipeline = nlp.pipeline()
    # The embedding and hidden layers do the large products (the greedy parse steps run in C).
    heavy = [pipeline.get_pipe("tok2vec").model, *(pipeline.get_pipe(name).model.get_ref(ref)
                                                   for name in ("parser", "ner") for ref in ("tok2vec", "lower"))]
    assert not any(node.ops.use_blis for model in heavy for node in model.walk())
    assert os.environ["OPENBLAS_NUM_THREADS"]
    with use_ops("numpy", use_blis=True):
        with_blis = spacy.load(nlp.MODEL)
    ours = pipeline.pipe(BODIES, disable=["entity_ruler"])  # the gazetteer's names are ours alone
    for doc, theirs in zip(ours, with_blis.pipe(BODIES), strict=True):
        assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in theirs.ents]
        assert [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i) for t in doc] == \
            [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i) for t in theirs]


@pytest.mark.parametrize("pairs", [[], [[0, 5]], [[3, 9], [12, 20], [100000, 100012]], [[-1, 0]],
                                   [[2**63 - 1, 2**64]], [[0, 2**70]], [[True, 1]]])
def test_offsets_are_encoded_as_the_offsets_field_encodes_them(pairs):
    from api.loader.prepared import encoded_offsets
    from api.models import Mention

    assert encoded_offsets(pairs) == Mention.offsets.db_value(pairs)
