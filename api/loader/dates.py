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
