"""The capital projection: the movements of each pole's capital register (rm_capital_movements), one row each, from
which the pages and the API replay the capital as of a day, each associate's account and the year's variation
(governance/capital.py). AdmissionApproved shows on the roster as an approved request awaiting its subscription."""

from __future__ import annotations

from typing import Any

from governance.pole import Pole
from projections import tables as t
from projections.batch import Batch, Projection, _id, utc

COLUMNS = ("number", "kind", "on", "member_id", "to_member_id", "shares", "amount", "paid", "decision")


def movement_recorded(b: Batch, e: Any, pos: int) -> None:
    movement = dict(e.movement)
    b.rows(t.capital_movements).insert(
        pole_id=_id(e), number=int(movement["number"]), kind=movement["kind"], on=movement["on"],
        member_id=movement["member_id"], to_member_id=movement.get("to_member_id"), shares=int(movement["shares"]),
        amount=movement["amount"], paid=movement["paid"], decision=movement.get("decision", ""),
        details={k: v for k, v in movement.items() if k not in COLUMNS} or None, actor=e.actor,
        recorded_at=utc(e.timestamp))


def as_movement(row: dict[str, Any]) -> dict[str, Any]:
    """A row back in the form of the event's movement (what governance/capital.py replays)."""
    movement = {name: row[name] for name in COLUMNS if row.get(name) is not None}
    return {**movement, **(row.get("details") or {}), "actor": row["actor"], "recorded_at": row["recorded_at"]}


CAPITAL = Projection("capital", (t.capital_movements,), {
    Pole.SharesSubscribed: movement_recorded,
    Pole.SharesPaidUp: movement_recorded,
    Pole.SharesTransferred: movement_recorded,
    Pole.ShareWithdrawalRequested: movement_recorded,
    Pole.SharesRefunded: movement_recorded,
    Pole.SharesCancelled: movement_recorded,
})
