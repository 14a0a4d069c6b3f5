"""Publication dates printed on the page: next to the headline, or after a publication label."""
from __future__ import annotations

import pytest

from api.loader.dates import printed_date, to_iso
from api.loader.html import extract_html

ARTICLE = ("<p>Some article text that is long enough to keep for the extractor, and then a second clause "
           "so that it reads like a paragraph.</p>")


def page(head: str, header: str, extra: str = "") -> str:
    return (f"<!doctype html><html><head><title>Harbour plan</title>{head}</head><body>"
            f'<div class="site"><h1>Example Harbour News</h1></div><article><div class="top">{header}</div>'
            f"{ARTICLE}{extra}</article><footer><p>Archive: 01.01.2015</p></footer></body></html>")


def test_printed_date_reads_common_formats_and_skips_update_labels():
    assert printed_date("Written: 2023-11-07 15:03:30") == "2023-11-07"
    assert printed_date("13 Oct 2020 18:29") == "2020-10-13"
    assert printed_date("Posted on March 3, 2021 by Jane Doe") == "2021-03-03"
    assert printed_date("am 7. März 2021") == "2021-03-07"
    assert printed_date("Updated: 5 Dec 2020 · Published 3 Dec 2020") == "2020-12-03"
    assert printed_date("nothing here 2020") is None


def test_date_printed_with_the_headline_wins_over_a_date_elsewhere():
    header = '<h1>Harbour plan approved</h1><p class="date">Written: 2023-11-07 15:03</p>'
    fields = extract_html(page("", header), "https://example.com/a")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2023-11-07", "text-rule")


def test_date_elements_running_together_give_the_first_one():
    header = ('<h1>Harbour plan approved</h1><span>Posted on <time>Freitag, 15. April 2016</time>'
              "<time>Samstag, 4. März 2017</time></span>")
    assert extract_html(page("", header), "https://example.com/a")["published_at"] == "2016-04-15"


def test_date_after_a_publication_label_anywhere_in_the_page():
    extra = "<p>Veröffentlicht am 16.08.2019<br>Dauer: 1 Stunde</p>"
    fields = extract_html(page("", "<h2>Harbour plan</h2>", extra), "https://example.com/a")
    assert fields["published_at"] == "2019-08-16"


def test_date_printed_with_the_headline_wins_over_metadata_naming_another_day():
    head = '<meta property="article:published_time" content="2023-11-03T10:25:00+00:00">'
    header = '<h1>Harbour plan approved</h1><p class="date">6. November 2023</p>'
    assert extract_html(page(head, header), "https://example.com/a")["published_at"] == "2023-11-06"
    header = '<h1>Harbour plan approved</h1><p class="date">3. November 2023</p>'
    assert extract_html(page(head, header), "https://example.com/a")["published_at"] == "2023-11-03T10:25+00:00"


def test_date_from_the_first_time_element_when_the_page_has_no_date_metadata():
    banner = '<div class="banner"><span>Press release</span><time datetime="2022-12-12 12:22">12/12</time></div>'
    html = ("<!doctype html><html><head><title>Harbour plan</title></head><body>" + banner +
            f"<article>{ARTICLE}<p>Archived on 28.06.2022 in the press area.</p></article></body></html>")
    fields = extract_html(html, "https://example.com/a")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2022-12-12T12:22", "html-time")


def test_date_in_the_headline_itself_is_not_the_publication_date():
    head = '<meta property="article:published_time" content="2023-11-03T10:25:00+00:00">'
    header = "<h1>What happened on 7 October 2020 at the harbour</h1><p>A look back.</p>"
    assert extract_html(page(head, header), "https://example.com/a")["published_at"] == "2023-11-03T10:25+00:00"


LONG_ARTICLE = "<p>" + "The harbour board met again to discuss the new quay and its costs. " * 10 + "</p>"


def headline_page(after_headline: str, head: str = "") -> str:
    # The headline's container also holds the whole article, so its block is the heading alone.
    return (f"<!doctype html><html><head><title>Harbour plan</title>{head}</head><body><main>"
            f"<h1>Harbour plan approved</h1>{after_headline}{LONG_ARTICLE}</main></body></html>")


def test_short_date_line_right_after_the_headline_wins_over_metadata():
    head = '<meta property="article:published_time" content="2021-09-30T08:00:00+00:00">'
    after = "<div><p>12. März 2021, Jane Roe</p></div>"
    fields = extract_html(headline_page(after, head), "https://example.com/a")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2021-03-12", "text-rule")


def test_date_in_a_sentence_after_the_headline_is_the_story_not_the_publication():
    head = '<meta property="article:published_time" content="2021-09-30T08:00:00+00:00">'
    after = "<p>The next meeting of the harbour board takes place on 5 October 2021 in the old town hall.</p>"
    assert extract_html(headline_page(after, head), "https://example.com/a")["published_at"].startswith("2021-09-30")


