"""Commands on one aggregate of a SQLite store take turns between processes (no stale save, no retry)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from governance.turns import StoreTurns


def _hold(path: str, stripe: int, holding, release) -> None:
    turns = StoreTurns(path)
    with turns.turn(stripe):
        holding.set()
        release.wait(10)
    turns.close()


def _turn_waits(tmp_path: Path, stripe: int, other: int) -> float:
    path = str(tmp_path / "store.db.turns")
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(path, stripe, holding, release))
    holder.start()
    try:
        assert holding.wait(30)
        turns = StoreTurns(path)
        threading_release = __import__("threading").Timer(0.5, release.set)
        threading_release.start()
        began = time.monotonic()
        with turns.turn(other):
            waited = time.monotonic() - began
        turns.close()
        threading_release.join()
    finally:
        release.set()
        holder.join(10)
    return waited


def test_another_process_waits_for_the_turn_on_the_same_aggregate(tmp_path):
    assert _turn_waits(tmp_path, 7, 7) >= 0.4


def test_turns_on_other_aggregates_do_not_wait(tmp_path):
    assert _turn_waits(tmp_path, 7, 8) < 0.4


def test_no_turns_for_postgresql_and_in_memory_stores():
    from governance.application import Collegia
    assert Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})._turns._fd is None
    assert Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})._turns._fd is None
