"""The search language: parsed once, compiled to FTS5 and to a PostgreSQL tsquery (no database needed)."""
import pytest
from marshmallow import ValidationError

from api.search import parse, to_fts5, to_tsquery


@pytest.mark.parametrize("text, fts5", [
    ("putin", '"putin"'),
    ("Putin Xi", '("Putin" AND "Xi")'),
    ("a NOT b", '("a" NOT "b")'),
    ('"defense pact"', '"defense pact"'),
    ("a OR b", '("a" OR "b")'),
    ("a AND (b OR c) NOT d", '(("a" AND ("b" OR "c")) NOT "d")'),
    ("mosc*", '"mosc"*'),
    ("U.S. NEAR", '("U S" AND "NEAR")'),  # operators of FTS5 other than ours are plain words
    ("and or not", '("and" AND "or" AND "not")'),  # lower-case words are not operators
])
def test_search_compiles_to_fts5(text, fts5):
    assert to_fts5(parse(text)) == fts5


def test_search_compiles_to_a_parametrised_tsquery():
    sql, params = to_tsquery(parse('"defense pact" OR (putin NOT xi*)'))
    assert sql == ("(phraseto_tsquery('simple', %s) || (plainto_tsquery('simple', %s)"
                   " && !!to_tsquery('simple', %s)))")
    assert params == ["defense pact", "putin", "xi:*"]


@pytest.mark.parametrize("text", ["x " * 300, "", "   ", '""', "(a", "a)", "a OR", "NOT a", "AND", "a OR OR b", "()"])
def test_unreadable_search_is_a_validation_error(text):
    with pytest.raises(ValidationError):
        parse(text)
