"""Merging an article's mentions into entities: one entity per thing, with every spelling as an alias.

Rules, in order: a known name's type holds for all its mentions (others may differ: Toronto the team,
Toronto the city); a lone surname the model mistyped is the person's ('Hoddle' of 'Glenn Hoddle');
mentions group by type and folded spelling ('Kim Jong-un' = 'Kim Jong Un'); an acronym joins its long
form ('Korean Central News Agency (KCNA)', or matching initials); a short or truncated name joins the
full one it begins or ends ('Putin', 'Choe Son' -> 'Choe Son Hui').
"""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from api.loader.gazetteer import key, lookup, spellings

REGNAL = re.compile(r"^[IVX]+$")
ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9.&-]{1,11})\s*\)")
SMALL_WORDS = {"of", "and", "the", "for", "&", "de", "du", "la", "le", "des", "on", "in", "at", "und"}
# A single word that names a kind of body, not one body: never merged into a longer name by itself.
GENERIC = {"party", "bank", "department", "ministry", "government", "council", "court", "university",
           "company", "group", "agency", "league", "club", "team", "city", "state", "army", "police",
           "house", "office", "commission", "committee", "association", "union", "federation", "news",
           "national", "international", "american", "united", "new", "general", "central", "royal"}


class Mention(NamedTuple):
    """One mention: its (canonical) name, type, body offsets (-1 outside the body), spellings seen."""

    name: str
    type: str
    start: int
    end: int
    surfaces: tuple[str, ...]
    strong: bool  # the type and name come from the gazetteer, not from the model


def merge(mentions: list[Mention], body: str) -> list[dict]:
    """Entities {"name", "type", "aliases", "mentions", "offsets"} from the article's mentions."""
    mentions = _surnames_as_persons(_vote_types(mentions))
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((m.type, key(m.name)), []).append(m)
    entities = [{"type": ms[0].type, "mentions": ms, "strong": any(m.strong for m in ms)}
                for ms in groups.values()]
    entities = _merge_acronyms(entities, body)
    entities = _merge_short(entities, "person")
    entities = _merge_short(entities, "organization")
    _find_unlabelled(entities, body)
    return [_output(e) for e in entities]


def _vote_types(mentions: list[Mention]) -> list[Mention]:
    # A known name's type holds for all its mentions; otherwise one spelling may be two things in one
    # article (Toronto the team on a results line, Toronto the city in the schedule).
    known = {key(m.name): m.type for m in mentions if m.strong}
    return [m._replace(type=known.get(key(m.name), m.type)) for m in mentions]


def _surnames_as_persons(mentions: list[Mention]) -> list[Mention]:
    persons = [key(m.name).split() for m in mentions if m.type == "person"]
    parts = {words[-1] for words in persons if len(words) > 1}
    parts |= {words[0] for words in persons if len(words) > 2}
    return [m._replace(type="person") if (not m.strong and m.type != "person" and key(m.name) in parts)
            else m for m in mentions]


def _absorb(into: dict, other: dict) -> None:
    into["mentions"].extend(other["mentions"])
    into["strong"] = into["strong"] or other["strong"]
    other["mentions"] = []


def _merge_acronyms(entities: list[dict], body: str) -> list[dict]:
    by_key = {key(e["mentions"][0].name): e for e in entities}
    for entity in entities:
        if entity["type"] not in ("organization", "location") or not entity["mentions"]:
            continue
        for m in list(entity["mentions"]):
            found = ACRONYM_AFTER.match(body, m.end) if m.end >= 0 else None
            if not found or not _acronym(found.group(1)):
                continue
            short = by_key.get(key(found.group(1)))
            if short is None:
                entity["mentions"].append(Mention(m.name, entity["type"], found.start(1), found.end(1),
                                                  (found.group(1),), m.strong))
            elif short is not entity and short["mentions"]:
                _absorb(entity, short)
    longs = {}
    for e in entities:
        words = [w for w in e["mentions"][0].name.split() if w.lower() not in SMALL_WORDS] if e["mentions"] else []
        if e["type"] == "organization" and len(words) > 1:
            longs.setdefault("".join(w[0] for w in words).upper(), []).append(e)
    for e in entities:
        name = e["mentions"][0].name.replace(".", "") if e["mentions"] else ""
        if e["type"] == "organization" and name.isupper() and name.isalpha() and len(longs.get(name, [])) == 1:
            _absorb(longs[name][0], e)
    return [e for e in entities if e["mentions"]]


def _acronym(text: str) -> bool:
    """'(KCNA)', '(NAPM)', '(U.N.)' are acronyms; a country in brackets after a player ('(Russia)') is not."""
    known = lookup(text)
    return sum(c.isupper() for c in text) >= 2 and not (known and known.strong and known.type == "location")


