"""Keeps the read models current: reads the notification log in sections and applies them.

Each batch of events and the new tracking positions commit in one transaction, and the
position update is guarded (`WHERE position = old`), so concurrent catch-ups in several
threads or processes never apply an event twice. `rebuild` drops and replays everything.
"""

from __future__ import annotations

import threading
import time
import uuid
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Sequence

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine, Integer, bindparam, func, insert, select, update

from projections import tables as t
from projections.batch import ANY_EVENT, Batch, Projection
from projections.decoding import EventDecoder
from projections.handlers import ALL_PROJECTIONS

SECTION = 1000
CACHE_LIMIT = 100_000  # entries of each fact cache before it is cleared


class StaleProjection(Exception):
    """Another process advanced a projection first; this batch was rolled back."""


class Projector:
    """Applies the application's events to the read-model projections."""

    def __init__(self, app: Application, engine: Engine,
                 projections: Sequence[Projection] = ALL_PROJECTIONS, *, keep_connection: bool = False) -> None:
        self.app = app
        self.engine = engine
        self.projections = tuple(projections)
        self._lock = threading.Lock()
        # Stored events to plain events (projections/decoding.py): no domain events are built.
        self._decode = EventDecoder(app.mapper).decode
        # Immutable facts learnt from the events (the pole of a proposal, the subject of minutes),
        # kept across sections so that they are looked up in the database at most once.
        self._proposal_poles: dict[str, str] = {}
        self._minutes_subjects: dict[str, tuple[str, str, str]] = {}
        self._known: dict[str, int] | None = None  # the positions this projector last moved its projections to
        # The worker's dispatcher keeps one connection for its rounds (issue 27): no pool checkout, pre-ping round
        # trip nor SET LOCAL per round; dropped (never returned to the pool) at the first error, and by `close`.
        self.keep_connection = keep_connection
        self._conn: Connection | None = None
        # Guarded: only from the position this process read (StaleProjection otherwise); `changed_at`
        # stays as it is when the section changed none of the projection's rows (None).
        # Projections that were at the same position and changed at the same event move in one statement
        # (usually two for a section: those it changed and the others), not one statement each.
        self._advance = update(t.tracking).where(
            t.tracking.c.projection.in_(bindparam("names", expanding=True)), t.tracking.c.position == bindparam("old")
        ).values(position=bindparam("new"),
                 changed_at=func.coalesce(bindparam("changed_at", type_=Integer), t.tracking.c.changed_at))

    # -- schema --------------------------------------------------------------------
    def create_tables(self) -> None:
        """Create missing read-model tables and tracking rows (idempotent).

        The embedded mode's shortcut; production schemas come from the Alembic revisions
        (`collegia db upgrade`), which create the same tables."""
        t.metadata.create_all(self.engine)
        self.ensure_tracking()

    def ensure_tracking(self) -> None:
        """Add a tracking row at position 0 for each projection that has none (a new projection
        then replays the whole log)."""
        self._known = None
        with self.engine.begin() as conn:
            known = set(conn.execute(select(t.tracking.c.projection)).scalars())
            for p in self.projections:
                if p.name not in known:
                    conn.execute(insert(t.tracking).values(projection=p.name, position=0,
                                                           generation=uuid.uuid4().hex))

    def drop_tables(self) -> None:
        self._known = None
        t.metadata.drop_all(self.engine)

    # -- positions -----------------------------------------------------------------
    def positions(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.tracking.c.projection, t.tracking.c.position)).all()
        return {name: pos for name, pos in rows}

    def lowest_position(self) -> int:
        """The position every one of this projector's projections has reached."""
        positions = self.positions()
        return min((positions.get(p.name, 0) for p in self.projections), default=0)

    def lag(self) -> int:
        """How many notifications the slowest projection is behind."""
        head = self.app.recorder.max_notification_id() or 0
        return head - min(self.positions().values(), default=0)

    # -- processing ------------------------------------------------------------------
    def catch_up(self, *_: Any, progress: Callable[[int], None] | None = None) -> int:
        """Apply every notification not yet projected; returns how many were applied.

        The positions this projector moved the projections to are carried from one section to the next and from
        one catch-up to the next (issue 27: no read of the positions per round); had another process moved them
        meanwhile, the guarded update refuses the section (StaleProjection), which is rolled back, and the
        positions are read again. A section shorter than SECTION reached the head of the log: no further read."""
        applied = 0
        with self._lock:
            while True:
                try:
                    count, self._known = self._process_one_section(progress, self._known)
                except StaleProjection:
                    self._known = None
                    continue  # another process got there first: re-read positions and go on
                except BaseException:
                    self._known = None
                    raise
                applied += count
                if count < SECTION:
                    return applied

    @property
    def reached(self) -> int:
        """The position every projection of this projector had reached at its last catch-up (read if unknown)."""
        known = self._known if self._known is not None else self.positions()
        return min((known.get(p.name, 0) for p in self.projections), default=0)

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop every read model and replay the whole notification log, batched."""
        with self._lock:
            self._known = None
            self.drop_tables()
            self.create_tables()
        if progress:
            progress(0)  # the replay starts (bench/__main__.py times it by pole)
        count = self.catch_up(progress=progress)
        self.analyze()
        return count

    def analyze(self) -> None:
        """PostgreSQL: fresh planner statistics for the read models after they were filled in bulk. Until autovacuum
        gets to it, the planner guesses: after a rebuild, a page of the roster of a 50,000-member pole took 266 ms
        instead of 2 (issue 27). SQLite's plans do not depend on statistics here."""
        if self.engine.dialect.name != "postgresql":
            return
        with self.engine.begin() as conn:
            for table in t.metadata.tables.values():
                conn.exec_driver_sql(f'ANALYZE "{table.name}"')

    def _process_one_section(self, progress: Callable[[int], None] | None,
                             known: dict[str, int] | None = None) -> tuple[int, dict[str, int]]:
        """Apply the next section; returns how many events, and the projections' positions after it.

        `known`: the positions the previous section left (not read again). Had another process
        moved them since, the guarded position update fails and the caller starts over."""
        positions = known if known is not None else self.positions()
        start = min(positions[p.name] for p in self.projections)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=SECTION, inclusive_of_start=False)
        if not notifications:
            return 0, positions
        decode = self._decode
        events = [(n.id, decode(n)) for n in notifications]
        last = events[-1][0]
        with self._transaction() as conn:
            applied = {p.name: self._apply(conn, p, events, positions[p.name]) for p in self.projections}
            moved = [name for name, (advanced, _) in applied.items() if advanced]
            self._advance_positions(conn, {name: positions[name] for name in moved}, last,
                                    changed={name: at for name, (_, at) in applied.items() if at is not None})
        if progress:
            progress(len(notifications))
        return len(notifications), {**positions, **{name: last for name in moved}}

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A transaction for one section. On PostgreSQL a read model's commit need not wait for the disk: a crash can
        only lose the last sections together with their positions, and those events are then applied again."""
        if not self.keep_connection:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
                yield conn
            return
        if self._conn is None:
            self._conn = self.engine.connect()
            if self._conn.dialect.name == "postgresql":
                self._conn.exec_driver_sql("SET synchronous_commit TO OFF")  # this session only: see close()
                self._conn.commit()
        try:
            with self._conn.begin():
                yield self._conn
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Let go of the kept connection: invalidated, so that its session settings never reach the pool."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()
            finally:
                conn.close()

    def _advance_positions(self, conn: Connection, old: dict[str, int], new: int, changed: dict[str, int]) -> None:
        """Move these projections from their old positions to `new` (and those in `changed` their
        `changed_at`), refused (StaleProjection) if another process moved any of them first."""
        groups: dict[tuple[int, int | None], list[str]] = {}
        for name, position in old.items():
            groups.setdefault((position, changed.get(name)), []).append(name)
        for (position, changed_at), names in groups.items():
            moved = conn.execute(self._advance, {"names": names, "old": position, "new": new,
                                                 "changed_at": changed_at})
            if moved.rowcount != len(names):
                raise StaleProjection(", ".join(names))

    def _apply(self, conn: Connection, projection: Projection, events: Iterable[tuple[int, Any]],
               position: int) -> tuple[bool, int | None]:
        """Apply one section to one projection: handlers on rows in memory, then a few bulk statements.

        Returns whether the projection had events to apply (its position is then to be advanced),
        and the position of the last of them that had a handler (None if none had: its rows have
        not changed), the same whether the log is applied a command or a thousand events at a time."""
        if len(self._proposal_poles) > CACHE_LIMIT:
            self._proposal_poles.clear()
        if len(self._minutes_subjects) > CACHE_LIMIT:
            self._minutes_subjects.clear()
        batch = Batch(conn, proposal_poles=self._proposal_poles, minutes_subjects=self._minutes_subjects)
        catch_all = projection.handlers.get(ANY_EVENT)
        todo = [(pos, event) for pos, event in events if pos > position]
        if not todo:
            return False, None
        # A plain event's class has its domain class's `__qualname__`, the key handlers are bound by
        # (projections/decoding.py: event_key). A section with no event this read model handles only moves
        # its position: no rows are read for it (a ballot touches two read models of six).
        handled = [(pos, event, catch_all or projection.handlers.get(type(event).__qualname__)) for pos, event in todo]
        handled = [(pos, event, handler) for pos, event, handler in handled if handler is not None]
        if not handled:
            return True, None
        projection.prefetch(batch, [event for _, event, _ in handled])
        for pos, event, handler in handled:
            handler(batch, event, pos)
        batch.flush()
        return True, handled[-1][0]


def read_notifications(app: Application, start: int = 0, section: int = SECTION) -> Iterable[Notification]:
    """Stream the whole notification log after `start`, a section at a time."""
    while True:
        notifications = app.recorder.select_notifications(start=start, limit=section, inclusive_of_start=False)
        if not notifications:
            return
        yield from notifications
        start = notifications[-1].id


def projected_position(engine: Engine, projections: Sequence[Projection] = ALL_PROJECTIONS) -> int:
    """The notification position every projection has reached (0 if one has no tracking row yet)."""
    names = [p.name for p in projections]
    with engine.connect() as conn:
        rows = dict(conn.execute(select(t.tracking.c.projection, t.tracking.c.position)
                                 .where(t.tracking.c.projection.in_(names))).all())
    return min((rows.get(name, 0) for name in names), default=0)


def wait_until_projected(engine: Engine, position: int, timeout: float, interval: float = 0.02) -> bool:
    """Wait (at most `timeout` seconds) until every projection has reached `position`.

    Read-your-writes in worker mode: a page that follows a command waits for the worker to
    project that command's events. Returns False on timeout (the page is then rendered as is)."""
    deadline = time.monotonic() + timeout
    while projected_position(engine) < position:
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True
