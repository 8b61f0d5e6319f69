"""The decisions projection: proposals, their participation, ballots and proxies (rm_proposals,
rm_ballots, rm_proxies), the decision register the pages read.

Not to be confused with the hash-chained register of events (infrastructure/register_chain.py):
this is a read model, rebuilt from the events. Its tracking row keeps its stored name, "register"."""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from governance.proposal import Proposal
from governance.tally import Tally
from projections import tables as t
from projections.batch import Batch, Projection, _id, _named, utc
from projections.decoding import event_key


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
    per_college = dict(Counter(e.electorate.values()))  # college -> head count, in order of first appearance
    # A board decision (BoardVotingOpened) has no convocation: its members are called on the first.
    _proposal(b, e, status="open", opened_at=utc(e.timestamp), closes_at=utc(e.closes_at),
              statutes_version=e.statutes_version, convocation=getattr(e, "convocation", "first"),
              electorate=per_college, electorate_size=len(e.electorate))


def _increment(b: Batch, e: Any, column: str) -> None:
    proposals = b.rows(t.proposals)
    key = (_id(e),)
    row = proposals.get(*key)
    if row is not None:
        row[column] += 1
        proposals.mark(key)


def ballot_cast(b: Batch, e: Any, pos: int, choice: str | None = None) -> None:
    at = utc(e.timestamp)
    proposal_id, member_id, holder = _id(e), e.member_id, e.proxy_holder
    ballots = b.rows(t.ballots)
    key = (proposal_id, member_id)
    row = ballots.get(*key)
    if row is None:
        ballots.add(key, {"proposal_id": proposal_id, "member_id": member_id, "choice": choice,
                          "proxy_holder": holder, "cast_at": at, "changes": 0})
        _increment(b, e, "participants")
    else:
        row.update(choice=choice, proxy_holder=holder, cast_at=at, changes=row["changes"] + 1)
        ballots.mark(key)
    if holder is not None:
        proxies = b.rows(t.proxies)
        proxy = proxies.get(proposal_id, member_id)
        if proxy is not None and proxy["status"] == "active":
            proxies.update(proposal_id, member_id, status="used", updated_at=at)
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


def election_set_up(b: Batch, e: Any, pos: int) -> None:
    _proposal(b, e, election={"seats": e.seats, "reserved": dict(e.reserved), "candidates": []})


def _candidates(b: Batch, e: Any, change: Any) -> None:
    row = b.rows(t.proposals).get(_id(e))
    if row is not None and row["election"] is not None:
        election = dict(row["election"])
        _proposal(b, e, election={**election, "candidates": change(list(election["candidates"]))})


def candidate_declared(b: Batch, e: Any, pos: int) -> None:
    candidate = {"member_id": e.member_id, "name": e.name, "college": e.college, "declared_by": e.declared_by}
    _candidates(b, e, lambda candidates: [*candidates, candidate])


def candidacy_withdrawn(b: Batch, e: Any, pos: int) -> None:
    _candidates(b, e, lambda candidates: [c for c in candidates if c["member_id"] != e.member_id])


# -- deliberation (issue 23) -------------------------------------------------------------
AMENDMENT_KEYS = ("number", "passage", "wording", "effect_changed", "motive", "sponsors", "status", "reason")


def amendment_tabled(b: Batch, e: Any, pos: int) -> None:
    _proposal(b, e, amends=e.amends, amendment={
        "number": e.number, "passage": e.passage, "wording": e.wording, "effect_changed": e.effect_changed,
        "motive": e.motive, "sponsors": [e.member_id], "status": "tabled", "reason": None})


def _amendment(b: Batch, e: Any, proposal: dict[str, Any] | None = None, **changes: Any) -> None:
    row = b.rows(t.proposals).get(_id(e))
    if row is None or row["amendment"] is None:
        return
    _proposal(b, e, amendment={**row["amendment"], **changes}, **(proposal or {}))


