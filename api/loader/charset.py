"""Decoding web pages whose charset may be declared wrongly or not at all."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_html(raw: bytes) -> str:
    """Decode page bytes: the BOM first, then valid UTF-8, then the declared charset if the bytes fit it,
    then detection from the bytes themselves."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    try:
        # Valid UTF-8 beyond ASCII is almost never another charset, whatever the page declares.
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(raw)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return raw.decode(_windows(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(raw).best()
    if best is not None:
        return str(best)
    return raw.decode("cp1252", errors="replace")


def _declared(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:8192])
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def _windows(encoding: str) -> str:
    # Browsers read iso-8859-1 and ascii as windows-1252 (WHATWG Encoding Standard); so do we.
    return "cp1252" if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else encoding
