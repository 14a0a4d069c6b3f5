"""A web page's publication and update dates: which source wins when metadata, the text around the
headline, <time> elements, htmldate and the URL disagree."""
from __future__ import annotations

from htmldate import find_date

from api.loader.dates import (
    choose_dates,
    headline_date,
    one_day_apart,
    prints_day,
    time_element_date,
    to_iso,
    url_date,
)
from api.loader.metadata import PageMeta

Dated = tuple[str | None, str]  # (ISO value or None, how it was found)


def page_dates(tree, page: PageMeta, url: str | None, html: str = "") -> tuple[Dated, Dated, list[str]]:
    """(published, method) and (updated, method) for a parsed page, and a warning for each date it
    declares that cannot be used."""
    published, updated, warnings = choose_dates(page)
    # The date printed with the headline is the one readers see: it wins over htmldate's guess, and
    # over metadata naming another day (CMSs stamp re-publications and imports as new).
    shown = headline_date(tree)
    if shown and shown != (published[0] or "")[:10]:
        published = (shown, "text-rule")
    if published[0] is None:
        iso, dropped_times = time_element_date(tree)
        published = (iso, "html-time")
        warnings = [*warnings, *dropped_times]
    if published[0] is None:
        published = (_htmldate(tree, html, url), "htmldate")
    if (day := url_date(url)) and published[0] and one_day_apart(day, published[0]):
        # The URL names the publisher's local day; metadata a day off is usually a UTC timestamp.
        published = (day, "url")
    if published[0] is None:
        published = (None, "none")
    return published, updated, warnings


def _htmldate(tree, html: str, url: str | None) -> str | None:
    """htmldate's reading of the page: its reliable sources first, then its extensive search.

    htmldate fills a missing day with the 1st: a January 1st that only the extensive search finds is
    a bare year (a copyright line or an archive heading), and any other 1st is a month ("03.2015", an
    upload folder, an issue) unless the page states that very day. Neither is a publication day.
    """
    source = tree if tree is not None else html
    try:
        found = find_date(source, url=url, original_date=True, extensive_search=False)
        if not found:
            found = find_date(source, url=url, original_date=True, extensive_search=True)
            if found and found[4:] == "-01-01":
                found = None
    except Exception:  # noqa: BLE001 - htmldate can fail on odd pages; a missing date is the honest answer
        return None
    if found and found[7:] == "-01" and found not in html and not prints_day(tree, found):
        return None
    return to_iso(found)
