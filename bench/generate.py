"""`python -m bench generate`: write a synthetic corpus through the store layer and print the rate.

Records are built in a child process while the parent stores the previous batch, so building (about a
third of the work) overlaps with writing on a machine with two cores or more.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from functools import cache

from api.db import db, init_db, is_sqlite
from api.loader.store import save_articles
from api.models import create_tables
from bench.corpus import article, build


@cache
def _corpus(seed: int):
    return build(seed)


def _build_chunk(task: tuple[int, range]) -> list[dict]:
    seed, indexes = task
    corpus = _corpus(seed)
    return [article(corpus, i) for i in indexes]


def generate(n: int, database_url: str, seed: int = 1, batch: int = 500, quiet: bool = False) -> dict:
    """Store articles 0..n-1 of the seed's corpus; return counts, seconds and articles/s."""
    init_db(database_url)
    create_tables()
    outcomes: Counter = Counter()
    tasks = [(seed, range(start, min(start + batch, n))) for start in range(0, n, batch)]
    started = time.perf_counter()
    builders = max((os.cpu_count() or 1) - 1, 1)
    pool = multiprocessing.get_context("fork").Pool(builders) if n > batch else None
    try:
        chunks = pool.imap(_build_chunk, tasks) if pool else map(_build_chunk, tasks)
        with db.connection_context():
            done = 0
            for recs in chunks:
                outcomes.update(str(o) for o in save_articles(recs))
                done += len(recs)
                if not quiet:
                    rate = done / (time.perf_counter() - started)
                    print(f"\r{done}/{n} articles, {rate:.0f}/s", end="", flush=True)
    finally:
        if pool:
            pool.close()
            pool.join()
    seconds = time.perf_counter() - started
    if not is_sqlite():
        # What autovacuum would soon do anyway (statistics, and the visibility map that lets index-only
        # scans skip the heap); done here so plans and timings do not depend on when it runs, or whether.
        with db.connection_context():
            db.execute_sql("VACUUM ANALYZE")
    db.close_all()
    result = {"articles": n, "seconds": seconds, "rate": n / seconds if seconds else 0.0, "outcomes": dict(outcomes)}
    if not quiet:
        print(f"\n{n} articles in {seconds:.1f}s: {result['rate']:.0f} articles/s; {dict(outcomes)}")
    return result
