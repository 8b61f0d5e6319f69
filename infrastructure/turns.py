"""Turns between processes for commands on one aggregate.

Within a process, commands on one aggregate already take turns (a lock per stripe, see
`governance.application.retry_on_conflict`). Between processes (gunicorn workers, the
projection worker's closer, the CLI), two commands on the same aggregate would both load
version N and decide; the second save would fail as stale and the whole command be re-run
(under 16 voters on one proposal, more than half of the commands were). Worse, on SQLite
the loser first waits in SQLite's busy handler, which sleeps in steps of up to 100 ms. So
processes take turns per lock stripe (the same stripes as the in-process locks), and the
next one is woken as soon as the turn is released:

- SQLite (`FileTurns`): a POSIX record lock on one byte per stripe of a file beside the store;
- PostgreSQL (`AdvisoryTurns`): a session advisory lock per stripe, in a key space of the
  store's schema, held on a pooled connection of the event store for the command's duration.

A turn only spares work: the optimistic check of the save still guards every command, so a
writer that takes no turn stays correct.
"""

from __future__ import annotations

import fcntl
import logging
import os
import zlib
from contextlib import contextmanager
from typing import Any, Iterator

logger = logging.getLogger(__name__)


class NoTurns:
    """Stores that need no turns (in-memory stores: a single process)."""

    @contextmanager
    def turn(self, stripe: int) -> Iterator[None]:
        yield

    def close(self) -> None:
        pass


class FileTurns(NoTurns):
    """One byte-range lock per stripe of `path` (created if missing)."""

    def __init__(self, path: str) -> None:
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    @contextmanager
    def turn(self, stripe: int) -> Iterator[None]:
        if self._fd is None:  # closed
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


class AdvisoryTurns(NoTurns):
    """`pg_advisory_lock(space, stripe)` on a connection of the event store's pool."""

    def __init__(self, datastore: Any, namespace: str) -> None:
        self._datastore = datastore
        self._space = zlib.crc32(namespace.encode()) & 0x7FFFFFFF

    @contextmanager
    def turn(self, stripe: int) -> Iterator[None]:
        with self._datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s, %s)", (self._space, stripe))
            try:
                yield
            finally:
                try:
                    conn.execute("SELECT pg_advisory_unlock(%s, %s)", (self._space, stripe))
                except Exception:  # the connection broke: closing it is what releases the lock
                    logger.warning("could not release turn %d; closing its connection", stripe, exc_info=True)
                    conn.close()


def turns_for(env: Any, recorder: Any) -> NoTurns:
    """The turns suited to the application's store (`env`: its persistence settings)."""
    module = env.get("PERSISTENCE_MODULE") or ""
    if "sqlite" in module:
        name = env.get("SQLITE_DBNAME") or ""
        if name and ":memory:" not in name and "mode=memory" not in name:
            return FileTurns(name + ".turns")
    elif "postgres" in module and getattr(recorder, "datastore", None) is not None:
        namespace = f"collegia:{env.get('POSTGRES_DBNAME') or ''}:{env.get('POSTGRES_SCHEMA') or 'public'}"
        return AdvisoryTurns(recorder.datastore, namespace)
    return NoTurns()
