"""The register's hash chain in the event store: recorders that write it with the events, and readers.

`SQLiteChainRecorder` and `PostgresChainRecorder` are the `eventsourcing` application recorders
selected by `chain_env(settings)` (the `APPLICATION_RECORDER_TOPIC` setting). In the same
transaction as the events, and under the store's write lock (SQLite's write lock, taken by the
first INSERT; PostgreSQL's `LOCK TABLE … IN EXCLUSIVE MODE` on the events table), they append one
link per event to `collegia_register_chain`, so each pole's chain stays linear however many
processes write. The pure hashing and checking lives in infrastructure/register_chain.py.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import get_topic, retry
from psycopg.sql import SQL, Identifier

from infrastructure.register_chain import (GENESIS, Anchor, Entry, Event, Link, Report, entry_hash, state_digest,
                                       verify)

CHAIN_TABLE = "collegia_register_chain"
# The register's head noted at each signature of minutes, written with the MinutesSigned event (same
# transaction) and never by anything else: a cut of the events' tail (with their links) leaves it in place.
ANCHORS_TABLE = "collegia_register_anchors"
ANCHOR_COLUMNS = ("source_id", "source_version", "pole_id", "seq", "entry_hash", "noted_on")
SECTION = 1000
COLUMNS = ("pole_id", "seq", "originator_id", "originator_version", "topic", "state_sha256", "notification_id",
           "entry_hash")


def chain_env(settings: Any) -> dict[str, str]:
    """Extra `eventsourcing` settings that make a store keep the register's hash chain."""
    recorder = PostgresChainRecorder if settings.is_postgres else SQLiteChainRecorder
    return {"APPLICATION_RECORDER_TOPIC": get_topic(recorder)}


def _pole_hint(state: Any) -> str | None:
    """The pole named in an event's state (`pole_id`), if any (None for any state that is not such JSON)."""
    try:
        value = json.loads(state).get("pole_id")
    except Exception:  # not JSON, not an object, not even bytes (a row edited behind the application's back)
        return None
    if isinstance(value, dict):
        value = value.get("_data_")
    try:
        return str(UUID(str(value))) if value else None
    except ValueError:
        return None


def make_links(stored_events: Sequence[StoredEvent], notification_ids: Sequence[int] | None,
               register_poles: Mapping[Any, Any] | None, head: Callable[[str], tuple[int, str]],
               known_pole: Callable[[str], str | None]) -> list[Link]:
    """The links of newly written events, continuing each pole's chain from its head.

    An event's pole is the one its save named (`register_poles`, aggregate id → pole id), else the
    pole its aggregate's earlier events were chained in, else the pole named in its state, else the
    aggregate itself (a pole's own events).
    """
    poles = {str(k): str(v) for k, v in (register_poles or {}).items() if v is not None}
    heads: dict[str, tuple[int, str]] = {}
    links = []
    for i, event in enumerate(stored_events):
        originator = str(event.originator_id)
        pole = poles.get(originator) or known_pole(originator) or _pole_hint(event.state) or originator
        poles[originator] = pole
        if pole not in heads:
            heads[pole] = head(pole)
        seq, previous = heads[pole]
        seq += 1
        digest = state_digest(event.state)
        value = entry_hash(previous, pole, seq, originator, event.originator_version, event.topic, digest)
        heads[pole] = (seq, value)
        position = notification_ids[i] if notification_ids and i < len(notification_ids) else None
        links.append(Link(pole, seq, originator, event.originator_version, value, event.topic, digest, position))
    return links


def _row(link: Link) -> tuple[Any, ...]:
    return (link.pole_id, link.seq, link.originator_id, link.originator_version, link.topic, link.state_sha256,
            link.position, link.entry_hash)


