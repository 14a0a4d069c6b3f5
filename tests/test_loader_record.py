"""JSON records: schema.org keys given explicitly win over what extraction finds in html or text."""
from __future__ import annotations

import pytest

from api.loader.normalize import finish
from api.loader.record import extract_record

PAGE = ("<html><head><title>Extracted title | Example</title>"
        '<meta property="article:published_time" content="2023-05-04T10:30:00+02:00"></head>'
        "<body><article><h1>Extracted title</h1><p>By Jane Doe</p>"
        "<p>The council approved the harbour plan on Thursday after a long debate in the hall.</p>"
        "</article></body></html>")


def test_record_given_keys_win_over_extracted_values_with_provenance():
    fields = extract_record({"url": "https://www.example.com/a?utm_source=x", "html": PAGE,
                             "headline": "Given headline", "author": [{"@type": "Person", "name": "By Ann Roe"}]})
    record = finish(fields, "feed.jsonl:3")
    assert (record["title"], record["authors"]) == ("Given headline", ["Ann Roe"])
    assert record["published_at"] == "2023-05-04T10:30+02:00"
    assert record["url"] == "https://www.example.com/a"
    assert record["source"] == {"name": "Example", "domain": "example.com"}
    assert record["provenance"]["fields"]["title"] == "given"
    assert record["provenance"]["fields"]["authors"] == "given"
    assert record["provenance"]["fields"]["published_at"] == "meta"
    assert record["provenance"]["origin"] == "feed.jsonl:3"
    assert len(record["provenance"]["content_hash"]) == 64


@pytest.mark.parametrize(("declared", "code"), [
    ("de-AT", "de"), ("en_GB", "en"), ("deu", "de"), ("ger", "de"), ("spa", "es"), ("FRA", "fr"), ("zho", "zh"),
])
def test_finish_maps_a_declared_language_to_its_two_letter_code(declared, code):
    body = "Der Gemeinderat hat den Hafenplan am Donnerstagabend nach langer Debatte beschlossen."
    assert finish({"body": body, "language": declared}, "test")["language"] == code


def test_finish_detects_the_language_when_the_declared_code_is_unknown():
    body = "The council approved the harbour plan on Thursday evening after a long debate in the chamber."
    record = finish({"body": body, "language": "xyz", "provenance": {"language": "meta"}}, "test")
    assert record["language"] == "en"
    assert record["provenance"]["fields"]["language"] == "detected"


BODY = "The council approved the harbour plan on Thursday after a long debate in the hall."


def test_record_dates_that_cannot_be_used_are_dropped_with_a_warning_and_the_record_kept():
    fields = extract_record({"url": "https://example.com/a", "headline": "Harbour", "articleBody": BODY,
                             "datePublished": "2024-05-01T10:00:00+25:00", "dateModified": "yesterday"})
    record = finish(fields, "feed.jsonl:3")
    assert (record["published_at"], record["updated_at"]) == (None, None)
    assert record["warnings"] == [
        "published_at: dropped datePublished '2024-05-01T10:00:00+25:00': "
        "UTC offset +25:00 is out of range (under 24 hours)",
        "updated_at: dropped dateModified 'yesterday': not a date"]


def test_the_warnings_are_not_part_of_the_fingerprint():
    given = {"url": "https://example.com/a", "headline": "Harbour", "articleBody": BODY}
    clean = finish(extract_record(given), "a")
    warned = finish(extract_record({**given, "datePublished": "2024-05-01T10:00:00+25:00"}), "a")
    assert "warnings" not in clean and warned["warnings"]
    assert warned["fingerprint"] == clean["fingerprint"]


@pytest.mark.parametrize(("given", "warning"), [
    ("0001-01-01T00:00+01:00",
     "published_at: dropped published_at '0001-01-01T00:00+01:00': year 1 is outside 1900-2100"),
    ("2024-05-01T10:00:00+25:00",
     "published_at: dropped published_at '2024-05-01T10:00:00+25:00': "
     "UTC offset +25:00 is out of range (under 24 hours)"),
])
def test_an_extracted_records_unusable_date_is_dropped_with_a_warning(given, warning):
    fields = extract_record({"url": "https://example.com/a", "title": "Harbour", "body": BODY,
                             "published_at": given, "entities": [], "quotes": []})
    assert "published_at" not in fields
    assert fields["warnings"] == [warning]


def test_an_extracted_records_iso_date_is_kept_as_given():
    fields = extract_record({"url": "https://example.com/a", "title": "Harbour", "body": BODY,
                             "published_at": "2024-05-01T10:00:00.250+02:00", "entities": [], "quotes": []})
    assert fields["published_at"] == "2024-05-01T10:00:00.250+02:00"
    assert "warnings" not in fields
