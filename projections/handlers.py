"""Event handlers: how each projection turns governance events into read-model rows.

Each projection is a name (its tracking row), the tables it owns, and one handler per
event type it cares about. Handlers run inside the projector's batch transaction, on
rows held in memory (`Batch.rows`): every row a section touches is read at most once
(most of them fetched together before the handlers run, by the projection's `prefetch`)
and written once at the end of the section, new rows with one multi-row INSERT and
changed rows with one executemany UPDATE per table. SQLAlchemy then builds a handful of
statements per section instead of several per event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import UTC, datetime
from typing import Any, Callable, Iterable, Sequence
from uuid import UUID

from psycopg.sql import SQL, Identifier
from sqlalchemy import JSON, Connection, Table, and_, bindparam, insert, select, update

from governance.tally import Tally
from projections import tables as t

Handler = Callable[["Batch", Any, int], None]
Prefetch = Callable[["Batch", Sequence[Any]], None]
Key = tuple[Any, ...]
IN_CHUNK = 500  # keys per `IN (...)` when rows are fetched together


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with one statement: COPY on PostgreSQL, an executemany INSERT elsewhere.

    On PostgreSQL, SQLAlchemy's executemany sends one pipelined statement per row, which costs
    more than building the rows; COPY sends them all in one stream (same transaction)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    names = [c.name for c in table.c if c.name in rows[0]]
    json_columns = {c.name for c in table.c if isinstance(c.type, JSON)}
    dumps = [(name, name in json_columns) for name in names]
    statement = SQL("COPY {} ({}) FROM STDIN").format(Identifier(table.name),
                                                       SQL(", ").join(Identifier(n) for n in names))
    cursor = conn.connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([None if row[n] is None else json.dumps(row[n]) if is_json else row[n]
                                for n, is_json in dumps])
    finally:
        cursor.close()


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
            condition = and_(*(self.table.c[name].in_(sorted({k[i] for k in chunk}))
                               for i, name in enumerate(self.pk)))
            for row in self.conn.execute(select(self.table).where(condition)):
                found = dict(row._mapping)
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
        self.rows[key] = {c.name: row.get(c.name, c.default.arg if c.default is not None else None)
                          for c in self.table.c}
        self.new[key] = None

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
    audit_rows: list[dict[str, Any]] = field(default_factory=list)
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
        for table in t.metadata.sorted_tables:  # parents before children, as declared
            if table.name in self.tables:
                self.tables[table.name].flush()
        if self._periods is not None:
            self._periods.flush()
        if self.audit_rows:
            bulk_insert(self.conn, t.audit, self.audit_rows)
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


@dataclass(frozen=True)
class Projection:
    name: str
    tables: tuple[Table, ...]
    handlers: dict[str, Handler]
    prefetch: Prefetch = _no_prefetch


def utc(ts: datetime) -> datetime:
    """Read models store naive UTC times, the same on SQLite and PostgreSQL."""
    return ts.astimezone(UTC).replace(tzinfo=None)


@lru_cache(maxsize=65536)
def _uuid_text(value: UUID) -> str:
    return str(value)


def _id(e: Any) -> str:
    """The event's aggregate id as text (cached: every projection asks for it)."""
    return _uuid_text(e.originator_id)


def _named(events: Sequence[Any], *names: str) -> list[Any]:
    return [e for e in events if type(e).__qualname__ in names]


# -- poles: identity, statutes versions, colleges, strategy versions --------------------
def _statutes_rows(b: Batch, pole_id: str, version: int, statutes: dict[str, Any],
                   decision_id: Any, at: datetime) -> None:
    b.rows(t.statutes_versions).insert(
        pole_id=pole_id, version=version, statutes=statutes, model=statutes["model"],
        empty_college_rule=statutes["empty_college_rule"],
        decision_id=None if decision_id is None else str(decision_id), adopted_at=at)
    colleges = b.rows(t.colleges)
    for i, c in enumerate(statutes["colleges"]):
        colleges.insert(pole_id=pole_id, version=version, code=c["code"], position=i, name=c["name"],
                        share=c["share"])


