"""The event log as JSON lines: export it whole, import it into an empty store."""

from __future__ import annotations

import json
from typing import IO, Iterator
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from projections.projector import read_notifications

IMPORT_BATCH = 500


class ImportRefused(Exception):
    """The target store is not empty, or a line is malformed; nothing was imported."""


def _encode_state(state: object) -> bytes:
    # Same encoding as eventsourcing's JSONTranscoder, so imported events are byte-identical.
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf8")


def export_lines(app: Application) -> Iterator[str]:
    """One JSON object per event, in log order: position, aggregate, version, topic, state."""
    for n in read_notifications(app):
        yield json.dumps({"position": n.id, "aggregate_id": str(n.originator_id), "version": n.originator_version,
                          "topic": n.topic, "state": json.loads(n.state)}, ensure_ascii=False)


def export_events(app: Application, out: IO[str]) -> int:
    """Write the whole event log to `out`; returns the number of events."""
    count = 0
    for line in export_lines(app):
        out.write(line + "\n")
        count += 1
    return count


def parse_line(line: str, number: int) -> StoredEvent:
    """One exported line back into a stored event, or ImportRefused naming the line."""
    try:
        data = json.loads(line)
        return StoredEvent(originator_id=UUID(data["aggregate_id"]), originator_version=int(data["version"]),
                           topic=str(data["topic"]), state=_encode_state(data["state"]))
    except (ValueError, KeyError, TypeError) as error:
        raise ImportRefused(f"line {number} is not an exported event: {error}") from None


def import_events(app: Application, lines: IO[str]) -> int:
    """Append exported events to an empty store, in their original order; returns how many."""
    if app.recorder.max_notification_id():
        raise ImportRefused("the target store already holds events: import only into an empty store")
    events = [parse_line(line, i) for i, line in enumerate(lines, 1) if line.strip()]
    for start in range(0, len(events), IMPORT_BATCH):
        app.recorder.insert_events(events[start:start + IMPORT_BATCH])
    return len(events)
