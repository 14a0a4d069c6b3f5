"""The load: read every input, extract records in parallel, store each in its own transaction."""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice

from peewee import DatabaseError

from api.loader.checkpoints import background_checkpoints
from api.loader.normalize import finish
from api.loader.prepared import Prepared, prepare
from api.loader.read import Item, read_paths
from api.loader.record import RecordError, extract_record
from api.loader.store import save_articles, write_transaction

# Articles written per transaction at most (each whole or not at all): larger transactions cost less per
# article on SQLite (fewer commits and full-text segments to merge); the time bound below usually ends them.
BATCH_SIZE = 2000
BATCH_SECONDS = 1.0  # ...and a transaction at least this often, so a slow (NLP) load commits as it goes
CHUNK = 8  # articles a worker extracts at a time: their bodies go through the model as one batch
QUICK_CHUNK = 100  # pre-extracted records a worker finishes at a time: enough to outweigh the hand-over
# Pre-extracted records in flight: about a batch more than the store takes at once, so the extracting process
# goes on while this one stores a whole batch.
QUICK_AHEAD = 2 * BATCH_SIZE // QUICK_CHUNK
# Marks, among the results, that the next one is not ready: the batch so far is stored meanwhile when it
# holds EARLY_BATCH records (a smaller one would cost more per article: each batch has a fixed cost).
WAITING = object()
EARLY_BATCH = 500
# Chunks in flight per worker: slack enough that a slow chunk (a long page) never leaves a worker idle
# while the results behind it wait for it, few enough to bound the memory of results not yet stored.
AHEAD = 8


@dataclass
class Summary:
    """What a load did: counts by outcome, every failure with its origin and reason, and every warning
    (a value dropped from a record that was still stored) with its origin and reason."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("loaded", "updated", "unchanged", "duplicate", "failed"), 0))
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return ", ".join(f"{n} {k}" for k, n in self.counts.items())


def extract_item(item: Item) -> tuple[str, dict | None, str | None]:
    """(origin, normalised record, None) or (origin, None, reason): never raises."""
    return extract_items([item])[0]


def extract_items(items: list[Item]) -> list[tuple[str, dict | None, str | None]]:
    """`extract_item` for several items, their bodies parsed by the model in one batch; never raises.

    A record that brings its own entities and quotes skips the model.
    """
    results: list = [None] * len(items)
    pending: list[tuple[int, str, dict]] = []
    for index, item in enumerate(items):
        item = item.parsed()
        if item.error:
            results[index] = (item.origin, None, item.error)
            continue
        try:
            fields = extract_record(item.record)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the load; its reason is reported
            results[index] = (item.origin, None, _reason(exc))
            continue
        if "entities" in fields and "quotes" in fields:
            results[index] = _finished(item.origin, fields)
        else:
            pending.append((index, item.origin, fields))
    if not pending:
        return results
    # Imported here: spaCy takes about a second to import, which pre-extracted records never need.
    from api.loader.nlp import annotate, parse_bodies

    try:
        docs = parse_bodies([fields for _, _, fields in pending])
    except Exception:  # noqa: BLE001 - one text the model chokes on: each is parsed alone, so it fails alone
        docs = [None] * len(pending)
    for (index, origin, fields), doc in zip(pending, docs, strict=True):
        try:
            annotate(fields, doc)
        except Exception as exc:  # noqa: BLE001 - as above
            results[index] = (origin, None, _reason(exc))
            continue
        results[index] = _finished(origin, fields)
    return results


def prepare_items(items: list[Item]) -> list[tuple[str, Prepared | None, str | None]]:
    """`extract_items` with each record `prepare`d for the store (in the worker that extracted it)."""
    results = []
    for origin, record, error in extract_items(items):
        if record is not None:
            try:
                record = prepare(record)
            except Exception as exc:  # noqa: BLE001 - as in extract_items
                record, error = None, _reason(exc)
        results.append((origin, record, error))
    return results


def _finished(origin: str, fields: dict) -> tuple[str, dict | None, str | None]:
    try:
        return origin, finish(fields, origin), None
    except Exception as exc:  # noqa: BLE001 - as above
        return origin, None, _reason(exc)


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecordError):
        return str(exc)
    return f"extraction failed: {exc.__class__.__name__}: {exc}"


def load(paths: Iterable[str], workers: int | None = None, strict: bool = False,
         on_result: Callable[[str, str], None] | None = None) -> Summary:
    """Load files and folders; extraction runs in `workers` processes (default: all cores)."""
    workers = workers or os.cpu_count() or 1
    summary = Summary()
    results = _extracted(read_paths(paths), workers)
    try:
        with background_checkpoints() as checkpoints:
            for batch in _batches(results, BATCH_SIZE, BATCH_SECONDS):
                with write_transaction():
                    stop = _store_batch(batch, summary, strict, on_result)
                if checkpoints is not None:
                    checkpoints.asked.set()
                if stop:
                    break
    finally:
        results.close()  # stops the worker pool
    return summary


def _extracted(items: Iterable[Item], workers: int) -> Generator[tuple, None, None]:
    """Extraction results in input order, from `workers` processes (inline with one worker), with
    `WAITING` where the next one is not ready yet. Each record comes `prepare`d for the store.

    Records that need no model (pre-extracted, unreadable) go in large chunks to a pool forked without
    the model, so extracting them overlaps with storing in this process. That pool has one process fewer
    than `workers` (with two: one extracts while this one stores): such a record costs less to extract
    than to store, so this process, the one writer, sets the pace, and another extracting process would
    only take CPU from it. At the first record that needs the model, that pool (if any) is ended and one
    of `workers` processes is forked after the model is loaded, so it is loaded once and shared; it takes
    every record from then on, the others in small chunks (one model batch each). One pool at a time, so
    no fork happens beside another pool's threads.
    """
    pool, size, with_model = None, 0, False
    try:
        for quick, group in groupby(items, key=_quick):
            if workers == 1:
                for chunk in _chunks(group, 1 if quick else CHUNK):
                    yield from prepare_items(chunk)
                continue
            if pool is None or not (quick or with_model):
                if pool is not None:
                    pool.terminate()
                if not quick:
                    _load_page_tools()
                    with_model = True
                size = workers if with_model else workers - 1
                pool = multiprocessing.get_context("fork").Pool(size)
            chunks = _chunks(group, QUICK_CHUNK if quick else CHUNK)
            ahead = QUICK_AHEAD if quick else AHEAD * size
            for results in _ordered_map(pool, prepare_items, chunks, ahead=ahead):
                yield from results
    finally:
        if pool is not None:
            pool.terminate()


def _load_page_tools() -> None:
    """Import and load what pages need (the model, the HTML extractor) once, before the workers fork."""
    from api.loader import html  # noqa: F401 - imported for the workers to inherit
    from api.loader.nlp import pipeline

    pipeline()


def _ordered_map(pool, func: Callable, chunks: Iterable, ahead: int) -> Iterator:
    """`pool.imap` with at most `ahead` chunks in flight, so a fast reader never holds a whole file's
    results in memory while the store catches up; `WAITING` before it waits for the next chunk."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.apply_async(func, (chunk,)))
        if len(pending) >= ahead:
            yield _next(pending)
    while pending:
        yield _next(pending)