def pole_founded(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    b.rows(t.poles).insert(
        id=_id(e), name=e.name, territory=e.territory, legal_form=e.legal_form, founded_at=at,
        statutes_version=1, strategy_version=1 if e.strategy else 0)
    _statutes_rows(b, _id(e), 1, e.statutes, None, at)
    if e.strategy:
        b.rows(t.strategy_versions).insert(
            pole_id=_id(e), version=1, text=e.strategy, proposed_by=e.actor, decision_id=None, adopted_at=at)


def statutes_amended(b: Batch, e: Any, pos: int) -> None:
    _statutes_rows(b, _id(e), e.version, e.statutes, e.proposal_id, utc(e.timestamp))
    b.rows(t.poles).update(_id(e), statutes_version=e.version)


def strategy_revised(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.strategy_versions).insert(
        pole_id=_id(e), version=e.version, text=e.text, proposed_by=e.proposed_by,
        decision_id=str(e.proposal_id), adopted_at=utc(e.timestamp))
    b.rows(t.poles).update(_id(e), strategy_version=e.version)


def _prefetch_poles(b: Batch, events: Sequence[Any]) -> None:
    b.rows(t.poles).prefetch((_id(e),) for e in _named(events, "Pole.StatutesAmended", "Pole.StrategyRevised"))


POLES = Projection("poles", (t.poles, t.statutes_versions, t.colleges, t.strategy_versions), {
    "Pole.PoleFounded": pole_founded,
    "Pole.StatutesAmended": statutes_amended,
    "Pole.StrategyRevised": strategy_revised,
}, _prefetch_poles)


# -- roster: current members and their periods (the roster as of any date) --------------
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
    "Pole.MembershipRequested": membership_requested,
    "Pole.MemberAdmitted": lambda b, e, p: _member_changed(b, e, status="admitted"),
    "Pole.MembershipRefused": lambda b, e, p: _member_changed(b, e, status="refused"),
    "Pole.MemberAssignedToCollege": lambda b, e, p: _member_changed(b, e, college=e.college),
    "Pole.MemberWithdrew": lambda b, e, p: _member_changed(b, e, status="withdrawn", college=None),
    "Pole.MemberExcluded": lambda b, e, p: _member_changed(b, e, status="excluded", college=None),
}, _prefetch_roster)


# -- register: proposals, participation, proxies ----------------------------------------
def _proposal(b: Batch, e: Any, **values: Any) -> None:
    b.rows(t.proposals).update(_id(e), **values)


def proposal_drafted(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.proposals).insert(
        id=_id(e), pole_id=str(e.pole_id), title=e.title, text=e.text, kind=e.kind, effect=e.effect,
        secret=e.secret, status="draft", proposed_by=e.actor, drafted_at=utc(e.timestamp),
        participants=0, proxies_used=0)


def proposal_amended(b: Batch, e: Any, pos: int) -> None:
    _proposal(b, e, title=e.title, text=e.text, kind=e.kind, effect=e.effect, secret=e.secret)


def voting_opened(b: Batch, e: Any, pos: int) -> None:
    per_college: dict[str, int] = {}
    for college in e.electorate.values():
        per_college[college] = per_college.get(college, 0) + 1
    _proposal(b, e, status="open", opened_at=utc(e.timestamp), closes_at=utc(e.closes_at),
              statutes_version=e.statutes_version, convocation=e.convocation, electorate=per_college,
              electorate_size=len(e.electorate))


def _increment(b: Batch, e: Any, column: str) -> None:
    row = b.rows(t.proposals).get(_id(e))
    if row is not None:
        _proposal(b, e, **{column: row[column] + 1})


def ballot_cast(b: Batch, e: Any, pos: int, choice: str | None = None) -> None:
    at = utc(e.timestamp)
    ballots = b.rows(t.ballots)
    row = ballots.get(_id(e), e.member_id)
    if row is None:
        ballots.insert(proposal_id=_id(e), member_id=e.member_id, choice=choice, proxy_holder=e.proxy_holder,
                       cast_at=at, changes=0)
        _increment(b, e, "participants")
    else:
        ballots.update(_id(e), e.member_id, choice=choice, proxy_holder=e.proxy_holder, cast_at=at,
                       changes=row["changes"] + 1)
    if e.proxy_holder is not None:
        proxies = b.rows(t.proxies)
        proxy = proxies.get(_id(e), e.member_id)
        if proxy is not None and proxy["status"] == "active":
            proxies.update(_id(e), e.member_id, status="used", updated_at=at)
            _increment(b, e, "proxies_used")


def voting_opened_in_assembly(b: Batch, e: Any, pos: int) -> None:
    voting_opened(b, e, pos)
    at = utc(e.timestamp)
    for principal, holder in e.proxies.items():  # the assembly's proxies in force, frozen into the resolution
        b.rows(t.proxies).insert(proposal_id=_id(e), principal_id=principal, holder_id=holder,
                                 status="active", granted_at=at, updated_at=at)


