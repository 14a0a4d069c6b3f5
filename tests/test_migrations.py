"""Schema migrations: upgrades reach the models' schema and keep the data of older databases."""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from urllib.parse import quote

import psycopg2
import pytest

from api import create_app, migrations
from api.db import db, open_database
from api.migrations import v0001_initial as v1
from api.models import MODELS, Article, Cooccurrence, Entity, EntityAlias, Mention, Quote, Source
from tests.conftest import POSTGRES_URL


@pytest.fixture
def make_empty_url(request, tmp_path):
    """A factory of DATABASE_URLs of empty databases of one kind (SQLite files, or PostgreSQL schemas)."""
    kind = request.param
    schemas: list[str] = []
    if kind == "postgresql":
        request.getfixturevalue("postgres_schema_url")  # skips, or fails under CI, when the server is down

    def make() -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        schema = f"test_mig_{uuid.uuid4().hex[:10]}"
        conn = psycopg2.connect(POSTGRES_URL)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"CREATE SCHEMA {schema}")
        conn.close()
        schemas.append(schema)
        sep = "&" if "?" in POSTGRES_URL else "?"
        return f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}')}"

    yield make
    if db.obj is not None:
        db.close_all()
    if schemas:
        conn = psycopg2.connect(POSTGRES_URL)
        conn.autocommit = True
        with conn.cursor() as cur:
            for schema in schemas:
                cur.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.close()


both_databases = pytest.mark.parametrize("make_empty_url", ["sqlite", "postgresql"], indirect=True)


def schema_of(database) -> dict:
    """Tables with their columns, indexes and foreign keys, as introspected (the version table left out)."""
    out = {}
    with database.connection_context():
        for table in database.get_tables():
            if table == migrations.VERSION_TABLE:
                continue
            out[table] = {
                "columns": sorted((c.name, c.data_type, c.null, c.primary_key) for c in database.get_columns(table)),
                # SQLite's implicit primary-key index is left out: a WITHOUT ROWID table (which peewee
                # cannot declare portably) has none, and the key's columns are compared above.
                "indexes": sorted((tuple(i.columns), i.unique) for i in database.get_indexes(table)
                                  if not i.name.startswith("sqlite_autoindex_")),
                "foreign_keys": sorted((f.column, f.dest_table, f.dest_column)
                                       for f in database.get_foreign_keys(table)),
            }
    return out


def insert_version_1_rows(database) -> None:
    """A small corpus written through version 1's own models (today's models may have more columns)."""
    with database.bind_ctx(v1.MODELS), database.atomic():
        v1.Source.create(id="example.org", name="Example", domain="example.org")
        for n in (1, 2):
            v1.Article.create(
                id=f"a{n}", url=f"https://example.org/{n}", title=f"Title {n}", authors='["Ann Lee"]',
                published_at=f"2024-01-0{n}T10:00", published_ts=datetime(2024, 1, n, 10), language="en",
                source="example.org", body=f"Body {n}.", images="[]", provenance='{"origin": "x"}',
                content_hash=f"h{n}", loaded_at=datetime(2024, 2, 1))
        v1.Entity.create(id="ann-lee", name="Ann Lee", type="person")
        v1.EntityAlias.create(entity="ann-lee", alias="Ann Lee", key="ann lee")
        v1.Mention.create(article="a1", entity="ann-lee", count=2, offsets="[[0, 7], [10, 17]]",
                          published_ts=datetime(2024, 1, 1, 10))
        v1.Quote.create(id="q1", article="a1", position=0, text="Hello.", speaker="ann-lee", cue="said",
                        kind="statement", start=0, end=6)


def assert_version_1_rows_intact() -> None:
    with db.connection_context():
        assert [m.select().count() for m in MODELS[:6]] == [1, 2, 1, 1, 1, 1]  # the tables of version 1
        article = Article.get_by_id("a1")
        assert (article.title, article.authors, article.source_id, article.provenance) == (
            "Title 1", ["Ann Lee"], "example.org", {"origin": "x"})
        assert Mention.get(Mention.article == "a1").offsets == [[0, 7], [10, 17]]
        quote_ = Quote.get_by_id("q1")
        assert (quote_.text, quote_.speaker_id, quote_.start, quote_.end) == ("Hello.", "ann-lee", 0, 6)
        assert EntityAlias.get().key == "ann lee" and Source.get().domain == "example.org"
        assert Entity.get_by_id("ann-lee").name == "Ann Lee"


