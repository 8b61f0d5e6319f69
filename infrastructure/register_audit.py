"""Everything `collegia verify` and the integrity page check in a store, beyond the chain's own hashes.

- the register's hash chain (infrastructure/chain_store.py, infrastructure/register_chain.py), read with
  plain SQL so that any row edited by hand is named, never a crash;
- every head recorded by signed minutes (the `collegia_register_anchors` table, written with the
  MinutesSigned event, and the `register_head` of each MinutesSigned event): a register cut short
  or rewritten since is named without typing any anchor;
- every snapshot: its seal (when this process holds the instance's key), and its state against the
  aggregate replayed from its events up to the snapshot's version (`forged_snapshot`).

See docs/register.md.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from infrastructure.snapshot_seal import INSTANCE, MAGIC, TAG_SIZE, UntrustedSnapshot, is_sealed, open_sealed
from infrastructure.chain_store import (canonical_id, keeps_chain, raw_events, select_anchor_rows, sqlite_value,
                                     store_entries)
from infrastructure.register_chain import FORGED_SNAPSHOT, Anchor, Failure, PoleResult, Report, _failure, verify

logger = logging.getLogger(__name__)
MINUTES_SIGNED_TOPIC = "governance.minutes:Minutes.MinutesSigned"


def audit_store(app: Any, pole: str | UUID | None = None, anchors: Iterable[Anchor] = ()) -> Report:
    """The whole check of a store: chain, heads recorded by signed minutes (and `anchors` given), snapshots."""
    if not keeps_chain(app.recorder):
        raise TypeError("this store does not keep the register's hash chain (see chain_env)")
    wanted = None if pole is None else str(pole)
    entries = list(store_entries(app.recorder))
    report = verify(entries, wanted, [*anchors, *recorded_anchors(app)])
    pole_of = {e.link.originator_id: e.link.pole_id for e in entries if e.link is not None}
    for failure in snapshot_failures(app, pole_of, wanted):
        report.poles.setdefault(failure.pole_id, PoleResult(pole_id=failure.pole_id)).failures.append(failure)
    return report


# -- heads recorded by signed minutes -----------------------------------------------------------------
def recorded_anchors(app: Any) -> list[Anchor]:
    """The heads noted at each signature of minutes: from the anchors table (which a cut of the events'
    tail leaves in place) and from the MinutesSigned events still in the log."""
    found = []
    for pole, seq, value, noted_on in select_anchor_rows(app.recorder):
        found.append(Anchor(pole, seq, value, noted_on))
    found.extend(_anchors_in_events(app))
    return found


def _anchors_in_events(app: Any) -> Iterator[Anchor]:
    start = 0
    while rows := raw_events(app.recorder, start, topic=MINUTES_SIGNED_TOPIC):
        for _position, originator, version, topic, state in rows:
            try:
                event = app.mapper.to_domain_event(StoredEvent(UUID(canonical_id(originator)), version, topic,
                                                               bytes(state)))
                head = getattr(event, "register_head", None)
                if head:
                    yield Anchor(str(head["pole"]), int(head["seq"]), str(head["hash"]), _date(event.at))
            except Exception:  # an event edited by hand: the chain check names it
                continue
        start = rows[-1][0]


def _date(value: Any) -> str:
    return value.date().isoformat() if hasattr(value, "date") else str(value)[:10]


# -- snapshots ------------------------------------------------------------------------------------------
def _snapshot_rows(recorder: Any, originator: Any = None) -> list[tuple[Any, Any, Any, Any]]:
    """(originator_id, originator_version, topic, state) of the snapshots table, as stored (plain SQL);
    without `originator`, the state is left out (None) to list them cheaply."""
    state = "state" if originator is not None else "NULL"
    if recorder.__class__.__module__.startswith("eventsourcing.sqlite"):
        sql = (f"SELECT originator_id, originator_version, CAST(topic AS BLOB), typeof(topic), "
               f"CAST({state} AS BLOB), typeof({state}) FROM {recorder.events_table_name}")
        params: tuple[Any, ...] = ()
        if originator is not None:
            sql, params = sql + " WHERE originator_id = ?", (originator,)
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [(row[0], row[1], sqlite_value(row[2], row[3]), sqlite_value(row[4], row[5]))
                    for row in c.fetchall()]
    table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
    sql = f"SELECT originator_id, originator_version, topic, {state} AS state FROM {table}"
    params = ()
    if originator is not None:
        sql, params = sql + " WHERE originator_id = %s", (originator,)
    with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(sql, params)
        return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in curs.fetchall()]


def snapshot_failures(app: Any, pole_of: dict[str, str], pole: str | None = None) -> list[Failure]:
    """A `forged_snapshot` failure for each snapshot that is not what its aggregate's events give."""
    if app.snapshots is None or not hasattr(app.snapshots.recorder, "datastore"):
        return []
    by_aggregate: dict[Any, list[Any]] = {}
    for originator, version, _topic, _state in _snapshot_rows(app.snapshots.recorder):
        by_aggregate.setdefault(originator, []).append(version)
    failures = []
    for stored_id, versions in by_aggregate.items():
        aggregate = canonical_id(stored_id)
        owner = pole_of.get(aggregate, aggregate)
        if pole is not None and owner != pole:
            continue
        failures.extend(_check_aggregate(app, stored_id, aggregate, owner))
    return failures


