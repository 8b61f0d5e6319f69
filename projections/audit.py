"""The audit projection: every event of the log, who did it and when, with its fields (rm_audit).

Bound to every event (`ANY_EVENT`), so a new event class reaches the audit trail with no change
here. The details are cut out of the stored JSON (projections/decoding.py), not re-encoded, and
never hold a sealed value: a secret ballot's `sealed`, a campaign's answers when they are not
shared (issue 24; decoding.py `hidden_fields`) — the row says who answered and when; the
rows are appended with one bulk insert per section (`Batch.audit_rows`, `AUDIT_COLUMNS`). The
projection reads only its own table (the pole of a proposal comes from its earlier rows), so it
runs and rebuilds on its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance.pole import Pole
from projections import tables as t
from projections.batch import ANY_EVENT, Batch, Projection, utc
from projections.decoding import PlainEvent, audit_details, plain_event

_POLE = Pole.__qualname__  # a plain event's `aggregate_type` (projections/decoding.py) for the pole's events


def utc_text(ts: datetime | str) -> str:
    """`utc(ts)` as SQLAlchemy stores it on SQLite ('YYYY-MM-DD HH:MM:SS.ffffff'), which PostgreSQL's
    COPY reads too: for append-only rows (the audit trail's), without a datetime in between."""
    if type(ts) is str and len(ts) == 32 and ts[10] == " " and ts[19] == "." and ts.endswith("+00:00"):
        return ts[:26]
    return utc(ts).isoformat(sep=" ", timespec="microseconds")


def audit_event(b: Batch, e: Any, pos: int) -> None:
    """The event's row in the audit trail: its fields, plain (projections/decoding.py), as the details."""
    if not isinstance(e, PlainEvent):  # a domain event (projections applied by hand)
        e = plain_event(e)
    state = e.__dict__
    aggregate_type = e.aggregate_type
    aggregate_id = state["originator_id"]
    if aggregate_type == _POLE:
        pole_id: str | None = aggregate_id
    elif state.get("pole_id") is not None:  # the creation of a proposal, an assembly, minutes
        pole_id = str(state["pole_id"])
        b.proposal_poles[aggregate_id] = pole_id
    else:
        pole_id = b.pole_of_proposal(aggregate_id)
    # The row's values in the order of AUDIT_COLUMNS (projections/batch.py).
    b.audit_rows.append((pos, pole_id, aggregate_id, aggregate_type, state["originator_version"], e.event_type,
                         state.get("actor", ""), utc_text(state["timestamp"]), audit_details(e)))


AUDIT = Projection("audit", (t.audit,), {ANY_EVENT: audit_event})