def proxy_granted(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    proxies = b.rows(t.proxies)
    if proxies.get(_id(e), e.principal_id) is not None:
        proxies.update(_id(e), e.principal_id, holder_id=e.holder_id, status="active", granted_at=at, updated_at=at)
    else:
        proxies.insert(proposal_id=_id(e), principal_id=e.principal_id, holder_id=e.holder_id, status="active",
                       granted_at=at, updated_at=at)


def proxy_revoked(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.proxies).update(_id(e), e.principal_id, status="revoked", updated_at=utc(e.timestamp))


def voting_closed(b: Batch, e: Any, pos: int) -> None:
    result = Tally.from_dict(e.tally)
    _proposal(b, e, status="closed", closed_at=utc(e.closed_at), tally=e.tally, outcome=e.outcome,
              result=None if result.result is None else str(result.result), rule_applied=result.rule_applied,
              effect_result=e.effect_result, closed_automatically=e.automatic)


BALLOTS = ("Proposal.BallotCast", "Proposal.SecretBallotCast")


def _prefetch_register(b: Batch, events: Sequence[Any]) -> None:
    mine = [e for e in events if type(e).__qualname__ in REGISTER.handlers]
    b.rows(t.proposals).prefetch((_id(e),) for e in mine if type(e).__qualname__ != "Proposal.ProposalDrafted")
    ballots = _named(mine, *BALLOTS)
    b.rows(t.ballots).prefetch((_id(e), e.member_id) for e in ballots)
    b.rows(t.proxies).prefetch(
        [(_id(e), e.member_id) for e in ballots if e.proxy_holder is not None]
        + [(_id(e), e.principal_id) for e in _named(mine, "Proposal.ProxyGranted", "Proposal.ProxyRevoked")])


REGISTER = Projection("register", (t.proposals, t.ballots, t.proxies), {
    "Proposal.ProposalDrafted": proposal_drafted,
    "Proposal.ProposalAmended": proposal_amended,
    "Proposal.VotingOpened": voting_opened,
    "Proposal.VotingOpenedInAssembly": voting_opened_in_assembly,
    "Proposal.ScheduledForAssembly": lambda b, e, p: _proposal(b, e, assembly_id=e.assembly_id),
    "Proposal.BallotCast": lambda b, e, p: ballot_cast(b, e, p, choice=e.choice),
    "Proposal.SecretBallotCast": lambda b, e, p: ballot_cast(b, e, p, choice=None),
    "Proposal.ProxyGranted": proxy_granted,
    "Proposal.ProxyRevoked": proxy_revoked,
    "Proposal.VotingClosed": voting_closed,
    "Proposal.ProposalWithdrawn": lambda b, e, p: _proposal(b, e, status="withdrawn",
                                                            withdrawn_at=utc(e.timestamp)),
}, _prefetch_register)


# -- audit trail: every event, who and when ----------------------------------------------
HIDDEN_FIELDS = {"originator_id", "originator_version", "timestamp", "actor", "sealed"}


def _plain(value: Any) -> Any:
    if isinstance(value, (UUID, datetime)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def audit_event(b: Batch, e: Any, pos: int) -> None:
    aggregate_type, event_type = type(e).__qualname__.split(".", 1)
    if aggregate_type == "Pole":
        pole_id: str | None = _id(e)
    elif getattr(e, "pole_id", None) is not None:  # the creation of a proposal, an assembly, minutes
        pole_id = str(e.pole_id)
        b.proposal_poles[_id(e)] = pole_id
    else:
        pole_id = b.pole_of_proposal(_id(e))
    details = {k: _plain(v) for k, v in vars(e).items() if k not in HIDDEN_FIELDS}
    b.audit_rows.append({"position": pos, "pole_id": pole_id, "aggregate_id": _id(e),
                         "aggregate_type": aggregate_type, "aggregate_version": e.originator_version,
                         "event_type": event_type, "actor": getattr(e, "actor", ""), "at": utc(e.timestamp),
                         "details": details})


AUDIT = Projection("audit", (t.audit,), {"*": audit_event})

from projections.assemblies import ASSEMBLIES  # noqa: E402  (it builds on the helpers above)

ALL_PROJECTIONS = (POLES, ROSTER, REGISTER, ASSEMBLIES, AUDIT)
