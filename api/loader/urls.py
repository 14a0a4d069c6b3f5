"""URLs: the canonical form an article is stored and looked up under, and the site's domain."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ito|ns_\w+)$", re.I)


def canonical_url(url: str | None) -> str | None:
    """The URL with a lower-case host, no fragment and no tracking parameters (others unchanged)."""
    if not url or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return url
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=")[0]))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def url_variants(url: str) -> list[str]:
    """The forms a user-given URL may be stored under: as given and canonical."""
    return list(dict.fromkeys(u for u in (url.strip(), canonical_url(url)) if u))


_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.+)$", re.I)


def domain_of(url: str | None) -> str | None:
    """The host of an http(s) URL without a leading www; for an archived copy
    (web.archive.org/web/<time>/<url>), the host of the page archived."""
    if url and (archived := _ARCHIVED.match(url)):
        url = archived.group(1)
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None