def _link(row: Mapping[str, Any]) -> Link:
    """A chain row as a Link; a value of the wrong type (a row edited by hand) is kept in the link's `problem`
    (the column's name) and replaced by a harmless one, so verify names it instead of failing on it."""
    problem = None

    def check(column: str, kinds: tuple[type, ...], fallback: Any) -> Any:
        nonlocal problem
        value = row[column]
        if isinstance(value, kinds) and not isinstance(value, bool):
            return value
        problem = problem or column
        return fallback(value) if callable(fallback) else fallback
    seq = check("seq", (int,), 0)
    version = check("originator_version", (int,), lambda v: v)
    topic = check("topic", (str,), lambda v: None if v is None else str(v))
    digest = check("state_sha256", (str,), "")
    value = check("entry_hash", (str,), "")
    position = row["notification_id"] if isinstance(row["notification_id"], int) else None
    return Link(pole_id=str(row["pole_id"]), seq=seq, originator_id=str(row["originator_id"]),
                originator_version=version, entry_hash=value, topic=topic, state_sha256=digest, position=position,
                problem=problem if problem is None else (problem, _shown(row[problem])))


def _shown(value: Any) -> str:
    text = "NULL" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def safe_digest(state: Any) -> str:
    """sha256 of stored state bytes; for a state that is not bytes (text or NULL written by hand), a value
    no recorded digest can equal (so the entry is reported altered)."""
    if isinstance(state, (bytearray, memoryview)):
        state = bytes(state)
    if isinstance(state, bytes):
        return state_digest(state)
    return f"not bytes: {type(state).__name__}"


def _event(position: Any, originator: Any, version: Any, topic: Any, state: Any, link: Link | None) -> Event:
    return Event(position, canonical_id(originator), version if isinstance(version, int) else version,
                 topic if isinstance(topic, str) else ("" if topic is None else str(topic)), safe_digest(state),
                 None if link else _pole_hint(state))


def canonical_id(value: Any) -> str:
    """An aggregate id as the chain records it (dashed UUID), whatever its stored form (SQLite stores hex)."""
    try:
        return str(value if isinstance(value, UUID) else UUID(str(value)))
    except ValueError:
        return str(value)


class StoredText(str):
    """A value SQLite holds as text where the application writes bytes (its raw bytes kept in `raw`)."""

    raw: bytes = b""


def sqlite_value(value: Any, kind: str) -> Any:
    """A value read as `CAST(x AS BLOB)` with its `typeof(x)`: bytes for a blob, text (maybe not UTF-8) as
    StoredText, NULL as None, numbers as they were."""
    if kind == "blob":
        return bytes(value)
    if kind == "null" or value is None:
        return None
    if kind == "text":
        text = StoredText(bytes(value).decode("utf-8", "replace"))
        text.raw = bytes(value)
        return text
    raw = bytes(value).decode("ascii", "replace")
    try:
        return int(raw) if kind == "integer" else float(raw)
    except ValueError:
        return raw


def raw_events(recorder: Any, after: int = 0, limit: int = SECTION,
               topic: str | None = None) -> list[tuple[Any, Any, Any, Any, Any]]:
    """(position, originator_id, originator_version, topic, state) rows of the events table, as stored, in log
    order: read with plain SQL, so a row edited by hand (text where bytes were, NULL) is read, not refused."""
    where = "" if topic is None else " AND topic = {mark}"
    if isinstance(recorder, SQLiteChainRecorder):
        # SQLite keeps any value in any column: a state made text (maybe not even UTF-8) is read as bytes
        # with its type beside it, so it is named, never a decoding error.
        sql = (f"SELECT rowid, originator_id, originator_version, CAST(topic AS BLOB), typeof(topic), "
               f"CAST(state AS BLOB), typeof(state) FROM {recorder.events_table_name} "
               f"WHERE rowid > ?{where.format(mark='?')} ORDER BY rowid LIMIT ?")
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(sql, (after, *(() if topic is None else (topic,)), limit))
            return [(row[0], row[1], row[2], sqlite_value(row[3], row[4]), sqlite_value(row[5], row[6]))
                    for row in c.fetchall()]
    table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
    sql = (f"SELECT notification_id, originator_id, originator_version, topic, state FROM {table} "
           f"WHERE notification_id > %s{where.format(mark='%s')} ORDER BY notification_id LIMIT %s")
    with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(sql, (after, *(() if topic is None else (topic,)), limit))
        return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in curs.fetchall()]