def _check_aggregate(app: Any, stored_id: Any, aggregate: str, pole: str) -> list[Failure]:
    rows = _snapshot_rows(app.snapshots.recorder, stored_id)
    failures: list[Failure] = []
    candidates: dict[int, Any] = {}  # version → the aggregate the snapshot gives

    def forged(version: Any, template: str, **params: Any) -> None:
        failures.append(_snapshot_failure(template, pole, aggregate, version, **params))
    for _id, version, topic, state in rows:
        if not isinstance(version, int) or isinstance(version, bool):
            forged(version, "forged_snapshot_unreadable", reason="its version is not a number")
            continue
        if isinstance(state, (bytearray, memoryview)):
            state = bytes(state)
        if not isinstance(state, bytes):
            forged(version, "forged_snapshot_unreadable",
                   reason="its state is NULL" if state is None else f"its state is {type(state).__name__}, not bytes")
            continue
        stored = StoredEvent(_uuid_or(aggregate), version, topic if isinstance(topic, str) else str(topic), state)
        if is_sealed(state):
            if app.snapshot_key_source == INSTANCE:
                try:
                    state = open_sealed(app.snapshot_key, stored)
                except UntrustedSnapshot:
                    forged(version, "forged_snapshot_seal")
                    continue
            else:  # this process does not hold the instance's key: judge the state alone
                state = state[len(MAGIC) + TAG_SIZE:]
        try:
            snapshot = app.mapper.to_domain_event(StoredEvent(stored.originator_id, version, stored.topic, state))
            candidates[version] = snapshot.mutate(None)
        except Exception as error:
            forged(version, "forged_snapshot_unreadable", reason=type(error).__name__)
    if not candidates:
        return failures
    # Replay the aggregate once, comparing at each snapshot's version.
    replayed: Any = None
    try:
        for event in app.events.get(_uuid_or(aggregate)):
            replayed = event.mutate(replayed)
            expected = candidates.pop(replayed.version, None)
            if expected is not None and vars(expected) != vars(replayed):
                forged(replayed.version, "forged_snapshot")
    except Exception:  # events edited by hand: the chain check names them; their snapshots cannot be judged
        logger.warning("the events of %s cannot be replayed: its snapshots are not checked", aggregate)
        return failures
    for version in candidates:
        forged(version, "forged_snapshot_orphan")
    return failures


def _uuid_or(value: str) -> Any:
    try:
        return UUID(value)
    except ValueError:
        return value


def _snapshot_failure(template: str, pole: str, aggregate: str, version: Any, **params: Any) -> Failure:
    failure = _failure(FORGED_SNAPSHOT, template, pole, None, float("inf"), None, None, **params)
    values = {**failure.params}
    if "{aggregate}" in failure.template:
        values["aggregate"] = aggregate
    if "{version}" in failure.template:
        values["version"] = version
    return Failure(FORGED_SNAPSHOT, pole, None, None, aggregate, version if isinstance(version, int) else None,
                   failure.template, values, failure.order)
