"""Named entities of an article: spaCy's NER, then rules that fix its known errors, then alias merging.

Each mention the model finds is cleaned (no leading 'the', no possessive, no score or dash run-on),
checked against the gazetteer (official names become their country, agencies their canonical name),
and stripped of byline and credit words ('Newsroom', 'AFP Photo' -> AFP). api/loader/aliases.py then
merges the mentions into entities.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from api.loader import gazetteer
from api.loader.aliases import Mention, merge
from api.loader.entitytypes import (
    CALENDAR,
    FACILITIES,
    decide_type,
    first_names,
    looks_like_person,
    missed_persons,
    table_names,
)
from api.loader.nested import (
    dateline_places,
    inner_names,
    listed_persons,
    missed_bodies,
    missed_facilities,
    regnal_names,
    regnal_number,
    town_after_of,
    with_compass,
)
from api.loader.scorecards import scorecard_players
from api.loader.teams import fixture_sides, teams_after_country

LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
          "NORP": "misc", "FAC": "location", "EVENT": "misc", "WORK_OF_ART": "misc", "LAW": "misc",
          "PRODUCT": "misc"}
# Words of bylines and photo credits, never part of a name: 'By Newsroom', 'AFP Photo', 'Staff Reporter'.
CREDIT_WORDS = {"newsroom", "staff", "photo", "photos", "photograph", "reporter", "reporters", "correspondent",
                "desk", "editor", "editors", "agencies", "wire", "wires", "attendance", "file", "handout",
                "pool", "via", "credit", "courtesy", "writer", "writers", "contributor", "byline"}
LEADING = {"the", "a", "an"}
# Prefixes that make a stance or a former role, even capitalised at a sentence's start: 'Pan-democrat Lam'.
PREFIXES = {"pro", "anti", "pan", "ex", "non"}
# Lowercase words that begin a name before a hyphen: 'al-Islamiya', 'el-Sisi'.
NAME_PARTICLES = {"al", "el", "ul", "bin", "ibn", "abu", "ben", "da", "de", "di", "van", "von"}
# Section and sport headings a re-cased headline turns into names: 'SOCCER - ...', 'CRICKET SCOREBOARD'.
HEADINGS = {"soccer", "cricket", "basketball", "baseball", "tennis", "golf", "cycling", "rugby", "athletics",
            "boxing", "hockey", "skiing", "swimming", "rowing", "motor racing", "horse racing", "sport",
            "sports", "schedule", "results", "result", "standings", "scoreboard", "summary", "preview",
            "update", "news", "prices", "markets", "market", "presale", "weather", "obituary", "factbox"}
SEPARATORS = {";", "|", "v", "vs", "v.", "vs."}
POSSESSIVE = {"'s", "’s", "'", "’"}
# Titles before a person's name that are not part of it.
TITLES = {"king", "queen", "prince", "princess", "pope", "emperor", "empress", "sultan", "sheikh", "president",
          "premier", "chancellor", "general", "cardinal", "sir", "lord", "lady", "duke", "count", "tsar", "czar"}
SCORE = re.compile(r"^(?=.*\d)[\d.,/:-]+$")
# Words of a date said relative to now, capitalised at a sentence's start: 'Today, ...', 'Last Year ...'.
RELATIVE_DATES = {"today", "yesterday", "tomorrow", "tonight", "last", "next", "this", "year", "week", "month",
                  "weekend", "day", "night", "morning", "afternoon", "evening", "earlier", "later"}
DATE_WORDS = CALENDAR | RELATIVE_DATES


def extract_entities(doc: Doc, body: str | None = None, side: Iterable[tuple[Doc, str]] = (),
                     credits: Iterable[str] = ()) -> list[dict]:
    """Entities of an article from its body `doc` (offsets) and from title/caption docs (counts only).

    `body` is the original text when `doc` was made from a re-cased copy (same offsets); `side` pairs
    each title or caption doc with its original text. Each entity: {"name", "type", "aliases",
    "mentions", "offsets": [[start, end], ...]}; `mentions` counts every mention in body, title,
    captions and photo credits, `offsets` locate the body's.
    """
    body = doc.text if body is None else body
    # Two rules may find the same name at the same place: it is one mention.
    found = list({(m.start, m.end): m for m in reversed(list(_mentions(doc, body, in_body=True)))}.values())[::-1]
    mentions = _list_types(_place_pairs(found, body), body)
    for side_doc, text in side:
        mentions.extend(_mentions(side_doc, text, in_body=False))
    for credit in credits:
        mentions.extend(credit_entities(credit))
    return merge(mentions, body)


def credit_entities(credit: str) -> list[Mention]:
    """A photo credit's agencies ('AFP Photo', 'Reuters/John Doe'), as organization mentions."""
    out = []
    for part in re.split(r"[/,;|]| via ", credit or ""):
        words = [w for w in part.split() if w.lower() not in CREDIT_WORDS]
        known = gazetteer.lookup(" ".join(words)) if words else None
        if known and known.type == "organization":
            out.append(Mention(known.name, "organization", -1, -1, (" ".join(words),), True))
    return out


