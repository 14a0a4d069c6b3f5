"""The benchmark corpus: deterministic, shaped like news, and stored exactly as the loader stores it."""
from __future__ import annotations

import statistics
from datetime import datetime

import pytest

from api.db import db
from api.loader.store import save_article, save_articles
from api.models import MODELS, Article, Entity, Mention, Quote, Source
from bench.corpus import START, records
from bench.generate import generate

# FTS5 keeps its index in shadow tables whose bytes depend on how rows were batched; the virtual table's
# rows (compared) are what matters.
_SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")


def test_corpus_same_seed_same_records():
    assert list(records(20, seed=3)) == list(records(20, seed=3))


def test_corpus_other_seed_other_records():
    assert [r["id"] for r in records(5, seed=3)] != [r["id"] for r in records(5, seed=4)]


def test_corpus_prefix_does_not_depend_on_size():
    assert list(records(5, seed=2)) == list(records(12, seed=2))[:5]


def test_corpus_has_news_shape():
    corpus = list(records(50))
    assert 500 <= statistics.mean(len(r["body"].split()) for r in corpus) <= 750
    assert 8 <= statistics.mean(len(r["entities"]) for r in corpus) <= 12
    assert 1.5 <= statistics.mean(len(r["quotes"]) for r in corpus) <= 2.5
    for record in corpus:
        published = datetime.fromisoformat(record["published_at"])
        assert START <= published < START.replace(year=START.year + 5)
        for entity in record["entities"]:
            assert entity["offsets"], entity["name"]
            assert all(record["body"][s:e] == entity["name"] for s, e in entity["offsets"])
        names = {e["name"] for e in record["entities"] if e["type"] == "person"}
        for quote in record["quotes"]:
            assert quote["speaker"] in names
            assert quote["text"][:-1] in record["body"][quote["start"]:quote["end"]]


def test_corpus_entities_follow_a_zipf_like_curve():
    counts: dict[str, int] = {}
    for record in records(200):
        for entity in record["entities"]:
            counts[entity["name"]] = counts.get(entity["name"], 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    # The head is far more popular than the middle, and the tail is long.
    assert ranked[0] >= 10 * ranked[len(ranked) // 2]
    assert len(ranked) > 800


def test_generate_stores_every_article_entity_and_quote(app, database_url):
    result = generate(50, database_url, seed=5, batch=20, quiet=True)
    corpus = list(records(50, seed=5))
    assert result["outcomes"] == {"loaded": 50}
    with db.connection_context():
        assert Article.select().count() == 50
        assert Source.select().count() == len({r["source"]["domain"] for r in corpus})
        assert Entity.select().count() == len({e["name"] for r in corpus for e in r["entities"]})
        assert Mention.select().count() == sum(len(r["entities"]) for r in corpus)
        assert Quote.select().count() == sum(len(r["quotes"]) for r in corpus)
        assert Quote.select().where(Quote.speaker.is_null()).count() == 0


def _dump() -> dict[str, list]:
    tables = {}
    for name in db.get_tables():
        if name.endswith(_SHADOW):
            continue
        cursor = db.execute_sql(f'SELECT * FROM "{name}"')
        columns = [c[0] for c in cursor.description]
        # Load times differ by design, and alias and other-URL row ids are sequences PostgreSQL never rewinds.
        sequence = name in ("entity_alias", "other_url")
        keep = [i for i, c in enumerate(columns) if c != "loaded_at" and not (sequence and c == "id")]
        tables[name] = sorted((tuple(row[i] for i in keep) for row in cursor.fetchall()), key=repr)
    return tables


def test_save_articles_stores_what_save_article_stores(app):
    corpus = list(records(30, seed=9))
    twin = dict(corpus[3], id="0123456789abcdef", url="https://example.org/copy")  # the same body elsewhere
    inputs = [*corpus, corpus[0], twin]
    with db.connection_context():
        one_by_one = [save_article(r) for r in inputs]
        expected = _dump()
        for model in reversed(MODELS):
            model.delete().execute()
        outcomes = save_articles(inputs)
        assert _dump() == expected
    assert outcomes == one_by_one
    assert outcomes == ["loaded"] * 30 + ["unchanged", "duplicate"]


@pytest.mark.parametrize("batch", [1, 7])
def test_generate_twice_leaves_the_corpus_unchanged(app, database_url, batch):
    generate(10, database_url, batch=batch, quiet=True)
    again = generate(10, database_url, batch=batch, quiet=True)
    assert again["outcomes"] == {"unchanged": 10}