@both_databases
def test_migrated_schema_matches_the_models(make_empty_url):
    migrated, reference = open_database(make_empty_url()), open_database(make_empty_url())
    migrations.upgrade(migrated)
    with reference.bind_ctx(MODELS), reference.connection_context():
        reference.create_tables(MODELS)
    # On failure: api/models.py changed without a migration; add one (see api/migrations/__init__.py).
    assert schema_of(migrated) == schema_of(reference)
    migrated.close_all()
    reference.close_all()


@both_databases
def test_upgrade_from_version_1_keeps_every_row(make_empty_url):
    url = make_empty_url()
    create_app({"DATABASE_URL": url, "TESTING": True})
    assert migrations.upgrade(db.obj, target=1) == ["applied 0001_initial"]
    insert_version_1_rows(db.obj)
    migrations.upgrade(db.obj)
    with db.connection_context():
        assert migrations.current_version(db.obj) == migrations.head()
    assert_version_1_rows_intact()


@both_databases
def test_db_upgrade_stamps_an_unversioned_skeleton_database_and_keeps_its_rows(make_empty_url):
    app = create_app({"DATABASE_URL": make_empty_url(), "TESTING": True})
    # What `init-db` made before migrations existed: version 1's tables and no version table.
    with db.obj.bind_ctx(v1.MODELS), db.connection_context():
        db.obj.create_tables(v1.MODELS)
    insert_version_1_rows(db.obj)

    result = app.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "stamped the existing schema as version 1"
    assert result.output.splitlines()[-1] == f"schema at version {migrations.head()}"
    assert_version_1_rows_intact()


@both_databases
def test_db_upgrade_twice_does_nothing_the_second_time(make_empty_url):
    app = create_app({"DATABASE_URL": make_empty_url(), "TESTING": True})
    runner = app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    second = runner.invoke(args=["db", "upgrade"])
    assert first.output.splitlines()[0] == "applied 0001_initial"
    assert second.output == f"schema at version {migrations.head()}\n"


@both_databases
def test_db_current_exits_1_while_migrations_are_pending(make_empty_url):
    app = create_app({"DATABASE_URL": make_empty_url(), "TESTING": True})
    runner = app.test_cli_runner()
    behind = runner.invoke(args=["db", "current"])
    runner.invoke(args=["db", "upgrade"])
    current = runner.invoke(args=["db", "current"])
    assert (behind.exit_code, behind.output) == (1, f"database at version 0, code expects {migrations.head()}\n")
    assert (current.exit_code, current.output) == (
        0, f"database at version {migrations.head()}, code expects {migrations.head()}\n")


def test_migration_versions_run_from_1_without_gaps():
    found = migrations.discover()
    assert [m.version for m in found] == list(range(1, migrations.head() + 1))
    assert found[0].name == "initial"


@both_databases
def test_upgrades_started_together_apply_each_migration_once(make_empty_url):
    """Replicas starting at once: the lock makes one apply the migrations while the others wait."""
    database = open_database(make_empty_url())
    barrier = threading.Barrier(3)

    def start() -> list[str]:
        barrier.wait()
        return migrations.upgrade(database)  # each thread has its own connection from the pool

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: start(), range(3)))
    # Each migration is applied exactly once, whichever replica applies it.
    applied = [line for result in results for line in result]
    assert sorted(applied) == [f"applied {m.version:04d}_{m.name}" for m in migrations.discover()]
    with database.connection_context():
        assert database.execute_sql(f"SELECT COUNT(*) FROM {migrations.VERSION_TABLE}").fetchone()[0] == (
            migrations.head())
    database.close_all()


