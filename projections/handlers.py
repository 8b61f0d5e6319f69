"""Event handlers: how each projection turns governance events into read-model rows.

Each projection is a name (its tracking row), the tables it owns, and one handler per
event type it cares about. Handlers run inside the projector's batch transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Callable
from uuid import UUID

from sqlalchemy import Connection, Table, insert, select, update

from governance.tally import Tally
from projections import tables as t

Handler = Callable[["Batch", Any, int], None]


@dataclass
class Batch:
    """What handlers share while one batch of events is applied: the connection and caches."""

    conn: Connection
    proposal_poles: dict[str, str] = field(default_factory=dict)
    audit_rows: list[dict[str, Any]] = field(default_factory=list)
    minutes_subjects: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def pole_of_proposal(self, proposal_id: str) -> str | None:
        """The pole of a proposal, from the audit trail's own rows (cached for the batch).

        The audit projection keeps to its own table, so it can run and rebuild on its own."""
        if proposal_id not in self.proposal_poles:
            pole = self.conn.execute(select(t.audit.c.pole_id).where(t.audit.c.aggregate_id == proposal_id)
                                     .limit(1)).scalar()
            if pole is not None:
                self.proposal_poles[proposal_id] = pole
        return self.proposal_poles.get(proposal_id)


@dataclass(frozen=True)
class Projection:
    name: str
    tables: tuple[Table, ...]
    handlers: dict[str, Handler]


def utc(ts: datetime) -> datetime:
    """Read models store naive UTC times, the same on SQLite and PostgreSQL."""
    return ts.astimezone(UTC).replace(tzinfo=None)


def _id(e: Any) -> str:
    return str(e.originator_id)


# -- poles: identity, statutes versions, colleges, strategy versions --------------------
def _statutes_rows(b: Batch, pole_id: str, version: int, statutes: dict[str, Any],
                   decision_id: Any, at: datetime) -> None:
    b.conn.execute(insert(t.statutes_versions).values(
        pole_id=pole_id, version=version, statutes=statutes, model=statutes["model"],
        empty_college_rule=statutes["empty_college_rule"],
        decision_id=None if decision_id is None else str(decision_id), adopted_at=at))
    rows = [{"pole_id": pole_id, "version": version, "code": c["code"], "position": i, "name": c["name"],
             "share": c["share"]} for i, c in enumerate(statutes["colleges"])]
    if rows:
        b.conn.execute(insert(t.colleges), rows)


def pole_founded(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    b.conn.execute(insert(t.poles).values(
        id=_id(e), name=e.name, territory=e.territory, legal_form=e.legal_form, founded_at=at,
        statutes_version=1, strategy_version=1 if e.strategy else 0))
    _statutes_rows(b, _id(e), 1, e.statutes, None, at)
    if e.strategy:
        b.conn.execute(insert(t.strategy_versions).values(
            pole_id=_id(e), version=1, text=e.strategy, proposed_by=e.actor, decision_id=None, adopted_at=at))


def statutes_amended(b: Batch, e: Any, pos: int) -> None:
    _statutes_rows(b, _id(e), e.version, e.statutes, e.proposal_id, utc(e.timestamp))
    b.conn.execute(update(t.poles).where(t.poles.c.id == _id(e)).values(statutes_version=e.version))


def strategy_revised(b: Batch, e: Any, pos: int) -> None:
    b.conn.execute(insert(t.strategy_versions).values(
        pole_id=_id(e), version=e.version, text=e.text, proposed_by=e.proposed_by,
        decision_id=str(e.proposal_id), adopted_at=utc(e.timestamp)))
    b.conn.execute(update(t.poles).where(t.poles.c.id == _id(e)).values(strategy_version=e.version))


POLES = Projection("poles", (t.poles, t.statutes_versions, t.colleges, t.strategy_versions), {
    "Pole.PoleFounded": pole_founded,
    "Pole.StatutesAmended": statutes_amended,
    "Pole.StrategyRevised": strategy_revised,
})


# -- roster: current members and their periods (the roster as of any date) --------------
def _member_changed(b: Batch, e: Any, status: str | None = None, college: Any = ...) -> None:
    """Close the member's open period and open a new one with the changed status/college."""
    at = utc(e.timestamp)
    member = b.conn.execute(select(t.members.c.status, t.members.c.college)
                            .where(t.members.c.id == e.member_id)).one()
    new_status = status or member.status
    new_college = member.college if college is ... else college
    b.conn.execute(update(t.members).where(t.members.c.id == e.member_id)
                   .values(status=new_status, college=new_college, updated_at=at))
    b.conn.execute(update(t.member_periods)
                   .where(t.member_periods.c.member_id == e.member_id, t.member_periods.c.valid_to.is_(None))
                   .values(valid_to=at))
    b.conn.execute(insert(t.member_periods).values(
        pole_id=_id(e), member_id=e.member_id, status=new_status, college=new_college, valid_from=at))


