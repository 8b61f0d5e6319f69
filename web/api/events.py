"""The event log as JSON, paginated by log position: the same events as the JSON-lines export."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from eventsourcing.persistence import Notification

from web.api.auth import LOG_READERS, user
from web.api.errors import ApiProblem
from web.api.routing import operation
from web.api.schemas.events import EventPageSchema, EventsQuery
from web.edge import SECRETARY, app, pole_or_404, queries, require_pole_role

SECTION = 500
MAX_EXAMINED = 20_000  # bounded work per request: a sparse filter returns a short page and `more`
ALL = 2**31 - 1


def recorded_at(state: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(state["timestamp"]["_data_"])


def pole_aggregates(pole_id: str) -> set[str]:
    """A pole's own id and those of its proposals, assemblies and minutes."""
    return queries().register_aggregates(pole_id) | {r["id"] for r in queries().register(pole_id, limit=ALL)}


def wanted_aggregates(query: dict[str, Any]) -> set[str] | None:
    """Which aggregates the caller may read and asked for (None: every one, administrators only)."""
    pole_id = str(query["pole_id"]) if query.get("pole_id") else None
    if pole_id is None and not user().is_admin:
        raise ApiProblem(400, "Give pole_id: only platform administrators read the whole log.", kind="validation",
                         errors={"pole_id": ["Required unless you are a platform administrator."]})
    if pole_id is not None:
        pole_or_404(pole_id)
        if not user().is_admin:
            require_pole_role(pole_id, SECRETARY)
    aggregates = pole_aggregates(pole_id) if pole_id else None
    if query.get("aggregate_id"):
        one = {str(query["aggregate_id"])}
        aggregates = one if aggregates is None else aggregates & one
    return aggregates


def as_event(n: Notification) -> dict[str, Any]:
    state = json.loads(n.state)
    return {"position": n.id, "aggregate_id": str(n.originator_id), "version": n.originator_version,
            "topic": n.topic, "recorded_at": recorded_at(state), "state": state}


@operation("/events", summary="The event log, by log position", tag="Event log",
           access=LOG_READERS,
           query=EventsQuery, response=EventPageSchema, errors=(404,),
           description="Events in log order, after position `after`, filtered by pole, aggregate and time range. "
                       "Secret ballots appear only sealed (SecretBallotCast carries ciphertext, never a choice).")
def list_events(query: dict[str, Any]) -> dict[str, Any]:
    aggregates = wanted_aggregates(query)
    if aggregates is not None and not aggregates:
        return {"events": [], "next_after": query["after"], "more": False}
    since, until, limit = query.get("since"), query.get("until"), query["limit"]
    events: list[dict[str, Any]] = []
    position, examined = query["after"], 0
    recorder = app().recorder
    while len(events) < limit and examined < MAX_EXAMINED:
        section = recorder.select_notifications(start=position, limit=SECTION, inclusive_of_start=False)
        if not section:
            break
        for n in section:
            position, examined = n.id, examined + 1
            if aggregates is None or str(n.originator_id) in aggregates:
                event = as_event(n)
                if (since is None or event["recorded_at"] >= since) and (until is None or event["recorded_at"] <= until):
                    events.append(event)
                    if len(events) == limit:
                        break
    head = recorder.max_notification_id() or 0
    return {"events": events, "next_after": position, "more": head > position}
