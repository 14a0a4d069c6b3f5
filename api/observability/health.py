"""Liveness (`/healthz`: the process answers) and readiness (`/readyz`: database reachable, schema current)."""
from __future__ import annotations

from flask import Blueprint
from flask_smorest import abort
from peewee import DatabaseError

from api import migrations
from api.db import db

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    """The process is up (it does not touch the database)."""
    return {"status": "ok"}


@blp.get("/readyz")
def readyz():
    """Ready to serve: the database answers and its schema is at least the version this code expects.

    A newer schema is ready too: migrations add before they remove, so replicas still running the previous
    release keep serving during a rolling upgrade.
    """
    expected = migrations.head()
    try:
        version = migrations.current_version(db.obj)
    except (DatabaseError, OSError) as exc:
        # Only the error's class: its message may name hosts, and error bodies never carry internals.
        abort(503, message="database unreachable", errors={"database": [exc.__class__.__name__]})
    if version < expected:
        abort(503, message="schema not current",
              errors={"schema": [f"database at version {version}, code expects {expected}: run `flask db upgrade`"]})
    return {"status": "ok", "schema_version": version}
