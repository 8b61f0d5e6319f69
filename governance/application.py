"""The use cases of Collegia: load, call one domain method, save; nothing else.

Public methods take plain values, return plain values, and raise a `DomainError`
naming the broken rule when a command is refused (in which case nothing is saved).
"""

from __future__ import annotations

import functools
import logging
import random
import threading
import time
from datetime import datetime
from typing import Any, Callable, Sequence, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording

from governance.effects import apply_effect, check_effect_applicable
from governance.errors import ConcurrencyConflict, NotFound, ProposalRuleBroken, VotingRuleBroken
from governance.pole import Pole
from governance.proposal import CLOSED, Proposal
from governance.sealing import BallotSealer
from governance.statutes import Statutes, check_statutes
from governance.tally import Tally
from governance.whatif import simulate

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 30
MAX_BACKOFF = 0.05  # seconds
LOCK_STRIPES = 256
SYSTEM_ACTOR = "system"


def retry_on_conflict(func: F) -> F:
    """Run load → decide → save for one aggregate (the first argument), safely under concurrency.

    Within a process, commands on the same aggregate take turns (a striped lock keyed by
    its id), so threads never conflict. Writers in other processes are handled
    optimistically: a stale save raises IntegrityError, and the whole command is re-run
    with exponential backoff.
    """
    @functools.wraps(func)
    def wrapper(self: "Collegia", aggregate_id: Any, *args: Any, **kwargs: Any) -> Any:
        with self.aggregate_lock(aggregate_id):
            for attempt in range(MAX_ATTEMPTS):
                try:
                    return func(self, aggregate_id, *args, **kwargs)
                except IntegrityError:
                    time.sleep(random.uniform(0, min(MAX_BACKOFF, 0.001 * 2 ** attempt)))
        raise ConcurrencyConflict("too many concurrent changes to the same record: please try again")
    return wrapper  # type: ignore[return-value]


