"""Web pages: trafilatura for the main text and metadata, with our own clean-up rules on top."""
from __future__ import annotations

import trafilatura

from api.loader.bylines import split_byline
from api.loader.dates import to_iso


def extract_html(html: str, url: str | None = None) -> dict:
    """Extract a normalised record's fields from a whole HTML page."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, favor_precision=False, deduplicate=False,
    )
    if doc is None:
        return {"body": "", "provenance": {}}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    fields: dict = {"provenance": {}}

    def take(name: str, value, method: str = "trafilatura") -> None:
        if value:
            fields[name] = value
            fields["provenance"][name] = method

    take("title", (data.get("title") or "").strip() or None)
    take("authors", split_byline(data["author"].replace(";", ",")) if data.get("author") else None)
    take("published_at", to_iso(data.get("date")))
    take("description", data.get("description"))
    take("language", data.get("language"))
    take("url", data.get("url") if (data.get("url") or "").startswith("http") else None)
    if data.get("sitename"):
        fields["source_name"] = data["sitename"]
    if data.get("image"):
        fields["images"] = [{"url": data["image"], "caption": None, "credit": None}]
    text = data.get("text") or ""
    take("body", "\n\n".join(p.strip() for p in text.split("\n") if p.strip()))
    fields.setdefault("body", "")
    return fields
