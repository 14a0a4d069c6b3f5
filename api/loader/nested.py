"""Names inside longer names, and names the model missed beside names it found.

- A district named by its compass point names its place too: 'Kowloon West' -> 'Kowloon'.
- A stadium, station or airport named after a place or a person names that place or person too:
  'Fisht Stadium' -> 'Fisht', 'Harbour Hospital Station' -> 'Harbour Hospital'.
- A centre, library, foundation or prize named after a person names the person: 'Steven F. Udvar-Hazy
  Center' -> 'Steven F. Udvar-Hazy', when the words before it read as a first name, an initial, a surname;
  so does a memorial named by two or three names: 'Chiang Kai Shek Memorial' -> 'Chiang Kai Shek'.
- A museum 'of the' an armed or public service names the service: 'Museum of the Royal Navy' -> 'Royal Navy'.
- An acronym after a person and 'of' is the person's party or employer: 'Frederick Fung of ADPL'.
- In a list of single names most of which are people, the rest are people too: 'Zeus, Hera, Poseidon'.
- A body named 'of' a town that is followed by its state names the town: 'Museum of Tilden, Ohio' -> 'Tilden'.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from api.loader import gazetteer
from api.loader.entitytypes import first_names

COMPASS = {"west", "east", "north", "south", "central", "northwest", "northeast", "southwest", "southeast"}
# 'Far East', 'Middle East': the first word only qualifies the compass point.
QUALIFIERS = {"far", "middle", "near", "wild", "mid", "deep", "upper", "lower", "great", "greater", "old", "new"}
# Facilities commonly named after the place or the person they serve.
NAMED_AFTER = {"stadium", "station", "airport", "arena"}
# Words between the name and the facility word that are part of neither: 'Dulles International Airport'.
FACILITY_FILLER = {"international", "metro", "railway", "olympic", "memorial", "national", "regional", "main"}
# Bodies and buildings often named after a person, and the words that may come between: 'John F. Kennedy
# Memorial Hospital', 'Ronald Reagan Presidential Library'.
HONOURING = {"center", "centre", "foundation", "institute", "library", "prize", "award", "trust", "fund",
             "school", "hospital", "museum", "hall", "memorial", "lecture", "fellowship", "scholarship"}
HONOUR_FILLER = {"memorial", "presidential", "international", "national", "medical", "research", "family"}
# The last word of an armed or public service's name: 'the U.S. Air Force', 'the Royal Navy'.
SERVICES = {"force", "army", "navy", "corps", "guard", "marines", "police", "service"}
# Words of a memorial's name that honour no one person: 'National War Memorial', 'Peace Memorial'.
NOT_HONOURED = {"national", "war", "veterans", "peace", "state", "city", "county", "world", "holocaust",
                "genocide", "martyrs", "heroes", "soldiers", "police", "firefighters", "people", "victims",
                "freedom", "liberty", "memorial", "park", "hall", "church", "university", "hospital"}
INITIAL = re.compile(r"^[A-Z]\.$")
LIST = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:(?:,(?: and| or)?| and| or) [A-Z][a-z]+(?![\w'’-])){3,}")
LIST_ITEM = re.compile(r"[A-Z][a-z]+")
CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def inner_names(span: Span, looks_like_person) -> Iterable[tuple[Span, str]]:
    """(sub-span, type) of the names inside a place or body's name."""
    words = [t for t in span if not t.is_punct]
    if len(words) < 2:
        return
    if (span[-1].lower_ in COMPASS and span[-1].is_title and all(t.is_title or not t.is_alpha for t in span[:-1])
            and not (len(span) == 2 and span[0].lower_ in QUALIFIERS)):
        yield span[:-1], "location"
    if span[-1].lower_ in NAMED_AFTER:
        end = span.end - 1
        while end > span.start and span.doc[end - 1].lower_ in FACILITY_FILLER:
            end -= 1
        head = span.doc[span.start:end]
        if len(head) and all(t.is_title or t.is_upper or t.text in ("-", ".") for t in head):
            known = gazetteer.lookup(head.text)
            # 'Washington Dulles' is a place though Washington is a first name too.
            person = looks_like_person(head) and not gazetteer.lookup(head[0].text)
            kind = known.type if known else ("person" if person else "location")
            yield head, kind
    honoured = honoured_person(span, first_names())
    if honoured is not None:
        yield honoured, "person"
    served = body_served(span)
    if served is not None:
        yield served, "organization"


