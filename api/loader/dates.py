"""Dates as the page gives them: ISO 8601, with an offset only when the page states one."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from dateutil import parser as dateutil_parser
from dateutil.tz import UTC as TZ_UTC
from dateutil.tz import tzoffset

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
# ISO 8601 as most records give it: a date, or a date and time to the minute or second with an optional
# 'Z' or +hh:mm offset (no fractions, no other forms: those go through dateutil).
_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?\Z")
_HAS_YEAR = re.compile(r"\b(1[89]|2\d)\d\d\b")
# Zone abbreviations pages print ("10:42 CET") that name one offset only; ambiguous ones (IST, CST, BST,
# AST) stay unread, so their times stay naive rather than get a guessed offset.
_ZONE_HOURS = {"CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "WET": 0, "WEST": 1, "EET": 2, "EEST": 3, "MSK": 3,
               "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
               "AKDT": -8, "HST": -10, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AWST": 8, "ACST": 9.5,
               "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13}
# Pages mean "UTC+2" as two hours ahead; dateutil reads it POSIX-style, as two hours behind.
_UTC_PLUS = re.compile(r"\s*\b(?:UTC|GMT)(?=\s*[+-]\d)")
ZONES = {name: tzoffset(name, int(hours * 3600)) for name, hours in _ZONE_HOURS.items()}


def _zone(name: str | None, offset: int | None):
    """dateutil's zone for a parsed name or offset: a known abbreviation, a stated offset ("+02:00",
    "Z", "GMT"), else None (naive). The machine's own zone never fills in for a name it shares."""
    if name in ZONES:
        return ZONES[name]
    if offset is not None:
        return TZ_UTC if offset == 0 else tzoffset(None, offset)
    return None


MIN_YEAR, MAX_YEAR = 1900, 2100  # a year outside is a typo or a placeholder ("0001-01-01"), never a news date


def to_iso(value: str | datetime | date | None) -> str | None:
    """Parse a date or datetime and return it as ISO 8601; None when it is not a date.

    A value without a time stays a date, and one without a zone stays naive: nothing is invented.
    """
    return read_date(value)[0]


def read_date(value: str | datetime | date | None) -> tuple[str | None, str | None]:
    """`to_iso`, and why a value that names a date cannot be used: (ISO, None), (None, reason) for a
    date out of range or with an impossible offset or day, (None, None) for anything else."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return _format(value), None
    if isinstance(value, date):
        return value.isoformat(), None
    text = str(value).strip()
    if _PLAIN_ISO.match(text):
        # What feeds and extract's output mostly give: read directly, the same result as dateutil's.
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            pass  # not a real date ('2023-02-30') or offset ('+25:00'): dateutil decides, as for any other text
        else:
            if problem := unusable(parsed):
                return None, problem
            return (parsed.date().isoformat() if len(text) == 10 else _format(parsed)), None
        iso, problem = _read_dateutil(text)
        # ISO's shape names a date even where no reader makes one of it ('2023-13-01', '10:61').
        return iso, problem if iso or problem else "not a valid ISO 8601 date or time"
    return _read_dateutil(text)


def unusable(parsed: datetime) -> str | None:
    """Why a parsed date cannot be stored (a year out of range, an offset beyond a day), or None."""
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return f"year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}"
    try:
        parsed.utcoffset()  # datetime checks the zone's offset only when it is asked for it
    except ValueError:
        offset = parsed.tzinfo.utcoffset(None)
        sign, minutes = ("-" if offset < timedelta(0) else "+"), int(abs(offset).total_seconds()) // 60
        return f"UTC offset {sign}{minutes // 60:02d}:{minutes % 60:02d} is out of range (under 24 hours)"
    return None


def has_time(text: str) -> bool:
    """Whether a text gives a time of day ("10:42", "T10")."""
    return bool(_HAS_TIME.search(text))


def stated_date(name: str, key: str, value: str | None) -> tuple[str | None, str | None]:
    """A date an input states for the field `name` under `key`: (ISO, None), or (None, the warning
    that says the value was dropped and why) when it is given but is no usable date."""
    iso, problem = read_date(value)
    if iso is None and value:
        return None, dropped(name, key, value, problem or "not a date")
    return iso, None


def declared_date(name: str, key: str, value: str | None, warnings: list[str]) -> str | None:
    """A date a page declares for the field `name` under `key`, or None; a value that names a date that
    cannot be used adds its warning to `warnings` (one that is no date at all is common in pages and is
    not reported)."""
    iso, problem = read_date(value)
    if problem:
        warnings.append(dropped(name, key, value, problem))
    return iso


def dropped(name: str, key: str, value: str, reason: str) -> str:
    """The warning for a date given for the field `name` under `key` (where the input states it) that
    was dropped, and why: one wording for records, pages and text dumps."""
    return f"{name}: dropped {key} {value!r}: {reason}"


def _read_dateutil(text: str) -> tuple[str | None, str | None]:
    if not _HAS_YEAR.search(text) or len(text) > 80:
        return None, None
    try:
        parsed = dateutil_parser.parse(_UTC_PLUS.sub(" ", text), fuzzy=False, tzinfos=_zone)
    except (ValueError, OverflowError, TypeError):
        return None, None
    if problem := unusable(parsed):
        return None, problem
    if not _HAS_TIME.search(text):
        return parsed.date().isoformat(), None
    return _format(parsed), None


def _format(value: datetime) -> str:
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "seconds"
    return value.isoformat(timespec=spec)


def to_utc(iso: str | None) -> datetime | None:
    """The naive-UTC datetime used for sorting and range filters (a naive value is read as UTC)."""
    if not iso:
        return None
    try:
        parsed = datetime.fromisoformat(iso)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # not ISO, or an instant that is no day in UTC ('0001-01-01T00:00+01:00')
        return None
    return parsed


PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                  "publish-date", "dc.date.issued", "dcterms.created", "dc.date", "sailthru.date",
                  "parsely-pub-date", "date", "article.published", "published_time")
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                "last-modified", "lastmod")


def choose_dates(page) -> tuple[tuple[str | None, str], tuple[str | None, str], list[str]]:
    """(published, method) and (updated, method) from JSON-LD first, then the meta tags; and a warning
    for each date the page declares in a form that cannot be used (the next source is read instead)."""
    published = updated = (None, "none")
    warnings: list[str] = []
    for obj in page.jsonld:
        if published[0] is None and (iso := declared_date(
                "published_at", "JSON-LD datePublished",
                _text(obj.get("datePublished") or obj.get("dateCreated")), warnings)):
            published = (iso, "json-ld")
        if updated[0] is None and (iso := declared_date(
                "updated_at", "JSON-LD dateModified", _text(obj.get("dateModified")), warnings)):
            updated = (iso, "json-ld")
    if published[0] is None:
        for key in PUBLISHED_META:
            if iso := declared_date("published_at", f"meta {key}", page.first(key), warnings):
                published = (iso, "meta")
                break
    if updated[0] is None:
        for key in UPDATED_META:
            if iso := declared_date("updated_at", f"meta {key}", page.first(key), warnings):
                updated = (iso, "meta")
                break
    return published, updated, warnings


def _text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_])")


def url_date(url: str | None) -> str | None:
    """The day a URL's path names, as in /2020/02/17/slug, or None."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def one_day_apart(day: str, iso: str) -> bool:
    """Whether an ISO date or datetime falls on the day before or after `day`."""
    try:
        return abs((date.fromisoformat(iso[:10]) - date.fromisoformat(day)).days) == 1
    except ValueError:
        return False


