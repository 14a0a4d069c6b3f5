"""Web pages: titles, authors, dates and site names from metadata, cleaned by general rules."""
from __future__ import annotations

import pytest

from api.loader.body import clean_body
from api.loader.bylines import person_names, split_byline
from api.loader.charset import decode_html
from api.loader.html import extract_html
from api.loader.titles import strip_site


def html_page(head: str, body: str = "<article><p>Some article text that is long enough to keep.</p></article>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def test_title_site_name_suffix_and_prefix_are_stripped():
    keys = ["thedailyexample", "dailyexample"]
    assert strip_site("Harbour plan approved | The Daily Example", keys) == "Harbour plan approved"
    assert strip_site("The Daily Example - Harbour plan approved", keys) == "Harbour plan approved"
    assert strip_site("Harbour plan approved – DailyExample.com", keys) == "Harbour plan approved"


def test_title_date_prefix_is_stripped_but_inner_dashes_stay():
    assert strip_site("04.05.2023 | Harbour plan - a first step", []) == "Harbour plan - a first step"


def test_title_h1_wins_when_the_metadata_title_contains_it():
    page = html_page('<title>Harbour plan approved: what happens next? | Example</title>',
                     "<h1>Harbour plan approved: what happens next?</h1><p>Text of the article here.</p>")
    fields = extract_html(page, "https://example.com/news/harbour")
    assert fields["title"] == "Harbour plan approved: what happens next?"
    assert fields["provenance"]["title"] == "html-h1"


def test_title_falls_back_to_domain_name_stripping_from_og_title():
    page = html_page('<meta property="og:title" content="Harbour plan approved - Example News">')
    assert extract_html(page, "https://www.examplenews.com/a")["title"] == "Harbour plan approved"


def test_title_is_kept_when_it_only_looks_like_the_site_name():
    page = html_page('<meta property="og:site_name" content="Harbour plan approved">'
                     "<title>Harbour plan approved</title>")
    assert extract_html(page, "https://example.com/a")["title"] == "Harbour plan approved"


def test_byline_prefixes_are_stripped_and_names_split():
    assert split_byline("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert split_byline("Par Marie Dupont et Paul Martin") == ["Marie Dupont", "Paul Martin"]
    assert split_byline("Von Anna Schmidt und Max Müller") == ["Anna Schmidt", "Max Müller"]
    assert split_byline("Grant Tinsley, PhD") == ["Grant Tinsley"]


def test_byline_organisations_and_site_name_are_not_authors():
    keys = ["thedailyexample"]
    names = ["Jane Doe", "The Daily Example", "Example Media GmbH", "Redaktion", "AFP", "https://x.example/u"]
    assert person_names(names, keys) == ["Jane Doe"]


def test_authors_from_jsonld_people_not_organisations():
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
            '"headline": "Harbour plan approved", "author": [{"@type": "Person", "name": "Jane Doe"},'
            '{"@type": "Organization", "name": "Example Wire"}], "datePublished": "2023-05-04T08:00:00Z",'
            '"publisher": {"@type": "Organization", "name": "The Daily Example"}}</script>')
    body = "<article><p>Jane Doe, Example Wire</p><p>Some article text that is long enough to keep.</p></article>"
    fields = extract_html(html_page(head, body), "https://example.com/a")
    assert fields["authors"] == ["Jane Doe"]
    assert fields["provenance"]["authors"] == "json-ld"
    assert fields["published_at"] == "2023-05-04T08:00+00:00"
    assert fields["source_name"] == "The Daily Example"


def test_authors_from_a_visible_byline_when_no_metadata_names_them():
    page = html_page("<title>Harbour</title>", '<article><span class="byline">By Jane Doe</span>'
                     "<p>Some article text that is long enough to keep.</p></article>")
    assert extract_html(page, "https://example.com/a")["authors"] == ["Jane Doe"]


def test_date_from_meta_keeps_its_offset_and_is_never_invented():
    page = html_page('<meta property="article:published_time" content="2023-05-04T10:30:00+02:00">'
                     '<meta property="article:modified_time" content="2023-05-05T09:00:00+02:00">')
    fields = extract_html(page, "https://example.com/a")
    assert (fields["published_at"], fields["updated_at"]) == ("2023-05-04T10:30+02:00", "2023-05-05T09:00+02:00")
    assert "published_at" not in extract_html(html_page("<title>Undated</title>"), "https://example.com/b")


def test_date_search_of_trafilatura_whose_date_is_not_read_never_runs_dateparser(monkeypatch):
    """The date printed under the headline decides; htmldate's slow search in every language (dateparser)
    runs only when the page's own rules find no date, not for trafilatura's metadata, whose date is unused."""
    import htmldate.extractors

    searched = []
    external = htmldate.extractors._external_date
    monkeypatch.setattr(htmldate.extractors, "_external_date", lambda text: searched.append(text) or external(text))
    page = html_page("<title>Harbour plan</title>",
                     "<header><h1>Harbour plan approved</h1><p>Jane Doe, 4. März 2021</p></header>"
                     "<article><p>The council met.</p><div><p>Lorem 17 ipsum 2019 dolor</p></div>"
                     + "<p>It talked about the harbour for a long time.</p>" * 20 + "</article>")
    fields = extract_html(page, "https://example.com/a")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2021-03-04", "text-rule")
    assert searched == []


def test_charset_declared_wrongly_is_detected_from_the_bytes():
    text = html_page('<meta charset="utf-8"><title>Café crème à la française</title>')
    assert "Café crème à la française" in decode_html(text.encode("cp1252"))
    latin = html_page('<meta charset="iso-8859-1"><title>Grüße aus Köln</title>')
    assert "Grüße aus Köln" in decode_html(latin.encode("utf-8"))
    assert "Grüße aus Köln" in decode_html(latin.encode("iso-8859-1"))


def test_date_from_the_url_wins_over_a_utc_timestamp_one_day_off():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Late news",'
            '"datePublished": "2023-05-05T02:10:00Z"}</script>')
    fields = extract_html(html_page(head), "https://example.com/2023/05/04/late-news/")
    assert (fields["published_at"], fields["provenance"]["published_at"]) == ("2023-05-04", "url")


