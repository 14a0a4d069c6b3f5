"""Looking up an article's entities from spaCy tokens: which entity a token names, and persons by role.

The entity list is the one `extract_entities` made (offsets into the body). Speaker attribution asks
"which entity is this subject?", "who is 'the minister'?" and "which person did 'he' last refer to?";
this module answers from the entities' mention offsets and the dependency parse around each mention.
A person's gender comes from the text (an honorific, a pronoun after the name) or, failing that, from a
given name listed for one sex only.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from api.loader.entitytypes import first_name_gender

HONORIFICS = {"mr": "m", "mr.": "m", "ms": "f", "ms.": "f", "mrs": "f", "mrs.": "f", "miss": "f",
              "sir": "m", "lord": "m", "lady": "f", "dr": None, "dr.": None, "sen.": None,
              "sen": None, "rep.": None, "rep": None, "gov.": None, "gov": None, "del.": None,
              "prof.": None, "gen.": None, "lt.": None, "col.": None, "sgt.": None, "rev.": None}
PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
            "she": "f", "her": "f", "hers": "f", "herself": "f"}
# Pronouns in these roles refer to someone other than the clause's subject: no clue to its gender.
OBJECTS = ("dobj", "dative", "iobj", "pobj")
# A role noun names a person only in a clause of its own ("the minister said"); these never do.
NOT_ROLES = {"people", "person", "man", "woman", "official", "officials", "source", "group"}


class EntityIndex:
    """Mentions of an article's entities by character offset, with the roles and genders of persons."""

    def __init__(self, doc: Doc, entities: list[dict]):
        self.doc = doc
        self.text = doc.text
        self.entities = entities
        self._rebuild()

    def _rebuild(self) -> None:
        spans = sorted((start, end, i) for i, e in enumerate(self.entities) for start, end in e.get("offsets") or [])
        self.starts = [s for s, _, _ in spans]
        self.spans = spans
        self.roles: dict[int, set[str]] = {}
        votes: dict[int, set[str]] = {}
        persons = [(start, end) for start, end, i in spans if self.entities[i].get("type") == "person"]
        for start, end, i in spans:
            if self.entities[i].get("type") != "person":
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self.roles.setdefault(i, set()).update(_roles_of(span.root))
            before = self.doc[span.start - 1] if span.start else None
            if before is not None and HONORIFICS.get(before.lower_):
                votes.setdefault(i, set()).add(HONORIFICS[before.lower_])
            if (gender := _pronoun_after(span, persons)) is not None:
                votes.setdefault(i, set()).add(gender)
        # a gender only when every clue agrees: a clash means two people share a name, or a parse slip
        self.gender = {i: v.pop() for i, v in votes.items() if len(v) == 1}
        for i in set(self.roles) - set(votes):  # no clue in the text: a given name used for one sex only
            if (gender := first_name_gender(self.entities[i]["name"].split()[0])) is not None:
                self.gender[i] = gender

    def at(self, char: int) -> int | None:
        """The entity with a mention covering this character, if any."""
        k = bisect_right(self.starts, char) - 1
        while k >= 0 and self.spans[k][0] <= char:
            start, end, i = self.spans[k]
            if start <= char < end:
                return i
            k -= 1
            if char - start > 200:
                break
        return None

    def mentions_before(self, char: int, since: int) -> list[tuple[int, int, int]]:
        """(start, end, entity) of mentions starting in [since, char), latest first."""
        k = bisect_right(self.starts, char - 1)
        return [m for m in reversed(self.spans[:k]) if m[0] >= since]

    def by_role(self, lemma: str) -> int | None:
        """The one person described by this role noun ('minister'), or None if none or several are."""
        if lemma in NOT_ROLES:
            return None
        found = [i for i, roles in self.roles.items() if lemma in roles]
        return found[0] if len(found) == 1 else None

    def by_word(self, word: str) -> int | None:
        """The one person whose listed name has this word ('Choe' -> 'Choe Son Hui'), if exactly one."""
        found = {i for i, e in enumerate(self.entities)
                 if e.get("type") == "person" and word in e["name"].split()}
        return found.pop() if len(found) == 1 else None

    def by_first_word(self, word: str) -> int | None:
        """The one organisation whose listed name starts with this word ('Peabody' -> 'Peabody Energy'),
        if no other listed name of any kind has the word."""
        if len(word) < 3 or not word[0].isupper():
            return None
        having = [i for i, e in enumerate(self.entities) if word in e["name"].split()]
        if len(having) != 1 or self.entities[having[0]].get("type") != "organization":
            return None
        return having[0] if self.entities[having[0]]["name"].split()[0] == word else None

    def full_name(self, i: int) -> str:
        """The entity's name, or for a lone surname the one listed person whose name ends with it."""
        entity = self.entities[i]
        name = entity["name"]
        if entity.get("type") != "person" or len(name.split()) > 1:
            return name
        longer = {e["name"] for e in self.entities
                  if e.get("type") == "person" and e["name"] != name and name in e["name"].split()}
        return longer.pop() if len(longer) == 1 else name

    def add_alias(self, i: int, alias: str) -> None:
        """Another name of a listed entity, seen in the text."""
        entity = self.entities[i]
        if alias != entity["name"] and alias not in entity.setdefault("aliases", []):
            entity["aliases"].append(alias)

    def add_person(self, name: str) -> int:
        """Append a person the NER missed, with every whole-word occurrence in the body as a mention."""
        for i, entity in enumerate(self.entities):
            if entity["name"] == name or name in entity.get("aliases", []):
                return i
        text = self.text
        offsets = [[m.start(), m.end()] for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
        self.entities.append({"name": name, "type": "person", "aliases": [], "mentions": len(offsets),
                              "offsets": offsets})
        self._rebuild()
        return len(self.entities) - 1


def _pronoun_after(span, persons: list[tuple[int, int]]) -> str | None:
    """The gender of the first he/she-type pronoun after a subject's name in its sentence, before any other
    person is named: 'Smith said she would stay' -> 'f'. Objects do not count ('Smith told him')."""
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    starts = {s for s, _ in persons}
    for tok in span.doc[span.end:span.sent.end]:
        if tok.idx in starts or tok.is_quote:
            return None  # another person, or a quote whose pronouns are the speaker's own
        gender = PRONOUNS.get(tok.lower_)
        if tok.dep_ in OBJECTS:
            continue  # 'Smith scolded him': an object of the subject's own verb is someone else
        if gender is not None and tok.pos_ == "PRON":
            return gender
    return None


def _roles_of(head: Token) -> set[str]:
    """Role nouns attached to a name: 'Foreign Minister X', 'X, the minister', 'businessman X'."""
    roles = set()
    for child in head.children:
        if child.dep_ in ("compound", "appos", "nmod", "amod") and child.pos_ in ("NOUN", "PROPN"):
            if child.ent_type_ and child.ent_type_ != "PERSON" and child.dep_ != "appos":
                continue
            roles.add(child._.lemma.lower())
            roles.update(g._.lemma.lower() for g in child.children
                         if g.dep_ in ("compound",) and g.pos_ in ("NOUN", "PROPN"))
    return roles
