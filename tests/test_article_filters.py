"""Every article filter alone and combined, on SQLite and PostgreSQL."""
import pytest

from tests.factories import make_article

LIST = "/api/v1/articles"


@pytest.fixture
def corpus(app):
    """Five small articles whose filters each pick a known subset."""
    return {
        "pact": make_article("Putin signs defense pact", "Vladimir Putin signed the defense pact in Pyongyang.",
                             published_at="2024-11-12T03:14:00", authors=["Jane Doe"], source="example.com",
                             entities=[("Vladimir Putin", "person", ["Putin"]), ("North Korea", "location")],
                             quotes=[("We are allies now.", "Vladimir Putin")]),
        "moscow": make_article("Kim visits Moscow", "Kim Jong Un met Putin in Moscow for talks.",
                               published_at="2024-11-13", authors=["Jane Doe", "Bob Roe"], source="other.org",
                               entities=[("Putin", "person"), ("Moscow", "location"), ("Kim Jong Un", "person")],
                               quotes=[("The talks went well.", "Kim Jong Un")]),
        "markets": make_article("Markets rally in Frankfurt", "Shares rose sharply as the pact news spread.",
                                published_at="2024-10-01T12:00:00+02:00", authors=["Bob Roe"],
                                source="www.example.com", language="de", entities=[("Deutsche Bank", "organization")],
                                updated_at="2024-12-01T00:00:00"),
        "weather": make_article("Storm warning", "Heavy rain expected across the coast.", published_at="2023-05-05",
                                source="other.org", entities=[]),
        "undated": make_article("Undated note", "A note about nothing in particular.", published_at=None,
                                source=None),
    }


def ids(client, query: str) -> set[str]:
    response = client.get(f"{LIST}?{query}&limit=100")
    assert response.status_code == 200, response.get_json()
    return {a["id"] for a in response.get_json()["data"]}


@pytest.mark.parametrize("query, expected", [
    ("q=pact", {"pact", "markets"}),
    ("q=%22defense%20pact%22", {"pact"}),
    ("q=pact%20AND%20putin", {"pact"}),
    ("q=pact%20putin", {"pact"}),
    ("q=moscow%20OR%20storm", {"moscow", "weather"}),
    ("q=pact%20NOT%20shares", {"pact"}),
    ("q=(moscow%20OR%20pact)%20NOT%20putin", {"markets"}),
    ("q=mosc*", {"moscow"}),
    ("entity=vladimir-putin", {"pact", "moscow"}),
    ("entity=Putin", {"pact", "moscow"}),
    ("entity=putin&entity=Moscow", {"moscow"}),
    ("entity_any=North%20Korea&entity_any=Deutsche%20Bank", {"pact", "markets"}),
    ("entity_type=organization", {"markets"}),
    ("speaker=Kim%20Jong%20Un", {"moscow"}),
    ("speaker=putin", {"pact"}),
    ("source=other.org", {"moscow", "weather"}),
    ("source=www.example.com", {"pact", "markets"}),
    ("source=example.com&source=other.org", {"pact", "moscow", "markets", "weather"}),
    ("author=Bob%20Roe", {"moscow", "markets"}),
    ("language=de", {"markets"}),
    ("published_after=2024-11-13", {"moscow"}),
    ("published_after=2024-11-12T03:15:00Z", {"moscow"}),
    ("published_before=2024-11-12", {"pact", "markets", "weather"}),
    ("published_before=2024-11-12T03:14:00", {"markets", "weather"}),
    ("published_after=2024-10-01T10:00:00Z&published_before=2024-10-01T10:00:01Z", {"markets"}),
    ("updated_after=2024-11-30", {"markets"}),
    ("entity=Putin&author=Jane%20Doe&published_after=2024-11-13", {"moscow"}),
    ("q=pact&source=example.com&language=en", {"pact"}),
    ("entity_any=Putin&speaker=Kim%20Jong%20Un&source=other.org", {"moscow"}),
    ("entity=nobody-at-all", set()),
])
def test_article_filter_selects_exactly_the_matching_articles(client, corpus, query, expected):
    assert ids(client, query) == {corpus[name] for name in expected}


def test_url_filter_matches_one_article(client, corpus):
    assert ids(client, "url=https://other.org/news/1") <= {corpus["moscow"]}
    assert ids(client, "url=https://nowhere.test/x") == set()


def test_search_index_follows_updates_and_deletes(client, corpus):
    from api.db import db
    from api.models import Article

    with db.connection_context():
        Article.update(title="Totally renamed").where(Article.id == corpus["weather"]).execute()
        Article.delete().where(Article.id == corpus["moscow"]).execute()
    assert ids(client, "q=storm") == set()
    assert ids(client, "q=renamed") == {corpus["weather"]}
    assert ids(client, "q=moscow") == set()
    assert ids(client, "author=Bob%20Roe") == {corpus["markets"]}


def test_a_database_made_before_the_search_index_gets_it_filled(client, corpus):
    from api.db import db, is_sqlite
    from api.models import create_tables

    with db.connection_context():
        if is_sqlite():
            db.execute_sql("DROP TABLE article_fts")
        else:
            db.execute_sql("ALTER TABLE article DROP COLUMN search")
        db.execute_sql("DELETE FROM article_author")
    create_tables()
    assert ids(client, "q=storm") == {corpus["weather"]}
    assert ids(client, "author=Bob%20Roe") == {corpus["moscow"], corpus["markets"]}


def test_the_filter_list_names_every_filter_argument():
    # api.filters.FILTERS decides when a search is the only filter (its total is then the match count);
    # a filter argument missing from it would be ignored by that shortcut.
    import api  # noqa: F401  (the app package first: schemas and routes import each other through it)
    from api.filters import FILTERS
    from schemas.articles import ArticleFilterArgsSchema

    assert sorted(FILTERS) == sorted(ArticleFilterArgsSchema().fields)


def test_date_bounds_are_the_first_instant_in_and_the_first_instant_out():
    from datetime import date, datetime

    from api.filters import date_bounds

    assert date_bounds({}) == []
    assert date_bounds({"published_after": date(2024, 11, 12), "published_before": date(2024, 11, 12)}) == [
        ("after", datetime(2024, 11, 12)), ("before", datetime(2024, 11, 13))]
    instant = datetime(2024, 11, 12, 3, 14)
    assert date_bounds({"published_before": instant}) == [("before", instant)]


@pytest.mark.parametrize("dates", [
    "published_after=2024-11-12&published_before=2024-11-12",
    "published_after=2024-11-12T03:14:00Z&published_before=2024-11-13",
    "published_before=2024-11-12T03:14:01",
    "published_after=2024-11-12T03:14:01",
])
def test_a_date_range_selects_the_same_articles_whichever_way_the_set_is_read(client, corpus, dates):
    """One entity alone walks its mention index (a compiled shape); with another filter the range is a
    condition on its mentions; without an entity, on the articles; quotes filter their own copy."""
    expected = ids(client, dates) & ids(client, "entity=Putin")
    assert ids(client, f"entity=Putin&{dates}") == expected
    assert ids(client, f"entity=Putin&language=en&{dates}") == expected
    quoted = client.get(f"/api/v1/quotes?{dates}&limit=100").get_json()["data"]
    assert {q["article"]["id"] for q in quoted} == ids(client, dates) & ids(client, "speaker=Putin") | (
        ids(client, dates) & ids(client, "speaker=Kim%20Jong%20Un"))
