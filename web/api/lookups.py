"""Finding a pole's resources for the API: 404 for unknown ones and for those of another pole."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from governance.board import holds_seat_on
from web.api.errors import ApiProblem
from web.edge import app, member_of_pole, proposal_of_pole, queries
from web.dates import end_of_day, start_of_day



def day_start(day: date | None) -> datetime | None:
    """Dates are days in Paris: 'since 1 March' starts at midnight there."""
    return None if day is None else start_of_day(day)


def day_end(day: date | None) -> datetime | None:
    """'Until 1 March' includes everything that happened on 1 March, Paris time."""
    return None if day is None else end_of_day(day)


def moment(pole_id: str, query: dict[str, Any]) -> datetime | None:
    """The instant a read asks for: just before the event `before_event`, the end of the day `as_of`
    (Paris time), or None for now."""
    position = query.get("before_event")
    if position is not None:
        event = queries().event(position)
        if event is None or event["pole_id"] != str(pole_id):
            raise ApiProblem(404, f"No event {position} in this pole's history.")
        return event["at"].replace(tzinfo=UTC) - timedelta(microseconds=1)
    return day_end(query.get("as_of"))


def member_of(pole_id: str, member_id: str) -> dict[str, Any]:
    return member_of_pole(pole_id, member_id)


def proposal_of(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """The proposal of this pole (drafts for secretaries only): the shared edge's lookup (web/edge.py)."""
    return proposal_of_pole(pole_id, proposal_id)


def register_page(pole_id: str, statuses: tuple[str, ...], criteria: dict[str, Any], limit: int,
                  offset: int) -> tuple[list[dict[str, Any]], int | None]:
    """Proposals with any of `statuses`, newest drafted first, one page; and the next page's offset."""
    wanted = offset + limit + 1
    if len(statuses) == 1:
        rows = queries().register(pole_id, status=statuses[0], **criteria, limit=limit + 1, offset=offset)
    else:
        merged = [r for s in statuses for r in queries().register(pole_id, status=s, **criteria, limit=wanted)]
        merged.sort(key=lambda r: r["id"])
        merged.sort(key=lambda r: r["drafted_at"], reverse=True)  # stable: the register's own order
        rows = merged[offset:wanted]
    return rows[:limit], offset + limit if len(rows) > limit else None


def election_of(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """The proposal of this pole for the candidate operations: an election's draft is its call for candidates, so
    its members reach it (to stand, to read who stands); any other draft stays the secretaries' (404)."""
    p = queries().proposal(proposal_id)
    if p is None or p["pole_id"] != str(pole_id):
        raise ApiProblem(404, f"No proposal {proposal_id} in this pole.")
    if p["election"] is None:
        return proposal_of(pole_id, proposal_id)  # drafts for secretaries only, as everywhere
    return p


def seat_of(pole_id: str, member_id: str, day: date) -> dict[str, Any]:
    """The mandate a member of this pole holds on the board (not ended), the one holding a seat on `day` first; as
    the pole itself holds it now (the read model may lag in the worker mode); 404 when it holds none."""
    member_of(pole_id, member_id)
    mine = [m for m in app().get_pole(pole_id).mandates if m["member_id"] == str(member_id) and m["status"] == "active"]
    if not mine:
        raise ApiProblem(404, f"Member {member_id} holds no seat on the board.")
    return max(mine, key=lambda m: (holds_seat_on(m, day), m["starts_on"]))