def test_date_bare_year_from_a_copyright_line_is_not_claimed():
    page = html_page("<title>About the club</title>",
                     "<article><p>Our club was founded long ago and meets every week in the hall.</p></article>"
                     "<footer>© 2019 The Club</footer>")
    assert "published_at" not in extract_html(page, "https://example.com/about")


def test_body_drops_share_lines_photo_credits_and_trailing_related_block():
    from api.loader.body import clean_body

    text = "\n".join([
        "Share this article", "The council approved the harbour plan on Thursday evening after a long debate.",
        "Photo: Jane Doe / Example Agency", "Residents welcomed the decision and asked for quick work.",
        "A third paragraph explains what happens next with the quay and the ferry.", "Related articles",
        "Another story about something else", "KULTUR",
    ])
    assert clean_body(text) == (
        "The council approved the harbour plan on Thursday evening after a long debate.\n\n"
        "Residents welcomed the decision and asked for quick work.\n\n"
        "A third paragraph explains what happens next with the quay and the ferry.")


def test_body_keeps_a_visible_standfirst_the_extractor_skipped():
    from api.loader.body import with_lead
    from api.loader.metadata import parse

    lead = "The council approved the harbour plan after a debate lasting three hours."
    tree = parse(f'<html><body><div class="top">{lead}</div><p>Body paragraph.</p></body></html>')
    assert with_lead("Body paragraph.", lead, tree) == lead + "\n\nBody paragraph."
    assert with_lead("Body paragraph.", "A description that the page itself never shows to readers.", tree) \
        == "Body paragraph."


def test_title_single_h1_is_the_headline_without_its_kicker():
    page = html_page("<title>Welcome</title>",
                     '<h1><span class="kicker">Budget</span> Harbour plan approved after debate</h1>'
                     "<p>Text of the article here.</p>")
    assert extract_html(page, "https://example.com/a")["title"] == "Harbour plan approved after debate"


def test_title_h1_with_section_prefix_gives_the_metadata_title():
    page = html_page('<meta property="og:title" content="Harbour plan approved after debate">',
                     "<h1>Local News | Harbour plan approved after debate</h1><p>Text.</p>")
    assert extract_html(page, "https://example.com/a")["title"] == "Harbour plan approved after debate"


