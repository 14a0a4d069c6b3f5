"""What a deployment does before serving: upgrade the schema, then load seed articles into an empty database.

Used by the container's entrypoint (docker/entrypoint.py) and by `flask db upgrade` / `flask db seed`.
Both steps are safe when several replicas start at once: they take a lock in the database.
"""
from __future__ import annotations

from api import migrations
from api.db import db
from api.models import Article


def upgrade_schema(target: int | None = None) -> list[str]:
    """Apply pending migrations; the lines say what was done, the last one the version reached."""
    done = migrations.upgrade(db.obj, target)
    with db.connection_context():
        done.append(f"schema at version {migrations.current_version(db.obj)}")
    return done


def seed_if_empty(folder: str):
    """Load `folder` when no article is stored yet; return the loader's summary, or None when skipped."""
    migrations.upgrade(db.obj)
    with db.connection_context(), migrations.exclusive(db.obj):
        # Checked under the lock, so replicas starting together load the seeds once.
        if Article.select().exists():
            return None
        from api.loader.pipeline import load  # imports spaCy: only when there is something to load

        return load([folder], workers=1)