def _next(pending: deque) -> Iterator:
    if not pending[0].ready():
        yield WAITING
    yield from pending.popleft().get()


def _quick(item: Item) -> bool:
    return bool(item.error) or item.may_be_extracted()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _batches(results: Iterable, size: int, seconds: float) -> Iterator[list]:
    """The results in batches of at most `size`, each closed after `seconds`, or when the next result is
    not ready (`WAITING`) and it holds EARLY_BATCH: the store then works while the workers extract, instead
    of waiting for a full batch (the first batch of a load, a store faster than the workers)."""
    batch: list = []
    started = 0.0
    for result in results:
        if result is WAITING:
            if len(batch) >= EARLY_BATCH:
                yield batch
                batch = []
            continue
        if not batch:
            started = time.monotonic()
        batch.append(result)
        # A failure ends the batch early so --strict stops before reading further records.
        if len(batch) >= size or result[2] or time.monotonic() - started >= seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_batch(batch: list, summary: Summary, strict: bool,
                 on_result: Callable[[str, str], None] | None) -> bool:
    """Store a batch's records, each whole or not at all; True when --strict must stop."""
    records = [record for _, record, _ in batch if record is not None]
    # With --strict nothing after a failure is stored: one record at a time.
    outcomes = iter([] if strict else save_articles(records))
    for origin, record, error in batch:
        status = "failed"
        if record is not None:
            summary.warnings.extend((origin, warning) for warning in record.warnings)
            outcome = next(outcomes) if not strict else save_articles([record])[0]
            if isinstance(outcome, DatabaseError):
                error = f"database error: {outcome}"
            else:
                status = outcome
        if error:
            status = "failed"
            summary.failures.append((origin, error))
        summary.counts[status] += 1
        if on_result:
            on_result(origin, status)
        if error and strict:
            return True
    return False
