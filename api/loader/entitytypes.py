"""Which kind of thing a name is, where the small model's label is known to go wrong.

Rules, first match wins: an initial and a surname is a person ('H. Morris'); a name opening a dateline
is a place ('LONDON 1996-08-30'); a known name takes its gazetteer type (countries, agencies; a known
city where the model saw a place or a lone-word person); a place on a results or standings line is a
team; an organization named after a building is a place ('Museum of Flight'); a name that starts with a
common first name and has no company word is a person ('Ruben Sierra'); a lone acronym is no person;
a 'person' right after a person and 'of' is that person's party or employer ('Ann Soo of Civic Passion').
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the byline rules import this module without the model
    from spacy.tokens import Span

from api.loader import gazetteer
from api.loader.teams import club_name, team_context

SCORE = re.compile(r"^(?=.*\d)[\d.,/:-]+$")
INITIAL_NAME = re.compile(r"^[A-Z]\.\s?[A-Z][\w'’-]+$")
FACILITIES = {"museum", "center", "centre", "planetarium", "stadium", "arena", "airport", "base", "station",
              "hospital", "temple", "hall", "place", "bridge", "square", "street", "prison", "road", "avenue",
              "tower", "mosque", "cathedral", "memorial", "park"}
# The last word of a newspaper's or broadcaster's name.
MEDIA = {"herald", "times", "post", "journal", "gazette", "tribune", "telegraph", "guardian", "chronicle",
         "observer", "independent", "express", "mirror", "mail", "standard", "examiner", "inquirer",
         "bulletin", "courier", "globe", "sun", "star", "news", "today", "zeitung", "monde"}
# Words that make a name a company, a team or a body even when it starts with a first name.
BODY_WORDS = {"inc", "corp", "co", "ltd", "plc", "spa", "ag", "sa", "nv", "bv", "llc", "group", "bank", "party",
              "fc", "united", "city", "club", "association", "foundation", "fund", "trust", "holdings",
              "airlines", "motors", "news", "times", "post", "press", "agency", "council", "committee",
              "university", "college", "school", "church", "institute", "society", "league", "union",
              "medical", "pharmaceuticals", "pharmaceutical", "controls", "industries", "systems", "energy",
              "technologies", "technology", "electric", "oil", "mining", "capital", "partners", "securities",
              "insurance", "communications", "airways", "resources", "financial", "bancorp", "bulls",
              "rovers", "rangers", "wanderers", "athletic", "county", "town", "albion", "foods", "chemical",
              "chemicals", "cables", "petroleum", "steel", "motor", "brewery", "orient", "harriers", "borough",
              "academical", "palace", "villa", "hotspur"}


def decide_type(core: Span, full: Span, kind: str, text: str, seen: str) -> tuple[str, str, bool]:
    """(name, type, known) for a cleaned mention: the name is canonical when the gazetteer knows it."""
    if INITIAL_NAME.match(text):
        return text, "person", False
    dateline = _dateline(full)
    if club_name(core):
        return text, "organization", False
    known = gazetteer.lookup(text) or gazetteer.lookup(seen)
    if kind != "location" and len(core) > 1 and core[0].lower_ in COMPASS and _place(core[1:].text):
        return text, "location", False  # 'North Florida', 'Southern Sudan' read as a person or a body
    if known and known.type == "location" and not known.strong:
        # A known city: trust it over a one-word 'person' and on a dateline, not over 'organization'.
        if dateline or kind == "location" or (kind == "person" and len(core) == 1):
            # On a line of results a city is a team, except where it heads the dateline.
            team = not dateline and (_in_table(core) or team_context(core))
            if not team:
                return known.name, "location", False
            kind = "organization"
    elif known and (known.strong or known.type == kind):
        return known.name, known.type, True
    if dateline:
        return text, "location", False
    if (_in_table(core) or team_context(core)) and (kind == "location" or (kind == "person" and len(core) == 1)):
        return text, "organization", False  # a place or a lone word on a results line is a team
    if kind != "location" and len(core) > 1 and (core[-1].lower_ in FACILITIES or _facility_of(core)):
        return text, "location", False
    # ('Jim Courier', a first name and a surname the model saw as a person, is no newspaper.)
    if kind != "organization" and core[-1].lower_ in MEDIA and len(core) > 1 and not (
            kind == "person" and len(core) == 2 and core[0].lower_ in _first_names()
            and not gazetteer.lookup(core[0].text)):
        return text, "organization", False  # 'the Sydney Morning Herald' read as an event
    if kind != "person" and (_looks_like_person(core) or (kind == "organization" and _athlete(core))):
        return text, "person", False
    if kind == "person" and len(core) > 1 and any(t.lower_ in BODY_WORDS or t.text == "&" for t in core[1:]):
        return text, "organization", False  # 'Johnson Controls', 'Pirelli SpA', 'Douglas & Lomason'
    if kind == "person" and len(core) == 1 and core[0].is_upper and len(core.text) <= 5:
        return text, "organization", False  # a lone acronym is not a person ('PMI', 'BJ')
    if kind == "person" and _after_person_and_of(core):
        return text, "organization", False  # 'Ann Soo of Civic Passion': a person's party, not a person
    return text, kind, False


COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}


def _after_person_and_of(core: Span) -> bool:
    """Whether a name follows a person's name and 'of' ('Ann Soo of Civic Passion'): a party or employer."""
    doc = core.doc
    return core.start >= 2 and doc[core.start - 1].lower_ == "of" and doc[core.start - 2].ent_type_ == "PERSON"


