"""The projection worker's dispatcher (issue 27): one read of the log per section for every projection, a failing
projection set aside and retried alone while the others go on, and the positions moved in a statement or two."""

from __future__ import annotations

import time
from typing import Any, Iterator

import pytest
from sqlalchemy import event

from demo.pole import load_demo
from infrastructure.config import Settings
from infrastructure.system import System, bootstrap
from infrastructure.worker import Dispatcher
from projections.batch import ANY_EVENT, Projection
from projections.handlers import ALL_PROJECTIONS, POLES, ROSTER
from projections.projector import Projector, projected_position
from tests.integration.helpers import dump_read_models


@pytest.fixture
def worker_mode(make_settings, backend: str) -> Iterator[System]:
    """A store written without inline projections: the read models wait for the dispatcher."""
    settings: Settings = make_settings(backend)
    system = bootstrap(settings, project_inline=False, create_tables=True)
    try:
        yield system
    finally:
        system.close()


def test_one_read_of_the_log_for_every_projection(worker_mode: System) -> None:
    demo = load_demo(worker_mode.app)
    dispatcher = Dispatcher(worker_mode, ALL_PROJECTIONS, poll_interval=5.0, stopping=None)  # type: ignore[arg-type]
    dispatcher.round()
    assert projected_position(worker_mode.engine) == worker_mode.app.recorder.max_notification_id()
    # A command, as in production: what does the next round cost?
    worker_mode.app.request_membership(demo, name="Tiers-lieu La Fabrique", kind="ess_enterprise",
                                       category="partner", representative="Inès Roussel", actor="rep")
    reads: list[int] = []
    recorder = worker_mode.app.recorder
    select = recorder.select_notifications

    def counted(*args: Any, **kwargs: Any) -> Any:
        found = select(*args, **kwargs)
        reads.append(len(found))
        return found
    recorder.select_notifications = counted
    updates: list[str] = []
    statements: list[str] = []
    checkouts: list[Any] = []

    def seen(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)
        if statement.lstrip().upper().startswith("UPDATE") and "tracking" in statement:
            updates.append(statement)
    event.listen(worker_mode.engine, "before_cursor_execute", seen)
    def checkout(*args: Any) -> None:
        checkouts.append(args)
    event.listen(worker_mode.engine, "checkout", checkout)
    try:
        dispatcher.round()
    finally:
        event.remove(worker_mode.engine, "before_cursor_execute", seen)
        event.remove(worker_mode.engine, "checkout", checkout)
        del recorder.select_notifications
    dispatcher.close()
    assert projected_position(worker_mode.engine) == worker_mode.app.recorder.max_notification_id()
    # One read of the new event for every projection (a short section is the head: no empty read after it), and
    # no read of the positions either (this projector moved them last).
    assert reads == [1]
    # The positions move in two statements (the projections the event changed, the others), not one each.
    assert len(updates) == 2, updates
    # On the connection the dispatcher keeps: no checkout from the pool (and its pre-ping), no SET per round.
    assert not checkouts and not any(s.lstrip().upper().startswith("SET") for s in statements), statements
    # And the tables are those a rebuild gives.
    projected = dump_read_models(worker_mode)
    worker_mode.projector.rebuild()
    assert dump_read_models(worker_mode) == projected


