"""Property tests: whatever bytes or JSON the loader is given, it returns a record or a clear error,
never an exception."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.loader.pipeline import extract_item
from api.loader.read import Item, read_path

SUFFIXES = [".html", ".htm", ".txt", ".json", ".jsonl", ".ndjson", ".html.gz", ".bin"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)
RECORD_KEYS = ["url", "headline", "articleBody", "author", "datePublished", "dateModified", "publisher",
               "inLanguage", "description", "image", "html", "text"]
RECORDS = st.dictionaries(st.sampled_from(RECORD_KEYS), JSON_VALUES, max_size=8)
HTML = st.builds(
    lambda title, paras, junk: f"<html><head><title>{title}</title>{junk}</head><body>"
                               + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>",
    st.text(max_size=40), st.lists(st.text(max_size=200), max_size=6), st.text(max_size=60))

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _outcomes(path):
    outcomes = []
    for item in read_path(str(path)):
        origin, record, error = extract_item(item)
        assert (record is None) != (error is None)
        assert error is None or (isinstance(error, str) and error)
        assert origin.startswith(str(path))
        outcomes.append((record, error))
    return outcomes


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_the_loader(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _outcomes(path)


@SETTINGS
@given(records=st.lists(RECORDS | JSON_VALUES, max_size=5))
def test_random_json_records_give_a_record_or_a_clear_error(tmp_path, records):
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for record, _ in _outcomes(path):
        if record is not None:
            assert record["body"].strip() and record["id"]


@SETTINGS
@given(page=HTML, url=st.sampled_from([None, "https://example.com/a", "not a url", ""]))
def test_random_html_pages_give_a_record_or_a_clear_error(page, url):
    origin, record, error = extract_item(Item("page", {"url": url, "html": page}))
    assert (record is None) != (error is None)


def _folded_words_hash(body: str) -> str:
    import hashlib
    import re
    import unicodedata

    words = re.findall(r"\w+", unicodedata.normalize("NFKC", body).lower())
    return hashlib.sha256(" ".join(words).encode("utf-8", "surrogatepass")).hexdigest()


@given(body=st.text() | st.text(alphabet=st.characters(max_codepoint=0x3000)))
def test_body_hash_hashes_the_folded_words_joined_by_single_spaces(body):
    from api.loader.normalize import body_hash

    assert body_hash(body) == _folded_words_hash(body)


@pytest.mark.parametrize("body", [
    "", "  ", "“Quoted,” she said — twice…", "a\u00a0b\u3000c\x1c\x1fd\x85e\u2028f", "ﬁne Ⅻ ½ ٣ 𝟘 x😀y ǅ",
    "naïve café_au_lait 1²3", "\ud800 lone surrogate \udfff", "mixed \ud83d“end",
])
def test_body_hash_folds_unicode_spaces_punctuation_and_lone_surrogates_like_the_words(body):
    from api.loader.normalize import body_hash

    assert body_hash(body) == _folded_words_hash(body)