# Dates as pages print them: "2023-11-07", "07.11.2023", "7. November 2023", "Nov 7, 2023", "7 Nov 2023".
_MONTHS = {name: n for n, names in enumerate((
    "jan january januar janvier enero gennaio", "feb february februar février fevrier febrero febbraio",
    "mar march märz maerz mars marzo", "apr april avril abril aprile", "may mai mayo maggio",
    "jun june juni juin junio giugno", "jul july juli juillet julio luglio",
    "aug august août aout agosto", "sep sept september septembre septiembre settembre",
    "oct october oktober octobre octubre ottobre", "nov november novembre noviembre",
    "dec december dezember décembre decembre diciembre dicembre"), start=1) for name in names.split()}
_MONTH = r"(?P<mon>[a-zäéû]{3,9})\.?"
PRINTED_DATE = re.compile(
    r"\b(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)\b"
    r"|\b(?P<d2>[0-3]?\d)\.\s?(?P<m2>[01]?\d)\.\s?(?P<y2>(?:19|20)\d\d)(?!\d)"
    r"|\b(?P<d3>[0-3]?\d)\.?\s+" + _MONTH + r"\s+(?P<y3>(?:19|20)\d\d)(?!\d)"
    r"|\b" + _MONTH.replace("mon", "mon4") + r"\s+(?P<d4>[0-3]?\d),?\s+(?P<y4>(?:19|20)\d\d)(?!\d)", re.I)
# A line that labels its date as the publication's: "Veröffentlicht am 16.08.2019", "Written: 2023-11-07".
PUBLISHED_LABEL = re.compile(r"\b(veröffentlicht|publiziert|erschienen|published|posted|written|publié|"
                             r"publicado|pubblicato)\b(?:\s+(?:am|on|le|el|il|:))?\s*:?\s*$", re.I)
LABEL_WORD = re.compile(r"\b(veröffentlicht|publiziert|erschienen|published|posted|written|publié|publicado|"
                        r"pubblicato)\b", re.I)
UPDATED_LABEL = re.compile(r"\b(aktualisiert|updated?|modified|geändert|mis à jour|actualizado|aggiornato)\b"
                           r"(?:\s+(?:am|on|le|el|il|:))?\s*:?\s*$", re.I)
HEADLINE_BLOCK_CHARS = 400  # the text around a headline: kicker, h1, byline and date line
AFTER_HEADLINE_CHARS = 120  # a byline and a date line, not yet the article's first sentences
DATE_LINE_CHARS = 60  # "1. Februar 2022, Jane Doe" is a date line; a sentence naming a day is not
LABEL_WINDOW = 40
MAX_DATE_CHARS = 30
MAX_HEADINGS = 3  # a logo or site title may be the page's first h1


