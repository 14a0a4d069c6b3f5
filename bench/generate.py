"""`python -m bench generate`: write a synthetic corpus through the store layer and print the rate."""
from __future__ import annotations

import time
from collections import Counter
from itertools import islice

from api.db import db, init_db
from api.models import create_tables
from bench.batch import BatchWriter
from bench.corpus import article, build


def generate(n: int, database_url: str, seed: int = 1, batch: int = 500, quiet: bool = False) -> dict:
    """Store articles 0..n-1 of the seed's corpus; return counts, seconds and articles/s."""
    init_db(database_url)
    create_tables()
    corpus = build(seed)
    outcomes: Counter = Counter()
    started = time.perf_counter()
    build_seconds = 0.0
    writer = BatchWriter()
    with db.connection_context():
        todo = iter(range(n))
        while chunk := list(islice(todo, batch)):
            t0 = time.perf_counter()
            recs = [article(corpus, i) for i in chunk]
            build_seconds += time.perf_counter() - t0
            outcomes.update(writer.save(recs))
            if not quiet:
                done = chunk[-1] + 1
                rate = done / (time.perf_counter() - started)
                print(f"\r{done}/{n} articles, {rate:.0f}/s", end="", flush=True)
    seconds = time.perf_counter() - started
    db.close_all()
    result = {"articles": n, "seconds": seconds, "rate": n / seconds if seconds else 0.0,
              "build_seconds": build_seconds, "outcomes": dict(outcomes)}
    if not quiet:
        print(f"\n{n} articles in {seconds:.1f}s: {result['rate']:.0f} articles/s "
              f"({build_seconds:.1f}s building records, the rest storing); {dict(outcomes)}")
    return result