def test_a_failing_projection_is_set_aside_and_rejoins(worker_mode: System) -> None:
    broken = {"now": True}

    def fragile(b: Any, e: Any, pos: int) -> None:
        if broken["now"]:
            raise RuntimeError("a handler's bug")
    fussy = Projection(name="fussy", tables=(), on={ANY_EVENT: fragile})
    projections = (POLES, ROSTER, fussy)
    Projector(worker_mode.app, worker_mode.engine, projections).ensure_tracking()
    load_demo(worker_mode.app)
    head = worker_mode.app.recorder.max_notification_id()
    dispatcher = Dispatcher(worker_mode, projections, poll_interval=5.0, stopping=None)  # type: ignore[arg-type]
    delay = dispatcher.round()
    positions = worker_mode.projector.positions()
    assert positions["poles"] == positions["roster"] == head  # the others went on without it
    assert positions["fussy"] == 0 and set(dispatcher.failing) == {"fussy"}
    assert delay <= 0.5  # the next round comes when the failing one is due for a retry
    # Still failing at the retry: the delay grows.
    dispatcher.failing["fussy"] = (time.monotonic(), dispatcher.failing["fussy"][1])
    dispatcher.round()
    assert dispatcher.failing["fussy"][1] == 2.0
    # Fixed (a new release, a database back): retried alone, caught up, and back with the others.
    broken["now"] = False
    dispatcher.failing["fussy"] = (time.monotonic(), dispatcher.failing["fussy"][1])
    dispatcher.round()
    assert not dispatcher.failing and worker_mode.projector.positions()["fussy"] == head
    worker_mode.app.found_pole(name="Pôle Suivant", territory="Ici", legal_form="SCIC",
                               statutes={"model": "scic", "colleges": [
                                   {"code": "a", "name": "A", "share": "50%"},
                                   {"code": "b", "name": "B", "share": "50%"}]}, actor="admin")
    dispatcher.round()
    dispatcher.close()
    after = worker_mode.projector.positions()
    assert after["poles"] == after["roster"] == after["fussy"] == worker_mode.app.recorder.max_notification_id()


def test_on_sqlite_the_worker_applies_a_command_without_waiting_for_its_poll(tmp_path) -> None:
    """SQLite has no LISTEN: the worker watches the log's head, so the next page after a command (read-your-writes)
    waits about MIN_INTERVAL, not the poll interval (5 s by default)."""
    from demo.pole import STATUTES_V1 as STATUTES
    from infrastructure.worker import ProjectionWorker
    from projections.projector import wait_until_projected
    settings = Settings(database_url=f"sqlite:///{tmp_path}/c.db", instance_dir=tmp_path, ballot_key=b"b" * 32,
                        projections="worker")
    bootstrap(settings, create_tables=True).close()
    web = bootstrap(settings)
    worker = ProjectionWorker(bootstrap(settings), poll_interval=60)
    worker.start()
    try:
        time.sleep(0.2)  # the first round is over: only the watch can wake the dispatcher now
        web.app.found_pole(name="Pôle", territory="Ici", legal_form="SCIC", statutes=STATUTES, actor="admin")
        assert wait_until_projected(web.engine, web.app.recorder.max_notification_id(), timeout=3)
    finally:
        worker.stop()
        worker.system.close()
        web.close()


def test_the_kept_connection_lost_is_replaced(worker_mode: System) -> None:
    """The database restarts under the dispatcher: its kept connection is dead. The round that meets it fails, every
    projection is caught up alone on a connection from the pool, and the next round keeps a new connection."""
    demo = load_demo(worker_mode.app)
    dispatcher = Dispatcher(worker_mode, ALL_PROJECTIONS, poll_interval=5.0, stopping=None)  # type: ignore[arg-type]
    dispatcher.round()
    (kept,) = [p for p in dispatcher._projectors.values() if p.keep_connection]
    assert kept._conn is not None
    kept._conn.connection.dbapi_connection.close()  # what a server restart leaves behind
    worker_mode.app.request_membership(demo, name="Tiers-lieu La Fabrique", kind="ess_enterprise",
                                       category="partner", representative="Inès Roussel", actor="rep")
    dispatcher.round()
    head = worker_mode.app.recorder.max_notification_id()
    assert projected_position(worker_mode.engine) == head and not dispatcher.failing
    worker_mode.app.request_membership(demo, name="Atelier Vélo", kind="ess_enterprise", category="partner",
                                       representative="Léa Martin", actor="rep")
    dispatcher.round()
    assert projected_position(worker_mode.engine) == worker_mode.app.recorder.max_notification_id()
    assert kept._conn is not None and not kept._conn.closed
    dispatcher.close()