def _mentions(doc: Doc, original: str, in_body: bool) -> Iterable[Mention]:
    claimed = set()
    teams = [(s, "organization") for s in teams_after_country(doc)]
    teams += [(s, "location") for s in dateline_places(doc, original)]
    for span, kind in [(s, "person") for s in scorecard_players(doc)] + teams + list(table_names(doc)):
        if claimed.intersection(range(span.start, span.end)):
            continue
        text = original[span.start_char:span.end_char]
        offsets = (span.start_char, span.end_char) if in_body else (-1, -1)
        claimed.update(range(span.start, span.end))
        yield Mention(text, kind, *offsets, (text,), False)
    listed = [(s, "person") for s in listed_persons(doc)]
    for span in missed_facilities(doc):
        claimed.update(range(span.start, span.end))
        text = original[span.start_char:span.end_char]
        offsets = (span.start_char, span.end_char) if in_body else (-1, -1)
        yield Mention(text, "location", *offsets, (text,), False)
        yield from _inner(span, original, in_body)
    claimed.update(i for s, _ in listed for i in range(s.start, s.end))
    bodies = [(s, "organization") for s in [*missed_bodies(doc), *fixture_sides(doc)]]
    people = [*missed_persons(doc), *regnal_names(doc, first_names())]
    for span, kind in [(s, "person") for s in people] + bodies + listed:
        text = original[span.start_char:span.end_char]
        offsets = (span.start_char, span.end_char) if in_body else (-1, -1)
        yield Mention(text, kind, *offsets, (text,), False)
    for ent in doc.ents:
        kind = LABELS.get(ent.label_)
        if claimed.intersection(range(ent.start, ent.end)):
            continue
        if ent.label_ == "DATE":
            yield from _places_in_date(ent, original, in_body)
        if kind is None:
            continue
        for piece in _pieces(ent):
            mention = _mention(piece, kind, original, in_body)
            if mention is not None:
                yield mention
                if mention.type != "person":
                    yield from _nested(piece, original, in_body)
                    yield from _inner(piece, original, in_body)
                    town = town_after_of(piece)
                    yield from filter(None, [town and _mention(town, "location", original, in_body)])


def _inner(span: Span, original: str, in_body: bool) -> Iterable[Mention]:
    span = _trim(with_compass(span))
    while len(span) > 1 and span[0].lower_ in LEADING:
        span = span[1:]
    for sub, kind in inner_names(span, looks_like_person):
        text = original[sub.start_char:sub.end_char]
        known = gazetteer.lookup(text)
        offsets = (sub.start_char, sub.end_char) if in_body else (-1, -1)
        yield Mention(known.name if known else text, kind, *offsets, (text,), bool(known and known.strong))


def _places_in_date(ent: Span, original: str, in_body: bool) -> Iterable[Mention]:
    """A dateline's place the model read as part of the date: 'MANCHESTER, England 1996-08-31'."""
    doc, end = ent.doc, ent.start
    while end < ent.end and (doc[end].text == "," or (doc[end].is_alpha and (doc[end].is_title or doc[end].is_upper)
                                                        and doc[end].lower_ not in DATE_WORDS)):
        end += 1
    if end < ent.end and doc[end].lower_ in RELATIVE_DATES and not doc[end - 1].is_punct:
        return  # the name of a day or season ('Election Day', 'Memorial Day'), no place
    start = ent.start
    for i in range(ent.start, end + 1):
        if i == end or doc[i].text == ",":
            if i > start:
                mention = _mention(doc[start:i], "location", original, in_body)
                if mention is not None:
                    yield mention
            start = i + 1


def _nested(span: Span, original: str, in_body: bool) -> Iterable[Mention]:
    """Known places and bodies inside a longer name: 'University of Sheffield', 'FIFA World Cup'."""
    doc, i, end = span.doc, span.start, span.end
    heads = FACILITIES | {"university", "college", "institute", "cup", "games", "championship", "olympics"}
    if not span or not any(t.lower_ in heads or t.lower_ == "of" for t in span):
        return
    while i < end:
        for j in range(min(end, i + 4), i, -1):
            if j - i == end - span.start:
                continue
            known = gazetteer.lookup(doc[i:j].text)
            if (known and known.type != "misc" and (doc[i].is_title or doc[i].is_upper)
                    and (any(t.lower_ in heads for t in span) or doc[i - 1].lower_ == "of")):
                sub = doc[i:j]
                offsets = (sub.start_char, sub.end_char) if in_body else (-1, -1)
                yield Mention(known.name, known.type, *offsets, (original[sub.start_char:sub.end_char],), True)
                i = j - 1
                break
        i += 1


def _list_types(mentions: list[Mention], body: str) -> list[Mention]:
    """In a list of one-word names ('Given, Breen, Staunton, Irwin'), most of them people: all people."""
    single = sorted((m for m in mentions if m.start >= 0 and " " not in m.name and not m.strong),
                    key=lambda m: m.start)
    runs, run = [], single[:1]
    for prev, m in zip(single, single[1:], strict=False):
        if body[prev.end:m.start] in (", ", " and "):
            run.append(m)
        else:
            runs.append(run)
            run = [m]
    runs.append(run)
    people = set()
    for run in runs:
        if len(run) >= 4 and sum(m.type == "person" for m in run) * 2 > len(run):
            people.update(run)
    return [m._replace(type="person") if m in people else m for m in mentions]


