"""A deterministic synthetic corpus with the shape of a real news store.

Records come out shaped like `api.loader.normalize.finish` output (entities and quotes already
extracted), so they go straight to the store layer without NLP. The same seed and size always give
the same records: entities, bodies, dates and ids.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from api.loader.normalize import finish
from api.loader.store import alias_key

START = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 5 * 365 * 24 * 3600  # five years of publication dates
N_ENTITIES = 5000
N_SOURCES = 200
BODY_WORDS = 600
MENTIONS_PER_ARTICLE = 10
QUOTES_PER_ARTICLE = 2

_SYLLABLES = ("ka", "lo", "mer", "tin", "sa", "vor", "del", "ri", "an", "bel", "cor", "du", "fen", "gar",
              "hal", "is", "jor", "ken", "lu", "mon", "nor", "pel", "quin", "ros", "sten", "tur", "ul",
              "ven", "wes", "yor", "zan", "bra", "cle", "dro", "fri", "gla", "pro", "stra", "tho", "ve")
# The head of the word curve is plain English (as in real text, where these make half the tokens), so
# the NLP pipeline sees ordinary sentences and finds about as many entities as the corpus puts in.
_COMMON = """the of and to a in that is was for on it with as by at from his her they be this have
has had are were not but or an their which will would said there been one about more when who after
two new also than other into over year years people government city state week could last first time
its some what can between while during under only before most where against because three company
report police officials market country police group public since both well many former million
percent minister president told court plan say says support still health work family school months
children water money economic security local early today next back home found made called part
team season game business national county region program policy deal data world political united
federal billion price prices tax vote election law decision case power energy oil climate study
research """.split()
_STARTERS = ("The", "In", "It", "But", "After", "While", "This", "Many", "Some", "For", "On", "At")
_ORG_SUFFIXES = ("Group", "Holdings", "Institute", "Party", "Ministry", "Bank", "Council", "Union", "Labs")
_LOC_SUFFIXES = ("", " City", " Province", " Valley", " Bay")
_CUES = ("said", "told reporters", "added", "wrote", "argued")
_SECTIONS = ("world", "politics", "business", "science", "culture", "sport")
# Entity types by share of the entity list: people dominate news text, then organizations, places.
_TYPES = (("person", 0.45), ("organization", 0.3), ("location", 0.2), ("misc", 0.05))


@dataclass(frozen=True)
class Corpus:
    """The fixed parts of a corpus: vocabulary, entities and sources, derived from the seed."""

    seed: int
    words: list[str]
    word_weights: list[float]
    entities: list[tuple[str, str]]  # (name, type), most popular first
    entity_weights: list[float]
    sources: list[tuple[str, str]]  # (name, domain)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def build(seed: int = 1) -> Corpus:
    """The vocabulary, entities (Zipf-like popularity) and sources for a seed."""
    rng = random.Random(seed)
    invented = sorted({_word(rng, rng.randint(2, 4)) for _ in range(12000)} - set(_COMMON))
    rng.shuffle(invented)
    words = list(dict.fromkeys(_COMMON)) + invented
    entities: list[tuple[str, str]] = []
    seen: set[str] = set()
    kinds = [t for t, share in _TYPES for _ in range(round(share * 100))]
    while len(entities) < N_ENTITIES:
        kind = rng.choice(kinds)
        if kind == "person":
            name = f"{_word(rng, 2).title()} {_word(rng, 3).title()}"
        elif kind == "organization":
            name = f"{_word(rng, 3).title()} {rng.choice(_ORG_SUFFIXES)}"
        elif kind == "location":
            name = f"{_word(rng, 3).title()}{rng.choice(_LOC_SUFFIXES)}"
        else:
            name = f"Operation {_word(rng, 3).title()}"
        # One spelling per entity, unique after folding, so the store never merges two of them.
        key = alias_key(name)
        if key not in seen:
            seen.add(key)
            entities.append((name, kind))
    sources = []
    domains: set[str] = set()
    while len(sources) < N_SOURCES:
        label = _word(rng, 3)
        domain = f"{label}{rng.choice(('news', 'times', 'post', 'daily', ''))}.{rng.choice(('com', 'org', 'net'))}"
        if domain not in domains:
            domains.add(domain)
            sources.append((f"The {label.title()} {rng.choice(('Times', 'Post', 'Herald', 'News'))}", domain))
    return Corpus(
        seed=seed,
        words=words,
        word_weights=list(accumulate(1 / (rank + 1) for rank in range(len(words)))),
        entities=entities,
        entity_weights=list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(entities)))),
        sources=sources,
    )


def records(n: int, seed: int = 1) -> Iterator[dict]:
    """n normalised article records, the same for the same (n, seed); article i depends only on (seed, i)."""
    corpus = build(seed)
    for i in range(n):
        yield article(corpus, i)


def article(corpus: Corpus, i: int) -> dict:
    """Article number i of the corpus, as a finished record."""
    rng = random.Random(corpus.seed * 1_000_003 + i)
    published = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    source_name, domain = corpus.sources[min(int(rng.paretovariate(1.2)) - 1, N_SOURCES - 1)
                                         if rng.random() < 0.5 else rng.randrange(N_SOURCES)]
    picks = _pick_entities(rng, corpus, rng.randint(MENTIONS_PER_ARTICLE - 4, MENTIONS_PER_ARTICLE + 4))
    people = [e for e in picks if e[1] == "person"]
    title_words = rng.choices(corpus.words, cum_weights=corpus.word_weights, k=rng.randint(6, 11))
    title = " ".join([picks[0][0], *title_words]).capitalize()
    body, entities, quotes = _body(rng, corpus, picks, people)
    fields = {
        "url": f"https://www.{domain}/{rng.choice(_SECTIONS)}/{published:%Y/%m}/{'-'.join(title_words[:5])}-{i}",
        "title": title,
        "authors": [f"{_word(rng, 2).title()} {_word(rng, 2).title()}"],
        "published_at": published.isoformat(timespec="minutes"),
        "language": "en",
        "description": " ".join(body.split(" ", 30)[:30]),
        "body": body,
        "source_name": source_name,
        "entities": entities,
        "quotes": quotes,
        "provenance": {"title": "given", "body": "given", "published_at": "given"},
    }
    return finish(fields, origin=f"bench:{corpus.seed}:{i}")


def _pick_entities(rng: random.Random, corpus: Corpus, k: int) -> list[tuple[str, str]]:
    picked: dict[tuple[str, str], None] = {}
    while len(picked) < k:
        picked.update(dict.fromkeys(rng.choices(corpus.entities, cum_weights=corpus.entity_weights, k=k)))
    return list(picked)[:k]


def _body(rng: random.Random, corpus: Corpus, picks: list, people: list) -> tuple[str, list, list]:
    """~600 words in paragraphs, each entity named 1-4 times and ~2 quotes, with true offsets."""
    parts: list[str] = []
    length = 0
    offsets: dict[str, list[list[int]]] = {name: [] for name, _ in picks}
    quotes: list[dict] = []
    names = [name for name, _ in picks for _ in range(rng.randint(1, 4))]
    rng.shuffle(names)
    n_quotes = min(len(people), rng.choice((1, 2, 2, 3))) if people else 0
    quote_at = set(rng.sample(range(len(names)), n_quotes)) if n_quotes else set()
    filler = BODY_WORDS - len(names) * 2
    per_gap = max(filler // (len(names) + 1), 1)

    def add(text: str) -> int:
        nonlocal length
        start = length
        parts.append(text)
        length += len(text)
        return start

    for index, name in enumerate(names):
        add(_sentence(rng, corpus, per_gap))
        if index in quote_at:
            speaker = people[len(quotes) % len(people)][0]
            said = " ".join(rng.choices(corpus.words, cum_weights=corpus.word_weights, k=rng.randint(8, 20)))
            start = add("\u201c" + said.capitalize() + ",\u201d ")
            end = start + len(said) + 3
            cue = rng.choice(_CUES)
            name_at = add(speaker)
            offsets[speaker].append([name_at, name_at + len(speaker)])
            add(f" {cue}. ")
            quotes.append({"text": said.capitalize() + ",", "speaker": speaker, "cue": cue, "kind": "statement",
                           "start": start, "end": end})
        at = add(name)
        offsets[name].append([at, at + len(name)])
        add(" " + rng.choice(corpus.words) + ". ")
        if index % 7 == 6:
            add("\n\n")
    add(_sentence(rng, corpus, per_gap).rstrip())
    body = "".join(parts)
    entities = [{"name": name, "type": kind, "aliases": [], "mentions": max(len(offsets[name]), 1),
                 "offsets": offsets[name]} for name, kind in picks]
    return body, entities, quotes


def _sentence(rng: random.Random, corpus: Corpus, words: int) -> str:
    filler = rng.choices(corpus.words, cum_weights=corpus.word_weights, k=max(words - 1, 1))
    return " ".join([rng.choice(_STARTERS), *filler]) + ". "
