"""Bylines into lists of person names: prefixes stripped, names split, organisations and the site dropped."""
from __future__ import annotations

import html
import re
import unicodedata

from api.loader.entitytypes import first_names
from api.loader.metadata import PageMeta
from api.loader.titles import fold, is_site_name, site_keys

PREFIX = re.compile(r"^\s*(by|par|von|por|di|de|door|av|text|texte|interview|autor|author|auteur|written by)"
                    r"\s*:?\s+", re.I)
SEPARATOR = re.compile(r"\s*(?:,|;|&|\||/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bor\b)\s*", re.I)
# Degrees and roles after a name: "Grant Tinsley, PhD", "Jane Doe, Staff Writer".
SUFFIX = re.compile(r"^(ph\.?d\.?|m\.?d\.?|m\.?sc\.?|b\.?sc\.?|jr\.?|sr\.?|mba|rd|staff( writer)?|"
                    r"(senior |chief )?(editor|correspondent|reporter|writer)s?)$", re.I)
TRAILING_ROLE = re.compile(r"\s+(for|für|pour)\s+(the\s+)?[A-Z].*$|\s+\b(staff|redaktion)\b.*$", re.I)
# Words that make a byline an organisation, a desk or a place rather than a person.
ORGANISATION = re.compile(
    r"\b(gmbh|ag|e\.\s?v|inc|ltd|llc|s\.?a|corp|verlag|verband|redaktion|editorial|team|staff|newsroom|desk|"
    r"agency|agentur|press|presse|media|médias?|news|online|magazin|magazine|zeitung|journal|tv|radio|"
    r"blog|group|gruppe|abteilung|department|stiftung|foundation|verein|association|polizei|police|feuerwehr|"
    r"ministry|ministerium|university|universität|institut|admin|wordpressadmin|"
    r"webmaster|anonymous|unknown)\b",
    re.I,
)
ROLE_ONLY = re.compile(r"^(text|fotos?|photos?|bilder|video|interview|autor|author|shares?|follow)$", re.I)
MAX_NAME_WORDS = 5
# An e-mail address, also written out against harvesters: "jane[at]example.org", "jane (at) example.org".
EMAIL = re.compile(r"@|[\[(]\s*at\s*[\])]", re.I)
# A byline line often runs on into its date: "Jane Doe Thursday, November 9, 2023 4:41AM".
DATE_TAIL = re.compile(r"(?:^|\s+)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|"
                       r"freitag|samstag|sonntag|updated|published|aktualisiert|veröffentlicht|"
                       r"\d{1,2}[./]\d{1,2}[./]\d{2,4})\b.*$", re.I)
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")


def split_byline(byline: str) -> list[str]:
    """'By Jane Doe and John Roe' -> ['Jane Doe', 'John Roe'] (no filtering of organisations)."""
    # A link's address printed next to the name would otherwise split into words at its slashes.
    text = PREFIX.sub("", " ".join(URL.sub(" ", byline).split()))
    text = DATE_TAIL.sub("", text)
    names = []
    for part in SEPARATOR.split(text):
        name = PREFIX.sub("", part).strip(" .:-")
        if name and any(c.isalpha() for c in name) and not SUFFIX.match(name):
            names.append(name)
    return names


def person_names(names: list[str], keys: list[str]) -> list[str]:
    """Keep the names that can be people: not the site, not an organisation, not a role word."""
    kept: list[str] = []
    for raw in names:
        name = TRAILING_ROLE.sub("", raw).strip(" .,")
        if not name or ROLE_ONLY.match(name) or EMAIL.search(name) or "://" in name or name.startswith("www."):
            continue
        if name != raw.strip(" .,") and len(name.split()) == 1 and DESK.search(raw):
            continue  # "Hafenblatt Redaktion": a desk named after its paper, not a person called Hafenblatt
        if ORGANISATION.search(name) or len(name.split()) > MAX_NAME_WORDS:
            continue
        if is_site_name(name, keys) and not (fold(name) in keys and _owner_name(name)):
            continue
        if name.isupper() and len(name) <= 5 and "." not in name:  # agency codes ("AFP", "DPA"), not "R. R."
            continue
        if fold(name) not in (fold(k) for k in kept):
            kept.append(name)
    return kept


