"""api/db.py: prepared queries give the rows peewee would, with the values converted the same way."""
from peewee import JOIN

from api.db import PreparedQuery, db
from api.models import Article, Mention, Quote, Source
from tests.factories import make_article


def _queries(id_):
    return (Article.select(Article.id, Article.authors, Article.published_ts, Article.updated_ts, Article.images,
                           Source.id.alias("source_id"), Article.source, Source.name)
            .join(Source, JOIN.LEFT_OUTER).where(Article.id != id_).order_by(Article.id))


def test_prepared_rows_equal_peewees_for_dicts_and_tuples(app):
    make_article("Dated", authors=["Ann", "Bo"], published_at="2024-03-01T10:00:00",
                 entities=[("Oslo", "location")], quotes=[("Yes.", "Oslo")])
    make_article("Undated", published_at=None, source=None)
    with db.connection_context():
        for shape in ("dicts", "tuples"):
            prepared = PreparedQuery(lambda id_, shape=shape: getattr(_queries(id_), shape)())
            expected = list(getattr(_queries("none"), shape)())
            assert prepared.rows("none") == expected
            assert prepared.rows("none") == expected  # the second read goes through the kept reader
        counts = PreparedQuery(lambda id_: Mention.select(Mention.count, Mention.offsets, Mention.published_ts)
                               .where(Mention.entity == id_).dicts())
        assert counts.rows("oslo") == list(Mention.select(Mention.count, Mention.offsets, Mention.published_ts)
                                           .where(Mention.entity == "oslo").dicts())
        # Model rows still come as peewee builds them.
        quotes = PreparedQuery(lambda id_: Quote.select().where(Quote.speaker == id_))
        assert [q.text for q in quotes.rows("oslo")] == ["Yes."]


def test_prepared_rows_convert_dates_and_json(app):
    make_article("Dated", authors=["Ann"], published_at="2024-03-01T10:00:00")
    with db.connection_context():
        prepared = PreparedQuery(lambda title: Article.select(Article.authors, Article.published_ts)
                                 .where(Article.title == title).dicts())
        row, = prepared.rows("Dated")
    assert row["authors"] == ["Ann"]
    assert row["published_ts"].isoformat() == "2024-03-01T10:00:00"


def test_json_columns_read_back_what_the_encoder_wrote(app):
    from api.models import JSONField

    field = JSONField()
    for value in (["Ann"], {"a": [1, 2.5, None]}, {"nan": float("inf")}, [2**70]):
        assert field.python_value(field.db_value(value)) == value
