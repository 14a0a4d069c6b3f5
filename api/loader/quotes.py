"""Direct quotes in an article's body, what kind they are, and who said them.

Spans come from api.loader.quotemarks, speakers from api.loader.speakers. A quote with no cue of its
own takes the speaker of the quote before it when the two belong together: parts of one quote over
several paragraphs, or a quote split by its attribution ("“...,” she said. “...”", same paragraph).

A quote signed after a dash at its paragraph's end ("“...” ― Ann Lee") is Ann Lee's; so is one set
off after her name by a dash ("Ann Lee -- “...” --") or a colon opening a paragraph ("Ann Lee: “...”").

Kinds: "title" for a quoted name or title (Title Case words, or after "titled", "headlined"...);
"scare" for one quoted word used as a modifier ("the “expert” view"), or a short phrase that no
speech verb governs and no speaker claims; "statement" for everything else. Titles and scare quotes
have no speaker.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from api.loader.mentions import EntityIndex
from api.loader.quotemarks import Span, find_quote_spans
from api.loader.speakers import Attributor

TITLE_CUES = {"title", "titled", "entitled", "headline", "headlined", "book", "film", "movie", "song",
              "album", "slogan", "hashtag", "programme", "program", "column", "essay"}
MINOR_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
               "as", "but", "nor", "vs", "de", "la", "del", "von", "van"}
WORD = re.compile(r"[^\W\d_][\w’'-]*")
SCARE_MAX_WORDS = 3
MODIFIERS = ("poss", "amod", "compound", "nmod", "nummod")
LEAD_IN = re.compile(r"[^\S\n]*(--|[—–:])[^\S\n]*[\"“„«'`‘]{1,2}$")
SIGNATURE = re.compile(r"[^\S\n]*[―—–][^\S\n]*([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,4}?)\.?[^\S\n]*(?:\n|$)")


def extract_quotes(doc: Doc, entities: list[dict]) -> list[dict]:
    """Quotes in the body `doc`: text, speaker (an entity's name or None), cue, kind, [start, end).

    The speaker is always the name of an entity in `entities`. A person named as a speaker after an
    honorific but missed by the NER ("Mr. Alvarez said") is appended to `entities`, with the offsets
    of every whole-word occurrence of the name, so that the store can link the quote to it. A person
    the NER cut short ("Choe Son" in "Minister Choe Son Hui said") gets the whole name as an alias.
    """
    text = doc.text
    spans = find_quote_spans(text)
    if not spans:
        return []
    index = EntityIndex(doc, entities)
    attributor = Attributor(doc, spans, index)
    quotes: list[dict] = []
    previous: dict | None = None  # the last statement, which a quote without a speaker may continue
    for span in spans:
        raw = text[span.start:span.end]
        quote_text = raw.strip()
        if not WORD.search(quote_text):
            continue
        start = span.start + len(raw) - len(raw.lstrip())  # '" Padded quotes "' in some wire text
        quote = {"text": quote_text, "speaker": None, "cue": None, "kind": "statement",
                 "start": start, "end": start + len(quote_text), "_group": span.group}
        _attribute(quote, span, text, index, attributor, previous)
        quotes.append(quote)
        if quote["kind"] == "statement":
            previous = quote
    _share_within_groups(quotes)
    for quote in quotes:
        del quote["_group"]
    return quotes


def _attribute(quote: dict, span: Span, text: str, index: EntityIndex, attributor: Attributor,
               previous: dict | None) -> None:
    """Set the quote's kind, and its speaker and cue when they resolve."""
    cue, governs = attributor.cue(span)
    signed = _signature(text, span.end) or (None if governs else _lead_in(text, span.start, index))
    if _is_title(text, span.start, quote["text"]):
        quote["kind"] = "title"
        return
    if _is_modifier(attributor, span):
        quote["kind"] = "scare"
        return
    if signed is not None:
        speaker = index.at(signed[0]) if index.at(signed[0]) is not None else index.by_word(signed[2])
        if speaker is None and len(signed[2].split()) > 1:
            speaker = index.add_person(signed[2])
        quote["speaker"] = index.full_name(speaker) if speaker is not None else None
    elif cue is not None:
        quote["cue"] = _cue_text(cue)
        speaker = attributor.speaker(cue)
        quote["speaker"] = index.full_name(speaker) if speaker is not None else None
    if quote["speaker"] is not None or governs:
        pass
    elif previous is not None and previous["speaker"] and _continues(attributor, previous, quote):
        quote["speaker"], quote["cue"] = previous["speaker"], previous["cue"]
    elif len(WORD.findall(quote["text"])) <= SCARE_MAX_WORDS:
        quote["kind"] = "scare"
    if quote["kind"] == "scare" or quote["speaker"] is None and not governs:
        quote["cue"] = None  # a verb nearby that names no speaker is no cue of this quote


def _share_within_groups(quotes: list[dict]) -> None:
    """Parts of one quote over several paragraphs all take the speaker named at any part."""
    named = {}
    for quote in quotes:
        if quote["speaker"] is not None:
            named.setdefault(quote["_group"], quote)
    for quote in quotes:
        source = named.get(quote["_group"])
        if quote["speaker"] is None and source is not None and quote["kind"] != "title":
            quote.update(speaker=source["speaker"], cue=source["cue"], kind="statement")


def _continues(attributor: Attributor, previous: dict, quote: dict) -> bool:
    """Whether a quote without a speaker goes on from the previous one (same group, or same paragraph)."""
    return previous["_group"] == quote["_group"] or attributor.same_paragraph(previous["end"], quote["start"])


def _lead_in(text: str, start: int, index: EntityIndex) -> tuple[int, int, str] | None:
    """A person named right before a quote and a dash or colon: 'Mitt Romney -- “...”', 'Lee: “...”'."""
    match = LEAD_IN.search(text, max(0, start - 8), start)
    if not match:
        return None
    found = index.at(match.start() - 1)
    if found is None or index.entities[found].get("type") != "person":
        return None
    mention = next(s for s, e in index.entities[found]["offsets"] if s < match.start() <= e)
    if match.group(1) == ":" and mention != text.rfind("\n", 0, mention) + 1:
        return None  # 'Name: “...”' is a transcript line only at a paragraph's start
    return match.start() - 1, match.start(), index.entities[found]["name"]


def _signature(text: str, end: int) -> tuple[int, int, str] | None:
    """A name signing a quote after a dash at the end of its paragraph: '“...” ― Ann Lee'."""
    match = SIGNATURE.match(text, end + 1)
    return (match.start(1), match.end(1), match.group(1)) if match else None


def _is_modifier(attributor: Attributor, span: Span) -> bool:
    """One quoted word used as a modifier: 'the “whistleblower’s” identity', 'a “smart” plan'."""
    words = [t for t in attributor.tokens(span.start, span.end) if not t.is_punct and t.dep_ not in ("case", "punct")]
    return len(words) == 1 and words[0].dep_ in MODIFIERS


def _cue_text(cue: Token) -> str:
    if cue.lower_ == "according":
        return "according to"
    particle = next((c.lower_ for c in cue.children if c.dep_ == "prt"), None)
    return f"{cue._.lemma.lower()} {particle}" if particle else cue._.lemma.lower()


def _is_title(text: str, start: int, quote_text: str) -> bool:
    """A quoted name or title: after a title cue word, or two or more words all in Title Case."""
    words = WORD.findall(quote_text)
    before = WORD.findall(re.split(r"[.!?;:]", text[max(0, start - 30):start])[-1])[-2:]
    if any(w.lower() in TITLE_CUES for w in before) and len(words) <= 12:
        return True
    content = [w for w in words if w.lower() not in MINOR_WORDS]
    if len(content) < 2 or not words[0][0].isupper():
        return False
    return all(w[0].isupper() for w in content) and not any(w in ("I", "I’m", "I'm") for w in words)
