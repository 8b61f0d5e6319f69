"""Read-side queries: what screens, exports and the API show, straight from the read models."""

from __future__ import annotations

import difflib
import functools
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Callable, Iterable, Iterator, Mapping, TypeVar

from sqlalchemy import Connection, Engine, and_, bindparam, func, literal, or_, select

from governance.base import folded
from governance.compliance import CollegePower, Finding, college_power, findings
from governance.convocation import paris_day
from governance.statutes import Statutes
from projections import tables as t

T = TypeVar("T")
CACHED_LISTS = 64  # member and ballot lists kept per process (see Queries._all_cached)
MEMBER_COLUMNS = (t.members.c.id, t.members.c.name, t.members.c.kind, t.members.c.category,
                  t.members.c.representative)
# Lookups made on every request (a vote: its pole, its proposal, a name or two), built once:
# building a statement costs more than SQLite running it.
POLE_BY_ID = select(t.poles).where(t.poles.c.id == bindparam("id"))
PROPOSAL_BY_ID = select(t.proposals).where(t.proposals.c.id == bindparam("id"))
NAMES_BY_IDS = select(t.members.c.id, t.members.c.name).where(
    t.members.c.pole_id == bindparam("pole_id"), t.members.c.id.in_(bindparam("ids", expanding=True)))


class _RequestConnection:
    """The connection one web request reads through, checked out of the pool at its first read."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.conn: Connection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


_request: ContextVar[_RequestConnection | None] = ContextVar("collegia_request_connection", default=None)


@contextmanager
def request_connection(engine: Engine) -> Iterator[None]:
    """Let every read of this request share one pooled connection: one checkout (and, on
    PostgreSQL, one pre-ping round trip) per request instead of one per query."""
    holder = _RequestConnection(engine)
    token = _request.set(holder)
    try:
        yield
    finally:
        _request.reset(token)
        holder.close()


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for one read: the request's shared one (see `request_connection`), else a pooled one.

    Each read ends its own transaction, so the next one sees every commit made meanwhile
    (a command's events and read-model rows are committed by other connections)."""
    holder = _request.get()
    if holder is None or holder.engine is not engine:
        with engine.connect() as conn:
            yield conn
        return
    if holder.conn is None or holder.conn.invalidated or holder.conn.closed:
        holder.close()
        holder.conn = engine.connect()
    try:
        yield holder.conn
    finally:
        if holder.conn is not None and not holder.conn.closed and holder.conn.in_transaction():
            holder.conn.rollback()


def _id_batches(ids: Iterable[str | None], size: int = 500) -> Iterator[list[str]]:
    """Distinct ids as text, in batches small enough for one `IN (...)` each."""
    distinct = sorted({str(i) for i in ids if i})
    for start in range(0, len(distinct), size):
        yield distinct[start:start + size]


def naive_utc(at: datetime | None) -> datetime | None:
    """Compare with stored times: naive UTC."""
    if at is None or at.tzinfo is None:
        return at
    return at.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class PowerDistribution:
    pole_id: str
    statutes_version: int
    statutes: Statutes
    colleges: list[CollegePower]
    findings: list[Finding]