def test_two_different_days_after_the_headline_decide_nothing():
    head = '<meta property="article:published_time" content="2021-09-30T08:00:00+00:00">'
    after = "<p><span>2021-10-04 14:15</span> <span>2021-09-30 10:20</span></p>"
    assert extract_html(headline_page(after, head), "https://example.com/a")["published_at"].startswith("2021-09-30")


def undated_page(extra: str) -> str:
    return (f"<!doctype html><html><head><title>Harbour plan</title></head><body><article>"
            f"{LONG_ARTICLE}{extra}</article></body></html>")


def test_a_month_that_only_htmldate_s_extensive_search_finds_is_not_a_publication_day():
    # An upload folder names the month the picture was stored; htmldate fills in the 1st.
    image = '<img src="https://example.com/wp-content/uploads/2022/09/quay.jpg">'
    assert "published_at" not in extract_html(undated_page(image), "https://example.com/a")


def test_a_first_of_the_month_the_page_prints_is_kept():
    image = '<img src="https://example.com/wp-content/uploads/2022/09/quay.jpg">'
    fields = extract_html(undated_page(image + "<p>Stand: 1. September 2022</p>"), "https://example.com/a")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2022-09-01", "htmldate")


def test_a_month_in_a_date_element_is_not_a_publication_day():
    # htmldate reads "03/2015" in a date-classed element as March 1st; the page never states that day.
    assert "published_at" not in extract_html(undated_page('<span class="date">03/2015</span>'),
                                              "https://example.com/a")


def test_an_update_date_after_the_headline_is_not_the_publication_date():
    head = '<meta property="article:published_time" content="2021-09-30T08:00:00+00:00">'
    after = "<p><span>Updated:</span> <span>4 October 2021</span></p>"
    assert extract_html(headline_page(after, head), "https://example.com/a")["published_at"].startswith("2021-09-30")


def test_a_zone_abbreviation_with_one_meaning_gives_its_offset_and_an_ambiguous_one_stays_naive():
    assert to_iso("2022-11-22 10:42 CET") == "2022-11-22T10:42+01:00"
    assert to_iso("Mon, 01 Jun 2020 10:00:00 EDT") == "2020-06-01T10:00-04:00"
    assert to_iso("2020-06-01 10:00 GMT") == "2020-06-01T10:00+00:00"
    assert to_iso("2020-06-01 10:00 IST") == "2020-06-01T10:00"  # India, Ireland or Israel


def test_an_offset_written_after_utc_or_gmt_is_ahead_of_utc_as_pages_mean_it():
    assert to_iso("2020-06-01 10:00 UTC+2") == "2020-06-01T10:00+02:00"
    assert to_iso("Mon Jun 01 2020 10:00:00 GMT+0530") == "2020-06-01T10:00+05:30"
    assert to_iso("2020-06-01 10:00 GMT-3") == "2020-06-01T10:00-03:00"


PLAIN_ISO = ["2023-05-04", "2023-05-04T10:30", "2023-05-04T10:30:00", "2023-05-04T10:30:15", "2023-05-04 10:30",
             "2023-05-04T10:30Z", "2023-05-04T10:30:15Z", "2023-05-04T10:30+02:00", "2023-05-04T23:59:59-05:30",
             "2023-05-04T00:00:00+00:00", "1900-01-01", "1899-12-31", "2100-12-31T10:00", "2101-01-01",
             "2023-02-30", "2023-13-01", "2023-05-04T24:00", "2023-05-04T10:61",
             "0999-01-01", "3000-01-01T10:00"]


@pytest.mark.parametrize("text", PLAIN_ISO)
def test_plain_iso_dates_read_directly_give_what_dateutil_gives(text):
    from api.loader.dates import _read_dateutil

    assert to_iso(text) == _read_dateutil(text)[0]


BAD_OFFSET = "UTC offset +25:00 is out of range (under 24 hours)"


@pytest.mark.parametrize(("text", "reason"), [
    ("2024-05-01T10:00:00+25:00", BAD_OFFSET),
    ("2024-05-01T10:00:00.250+25:00", BAD_OFFSET),
    ("2024-05-01 10:00 +2500", BAD_OFFSET),
    ("May 1 2024 10:00 +25:00", BAD_OFFSET),
    ("1 May 2024 10:00 UTC+25", BAD_OFFSET),
    ("2024-05-01T10:00:00-24:00", "UTC offset -24:00 is out of range (under 24 hours)"),
    ("1850-01-01", "year 1850 is outside 1900-2100"),
    ("2023-02-30", "not a valid ISO 8601 date or time"),
    ("2024-05-01T25:00", "not a valid ISO 8601 date or time"),
    ("Politics", None),
])
def test_an_unusable_date_reads_as_none_with_the_reason(text, reason):
    from api.loader.dates import read_date

    assert to_iso(text) is None
    assert read_date(text) == (None, reason)