def amendment_incorporated(b: Batch, e: Any, pos: int) -> None:
    row = b.rows(t.proposals).get(_id(e))
    if row is None:
        return
    original = row["original"] or {"text": row["text"], "effect": row["effect"]}
    _proposal(b, e, original=original, text=e.text, effect=e.effect)


def amendment_supported(b: Batch, e: Any, pos: int) -> None:
    row = b.rows(t.proposals).get(_id(e))
    if row is not None and row["amendment"] is not None:
        _amendment(b, e, sponsors=[*row["amendment"]["sponsors"], e.member_id])


def _withdrawn(e: Any) -> dict[str, Any]:
    return {"status": "withdrawn", "withdrawn_at": utc(e.timestamp)}


BALLOTS = (Proposal.BallotCast, Proposal.SecretBallotCast)
_DRAFTED = event_key(Proposal.ProposalDrafted)


def _prefetch_decisions(b: Batch, events: Sequence[Any]) -> None:
    mine = [e for e in events if type(e).__qualname__ in DECISIONS.handlers]
    b.rows(t.proposals).prefetch((_id(e),) for e in mine if type(e).__qualname__ != _DRAFTED)
    ballots = _named(mine, *BALLOTS)
    b.rows(t.ballots).prefetch((_id(e), e.member_id) for e in ballots)
    b.rows(t.proxies).prefetch(
        [(_id(e), e.member_id) for e in ballots if e.proxy_holder is not None]
        + [(_id(e), e.principal_id) for e in _named(mine, Proposal.ProxyGranted, Proposal.ProxyRevoked)])


DECISIONS = Projection("register", (t.proposals, t.ballots, t.proxies), {
    Proposal.ProposalDrafted: proposal_drafted,
    Proposal.ProposalAmended: proposal_amended,
    Proposal.VotingOpened: voting_opened,
    Proposal.VotingOpenedInAssembly: voting_opened_in_assembly,
    Proposal.BoardVotingOpened: voting_opened,
    Proposal.ElectionSetUp: election_set_up,
    Proposal.CandidateDeclared: candidate_declared,
    Proposal.CandidacyWithdrawn: candidacy_withdrawn,
    Proposal.ProposalAddressedToBoard: lambda b, e, p: _proposal(b, e, body="board"),
    Proposal.ScheduledForAssembly: lambda b, e, p: _proposal(b, e, assembly_id=e.assembly_id),
    Proposal.BallotCast: lambda b, e, p: ballot_cast(b, e, p, choice=e.choice),
    Proposal.SecretBallotCast: lambda b, e, p: ballot_cast(b, e, p, choice=None),
    Proposal.ProxyGranted: proxy_granted,
    Proposal.ProxyRevoked: proxy_revoked,
    Proposal.VotingClosed: voting_closed,
    Proposal.ProposalWithdrawn: lambda b, e, p: _proposal(b, e, status="withdrawn",
                                                          withdrawn_at=utc(e.timestamp)),
    Proposal.PublishedForDiscussion: lambda b, e, p: _proposal(b, e, published=True),
    Proposal.AmendmentTabled: amendment_tabled,
    Proposal.AmendmentSupported: amendment_supported,
    Proposal.AmendmentAdmitted: lambda b, e, p: _amendment(b, e, status="admitted", reason=e.reason or None),
    Proposal.AmendmentRejected: lambda b, e, p: _amendment(b, e, _withdrawn(e), status="rejected", reason=e.reason),
    Proposal.AmendmentLapsed: lambda b, e, p: _amendment(b, e, _withdrawn(e), status="lapsed", reason=e.reason),
    Proposal.AmendmentRebased: lambda b, e, p: _proposal(b, e, text=e.text, effect=e.effect),
    Proposal.AmendmentIncorporated: amendment_incorporated,
    Proposal.DebateSummarised: lambda b, e, p: _proposal(b, e, debate_summary=e.summary or None),
}, _prefetch_decisions)
