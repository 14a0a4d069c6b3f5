"""Bylines on web pages: visible lead-ins, desk bylines, initials and the page's own spelling of names."""
from __future__ import annotations

import pytest

from api.loader.bylines import choose_authors, person_names, split_byline
from api.loader.html import extract_html
from api.loader.metadata import PageMeta

ARTICLE = "<p>Some article text that is long enough to keep for the extractor, with a second clause.</p>"


def page_with(head: str, byline_html: str) -> str:
    return (f"<!doctype html><html><head><title>Harbour plan</title>{head}</head><body><article>"
            f"<h1>Harbour plan approved</h1>{byline_html}{ARTICLE}</article></body></html>")


@pytest.mark.parametrize(("byline", "names"), [
    ("<p><em>Text von Anna Muster    Illustration von Max Beispiel</em></p>", ["Anna Muster"]),
    ('<div class="meta">Ein Artikel von <strong>Anna Muster</strong> | 27.01.2022 - 12:45</div>', ["Anna Muster"]),
    ('<div class="meta">Posted on March 3, 2021 by Jane Roe</div>', ["Jane Roe"]),
    ('<div class="wrote">By&nbsp;<a href="/reporters/x">Maria de la Fuente</a></div>', ["Maria de la Fuente"]),
    ('<p class="meta">Von J. K. am 07.08.2013 um 09:07 Uhr gespeichert unter Hafen</p>', ["J. K"]),
])
def test_authors_from_visible_byline_lead_ins(byline, names):
    assert extract_html(page_with("", byline), "https://example.com/a")["authors"] == names


def test_authors_visible_byline_lead_in_is_not_read_from_a_sentence():
    byline = "<p>Posted on the harbour wall by the fishermen of the town</p>"
    assert "authors" not in extract_html(page_with("", byline), "https://example.com/a")


def test_authors_desk_byline_kept_as_given_only_when_no_person_is_named():
    fields = extract_html(page_with('<meta name="author" content="Example Harbour Redaktion">', ""),
                          "https://example.com/a")
    assert (fields["authors"], fields["provenance"]["authors"]) == (["Example Harbour Redaktion"], "desk-byline")
    fields = extract_html(page_with('<meta name="author" content="Example Harbour Redaktion">',
                                    '<span class="byline">By Jane Doe</span>'), "https://example.com/a")
    assert fields["authors"] == ["Jane Doe"]


def test_authors_byline_with_a_printed_link_gives_the_name_not_url_parts():
    assert split_byline("Harbour Staff Report https://example.com/author/staffreport/") == ["Harbour Staff Report"]


def test_authors_initials_are_a_name_but_agency_codes_are_not():
    assert person_names(["R. R", "AFP", "DPA"], []) == ["R. R"]


def test_authors_organisation_words_of_public_bodies_are_not_people():
    assert person_names(["Feuerwehr Hafenstadt", "Abteilung Wasserrettung", "Jane Doe"], []) == ["Jane Doe"]


def test_authors_keep_the_page_spelling_of_initials_the_extractor_flattened():
    page = PageMeta(bylines=["J. K. Rowan"])
    assert choose_authors(page, "J K Rowan", "example.com") == (["J. K. Rowan"], "trafilatura")


def test_authors_obfuscated_email_addresses_are_not_names():
    assert person_names(["jane[at]example.org", "jane (at) example.org", "Jane Doe"], []) == ["Jane Doe"]


def test_authors_from_a_byline_block_whose_parts_run_together_and_end_in_a_date():
    byline = ('<div data-testid="article-byline"><span>By</span><span><a href="/team/x">Jane Roe</a></span>'
              "<span>Thursday, November 9, 2023 4:41AM</span></div>")
    assert extract_html(page_with("", byline), "https://example.com/a")["authors"] == ["Jane Roe"]
    assert split_byline("Von Anna Muster 12.03.2022") == ["Anna Muster"]


def test_authors_a_meta_author_naming_the_site_and_its_town_gives_no_people():
    fields = extract_html(page_with('<meta name="author" content="harbournews.example, Frankfurt, Germany">', ""),
                          "https://harbournews.example/a")
    assert "authors" not in fields


JSONLD_AUTHOR = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour plan approved", '
                 '"author": {"@type": "Person", "name": "Jane Doe"}}</script>')