def printed_date(text: str, labelled: bool = False) -> str | None:
    """The first date printed in a text, as an ISO day; with `labelled`, only one a publication label
    ("Veröffentlicht am", "Published") stands right before."""
    if labelled:
        # Labels are rarer than dates: find them first, then a date right after each.
        for label in LABEL_WORD.finditer(text):
            for match in PRINTED_DATE.finditer(text, label.end(), label.end() + LABEL_WINDOW + MAX_DATE_CHARS):
                if PUBLISHED_LABEL.search(text[label.start():match.start()]) and (day := _day(match)):
                    return day
                break
        return None
    for match in PRINTED_DATE.finditer(text):
        if not UPDATED_LABEL.search(text[max(0, match.start() - LABEL_WINDOW):match.start()]) and (day := _day(match)):
            return day
    return None


def _day(match: re.Match) -> str | None:
    year = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    day = match["d1"] or match["d2"] or match["d3"] or match["d4"]
    month = match["m1"] or match["m2"]
    if month is None:
        month = _MONTHS.get((match["mon"] or match["mon4"] or "").lower())
    try:
        return date(int(year), int(month), int(day)).isoformat() if month else None
    except ValueError:
        return None


def headline_date(tree) -> str | None:
    """The date printed with the article's headline: in the block around the first h1, or after a
    publication label anywhere in the page's text."""
    body = tree.find("body") if tree is not None else None
    if body is None:
        return None
    for heading in list(body.iter("h1"))[:MAX_HEADINGS]:
        block, parent = heading, heading.getparent()
        # The largest ancestor that is still only the headline's block, not the whole page.
        while (parent is not None and len(parent.text_content()) <= HEADLINE_BLOCK_CHARS
               and sum(1 for _ in parent.iter("h1")) == 1):
            block, parent = parent, parent.getparent()
        # The headline's own words are left out: a date in a title names the story's subject.
        if block is not heading and (day := printed_date(_words(block).replace(_words(heading), " ", 1))):
            return day
    if (heading := body.find(".//h1")) is not None and (day := date_line_after(heading)):
        return day
    return printed_date(_words(body), labelled=True)


def date_line_after(heading) -> str | None:
    """The day on a short date line right after the headline ("1. Februar 2022, Jane Doe"), found even
    where the headline's container holds the whole article. Dates in longer text are the story's own
    subject, and two different days (published and updated, or a teaser) leave the choice to others."""
    days, label = set(), ""
    for chunk in _texts_after(heading, AFTER_HEADLINE_CHARS):
        # "<span>Updated:</span> <span>5 March 2021</span>": the label is the element before the date.
        if len(chunk) <= DATE_LINE_CHARS and not UPDATED_LABEL.search(label) and (day := printed_date(chunk)):
            days.add(day)
        label = chunk
    return days.pop() if len(days) == 1 else None


def _texts_after(node, limit: int) -> list[str]:
    """The text nodes that follow a node in document order, up to `limit` characters or the next
    heading, where another story or section begins (scripts left out)."""
    texts: list[str] = []
    size = 0
    for text in _following_texts(node):
        if text is _HEADING:
            break
        if text := " ".join(text.split()):
            texts.append(text)
            size += len(text)
            if size >= limit:
                break
    return texts


_HEADING = object()
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOT_TEXT = ("script", "style", "noscript", "template")


def _following_texts(node):
    current = node
    while current is not None:
        yield current.tail or ""
        for sibling in current.itersiblings():
            yield from _subtree_texts(sibling)
            yield sibling.tail or ""
        current = current.getparent()


def _subtree_texts(node):
    if not isinstance(node.tag, str) or node.tag in _NOT_TEXT:
        return
    if node.tag in _HEADINGS:
        yield _HEADING
        return
    yield node.text or ""
    for child in node:
        yield from _subtree_texts(child)
        yield child.tail or ""


def prints_day(tree, day: str) -> bool:
    """Whether the page's text prints this ISO day in one of the formats PRINTED_DATE reads."""
    body = tree.find("body") if tree is not None else None
    return body is not None and any(_day(m) == day for m in PRINTED_DATE.finditer(_words(body)))


def _words(node) -> str:
    # Element by element: "15. April 2016</time><time>4. März 2017" must not run together.
    return " ".join(" ".join(node.itertext()).split())


def time_element_date(tree) -> tuple[str | None, list[str]]:
    """The first machine-readable <time datetime> in the page's body: on pages without date metadata
    it is the article's own stamp more often than the dates htmldate's search weighs. And a warning for
    each one before it whose value names a date that cannot be used (as for metadata, a value that is
    no date at all is not reported)."""
    warnings: list[str] = []
    body = tree.find("body") if tree is not None else None
    for node in body.iter("time") if body is not None else ():
        if iso := declared_date("published_at", "<time datetime>", node.get("datetime"), warnings):
            return iso, warnings
    return None, warnings
