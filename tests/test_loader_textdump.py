"""Plain-text page dumps like the seed become clean metadata and body."""
from api.loader.textdump import extract_text
from tests.helpers import SEED


def test_seed_metadata_is_exact():
    fields = extract_text(SEED.read_text(encoding="utf-8"))
    assert fields["title"] == "North Korea ratifies defense pact with Russia amid closer military ties"
    assert fields["authors"] == ["Newsroom"]
    assert fields["published_at"] == "2024-11-12T03:14"
    assert fields["updated_at"] == "2024-11-12T03:14"
    assert fields["images"] == [{
        "url": None,
        "caption": "North Korean leader Kim Jong-un with Russian President Vladimir Putin in Vladivostok, "
                   "Russia, in April 2019.",
        "credit": "AFP",
    }]


def test_seed_body_is_the_ten_article_paragraphs():
    body = extract_text(SEED.read_text(encoding="utf-8"))["body"]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("North Korea has ratified a significant defense pact with Russia")
    assert paragraphs[-1].endswith("raising further alarms about potential advancements in its military capabilities.")
    for boilerplate in ("Skip to content", "By Newsroom", "Last Updated", "(AFP Photo)", "Nov 12, 2024"):
        assert boilerplate not in body


def test_dump_without_caption_takes_first_line_as_title_and_splits_byline():
    text = (
        "Menu\n\nCity council approves new budget for parks\n"
        "By Jane Doe and John Roe\nMarch 3, 2023\n\n"
        "The council voted on Monday to approve the budget.\n\n"
        "The parks department will receive more money.\n\nRelated articles\nSomething else entirely\n"
    )
    fields = extract_text(text)
    assert fields["title"] == "City council approves new budget for parks"
    assert fields["authors"] == ["Jane Doe", "John Roe"]
    assert fields["published_at"] == "2023-03-03"
    assert fields["body"] == ("The council voted on Monday to approve the budget.\n\n"
                              "The parks department will receive more money.")


def test_date_with_offset_keeps_the_offset_and_naive_stays_naive():
    from api.loader.dates import to_iso

    assert to_iso("2024-11-12T03:14:00+09:00") == "2024-11-12T03:14+09:00"
    assert to_iso("Nov 12, 2024 3:14 AM") == "2024-11-12T03:14"
    assert to_iso("12 November 2024") == "2024-11-12"
    assert to_iso("not a date") is None


def test_dump_date_lines_that_cannot_be_used_are_dropped_with_a_warning_and_kept_out_of_the_body():
    text = ("City council approves new budget for parks\nBy Jane Doe\nPublished: 2024-05-01T10:00:00+25:00\n\n"
            "The council voted on Monday to approve the budget.\n\n"
            "Updated: 2024-05-02 09:00 +2500\n\nThe parks department will receive more money.\n")
    fields = extract_text(text)
    assert "published_at" not in fields and "updated_at" not in fields
    assert fields["body"] == ("The council voted on Monday to approve the budget.\n\n"
                              "The parks department will receive more money.")
    assert fields["warnings"] == [
        "published_at: dropped the date line 'Published: 2024-05-01T10:00:00+25:00': "
        "UTC offset +25:00 is out of range (under 24 hours)",
        "updated_at: dropped the date line 'Updated: 2024-05-02 09:00 +2500': "
        "UTC offset +25:00 is out of range (under 24 hours)"]


def test_dump_bare_date_line_with_an_impossible_offset_is_dropped_with_a_warning():
    text = ("City council approves new budget for parks\n2024-05-01T10:00:00+25:00\n\n"
            "The council voted on Monday to approve the budget.\n")
    fields = extract_text(text)
    assert "published_at" not in fields
    assert fields["body"] == "The council voted on Monday to approve the budget."
    assert fields["warnings"] == [
        "published_at: dropped the date line '2024-05-01T10:00:00+25:00': "
        "UTC offset +25:00 is out of range (under 24 hours)"]
