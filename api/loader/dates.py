"""Dates as the page gives them: ISO 8601, with an offset only when the page states one."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime

from dateutil import parser as dateutil_parser

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
_HAS_YEAR = re.compile(r"\b(1[89]|2\d)\d\d\b")


def to_iso(value: str | datetime | date | None) -> str | None:
    """Parse a date or datetime and return it as ISO 8601; None when it is not a date.

    A value without a time stays a date, and one without a zone stays naive: nothing is invented.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _format(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not _HAS_YEAR.search(text) or len(text) > 80:
        return None
    try:
        parsed = dateutil_parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not (1900 <= parsed.year <= 2100):
        return None
    if not _HAS_TIME.search(text):
        return parsed.date().isoformat()
    return _format(parsed)


def _format(value: datetime) -> str:
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "seconds"
    return value.isoformat(timespec=spec)


def to_utc(iso: str | None) -> datetime | None:
    """The naive-UTC datetime used for sorting and range filters (a naive value is read as UTC)."""
    if not iso:
        return None
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                  "publish-date", "dc.date.issued", "dcterms.created", "dc.date", "sailthru.date",
                  "parsely-pub-date", "date", "article.published", "published_time")
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                "last-modified", "lastmod")


def choose_dates(page) -> tuple[tuple[str | None, str], tuple[str | None, str]]:
    """(published, method) and (updated, method) from JSON-LD first, then the meta tags."""
    published = updated = (None, "none")
    for obj in page.jsonld:
        if published[0] is None and (iso := to_iso(_text(obj.get("datePublished") or obj.get("dateCreated")))):
            published = (iso, "json-ld")
        if updated[0] is None and (iso := to_iso(_text(obj.get("dateModified")))):
            updated = (iso, "json-ld")
    if published[0] is None:
        for key in PUBLISHED_META:
            if iso := to_iso(page.first(key)):
                published = (iso, "meta")
                break
    if updated[0] is None:
        for key in UPDATED_META:
            if iso := to_iso(page.first(key)):
                updated = (iso, "meta")
                break
    return published, updated


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