def test_title_generic_section_words_and_issue_numbers_are_stripped():
    assert strip_site("Blog Archive » Harbour plan approved", []) == "Harbour plan approved"
    assert strip_site("The historic harbour (2021/5)", []) == "The historic harbour"


def test_authors_from_a_plain_von_line_but_not_from_a_sentence():
    page = html_page("<title>Harbour</title>", "<article><p>Von Claudia Lindner</p>"
                     "<p>Some article text that is long enough to keep for the extractor.</p></article>")
    assert extract_html(page, "https://example.com/a")["authors"] == ["Claudia Lindner"]
    page = html_page("<title>Harbour</title>", "<article><p>Von Montag bis Freitag</p>"
                     "<p>Some article text that is long enough to keep for the extractor.</p></article>")
    assert "authors" not in extract_html(page, "https://example.com/a")


def test_title_one_word_h1_that_extends_the_metadata_title_wins():
    page = html_page('<meta property="og:site_name" content="Hafenchor Beispielstadt">'
                     "<title>Geschichte - Hafenchor Beispielstadt</title>",
                     "<h1>Chorgeschichte</h1><p>Text of the article here.</p>")
    assert extract_html(page, "https://hafenchor.example/geschichte.html")["title"] == "Chorgeschichte"
    page = html_page('<meta property="og:site_name" content="Hafenchor Beispielstadt">'
                     "<title>Geschichte - Hafenchor Beispielstadt</title>",
                     "<h1>Kontakt</h1><p>Text of the article here.</p>")
    assert extract_html(page, "https://hafenchor.example/geschichte.html")["title"] == "Geschichte"


def test_title_a_lone_section_word_is_not_the_headline():
    page = html_page('<meta name="twitter:title" content="blog">'
                     "<title>Dear friends of the harbour | Harbour Friends Online</title>")
    assert extract_html(page, "https://harbourfriends.example/blog/")["title"] == "Dear friends of the harbour"


def test_body_stops_before_a_block_of_teasers_cut_short_with_an_ellipsis():
    article = "The harbour plan was approved on Monday after a long debate in the council chamber."
    teasers = ["Another story about the town's old lighthouse and the people who kept it running for…",
               "A full closing paragraph that belongs to no teaser at all and ends normally.",
               "The market square will get new trees next spring, the mayor said in a statement [...]"]
    assert clean_body("\n".join([article, *teasers])) == article
    quoted = [article, "She paused and said: well…", "Then the vote came, and the plan passed easily."]
    assert clean_body("\n".join(quoted)) == "\n\n".join(quoted)


def test_body_keeps_a_standfirst_marked_by_its_class():
    paragraphs = "".join(f"<p>Paragraph {n} of the harbour story, with enough words to be kept as text.</p>"
                         for n in range(4))
    page = html_page("<title>Harbour</title>",
                     '<article><div class="article-intro">Two harbour boats collided on Saturday night; '
                     "nobody was hurt but both hulls are damaged.</div>"
                     f'<div class="share">Share</div>{paragraphs}</article>')
    body = extract_html(page, "https://example.com/a")["body"]
    assert body.startswith("Two harbour boats collided on Saturday night")
    assert body.count("Two harbour boats") == 1


def test_body_drops_read_here_pointers_to_other_articles():
    text = ("The harbour plan was approved on Monday after a long debate in the council chamber.\n"
            "Lesen Sie hier: Streit um den Fischmarkt am alten Hafen\n"
            "The works will start in spring and last two years, the council said.")
    assert "Lesen Sie hier" not in clean_body(text)


def test_title_and_authors_from_jsonld_have_html_entities_decoded():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Mayor: &quot;The harbour '
            'stays open&quot;", "author": {"@type": "Person", "name": "Ana Mar&iacute;a L&oacute;pez"}}</script>')
    body = "<article><p>Por Ana María López</p><p>Some article text that is long enough to keep.</p></article>"
    fields = extract_html(html_page(head, body), "https://example.com/a")
    assert (fields["title"], fields["authors"]) == ('Mayor: "The harbour stays open"', ["Ana María López"])


