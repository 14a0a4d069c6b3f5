"""The load: read every input, extract records in parallel, store each in its own transaction."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from peewee import DatabaseError

from api.loader.nlp import annotate
from api.loader.normalize import finish
from api.loader.read import Item, read_paths
from api.loader.record import RecordError, extract_record
from api.loader.store import save_article, write_transaction

BATCH_SIZE = 50  # articles written per transaction (each in its own savepoint)


@dataclass
class Summary:
    """What a load did: counts by outcome and every failure with its origin and reason."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("loaded", "updated", "unchanged", "duplicate", "failed"), 0))
    failures: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return ", ".join(f"{n} {k}" for k, n in self.counts.items())


def extract_item(item: Item) -> tuple[str, dict | None, str | None]:
    """(origin, normalised record, None) or (origin, None, reason): never raises."""
    if item.error:
        return item.origin, None, item.error
    try:
        fields = extract_record(item.record)
        annotate(fields)
        return item.origin, finish(fields, item.origin), None
    except RecordError as exc:
        return item.origin, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the load; its reason is reported
        return item.origin, None, f"extraction failed: {exc.__class__.__name__}: {exc}"


def load(paths: Iterable[str], workers: int | None = None, strict: bool = False,
         on_result: Callable[[str, str], None] | None = None) -> Summary:
    """Load files and folders; extraction runs in `workers` processes (default: all cores)."""
    workers = workers or os.cpu_count() or 1
    summary = Summary()
    items = read_paths(paths)
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        results = pool.imap(extract_item, items, chunksize=2) if pool else map(extract_item, items)
        for batch in _batches(results, BATCH_SIZE):
            with write_transaction():
                stop = _store_batch(batch, summary, strict, on_result)
            if stop:
                break
    finally:
        if pool:
            pool.terminate()
    return summary


def _batches(results: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for result in results:
        batch.append(result)
        # A failure ends the batch early so --strict stops before reading further records.
        if len(batch) >= size or result[2]:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_batch(batch: list, summary: Summary, strict: bool,
                 on_result: Callable[[str, str], None] | None) -> bool:
    """Store a batch's records, each in its own savepoint; True when --strict must stop."""
    for origin, record, error in batch:
        status = "failed"
        if record is not None:
            try:
                # A failing article is rolled back whole; the others in the batch are kept.
                status = save_article(record)
            except DatabaseError as exc:
                error = f"database error: {exc}"
        if error:
            status = "failed"
            summary.failures.append((origin, error))
        summary.counts[status] += 1
        if on_result:
            on_result(origin, status)
        if error and strict:
            return True
    return False
