"""What a page says about itself: JSON-LD, OpenGraph and other meta tags, and its headings.

Everything here is read from the parsed page without judging it; the rules that pick and clean the
values live in titles.py, bylines.py and dates.py.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|WebPage|Posting|Review|Recipe)$", re.I)
_PARSER = lxml_html.HTMLParser(encoding="utf-8")
SITE_TYPES = re.compile(r"^(WebSite|Organization|NewsMediaOrganization|Corporation)$", re.I)


@dataclass
class PageMeta:
    """The candidate values a page declares, each list in order of trust."""

    jsonld: list[dict] = field(default_factory=list)  # article-like objects, articles first
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property -> contents
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    canonical: str | None = None
    lang: str | None = None
    organisations: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)  # short texts marked up as the author
    byline_line: str | None = None  # the printed line a byline was read from when nothing marked one up
    shown_text: str | None = None  # the text a reader sees as the page's own; None when not read

    def first(self, *names: str) -> str | None:
        """The first non-empty meta value among the names."""
        for name in names:
            for value in self.meta.get(name, []):
                if value.strip():
                    return value.strip()
        return None


def parse(html: str):
    """An lxml tree of the page, or None when it cannot be parsed."""
    try:
        # Bytes with an explicit parser encoding: the text is already decoded, so the page's own
        # (possibly wrong) charset declaration must not be applied a second time.
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def read_meta(tree) -> PageMeta:
    """Collect JSON-LD objects, meta tags, the <title>, the h1 headings and the site's names."""
    page = PageMeta()
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = node.get("content")
        if key and content:
            page.meta.setdefault(key, []).append(" ".join(content.split()))
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        page.title_tag = " ".join(title.text_content().split())
    page.h1 = [text for h in tree.iter("h1") if (text := _heading_text(h))]
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            page.canonical = link.get("href").strip()
            break
    page.bylines, page.byline_line = _bylines(tree)
    page.shown_text = _shown_text(tree)
    root_lang = tree.get("lang") or tree.get("xml:lang")
    page.lang = root_lang.strip() if root_lang else None

    objects = list(_jsonld_objects(tree))
    articles = [o for o in objects if any(ARTICLE_TYPES.search(t) for t in _types(o))]
    # The most specific article type first: a NewsArticle is the page's article, a WebPage only its frame.
    articles.sort(key=lambda o: any(t.lower() == "webpage" for t in _types(o)))
    page.jsonld = articles
    names = [page.first("og:site_name"), page.first("application-name")]
    for obj in articles:
        names.append(_name(obj.get("publisher")))
    for obj in objects:
        if any(SITE_TYPES.match(t) for t in _types(obj)):
            names.append(_name(obj))
            page.organisations.append(_name(obj) or "")
    for obj in articles:
        page.organisations.append(_name(obj.get("publisher")) or "")
    page.site_names = list(dict.fromkeys(n for n in names if n))
    page.organisations = [o for o in dict.fromkeys(page.organisations) if o]
    return page


# Parts of a heading that are not the headline: "roofline" kickers above it, and times.
KICKER_CLASS = re.compile(r"kicker|roofline|overline|dachzeile|topline|eyebrow|spitzmarke", re.I)


def _heading_text(heading) -> str:
    parts = [heading.text or ""]
    for child in heading:
        if not KICKER_CLASS.search(child.get("class") or "") and child.tag not in ("time", "script", "style"):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


# Blocks that show other pages' bylines or readers' names: comments, related-article teasers, widgets.
# A block holding the page's h1 is the page's own frame, whatever its class says.
ASIDE = ("comment", "related", "teaser")
_ASIDE_TEST = " or ".join(f'contains(@class, "{word}") or contains(@id, "{word}")' for word in ASIDE)
IN_ASIDE = f"ancestor-or-self::*[({_ASIDE_TEST}) and not(.//h1)]"
HIDDEN_TAGS = ("script", "style", "template")
# Picture credits use the same words and classes as bylines ("author-name" on a photographer).
IN_CREDIT = ('ancestor-or-self::*[self::figure or self::figcaption or contains(@class, "caption") '
             'or contains(@class, "credit") or contains(@class, "license") or contains(@class, "copyright")]')

BYLINE_XPATH = ('//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or contains(@id, "byline") '
                'or contains(@data-testid, "byline") or contains(@href, "/author/") '
                'or contains(@class, "author-name") or contains(@class, "autor") '
                'or contains(concat(" ", normalize-space(@class), " "), " author ")]')
MAX_BYLINE_WORDS = 8
MAX_BYLINE_CHARS = 120


# A short element that is only a byline: "Von Claudia Lindner", "By Jane Doe", "Text: Anna Muster".
# A lead-in may come first: "Posted on May 2, 2020 by Jane Doe", "Text von Jane Doe", "Ein Artikel von ...".
BYLINE_LEAD = (r"(?:(?:posted|published|veröffentlicht|publié)\s+(?:on|am|le)?\s*[\w .,]{0,30}?\s+"
               r"|text\s+(?:und\s+fotos?\s+)?|ein\s+(?:artikel|beitrag)\s+|article\s+)?")