class SQLiteChainRecorder(SQLiteApplicationRecorder):
    """SQLite application recorder that chains every event into its pole's register."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(),
                f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} (pole_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                "originator_id TEXT NOT NULL, originator_version INTEGER NOT NULL, topic TEXT NOT NULL, "
                "state_sha256 TEXT NOT NULL, notification_id INTEGER, entry_hash TEXT NOT NULL, "
                "PRIMARY KEY (pole_id, seq))",
                f"CREATE UNIQUE INDEX IF NOT EXISTS {CHAIN_TABLE}_event "
                f"ON {CHAIN_TABLE} (originator_id, originator_version)",
                f"CREATE TABLE IF NOT EXISTS {ANCHORS_TABLE} (source_id TEXT NOT NULL, source_version INTEGER NOT NULL, "
                "pole_id TEXT NOT NULL, seq INTEGER NOT NULL, entry_hash TEXT NOT NULL, noted_on TEXT NOT NULL, "
                "PRIMARY KEY (source_id, source_version))"]

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        # The INSERT of the events takes the database's write lock: the head read below is the latest.
        ids = super()._insert_events(c, stored_events, **kwargs)

        def head(pole: str) -> tuple[int, str]:
            c.execute(f"SELECT seq, entry_hash FROM {CHAIN_TABLE} WHERE pole_id=? ORDER BY seq DESC LIMIT 1", (pole,))
            row = c.fetchone()
            return (0, GENESIS) if row is None else (row["seq"], row["entry_hash"])

        def known_pole(originator: str) -> str | None:
            c.execute(f"SELECT pole_id FROM {CHAIN_TABLE} WHERE originator_id=? LIMIT 1", (originator,))
            row = c.fetchone()
            return None if row is None else row["pole_id"]

        links = make_links(stored_events, ids, kwargs.get("register_poles"), head, known_pole)
        c.executemany(f"INSERT INTO {CHAIN_TABLE} ({','.join(COLUMNS)}) VALUES (?,?,?,?,?,?,?,?)",
                      [_row(link) for link in links])
        if kwargs.get("register_anchors"):
            c.executemany(f"INSERT INTO {ANCHORS_TABLE} ({','.join(ANCHOR_COLUMNS)}) VALUES (?,?,?,?,?,?)",
                          _anchor_rows(kwargs["register_anchors"]))
        return ids

    def chain_head(self, pole: str) -> tuple[int, str] | None:
        """The head (seq, entry hash) of a pole's chain as committed now, or None when it has no entry."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT seq, entry_hash FROM {CHAIN_TABLE} WHERE pole_id=? ORDER BY seq DESC LIMIT 1",
                      (str(pole),))
            row = c.fetchone()
            return None if row is None else (row["seq"], row["entry_hash"])

    def select_links(self) -> list[Link]:
        """Every link of every pole's chain."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT {','.join(COLUMNS)} FROM {CHAIN_TABLE} ORDER BY pole_id, seq")
            return [_link(row) for row in c.fetchall()]


class PostgresChainRecorder(PostgresApplicationRecorder):
    """PostgreSQL application recorder that chains every event into its pole's register."""

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        schema, table = Identifier(self.datastore.schema), Identifier(CHAIN_TABLE)
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{table} (pole_id text NOT NULL, seq bigint NOT NULL, "
            "originator_id text NOT NULL, originator_version bigint NOT NULL, topic text NOT NULL, "
            "state_sha256 text NOT NULL, notification_id bigint, entry_hash text NOT NULL, "
            "PRIMARY KEY (pole_id, seq))").format(schema=schema, table=table))
        self.sql_create_statements.append(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS {index} ON {schema}.{table} (originator_id, originator_version)"
        ).format(index=Identifier(CHAIN_TABLE + "_event"), schema=schema, table=table))
        self.chain_head_statement = SQL(
            "SELECT seq, entry_hash FROM {schema}.{table} WHERE pole_id = %s ORDER BY seq DESC LIMIT 1"
        ).format(schema=schema, table=table)
        self.chain_pole_statement = SQL(
            "SELECT pole_id FROM {schema}.{table} WHERE originator_id = %s LIMIT 1").format(schema=schema, table=table)
        self.chain_insert_statement = SQL("INSERT INTO {schema}.{table} ({columns}) VALUES ({values})").format(
            schema=schema, table=table, columns=SQL(",").join(map(Identifier, COLUMNS)),
            values=SQL(",").join([SQL("%s")] * len(COLUMNS)))
        self.chain_select_statement = SQL("SELECT {columns} FROM {schema}.{table} ORDER BY pole_id, seq").format(
            schema=schema, table=table, columns=SQL(",").join(map(Identifier, COLUMNS)))
        anchors = Identifier(ANCHORS_TABLE)
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{table} (source_id text NOT NULL, source_version bigint NOT NULL, "
            "pole_id text NOT NULL, seq bigint NOT NULL, entry_hash text NOT NULL, noted_on text NOT NULL, "
            "PRIMARY KEY (source_id, source_version))").format(schema=schema, table=anchors))
        self.anchor_insert_statement = SQL("INSERT INTO {schema}.{table} ({columns}) VALUES ({values})").format(
            schema=schema, table=anchors, columns=SQL(",").join(map(Identifier, ANCHOR_COLUMNS)),
            values=SQL(",").join([SQL("%s")] * len(ANCHOR_COLUMNS)))

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        # One plain transaction (no pipeline): lock the events table, insert the events, then the
        # links, so the chain's order is the commit order; any error rolls everything back.
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            self._insert_stored_events(curs, stored_events, **kwargs)  # takes LOCK TABLE … IN EXCLUSIVE MODE
            ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

            def head(pole: str) -> tuple[int, str]:
                curs.execute(self.chain_head_statement, (pole,))
                row = curs.fetchone()
                return (0, GENESIS) if row is None else (row["seq"], row["entry_hash"])

            def known_pole(originator: str) -> str | None:
                curs.execute(self.chain_pole_statement, (originator,))
                row = curs.fetchone()
                return None if row is None else row["pole_id"]

            links = make_links(stored_events, ids, kwargs.get("register_poles"), head, known_pole)
            curs.executemany(self.chain_insert_statement, [_row(link) for link in links])
            if kwargs.get("register_anchors"):
                curs.executemany(self.anchor_insert_statement, _anchor_rows(kwargs["register_anchors"]))
        return ids

    def chain_head(self, pole: str) -> tuple[int, str] | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.chain_head_statement, (str(pole),))
            row = curs.fetchone()
            return None if row is None else (row["seq"], row["entry_hash"])

    def select_links(self) -> list[Link]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.chain_select_statement)
            return [_link(row) for row in curs.fetchall()]


