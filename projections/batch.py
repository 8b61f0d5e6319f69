"""The projections' shared machinery: how a batch of events becomes read-model rows.

A projection (`Projection`) is a name (its tracking row), the tables it owns, and one handler
per event class it reads, bound by the class itself (`Projection.on`; `ANY_EVENT` for every
event). Each read model has its module: projections/poles.py, roster.py, decisions.py,
assemblies.py, board.py, capital.py, deliberation.py, assessment.py, audit.py;
projections/handlers.py lists them (`ALL_PROJECTIONS`).

Handlers run inside the projector's batch transaction, on rows held in memory (`Batch.rows`):
every row a section touches is read at most once (most of them fetched together before the
handlers run, by the projection's `prefetch`) and written once at the end of the section, new
rows with one multi-row INSERT and changed rows with one executemany UPDATE per table.
SQLAlchemy then builds a handful of statements per section instead of several per event; on
SQLite the bulk INSERTs and the prefetch queries go to the DBAPI cursor directly, their values
converted as SQLAlchemy would.

Events reach the handlers as plain events (projections/decoding.py): the domain event's
fields with identifiers and times as text (`utc` parses them), in a class whose `__qualname__`
is the domain event class's (`event_key`): the key the projector looks the handler up by.
"""

from __future__ import annotations


import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Iterable, Mapping, Sequence

from psycopg.sql import SQL, Identifier
from sqlalchemy import JSON, Connection, DateTime, Table, and_, bindparam, insert, select, update

from projections import tables as t
from projections.decoding import event_key

Handler = Callable[["Batch", Any, int], None]
Prefetch = Callable[["Batch", Sequence[Any]], None]
Key = tuple[Any, ...]
IN_CHUNK = 500  # keys per `IN (...)` when rows are fetched together
ANY_EVENT = "*"  # a handler for every event (the audit trail's)
# The audit trail's rows, as `Batch.audit_rows` holds them (projections/audit.py fills them).
AUDIT_COLUMNS = ("position", "pole_id", "aggregate_id", "aggregate_type", "aggregate_version", "event_type", "actor",
                 "at", "details")


def _json_text(value: Any) -> str:
    """A JSON column's value as SQLAlchemy's JSON type encodes it (json.dumps)."""
    return json.dumps(value)


def _sqlite_datetime(value: Any) -> Any:
    """SQLAlchemy's SQLite storage format for a naive datetime ('YYYY-MM-DD HH:MM:SS.ffffff')."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


@lru_cache(maxsize=256)
def _insert_plan(dialect: str, table: Table, names: tuple[str, ...]) -> tuple[Any, tuple[Any, ...]]:
    """The statement and the per-column converters of a bulk insert of these columns."""
    columns = [table.c[n] for n in names]
    if dialect == "postgresql":
        statement = SQL("COPY {} ({}) FROM STDIN").format(Identifier(table.name),
                                                           SQL(", ").join(Identifier(n) for n in names))
        return statement, tuple(_json_text if isinstance(c.type, JSON) else None for c in columns)
    quoted = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
    statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" for _ in names)})'
    return statement, tuple(_json_text if isinstance(c.type, JSON) else
                            _sqlite_datetime if isinstance(c.type, DateTime) else None for c in columns)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with one statement: COPY on PostgreSQL, an executemany INSERT on SQLite.

    On PostgreSQL, SQLAlchemy's executemany sends one pipelined statement per row, which costs
    more than building the rows; COPY sends them all in one stream (same transaction). On
    SQLite, the DBAPI's executemany with the values converted as SQLAlchemy would (times in its
    storage format, JSON encoded) skips SQLAlchemy's per-row parameter processing."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        conn.execute(insert(table), rows)
        return
    names = tuple(c.name for c in table.c if c.name in rows[0])
    _, converters = _insert_plan(dialect, table, names)
    get = itemgetter(*names)
    values: list[Any] = list(map(get, rows)) if len(names) > 1 else [(get(row),) for row in rows]
    convert = [(i, f) for i, f in enumerate(converters) if f is not None]
    if convert:  # None stays SQL NULL, as SQLAlchemy writes it (a nullable JSON column's too: tables.NullableJSON)
        for index, value in enumerate(values):
            value = list(value)
            for i, f in convert:
                v = value[i]
                if v is not None:
                    value[i] = f(v)
            values[index] = value
    insert_values(conn, table, names, values)


def insert_values(conn: Connection, table: Table, names: tuple[str, ...], values: list[Any]) -> None:
    """Insert rows given as sequences of these columns' values, already as the database takes them
    (bulk_insert's converters: times as text on SQLite, JSON as text)."""
    if not values:
        return
    dialect = conn.dialect.name
    statement, _ = _insert_plan(dialect, table, names)
    cursor = conn.connection.cursor()
    try:
        if dialect == "sqlite":
            cursor.executemany(statement, values)
        else:
            with cursor.copy(statement) as copy:
                for value in values:
                    copy.write_row(value)
    finally:
        cursor.close()


@lru_cache(maxsize=64)
def _select_plan(dialect: Any, table: Table) -> tuple[str, list[str], list[Any]]:
    """`SELECT <every column> FROM table` and each column's result processor (as SQLAlchemy reads it)."""
    names = [c.name for c in table.c]
    processors = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in table.c]
    quoted = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    return f"SELECT {quoted} FROM {dialect.identifier_preparer.quote(table.name)}", names, processors