class Queries:
    """All read-model queries, bound to one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Large lists (a pole's members, a proposal's ballots) by query, with the positions where the
        # projections that write them last changed (`rm_tracking.changed_at`): rows commit together
        # with it, so while it has not moved the rows have not changed either. A ballot moves every
        # projection's position but not the roster's `changed_at`: member lists outlive a vote. The
        # tracking row's `generation` changes with every rebuild, which ends at the same positions.
        self._cache: OrderedDict[Any, tuple[tuple[tuple[str | None, int], ...], Any]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def _cached(self, key: Any, projections: tuple[str, ...], compute: Callable[[Any], T]) -> T:
        """`compute(conn)`, served from memory while the given projections have not changed.

        The value is shared between requests: callers must not change it (`_all_cached` copies rows).
        """
        tr = t.tracking
        with read_connection(self.engine) as conn:
            positions = tuple(tuple(row) for row in conn.execute(
                select(tr.c.generation, func.coalesce(tr.c.changed_at, tr.c.position))
                .where(tr.c.projection.in_(projections)).order_by(tr.c.projection)))
            with self._cache_lock:
                entry = self._cache.get(key)
                if entry is not None:
                    self._cache.move_to_end(key)
            if entry is None or entry[0] != positions or len(positions) != len(projections):
                value = compute(conn)
                with self._cache_lock:
                    self._cache[key] = (positions, value)
                    while len(self._cache) > CACHED_LISTS:
                        self._cache.popitem(last=False)
                return value
            return entry[1]  # type: ignore[no-any-return]

    def _shared_rows(self, key: Any, projections: tuple[str, ...], stmt: Any) -> list[dict[str, Any]]:
        """The rows of `stmt`, cached (see `_cached`): read them, never change them."""
        def compute(conn: Any) -> list[dict[str, Any]]:
            result = conn.execute(stmt)
            keys = list(result.keys())
            return [dict(zip(keys, row)) for row in result.all()]
        return self._cached(key, projections, compute)

    def _all_cached(self, key: Any, projections: tuple[str, ...], stmt: Any) -> list[dict[str, Any]]:
        """`_all(stmt)`, served from memory while the given projections have not changed (see `_cached`)."""
        return [dict(row) for row in self._shared_rows(key, projections, stmt)]  # callers may change their rows

    def _all(self, stmt: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with read_connection(self.engine) as conn:
            result = conn.execute(stmt, params)
            keys = list(result.keys())
            # zip over plain tuples: building each row's mapping costs more than the query on large lists
            return [dict(zip(keys, row)) for row in result.all()]

    def _one(self, stmt: Any, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
        rows = self._all(stmt, params)
        return rows[0] if rows else None

    # -- poles --------------------------------------------------------------------
    def poles(self) -> list[dict[str, Any]]:
        return self._all(select(t.poles).order_by(t.poles.c.name))

    def pole(self, pole_id: str) -> dict[str, Any] | None:
        return self._one(POLE_BY_ID, {"id": str(pole_id)})

    def statutes_versions(self, pole_id: str) -> list[dict[str, Any]]:
        return self._all(select(t.statutes_versions).where(t.statutes_versions.c.pole_id == str(pole_id))
                         .order_by(t.statutes_versions.c.version))

    def statutes_as_of(self, pole_id: str, as_of: datetime | None = None) -> dict[str, Any] | None:
        """The statutes version in force at `as_of` (now when None)."""
        stmt = select(t.statutes_versions).where(t.statutes_versions.c.pole_id == str(pole_id))
        if as_of is not None:
            stmt = stmt.where(t.statutes_versions.c.adopted_at <= naive_utc(as_of))
        return self._one(stmt.order_by(t.statutes_versions.c.version.desc()).limit(1))

    # -- members ------------------------------------------------------------------
    def members(self, pole_id: str, status: str | None = None) -> list[dict[str, Any]]:
        stmt = select(t.members).where(t.members.c.pole_id == str(pole_id))
        if status:
            stmt = stmt.where(t.members.c.status == status)
        return self._all_cached(("members", str(pole_id), status), ("roster",), stmt.order_by(t.members.c.name))

    def member_names(self, pole_id: str, member_ids: Iterable[str | None]) -> dict[str, str]:
        """The names of just these members of the pole, by id (unknown ids are left out)."""
        names: dict[str, str] = {}
        with read_connection(self.engine) as conn:
            for ids in _id_batches(member_ids):
                names.update(tuple(row) for row in conn.execute(NAMES_BY_IDS, {"pole_id": str(pole_id), "ids": ids}))
        return names

    def member_name_index(self, pole_id: str) -> Mapping[str, str]:
        """Every member's name by id (shared between requests while the roster does not move: read only)."""
        def compute(conn: Any) -> Mapping[str, str]:
            return MappingProxyType({row[0]: row[1] for row in conn.execute(
                select(t.members.c.id, t.members.c.name).where(t.members.c.pole_id == str(pole_id)))})
        return self._cached(("names", str(pole_id)), ("roster",), compute)

    def member(self, member_id: str) -> dict[str, Any] | None:
        return self._one(select(t.members).where(t.members.c.id == str(member_id)))

    def roster(self, pole_id: str, as_of: datetime | None = None, *, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Admitted members with their college, now or as they stood at `as_of`, by name; `limit` and `offset`
        page it in the database (issue 27: a page of a large pole's roster costs what the page shows)."""
        if as_of is None and limit is None:
            return self.members(pole_id, status="admitted")
        if as_of is None:
            m = t.members
            stmt = (select(m).where(m.c.pole_id == str(pole_id), m.c.status == "admitted")
                    .order_by(m.c.name, m.c.id))
        elif limit is None:
            at = naive_utc(as_of)
            p = t.member_periods
            stmt = (select(*MEMBER_COLUMNS, p.c.status, p.c.college)
                    .join(t.members, t.members.c.id == p.c.member_id)
                    .where(*self._admitted_at(at, pole_id))
                    .order_by(t.members.c.name, t.members.c.id))
        else:
            # A page (issue 27): the pole's members walked in name order along ix_rm_members_pole_name, each
            # probed for its period admitted at the date (ix_rm_member_periods_member), until the page is full; the
            # whole roster is neither joined nor sorted. Each row also says the member's status today (`now`).
            at = naive_utc(as_of)
            p, m = t.member_periods, t.members
            # (The probe names the member, not the pole: a member's periods are its pole's, and naming the pole would
            # let SQLite probe along the pole's index instead of the member's.)
            period = (select(p.c.college).where(p.c.member_id == m.c.id, *self._admitted_at(at))
                      .limit(1).correlate(m))
            stmt = (select(*MEMBER_COLUMNS, literal("admitted").label("status"),
                           period.scalar_subquery().label("college"), m.c.status.label("now"))
                    .where(m.c.pole_id == str(pole_id), period.exists())
                    .order_by(m.c.name, m.c.id))
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        return self._all(stmt)

    @staticmethod
    def _admitted_at(at: datetime, pole_id: str | None = None) -> tuple[Any, ...]:
        """The conditions on a member period admitted at `at` (of the pole, when given)."""
        p = t.member_periods
        conditions = (p.c.status == "admitted", p.c.valid_from <= at, or_(p.c.valid_to.is_(None), p.c.valid_to > at))
        return conditions if pole_id is None else (p.c.pole_id == str(pole_id), *conditions)

    def college_counts(self, pole_id: str, as_of: datetime | None = None) -> dict[str, int]:
        """How many admitted members per college ('' for none), now or at `as_of`, counted in the database (issue 27:
        the roster's head counts and the colleges' power without a row per member). At a date, from the periods alone
        (they hold the college), along an index that covers the query (ix_rm_member_periods_admitted)."""
        if as_of is None:
            m = t.members
            stmt = (select(m.c.college, func.count()).where(m.c.pole_id == str(pole_id), m.c.status == "admitted")
                    .group_by(m.c.college))
        else:
            p = t.member_periods
            stmt = (select(p.c.college, func.count()).where(*self._admitted_at(naive_utc(as_of), pole_id))
                    .group_by(p.c.college))
        with read_connection(self.engine) as conn:
            return {college or "": count for college, count in conn.execute(stmt)}

    def categories(self, pole_id: str, as_of: datetime | None = None) -> set[str]:
        """The categories of the members admitted now or at `as_of`; at a date, for each category the pole's members
        have, is one of them admitted then (one probe each, not a row per member)."""
        m, p = t.members, t.member_periods
        if as_of is None:
            stmt = select(m.c.category).where(m.c.pole_id == str(pole_id), m.c.status == "admitted").distinct()
        else:
            known = select(m.c.category).where(m.c.pole_id == str(pole_id)).distinct().subquery()
            one = (select(m.c.id).join(p, p.c.member_id == m.c.id)
                   .where(m.c.pole_id == str(pole_id), m.c.category == known.c.category,
                          *self._admitted_at(naive_utc(as_of), pole_id)).limit(1))
            stmt = select(known.c.category).where(one.exists())
        with read_connection(self.engine) as conn:
            return set(conn.execute(stmt).scalars())

    def power(self, pole_id: str, as_of: datetime | None = None) -> PowerDistribution | None:
        """Per college: share, head count, weight of one member's vote; and compliance findings."""
        version = self.statutes_as_of(pole_id, as_of)
        if version is None:
            return None
        statutes = Statutes.from_dict(version["statutes"])
        counts = {college: n for college, n in self.college_counts(pole_id, as_of).items() if college}
        categories = self.categories(pole_id, as_of)
        return PowerDistribution(str(pole_id), version["version"], statutes, college_power(statutes, counts),
                                 findings(statutes, counts, categories))

    # -- proposals and the decision register ------------------------------------------
    def register(self, pole_id: str, *, status: str | None = None, kind: str | None = None,
                 outcome: str | None = None, search: str | None = None, since: datetime | None = None,
                 until: datetime | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Proposals of a pole, newest first, filtered."""
        p = t.proposals
        conditions = [p.c.pole_id == str(pole_id)]
        if status:
            conditions.append(p.c.status == status)
        if kind:
            conditions.append(p.c.kind == kind)
        if outcome:
            conditions.append(p.c.outcome == outcome)
        if search:
            like = f"%{search.lower()}%"
            conditions.append(or_(func.lower(p.c.title).like(like), func.lower(p.c.text).like(like)))
        if since:
            conditions.append(p.c.drafted_at >= naive_utc(since))
        if until:
            conditions.append(p.c.drafted_at <= naive_utc(until))
        return self._all(select(p).where(and_(*conditions))
                         .order_by(p.c.drafted_at.desc(), p.c.id).limit(limit).offset(offset))

    def decisions(self, pole_id: str, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Closed and withdrawn proposals, most recently decided first."""
        p = t.proposals
        decided = func.coalesce(p.c.closed_at, p.c.withdrawn_at)
        return self._all(select(p).where(p.c.pole_id == str(pole_id), p.c.status.in_(("closed", "withdrawn")))
                         .order_by(decided.desc(), p.c.id).limit(limit).offset(offset))

    def proposal(self, proposal_id: str) -> dict[str, Any] | None:
        return self._one(PROPOSAL_BY_ID, {"id": str(proposal_id)})

    def ballots(self, proposal_id: str) -> list[dict[str, Any]]:
        """Who took part (and, for public ballots only, how): secret choices are never stored here."""
        return [dict(row) for row in self._ballot_rows(proposal_id)]

    def _ballot_rows(self, proposal_id: str) -> list[dict[str, Any]]:
        b = t.ballots
        return self._shared_rows(("ballots", str(proposal_id)), ("register", "roster"),
                                 select(b, t.members.c.name, t.members.c.college)
                                 .join(t.members, t.members.c.id == b.c.member_id)
                                 .where(b.c.proposal_id == str(proposal_id)).order_by(t.members.c.name))

    def ballot_count(self, proposal_id: str) -> int:
        return len(self._ballot_rows(proposal_id))

    def ballots_page(self, proposal_id: str, *, offset: int, limit: int) -> list[dict[str, Any]]:
        """One page of `ballots` (by member name)."""
        return [dict(row) for row in self._ballot_rows(proposal_id)[max(offset, 0):max(offset, 0) + limit]]

    def ballots_of(self, proposal_id: str, member_ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
        """The ballots of just these members (who voted, and how for public ballots), by member id."""
        b = t.ballots
        found: dict[str, dict[str, Any]] = {}
        for ids in _id_batches(member_ids):
            for row in self._all(select(b).where(b.c.proposal_id == str(proposal_id), b.c.member_id.in_(ids))):
                found[row["member_id"]] = row
        return found

    def ballot_choices(self, proposal_id: str) -> list[tuple[str, str | None]]:
        """(member id, choice) of every ballot, choice None when secret (shared: read only)."""
        def compute(conn: Any) -> list[tuple[str, str | None]]:
            b = t.ballots
            return [tuple(row) for row in conn.execute(select(b.c.member_id, b.c.choice)
                                                       .where(b.c.proposal_id == str(proposal_id)))]
        return self._cached(("choices", str(proposal_id)), ("register",), compute)

    def proxies(self, proposal_id: str) -> list[dict[str, Any]]:
        return self._all(select(t.proxies).where(t.proxies.c.proposal_id == str(proposal_id))
                         .order_by(t.proxies.c.granted_at))

    def due_for_closing(self, now: datetime) -> list[str]:
        """Open proposals whose announced closing time has passed."""
        p = t.proposals
        with read_connection(self.engine) as conn:
            return list(conn.execute(select(p.c.id).where(p.c.status == "open", p.c.closes_at <= naive_utc(now)))
                        .scalars())

    # -- strategy and audit -------------------------------------------------------------
    def register_aggregates(self, pole_id: str) -> set[str]:
        """Every aggregate of a pole's register: the pole, its proposals, assemblies and minutes."""
        rows = self._all(select(t.audit.c.aggregate_id).where(t.audit.c.pole_id == str(pole_id)).distinct())
        return {str(pole_id)} | {r["aggregate_id"] for r in rows}

    # -- general assemblies and minutes -----------------------------------------------
    # -- the board (issue 21): rm_mandates; dates are ISO days, compared as text ----------------------------
    def mandates(self, pole_id: str) -> list[dict[str, Any]]:
        """Every mandate of the pole's board, the latest first."""
        m = t.mandates
        return self._all(select(m).where(m.c.pole_id == pole_id).order_by(m.c.starts_on.desc(), m.c.name))

    def board_on(self, pole_id: str, day: str) -> list[dict[str, Any]]:
        """The mandates holding a seat on `day` (YYYY-MM-DD), as governance/board.py `holds_seat_on` says: started,
        and not ended (`ended_on` excluded) or, with no end recorded, not past their term (`ends_on` included);
        reserved seats first, then by name."""
        m = t.mandates
        rows = self._all(select(m).where(m.c.pole_id == pole_id, m.c.starts_on <= day,
                                         or_(and_(m.c.ended_on.is_(None), m.c.ends_on >= day), m.c.ended_on > day)))
        return sorted(rows, key=lambda r: (r["seat"] == "open", r["name"]))

    def poles_with_mandates_past_term(self, today: str) -> list[str]:
        """The poles whose board has a mandate still recorded as active after its last day (the closer ends them)."""
        m = t.mandates
        return [row["pole_id"] for row in self._all(
            select(m.c.pole_id).where(m.c.status == "active", m.c.ends_on < today).distinct())]

    def mandates_of(self, pole_id: str, member_id: str) -> list[dict[str, Any]]:
        m = t.mandates
        return self._all(select(m).where(m.c.pole_id == pole_id, m.c.member_id == member_id)
                         .order_by(m.c.starts_on.desc()))

    # -- the capital register (issue 22): rm_capital_movements --------------------------------------------------
    def capital_movements(self, pole_id: str, *, member_id: str | None = None) -> list[dict[str, Any]]:
        """The register's movements in their order (as governance/capital.py replays them); `member_id`: those
        touching one associate (as giver or taker)."""
        from projections.capital import as_movement
        c = t.capital_movements
        stmt = select(c).where(c.c.pole_id == str(pole_id))
        if member_id is not None:
            stmt = stmt.where(or_(c.c.member_id == str(member_id), c.c.to_member_id == str(member_id)))
        return [as_movement(row) for row in self._all(stmt.order_by(c.c.number))]

    # -- deliberation (issue 23) ----------------------------------------------------------
    def comments(self, proposal_id: str) -> list[dict[str, Any]]:
        """A proposal's discussion, in the order the comments were posted (replies name the comment they answer)."""
        c = t.comments
        return self._all(select(c).where(c.c.proposal_id == str(proposal_id)).order_by(c.c.number))

    def amendments(self, proposal_id: str) -> list[dict[str, Any]]:
        """The amendments tabled on a resolution, in tabling order (the order they are voted in)."""
        p = t.proposals
        rows = self._all(select(p).where(p.c.amends == str(proposal_id)))
        return sorted(rows, key=lambda r: (r["amendment"] or {}).get("number", 0))

    def discussions(self, pole_id: str) -> list[dict[str, Any]]:
        """A pole's open discussions: proposals published for discussion, on an assembly's agenda or open to the
        vote (not a board decision), whose vote has not closed, each with its number of comments and the time of the
        last one, most recently active first (`Proposal.under_discussion`)."""
        p, c = t.proposals, t.comments
        counts = (select(c.c.proposal_id, func.count().label("comments"), func.max(c.c.posted_at).label("last"))
                  .where(c.c.pole_id == str(pole_id)).group_by(c.c.proposal_id).subquery())
        stmt = (select(p.c.id, p.c.title, p.c.status, p.c.kind, p.c.assembly_id, p.c.closes_at, p.c.drafted_at,
                       func.coalesce(counts.c.comments, 0).label("comments"), counts.c.last)
                .outerjoin(counts, counts.c.proposal_id == p.c.id)
                .where(p.c.pole_id == str(pole_id), p.c.status.in_(("draft", "open")), p.c.amends.is_(None),
                       or_(p.c.body.is_(None), p.c.body != "board"),
                       or_(p.c.published.is_(True), p.c.assembly_id.is_not(None), p.c.status == "open")))
        rows = self._all(stmt)
        return sorted(rows, key=lambda r: r["last"] or r["drafted_at"], reverse=True)

    # -- the référentiel's campaigns and the regional networks (issue 24) ------------------------
    def campaigns(self, pole_id: str) -> list[dict[str, Any]]:
        """A pole's self-assessment campaigns, the latest opened first (dates as days; `results` once closed)."""
        c = t.campaigns
        return [_campaign(row) for row in self._all(select(c).where(c.c.pole_id == str(pole_id))
                                                    .order_by(c.c.opened_at.desc(), c.c.id))]

    def campaign(self, campaign_id: str) -> dict[str, Any] | None:
        row = self._one(select(t.campaigns).where(t.campaigns.c.id == str(campaign_id)))
        return None if row is None else _campaign(row)

    def campaign_participation(self, campaign_id: str) -> list[dict[str, Any]]:
        """Who answered a campaign, in the college it is counted in, when (the latest time; `first_answered_at` the
        first) and how many times it answered again (`changes`), the earliest answer first: never what."""
        a = t.campaign_answers
        return self._all(select(a.c.respondent, a.c.college, a.c.first_answered_at, a.c.answered_at, a.c.changes)
                         .where(a.c.campaign_id == str(campaign_id))
                         .order_by(a.c.first_answered_at, a.c.respondent))

    def campaign_revisions(self, campaign_id: str) -> list[dict[str, Any]]:
        """The proposals to revise the strategy drafted from a campaign, in the order drafted, each with the
        objective it came from and the proposal's title, status and outcome (None while its row is not projected)."""
        r, p = t.campaign_revisions, t.proposals
        return self._all(select(r.c.proposal_id, r.c.objective, r.c.drafted_at, p.c.title, p.c.status, p.c.outcome)
                         .outerjoin(p, p.c.id == r.c.proposal_id).where(r.c.campaign_id == str(campaign_id))
                         .order_by(r.c.drafted_at, r.c.proposal_id))

    def revision_source(self, proposal_id: str) -> dict[str, Any] | None:
        """The campaign (and objective) a proposal was drafted from, or None."""
        r, c = t.campaign_revisions, t.campaigns
        return self._one(select(r.c.campaign_id, c.c.title.label("campaign_title"), r.c.objective, c.c.pole_id)
                         .join(c, c.c.id == r.c.campaign_id).where(r.c.proposal_id == str(proposal_id)).limit(1))

    def pole_networks(self, pole_id: str) -> list[dict[str, Any]]:
        """The regional networks a pole is in (joined by decision, not left since), with what it shares with each."""
        n = t.pole_networks
        rows = self._all(select(n.c.network_id, n.c.shares, n.c.since, n.c.decision_id)
                         .where(n.c.pole_id == str(pole_id), n.c.left_on.is_(None))
                         .order_by(n.c.since, n.c.network_id))
        return [{**row, "shares": list(row["shares"] or []), "since": date.fromisoformat(row["since"])}
                for row in rows]

    def network_poles(self, network_id: str) -> list[dict[str, Any]]:
        """The poles in a regional network, by name, with their territory and what each shares."""
        n, p = t.pole_networks, t.poles
        rows = self._all(select(n.c.pole_id, p.c.name.label("pole_name"), p.c.territory, n.c.shares, n.c.since,
                                n.c.decision_id)
                         .join(p, p.c.id == n.c.pole_id)
                         .where(n.c.network_id == str(network_id), n.c.left_on.is_(None))
                         .order_by(p.c.name, n.c.pole_id))
        return [{**row, "shares": list(row["shares"] or []), "since": date.fromisoformat(row["since"])}
                for row in rows]

    def member_counts_by_kind(self, pole_id: str) -> dict[str, int]:
        """How many admitted members of each kind (person, ess_enterprise, …) the pole has."""
        counts: dict[str, int] = {}
        for member in self.members(pole_id, status="admitted"):
            counts[member["kind"]] = counts.get(member["kind"], 0) + 1
        return dict(sorted(counts.items()))

    def decision_count(self, pole_id: str) -> int:
        """How many of the pole's proposals were decided: closed with an outcome (an amendment is not counted
        apart: it is decided as part of its resolution)."""
        p = t.proposals
        with read_connection(self.engine) as conn:
            return int(conn.execute(select(func.count()).select_from(p).where(
                p.c.pole_id == str(pole_id), p.c.status == "closed", p.c.outcome.is_not(None),
                p.c.amends.is_(None))).scalar() or 0)

    def last_assembly_on(self, pole_id: str) -> date | None:
        """The day (in Paris) of the pole's latest general assembly held (its session closed), or None."""
        a = t.assemblies
        with read_connection(self.engine) as conn:
            held = conn.execute(select(func.max(a.c.held_at)).where(a.c.pole_id == str(pole_id),
                                                                     a.c.status == "closed")).scalar()
        return None if held is None else paris_day(held.replace(tzinfo=UTC))

    def assemblies(self, pole_id: str) -> list[dict[str, Any]]:
        """A pole's assemblies, the next or latest first."""
        return self._all(select(t.assemblies).where(t.assemblies.c.pole_id == str(pole_id))
                         .order_by(t.assemblies.c.held_at.desc()))

    def assembly(self, assembly_id: str) -> dict[str, Any] | None:
        return self._one(select(t.assemblies).where(t.assemblies.c.id == str(assembly_id)))

    def minutes_entries_by_pdf(self, sha256: str) -> list[dict[str, Any]]:
        """The entries of any minutes whose signed PDF (or document timestamp) is the file `sha256` (issue 25)."""
        m = t.minutes_entries
        return self._all(select(m).where(m.c.pdf_sha256 == str(sha256).lower()).order_by(m.c.subject_id, m.c.number))

    def strategy_versions(self, pole_id: str) -> list[dict[str, Any]]:
        """Every version of the shared strategy, each with a diff against the previous one."""
        rows = self._all(select(t.strategy_versions).where(t.strategy_versions.c.pole_id == str(pole_id))
                         .order_by(t.strategy_versions.c.version))
        previous = ""
        for row in rows:
            row["diff"] = "\n".join(difflib.unified_diff(
                previous.splitlines(), row["text"].splitlines(), f"v{row['version'] - 1}", f"v{row['version']}",
                lineterm=""))
            previous = row["text"]
        return rows

    def event(self, position: int) -> dict[str, Any] | None:
        """One audited event by its position in the log."""
        return self._one(select(t.audit).where(t.audit.c.position == position))

    def audit(self, *, pole_id: str | None = None, aggregate_id: str | None = None,
              since: datetime | None = None, until: datetime | None = None,
              limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """The audit trail: every event with its actor and time, in log order."""
        a = t.audit
        stmt = select(a)
        if pole_id:
            stmt = stmt.where(a.c.pole_id == str(pole_id))
        if aggregate_id:
            stmt = stmt.where(a.c.aggregate_id == str(aggregate_id))
        if since:
            stmt = stmt.where(a.c.at >= naive_utc(since))
        if until:
            stmt = stmt.where(a.c.at <= naive_utc(until))
        return self._all(stmt.order_by(a.c.position).limit(limit).offset(offset))

    # -- search (issue 18) ---------------------------------------------------------------
    def search_proposals(self, pole_id: str, query: str, *, drafts: bool = False,
                         limit: int = 50) -> tuple[list[dict[str, Any]], int]:
        """The pole's proposals whose title or text holds every word of `query`, ignoring case and accents
        (newest first, at most `limit`), and how many match in all. Drafts only when `drafts`.

        Compared in Python on a folded key (`search_key`), so that it reads the same on SQLite and
        PostgreSQL: a pole holds at most a few thousand proposals."""
        words = search_words(query)
        if not words:
            return [], 0
        p = t.proposals
        stmt = select(p.c.id, p.c.pole_id, p.c.title, p.c.text, p.c.kind, p.c.status, p.c.outcome, p.c.secret,
                      p.c.drafted_at, p.c.closes_at, p.c.closed_at, p.c.withdrawn_at).where(p.c.pole_id == str(pole_id))
        if not drafts:
            stmt = stmt.where(p.c.status != "draft")
        found = [row for row in self._all(stmt.order_by(p.c.drafted_at.desc(), p.c.id))
                 if all(w in search_key(row["title"] + "\n" + row["text"]) for w in words)]
        return found[:limit], len(found)

    def search_members(self, pole_id: str, query: str, *, limit: int = 50) -> tuple[list[dict[str, Any]], int]:
        """The pole's members (whatever their status) whose name or representative holds every word of
        `query`, ignoring case and accents (by name, at most `limit`), and how many match in all."""
        words = search_words(query)
        if not words:
            return [], 0
        found = [m for m in self.members(pole_id)
                 if all(w in search_key(m["name"] + "\n" + m["representative"]) for w in words)]
        return found[:limit], len(found)


def _campaign(row: dict[str, Any]) -> dict[str, Any]:
    """A campaign's row with its days as dates."""
    return {**row, "opens_on": date.fromisoformat(row["opens_on"]), "closes_on": date.fromisoformat(row["closes_on"]),
            "individual_shared": bool(row["individual_shared"]), "closed": bool(row["closed"])}


# `text` folded for searching French, as the domain compares names (governance/base.py). Folding a long text costs
# far more than hashing it: the folded texts of the last few thousand proposals are kept (texts change rarely),
# so a search scans a pole's proposals at the cost of reading them (3,000 texts of 5 KB: 1.7 s folded, 10 ms cached).
search_key = functools.lru_cache(maxsize=4096)(folded)


def search_words(query: str | None) -> list[str]:
    """The words of a search (folded like `search_key`), at most 10 of them."""
    return search_key(query or "").split()[:10]
