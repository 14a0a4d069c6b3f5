"""The stored co-occurrence counts stay equal to what the mentions say through loads, reloads and deletes."""
from __future__ import annotations

from api.db import db
from api.loader.normalize import finish
from api.loader.store import delete_article, save_articles
from api.models import Cooccurrence, Mention
from tests.factories import make_article


def stored() -> dict[tuple[str, str], int]:
    with db.connection_context():
        return {(c.entity, c.other): c.articles for c in Cooccurrence.select()}


def from_mentions() -> dict[tuple[str, str], int]:
    with db.connection_context():
        entities: dict[str, set[str]] = {}
        for m in Mention.select(Mention.article, Mention.entity):
            entities.setdefault(m.article_id, set()).add(m.entity_id)
    counts: dict[tuple[str, str], int] = {}
    for names in entities.values():
        for a in names:
            for b in names - {a}:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    return counts


def record(n: int, entities: list[tuple[str, str]]) -> dict:
    return finish({"url": f"https://example.com/pairs/{n}", "title": f"Pairs {n}", "body": f"Body {n} of pairs.",
                   "published_at": "2024-01-02", "language": "en",
                   "entities": [{"name": e, "type": t, "aliases": [], "mentions": 1, "offsets": []}
                                for e, t in entities]}, origin=f"pairs-{n}")


def test_counts_follow_single_and_batched_loads(app):
    make_article("A", entities=[("Ann Lee", "person"), ("Oslo", "location"), ("Acme", "organization")])
    with db.connection_context():
        save_articles([record(1, [("Ann Lee", "person"), ("Oslo", "location")]),
                       record(2, [("Oslo", "location"), ("Bergen", "location")]),
                       record(3, [("Oslo", "location")])])
    assert stored() == from_mentions()
    assert stored()[("ann-lee", "oslo")] == 2 and stored()[("oslo", "bergen")] == 1


def test_reload_with_changed_entities_moves_the_counts(app):
    with db.connection_context():
        save_articles([record(1, [("Ann Lee", "person"), ("Oslo", "location")]),
                       record(2, [("Ann Lee", "person"), ("Oslo", "location")])])
        changed = record(1, [("Ann Lee", "person"), ("Bergen", "location")])
        changed["body"] += " Updated."
        changed = finish(changed, origin="pairs-1b")
        assert save_articles([changed]) == ["updated"]
    assert stored() == from_mentions()
    assert stored()[("ann-lee", "oslo")] == 1 and stored()[("bergen", "ann-lee")] == 1


def test_delete_takes_the_article_off_and_drops_pairs_at_zero(app):
    with db.connection_context():
        save_articles([record(1, [("Ann Lee", "person"), ("Oslo", "location")]),
                       record(2, [("Ann Lee", "person"), ("Oslo", "location"), ("Acme", "organization")])])
        second = record(2, [])["id"]
        with db.atomic():
            assert delete_article(second)
    assert stored() == from_mentions() == {("ann-lee", "oslo"): 1, ("oslo", "ann-lee"): 1}


def test_unfiltered_list_reads_the_counts_and_dated_list_the_mentions(client):
    make_article("One", published_at="2024-01-01", entities=[("Ann Lee", "person"), ("Oslo", "location")])
    make_article("Two", published_at="2024-03-01", entities=[("Ann Lee", "person"), ("Oslo", "location"),
                                                             ("Bergen", "location")])
    with db.connection_context():
        # A stale count would show here: the unfiltered list answers from the stored counts alone.
        Cooccurrence.update(articles=7).where(Cooccurrence.entity == "ann-lee",
                                              Cooccurrence.other == "bergen").execute()
    counted = client.get("/api/v1/entities/ann-lee/cooccurrences").get_json()
    assert [(c["entity"]["id"], c["articles"]) for c in counted["data"]] == [("bergen", 7), ("oslo", 2)]
    assert counted["meta"]["total"] == 2
    dated = client.get("/api/v1/entities/ann-lee/cooccurrences?published_after=2024-01-01").get_json()
    assert [(c["entity"]["id"], c["articles"]) for c in dated["data"]] == [("oslo", 2), ("bergen", 1)]


def test_counted_list_pages_with_cursors_and_filters_by_type(client):
    for n in range(3):
        make_article(f"A{n}", entities=[("Ann Lee", "person"), ("Oslo", "location")]
                     + ([("Bob Ray", "person")] if n else []) + ([("Acme", "organization")] if n == 2 else []))
    seen, url = [], "/api/v1/entities/ann-lee/cooccurrences?limit=1"
    while url:
        page = client.get(url).get_json()
        seen += [(c["entity"]["id"], c["articles"]) for c in page["data"]]
        url = page["links"]["next"]
    assert seen == [("oslo", 3), ("bob-ray", 2), ("acme", 1)]
    people = client.get("/api/v1/entities/ann-lee/cooccurrences?type=person").get_json()
    assert [c["entity"]["id"] for c in people["data"]] == ["bob-ray"] and people["meta"]["total"] == 1


def test_pages_of_companions_follow_the_count_then_id_order_across_ties(client):
    # Oslo's companions: Bergen in 3 articles, Acme and Ann Lee in 2 (a tie), the others in 1 (a tie of 3).
    companions = [["Bergen", "Acme", "Ann Lee", "Dag"], ["Bergen", "Acme", "Ann Lee", "Eva"],
                  ["Bergen", "Finn"]]
    for n, names in enumerate(companions):
        make_article(f"Pairs {n}", entities=[("Oslo", "location")] + [(name, "person") for name in names])
    expected = [("bergen", 3), ("acme", 2), ("ann-lee", 2), ("dag", 1), ("eva", 1), ("finn", 1)]
    for limit in (1, 2, 4, 20):
        page = client.get(f"/api/v1/entities/oslo/cooccurrences?limit={limit}").get_json()
        seen, totals = [], {page["meta"]["total"]}
        while True:
            seen += [(c["entity"]["id"], c["articles"]) for c in page["data"]]
            if not page["links"]["next"]:
                break
            page = client.get(page["links"]["next"]).get_json()
            totals.add(page["meta"]["total"])
        assert (seen, totals) == (expected, {6}), limit
