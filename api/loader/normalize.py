"""The last extraction step: ids, source, language, hashes and provenance for a record's fields."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

import pycountry

from api.loader.urls import canonical_url, domain_of

FIELDS = ("title", "authors", "published_at", "updated_at", "language", "description", "body", "images")

__all__ = ["canonical_url", "domain_of", "finish"]


_NON_WORDS = re.compile(r"\W+")
_ASCII = bytes(range(128))
# UTF-8 bytes with each ASCII non-word character made a space; bytes of multi-byte characters stay.
_ASCII_NON_WORDS_TO_SPACE = bytes(32 if b < 128 and _NON_WORDS.fullmatch(chr(b)) else b for b in range(256))


def body_hash(body: str) -> str:
    """A hash of the body with case, punctuation and spacing folded: equal for the same article text.

    What is hashed is the body's words (\\w+) joined by single spaces, worked out on the UTF-8 bytes: each
    non-word character becomes a space (the ASCII ones by one byte table, the few distinct others by
    replacing their encoding, which in UTF-8 only ever matches whole characters), then splitting on runs
    of spaces and joining with one gives the folded text's encoding. Half the cost of a regex pass over
    the text (a loader's every record pays it).
    """
    text = unicodedata.normalize("NFKC", body).lower()
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate (from a JSON escape): not a word character either
        return hashlib.sha256(_NON_WORDS.sub(" ", text).strip(" ").encode()).hexdigest()
    if not text.isascii():
        for char in set(data.translate(None, _ASCII).decode()):
            if _non_word(char):
                data = data.replace(char.encode(), b" ")
    # After the table only spaces are ASCII whitespace, so split() splits on exactly the runs of them.
    return hashlib.sha256(b" ".join(data.translate(_ASCII_NON_WORDS_TO_SPACE).split())).hexdigest()


@lru_cache(maxsize=4096)
def _non_word(char: str) -> bool:
    return _NON_WORDS.fullmatch(char) is not None


def article_id(url: str | None, content_hash: str) -> str:
    """A stable id: from the canonical URL when there is one, else from the content."""
    basis = url if url else "content:" + content_hash
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for too little text."""
    if len(text) < 20:
        return None
    import py3langid  # numpy and a model: only when a record does not declare its language

    code, _ = py3langid.classify(text[:5000])
    return code


def language_code(value: str) -> str | None:
    """ISO 639-1 code of a declared language ("de-AT", "en_GB", "deu", "ger"), or None when it names none.

    A three-letter ISO 639-2/3 code is looked up, never cut to two letters ("spa" is not "sp").
    """
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    if len(primary) == 2 and primary.isalpha():
        return primary
    if len(primary) == 3 and primary.isalpha():
        return _alpha_2(primary)
    return None


@lru_cache(maxsize=256)
def _alpha_2(code: str) -> str | None:
    language = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    return getattr(language, "alpha_2", None)


def source_name_from_domain(domain: str) -> str:
    """'nytimes.com' -> 'Nytimes'; used only when the page names no site."""
    label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    return label.replace("-", " ").title()


def finish(fields: dict, origin: str) -> dict:
    """Complete extracted fields into the normalised article record the store and the API use."""
    url = canonical_url(fields.get("url"))
    body = fields.get("body") or ""
    content_hash = body_hash(body)
    methods = dict(fields.get("provenance") or {})
    language = fields.get("language")
    if language:
        language = language_code(language)
    if not language:
        language = detect_language((fields.get("title") or "") + "\n" + body)
        methods["language"] = "detected"
    domain = domain_of(url)
    source = None
    if domain:
        source = {"name": fields.get("source_name") or source_name_from_domain(domain), "domain": domain}
    record = {
        "id": article_id(url, content_hash),
        "url": url,
        "title": fields.get("title"),
        "authors": fields.get("authors") or [],
        "published_at": fields.get("published_at"),
        "updated_at": fields.get("updated_at"),
        "language": language,
        "source": source,
        "description": fields.get("description"),
        "body": body,
        "images": fields.get("images") or [],
        "entities": fields.get("entities") or [],
        "quotes": fields.get("quotes") or [],
    }
    record["provenance"] = {
        "fields": {f: methods[f] for f in FIELDS if f in methods and record.get(f)},
        "origin": origin,
        "content_hash": content_hash,
    }
    record["fingerprint"] = fingerprint(record)
    if fields.get("warnings"):
        # What extraction dropped and why: the loader reports it with the record's origin; never stored.
        record["warnings"] = list(fields["warnings"])
    return record


def fingerprint(record: dict) -> str:
    """A hash of everything stored for the article except where it was read from."""
    stable = {k: v for k, v in record.items() if k not in ("provenance", "fingerprint", "warnings")}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