def _anchor_rows(anchors: Iterable[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    return [(str(a["source_id"]), int(a["source_version"]), str(a["pole"]), int(a["seq"]), str(a["hash"]),
             str(a["noted_on"])) for a in anchors]


def select_anchor_rows(recorder: Any) -> list[tuple[str, int, str, str]]:
    """(pole, seq, entry hash, date noted) of every head recorded by signed minutes; rows edited into
    values of the wrong type are skipped (docs/register.md: what deleting or editing anchors allows)."""
    sql = f"SELECT pole_id, seq, entry_hash, noted_on FROM {{table}} ORDER BY pole_id, seq"
    try:
        if isinstance(recorder, SQLiteChainRecorder):
            with recorder.datastore.transaction(commit=False) as c:
                c.execute(sql.format(table=ANCHORS_TABLE))
                rows = [tuple(row) for row in c.fetchall()]
        else:
            with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
                curs.execute(sql.format(table=f'"{recorder.datastore.schema}".{ANCHORS_TABLE}'))
                rows = [tuple(row.values()) for row in curs.fetchall()]
    except Exception:  # a store whose setup step has not created the table yet (or dropped by an intruder)
        return []
    anchors = []
    for pole, seq, value, noted_on in rows:
        if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 1 and isinstance(value, str):
            anchors.append((str(pole), seq, value.strip().lower(), str(noted_on)))
    return anchors


def keeps_chain(recorder: Any) -> bool:
    return isinstance(recorder, (SQLiteChainRecorder, PostgresChainRecorder))


def store_entries(recorder: Any) -> Iterator[Entry]:
    """The store's events in log order, each joined with its link, then the links whose event is gone."""
    if not keeps_chain(recorder):
        raise TypeError("this store does not keep the register's hash chain (see chain_env)")
    links: dict[tuple[str, Any], Link] = {}
    for link in recorder.select_links():
        links.setdefault((link.originator_id, _key(link.originator_version)), link)
    start = 0
    while rows := raw_events(recorder, start):
        for position, originator, version, topic, state in rows:
            link = links.pop((canonical_id(originator), _key(version)), None)
            yield Entry(_event(position, originator, version, topic, state, link), link)
        start = rows[-1][0]
    for link in links.values():
        yield Entry(None, link)


def _key(version: Any) -> Any:
    return version if isinstance(version, int) and not isinstance(version, bool) else ("not a number", repr(version))


def verify_store(recorder: Any, pole: str | UUID | None = None, anchors: Iterable[Anchor] = ()) -> Report:
    """Re-check the whole chain of a store (every pole, or one), and that it still passes through `anchors`
    and through every head recorded by signed minutes (the anchors table). The snapshots and the heads
    in MinutesSigned events need the application: infrastructure/register_audit.py `audit_store`."""
    recorded = [Anchor(*row) for row in select_anchor_rows(recorder)]
    return verify(store_entries(recorder), None if pole is None else str(pole), [*anchors, *recorded])


class ChainAlreadyStarted(Exception):
    """Sealing existing events is refused: the store's chain already has links."""


def seal_existing(recorder: Any, pole_of: Callable[[StoredEvent], str | None] | None = None) -> int:
    """Chain, once, the events of a store written before it kept the chain; returns how many.

    Only for adopting the chain: refused when any link exists (events added later without a link are
    exactly what verify must report, never something to seal). Events are chained in log order, each
    in the pole named by its aggregate's first event (a proposal's `pole_id`, read by `pole_of`, by
    default from the plain JSON state), else its own register.
    """
    if not keeps_chain(recorder):
        raise TypeError("this store does not keep the register's hash chain (see chain_env)")
    notifications = []
    start = 0
    while batch := recorder.select_notifications(start=start, limit=SECTION, inclusive_of_start=False):
        notifications.extend(batch)
        start = batch[-1].id
    events = [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in notifications]
    pole_of = pole_of or (lambda event: _pole_hint(event.state))
    poles: dict[str, str] = {}
    for event in events:
        if str(event.originator_id) not in poles and (pole := pole_of(event)):
            poles[str(event.originator_id)] = pole
    links = make_links(events, [n.id for n in notifications], poles, lambda pole: (0, GENESIS), lambda _o: None)
    if isinstance(recorder, SQLiteChainRecorder):
        with recorder.datastore.transaction(commit=True) as c:
            c.execute(f"INSERT INTO {CHAIN_TABLE} SELECT * FROM {CHAIN_TABLE} WHERE 0")  # take the write lock
            _check_unsealed(c.execute, c.fetchone, recorder.events_table_name, start, "?")
            c.executemany(f"INSERT INTO {CHAIN_TABLE} ({','.join(COLUMNS)}) VALUES (?,?,?,?,?,?,?,?)",
                          [_row(link) for link in links])
    else:
        with recorder.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            recorder._lock_table(curs)
            _check_unsealed(curs.execute, lambda: tuple(curs.fetchone().values()),
                            f'"{recorder.datastore.schema}"."{recorder.events_table_name}"', start, "%s",
                            f'"{recorder.datastore.schema}".{CHAIN_TABLE}', "notification_id")
            curs.executemany(recorder.chain_insert_statement, [_row(link) for link in links])
    return len(links)


def _check_unsealed(execute: Callable[..., Any], fetchone: Callable[[], Any], events_table: str, last: int,
                    mark: str, chain_table: str = CHAIN_TABLE, position: str = "rowid") -> None:
    execute(f"SELECT COUNT(*) FROM {chain_table}")
    if tuple(fetchone())[0]:
        raise ChainAlreadyStarted("the register's chain already has links: existing events were sealed before")
    execute(f"SELECT COUNT(*) FROM {events_table} WHERE {position} > {mark}", (last,))
    if tuple(fetchone())[0]:
        raise ChainAlreadyStarted("events were written while sealing: run it again")
