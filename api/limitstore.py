"""The rate limiter's in-process counters (`memory://`), expired inline instead of by a timer thread.

limits' MemoryStorage starts a new `threading.Timer` whenever the previous one (10 ms) has ended, so a sync
worker serving fewer than ~100 requests a second starts an OS thread on nearly every request and waits
for it to be scheduled: about a millisecond each on an idle machine, many more when the cores are busy.
This subclass takes the `memory` scheme over and sweeps expired counters at most once a second, inline,
on the request that finds the sweep due; a counter read after its window is still reset on that read.
"""
from __future__ import annotations

import time

from limits.storage import MemoryStorage

SWEEP_EVERY_S = 1.0


class InlineExpiryMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["memory"]  # registered on class creation: `memory://` now builds this class

    def __init__(self, *args, **kwargs) -> None:
        self._next_sweep = 0.0
        super().__init__(*args, **kwargs)

    # The parent's private hook, called on every hit (name-mangled there, hence the spelling).
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY_S
            self._MemoryStorage__expire_events()
