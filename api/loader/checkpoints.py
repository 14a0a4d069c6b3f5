"""SQLite WAL checkpoints of a load run in a thread of their own, off the writing connection's commits.

By default the connection whose commit takes the WAL past 1,000 pages copies the WAL into the database
file and syncs it before that commit returns: for a loader writing tens of megabytes a batch, a fifth of
its time, spent while nothing else is written. During a load the writer's automatic checkpoints are
turned off and a thread with its own connection runs a PASSIVE checkpoint after each commit (it never
blocks the writer or a reader); the sqlite3 module lets go of the GIL meanwhile, so the copying and the
sync overlap the next batch. Durability is unchanged: a commit is in the WAL either way, and the
checkpoint syncs the WAL before copying from it.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import OperationalError

from api.db import db, is_sqlite


class _Checkpointer(threading.Thread):
    """A thread checkpointing the WAL each time it is asked to (asks while it works count as one), and
    once more when told it is done (the last commit's pages)."""

    def __init__(self) -> None:
        super().__init__(name="wal-checkpoints", daemon=True)
        self.asked = threading.Event()
        self.done = False

    def run(self) -> None:
        try:
            while True:
                self.asked.wait()
                self.asked.clear()
                # Read before the checkpoint: `done` is set before the last ask, so a checkpoint never
                # misses the last commit's pages.
                last = self.done
                try:
                    db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
                except OperationalError:
                    pass  # it could not run now (say, a disk error): the next ask tries again
                if last:
                    return
        finally:
            db.close()  # this thread's connection, back to the pool


@contextmanager
def background_checkpoints() -> Iterator[_Checkpointer | None]:
    """While the block runs, this thread's connection leaves WAL checkpoints to a background thread; call
    the yielded object's `asked.set()` after each commit. Yields None (and changes nothing) on PostgreSQL."""
    if not is_sqlite():
        yield None
        return
    (previous,) = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()
    db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    checkpointer = _Checkpointer()
    checkpointer.start()
    try:
        yield checkpointer
    finally:
        checkpointer.done = True
        checkpointer.asked.set()
        checkpointer.join()
        # The pool hands this connection out again: as it was.
        db.execute_sql(f"PRAGMA wal_autocheckpoint = {int(previous)}")
