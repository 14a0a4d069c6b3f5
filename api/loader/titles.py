"""Titles without the site's name, section names or dates around them.

Pages name themselves in several places: the <title> (usually with " | Site" or "Site - " around it),
og:title, the JSON-LD headline and the article's own h1. The h1 is what readers see as the headline,
so it wins when it agrees with what the page's metadata calls its title.
"""
from __future__ import annotations

import html
import re

from api.loader.metadata import PageMeta

# Separators between a headline and the site's name: "Title | Site", "Site - Title", "Title » Site".
SEPARATOR = re.compile(r"\s+[|\-–—•⋆»·:/]{1,2}\s+|\s*[|•⋆·]\s*|\s*::\s*")
DATE_PART = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s*$")
# Section words a CMS puts around titles: "Blog Archive » Title", "Startseite - Title".
GENERIC_PART = re.compile(r"^\s*(blog ?archiv(e)?|archiv(e|es)?|home|homepage|startseite|accueil|inicio|news|"
                          r"nachrichten|aktuelles|actualités|noticias|blog)\s*$", re.I)
# An issue number or date in brackets after a title: "Title (2021/5)".
ISSUE_SUFFIX = re.compile(r"\s*\(\s*\d[\d\s./-]*\)\s*$")
MIN_H1_WORDS = 2
MIN_EXTENDED = 5  # letters of a metadata title a one-word h1 may extend
MAX_SITE_WORDS = 6


def fold(text: str | None) -> str:
    """Letters and digits only, lower-cased: 'STERN.de' -> 'sternde'."""
    return re.sub(r"[\W_]+", "", (text or "").lower())


def site_keys(site_names: list[str], domain: str | None) -> list[str]:
    """Folded forms a site's name takes in a title: its declared names and its domain's labels."""
    keys = [fold(n) for n in site_names]
    if domain:
        labels = domain.split(".")
        keys.append(fold(domain))
        keys.extend(fold(label) for label in labels[:-1] if len(label) >= 4 and label not in ("www", "blog", "news"))
    return [k for k in dict.fromkeys(keys) if len(k) >= 3]


def is_site_name(part: str, keys: list[str]) -> bool:
    """Whether a title part names the site: 'STERN.de', 'Rezept von Backen.de', 'Teufel Blog'."""
    folded = fold(part)
    if not folded or len(part.split()) > MAX_SITE_WORDS:
        return False
    # The part is the name, the name with a little around it ("Rezept von Backen.de"), or a short form.
    return any(folded == k or (k in folded and len(folded) <= len(k) + 12) or (len(folded) >= 4 and folded in k)
               for k in keys)


def strip_site(title: str, keys: list[str]) -> str:
    """Remove site-name and date parts from either end of a title."""
    title = " ".join(title.split())
    for _ in range(3):
        parts = SEPARATOR.split(title)
        seps = SEPARATOR.findall(title)
        if len(parts) < 2:
            break
        if is_site_name(parts[-1], keys) or DATE_PART.match(parts[-1]) or GENERIC_PART.match(parts[-1]):
            title = title[: len(title) - len(parts[-1]) - len(seps[-1])]
        elif is_site_name(parts[0], keys) or DATE_PART.match(parts[0]) or GENERIC_PART.match(parts[0]):
            title = title[len(parts[0]) + len(seps[0]):]
        else:
            break
    return ISSUE_SUFFIX.sub("", title).strip(" |-–—•⋆»·:")


def choose_title(page: PageMeta, domain: str | None, fallback: str | None = None) -> tuple[str | None, str]:
    """The article's headline and the method that gave it."""
    keys = site_keys(page.site_names, domain)
    candidates: list[tuple[str, str]] = []
    for obj in page.jsonld:
        if isinstance(obj.get("headline"), str):
            # JSON-LD is often written from the HTML source, entities and all: "&quot;El 90%&quot;".
            candidates.append((html.unescape(obj["headline"]), "json-ld"))
    for name, method in (("og:title", "opengraph"), ("twitter:title", "meta")):
        candidates.extend((value, method) for value in page.meta.get(name, []))
    if page.title_tag:
        candidates.append((page.title_tag, "meta"))
    if fallback:
        candidates.append((fallback, "trafilatura"))
    cleaned = [(strip_site(text, keys), method) for text, method in candidates]
    # A section word left alone ("blog" from "blog | Site") names the page's section, not the article.
    cleaned = [(text, method) for text, method in cleaned
               if len(fold(text)) >= 3 and not is_site_name(text, keys) and not GENERIC_PART.match(text)]
    folded = [fold(text) for text, _ in cleaned] + [fold(text) for text, _ in candidates]
    headings = [strip_site(h1, keys) for h1 in page.h1[:5]]
    headings = [h for h in headings if (len(h.split()) >= MIN_H1_WORDS or _extends(h, cleaned))
                and not is_site_name(h, keys)]
    # The visible headline when the metadata's title is exactly it, else when it is part of that title
    # (a blog's h1 may be the blog's name, which is also part of its <title>: exact matches go first).
    for h1 in headings:
        if fold(h1) in folded:
            return h1, "html-h1"
    for h1 in headings:
        key = fold(h1)
        if len(key) >= 12 and any(key in other for other in folded):
            return h1, "html-h1"
    # A page with a single h1 that is not the site's name: that heading is the article's.
    if len(page.h1) == 1 and headings:
        # An h1 holding the metadata's title plus a kicker or a date ("Local News | Title"): the title.
        heading = headings[0]
        for text, method in cleaned:
            at = heading.lower().find(text.lower())
            tail = heading[at + len(text):].strip() if at >= 0 else ""
            # "Title: subtitle" is still one headline; "Kicker | Title" or "Title 02.02.2022 • Section" is not.
            if len(fold(text)) >= 12 and at >= 0 and not tail.startswith((":", "!", "?", ",")):
                return text, method
        return heading, "html-h1"
    if cleaned:
        return cleaned[0]
    # Every candidate looked like the site's name (pages misuse og:site_name): keep the first as given.
    for text, method in candidates:
        if text.strip():
            return " ".join(text.split()), method
    return None, "none"


def _extends(word: str, cleaned: list[tuple[str, str]]) -> bool:
    """Whether a one-word heading holds the metadata's title: 'Chorgeschichte' for 'Geschichte - Site'."""
    key = fold(word)
    # The page's own metadata only: an extractor's title is often the h1 itself.
    return any(len(fold(text)) >= MIN_EXTENDED and fold(text) in key and fold(text) != key
               for text, method in cleaned if method != "trafilatura")