def test_body_comes_from_jsonld_when_the_extractor_finds_almost_none_of_the_article(monkeypatch):
    import json

    from api.loader import html as html_module

    sentence = "The council approved the harbour plan after a debate lasting three hours on Thursday. "
    declared = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                           "headline": "Harbour plan approved", "articleBody": sentence * 10})
    page = html_page(f'<title>Harbour plan approved</title><script type="application/ld+json">{declared}</script>',
                     "<article><p>The harbour at dawn, seen from the quay. Photo: Jane Doe</p></article>")
    # A page drawn by scripts: the extractor sees only a caption.
    caption = {"text": "The harbour at dawn, seen from the quay."}
    monkeypatch.setattr(html_module, "_trafilatura", lambda *a, **k: caption)
    fields = extract_html(page, "https://example.com/a")
    assert (fields["body"], fields["provenance"]["body"]) == ((sentence * 10).strip(), "jsonld")
    monkeypatch.setattr(html_module, "_trafilatura", lambda *a, **k: {"text": "\n".join([sentence] * 4)})
    assert extract_html(page, "https://example.com/b")["provenance"]["body"] == "trafilatura"


ARTICLE_PAGE = html_page(
    '<title>Harbour plan approved | Example</title><meta property="og:site_name" content="Example">',
    "<article><h1>Harbour plan approved</h1><!-- byline --><p>By Jane Doe</p>"
    "<p>The council approved the harbour plan<!-- ad slot --> on Thursday after a long debate.</p>"
    "<p>Work on the new quay starts in spring and should take two years.</p></article>")


def test_a_page_is_parsed_once_for_our_rules_and_trafilatura(monkeypatch):
    import lxml.html

    parses = []
    parse = lxml.html.document_fromstring

    def counted(markup, *args, **kwargs):
        # The whole page, not the fragments trafilatura's fallback extractors parse from their output.
        text = markup if isinstance(markup, str) else markup.decode("utf-8", "replace")
        parses.extend([1] if "Harbour plan approved | Example" in text else [])
        return parse(markup, *args, **kwargs)

    monkeypatch.setattr(lxml.html, "document_fromstring", counted)
    fields = extract_html(ARTICLE_PAGE, "https://example.com/a")
    assert "The council approved the harbour plan on Thursday" in fields["body"]
    assert len(parses) == 1


XML_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
XHTML_DOCTYPE = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                 '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n')


@pytest.mark.parametrize("page", [
    ARTICLE_PAGE,
    XHTML_DOCTYPE + '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
    "<body><p>a<!-- c -->b</p><?php echo 1 ?><p>x &amp; y&nbsp;z</p></body></html>",
    XML_DECLARATION + XHTML_DOCTYPE + "<html><head><title>T</title></head><body><p>a<!--x-->b</p></body></html>",
    "<!-- generated --><html><head><title>T</title></head>"
    "<body><p>a</p><!--[if IE]><p>ie</p><![endif]--></body></html>",
    "<html><head><title>T</title></head><body><script>var a = '<!-- no -->';</script><![CDATA[x]]></body></html>",
    # what trafilatura repairs, reads as a fragment or rejects: it parses those itself
    "<html><head><title>T</title></head><body><p>a control\x0c character</p></body></html>",
    "<html lang='en'/>\n<head><title>T</title></head><body><p>x</p></body></html>",
    "<div><p>no head and no html</p><p>two</p></div>",
    XHTML_DOCTYPE + "<!-- c --><html><body><p>no head</p><p>two</p></body></html>",
    "<!-- c --><html><body><p>no head</p></body></html>",
    "<p>one</p>",
])
def test_the_tree_trafilatura_is_given_is_the_one_it_would_parse(page):
    from copy import copy

    from lxml import etree
    from trafilatura.utils import load_html

    from api.loader.html import trafilatura_tree
    from api.loader.metadata import parse

    def markup(tree):
        return None if tree is None else etree.tostring(copy(tree), encoding="unicode")  # trafilatura copies it too

    assert markup(trafilatura_tree(page, parse(page))) == markup(load_html(page))