def _place(text: str) -> bool:
    known = gazetteer.lookup(text)
    return bool(known and known.type == "location")


def _facility_of(core: Span) -> bool:
    """'Museum of Flight', 'National Museum of the Air Force': a building named by what it holds or honours."""
    of = next((t.i - core.start for t in core if t.lower_ == "of"), 0)
    return 0 < of < len(core) - 1 and core[of - 1].lower_ in FACILITIES


@cache
def _provider_names(attribute: str) -> frozenset[str]:
    """One list of given names from Faker's person providers in every locale (MIT-licensed lists)."""
    import importlib
    import pkgutil

    import faker.providers.person as person

    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        value = vars(provider).get(attribute) if provider else None
        if isinstance(value, dict | list | tuple):
            names.update(n.lower() for n in value if isinstance(n, str) and n.isalpha())
    return frozenset(names)


@cache
def _first_names() -> frozenset[str]:
    return _provider_names("first_names") | _provider_names("first_names_male") | _provider_names("first_names_female")


def first_names() -> frozenset[str]:
    """Common given names, lowercased (Faker's MIT-licensed person providers)."""
    return _first_names()


def first_name_gender(name: str) -> str | None:
    """'m' or 'f' for a given name listed for men only or for women only in every locale, else None."""
    word = name.lower()
    male, female = word in _provider_names("first_names_male"), word in _provider_names("first_names_female")
    return "m" if male and not female else "f" if female and not male else None


def looks_like_person(core: Span) -> bool:
    """Two or three capitalised words, the first a common first name, no company or place word."""
    return _looks_like_person(core)


def _looks_like_person(core: Span) -> bool:
    words = [t for t in core if not t.is_punct]
    if not 2 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
        return False
    if any(t.lower_ in BODY_WORDS or t.lower_ in FACILITIES for t in words) or words[0].is_stop:
        return False
    # 'Virginia Beach', 'Jordan Valley' are places; 'Regina Ip' is a person though Regina is a city.
    if gazetteer.lookup(core.text) or any((k := gazetteer.lookup(w.text)) and k.strong for w in (words[0], words[-1])):
        return False
    return words[0].lower_ in _first_names()


def table_names(doc) -> Iterable[tuple[Span, str]]:
    """Names on results and standings lines the model missed or cut: teams, or players by initial.

    A run of capitalised words on a line of scores ('Millwall 2 Bristol Rovers 1') names a team, taking
    in a name the model found inside it ('Bristol' + 'Rovers'); an initial and a surname ('K. Curran 45')
    or a first name and a surname name a player; the table's own words are skipped.
    """
    start = 0
    for i, tok in enumerate(doc):
        if "\n" in tok.text_with_ws or i == len(doc) - 1:
            line = doc[start:i + 1]
            start = i + 1
            if len(line) > 1 and _in_table(line[:1]):
                yield from _runs(line)


def _is_name_word(tok) -> bool:
    if tok.ent_type_ in NAME_LABELS:
        return True
    if tok.ent_type_ or tok.lower_ in TABLE_WORDS or tok.is_stop:
        return False
    return (tok.is_title and tok.is_alpha) or bool(re.fullmatch(r"[A-Z]\.", tok.text))


# A match result: two sides and their scores, 'Bury 4 Bristol City 0'. Its words are names whatever
# their part of speech ('Bury' read as a verb, 'Rochdale' as a noun).
FIXTURE = re.compile(r"^\s*[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3} \d{1,3} [A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3}"
                     r" \d{1,3}\s*$")


def _runs(line: Span) -> Iterable[tuple[Span, str]]:
    doc, run = line.doc, []
    fixture = bool(FIXTURE.match(line.text))
    for tok in [*line, None]:
        if tok is not None and (_is_name_word(tok) or (run and tok.text in ("-", "'") and not tok.whitespace_)):
            run.append(tok)
            continue
        while run and not run[-1].is_alpha:
            run.pop()
        span = doc[run[0].i:run[-1].i + 1] if run else None
        run = []
        if span is None:
            continue
        if all(t.ent_type_ for t in span):
            # The model's own name, untouched, unless it took a player for a place or a body.
            if not any(t.ent_type_ == "PERSON" for t in span) and (_athlete(span) or _looks_like_person(span)):
                yield span, "person"
            continue
        if len(span) == 1 and (len(span.text) < 3 or (span[0].tag_ not in ("NNP", "NNPS") and not fixture)):
            continue
        # A player on a results line is named with an initial, or followed by a country in brackets.
        known = gazetteer.lookup(span.text)
        if known and known.strong:
            yield span, known.type  # a country in brackets after a player
        elif INITIAL_NAME.match(span.text) or _athlete(span) or _looks_like_person(span):
            yield span, "person"
        else:
            yield span, "organization"