def body_served(span: Span) -> Span | None:
    """The body a museum or institution is 'of the': 'National Museum of the U.S. Air Force' -> 'U.S. Air Force'."""
    doc = span.doc
    ofs = [t.i for t in span if t.lower_ == "of" and t.i + 2 < span.end and doc[t.i + 1].lower_ == "the"]
    if not ofs:
        return None
    body = doc[ofs[-1] + 2:span.end]
    if body[-1].lower_ not in SERVICES or not all(t.is_title or t.is_upper or t.is_punct for t in body):
        return None
    return body if sum(t.is_alpha for t in body) >= 2 else None


def honoured_person(span: Span, given_names: frozenset[str]) -> Span | None:
    """The person a body or building is named after: a first name, an initial and one surname (hyphenated
    or not) right before its kind of place ('Ann B. Corr-Lyle Library'). The initial is what marks a
    person: 'Kennedy Space Center' or 'Anna Lind Foundation' could as well be a place or a motto. Before
    'Memorial' two or three names are enough ('Chiang Kai Shek Memorial'): memorials honour people."""
    doc = span.doc
    heads = [t.i for t in span if t.lower_ in HONOURING and t.is_title and t.i > span.start]
    if not heads:
        return None
    end = heads[0]
    if doc[end].lower_ == "memorial" and not (end - 2 >= span.start and INITIAL.match(doc[end - 2].text)):
        return _memorial_name(span, end)
    while end > span.start and doc[end - 1].lower_ in HONOUR_FILLER:
        end -= 1
    start = end - 1  # the surname's last part
    if start > span.start + 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_:
        start -= 2  # 'Udvar-Hazy'
    first = start - 2
    if first < span.start or not INITIAL.match(doc[start - 1].text):
        return None
    if first > span.start and (doc[first - 1].is_title or doc[first - 1].is_upper):
        return None  # more capitalised words before it than a name has
    surname = [t for t in doc[start:end] if t.text != "-"]
    if doc[first].lower_ not in given_names or not all(t.is_title and t.is_alpha for t in [doc[first], *surname]):
        return None
    return doc[first:end]


def _memorial_name(span: Span, memorial: int) -> Span | None:
    """'Chiang Kai Shek' of 'the Chiang Kai Shek Memorial'; not 'Korean War' nor 'Oklahoma City National'."""
    doc = span.doc
    start = memorial
    while start > span.start and doc[start - 1].is_title and doc[start - 1].is_alpha:
        start -= 1
    name = doc[start:memorial]
    if not 2 <= len(name) <= 3 or any(t.lower_ in NOT_HONOURED or gazetteer.lookup(t.text) for t in name):
        return None
    return None if gazetteer.lookup(name.text) else name


def town_after_of(span: Span) -> Span | None:
    """The town closing a body's name when its state or country follows: 'Hill Museum of Tilden, Ohio'.

    The model takes such a town into the body's name; the state after the comma shows it is a place."""
    doc, end = span.doc, span.end
    if end + 1 >= len(doc) or doc[end].text != "," or not doc[end + 1].is_title:
        return None
    state = gazetteer.lookup(doc[end + 1].text)
    if state is None or state.type != "location":
        return None
    ofs = [t.i for t in span if t.lower_ == "of"]
    if not ofs or ofs[-1] == span.start or not 1 <= end - ofs[-1] - 1 <= 3:
        return None
    town = doc[ofs[-1] + 1:end]
    if not all(t.text[0].isupper() and t.is_alpha for t in town):
        return None
    known = gazetteer.lookup(town.text)
    return town if known is None or known.type == "location" else None