# Name particles stay lower-case inside a name: "Jose de la Cruz", "Ludwig van Beethoven".
_NAME = r"[A-ZÀ-Þ][\w.'’-]+(?:\s+(?:(?:de|la|del|da|di|du|van|von|der|den|le|ter)\s+)*[A-ZÀ-Þ][\w.'’-]+){1,3}"
BYLINE_TEXT = re.compile(
    r"^" + BYLINE_LEAD + r"(?:by|von|par|por|door|text|texte|autor|autorin|author|auteur|written by)\s*:?\s+"
    r"(?P<names>" + _NAME + r"(?:\s+(?:and|und|et|y)\s+" + _NAME + r")?)"
    r"\s*(?:[|,•·–-].*|\s+(?:illustrations?|fotos?|photos?|bilder)\b.*|\s+(?:am|on|le|el|il|em)\s+\d.*)?$", re.I | re.U)
BYLINE_TAGS = ("p", "span", "div", "a", "address", "strong", "em", "b", "li", "small")


# A labelled field naming the author: "<dt>Autor</dt><dd>Anna Muster</dd>", a table row likewise.
AUTHOR_LABEL = re.compile(r"^(?:autor|autorin|author|auteur|autore|autora|written by|text|texte)\s*:?$", re.I)
LABELLED_XPATH = "//dt/following-sibling::dd[1] | //th/following-sibling::td[1]"


def _bylines(tree) -> tuple[list[str], str | None]:
    """Marked-up bylines, or else (names, the line they were printed in) from the first byline-like line."""
    texts = []
    nodes = [n for n in tree.xpath(BYLINE_XPATH)
             if n.tag not in ("meta", "link", "script", "style") and not n.xpath(f"{IN_ASIDE} or {IN_CREDIT}")]
    for node in _first_block(nodes)[:5]:
        text = " ".join(" ".join(node.itertext()).split())  # "<span>By</span><a>Jane Doe</a>" keeps its space
        if text and len(text.split()) <= MAX_BYLINE_WORDS:
            texts.append(text)
    if not texts:
        body = tree.find("body")
        for node in body.iter(*BYLINE_TAGS) if body is not None else ():
            text = " ".join(node.text_content().split())
            if len(text) < MAX_BYLINE_CHARS and (match := BYLINE_TEXT.match(text)) and _capitalised(match["names"]) \
                    and not node.xpath(IN_ASIDE):
                return [match["names"]], text
        for value in tree.xpath(LABELLED_XPATH):
            label = value.getprevious()
            text = " ".join(value.text_content().split())
            if AUTHOR_LABEL.match(" ".join(label.text_content().split())) and re.fullmatch(_NAME, text) \
                    and _capitalised(text) and not value.xpath(IN_ASIDE):
                return [text], text
    return list(dict.fromkeys(texts)), None


def _shown_text(tree) -> str:
    """The body's text without scripts and without comment and teaser blocks, in one pass."""
    body = tree.find("body")
    if body is None:
        return ""
    hidden = set(body.xpath(f".//*[({_ASIDE_TEST}) and not(.//h1)]"))
    parts = []
    for node in body.iter():
        parent = node.getparent()
        if parent in hidden or not isinstance(node.tag, str) or node.tag in HIDDEN_TAGS:
            hidden.add(node)  # a comment node or a hidden element: its own text is not shown
        elif node.text:
            parts.append(node.text)
        if node.tail and node is not body and parent not in hidden:
            parts.append(node.tail)
    return " ".join(" ".join(parts).split())


def _first_block(nodes: list) -> list:
    """The byline elements around the first one: a listing page repeats a byline in every post it lists."""
    block = nodes[0].getparent().getparent() if nodes and nodes[0].getparent() is not None else None
    if block is None:
        return nodes
    return [n for n in nodes if any(a is block for a in n.iterancestors())]


def _capitalised(names: str) -> bool:
    # Person names are capitalised word by word; the case-insensitive match above must not hide that.
    return all(w[0].isupper() for w in names.split() if w.lower() not in PARTICLES)


PARTICLES = ("and", "und", "et", "y", "de", "la", "del", "da", "di", "du", "van", "von", "der", "den", "le", "ter")


def _jsonld_objects(tree):
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            try:  # pages often put raw newlines or a trailing semicolon in their JSON-LD
                data = json.loads(re.sub(r"[\r\n\t]+", " ", text).rstrip(";"))
            except ValueError:
                continue
        yield from _flatten(data)


def _flatten(data):
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        yield data
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield from _flatten(main)


def _types(obj: dict) -> list[str]:
    value = obj.get("@type") or []
    return [str(t) for t in (value if isinstance(value, list) else [value])]


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None
