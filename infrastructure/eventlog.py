"""The event log as JSON lines: export it whole, import it into an empty store.

When the store keeps the register's hash chain (infrastructure/chain_store.py), each line also
carries its link, `"chain": {"pole": …, "seq": …, "hash": …}`, so an exported file can be
verified offline (`collegia verify --file`) and an import rebuilds the very same chain.
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterable, Iterator
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from infrastructure.chain_store import _pole_hint, keeps_chain
from infrastructure.register_chain import Anchor, Entry, Event, Link, Report, state_digest, verify
from projections.projector import read_notifications

IMPORT_BATCH = 500


class ImportRefused(Exception):
    """The target store is not empty, or a line is malformed; nothing was imported."""


def encode_state(state: object) -> bytes:
    """An exported state back to its stored bytes (eventsourcing's JSONTranscoder encoding)."""
    # Same encoding as eventsourcing's JSONTranscoder, so imported events are byte-identical.
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf8")


def export_lines(app: Application) -> Iterator[str]:
    """One JSON object per event, in log order: position, aggregate, version, topic, state (and chain link)."""
    links = {}
    if keeps_chain(app.recorder):
        links = {(link.originator_id, link.originator_version): link for link in app.recorder.select_links()}
    for n in read_notifications(app):
        line: dict[str, Any] = {"position": n.id, "aggregate_id": str(n.originator_id),
                                "version": n.originator_version, "topic": n.topic, "state": json.loads(n.state)}
        link = links.get((str(n.originator_id), n.originator_version))
        if link is not None:
            line["chain"] = {"pole": link.pole_id, "seq": link.seq, "hash": link.entry_hash}
        yield json.dumps(line, ensure_ascii=False)


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
                           topic=str(data["topic"]), state=encode_state(data["state"]))
    except (ValueError, KeyError, TypeError) as error:
        raise ImportRefused(f"line {number} is not an exported event: {error}") from None


def _line_pole(line: str) -> tuple[str | None, bool]:
    """The register a line belongs to (its chain link's pole, else the pole named in its state), and
    whether the line carries a chain link."""
    data = json.loads(line)
    chain = data.get("chain") or {}
    if chain.get("pole"):
        return str(chain["pole"]), True
    pole = (data.get("state") or {}).get("pole_id") if isinstance(data.get("state"), dict) else None
    if isinstance(pole, dict):
        pole = pole.get("_data_")
    try:
        return (str(UUID(str(pole))) if pole else None), False
    except ValueError:
        return None, False


def import_events(app: Application, lines: IO[str]) -> int:
    """Append exported events to an empty store, in their original order; returns how many.

    A file that carries chain links is verified first: a tampered register is refused.
    """
    if app.recorder.max_notification_id():
        raise ImportRefused("the target store already holds events: import only into an empty store")
    numbered = [(i, line) for i, line in enumerate(lines, 1) if line.strip()]
    events = [parse_line(line, i) for i, line in numbered]
    poles: dict[str, str] = {}
    chained = False
    for event, (_i, line) in zip(events, numbered):
        pole, has_link = _line_pole(line)
        chained = chained or has_link
        if pole is not None:
            poles.setdefault(str(event.originator_id), pole)
    if chained:
        report = verify_export(line for _i, line in numbered)
        if not report.ok:
            first = report.first_failure
            raise ImportRefused(f"the exported register's chain is broken: {first.message if first else ''}")
    for start in range(0, len(events), IMPORT_BATCH):
        batch = events[start:start + IMPORT_BATCH]
        register_poles = {event.originator_id: pole for event in batch
                          if (pole := poles.get(str(event.originator_id)))}
        app.recorder.insert_events(batch, register_poles=register_poles)
    return len(events)


# -- the chain of an exported log, checked offline ---------------------------------------------
def export_entries(lines: Iterable[str]) -> Iterator[Entry]:
    """Entries from an exported event log (infrastructure/eventlog.py), read offline."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            state = encode_state(data["state"])
            event = Event(int(data.get("position", number)), str(UUID(data["aggregate_id"])), int(data["version"]),
                          str(data["topic"]), state_digest(state), None)
            chain = data.get("chain")
            link = None if not chain else Link(str(chain["pole"]), int(chain["seq"]), event.originator_id,
                                               event.originator_version, str(chain["hash"]))
        except (ValueError, KeyError, TypeError) as error:
            raise ImportRefused(f"line {number} is not an exported event: {error}") from None
        if link is None:
            event = Event(event.position, event.originator_id, event.originator_version, event.topic,
                          event.state_sha256, _pole_hint(state))
        yield Entry(event, link)


def verify_export(lines: IO[str] | Iterable[str], pole: str | UUID | None = None,
                  anchors: Iterable[Anchor] = ()) -> Report:
    """Re-check the chain of an exported event log, without any database."""
    return verify(export_entries(lines), None if pole is None else str(pole), anchors)
