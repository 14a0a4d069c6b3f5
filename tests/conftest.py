"""Fixtures: the app on a fresh database per test, on SQLite and on PostgreSQL.

PostgreSQL tests use a schema of their own per test session (so parallel runs never collide) at
TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test). Under CI=true an unreachable
server fails the run; elsewhere those tests skip with the reason.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import psycopg2
import pytest

from api import create_app
from api.db import db
from api.models import MODELS, create_tables

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_schema_url():
    """A throwaway schema on the test server, and a DATABASE_URL that puts it on the search path."""
    try:
        conn = psycopg2.connect(POSTGRES_URL, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {str(exc).strip()}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)
    schema = f"test_{uuid.uuid4().hex[:10]}"
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with conn.cursor() as cur:
        cur.execute(f"DROP SCHEMA {schema} CASCADE")
    conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A DATABASE_URL for an empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def app(database_url):
    """The app on a fresh, empty database with the schema created."""
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    create_tables()
    with db.connection_context():
        for model in reversed(MODELS):
            model.delete().execute()
    yield app
    db.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def statements(app, monkeypatch):
    """Every SQL statement the app's database runs during the test, as (sql, params)."""
    from api.db import db

    calls = []
    original = db.obj.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        calls.append((sql, params))
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", execute_sql)
    return calls
