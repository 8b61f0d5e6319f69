"""Turns between processes for commands on one aggregate of an embedded (SQLite) store.

Within a process, commands on one aggregate already take turns (`Collegia.aggregate_lock`).
Between processes (gunicorn workers, the CLI), SQLite has a single writer and no row locks:
two processes deciding on the same aggregate at once would both load version N, one save
would fail as stale and be re-run, and the loser would wait in SQLite's busy handler, which
sleeps in steps of up to 100 ms. A POSIX record lock on one byte per lock stripe, in a file
beside the store, makes them take turns instead: the kernel wakes the next process as soon as
the lock is released. PostgreSQL needs none of this (its writers wait on row and table locks).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from typing import Iterator


class StoreTurns:
    """One byte-range lock per stripe of `path` (created if missing); no-op without a path."""

    def __init__(self, path: str | None) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600) if path else None

    @contextmanager
    def turn(self, stripe: int) -> Iterator[None]:
        if self._fd is None:
            yield
            return
        fcntl.lockf(self._fd, fcntl.LOCK_EX, 1, stripe)
        try:
            yield
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, stripe)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