def missed_bodies(doc: Doc) -> Iterable[Span]:
    """Bodies the model missed after a person and 'of': an untagged acronym ('Leung Kwok-hung of LSD'),
    or a name after 'of the' it read as a group of people ('Gary Lam of the Neo Liberals')."""
    for tok in doc[2:]:
        if (tok.is_upper and tok.is_alpha and 2 <= len(tok.text) <= 6 and not tok.ent_type_
                and doc[tok.i - 1].lower_ == "of" and doc[tok.i - 2].ent_type_ == "PERSON"
                and not gazetteer.lookup(tok.text)):
            yield doc[tok.i:tok.i + 1]
        if (tok.lower_ == "the" and doc[tok.i - 1].lower_ == "of" and doc[tok.i - 2].ent_type_ == "PERSON"
                and tok.i + 2 < len(doc)):
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 4 and doc[end].is_title and doc[end].ent_type_ in ("", "NORP"):
                end += 1
            name = doc[tok.i + 1:end]
            if len(name) >= 2 and name[-1].ent_type_ == "NORP" and not gazetteer.lookup(name.text):
                yield name


def listed_persons(doc: Doc) -> Iterable[Span]:
    """Every name in a list of four or more single names where the model tagged most as people."""
    for found in LIST.finditer(doc.text):
        items = []
        for item in LIST_ITEM.finditer(found.group()):
            span = doc.char_span(found.start() + item.start(), found.start() + item.end())
            if span is not None:
                items.append(span)
        tagged = [s for s in items if s[0].ent_type_]
        people = [s for s in tagged if s[0].ent_type_ == "PERSON"]
        if len(people) >= 2 and len(people) * 2 > len(tagged):
            for span in items:
                known = gazetteer.lookup(span.text)
                if span[0].ent_type_ != "PERSON" and span.text.lower() not in CALENDAR and not (known and known.strong):
                    yield span


def with_compass(span: Span) -> Span:
    """A place the model cut before its compass point: 'New Territories' + 'West'."""
    doc, end = span.doc, span.end
    if (end < len(doc) and doc[end].lower_ in COMPASS and doc[end].is_title and not doc[end].ent_type_
            and not span[-1].whitespace_.count("\n") and span[-1].whitespace_
            and not (end + 1 < len(doc) and (doc[end + 1].is_title or doc[end + 1].text == "-"))):
        return doc[span.start:end + 1]
    return span


def missed_facilities(doc: Doc) -> Iterable[Span]:
    """Stations, stadiums and airports the model left untagged: 'Shandao Station', 'Harbour Airport'."""
    run: list = []
    for tok in doc:
        if tok.lower_ in NAMED_AFTER and tok.is_title and run and not tok.ent_type_:
            yield doc[run[0].i:tok.i + 1]
            run = []
        elif tok.is_title and tok.is_alpha and not tok.ent_type_ and not tok.is_sent_start and not tok.is_stop:
            run = [*run, tok][-3:]
        else:
            run = []


ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XVI)$")


def regnal_names(doc: Doc, first_names) -> Iterable[Span]:
    """A monarch or pope the model left untagged: a first name and a number, 'Henry VIII', 'Pius XII'."""
    for tok in doc[:-1]:
        after = doc[tok.i + 1]
        if (not tok.ent_type_ and tok.is_title and tok.lower_ in first_names and regnal_number(after)
                and tok.whitespace_ == " "):
            yield doc[tok.i:tok.i + 2]


def regnal_number(tok) -> bool:
    """'VIII' after a name is a monarch's number; 'I' only where it cannot be the pronoun ('Elizabeth I born')."""
    if tok.ent_type_ or not ROMAN.match(tok.text):
        return False
    if tok.text != "I":
        return True
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return after is None or after.is_punct or after.lower_ in ("of", "born", "died", "and")


# A wire dateline: the town in capitals, maybe its state or country, and the date.
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:, [A-Z][\w.'’]+(?: [A-Z][\w.'’]+){0,2})?"
                      r" \d{4}-\d\d-\d\d[ \t]*$", re.MULTILINE)


def dateline_places(doc: Doc, original: str) -> Iterable[Span]:
    """The town heading a wire dateline ('ESCHEN, Liechtenstein 1996-08-31'), whatever the model read.

    `original` is the doc's text before re-casing (same offsets): the capitals are the sign."""
    for found in DATELINE.finditer(original):
        span = doc.char_span(found.start("place"), found.end("place"), alignment_mode="contract")
        if span is not None and len(span) and not any(t.ent_type_ in ("PERSON", "GPE", "LOC") for t in span):
            yield span