def missed_persons(doc) -> Iterable[Span]:
    """Persons the model left untagged: two or three capitalised words that start with a first name
    ('New People Party's Regina Ip', 'Ted Hui')."""
    run: list = []
    for tok in [*doc, None]:
        if tok is not None and not tok.ent_type_ and tok.is_title and tok.is_alpha and tok.tag_ == "NNP":
            run.append(tok)
            continue
        if 2 <= len(run) <= 3:
            span = doc[run[0].i:run[-1].i + 1]
            if _looks_like_person(span):
                yield span
        run = []


def _athlete(span: Span) -> bool:
    """'Tegla Loroupe (Kenya) 31:17.66': two or three words and a country in brackets name a player."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "(":
        return False
    inside = doc[span.end + 1:span.end + 4]
    close = next((t.i for t in inside if t.text == ")"), None)
    known = gazetteer.lookup(doc[span.end + 1:close].text) if close else None
    words = [t for t in span if t.is_alpha]
    return bool(known and known.strong and known.type == "location" and 2 <= len(words) <= 3
                and not any(t.lower_ in BODY_WORDS for t in words))


def _in_table(span: Span) -> bool:
    """Whether the span sits on a results or standings line: names among at least two numbers."""
    doc = span.doc
    if not len(span):
        return False  # no name, no line
    lines = _lines(doc)
    start = lines.starts[lines.line_of[span.start]]
    end = lines.ends[lines.line_of[span.end - 1]]
    numbers = lines.numbers[end] - lines.numbers[start]
    words = lines.words[end] - lines.words[start]
    if not (numbers >= 2 and numbers * 4 >= words):
        return False
    # Dates do not count: 'LONDON 1996-08-30' is a dateline, not a score.
    return not (DATE_TEXT.match(doc[span.end:end].text) and not any(t.like_num for t in doc[start:span.start]))


class _Lines:
    """A doc's lines (tokens up to one whose trailing text holds a line break) and running counts of
    their numbers and words, so that a line's counts cost two look-ups however often it is asked."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.line_of: list[int] = []
        self.starts, self.ends = [0], []
        self.numbers, self.words = [0], [0]
        for tok in doc:
            self.line_of.append(len(self.ends))
            number = (tok.like_num or SCORE.match(tok.text)) and tok.ent_type_ not in ("DATE", "TIME")
            self.numbers.append(self.numbers[-1] + bool(number))
            self.words.append(self.words[-1] + (not (tok.is_punct or tok.is_space)))
            if "\n" in tok.text_with_ws:
                self.ends.append(tok.i + 1)
                self.starts.append(tok.i + 1)
        self.ends.append(len(doc))


_last_lines: list[_Lines] = []


def _lines(doc) -> _Lines:
    """The lines of the doc the rules are reading (kept for the doc asked last: the rules ask about the
    same lines for every name on them). Counts read the entity labels, final once the pipeline set them."""
    if not _last_lines or _last_lines[0].doc is not doc:
        _last_lines[:] = [_Lines(doc)]
    return _last_lines[0]


DATE_TEXT = re.compile(r"^[\s,]*(\d{4}-\d\d-\d\d|[A-Z][a-z]{2,8}\.? \d{1,2}(, \d{4})?)\s*$")
# The furniture of results tables and scorecards, never a team.
TABLE_WORDS = {"extras", "total", "totals", "bowling", "fall", "wickets", "wicket", "innings", "attendance",
               "score", "scores", "played", "won", "lost", "drawn", "draw", "points", "pts", "halftime",
               "half", "time", "goals", "result", "results", "round", "overs", "runs", "minute", "minutes",
               "pct", "gb", "no", "not", "out", "batting", "lbw", "for", "against", "home", "note", "fax",
               "net", "value", "profit", "year", "figures", "distances", "government", "govt", "sir", "miss",
               "mr", "mrs", "dr", "news", "newspapers", "defending", "series", "date", "world",
               "away", "division", "group", "league", "standings", "table", "leading", "scorers", "top",
               "week", "day", "stage", "overall", "men", "women", "final", "semi", "quarter", "heat", "at",
               "newsroom"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
TABLE_WORDS |= CALENDAR
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


def _dateline(span: Span) -> bool:
    """Whether the span opens a line that is otherwise a date: 'LONDON 1996-08-30', 'PARIS, Aug 30'."""
    doc = span.doc
    if span.start > 0 and "\n" not in doc[span.start - 1].text_with_ws:
        return False
    end, dated = span.end, False
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end += 1
    rest = doc[span.end:end]
    if DATE_TEXT.match(rest.text):
        return True  # the model may have read the date into the name: 'Amsterdam 1996-08-31'
    for tok in rest:
        if not (tok.ent_type_ in ("DATE", "TIME") or tok.is_punct or tok.like_num):
            return False
        dated = dated or tok.ent_type_ == "DATE"
    return dated
