"""The projection worker (`collegia project`): keeps the read models current in production.

One runner thread per projection reads the notification log from that projection's own
tracking position, so a restarted worker resumes exactly where each projection stopped
(a batch and its new position commit together: killing the worker mid-batch loses nothing
and applies nothing twice). Runners wake up

- every `poll_interval` seconds, whatever happens (a lost notification only delays them);
- at once when PostgreSQL announces new events: `eventsourcing` sends `NOTIFY` on the
  events table's channel with every insert, and a listener thread `LISTEN`s on it; during
  a burst, at most every `MIN_INTERVAL` (50 ms), so that a burst is applied in batches.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Sequence

from projections.batch import Projection
from projections.handlers import ALL_PROJECTIONS
from projections.projector import Projector
from infrastructure.system import System

logger = logging.getLogger("collegia.worker")
MAX_BACKOFF = 30.0  # seconds between retries while the database is unreachable
MIN_INTERVAL = 0.05  # seconds between the starts of two catch-ups of one projection (batches bursts)


class Runner(threading.Thread):
    """Catches one projection up, again and again, until stopped."""

    def __init__(self, system: System, projection: Projection, poll_interval: float,
                 stopping: threading.Event) -> None:
        super().__init__(name=f"projection-{projection.name}", daemon=True)
        self.projection = projection
        self.projector = Projector(system.app, system.engine, [projection])
        self.poll_interval = poll_interval
        self.stopping = stopping
        self.wake = threading.Event()
        self.applied = 0

    def run(self) -> None:
        backoff = 0.5
        last = float("-inf")
        while not self.stopping.is_set():
            # Under a burst of commands (PostgreSQL notifies every insert), catching up once per event
            # costs a read, a transaction and a position update each: catch-ups start at most every
            # MIN_INTERVAL, so a burst is applied in batches. A lone command is applied at once.
            since = time.monotonic() - last
            if since < MIN_INTERVAL:
                self.stopping.wait(MIN_INTERVAL - since)
            last = time.monotonic()
            self.wake.clear()  # a notification arriving during the catch-up wakes the next round
            try:
                count = self.projector.catch_up()
            except Exception:
                logger.exception("projection %s failed; retrying in %.1f s", self.projection.name, backoff)
                delay, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
            else:
                backoff = 0.5
                delay = self.poll_interval
                if count:
                    self.applied += count
                    logger.info("projection %s: %d event(s) applied, now at %d", self.projection.name, count,
                                self.projector.lowest_position())
            self.wake.wait(delay)


class ProjectionWorker:
    """Runs one `Runner` per projection, plus a LISTEN thread on PostgreSQL."""

    def __init__(self, system: System, projections: Sequence[Projection] = ALL_PROJECTIONS,
                 poll_interval: float | None = None, listen: bool = True) -> None:
        self.system = system
        self.stopping = threading.Event()
        interval = system.settings.poll_interval if poll_interval is None else poll_interval
        self.runners = [Runner(system, p, interval, self.stopping) for p in projections]
        self.poll_interval = interval
        self.channel: str | None = getattr(system.app.recorder, "channel_name", None) \
            if system.settings.is_postgres and listen else None
        self._listener: threading.Thread | None = None

    def start(self) -> None:
        Projector(self.system.app, self.system.engine, [r.projection for r in self.runners]).ensure_tracking()
        for runner in self.runners:
            runner.start()
        if self.channel:
            self._listener = threading.Thread(target=self._listen, name="projection-listen", daemon=True)
            self._listener.start()
        logger.info("projection worker started: %s (poll every %.1f s%s)",
                    ", ".join(r.projection.name for r in self.runners), self.poll_interval,
                    f", LISTEN {self.channel}" if self.channel else "")

    def wake_all(self) -> None:
        for runner in self.runners:
            runner.wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Let each runner finish its current batch, then return."""
        self.stopping.set()
        self.wake_all()
        for runner in self.runners:
            runner.join(timeout)
        if self._listener is not None:
            self._listener.join(timeout)

    def run_forever(self) -> None:
        """Start, then block until `stop()` is called (from a signal handler, for example)."""
        self.start()
        while not self.stopping.wait(1.0):
            pass
        self.stop()

    def _listen(self) -> None:
        """LISTEN on the events channel; reconnect after any failure (runners keep polling meanwhile)."""
        import psycopg
        from psycopg import sql
        delay = 0.5
        while not self.stopping.is_set():
            try:
                with psycopg.connect(self.system.settings.psycopg_url(), autocommit=True, connect_timeout=10) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    self.wake_all()  # events may have arrived while we were not listening
                    delay = 0.5
                    while not self.stopping.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.wake_all()
            except Exception as error:  # the database restarted or is unreachable: try again soon
                logger.warning("LISTEN %s interrupted (%s); reconnecting in %.1f s", self.channel,
                               str(error).splitlines()[0] if str(error) else type(error).__name__, delay)
                self.stopping.wait(delay)
                delay = min(delay * 2, max(self.poll_interval, 0.5))
