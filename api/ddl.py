"""Schema pieces peewee does not model: full-text indexes, the author table's triggers and
PostgreSQL-only indexes. All idempotent, run by `models.create_tables()`."""
from __future__ import annotations

from api import search
from api.db import db, is_sqlite

_SQLITE_AUTHORS = [
    # json_each expands the authors JSON array; OR IGNORE skips a name listed twice.
    "CREATE TRIGGER IF NOT EXISTS article_author_ai AFTER INSERT ON article BEGIN "
    "INSERT OR IGNORE INTO article_author(article_id, name) "
    "SELECT new.id, substr(value, 1, 255) FROM json_each(new.authors) WHERE json_valid(new.authors); END",
    "CREATE TRIGGER IF NOT EXISTS article_author_au AFTER UPDATE OF authors ON article BEGIN "
    "DELETE FROM article_author WHERE article_id = old.id; "
    "INSERT OR IGNORE INTO article_author(article_id, name) "
    "SELECT new.id, substr(value, 1, 255) FROM json_each(new.authors) WHERE json_valid(new.authors); END",
]

_POSTGRES_AUTHORS = [
    """CREATE OR REPLACE FUNCTION article_author_sync() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM article_author WHERE article_id = OLD.id;
      END IF;
      INSERT INTO article_author(article_id, name)
        SELECT DISTINCT NEW.id, left(value, 255) FROM json_array_elements_text(NEW.authors::json)
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    # Created only when missing (never dropped and re-made), so a loader writing meanwhile is never
    # left without it; a DO block because CREATE TRIGGER has no IF NOT EXISTS.
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_trigger
                     WHERE tgname = 'article_author_sync' AND tgrelid = 'article'::regclass) THEN
        CREATE TRIGGER article_author_sync AFTER INSERT OR UPDATE OF authors ON article
          FOR EACH ROW EXECUTE FUNCTION article_author_sync();
      END IF;
    END $$""",
]

_POSTGRES_INDEXES = [
    # The default sort (newest first, undated last) read straight from an index.
    "CREATE INDEX IF NOT EXISTS article_published_desc ON article (published_ts DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS mention_entity_desc ON mention (entity_id, published_ts DESC NULLS LAST, "
    "article_id DESC)",
    "CREATE INDEX IF NOT EXISTS quote_speaker_desc ON quote (speaker_id, published_ts DESC NULLS LAST, "
    "article_id DESC, position)",
]


def create_extras() -> None:
    """Create the full-text indexes, author triggers and extra indexes; backfill authors if needed."""
    search.create_search_indexes()
    statements = _SQLITE_AUTHORS if is_sqlite() else _POSTGRES_AUTHORS + _POSTGRES_INDEXES
    for statement in statements:
        db.execute_sql(statement)
    # A database made before the author table existed: fill it once from the articles.
    empty = db.execute_sql("SELECT 1 FROM article_author LIMIT 1").fetchone() is None
    if empty and db.execute_sql("SELECT 1 FROM article LIMIT 1").fetchone() is not None:
        expand = ("json_each(article.authors)" if is_sqlite()
                  else "json_array_elements_text(article.authors::json) AS value")
        conflict = "" if is_sqlite() else " ON CONFLICT DO NOTHING"
        verb = "INSERT OR IGNORE" if is_sqlite() else "INSERT"
        db.execute_sql(f"{verb} INTO article_author(article_id, name) "
                       f"SELECT DISTINCT article.id, substr(value, 1, 255) FROM article, {expand}{conflict}")


def drop_extras() -> None:
    """Drop what `drop_tables` would leave behind (SQLite FTS tables)."""
    search.drop_search_indexes()
