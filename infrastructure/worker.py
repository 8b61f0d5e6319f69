"""The projection worker (`collegia project`): keeps the read models current in production.

One dispatcher thread reads the notification log once per wake-up and applies each section to
every projection in one transaction (issue 27: each stored event is read and decoded once for all
the read models, and a section's positions move in one or two statements). Each projection keeps
its own tracking position, so a restarted worker resumes exactly where each projection stopped
(a batch and its new positions commit together: killing the worker mid-batch loses nothing and
applies nothing twice). A projection whose handlers fail is set aside: the others go on together,
it is retried alone with a growing delay, and it rejoins them once it has caught up.

The dispatcher wakes up

- every `poll_interval` seconds, whatever happens (a lost notification only delays it);
- at once when PostgreSQL announces new events: `eventsourcing` sends `NOTIFY` on the events
  table's channel with every insert, and a listener thread `LISTEN`s on it; during a burst, at
  most every `MIN_INTERVAL` (50 ms), so that a burst is applied in batches.
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
MAX_BACKOFF = 30.0  # seconds between retries while the database is unreachable or a projection fails
MIN_INTERVAL = 0.05  # seconds between the starts of two catch-ups (batches bursts)


class Dispatcher(threading.Thread):
    """Catches every projection up, again and again, until stopped: one read of the log per section for all of
    them; a failing projection is retried on its own (`Projector` with that projection only) with backoff."""

    def __init__(self, system: System, projections: Sequence[Projection], poll_interval: float,
                 stopping: threading.Event) -> None:
        super().__init__(name="projection-dispatcher", daemon=True)
        self.system = system
        self.projections = tuple(projections)
        self.poll_interval = poll_interval
        self.stopping = stopping
        self.wake = threading.Event()
        self.applied = 0
        # Projection name -> (monotonic time of the next retry, delay after the next failure).
        self.failing: dict[str, tuple[float, float]] = {}
        self._projectors: dict[tuple[str, ...], Projector] = {}  # each keeps its caches between rounds

    def projector(self, projections: Sequence[Projection]) -> Projector:
        key = tuple(p.name for p in projections)
        if key not in self._projectors:
            # The rounds of all the healthy projections keep one connection; one retried alone takes one from the
            # pool each time (a failure is the exception).
            self._projectors[key] = Projector(self.system.app, self.system.engine, projections,
                                              keep_connection=len(projections) > 1)
        return self._projectors[key]

    def run(self) -> None:
        last = float("-inf")
        while not self.stopping.is_set():
            # Under a burst of commands (PostgreSQL notifies every insert), catching up once per event
            # costs a read, a transaction and the position updates each: catch-ups start at most every
            # MIN_INTERVAL, so a burst is applied in batches. A lone command is applied at once.
            since = time.monotonic() - last
            if since < MIN_INTERVAL:
                self.stopping.wait(MIN_INTERVAL - since)
            last = time.monotonic()
            self.wake.clear()  # a notification arriving during the catch-up wakes the next round
            self.wake.wait(self.round())
        self.close()

    def close(self) -> None:
        """Let go of the connections the projectors kept."""
        for projector in self._projectors.values():
            projector.close()

    def round(self) -> float:
        """One catch-up of every projection; returns how long to sleep before the next one."""
        healthy = [p for p in self.projections if p.name not in self.failing]
        if healthy:
            try:
                self._caught_up(self.projector(healthy), healthy)
            except Exception:
                # Find out which: each alone. Those that fail are set aside; the others are now caught up.
                for projection in healthy:
                    self._alone(projection)
        now = time.monotonic()
        for projection in self.projections:
            retry = self.failing.get(projection.name)
            if retry is not None and retry[0] <= now:
                self._alone(projection)
        delays = [at - time.monotonic() for at, _ in self.failing.values()]
        return max(0.0, min([self.poll_interval, *delays]))

    def _alone(self, projection: Projection) -> None:
        try:
            self._caught_up(self.projector([projection]), [projection])
        except Exception:
            delay = self.failing.get(projection.name, (0.0, 0.5))[1]  # 0.5 s after a first failure, then doubling
            logger.exception("projection %s failed; retrying in %.1f s", projection.name, delay)
            self.failing[projection.name] = (time.monotonic() + delay, min(delay * 2, MAX_BACKOFF))
        else:
            if self.failing.pop(projection.name, None) is not None:
                logger.info("projection %s recovered; it runs with the others again", projection.name)

    def _caught_up(self, projector: Projector, projections: Sequence[Projection]) -> None:
        count = projector.catch_up()
        if count:
            self.applied += count
            logger.info("%s: %d event(s) applied, now at %d", ", ".join(p.name for p in projections), count,
                        projector.reached)


class ProjectionWorker:
    """Runs the `Dispatcher` for the projections, plus a thread that wakes it when events arrive: LISTEN on
    PostgreSQL; on SQLite, which has no notifications, a look at the log's head every MIN_INTERVAL (one indexed
    `MAX`), so that both stores apply new events as promptly and in batches alike (issue 27)."""

    def __init__(self, system: System, projections: Sequence[Projection] = ALL_PROJECTIONS,
                 poll_interval: float | None = None, listen: bool = True) -> None:
        self.system = system
        self.stopping = threading.Event()
        interval = system.settings.poll_interval if poll_interval is None else poll_interval
        self.dispatcher = Dispatcher(system, projections, interval, self.stopping)
        self.poll_interval = interval
        self.channel: str | None = getattr(system.app.recorder, "channel_name", None) \
            if system.settings.is_postgres and listen else None
        self.watch = listen and not system.settings.is_postgres
        self._listener: threading.Thread | None = None

    def start(self) -> None:
        self.dispatcher.projector(self.dispatcher.projections).ensure_tracking()
        self.dispatcher.start()
        if self.channel or self.watch:
            self._listener = threading.Thread(target=self._listen if self.channel else self._watch,
                                              name="projection-listen", daemon=True)
            self._listener.start()
        logger.info("projection worker started: %s (poll every %.1f s%s)",
                    ", ".join(p.name for p in self.dispatcher.projections), self.poll_interval,
                    f", LISTEN {self.channel}" if self.channel else
                    f", the log's head watched every {MIN_INTERVAL * 1000:.0f} ms" if self.watch else "")

    def wake_all(self) -> None:
        self.dispatcher.wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Let the dispatcher finish its current batch, then return."""
        self.stopping.set()
        self.wake_all()
        self.dispatcher.join(timeout)
        if self._listener is not None:
            self._listener.join(timeout)

    def run_forever(self) -> None:
        """Start, then block until `stop()` is called (from a signal handler, for example)."""
        self.start()
        while not self.stopping.wait(1.0):
            pass
        self.stop()

    def _watch(self) -> None:
        """SQLite: wake the dispatcher when the log's head moves (a write by any process)."""
        recorder = self.system.app.recorder
        seen: int | None = None
        while not self.stopping.wait(MIN_INTERVAL):
            try:
                head = recorder.max_notification_id() or 0
            except Exception as error:  # the file is busy or gone for a moment: the poll still runs
                logger.debug("watching the log's head: %s", error)
                continue
            if seen is not None and head != seen:
                self.wake_all()
            seen = head

    def _listen(self) -> None:
        """LISTEN on the events channel; reconnect after any failure (the dispatcher keeps polling meanwhile)."""
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