class Collegia(Application):
    """The governance application: poles, members, proposals, ballots and proxies."""

    name = "Collegia"
    snapshotting_intervals = {Pole: 50, Proposal: 200}

    def __init__(self, env: dict[str, str] | None = None, sealer: BallotSealer | None = None) -> None:
        super().__init__(env)
        self.sealer = sealer or BallotSealer(BallotSealer.generate_key())
        self._listeners: list[Callable[[list[Recording]], None]] = []
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]

    def aggregate_lock(self, aggregate_id: Any) -> threading.Lock:
        """The in-process lock serialising commands on one aggregate."""
        return self._locks[hash(str(aggregate_id)) % LOCK_STRIPES]

    # -- plumbing ---------------------------------------------------------------
    def subscribe(self, listener: Callable[[list[Recording]], None]) -> None:
        """Call `listener` with the recordings of every successful save (projections catch up)."""
        self._listeners.append(listener)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:  # type: ignore[override]
        # Tell the recorder which pole's register each aggregate's events belong to (hash chain).
        register_poles = {obj.id: getattr(obj, "pole_id", None) or obj.id for obj in objs if obj is not None}
        recordings = super().save(*objs, register_poles=register_poles, **kwargs)
        for listener in self._listeners:
            try:
                listener(recordings)
            except Exception:  # the events are stored; a lagging read model catches up on the next save
                logger.exception("a listener failed after a successful save")
        return recordings

    def get_pole(self, pole_id: UUID | str, version: int | None = None) -> Pole:
        """The pole aggregate (optionally as of an aggregate version), or NotFound."""
        return self._get(Pole, pole_id, version, "pole")

    def get_proposal(self, proposal_id: UUID | str, version: int | None = None) -> Proposal:
        return self._get(Proposal, proposal_id, version, "proposal")

    def _get(self, cls: type, aggregate_id: UUID | str, version: int | None, label: str) -> Any:
        try:
            aggregate = self.repository.get(_uuid(aggregate_id, label), version=version)
        except AggregateNotFoundError:
            raise NotFound("no {kind} {id}", kind=label, id=str(aggregate_id)) from None
        if not isinstance(aggregate, cls):
            raise NotFound("no {kind} {id}", kind=label, id=str(aggregate_id))
        return aggregate

    # -- poles ------------------------------------------------------------------
    def found_pole(self, *, name: str, territory: str, legal_form: str, statutes: dict[str, Any],
                   strategy: str = "", founders: Sequence[dict[str, Any]] = (), actor: str) -> UUID:
        """Found a pole with its initial statutes and founding members; returns its id."""
        pole = Pole.found(name=name, territory=territory, legal_form=legal_form, statutes=statutes,
                          strategy=strategy, founders=founders, actor=actor)
        self.save(pole)
        return pole.id

    # -- members ----------------------------------------------------------------
    @retry_on_conflict
    def request_membership(self, pole_id: UUID | str, *, name: str, kind: str, category: str,
                           representative: str = "", actor: str, member_id: UUID | None = None) -> UUID:
        """Record a membership request; returns the member's id."""
        pole = self.get_pole(pole_id)
        member_id = member_id or uuid4()
        pole.request_membership(member_id=member_id, name=name, kind=kind, category=category,
                                representative=representative, actor=actor)
        self.save(pole)
        return member_id

    @retry_on_conflict
    def admit_member(self, pole_id: UUID | str, member_id: UUID | str, *, decision: str, actor: str) -> None:
        """Admit a member by a board decision (when the statutes give admission to the board)."""
        pole = self.get_pole(pole_id)
        pole.admit(member_id=member_id, decision=decision, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def refuse_member(self, pole_id: UUID | str, member_id: UUID | str, *, decision: str, reasons: str,
                      actor: str) -> None:
        pole = self.get_pole(pole_id)
        pole.refuse(member_id=member_id, decision=decision, reasons=reasons, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def assign_college(self, pole_id: UUID | str, member_id: UUID | str, *, college: str, reason: str,
                       actor: str) -> None:
        pole = self.get_pole(pole_id)
        pole.assign_college(member_id=member_id, college=college, reason=reason, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def withdraw_member(self, pole_id: UUID | str, member_id: UUID | str, *, reason: str = "", actor: str) -> None:
        pole = self.get_pole(pole_id)
        pole.withdraw(member_id=member_id, reason=reason, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def exclude_member(self, pole_id: UUID | str, member_id: UUID | str, *, reasons: str, decision: str,
                       actor: str) -> None:
        """Exclude by a board decision (when the statutes give exclusion to the board)."""
        pole = self.get_pole(pole_id)
        pole.exclude(member_id=member_id, reasons=reasons, decision=decision, actor=actor)
        self.save(pole)

    # -- proposals --------------------------------------------------------------
    def draft_proposal(self, pole_id: UUID | str, *, title: str, text: str, kind: str = "ordinary",
                       effect: dict[str, Any] | None = None, secret: bool = False, actor: str) -> UUID:
        """Draft a proposal in a pole; returns its id."""
        pole = self.get_pole(pole_id)
        proposal = Proposal.draft(pole_id=pole.id, title=title, text=text, kind=kind, effect=effect,
                                  secret=secret, actor=actor)
        check_effect_target_exists(proposal.effect, pole)
        self.save(proposal)
        return proposal.id

    @retry_on_conflict
    def amend_proposal(self, proposal_id: UUID | str, *, title: str, text: str, kind: str = "ordinary",
                       effect: dict[str, Any] | None = None, secret: bool = False, actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        proposal.amend(title=title, text=text, kind=kind, effect=effect, secret=secret, actor=actor)
        check_effect_target_exists(proposal.effect, self.get_pole(proposal.pole_id))
        self.save(proposal)

    @retry_on_conflict
    def open_voting(self, proposal_id: UUID | str, *, closes_at: datetime, convocation: str = "first",
                    actor: str) -> None:
        """Open voting, freezing the pole's current electorate, statutes and rules into the proposal."""
        proposal = self.get_proposal(proposal_id)
        pole = self.get_pole(proposal.pole_id)
        check_effect_applicable(proposal.effect, pole)
        proposal.open(closes_at=closes_at, statutes_version=pole.statutes_version, statutes=pole.statutes,
                      electorate=pole.electorate(), convocation=convocation, actor=actor)
        self.save(proposal)

    @retry_on_conflict
    def withdraw_proposal(self, proposal_id: UUID | str, *, reason: str = "", actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        proposal.withdraw(reason=reason, actor=actor)
        self.save(proposal)

    # -- ballots and proxies -------------------------------------------------------
    @retry_on_conflict
    def cast_ballot(self, proposal_id: UUID | str, member_id: UUID | str, choice: str, *, actor: str,
                    proxy_holder: UUID | str | None = None) -> None:
        """Cast or change a ballot for `member_id` (in person, or by `proxy_holder` using its proxy)."""
        proposal = self.get_proposal(proposal_id)
        self._check_still_members(proposal, member_id, proxy_holder)
        sealed = None
        if proposal.secret and isinstance(choice, str):
            sealed = self.sealer.seal(str(proposal.id), str(member_id), choice)
        proposal.cast_ballot(member_id=str(member_id), choice=choice, actor=actor, sealed=sealed,
                             proxy_holder=None if proxy_holder is None else str(proxy_holder))
        self.save(proposal)

    def _check_still_members(self, proposal: Proposal, *member_ids: UUID | str | None) -> None:
        """Frozen electors who withdrew or were excluded since opening cast no new ballot."""
        electors = [str(m) for m in member_ids if m is not None and str(m) in proposal.electorate]
        if not electors:
            return
        pole = self.repository.get(proposal.pole_id, deepcopy_from_cache=False)  # read only: no copy needed
        for member_id in electors:
            if not pole.is_admitted(member_id):
                member = pole.members[str(member_id)]
                raise VotingRuleBroken(
                    "'{name}' is {status} since voting opened: ballots already cast "
                    "still count, but no new ballot or proxy use", name=member["name"], status=member["status"])

    @retry_on_conflict
    def grant_proxy(self, proposal_id: UUID | str, principal_id: UUID | str, holder_id: UUID | str, *,
                    actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        self._check_still_members(proposal, principal_id, holder_id)
        proposal.grant_proxy(principal_id=str(principal_id), holder_id=str(holder_id), actor=actor)
        self.save(proposal)

    @retry_on_conflict
    def revoke_proxy(self, proposal_id: UUID | str, principal_id: UUID | str, *, actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        proposal.revoke_proxy(principal_id=str(principal_id), actor=actor)
        self.save(proposal)

    # -- closing ----------------------------------------------------------------
    @retry_on_conflict
    def close_voting(self, proposal_id: UUID | str, *, actor: str, automatic: bool = False) -> Tally:
        """Close voting, record the tally, and apply an adopted proposal's effect in the same transaction."""
        proposal = self.get_proposal(proposal_id)
        pole = self.get_pole(proposal.pole_id)
        result = proposal.close(
            actor=actor, unseal=self.sealer.unseal, automatic=automatic,
            on_adopted=lambda: apply_effect(proposal.effect, pole, proposal.id, proposal.proposed_by, actor))
        self.save(proposal, pole)
        return result

    def close_if_due(self, proposal_id: UUID | str) -> Tally | None:
        """Close an open vote whose announced closing time has passed (the scheduler's job)."""
        try:
            return self.close_voting(proposal_id, actor=SYSTEM_ACTOR, automatic=True)
        except (ProposalRuleBroken, VotingRuleBroken):
            return None  # not due yet, or closed by someone else in the meantime

    def recount(self, proposal_id: UUID | str) -> Tally:
        """Recompute a proposal's tally from its stored events alone."""
        return self.get_proposal(proposal_id).count(self.sealer.unseal)

    def what_if(self, proposal_id: UUID | str, statutes: dict[str, Any]) -> tuple[Tally, Tally]:
        """(recorded tally, simulated tally) of a closed proposal under other statutes; stores nothing."""
        proposal = self.get_proposal(proposal_id)
        if proposal.status != CLOSED or proposal.tally is None:
            raise ProposalRuleBroken("only a closed vote can be simulated (this proposal is {status})",
                                     status=proposal.status)
        simulated_statutes = Statutes.from_dict(statutes)
        check_statutes(simulated_statutes)
        return Tally.from_dict(proposal.tally), simulate(proposal, simulated_statutes, self.sealer.unseal)


def check_effect_target_exists(effect: dict[str, Any] | None, pole: Pole) -> None:
    """A member named by an effect must belong to the proposal's pole."""
    if effect and "member_id" in effect:
        pole.member(effect["member_id"])


def _uuid(value: UUID | str, label: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFound("no {kind} {id}", kind=label, id=str(value)) from None
