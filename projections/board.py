"""The board projection: the mandates of each pole's board (rm_mandates), from which the pages read the board as of
any date, each person's mandates, and the mandates ending within six months."""

from __future__ import annotations

from typing import Any, Sequence

from governance.pole import Pole
from projections import tables as t
from projections.batch import Batch, Projection, _id


def mandate_started(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.mandates).insert(
        id=e.mandate_id, pole_id=_id(e), member_id=e.member_id, name=e.name, college=e.college, seat=e.seat,
        starts_on=e.starts_on, ends_on=e.ends_on, by=e.by, proposal_id=e.proposal_id, replaces=e.replaces,
        ratified=None if e.by == "election" else False, status="active", ended_on=None, end_reason=None,
        officer=None)


def officer_appointed(b: Batch, e: Any, pos: int) -> None:
    mandates = b.rows(t.mandates)
    for key, row in list(mandates.rows.items()):
        if row is not None and row["pole_id"] == _id(e) and row["officer"] == e.role and row["id"] != e.mandate_id:
            mandates.update(*key, officer=None)
    mandates.update(e.mandate_id, officer=e.role)


def _prefetch_board(b: Batch, events: Sequence[Any]) -> None:
    mine = [e for e in events if type(e).__qualname__ in BOARD.handlers]
    if not mine:
        return
    # An officer role moves from one mandate to another of the same pole: read the pole's mandates.
    from sqlalchemy import select
    poles = sorted({_id(e) for e in mine})
    for row in b.conn.execute(select(t.mandates).where(t.mandates.c.pole_id.in_(poles))):
        b.rows(t.mandates).rows.setdefault((row.id,), dict(row._mapping))


BOARD = Projection("board", (t.mandates,), {
    Pole.MandateStarted: mandate_started,
    Pole.MandateEnded: lambda b, e, p: b.rows(t.mandates).update(e.mandate_id, status="ended", ended_on=e.on,
                                                                  end_reason=e.reason, officer=None),
    Pole.CooptationRatified: lambda b, e, p: b.rows(t.mandates).update(e.mandate_id, ratified=True),
    Pole.OfficerAppointed: officer_appointed,
}, _prefetch_board)
