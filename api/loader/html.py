"""Web pages: metadata from JSON-LD, OpenGraph and meta tags first, trafilatura and htmldate where the
page declares nothing, and our own rules to clean titles, bylines and dates."""
from __future__ import annotations

import re
from copy import copy

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import DOCTYPE_TAG, INVALID_XML_CHARS, is_dubious_html, load_html

from api.loader.blocks import with_sibling_blocks
from api.loader.body import clean_body, declared_body, with_lead
from api.loader.bylines import choose_authors
from api.loader.metadata import PageMeta, parse, read_meta
from api.loader.pagedates import page_dates
from api.loader.passes import precise_paragraphs
from api.loader.titles import choose_title, is_site_name, site_keys, strip_site
from api.loader.urls import domain_of

PRECISE_SHARE = 0.5
DECLARED_SHARE = 3
DECLARED_MIN_WORDS = 80
NO_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def extract_html(html: str, url: str | None = None) -> dict:
    """Extract a normalised record's fields from a whole HTML page."""
    fields: dict = {"provenance": {}}
    tree = parse(html)
    page = read_meta(tree) if tree is not None else PageMeta()
    # One tree for both passes: trafilatura copies a tree it is given before cutting it down.
    document = trafilatura_tree(html, tree)
    # The metadata pass's date is not read (page_dates decides): htmldate's slow text search is skipped.
    data = _trafilatura(document, url, with_metadata=True, date_extraction_params=NO_DATE_SEARCH)
    precise = _trafilatura(document, url, favor_precision=True).get("text") or ""
    text = data.get("text") or ""
    # Trafilatura's precision mode drops more boilerplate but sometimes half the article with it.
    # Words, not characters: layout whitespace inside tables and lists inflates one pass or the other.
    if len(precise.split()) >= PRECISE_SHARE * len(text.split()):
        text = precise_paragraphs(text, precise)

    def take(name: str, value, method: str) -> None:
        if value:
            fields[name] = value
            fields["provenance"][name] = method

    page_url = url or page.canonical or page.first("og:url")
    domain = domain_of(page_url)
    take("url", page_url if (page_url or "").startswith("http") else None, "given" if url else "meta")
    take(*_pair("title", choose_title(page, domain, data.get("title"))))
    take(*_pair("authors", choose_authors(page, data.get("author"), domain, text)))
    published, updated, warnings = page_dates(tree, page, page_url, html)
    take(*_pair("published_at", published))
    take(*_pair("updated_at", updated))
    take("description", page.first("og:description", "description", "twitter:description")
         or data.get("description"), "meta")
    take("language", page.lang or page.first("og:locale", "content-language", "language")
         or data.get("language"), "meta")
    keys = site_keys(page.site_names, domain)
    names = [strip_site(n, []) for n in page.site_names if n and len(n) <= 60]
    if names:
        fields["source_name"] = names[0]
    elif data.get("sitename") and is_site_name(data["sitename"], keys) and not _looks_like_domain(data["sitename"]):
        fields["source_name"] = data["sitename"]
    if image := page.first("og:image", "twitter:image"):
        fields["images"] = [{"url": image, "caption": None, "credit": None}]
        fields["provenance"]["images"] = "opengraph"
    body = with_lead(with_sibling_blocks(clean_body(text, fields.get("title")), tree), fields.get("description"), tree)
    declared = declared_body(page.jsonld)
    if len(declared.split()) >= max(DECLARED_SHARE * len(body.split()), DECLARED_MIN_WORDS):
        # The page's own JSON-LD holds the article the extractor missed (text drawn by scripts, paywalls).
        take("body", clean_body(declared, fields.get("title")), "jsonld")
    else:
        take("body", body, "trafilatura")
    fields.setdefault("body", "")
    if warnings:
        fields["warnings"] = warnings
    return fields


# lxml.html.fromstring's test for a whole document (anything else it may read as a fragment).
_WHOLE_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.I)


def trafilatura_tree(html: str, tree: HtmlElement | None) -> HtmlElement | None:
    """The tree trafilatura's `load_html` makes of the page, copied from ours rather than parsed again.

    `load_html` parses without comments and processing instructions: the copy drops them, their
    neighbouring texts joined as the parser joins them. A page it would first repair (control
    characters, a self-closing <html/>) or might read as a fragment is left to it (rare); one it would
    reject as not HTML gives None, as it does.
    """
    beginning = html[:50].lower()
    if tree is None or INVALID_XML_CHARS.search(html) or _self_closing_html(html) or not _whole(html, beginning, tree):
        return load_html(html)
    if is_dubious_html(beginning) and len(tree) < 2:
        return None
    shared = copy(tree)
    etree.strip_tags(shared, etree.Comment, etree.ProcessingInstruction)
    return shared


def _whole(html: str, beginning: str, tree: HtmlElement) -> bool:
    """Whether lxml.html.fromstring, which load_html calls, gives the whole document as ours: always with
    a <head>, else only when the text starts as a document once load_html has cut an XHTML doctype."""
    if tree.find("head") is not None:
        return True
    cut = "doctype" in beginning and DOCTYPE_TAG.match(html.partition("\n")[0])
    return bool(_WHOLE_DOCUMENT.match(html)) and not cut


def _self_closing_html(html: str) -> bool:
    # load_html's own test for the <html .../> it repairs
    return any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4])


def _trafilatura(html: HtmlElement | None, url: str | None, **options) -> dict:
    if html is None:
        return {}  # what trafilatura gives for a page it cannot read
    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=True,
                                      include_images=False, deduplicate=False, **options)
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _looks_like_domain(name: str) -> bool:
    # trafilatura falls back to the host name; finish() derives a readable name from it instead.
    return " " not in name.strip() and "." in name


def _pair(name: str, value_method: tuple) -> tuple:
    value, method = value_method
    return name, value, method
