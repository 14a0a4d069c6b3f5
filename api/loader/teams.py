"""Sports teams named after their town, which the model reads as the town.

A town is the team where the words around it say so: a player's position after it ('Norwich striker',
'Surrey all-rounder'), a fixture's 'v' beside it ('Birmingham v Barnsley'), or a club word after it that
makes no place name ('Manchester City', 'Bristol Rovers'). Countries are left alone: news agencies file
national teams under the country's name.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the byline rules import this module without the model
    from spacy.tokens import Span

from api.loader import gazetteer

# Positions and roles named after the team: 'Norwich striker Keith O'Neill'.
ROLES = {"striker", "forward", "defender", "midfielder", "goalkeeper", "keeper", "winger", "skipper",
         "all-rounder", "batsman", "bowler", "pitcher", "quarterback", "fullback", "full-back", "fly-half",
         "scrum-half", "centre-back", "playmaker", "midfield", "spinner",
         "seamer", "wicketkeeper", "outfielder", "infielder", "shortstop", "catcher", "linebacker"}
VERSUS = {"v", "v.", "vs", "vs.", "versus"}
# Last words of a club's name that, after a town, make no other place: 'Norwich City', 'Bristol Rovers'.
CLUB_WORDS = {"city", "united", "rovers", "town", "athletic", "wanderers", "albion", "rangers", "hotspur",
              "orient", "argyle", "alexandra", "villa", "forest", "harriers", "academical"}


def team_context(core: Span) -> bool:
    """Whether the words beside a town's name make it the town's team."""
    doc = core.doc
    after = doc[core.end] if core.end < len(doc) else None
    before = doc[core.start - 1] if core.start > 0 else None
    if after is not None and after.text in ("'s", "’s") and core.end + 1 < len(doc):
        after = None  # 'Birmingham's Gary Breen' is too weak alone
    if after is not None and (after.lower_ in ROLES or (after.text == "-" and core.end + 1 < len(doc)
                                                         and doc[core.end + 1].lower_ in ROLES)):
        return True
    return (after is not None and after.lower_ in VERSUS) or (before is not None and before.lower_ in VERSUS)


def club_name(core: Span) -> bool:
    """'Manchester City': a known town and a club word that together name no known place."""
    if len(core) < 2 or core[-1].lower_ not in CLUB_WORDS or gazetteer.lookup(core.text):
        return False
    town = gazetteer.lookup(core[:-1].text)
    return bool(town and town.type == "location" and not town.strong)


def fixture_sides(doc) -> list[Span]:
    """Untagged teams on either side of a fixture's 'v': 'Walsall v Wrexham', 'May 17 v Durham'."""
    out = []
    for tok in doc:
        if tok.text not in VERSUS:
            continue
        after = _title_run(doc, tok.i + 1, 1)
        before = _title_run(doc, tok.i - 1, -1)
        for side in (before, after):
            if side is not None and not any(t.ent_type_ for t in side) and not gazetteer.lookup(side.text):
                out.append(side)
    return out


def _title_run(doc, i: int, step: int) -> Span | None:
    """Up to three capitalised words from token i onwards (step 1) or backwards (step -1)."""
    first = i
    while 0 <= i < len(doc) and abs(i - first) < 3 and doc[i].is_title and doc[i].is_alpha and not doc[i].is_stop:
        if "\n" in doc[i].whitespace_ and step == 1:
            i += step
            break
        i += step
    if i == first:
        return None
    start, end = (first, i) if step == 1 else (i + 1, first + 1)
    return doc[start:end]


def teams_after_country(doc) -> list[Span]:
    """A rider's or driver's team after his country on a results line: 'Olaf Lind (Norway) Telekom 4:48'."""
    out = []
    for tok in doc[3:]:
        if tok.text != ")" or "\n" in tok.whitespace_:
            continue
        opening = next((t.i for t in doc[max(0, tok.i - 4):tok.i] if t.text == "("), None)
        if opening is None or opening == 0 or doc[opening - 1].ent_type_ != "PERSON":
            continue
        country = gazetteer.lookup(doc[opening + 1:tok.i].text)
        if not (country and country.strong and country.type == "location"):
            continue
        end = tok.i + 1
        while (end < len(doc) and end - tok.i <= 3 and (doc[end].is_title or doc[end].is_upper) and doc[end].is_alpha
               and doc[end].ent_type_ not in ("PERSON", "GPE", "DATE", "TIME") and not doc[end].is_stop):
            end += 1
            if "\n" in doc[end - 1].whitespace_:
                break
        if end > tok.i + 1:
            out.append(doc[tok.i + 1:end])
    return out