def test_an_offset_just_inside_a_day_is_kept():
    assert to_iso("2024-05-01T10:00:00+23:59") == "2024-05-01T10:00+23:59"


def test_to_utc_of_an_instant_that_is_no_day_in_utc_is_none():
    from api.loader.dates import to_utc

    assert to_utc("0001-01-01T00:00+01:00") is None
    assert to_utc("2024-05-01T10:00+02:00").isoformat() == "2024-05-01T08:00:00"


def test_a_page_whose_metadata_date_has_an_impossible_offset_loads_with_the_next_date_and_a_warning():
    head = ('<meta property="article:published_time" content="2024-05-01T10:00:00+25:00">'
            '<meta property="article:modified_time" content="2024-05-02T09:00:00+99:00">')
    header = '<h1>Harbour plan approved</h1><p class="date">Written: 2023-11-07 15:03</p>'
    fields = extract_html(page(head, header), "https://example.com/a")
    assert fields["published_at"] == "2023-11-07"
    assert "updated_at" not in fields
    assert fields["warnings"] == [
        f"published_at: dropped meta article:published_time '2024-05-01T10:00:00+25:00': {BAD_OFFSET}",
        "updated_at: dropped meta article:modified_time '2024-05-02T09:00:00+99:00': "
        "UTC offset +99:00 is out of range (under 24 hours)"]


def test_a_json_ld_date_with_an_impossible_offset_gives_way_to_the_meta_tag():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour plan approved", '
            '"datePublished": "2024-05-01T10:00:00+25:00"}</script>'
            '<meta property="article:published_time" content="2024-05-01T10:00:00+02:00">')
    html = (f"<html><head><title>Harbour plan approved</title>{head}</head>"
            f"<body><article>{ARTICLE}</article></body></html>")
    fields = extract_html(html, "https://example.com/a")
    assert fields["published_at"] == "2024-05-01T10:00+02:00"
    assert fields["warnings"] == [
        f"published_at: dropped JSON-LD datePublished '2024-05-01T10:00:00+25:00': {BAD_OFFSET}"]


def test_a_page_without_date_problems_has_no_warnings():
    head = '<meta property="article:published_time" content="2024-05-01T10:00:00+02:00">'
    assert "warnings" not in extract_html(page(head, "<h2>Harbour plan approved</h2>"), "https://example.com/a")


def time_page(times: str, head: str = "") -> str:
    """A page whose only machine-readable dates are its <time> elements (and `head`'s metadata)."""
    return (f"<!doctype html><html><head><title>Harbour plan</title>{head}</head><body>"
            f"<div class=\"banner\"><span>Press release</span>{times}</div><article>{ARTICLE}</article></body></html>")


def test_an_unusable_time_element_is_reported_and_the_next_one_is_read():
    times = ('<time datetime="2022-12-12T12:22+25:00">12/12</time>'
             '<time datetime="2022-12-13 09:00">13/12</time>')
    fields = extract_html(time_page(times), "https://example.com/a")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2022-12-13T09:00", "html-time")
    assert fields["warnings"] == [f"published_at: dropped <time datetime> '2022-12-12T12:22+25:00': {BAD_OFFSET}"]


@pytest.mark.parametrize("value, reason", [
    ("1850-03-01T10:00", "year 1850 is outside 1900-2100"),
    ("2023-02-30", "not a valid ISO 8601 date or time"),
])
def test_a_page_whose_only_time_element_is_unusable_warns(value, reason):
    fields = extract_html(time_page(f'<time datetime="{value}">then</time>'), "https://example.com/a")
    assert fields.get("published_at") is None
    assert fields["warnings"] == [f"published_at: dropped <time datetime> '{value}': {reason}"]


@pytest.mark.parametrize("head, times", [
    # The metadata's date is used: the <time> element is never the source, so it is not reported.
    ('<meta property="article:published_time" content="2024-05-01T10:00:00+02:00">',
     '<time datetime="2022-12-12T12:22+25:00">12/12</time>'),
    # A usable <time> comes first: later ones are never read.
    ("", '<time datetime="2022-12-13 09:00">13/12</time><time datetime="2022-12-12T12:22+25:00">12/12</time>'),
    # A value that is no date at all is common (and said nothing), as in metadata.
    ("", '<time datetime="soon">soon</time><time datetime="2022-12-13 09:00">13/12</time>'),
])
def test_a_time_element_that_would_not_be_used_is_not_reported(head, times):
    fields = extract_html(time_page(times, head), "https://example.com/a")
    assert fields["published_at"] in ("2024-05-01T10:00+02:00", "2022-12-13T09:00")
    assert "warnings" not in fields