_ARRAY_UNSAFE = re.compile(r'[\s"{}\\]|(?:^|,)NULL(?:,|$)', re.IGNORECASE)


def _text_array(values: Sequence[Any]) -> str | None:
    """A PostgreSQL array literal of these strings when none needs quoting (identifiers), else None."""
    if not values or not all(type(v) is str for v in values) or min(map(len, values)) == 0:
        return None
    joined = ",".join(values)
    if joined.count(",") != len(values) - 1 or _ARRAY_UNSAFE.search(joined):
        return None
    return "{" + joined + "}"


def select_in(conn: Connection, table: Table, columns: Sequence[str], values: Sequence[Sequence[Any]]
              ) -> list[dict[str, Any]]:
    """Rows of `table` where each of `columns` is IN its `values`, as dicts of SQLAlchemy's values.

    The statement goes to the DBAPI cursor as is: SQLAlchemy's construction, compilation and
    expansion of a 500-value IN cost several times the query on SQLite."""
    dialect = conn.dialect
    select_sql, names, processors = _select_plan(dialect, table)
    quote = dialect.identifier_preparer.quote
    if dialect.name == "postgresql":  # one array parameter per column: the same statement every time
        conditions, params = [], []
        for c, v in zip(columns, values):
            literal = _text_array(v)
            if literal is None:
                conditions.append(f"{quote(c)} = ANY(%s)")
                params.append(list(v))
            else:  # identifiers: one text literal, not an array of values to adapt one by one
                conditions.append(f"{quote(c)} = ANY(%s::text[])")
                params.append(literal)
        where = " AND ".join(conditions)
    else:
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        where = " AND ".join(f"{quote(c)} IN ({', '.join(mark for _ in v)})" for c, v in zip(columns, values))
        params = [x for v in values for x in v]
    cursor = conn.connection.cursor()
    try:
        cursor.execute(f"{select_sql} WHERE {where}", params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    plan = [(n, p) for n, p in zip(names, processors)]
    return [{n: (v if p is None or v is None else p(v)) for (n, p), v in zip(plan, row)} for row in rows]


@lru_cache(maxsize=64)
def _defaults(table: Table) -> dict[str, Any]:
    """A new row of this table before its values are set: each column's default, else None."""
    return {c.name: c.default.arg if c.default is not None else None for c in table.c}


class Rows:
    """The rows of one table that a batch reads or writes, by primary key, held in memory.

    `get` reads a row once (None: known to be absent); `insert` and `update` change the
    in-memory rows only; `flush` writes new rows in one INSERT (in the order they were
    added) and changed rows in one executemany UPDATE."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self.pk = [c.name for c in table.primary_key.columns]
        self.rows: dict[Key, dict[str, Any] | None] = {}
        self.new: dict[Key, None] = {}  # ordered set
        self.changed: dict[Key, None] = {}

    def _where(self, key: Key) -> Any:
        return and_(*(self.table.c[name] == value for name, value in zip(self.pk, key)))

    def prefetch(self, keys: Iterable[Key]) -> None:
        """Read the rows of all these keys with a few `IN` queries."""
        missing = list(dict.fromkeys(k for k in keys if k not in self.rows))
        wanted = set(missing)
        for k in missing:
            self.rows[k] = None
        for i in range(0, len(missing), IN_CHUNK):
            chunk = missing[i:i + IN_CHUNK]
            # A superset for composite keys (each column IN its values): no deep OR trees.
            values = [sorted({k[i] for k in chunk}) for i in range(len(self.pk))]
            for found in select_in(self.conn, self.table, self.pk, values):
                key = tuple(found[name] for name in self.pk)
                if key in wanted or key not in self.rows:  # never replace a row already in memory
                    self.rows[key] = found

    def get(self, *key: Any) -> dict[str, Any] | None:
        if key not in self.rows:
            row = self.conn.execute(select(self.table).where(self._where(key))).first()
            self.rows[key] = None if row is None else dict(row._mapping)
        return self.rows[key]

    def insert(self, **row: Any) -> None:
        key = tuple(row[name] for name in self.pk)
        full = _defaults(self.table).copy()
        full.update(row)
        self.rows[key] = full
        self.new[key] = None

    def add(self, key: Key, row: dict[str, Any]) -> None:
        """`insert` of a row that names every column, under its key."""
        self.rows[key] = row
        self.new[key] = None

    def mark(self, key: Key) -> None:
        """The row of this key (in memory) was changed in place."""
        if key not in self.new:
            self.changed[key] = None

    def update(self, *key: Any, **values: Any) -> bool:
        """Change an existing row; False (and nothing changed) when there is none, like an UPDATE."""
        row = self.get(*key)
        if row is None:
            return False
        row.update(values)
        if key not in self.new:
            self.changed[key] = None
        return True

    def flush(self) -> None:
        if self.new:
            bulk_insert(self.conn, self.table, [self.rows[k] for k in self.new])  # type: ignore[misc]
        if self.changed:
            others = [c.name for c in self.table.c if c.name not in self.pk]
            stmt = (update(self.table).where(*(self.table.c[name] == bindparam(f"k_{name}") for name in self.pk))
                    .values({name: bindparam(f"v_{name}") for name in others}))
            params = []
            for key in self.changed:
                row = self.rows[key]
                assert row is not None
                params.append({**{f"k_{n}": v for n, v in zip(self.pk, key)},
                               **{f"v_{n}": row[n] for n in others}})
            self.conn.execute(stmt, params)
        self.new, self.changed = {}, {}


class MemberPeriods:
    """rm_member_periods in memory for one batch: the open period of each member touched."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.open: dict[str, dict[str, Any] | None] = {}  # member id -> its open period (valid_to NULL)
        self.new: list[dict[str, Any]] = []
        self.closed: dict[int, datetime] = {}  # id of a stored period -> its valid_to

    def prefetch(self, member_ids: Iterable[str]) -> None:
        p = t.member_periods
        missing = list(dict.fromkeys(m for m in member_ids if m not in self.open))
        for m in missing:
            self.open[m] = None
        for i in range(0, len(missing), IN_CHUNK):
            for row in self.conn.execute(select(p).where(p.c.member_id.in_(missing[i:i + IN_CHUNK]),
                                                         p.c.valid_to.is_(None)).order_by(p.c.id)):
                self.open[row.member_id] = dict(row._mapping)

    def close(self, member_id: str, at: datetime) -> None:
        if member_id not in self.open:
            self.prefetch([member_id])
        period = self.open.pop(member_id, None)
        self.open[member_id] = None
        if period is None:
            return
        period["valid_to"] = at
        if period.get("id") is not None:
            self.closed[period["id"]] = at

    def start(self, **row: Any) -> None:
        period = {"pole_id": row["pole_id"], "member_id": row["member_id"], "status": row["status"],
                  "college": row["college"], "valid_from": row["valid_from"], "valid_to": None}
        self.new.append(period)
        self.open[row["member_id"]] = period

    def flush(self) -> None:
        p = t.member_periods
        if self.closed:
            self.conn.execute(update(p).where(p.c.id == bindparam("k_id")).values(valid_to=bindparam("v_to")),
                              [{"k_id": k, "v_to": v} for k, v in self.closed.items()])
        if self.new:
            bulk_insert(self.conn, p, self.new)
        self.new, self.closed = [], {}


@dataclass
class Batch:
    """What handlers share while one batch of events is applied: the connection, rows and caches.

    `proposal_poles` and `minutes_subjects` map immutable facts (the pole of a proposal, the
    subject of minutes); the projector passes the same dictionaries to every batch."""

    conn: Connection
    proposal_poles: dict[str, str] = field(default_factory=dict)
    audit_rows: list[tuple[Any, ...]] = field(default_factory=list)  # AUDIT_COLUMNS, as the database takes them
    minutes_subjects: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    tables: dict[str, Rows] = field(default_factory=dict)
    _periods: MemberPeriods | None = None

    def rows(self, table: Table) -> Rows:
        if table.name not in self.tables:
            self.tables[table.name] = Rows(self.conn, table)
        return self.tables[table.name]

    @property
    def periods(self) -> MemberPeriods:
        if self._periods is None:
            self._periods = MemberPeriods(self.conn)
        return self._periods

    def flush(self) -> None:
        """Write what the handlers changed: one INSERT and one UPDATE at most per table."""
        for table in _sorted_tables():  # parents before children, as declared
            if table.name in self.tables:
                self.tables[table.name].flush()
        if self._periods is not None:
            self._periods.flush()
        if self.audit_rows:
            insert_values(self.conn, t.audit, AUDIT_COLUMNS, self.audit_rows)
            self.audit_rows = []

    def pole_of_proposal(self, proposal_id: str) -> str | None:
        """The pole of a proposal, from the audit trail's own rows (cached).

        The audit projection keeps to its own table, so it can run and rebuild on its own."""
        if proposal_id not in self.proposal_poles:
            pole = self.conn.execute(select(t.audit.c.pole_id).where(t.audit.c.aggregate_id == proposal_id)
                                     .limit(1)).scalar()
            if pole is not None:
                self.proposal_poles[proposal_id] = pole
        return self.proposal_poles.get(proposal_id)


def _no_prefetch(b: Batch, events: Sequence[Any]) -> None:
    return None


@lru_cache(maxsize=None)
def _sorted_tables() -> tuple[Any, ...]:
    """The read models' tables, parents first: `MetaData.sorted_tables` sorts them anew at each call (half a
    millisecond, at every section the worker applies)."""
    return tuple(t.metadata.sorted_tables)


@dataclass(frozen=True)
class Projection:
    """A read model: its name (its tracking row in rm_tracking), the tables it owns, its handlers.

    `on` binds each handler to a domain event class (`Pole.MemberAdmitted`), or to every event
    (`ANY_EVENT`); a name given as text is refused, so that renaming an event class fails at
    import instead of silently stopping the read model. `handlers` is the same table keyed by
    `event_key(cls)`, the `__qualname__` the projector matches a plain event's class against.
    `prefetch` reads, before the handlers run, the rows a section of events will touch."""

    name: str
    tables: tuple[Table, ...]
    on: Mapping[Any, Handler]  # event class (or ANY_EVENT) -> handler
    prefetch: Prefetch = _no_prefetch
    handlers: dict[str, Handler] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        handlers: dict[str, Handler] = {}
        for bound, handler in self.on.items():
            if bound == ANY_EVENT:
                key = ANY_EVENT
            elif isinstance(bound, type):
                key = event_key(bound)
            else:
                raise TypeError(f"projection {self.name!r}: handlers are bound to event classes, not to {bound!r}")
            if key in handlers:
                raise ValueError(f"projection {self.name!r}: two handlers for {key}")
            handlers[key] = handler
        object.__setattr__(self, "handlers", handlers)

    @property
    def events(self) -> tuple[type, ...]:
        """The event classes this projection has a handler for (not counting `ANY_EVENT`)."""
        return tuple(bound for bound in self.on if isinstance(bound, type))


def utc(ts: datetime | str) -> datetime:
    """Read models store naive UTC times, the same on SQLite and PostgreSQL.

    Events reach the handlers in their plain form (projections/decoding.py): times as text."""
    if isinstance(ts, str):
        if ts.endswith("+00:00"):
            return datetime.fromisoformat(ts[:-6])
        ts = datetime.fromisoformat(ts)
    return ts.astimezone(UTC).replace(tzinfo=None)


def _id(e: Any) -> str:
    """The event's aggregate id as text (plain events carry it as text already)."""
    return e.originator_id if type(e.originator_id) is str else str(e.originator_id)


def _named(events: Sequence[Any], *classes: type) -> list[Any]:
    """The events of these classes (domain event classes: plain events match them by `event_key`)."""
    names = tuple(event_key(cls) for cls in classes)
    return [e for e in events if type(e).__qualname__ in names]
