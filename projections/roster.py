"""The roster projection: current members, and their periods (the roster as of any date).

rm_member_periods holds one row per stretch of time a member spent in one status and college;
`Batch.periods` (projections/batch.py) keeps the open period of each member a section touches."""

from __future__ import annotations

from typing import Any, Sequence

from governance.pole import Pole
from projections import tables as t
from projections.batch import Batch, Projection, _id, utc


def _member_changed(b: Batch, e: Any, status: str | None = None, college: Any = ...) -> None:
    """Close the member's open period and open a new one with the changed status/college."""
    at = utc(e.timestamp)
    members = b.rows(t.members)
    member = members.get(e.member_id)
    if member is None:
        raise LookupError(f"member {e.member_id} is not in the roster")
    new_status = status or member["status"]
    new_college = member["college"] if college is ... else college
    members.update(e.member_id, status=new_status, college=new_college, updated_at=at)
    b.periods.close(e.member_id, at)
    b.periods.start(pole_id=_id(e), member_id=e.member_id, status=new_status, college=new_college, valid_from=at)


def membership_requested(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    members = b.rows(t.members)
    if members.get(e.member_id) is not None:  # a refused or withdrawn member asking again
        members.update(e.member_id, name=e.name, kind=e.kind, category=e.category, representative=e.representative)
        _member_changed(b, e, status="requested", college=None)
        return
    members.insert(
        id=e.member_id, pole_id=_id(e), name=e.name, kind=e.kind, category=e.category,
        representative=e.representative, status="requested", college=None, requested_at=at, updated_at=at)
    b.periods.start(pole_id=_id(e), member_id=e.member_id, status="requested", college=None, valid_from=at)


def _prefetch_roster(b: Batch, events: Sequence[Any]) -> None:
    members = [e.member_id for e in events if type(e).__qualname__ in ROSTER.handlers]
    b.rows(t.members).prefetch((m,) for m in members)
    b.periods.prefetch(members)


ROSTER = Projection("roster", (t.members, t.member_periods), {
    Pole.MembershipRequested: membership_requested,
    Pole.MemberAdmitted: lambda b, e, p: _member_changed(b, e, status="admitted"),
    Pole.MembershipRefused: lambda b, e, p: _member_changed(b, e, status="refused"),
    Pole.MemberAssignedToCollege: lambda b, e, p: _member_changed(b, e, college=e.college),
    Pole.MemberWithdrew: lambda b, e, p: _member_changed(b, e, status="withdrawn", college=None),
    Pole.MemberExcluded: lambda b, e, p: _member_changed(b, e, status="excluded", college=None),
}, _prefetch_roster)