def choose_authors(page: PageMeta, fallback: str | None, domain: str | None,
                   text: str | None = None) -> tuple[list[str], str]:
    """The page's authors as person names, and the method that gave them (`text`: the article's text)."""
    keys = site_keys(page.site_names + page.organisations, domain)
    shown = _shown_in(page, domain)
    for obj in page.jsonld:
        people = [_author_name(a) for a in _as_list(obj.get("author") or obj.get("creator"))]
        names = shown(person_names([n for group in people if group for n in split_byline(group)], keys))
        if names:
            return names, "json-ld"
    for key in ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author"):
        values = [v for v in page.meta.get(key, []) if "://" not in v]
        names = shown(person_names([n for v in values if not _site_address(v, keys) for n in split_byline(v)], keys))
        if names:
            return names, "meta"
    visible = person_names([n for line in page.bylines for n in split_byline(line)], keys)
    if page.byline_line and text and _inside(page.byline_line, text):
        visible = []
    if fallback and not _site_address(fallback.replace(";", ","), keys):
        names = shown(person_names(split_byline(fallback.replace(";", ",")), keys))
        if names:
            return [_as_shown(name, visible) for name in names], "trafilatura"
    if visible:
        return visible, "html-byline"
    if desk := _desk_byline(page):
        return [desk], "desk-byline"
    return [], "none"


def _shown_in(page: PageMeta, domain: str | None):
    """A filter keeping the names a reader of the page sees: in its own text, or in its address.

    Metadata often names the CMS account that posted the page (an editor, an agency importer) where
    the page itself shows no byline, or shows someone else's; a reader's byline is the printed one.
    A personal site's address names its owner ("jane-doe.example" for Jane Doe).
    """
    if page.shown_text is None:
        return lambda names: names
    text = fold(page.shown_text)
    address = _ascii_fold(domain or "")
    return lambda names: [n for n in names if fold(n) in text or (len(fold(n)) >= 6 and _ascii_fold(n) in address)]


def _ascii_fold(text: str) -> str:
    # Addresses spell umlauts out ("guenter" for "Günter") and drop other accents.
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return fold("".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)))


# Forms of address that open a person's name: "Frau Muster", "Dr. Jane Doe".
HONORIFIC = ("frau", "herr", "mr", "mrs", "ms", "dr", "prof", "madame", "monsieur")
# A domain spelled out as words ("Example Com") is the site, whatever its first word.
TLD_WORD = ("com", "net", "org", "de", "ch", "at", "fr", "eu", "info", "io", "co", "uk")


def _owner_name(name: str) -> bool:
    """Whether a name that is also the site's is a person's: a personal site is named after its owner."""
    words = name.replace(".", " ").split()
    if not 2 <= len(words) <= 3 or not all(w[0].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    if words[-1].lower() in TLD_WORD:
        return False
    return words[0].lower() in first_names() or words[0].lower() in HONORIFIC


# Lines of an article's text where a printed byline may stand: under the headline or signing off.
LEAD_LINES = 3
TAIL_LINES = 2


def _inside(line: str, text: str) -> bool:
    """Whether a byline-like line stands inside the article's text: a book's "Autorin: ..." in a review, a
    credit in a list of works; the page's own byline comes before the text or signs it off."""
    lines = [" ".join(part.split()) for part in text.splitlines() if part.strip()]
    at = next((k for k, part in enumerate(lines) if line in part), None)
    return at is not None and LEAD_LINES <= at < len(lines) - TAIL_LINES


def _site_address(value: str, keys: list[str]) -> bool:
    # "Example News, Frankfurt, Germany": the site and where it is, not a list of people.
    parts = split_byline(value)
    return len(parts) > 1 and is_site_name(parts[0], keys)


def _as_shown(name: str, visible: list[str]) -> str:
    # Extractors flatten initials ("T V Raman"); the page's own byline spells them as the reader sees them.
    return next((shown for shown in visible if fold(shown) == fold(name)), name)


# A desk or staff byline: "Redaktion", "Example Staff Report", "The Newsroom". Not a person, but the
# page's own byline, kept as given when the page names no person.
DESK = re.compile(r"\b(redaktion|newsroom|news desk|desk|staff|rédaction|redacción|redazione)\b", re.I)
MAX_DESK_WORDS = 4


def _desk_byline(page: PageMeta) -> str | None:
    candidates = [_author_name(a) for obj in page.jsonld for a in _as_list(obj.get("author"))]
    candidates += page.meta.get("author", []) + page.bylines
    for raw in candidates:
        text = PREFIX.sub("", " ".join((raw or "").split()))
        text = re.sub(r"\s*https?://\S+", "", text).strip(" .,:")
        if text and DESK.search(text) and len(text.split()) <= MAX_DESK_WORDS and "@" not in text:
            return text
    return None


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _author_name(author) -> str | None:
    if isinstance(author, dict):
        if str(author.get("@type", "")).lower() in ("organization", "newsmediaorganization", "corporation"):
            return None
        author = author.get("name")
    return html.unescape(author) if isinstance(author, str) else None
