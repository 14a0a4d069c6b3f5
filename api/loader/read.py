"""Reading inputs: files, folders (recursively) and standard input, into raw records.

Every input becomes one or more `Item`s, each a record dict in the loader's JSON form
(`{"url", "html"}`, `{"url", "text"}` or schema.org keys) or the reason it could not be read.
"""
from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from api.loader.charset import decode_html
from api.loader.extracted import is_extracted

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt",)
KNOWN = HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES + TEXT_SUFFIXES


@dataclass
class Item:
    """One record to extract, or the reason its input could not be read. A JSON Lines record comes
    as its `line`, parsed by `parsed()` where it is extracted (a worker process, not the reader)."""

    origin: str
    record: dict | None = None
    error: str | None = None
    line: str | None = None

    def parsed(self) -> Item:
        """This item with its line read into a record (or the reason it cannot be)."""
        if self.line is None:
            return self
        try:
            record = json.loads(self.line)
        except ValueError as exc:
            return Item(self.origin, error=f"invalid JSON: {exc}")
        return _record_item(self.origin, record)

    def may_be_extracted(self) -> bool:
        """Whether the record may bring its own entities and quotes (`extracted.is_extracted`), judged
        from the line's text for a line not parsed yet: it only picks the worker pool, never the result."""
        if self.line is not None:
            return '"entities"' in self.line and '"quotes"' in self.line
        return is_extracted(self.record)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and the loadable files under folders named, in a stable order."""
    for name in paths:
        path = Path(name)
        if name == "-" or path.is_file():
            yield name
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _suffix(child) in KNOWN and not child.name.startswith("."):
                    yield str(child)
        else:
            yield name  # reported as missing by read_path


def count_pages(paths: Iterable[str]) -> int | None:
    """How many records the inputs hold when each is one page (HTML or text), else None.

    Standard input and JSON files hold any number of records, unknown until they are read.
    """
    names = list(expand(paths))
    if any(name == "-" or _suffix(Path(name)) not in HTML_SUFFIXES + TEXT_SUFFIXES for name in names):
        return None
    return len(names)


def read_paths(paths: Iterable[str]) -> Iterator[Item]:
    """Every item in the given files and folders."""
    for name in expand(paths):
        yield from read_path(name)


def read_path(name: str) -> Iterator[Item]:
    """The items of one file (or of standard input for '-')."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        if name.endswith(".gz") or raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except FileNotFoundError:
        yield Item(name, error="no such file")
        return
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Item(name, error=f"cannot read: {exc.__class__.__name__}: {exc}")
        return
    suffix = _suffix(Path(name)) if name != "-" else _sniff(raw)
    if suffix in JSONL_SUFFIXES:
        yield from _json_lines(name, raw)
    elif suffix in JSON_SUFFIXES:
        yield from _json_document(name, raw)
    elif suffix in HTML_SUFFIXES:
        yield Item(name, {"html": decode_html(raw)})
    elif suffix in TEXT_SUFFIXES:
        yield Item(name, {"text": _decode_text(raw)})
    else:
        yield Item(name, error=f"unknown file type {suffix or '(none)'}; expected {', '.join(KNOWN)}")


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _sniff(raw: bytes) -> str:
    head = raw.lstrip()[:1]
    if head == b"[":
        return ".json"
    if head == b"{":
        try:
            json.loads(raw)
            return ".json"
        except ValueError:
            return ".jsonl"
    if head == b"<":
        return ".html"
    return ".txt"


def _decode_text(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_html(raw)


def _json_lines(name: str, raw: bytes) -> Iterator[Item]:
    text = _decode_text(raw)
    # Only "\n" ends a record: str.splitlines() would also split on U+2028 and friends inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield Item(f"{name}:{number}", line=line)


def _json_document(name: str, raw: bytes) -> Iterator[Item]:
    try:
        data = json.loads(_decode_text(raw))
    except ValueError as exc:
        yield Item(name, error=f"invalid JSON: {exc}")
        return
    if isinstance(data, list):
        for index, record in enumerate(data):
            yield _record_item(f"{name}[{index}]", record)
    else:
        yield _record_item(name, data)


def _record_item(origin: str, record) -> Item:
    if not isinstance(record, dict):
        return Item(origin, error=f"a record must be a JSON object, got {type(record).__name__}")
    return Item(origin, record)
