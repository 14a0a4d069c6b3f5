"""The attribute table sets every token's tag, part of speech, morphology, lemma and label exactly as
spaCy's AttributeRuler it replaces, on small invented texts."""
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from api.loader.attributes import AttributeTable, Unsupported
from api.loader.nlp import MODEL, pipeline

TEXTS = [
    "He said they were gonna go, and I told him it wasn't so. Let's see what y'all think.",
    "There is a plan, there are doubts; she ain't sure. We've been waiting, haven't we?\n\nIt's done.",
    "Somebody gave me nothin' but 'em. Did you do it? You'd have got ta ask. C'mon, ol' friend.",
    "Anyone who has anything to say should say it to us, the ministers said, though not everybody agreed.",
    "  Padded   text\twith  spaces \n\n and a list:\n- one\n- two  ",
]
WRITTEN = [LEMMA, POS, TAG, MORPH, DEP]


@pytest.fixture(scope="module")
def model():
    return spacy.load(MODEL, exclude=["ner", "lemmatizer"])


def _annotations(doc: Doc) -> list:
    return [(t.text, t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_) for t in doc]


def _copy(doc: Doc) -> Doc:
    return Doc(doc.vocab).from_bytes(doc.to_bytes())


def test_table_sets_what_the_models_ruler_sets(model):
    ruler = model.get_pipe("attribute_ruler")
    table = AttributeTable(ruler)
    with model.select_pipes(disable=["attribute_ruler"]):
        docs = list(model.pipe(TEXTS))
    for doc in docs:
        by_ruler, by_table = ruler(_copy(doc)), table(_copy(doc))
        assert _annotations(by_table) == _annotations(by_ruler)
        assert (by_table.to_array(WRITTEN) == by_ruler.to_array(WRITTEN)).all()
    assert {t.text: t.lemma_ for t in by_table}["Padded"] == ""  # the pattern set leaves most lemmas alone


def test_table_applies_later_rules_over_earlier_ones_and_writes_the_indexed_token():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "foo"}]], {"LEMMA": "first"})
    ruler.add([[{"LOWER": "foo"}, {"LOWER": "bar"}]], {"LEMMA": "second"})  # later: wins on 'foo bar'
    ruler.add([[{"LOWER": {"IN": ["foo", "baz"]}}, {"LOWER": "bar"}]], {"POS": "NOUN"}, index=-1)
    ruler.add([[{"LOWER": {"REGEX": "^q"}}]], {"LEMMA": "queue"})
    ruler.add([[{"LOWER": {"NOT_IN": ["foo", "bar", "baz"]}, "IS_SPACE": False}]], {"TAG": "OTHER"})
    table = AttributeTable(ruler)
    for text in ("foo bar baz bar foo", "Foo quux foo", "bar foo  bar", ""):
        doc = nlp.make_doc(text)
        assert _annotations(table(_copy(doc))) == _annotations(ruler(_copy(doc)))
    doc = table(nlp.make_doc("foo bar foo quux"))
    assert [(t.lemma_, t.pos_, t.tag_) for t in doc] == [
        ("second", "", ""), ("", "NOUN", ""), ("first", "", ""), ("queue", "", "OTHER")]


@pytest.mark.parametrize(("pattern", "attrs"), [
    ([{"ORTH": "x"}], {"LEMMA": "y"}),  # an attribute the table does not key tokens by
    ([{"LOWER": "x", "OP": "+"}], {"LEMMA": "y"}),  # an operator
    ([{"LOWER": {"FUZZY": "x"}}], {"LEMMA": "y"}),
    ([{"LOWER": "x"}], {"NORM": "y"}),  # an attribute the table does not write
])
def test_table_refuses_rules_it_cannot_read(pattern, attrs):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([pattern], attrs)
    with pytest.raises(Unsupported):
        AttributeTable(ruler)


def test_pipeline_runs_the_table_in_place_of_the_ruler():
    names = pipeline().pipe_names
    assert "attribute_ruler" not in names
    assert names.index("parser") < names.index("attribute_table") < names.index("ner")
    doc = pipeline()("She said it was done.")
    assert [(t.pos_, t.lemma_) for t in doc][:2] == [("PRON", "she"), ("VERB", "")]
