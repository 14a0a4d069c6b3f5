"""Plain-text page dumps: navigation lines, a title glued to an image caption, byline, date lines,
the article's paragraphs and trailing boilerplate, turned into a normalised record."""
from __future__ import annotations

import re

from api.loader.bylines import split_byline
from api.loader.dates import dropped, has_time, read_date
from api.loader.images import split_credit

NAVIGATION = re.compile(
    r"^(skip to (main )?content|menu|search|home|sign in|log ?in|subscribe|share( this( article)?)?|"
    r"advertisement|close|print|email|facebook|twitter|x|whatsapp|linkedin|copy link)$",
    re.I,
)
BYLINE = re.compile(r"^(by|par|von|por|di)\s+(?P<names>.+)$", re.I)
UPDATED = re.compile(r"^(last\s+)?(updated|modified)( on)?\s*:?\s*(?P<date>.+)$", re.I)
PUBLISHED = re.compile(r"^(published|posted)( on)?\s*:?\s*(?P<date>.+)$", re.I)
# Lines that end an article in a dump; everything from the first of them on is dropped.
TRAILER = re.compile(
    r"^(related( articles| stories)?|read more|more from|tags?:|topics:|copyright|©|all rights reserved|"
    r"share this|follow us|sign up|newsletter|comments?)\b",
    re.I,
)
MAX_DATE_LINE = 60


def extract_text(text: str) -> dict:
    """Extract title, byline, dates, image caption and body paragraphs from a plain-text dump."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    content = [(i, line) for i, line in enumerate(lines) if line and not NAVIGATION.match(line)]
    fields: dict = {"authors": [], "images": [], "provenance": {}}
    warnings: list[str] = []  # dates given in a form no reader can use: dropped, and said so
    if not content:
        fields["body"] = ""
        return fields

    title = _find_title(content)
    fields["title"] = title
    fields["provenance"]["title"] = "text-rule"
    header_end = -1
    for i, line in content:
        if i > 40 and header_end >= 0:
            break
        if line == title:
            header_end = max(header_end, i)
        elif title and line.startswith(title + " ") and not fields["images"]:
            caption, credit = split_credit(line[len(title):].strip())
            fields["images"].append({"url": None, "caption": caption, "credit": credit})
            fields["provenance"]["images"] = "text-rule"
            header_end = i
        elif (m := BYLINE.match(line)) and not fields["authors"] and len(line) < 120:
            fields["authors"] = split_byline(m.group("names"))
            fields["provenance"]["authors"] = "text-rule"
            header_end = i
        elif (m := PUBLISHED.match(line)) and any(dated := read_date(m.group("date"))):
            if dated[0]:
                fields.setdefault("published_at", dated[0])
            else:
                warnings.append(_dropped("published_at", line, dated[1]))
            header_end = i
        elif len(line) <= MAX_DATE_LINE and "published_at" not in fields and any(dated := read_date(line)):
            # An unusable date is a date line only with a time: a bare "1850" may be a line of the text.
            if dated[0]:
                fields["published_at"] = dated[0]
                fields["provenance"]["published_at"] = "text-rule"
                header_end = i
            elif has_time(line):
                warnings.append(_dropped("published_at", line, dated[1]))
                header_end = i

    body: list[str] = []
    for i, line in content:
        if i <= header_end:
            continue
        if (m := UPDATED.match(line)) and any(dated := read_date(m.group("date"))):
            if dated[0]:
                fields["updated_at"] = dated[0]
                fields["provenance"]["updated_at"] = "text-rule"
            else:
                warnings.append(_dropped("updated_at", line, dated[1]))
            continue
        if TRAILER.match(line):
            break
        body.append(line)
    fields["body"] = "\n\n".join(body)
    fields["provenance"]["body"] = "text-rule"
    if warnings:
        fields["warnings"] = warnings
    return fields


def _dropped(name: str, line: str, reason: str) -> str:
    """The warning for a date line of the field `name` that no reader can use."""
    return dropped(name, "the date line", line, reason)


def _find_title(content: list[tuple[int, str]]) -> str | None:
    """The first line that is repeated (alone or glued to a caption) near the top, else the first line."""
    head = [line for _, line in content[:15]]
    for n, line in enumerate(head):
        if len(line.split()) < 3:
            continue
        if any(other == line or other.startswith(line + " ") for other in head[n + 1:]):
            return line
    return head[0]