def membership_requested(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    exists = b.conn.execute(select(t.members.c.id).where(t.members.c.id == e.member_id)).first()
    if exists:  # a refused or withdrawn member asking again
        b.conn.execute(update(t.members).where(t.members.c.id == e.member_id).values(
            name=e.name, kind=e.kind, category=e.category, representative=e.representative))
        _member_changed(b, e, status="requested", college=None)
        return
    b.conn.execute(insert(t.members).values(
        id=e.member_id, pole_id=_id(e), name=e.name, kind=e.kind, category=e.category,
        representative=e.representative, status="requested", college=None, requested_at=at, updated_at=at))
    b.conn.execute(insert(t.member_periods).values(
        pole_id=_id(e), member_id=e.member_id, status="requested", college=None, valid_from=at))


ROSTER = Projection("roster", (t.members, t.member_periods), {
    "Pole.MembershipRequested": membership_requested,
    "Pole.MemberAdmitted": lambda b, e, p: _member_changed(b, e, status="admitted"),
    "Pole.MembershipRefused": lambda b, e, p: _member_changed(b, e, status="refused"),
    "Pole.MemberAssignedToCollege": lambda b, e, p: _member_changed(b, e, college=e.college),
    "Pole.MemberWithdrew": lambda b, e, p: _member_changed(b, e, status="withdrawn", college=None),
    "Pole.MemberExcluded": lambda b, e, p: _member_changed(b, e, status="excluded", college=None),
})


# -- register: proposals, participation, proxies ----------------------------------------
def _proposal(b: Batch, e: Any, **values: Any) -> None:
    b.conn.execute(update(t.proposals).where(t.proposals.c.id == _id(e)).values(**values))


def proposal_drafted(b: Batch, e: Any, pos: int) -> None:
    b.conn.execute(insert(t.proposals).values(
        id=_id(e), pole_id=str(e.pole_id), title=e.title, text=e.text, kind=e.kind, effect=e.effect,
        secret=e.secret, status="draft", proposed_by=e.actor, drafted_at=utc(e.timestamp),
        participants=0, proxies_used=0))


def proposal_amended(b: Batch, e: Any, pos: int) -> None:
    _proposal(b, e, title=e.title, text=e.text, kind=e.kind, effect=e.effect, secret=e.secret)


def voting_opened(b: Batch, e: Any, pos: int) -> None:
    per_college: dict[str, int] = {}
    for college in e.electorate.values():
        per_college[college] = per_college.get(college, 0) + 1
    _proposal(b, e, status="open", opened_at=utc(e.timestamp), closes_at=utc(e.closes_at),
              statutes_version=e.statutes_version, convocation=e.convocation, electorate=per_college,
              electorate_size=len(e.electorate))


def ballot_cast(b: Batch, e: Any, pos: int, choice: str | None = None) -> None:
    at = utc(e.timestamp)
    row = b.conn.execute(select(t.ballots.c.changes).where(
        t.ballots.c.proposal_id == _id(e), t.ballots.c.member_id == e.member_id)).first()
    if row is None:
        b.conn.execute(insert(t.ballots).values(proposal_id=_id(e), member_id=e.member_id, choice=choice,
                                                proxy_holder=e.proxy_holder, cast_at=at, changes=0))
        _proposal(b, e, participants=t.proposals.c.participants + 1)
    else:
        b.conn.execute(update(t.ballots).where(
            t.ballots.c.proposal_id == _id(e), t.ballots.c.member_id == e.member_id).values(
            choice=choice, proxy_holder=e.proxy_holder, cast_at=at, changes=row.changes + 1))
    if e.proxy_holder is not None:
        used = b.conn.execute(update(t.proxies).where(
            t.proxies.c.proposal_id == _id(e), t.proxies.c.principal_id == e.member_id,
            t.proxies.c.status == "active").values(status="used", updated_at=at))
        if used.rowcount:
            _proposal(b, e, proxies_used=t.proposals.c.proxies_used + 1)


def voting_opened_in_assembly(b: Batch, e: Any, pos: int) -> None:
    voting_opened(b, e, pos)
    at = utc(e.timestamp)
    for principal, holder in e.proxies.items():  # the assembly's proxies in force, frozen into the resolution
        b.conn.execute(insert(t.proxies).values(proposal_id=_id(e), principal_id=principal, holder_id=holder,
                                                status="active", granted_at=at, updated_at=at))


def proxy_granted(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    key = (t.proxies.c.proposal_id == _id(e), t.proxies.c.principal_id == e.principal_id)
    if b.conn.execute(select(t.proxies.c.status).where(*key)).first():
        b.conn.execute(update(t.proxies).where(*key).values(
            holder_id=e.holder_id, status="active", granted_at=at, updated_at=at))
    else:
        b.conn.execute(insert(t.proxies).values(proposal_id=_id(e), principal_id=e.principal_id,
                                                holder_id=e.holder_id, status="active", granted_at=at,
                                                updated_at=at))


def proxy_revoked(b: Batch, e: Any, pos: int) -> None:
    b.conn.execute(update(t.proxies).where(
        t.proxies.c.proposal_id == _id(e), t.proxies.c.principal_id == e.principal_id).values(
        status="revoked", updated_at=utc(e.timestamp)))


def voting_closed(b: Batch, e: Any, pos: int) -> None:
    result = Tally.from_dict(e.tally)
    _proposal(b, e, status="closed", closed_at=utc(e.closed_at), tally=e.tally, outcome=e.outcome,
              result=None if result.result is None else str(result.result), rule_applied=result.rule_applied,
              effect_result=e.effect_result, closed_automatically=e.automatic)


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
})


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