def _merge_short(entities: list[dict], kind: str) -> list[dict]:
    names = {id(e): key(_name(e)).split() for e in entities if e["type"] == kind}

    def words(e: dict) -> list[str]:
        return names[id(e)]

    typed = sorted((e for e in entities if e["type"] == kind), key=lambda e: -len(words(e)))
    for short in reversed(typed):
        n = len(words(short))
        if short["strong"] or not short["mentions"] or (n == 1 and words(short)[0] in GENERIC):
            continue
        candidates = [e for e in typed if e["mentions"] and len(words(e)) > n
                      and (words(e)[:n] == words(short) or words(e)[-n:] == words(short))]
        if len(candidates) == 1:
            _absorb(candidates[0], short)
        elif candidates and kind == "person":
            # Ambiguous surname: each mention goes to the full name mentioned last before it.
            for m in short["mentions"]:
                before = [(c, max((x.start for x in c["mentions"] if x.start <= m.start), default=-2))
                          for c in candidates]
                best = max(before, key=lambda cb: (cb[1], len(cb[0]["mentions"])))[0]
                best["mentions"].append(m)
            short["mentions"] = []
    return [e for e in entities if e["mentions"]]


def _find_unlabelled(entities: list[dict], body: str) -> None:
    """Mentions the model missed: a known entity's spellings, and a person's surname, found again."""
    taken = bytearray(len(body) + 1)
    for e in entities:
        for m in e["mentions"]:
            if m.start >= 0:
                taken[m.start:m.end] = b"\1" * (m.end - m.start)
    wanted: dict[str, dict | None] = {}
    for e in entities:
        if e["type"] == "misc":
            continue
        names = {s for m in e["mentions"] for s in (m.name, *m.surfaces)}
        if e["type"] == "location":
            # A dateline's 'ESCHEN' is 'Eschen' in the text below it.
            names |= {n.title() for n in names if n.isupper() and len(n) > 3}
        if e["type"] == "person":
            words = _name(e).split()
            if len(words) == 2 and REGNAL.match(words[-1]):
                names.add(words[0])  # 'Henry VIII' is 'Henry' again later, never 'VIII'
            else:
                names |= {words[-1]} | ({words[0]} if len(words) > 2 else set())
        for name in names:
            if len(name) > 2 and name[0].isupper():
                # A spelling two entities share is left alone: the model's own reading decides there.
                wanted[name] = e if wanted.get(name, e) is e else None
    if not wanted:
        return
    names = sorted((n for n, e in wanted.items() if e is not None), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    for found in pattern.finditer(body):
        if any(taken[found.start():found.end()]):
            continue
        entity = wanted[found.group()]
        entity["mentions"].append(Mention(found.group(), entity["type"], found.start(), found.end(),
                                          (found.group(),), False))
        taken[found.start():found.end()] = b"\1" * (found.end() - found.start())


COUNTRY_SHORT = re.compile(r"(?<![\w.])(U\.S\.|U\.K\.|US|UK|UAE|EU)(?![\w.])|(?<![\w.])(U\.S|U\.K)(?=\.?\s|\.?$)")


def _spelled_out(name: str) -> str | None:
    """The name with a country's short form spelled out, for names that contain one and more words."""
    found = COUNTRY_SHORT.search(name)
    if not found or found.group() == name.strip():
        return None
    known = lookup(found.group())
    if not known or not known.strong:
        return None
    return name[:found.start()] + known.name + name[found.end():]


def _name(entity: dict) -> str:
    """The canonical name: a known name, else the longest person name, else the commonest spelling."""
    ms = entity["mentions"]
    strong = [m.name for m in ms if m.strong]
    if strong:
        return Counter(strong).most_common(1)[0][0]
    names = Counter(m.name for m in ms)
    mixed = [n for n in names if not n.isupper()] or list(names)
    if entity["type"] == "person":
        return max(mixed, key=lambda n: (len(key(n).split()), names[n]))
    return max(mixed, key=lambda n: names[n])


def _output(entity: dict) -> dict:
    name = _name(entity)
    aliases, seen = [], {name.casefold()}
    # A known name also carries its other known spellings, so articles that spell it otherwise merge.
    known = spellings(name) if entity["strong"] else []
    for surface in [s for m in entity["mentions"] for s in (m.name, *m.surfaces)] + known:
        if surface.casefold() not in seen:
            seen.add(surface.casefold())
            aliases.append(surface)
    for alias in [name, *aliases]:
        # 'U.S. Air Force' is also 'United States Air Force', as other articles may spell it.
        spelled = _spelled_out(alias)
        if spelled and spelled.casefold() not in seen:
            seen.add(spelled.casefold())
            aliases.append(spelled)
    offsets = sorted({(m.start, m.end) for m in entity["mentions"] if m.start >= 0})
    return {"name": name, "type": entity["type"], "aliases": aliases, "mentions": len(entity["mentions"]),
            "offsets": [list(o) for o in offsets]}
