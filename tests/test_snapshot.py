"""Totals, timelines and entity lookups reused until the database changes stay exact (api/snapshot.py)."""
import sqlite3

import pytest

from api.db import is_sqlite
from tests.factories import make_article

LISTS = [
    ("/api/v1/articles", lambda body: body["meta"]["total"]),
    ("/api/v1/articles?entity=Oslo&published_after=2024-01-01&published_before=2024-12-31",
     lambda body: body["meta"]["total"]),
    ("/api/v1/quotes?speaker=Oslo", lambda body: body["meta"]["total"]),
    ("/api/v1/stats/timeline?entity=Oslo&interval=month", lambda body: body["meta"]["total"]),
    ("/api/v1/articles?q=story", lambda body: body["meta"]["total"]),
]
# Written by the store layer only (not by the database), so not in the test of another process's commit.
STORED = [("/api/v1/entities/oslo/cooccurrences", lambda body: body["meta"]["total"])]


def _story(n: int) -> str:
    return make_article(f"Story {n}", f"Story {n} from Oslo.", published_at=f"2024-0{n % 9 + 1}-02",
                        entities=[("Oslo", "location"), (f"Person {n}", "person")],
                        quotes=[(f"Quote {n}.", "Oslo")])


def _counts(statements) -> list[str]:
    return [sql for sql, _ in statements if "COUNT(" in sql.upper()]


@pytest.mark.parametrize(("url", "total_of"), LISTS + STORED)
def test_a_repeated_total_is_exact_after_the_app_writes(client, url, total_of):
    for n in range(3):
        _story(n)
    assert total_of(client.get(url).get_json()) == 3
    assert total_of(client.get(url).get_json()) == 3
    _story(3)
    assert total_of(client.get(url).get_json()) == 4


@pytest.mark.parametrize(("url", "total_of"), LISTS + STORED)
def test_a_repeated_total_on_sqlite_costs_no_count(client, statements, url, total_of):
    for n in range(3):
        _story(n)
    client.get(url)
    statements.clear()
    assert total_of(client.get(url).get_json()) == 3
    if is_sqlite():
        assert _counts(statements) == []


@pytest.mark.parametrize(("url", "total_of"), LISTS)
def test_a_commit_from_another_process_is_seen(app, client, database_url, url, total_of):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL computes every total (no change signal to reuse one by)")
    ids = [_story(n) for n in range(3)]
    assert total_of(client.get(url).get_json()) == 3
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    other.execute("PRAGMA foreign_keys = ON")
    with other:
        other.execute("DELETE FROM article WHERE id = ?", (ids[0],))
    other.close()
    assert total_of(client.get(url).get_json()) == 2


def test_an_alias_moved_elsewhere_resolves_at_once(client, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL looks every entity up")
    oslo = make_article("In Oslo", entities=[("Oslo", "location")])
    bergen = make_article("In Bergen", entities=[("Bergen", "location")])
    url = "/api/v1/articles?entity=Christiania"
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    with other:
        other.execute("INSERT INTO entity_alias (entity_id, alias, key) VALUES ('oslo', 'Christiania', 'christiania')")
    assert [a["id"] for a in client.get(url).get_json()["data"]] == [oslo]
    with other:
        other.execute("UPDATE entity_alias SET entity_id = 'bergen' WHERE key = 'christiania'")
    other.close()
    assert [a["id"] for a in client.get(url).get_json()["data"]] == [bergen]


def test_the_database_version_is_read_once_a_request(client, database_url, monkeypatch):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL has no version to read")
    from api import snapshot
    from api.db import MemoConnection

    for n in range(3):
        _story(n)
    url = LISTS[1][0]  # the entity's lookup and the list's total: two remembered results a request
    client.get(url)
    reads = []
    original = MemoConnection.execute

    def execute(self, sql, *args):
        if sql == snapshot._VERSION_SQL:
            reads.append(sql)
        return original(self, sql, *args)

    monkeypatch.setattr(MemoConnection, "execute", execute)
    assert client.get(url).get_json()["meta"]["total"] == 3
    assert len(reads) == 1
    _story(3)  # and the next request reads it again: the change is seen
    assert client.get(url).get_json()["meta"]["total"] == 4
    assert len(reads) == 2