@pytest.mark.parametrize("make_empty_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("lock", [migrations.locked, migrations.exclusive])
def test_a_replica_waits_for_the_lock_longer_than_the_query_timeout(make_empty_url, lock):
    """A replica starting while another seeds waits its turn; the API's statement_timeout does not cancel it."""
    url = make_empty_url()
    holder = open_database(url)
    waiter = open_database(url, statement_timeout_ms=100)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.connection_context(), lock(holder):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    threading.Timer(0.5, release.set).start()  # five times the timeout
    try:
        with waiter.connection_context():
            with lock(waiter):
                pass
            # The connection's own timeout is back once the lock is left.
            assert waiter.execute_sql("SHOW statement_timeout").fetchone()[0] == "100ms"
    finally:
        release.set()
        thread.join()
        holder.close_all()
        waiter.close_all()


@both_databases
def test_upgrade_to_version_4_counts_the_cooccurrences_of_stored_mentions(make_empty_url):
    create_app({"DATABASE_URL": make_empty_url(), "TESTING": True})
    migrations.upgrade(db.obj, target=3)
    insert_version_1_rows(db.obj)
    with db.obj.bind_ctx(v1.MODELS), db.atomic():
        v1.Entity.create(id="oslo", name="Oslo", type="location")
        v1.Entity.create(id="acme", name="Acme", type="organization")
        for article, entity in (("a1", "oslo"), ("a2", "oslo"), ("a2", "ann-lee"), ("a2", "acme")):
            v1.Mention.create(article=article, entity=entity, count=1, offsets="[]")
    migrations.upgrade(db.obj, target=4)
    with db.connection_context():
        counts = {(c.entity, c.other): c.articles for c in Cooccurrence.select()}
    assert counts == {("ann-lee", "oslo"): 2, ("oslo", "ann-lee"): 2, ("ann-lee", "acme"): 1,
                      ("acme", "ann-lee"): 1, ("oslo", "acme"): 1, ("acme", "oslo"): 1}


@both_databases
def test_upgrade_to_version_5_copies_each_articles_date_to_its_quotes(make_empty_url):
    create_app({"DATABASE_URL": make_empty_url(), "TESTING": True})
    migrations.upgrade(db.obj, target=4)
    insert_version_1_rows(db.obj)
    migrations.upgrade(db.obj, target=5)
    with db.connection_context():
        assert Quote.get_by_id("q1").published_ts == datetime(2024, 1, 1, 10)


def test_upgrade_to_version_6_numbers_the_sqlite_article_index_in_date_order(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'v5.db'}", "TESTING": True})
    migrations.upgrade(db.obj, target=5)
    insert_version_1_rows(db.obj)
    with db.connection_context():
        # The index as version 5 made it: rowids in insertion order, the newer article first.
        db.execute_sql("CREATE VIRTUAL TABLE article_fts USING fts5(id, title, body)")
        db.execute_sql("INSERT INTO article_fts(id, title, body) SELECT id, title, body FROM article ORDER BY id DESC")
    migrations.upgrade(db.obj)
    with db.connection_context():
        rows = db.execute_sql("SELECT id, rowid >> 38 FROM article_fts ORDER BY rowid").fetchall()
        triggers = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert [r[0] for r in rows] == ["a1", "a2"] and rows[1][1] - rows[0][1] == 24  # a day apart, in hours
    assert {"article_fts_ai", "article_fts_au", "article_fts_ad"} <= triggers
    page = app.test_client().get("/api/v1/articles?q=title&limit=1").get_json()
    assert [a["id"] for a in page["data"]] == ["a2"] and page["meta"]["total"] == 2


def _fts_hash_sizes() -> dict:
    with db.connection_context():
        return {table: db.execute_sql(f"SELECT v FROM {table}_fts_config WHERE k = 'hashsize'").fetchone()
                for table in ("article", "quote")}


def test_a_new_sqlite_database_gathers_16_mb_of_index_entries_before_writing_a_segment(tmp_path):
    from api.models import create_tables

    create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}", "TESTING": True})
    create_tables()
    assert _fts_hash_sizes() == {"article": (16 * 1024 * 1024,), "quote": (16 * 1024 * 1024,)}


def test_upgrade_to_version_9_sets_the_sqlite_index_hash_size_and_keeps_the_search(tmp_path):
    from api import ddl

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'v8.db'}", "TESTING": True})
    migrations.upgrade(db.obj, target=8)
    insert_version_1_rows(db.obj)
    with db.connection_context():
        ddl.create_extras()  # the indexes as version 8 made them: FTS5's default hash size
        db.execute_sql("DELETE FROM article_fts_config WHERE k = 'hashsize'")
        db.execute_sql("DELETE FROM quote_fts_config WHERE k = 'hashsize'")
    assert _fts_hash_sizes() == {"article": None, "quote": None}
    migrations.upgrade(db.obj)
    assert _fts_hash_sizes() == {"article": (16 * 1024 * 1024,), "quote": (16 * 1024 * 1024,)}
    page = app.test_client().get("/api/v1/articles?q=title&limit=1").get_json()
    assert [a["id"] for a in page["data"]] == ["a2"] and page["meta"]["total"] == 2
