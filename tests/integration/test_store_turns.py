"""Commands on one aggregate take turns between processes (no stale save to re-run), on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
import time

from infrastructure.application import LOCK_STRIPES, StoredCollegia as Collegia
from infrastructure.turns import NoTurns
from infrastructure.config import Settings
from infrastructure.system import bootstrap


def _hold(settings: Settings, stripe: int, holding, release) -> None:
    """Another process of the same store: take a turn and keep it until told."""
    system = bootstrap(settings, project_inline=False, create_tables=False)
    try:
        with system.app._turns.turn(stripe):
            holding.set()
            release.wait(10)
    finally:
        system.close()


def _waited_for_turn(system, stripe: int, other: int) -> float:
    """Seconds this process waits for `other` while another process holds `stripe` for 0.5 s."""
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(system.settings, stripe, holding, release))
    holder.start()
    try:
        assert holding.wait(60), "the other process never took its turn"
        timer = threading.Timer(0.5, release.set)
        timer.start()
        began = time.monotonic()
        with system.app._turns.turn(other):
            waited = time.monotonic() - began
        timer.join()
    finally:
        release.set()
        holder.join(30)
    return waited


def test_another_process_waits_for_the_turn_on_the_same_aggregate(system):
    stripe = system.app.lock_stripe("some aggregate")
    assert _waited_for_turn(system, stripe, stripe) >= 0.4


def test_turns_on_other_aggregates_do_not_wait(system):
    assert _waited_for_turn(system, 7, 8) < 0.4


def test_a_command_after_a_turn_works_and_the_turn_is_free_again(system):
    pole_id = system.app.found_pole(name="Pôle des turns", territory="Drôme", legal_form="SCIC",
                                    statutes={"model": "scic", "colleges": [
                                        {"code": "a", "name": "A", "share": "50%"},
                                        {"code": "b", "name": "B", "share": "50%"}]}, actor="test")
    system.app.request_membership(pole_id, name="Coop", kind="ess_enterprise", category="ess",
                                  representative="Camille Roux", actor="test")
    stripe = system.app.lock_stripe(pole_id)
    assert _waited_for_turn(system, (stripe + 1) % LOCK_STRIPES, stripe) < 0.4  # another stripe held meanwhile


def test_no_turns_for_in_memory_stores():
    assert type(Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})._turns) is NoTurns
    assert type(Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})._turns) \
        is NoTurns