def test_authors_metadata_author_the_page_never_shows_is_not_claimed():
    # The CMS account that posted the page, not a byline a reader sees.
    assert "authors" not in extract_html(page_with(JSONLD_AUTHOR, ""), "https://example.com/a")
    assert "authors" not in extract_html(page_with('<meta name="author" content="Jane Doe">', ""),
                                         "https://example.com/a")
    shown = extract_html(page_with(JSONLD_AUTHOR, "<p>Jane Doe, Hafenstadt</p>"), "https://example.com/a")
    assert (shown["authors"], shown["provenance"]["authors"]) == (["Jane Doe"], "json-ld")


def test_authors_metadata_author_named_by_a_personal_sites_address_is_kept():
    fields = extract_html(page_with('<meta name="author" content="Jürgen Beispiel">', ""),
                          "https://www.juergen-beispiel.example/2020/harbour")
    assert fields["authors"] == ["Jürgen Beispiel"]


def test_authors_names_in_comments_and_related_teasers_are_not_the_pages_byline():
    aside = ('<div class="related-articles"><h3>Harbour closes</h3><span class="author">Von John Roe</span></div>'
             '<ul><li class="recentcomments"><span class="comment-author-link">John Roe</span> on Harbour</li></ul>')
    fields = extract_html(page_with(JSONLD_AUTHOR.replace("Jane Doe", "John Roe"), aside), "https://example.com/a")
    assert "authors" not in fields


def test_authors_picture_credits_are_not_bylines():
    figure = ('<figure><img src="/a.jpg" alt=""><figcaption><span class="author-name">Max Beispiel</span>'
              '</figcaption></figure><span class="byline">Von Anna Muster</span>')
    assert extract_html(page_with("", figure), "https://example.com/a")["authors"] == ["Anna Muster"]


def test_authors_from_an_element_whose_classes_include_author():
    byline = ('<div class="entry-meta">4. Mai 2023 von <span class="author vcard"><a class="fn">kaihafen</a>'
              "</span></div>")
    assert extract_html(page_with("", byline), "https://example.com/a")["authors"] == ["kaihafen"]


def test_authors_a_listing_page_gives_the_first_posts_byline_not_every_posts():
    posts = "".join(f'<div class="post"><h2>Post {n}</h2><div class="meta"><span class="author vcard">{name}</span>'
                    f"</div><p>Some text of the post number {n}.</p></div>"
                    for n, name in enumerate(["Jane Doe", "John Roe", "Anna Muster"]))
    assert extract_html(page_with("", posts), "https://example.com/blog/")["authors"] == ["Jane Doe"]


def test_authors_a_byline_element_holding_only_a_date_names_nobody():
    assert split_byline("Veröffentlicht am 19.10.19 um 14:34 Uhr") == []


def test_authors_a_personal_site_named_after_its_owner_keeps_the_owner_as_author():
    assert person_names(["Anna Muster"], ["annamuster"]) == ["Anna Muster"]
    assert person_names(["Frau Muster"], ["fraumuster"]) == ["Frau Muster"]
    # The site's name alone, a name run into the site's name, or a domain spelled out are no owner.
    assert person_names(["Harbour Times", "Anna Muster Hafenblatt", "Anna Com"],
                        ["harbourtimes", "hafenblatt", "annacom"]) == []


def test_authors_from_a_link_to_the_authors_archive():
    person = '<p class="info">Geschrieben von <a href="https://example.com/author/jdoe/">Jane Doe</a></p>'
    assert extract_html(page_with("", person), "https://example.com/a")["authors"] == ["Jane Doe"]
    desk = '<div class="about"><h3>Autor</h3><h4><a href="/author/hafen-redaktion/">Hafenblatt Redaktion</a></h4></div>'
    fields = extract_html(page_with("", desk), "https://example.com/a")
    assert (fields["authors"], fields["provenance"]["authors"]) == (["Hafenblatt Redaktion"], "desk-byline")


def test_authors_from_a_labelled_field_next_to_the_headline():
    fields = ('<dl class="facts"><dt>Auteur</dt><dd><a href="/staff/x">Jeanne Exemple</a></dd>'
              "<dt>Date</dt><dd>2 mars</dd></dl>")
    assert extract_html(page_with("", fields), "https://example.com/a")["authors"] == ["Jeanne Exemple"]


def test_authors_a_book_data_line_inside_the_review_text_is_not_the_byline():
    paragraphs = "".join(f"<p>Paragraph {n} of the review says something about the book and its plot.</p>"
                         for n in range(6))
    review = (f"<div>{paragraphs}<p>Titel: Harbour Lights</p><p>Autorin: Jane Roe</p><p>Verlag: Hafen Books</p>"
              f"{paragraphs}</div>")
    assert "authors" not in extract_html(page_with("", review), "https://example.com/a")