def _place_pairs(mentions: list[Mention], body: str) -> list[Mention]:
    """'Huntsville, Alabama': the place named with its state or country is also an alias of the place."""
    places = sorted((m for m in mentions if m.type == "location" and m.start >= 0), key=lambda m: m.start)
    pairs = {}
    for first, second in zip(places, places[1:], strict=False):
        # Only a town with its state or country: 'South Korea, Ukraine' is a list.
        if body[first.end:second.start] == ", " and not first.strong and gazetteer.lookup(second.name):
            pairs[first] = body[first.start:second.end]
    return [m._replace(surfaces=(*m.surfaces, pairs[m])) if m in pairs else m for m in mentions]


def _pieces(ent: Span) -> Iterable[Span]:
    """The span split where the model ran two names together: line breaks, ' - ' and ';'."""
    start = ent.start
    for tok in ent:
        breaks = ("\n" in tok.text_with_ws or tok.text in SEPARATORS or tok.like_num
                  or (tok.text in ("-", "–", "—") and tok.whitespace_ and tok.i > 0
                      and tok.doc[tok.i - 1].whitespace_))
        if breaks:
            if "\n" in tok.whitespace_ and not tok.is_space:
                yield tok.doc[start:tok.i + 1]
            else:
                yield tok.doc[start:tok.i]
            start = tok.i + 1
    yield ent.doc[start:ent.end]


def _extend(span: Span) -> Span:
    """A person's name the model cut short: 'Choe Son' + 'Hui', 'Kim Jong' + '-un'."""
    doc, end = span.doc, span.end
    while end < len(doc) and not doc[end - 1].whitespace_.count("\n") and not doc[end].ent_type_:
        tok = doc[end]
        if tok.tag_ == "NNP" and tok.is_title and tok.is_alpha:
            end += 1
        elif tok.text == "-" and not doc[end - 1].whitespace_ and end + 1 < len(doc) and doc[end + 1].is_alpha \
                and not tok.whitespace_:
            end += 2
        elif regnal_number(tok) and doc[end - 1].is_title:
            end += 1  # a monarch's or pope's number: 'Henry VIII', 'Baudouin I'
            break
        else:
            break
    return doc[span.start:end]


def _demonym(word: str) -> bool:
    known = gazetteer.lookup(word)
    return bool(known and known.type == "misc")


def _trim(span: Span) -> Span:
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].like_num
                           or SCORE.match(doc[start].text) or doc[start].lower_ in CREDIT_WORDS):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].like_num or SCORE.match(doc[end - 1].text)
                           or doc[end - 1].lower_ in CREDIT_WORDS):
        if doc[end - 1].text == "." and end - start > 1 and len(doc[end - 2].text) == 1:
            break  # an initial or acronym's closing dot: 'U.S.' tokenized as 'U.S' + '.'
        end -= 1
    return doc[start:end]


def _mention(piece: Span, kind: str, original: str, in_body: bool) -> Mention | None:
    full = _trim(_extend(piece) if kind == "person" else with_compass(piece) if kind == "location" else piece)
    if not len(full):
        return None
    doc, start, end = full.doc, full.start, full.end
    # Leading articles and lowercase words describe the name: 'the Civic Party', 'pro-Beijing DAB'.
    while start < end - 1:
        if doc[start].lower_ in LEADING:
            start += 1
        elif kind == "person" and end - start > 2 and (doc[start].lower_ in TITLES or _demonym(doc[start].text)
                                                         or doc[start + 1].lower_ in TITLES):
            start += 1  # 'Belgian King Baudouin I' is Baudouin I
        elif (doc[start].is_alpha and doc[start + 1].text == "-" and start + 2 < end
              and ((doc[start].is_lower and doc[start].lower_ not in NAME_PARTICLES) or doc[start].lower_ in PREFIXES)):
            # 'pro-Beijing DAB' is DAB; 'pro-Clinton' alone is Clinton.
            start += 3 if start + 3 < end else 2
        elif doc[start].is_lower and doc[start].is_alpha and doc[start].whitespace_:
            start += 1
        else:
            break
    # Trailing common nouns too: 'Jiangsu province', 'Xinhua news agency' (not 'Chung-tai').
    while end - 1 > start and doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 2].whitespace_:
        end -= 1
    core = doc[start:end]
    text = original[core.start_char:core.end_char]
    seen = original[full.start_char:full.end_char]
    if not any(c.isupper() for c in text) or len(text) < 2 or text.lower() in HEADINGS:
        return None
    text, kind, strong = decide_type(core, full, kind, text, seen)
    offsets = (core.start_char, core.end_char) if in_body else (-1, -1)
    surfaces = tuple(dict.fromkeys((original[core.start_char:core.end_char], seen)))
    return Mention(text, kind, *offsets, surfaces, strong)
