"""The use cases of Collegia: load, call one domain method, save; nothing else.

Public methods take plain values, return plain values, and raise a `DomainError`
naming the broken rule when a command is refused (in which case nothing is saved).
"""

from __future__ import annotations

import functools
import logging
import random
import time
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime, timedelta
from typing import Any, Callable, Iterable, Sequence, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording

from governance import clock
from governance.assembly import CHAIR, CORRESPONDENCE, ONLINE, VOTES, Assembly
from governance.convocation import convocation_text, missing_identity, paris_day, route
from governance.base import folded
from governance.effects import apply_effect, check_effect_applicable
from governance.errors import (AssemblyRuleBroken, AssessmentRuleBroken, ConcurrencyConflict, DeliberationRuleBroken,
                               DeliberationStateConflict, DomainError, InvalidInput, NotPermitted, MembershipStateConflict, MinutesRuleBroken,
                               NotFound, ProposalRuleBroken, ProposalStateConflict, VotingRuleBroken, VotingStateConflict)
from governance.minutes import Minutes, assembly_document, check_closed, minutes_id, vote_document
from governance.pole import ADMITTED, REQUESTED, Pole, check_legal_form_rules
from governance.assessment import (MEMBERS, Campaign, ReferentielBook, decode_answers, referentiel_book_id,
                                   seal_scope)
from governance.deliberation import Discussion, discussion_id
from governance.proposal import CLOSED, DRAFT, FELL_WITH_RESOLUTION, OPEN, Proposal
from governance.sealing import BallotSealer
from governance.standing import Standing
from governance.statutes import Statutes, check_statutes
from governance.tally import ADOPTED, Tally
from governance.referentiel import SEED, Referentiel
from governance.whatif import simulate

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 30
MAX_BACKOFF = 0.05  # seconds
SYSTEM_ACTOR = "system"


def replay(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """Apply events to an aggregate (None before its first event), in order, and return it.

    The library's default `project_aggregate` does the same after asserting, for every
    event, `isinstance(event, CanMutateProtocol)`: a runtime-checkable Protocol, whose
    check costs about 35 µs per event here, that is 7 ms for the 200 events a proposal
    may hold after its last snapshot. Every event of this application has `mutate`.
    """
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def retry_on_conflict(func: F) -> F:
    """Run load → decide → save for one aggregate (the first argument), safely under concurrency.

    Commands on one aggregate take turns where the store allows it (`Collegia.taking_turns`:
    on a real store, threads and processes, see `infrastructure.application`), so they rarely
    conflict. Any remaining conflict is handled optimistically: a stale save raises
    IntegrityError, and the whole command is re-run with exponential backoff.
    """
    @functools.wraps(func)
    def wrapper(self: "Collegia", aggregate_id: Any, *args: Any, **kwargs: Any) -> Any:
        with self.taking_turns(aggregate_id):
            for attempt in range(MAX_ATTEMPTS):
                try:
                    return func(self, aggregate_id, *args, **kwargs)
                except IntegrityError:
                    time.sleep(random.uniform(0, min(MAX_BACKOFF, 0.001 * 2 ** attempt)))
        raise ConcurrencyConflict("too many concurrent changes to the same record: please try again")
    return wrapper  # type: ignore[return-value]


CLOSING_WINDOW = 20  # events read at a time, newest first, to find a vote's close (Collegia._closing)


class Collegia(Application):
    """The governance application: poles, members, proposals, ballots and proxies."""

    name = "Collegia"
    snapshotting_intervals = {Pole: 50, Proposal: 200, Assembly: 200}
    # An assembly resolution stays open until the secretary closes it, at most this long.
    assembly_vote_span = timedelta(hours=12)

    def __init__(self, env: dict[str, str] | None = None, sealer: BallotSealer | None = None) -> None:
        super().__init__(env)
        self.sealer = sealer or BallotSealer(BallotSealer.generate_key())
        self._listeners: list[Callable[[list[Recording]], None]] = []

    def _load(self, aggregate_id: UUID, **options: Any) -> Any:
        """The repository's aggregate, its events applied by `replay` (AggregateNotFoundError if none)."""
        return self.repository.get(aggregate_id, projector_func=replay, **options)

    def taking_turns(self, aggregate_id: Any) -> AbstractContextManager[Any]:
        """Held while a command loads, decides on and saves one aggregate: none here (optimistic
        concurrency alone); the stored application takes turns between threads and processes."""
        return nullcontext()

    def register_head(self, pole_id: UUID) -> dict[str, Any] | None:
        """The pole's register head as committed now ({"pole", "seq", "hash"}), where the store keeps
        the register's hash chain (the stored application); None here."""
        return None

    # -- plumbing ---------------------------------------------------------------
    def subscribe(self, listener: Callable[[list[Recording]], None]) -> None:
        """Call `listener` with the recordings of every successful save (projections catch up)."""
        self._listeners.append(listener)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:  # type: ignore[override]
        recordings = super().save(*objs, **kwargs)
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

    def get_assembly(self, assembly_id: UUID | str, version: int | None = None) -> Assembly:
        return self._get(Assembly, assembly_id, version, "assembly")

    def _get(self, cls: type, aggregate_id: UUID | str, version: int | None, label: str) -> Any:
        try:
            aggregate = self._load(_uuid(aggregate_id, label), version=version)
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
        pole = self.get_pole(proposal.pole_id)
        check_effect_target_exists(proposal.effect, pole)
        if proposal.body == "board":
            check_board_effect(proposal.effect, pole.statutes)
        self.save(proposal)

    @retry_on_conflict
    def open_voting(self, proposal_id: UUID | str, *, closes_at: datetime, convocation: str = "first",
                    actor: str) -> None:
        """Open voting, freezing the pole's current electorate, statutes and rules into the proposal."""
        proposal = self.get_proposal(proposal_id)
        pole = self.get_pole(proposal.pole_id)
        check_effect_applicable(proposal.effect, pole)
        self._check_vacancies(proposal, pole)
        self._check_amendments_voted(proposal, pole.statutes_version)
        if proposal.amends is not None:
            self._check_amendment_turn(proposal)
        if proposal.body == "board":
            check_board_effect(proposal.effect, pole.statutes)
            today = paris_day(clock.now())
            electorate, chair = pole.board_electorate(today), pole.chair_on(today)
        else:
            electorate, chair = pole.electorate(), None
        proposal.open(closes_at=closes_at, statutes_version=pole.statutes_version, statutes=pole.statutes,
                      electorate=electorate, convocation=convocation, actor=actor, chair=chair)
        self.save(proposal)

    @retry_on_conflict
    def withdraw_proposal(self, proposal_id: UUID | str, *, reason: str = "", actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        proposal.withdraw(reason=reason, actor=actor)
        assembly = self.get_assembly(proposal.assembly_id) if proposal.assembly_id else None
        amendments = [a for a in self._amendments(proposal) if a.status in (DRAFT, OPEN)]
        for amendment in amendments:  # the amendments of a withdrawn resolution fall with it
            amendment.withdraw(reason=FELL_WITH_RESOLUTION, actor=actor)
        if assembly is not None:
            for dropped in (proposal, *amendments):
                assembly.drop_resolution(proposal_id=str(dropped.id), actor=actor)
        self.save(proposal, assembly, *amendments)

    # -- deliberation (issue 23; governance/deliberation.py) ------------------------------------
    @retry_on_conflict
    def publish_for_discussion(self, proposal_id: UUID | str, *, actor: str) -> None:
        """Publish a draft for discussion: its text is fixed, members comment and may table amendments."""
        proposal = self.get_proposal(proposal_id)
        proposal.publish(actor=actor)
        discussion = self._discussion(proposal, actor)
        self.save(proposal, discussion)

    def get_discussion(self, proposal_id: UUID | str) -> Discussion | None:
        """The discussion of a proposal (None until its first comment or its publication)."""
        try:
            found = self._load(discussion_id(_uuid(proposal_id, "proposal")))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Discussion) else None

    def _discussion(self, proposal: Proposal, actor: str) -> Discussion:
        return self.get_discussion(proposal.id) or Discussion.start(pole_id=proposal.pole_id, proposal_id=proposal.id,
                                                                    actor=actor)

    def _check_speaker(self, proposal: Proposal, member_id: UUID | str | None,
                       represented: Iterable[str] | None) -> Pole:
        """A member speaks (comments, tables, sponsors) for itself, through the person who represents it."""
        pole = self._load(proposal.pole_id, deepcopy_from_cache=False)  # read only
        if member_id is None:
            return pole
        if represented is not None and str(member_id) not in _ids(represented, "represented"):
            raise NotPermitted("you do not represent this member")
        if not pole.is_admitted(str(member_id)):
            raise DeliberationStateConflict("only the pole's members take part in its discussions")
        return pole

    def post_comment(self, proposal_id: UUID | str, *, member_id: UUID | str | None, text: str,
                     reply_to: int | None = None, mentions: Sequence[str] = (), actor: str,
                     represented: Iterable[str] | None = None) -> int:
        """Comment on a proposal under discussion, for `member_id` (None: the secretary, for the pole); returns
        the comment's number. `mentions`: members told by mail (per their preferences)."""
        proposal = self.get_proposal(proposal_id)
        self._check_discussion_open(proposal)
        pole = self._check_speaker(proposal, member_id, represented)
        if isinstance(mentions, (str, bytes)) or not isinstance(mentions, (list, tuple, set, frozenset)):
            raise InvalidInput("a comment's mentions are a list of members")
        mentioned = [str(m) for m in mentions]
        for member in mentioned:
            if not pole.is_admitted(member):
                raise InvalidInput("a comment mentions the pole's members only")
        for attempt in range(MAX_ATTEMPTS):
            discussion = self._discussion(proposal, actor)
            number = discussion.post(member_id=None if member_id is None else str(member_id), text=text,
                                     reply_to=reply_to, mentions=mentioned, actor=actor)
            try:
                self.save(discussion)
                return number
            except IntegrityError:  # two comments at once: the second is numbered after the first
                if attempt == MAX_ATTEMPTS - 1:
                    raise ConcurrencyConflict("the discussion changed while posting: try again") from None
        raise AssertionError("unreachable")

    def _check_discussion_open(self, proposal: Proposal) -> None:
        if not proposal.under_discussion:
            if proposal.amends is not None:
                raise DeliberationRuleBroken("an amendment is discussed in the discussion of the proposal it amends")
            if proposal.status == "draft":
                raise DeliberationStateConflict("this draft is not published for discussion")
            raise DeliberationStateConflict("the discussion closed with the vote (this proposal is {status})",
                                            status=proposal.status)
        if proposal.closes_at is not None and clock.now() >= proposal.closes_at:
            raise DeliberationStateConflict("the discussion closed with the vote")

    def _comment_command(self, proposal_id: UUID | str, number: int, change: Callable[[Discussion], None],
                         check_open: bool = True) -> None:
        proposal = self.get_proposal(proposal_id)
        if check_open:
            self._check_discussion_open(proposal)
        discussion = self.get_discussion(proposal.id)
        if discussion is None:
            raise NotFound("no comment number {number} in this discussion", number=str(number))
        change(discussion)
        self.save(discussion)

    @retry_on_conflict
    def edit_comment(self, proposal_id: UUID | str, number: int, *, text: str, actor: str) -> None:
        self._comment_command(proposal_id, number, lambda d: d.edit(number=number, text=text, actor=actor))

    @retry_on_conflict
    def withdraw_comment(self, proposal_id: UUID | str, number: int, *, actor: str) -> None:
        self._comment_command(proposal_id, number, lambda d: d.withdraw(number=number, actor=actor))

    @retry_on_conflict
    def hide_comment(self, proposal_id: UUID | str, number: int, *, reason: str, actor: str) -> None:
        """The secretary hides a comment with a stated reason (also once the vote closed)."""
        self._comment_command(proposal_id, number, lambda d: d.hide(number=number, reason=reason, actor=actor),
                              check_open=False)

    @retry_on_conflict
    def table_amendment(self, proposal_id: UUID | str, *, member_id: UUID | str, passage: str = "",
                        wording: str = "", effect: dict[str, Any] | None = None, motive: str = "", actor: str,
                        represented: Iterable[str] | None = None) -> UUID:
        """A member tables an amendment to a resolution under discussion; returns the amendment's id. A typed
        effect (e.g. other college shares) is checked at tabling, as a draft is (SCIC bounds, legal form)."""
        parent = self.get_proposal(proposal_id)
        parent.check_amendable()
        pole = self._check_speaker(parent, member_id, represented)
        amendment = Proposal.table_amendment(
            parent, number=len(parent.amendments or []) + 1, member_id=str(member_id), passage=passage,
            wording=wording, effect=effect, motive=motive, actor=actor)
        if effect is not None and amendment.effect and amendment.effect["type"] == "amend_statutes":
            check_legal_form_rules(Statutes.from_dict(amendment.effect["statutes"]), pole.legal_form)
        parent.receive_amendment(amendment, actor=actor)
        self.save(amendment, parent)
        return amendment.id

    @retry_on_conflict
    def support_amendment(self, amendment_id: UUID | str, *, member_id: UUID | str, actor: str,
                          represented: Iterable[str] | None = None) -> None:
        amendment = self.get_proposal(amendment_id)
        self._check_speaker(amendment, member_id, represented)
        amendment.support_amendment(member_id=str(member_id), actor=actor)
        self.save(amendment)

    def sponsors_required(self, resolution: Proposal, assembly: Assembly | None = None) -> int:
        """The sponsors an amendment to `resolution` needs: the convened assembly's statutes for one of its
        resolutions (they were fixed by the convocation), else the pole's statutes in force."""
        if assembly is None and resolution.assembly_id is not None:
            assembly = self.get_assembly(resolution.assembly_id)
        statutes = assembly.statutes if assembly is not None else self.get_pole(resolution.pole_id).statutes
        return statutes.amendment_sponsors

    @retry_on_conflict
    def admit_amendment(self, amendment_id: UUID | str, *, reason: str = "", actor: str) -> None:
        """Admit a tabled amendment: it will be voted before its resolution (at an assembly, it joins the agenda
        just before it), under the same rules."""
        amendment = self.get_proposal(amendment_id)
        if amendment.amends is None:
            raise NotFound("this proposal is not an amendment")
        parent = self.get_proposal(amendment.amends)
        parent.check_amendable()
        assembly = self.get_assembly(parent.assembly_id) if parent.assembly_id else None
        amendment.admit_amendment(reason=reason, sponsors_required=self.sponsors_required(parent, assembly),
                                  actor=actor)
        if assembly is not None:
            amendment.schedule(assembly_id=assembly.id, actor=actor, admitted=True)
            order = [str(a) for a in parent.amendments or []]
            assembly.add_amendment(amendment_id=str(amendment.id), amends=str(parent.id),
                                   later=order[order.index(str(amendment.id)) + 1:], actor=actor)
        self.save(amendment, assembly)

    @retry_on_conflict
    def reject_amendment(self, amendment_id: UUID | str, *, reason: str, actor: str) -> None:
        amendment = self.get_proposal(amendment_id)
        amendment.reject_amendment(reason=reason, actor=actor)
        self.save(amendment)

    def _amendments(self, proposal: Proposal) -> list[Proposal]:
        return [self.get_proposal(a) for a in proposal.amendments or []]

    def _check_amendments_voted(self, proposal: Proposal, statutes_version: int) -> None:
        """A resolution is voted after its amendments, under the rules they were voted under."""
        for amendment in self._amendments(proposal):
            assert amendment.amendment is not None
            if amendment.status in (DRAFT, OPEN):
                raise DeliberationStateConflict(
                    "amendment n° {number} is still to be decided or voted: it is voted before the resolution",
                    number=amendment.amendment["number"])
            if amendment.statutes_version is not None and amendment.statutes_version != statutes_version:
                raise DeliberationStateConflict(
                    "the statutes changed since amendment n° {number} was voted: an amendment and its resolution "
                    "are voted under the same rules", number=amendment.amendment["number"])

    def _check_amendment_turn(self, amendment: Proposal) -> None:
        """An amendment is voted while its resolution is not, alone, after every amendment tabled before it was
        decided (rejected, lapsed, withdrawn or voted)."""
        assert amendment.amends is not None and amendment.amendment is not None
        parent = self.get_proposal(amendment.amends)
        if parent.status != DRAFT:
            raise DeliberationStateConflict("the resolution this amendment changes is {status}: the amendment is "
                                            "no longer voted", status=parent.status)
        earlier = True
        for other in self._amendments(parent):
            if other.id == amendment.id:
                earlier = False
                continue
            if other.status == OPEN or (earlier and other.status == DRAFT):
                raise DeliberationStateConflict(
                    "amendments are voted one at a time, in the order they were tabled: amendment n° {number} first",
                    number=other.amendment["number"] if other.amendment else "?")

    def _incorporate(self, amendment: Proposal, actor: str) -> list[Proposal]:
        """An adopted amendment changes its resolution; the later amendments are fitted to the new text, or
        lapse. Returns the aggregates changed."""
        assert amendment.amends is not None
        parent = self.get_proposal(amendment.amends)
        parent.incorporate(amendment, actor=actor)
        changed: list[Proposal] = [parent]
        for later in self._amendments(parent):
            if later.id != amendment.id and later.status == DRAFT and later.amendment \
                    and later.amendment["status"] in ("tabled", "admitted"):
                later.rebase_amendment(parent, actor=actor)
                if later.pending_events:
                    changed.append(later)
        return changed

    @retry_on_conflict
    def summarise_debate(self, proposal_id: UUID | str, *, summary: str, actor: str) -> None:
        """The secretary writes (or rewrites) the summary of the debate the minutes state, until they are signed."""
        proposal = self.get_proposal(proposal_id)
        record = self._minutes_record(proposal.assembly_id or proposal.id)
        if record is not None and record.signatures:
            raise MinutesRuleBroken("the minutes are signed: the summary of the debate can no longer change; "
                                    "record a correction")
        proposal.summarise_debate(summary=summary, actor=actor)
        self.save(proposal)

    # -- elections and the board (issue 21) ------------------------------------------------
    def draft_election(self, pole_id: UUID | str, *, title: str, text: str, seats: int,
                       reserved: dict[str, int] | None = None, actor: str) -> UUID:
        """Draft the election of `seats` people to the board (`reserved`: seats per college, the statutes' reserved
        seats when not given; a partial renewal may reserve fewer), secret unless the statutes say otherwise;
        candidates are declared next. Returns its id."""
        pole = self.get_pole(pole_id)
        statutes = pole.statutes
        if statutes.board is None:
            raise ProposalRuleBroken("the statutes set up no board: say in the statutes how many seats it has, for "
                                     "how long, and how its members are elected")
        proposal = Proposal.draft(pole_id=pole.id, title=title, text=text, kind="ordinary", effect=None,
                                  secret=statutes.board.election_secret, actor=actor)
        proposal.set_up_election(seats=seats, reserved=statutes.board.reserved if reserved is None else reserved,
                                 statutes=statutes, actor=actor)
        self.save(proposal)
        return proposal.id

    @retry_on_conflict
    def declare_candidate(self, proposal_id: UUID | str, member_id: UUID | str, *, actor: str,
                          represented: Iterable[str] | None = None) -> None:
        """A candidacy: the member's own (`represented` holds it: pages and the API pass the members the person
        represents) or recorded by the secretary (`represented` None). The candidate is an admitted member; an
        organisation stands through its representative (Code de commerce L225-20)."""
        proposal = self.get_proposal(proposal_id)
        member = str(member_id)
        if represented is not None and member not in _ids(represented, "represented"):
            raise NotPermitted("you do not represent this member")
        pole = self.get_pole(proposal.pole_id)
        if not pole.is_admitted(member):
            raise MembershipStateConflict("only an admitted member can stand for election")
        entry = pole.member(member)
        name = entry["name"] if entry["kind"] == "person" else f"{entry['representative']} ({entry['name']})"
        proposal.declare_candidate(member_id=member, name=name, college=entry["college"] or "",
                                   declared_by="secretary" if represented is None else "self", actor=actor)
        self.save(proposal)

    @retry_on_conflict
    def withdraw_candidacy(self, proposal_id: UUID | str, member_id: UUID | str, *, actor: str,
                           represented: Iterable[str] | None = None) -> None:
        proposal = self.get_proposal(proposal_id)
        if represented is not None and str(member_id) not in _ids(represented, "represented"):
            raise NotPermitted("you do not represent this member")
        proposal.withdraw_candidacy(member_id=str(member_id), actor=actor)
        self.save(proposal)

    @retry_on_conflict
    def address_to_board(self, proposal_id: UUID | str, *, actor: str) -> None:
        """Make a draft a decision of the board (its members vote, L225-37)."""
        proposal = self.get_proposal(proposal_id)
        pole = self.get_pole(proposal.pole_id)
        if pole.statutes.board is None:
            raise ProposalRuleBroken("the statutes set up no board")
        check_board_effect(proposal.effect, pole.statutes)
        proposal.address_to_board(actor=actor)
        self.save(proposal)

    @retry_on_conflict
    def end_mandate(self, pole_id: UUID | str, mandate_id: str, *, on: Any, reason: str, decision: str,
                    actor: str) -> None:
        """Record a resignation or a death (the secretary); a removal is the ordinary assembly's resolution
        (effect `remove_administrator`), a term's end is recorded by `expire_mandates`."""
        if reason not in ("resignation", "death"):
            raise InvalidInput("the secretary records a resignation or a death; a removal is voted by the "
                               "ordinary assembly (Code de commerce L225-18)")
        pole = self.get_pole(pole_id)
        pole.end_mandate(mandate_id=str(mandate_id), on=_day(on), reason=reason, decision=decision, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def coopt(self, pole_id: UUID | str, member_id: UUID | str, *, replaces: str, on: Any, decision: str,
              actor: str) -> str:
        """The board's co-optation to a vacant seat (L225-24), to be ratified by the next ordinary assembly."""
        pole = self.get_pole(pole_id)
        mandate_id = pole.coopt(member_id=member_id, replaces=str(replaces), on=_day(on), decision=decision,
                                actor=actor)
        self.save(pole)
        return mandate_id

    @retry_on_conflict
    def appoint_officer(self, pole_id: UUID | str, mandate_id: str, *, role: str, decision: str,
                        actor: str) -> None:
        pole = self.get_pole(pole_id)
        pole.appoint_officer(mandate_id=str(mandate_id), role=role, decision=decision, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def expire_mandates(self, pole_id: UUID | str, *, actor: str = "system", awaiting: Iterable[int] = ()) -> int:
        """Record the end of the mandates whose term has passed (the closer runs it); how many ended. `awaiting`:
        the years in which an ordinary assembly of the pole is convened and not yet closed: by R225-15 the
        mandates expiring those years sit until its close."""
        pole = self.get_pole(pole_id)
        ended = pole.expire_mandates(today=paris_day(clock.now()), actor=actor, awaiting=awaiting)
        if ended:
            self.save(pole)
        return ended

    # -- the capital register (issue 22; governance/capital.py) ------------------------------------------------
    @retry_on_conflict
    def subscribe_shares(self, pole_id: UUID | str, member_id: UUID | str, *, shares: int, paid: Any, on: Any,
                         decision: str, actor: str) -> int:
        """Record a subscription (and, for an approved applicant reaching its minimum, its admission); returns the
        register's entry number."""
        pole = self.get_pole(pole_id)
        number = pole.subscribe(member_id=member_id, shares=shares, paid=paid, on=_day(on), decision=decision,
                                actor=actor)
        self.save(pole)
        return number

    @retry_on_conflict
    def pay_up_shares(self, pole_id: UUID | str, member_id: UUID | str, *, amount: Any, on: Any, actor: str,
                      note: str = "") -> int:
        pole = self.get_pole(pole_id)
        number = pole.pay_up(member_id=member_id, amount=amount, on=_day(on), note=note, actor=actor)
        self.save(pole)
        return number

    @retry_on_conflict
    def transfer_shares(self, pole_id: UUID | str, member_id: UUID | str, to_member_id: UUID | str, *, shares: int,
                        on: Any, decision: str, actor: str) -> int:
        pole = self.get_pole(pole_id)
        number = pole.transfer_shares(member_id=member_id, to_member_id=to_member_id, shares=shares, on=_day(on),
                                      decision=decision, actor=actor)
        self.save(pole)
        return number

    @retry_on_conflict
    def request_withdrawal_of_shares(self, pole_id: UUID | str, member_id: UUID | str, *, shares: int, on: Any,
                                     reason: str, actor: str) -> int:
        pole = self.get_pole(pole_id)
        number = pole.request_withdrawal_of_shares(member_id=member_id, shares=shares, on=_day(on), reason=reason,
                                                   actor=actor)
        self.save(pole)
        return number

    @retry_on_conflict
    def refund_shares(self, pole_id: UUID | str, *, request: int, amount: Any, on: Any, decision: str, actor: str,
                      early_approval: str = "") -> int:
        pole = self.get_pole(pole_id)
        number = pole.refund(request=request, amount=amount, on=_day(on), decision=decision, actor=actor,
                             early_approval=early_approval)
        self.save(pole)
        return number

    @retry_on_conflict
    def cancel_shares(self, pole_id: UUID | str, member_id: UUID | str, *, shares: int, on: Any, reason: str,
                      actor: str) -> int:
        pole = self.get_pole(pole_id)
        number = pole.cancel_shares(member_id=member_id, shares=shares, on=_day(on), reason=reason, actor=actor)
        self.save(pole)
        return number

    def _check_vacancies(self, proposal: Proposal, pole: Pole) -> None:
        """An election fills no more seats than will be free: the board's seats less the mandates that go on
        beyond this year (R225-15: those ending this year end at the assembly's close), a sitting candidate's
        included (were they not re-elected, their seat would stay theirs). Also, each candidate is still an
        admitted member, in the college their candidacy was recorded in (a reserved seat follows the college)."""
        if proposal.election is None or pole.statutes.board is None:
            return
        today = paris_day(clock.now())
        for candidate in proposal.election["candidates"]:
            if not pole.is_admitted(candidate["member_id"]):
                raise ProposalStateConflict("candidate '{name}' is no longer a member of the pole: withdraw the "
                                            "candidacy", name=candidate["name"])
            if (pole.member(candidate["member_id"])["college"] or "") != candidate["college"]:
                raise ProposalStateConflict("candidate '{name}' has changed college since the candidacy was "
                                            "recorded: withdraw it and record it again", name=candidate["name"])
        staying = [m for m in pole.board_on(today) if date.fromisoformat(m["ends_on"]).year > today.year]
        free = pole.statutes.board.seats - len(staying)
        if proposal.election["seats"] > free:
            raise ProposalRuleBroken(
                "the board has {seats} seats and {held} stay held beyond this year: this election can fill at most "
                "{free}", seats=pole.statutes.board.seats, held=len(staying), free=max(free, 0))

    # -- ballots and proxies -------------------------------------------------------
    @retry_on_conflict
    def cast_ballot(self, proposal_id: UUID | str, member_id: UUID | str, choice: str, *, actor: str,
                    proxy_holder: UUID | str | None = None, represented: Iterable[str] | None = None) -> None:
        """Cast or change a ballot for `member_id` (in person, or by `proxy_holder` using its proxy).

        With `represented` (the members the person acting represents: pages and the API pass it), their
        standing decides: in person for a member they represent, by proxy for a principal whose proxy one of
        theirs holds, refused (NotPermitted) otherwise (governance/standing.py)."""
        proposal = self.get_proposal(proposal_id)
        if represented is not None:
            proxy_holder = Standing.of(proposal, represented).voter_for(str(member_id)).proxy_holder
        self._check_still_members(proposal.pole_id, proposal.electorate, member_id, proxy_holder)
        self._check_no_form(proposal, member_id)
        sealed = None
        if proposal.secret and isinstance(choice, str):
            sealed = self.sealer.seal(str(proposal.id), str(member_id), choice)
        proposal.cast_ballot(member_id=str(member_id), choice=choice, actor=actor, sealed=sealed,
                             proxy_holder=None if proxy_holder is None else str(proxy_holder))
        self.save(proposal)

    def _check_no_form(self, proposal: Proposal, member_id: UUID | str) -> None:
        """A member whose correspondence form counts at the assembly has voted by it (R225-85 III)."""
        if proposal.assembly_id is None:
            return
        assembly = self.get_assembly(proposal.assembly_id)
        if str(member_id) in assembly.live_forms() and assembly.attendance.get(str(member_id)) == CORRESPONDENCE:
            raise VotingStateConflict("this member voted by correspondence: its form's votes count (Code de "
                                      "commerce L225-107 I, R225-85 III)")

    def _check_still_members(self, pole_id: UUID, frozen: dict[str, str], *member_ids: UUID | str | None) -> None:
        """Members of a frozen electorate (a vote's, an assembly's) who withdrew or were excluded since take
        no new part: no new ballot, proxy or attendance; what they did before still counts."""
        electors = [str(m) for m in member_ids if m is not None and str(m) in frozen]
        if not electors:
            return
        pole = self._load(pole_id, deepcopy_from_cache=False)  # read only: no copy needed
        for member_id in electors:
            if not pole.is_admitted(member_id):
                member = pole.members[member_id]
                raise VotingStateConflict(
                    "'{name}' is {status} since the electorate was frozen: what it did before still counts, but it "
                    "takes no new part", name=member["name"], status=member["status"])

    @retry_on_conflict
    def grant_proxy(self, proposal_id: UUID | str, principal_id: UUID | str, holder_id: UUID | str, *,
                    actor: str, represented: Iterable[str] | None = None) -> None:
        """Give a principal's vote to a holder; with `represented`, only for a member the person represents."""
        proposal = self.get_proposal(proposal_id)
        if represented is not None:
            Standing.of(proposal, represented).principal(str(principal_id))
        self._check_still_members(proposal.pole_id, proposal.electorate, principal_id, holder_id)
        proposal.grant_proxy(principal_id=str(principal_id), holder_id=str(holder_id), actor=actor)
        self.save(proposal)

    @retry_on_conflict
    def revoke_proxy(self, proposal_id: UUID | str, principal_id: UUID | str, *, actor: str,
                     represented: Iterable[str] | None = None) -> None:
        proposal = self.get_proposal(proposal_id)
        if represented is not None:
            Standing.of(proposal, represented).principal(str(principal_id))
        proposal.revoke_proxy(principal_id=str(principal_id), actor=actor)
        self.save(proposal)

    # -- closing ----------------------------------------------------------------
    @retry_on_conflict
    def close_voting(self, proposal_id: UUID | str, *, actor: str, automatic: bool = False) -> Tally:
        """Close voting, record the tally, and apply an adopted proposal's effect in the same transaction."""
        proposal = self.get_proposal(proposal_id)
        pole: Pole | None = None  # loaded only to apply an adopted effect (a big pole's snapshot is ~2 MB)

        changed: list[Proposal] = []

        def on_adopted(result: Tally) -> str:
            nonlocal pole
            if proposal.amends is not None:  # an adopted amendment changes its resolution (below), not the pole
                return "none"
            pole = self.get_pole(proposal.pole_id)
            if proposal.election is not None:
                # The mandates start on the day the vote closed: the announced time when the closer acts late.
                closed_on = paris_day(proposal.closes_at if automatic and proposal.closes_at else clock.now())
                return start_mandates(pole, result, proposal, actor, on=closed_on)
            return apply_effect(proposal.effect, pole, proposal.id, proposal.proposed_by, actor)
        result = proposal.close(actor=actor, unseal=self.sealer.unseal, automatic=automatic,
                                on_adopted=on_adopted if proposal.effect is not None or proposal.election is not None
                                or proposal.amends is not None else None)
        if proposal.amends is not None and proposal.outcome == ADOPTED:
            changed.extend(self._incorporate(proposal, actor))
        assembly = self.get_assembly(proposal.assembly_id) if proposal.assembly_id else None
        if assembly is not None:
            assembly.record_outcome(proposal_id=str(proposal.id), outcome=result.outcome, actor=actor)
            for lapsed in changed:
                if lapsed.status == "withdrawn":
                    assembly.drop_resolution(proposal_id=str(lapsed.id), actor=actor)
        self.save(proposal, pole, assembly, *changed)
        return result

    # -- general assemblies ----------------------------------------------------------
    @retry_on_conflict  # convocations of one pole take turns: of two convening one draft, the second is refused
    def convene_assembly(self, pole_id: UUID | str, *, kind: str, held_at: datetime, place: str, mode: str,
                         convocation: str, agenda: Sequence[UUID | str], actor: str,
                         follows: UUID | str | None = None) -> UUID:
        """Convene an assembly: freeze electorate and statutes, schedule the agenda's drafts; returns its id.
        `follows`: the assembly whose quorum failed, on a later convocation with the same agenda; its forms and
        proxies count here too (R225-77, R225-79)."""
        pole = self.get_pole(pole_id)
        if not isinstance(agenda, (list, tuple)):
            raise InvalidInput("the agenda is a list of proposals")
        previous = None if follows in (None, "") else self.get_assembly(follows)  # type: ignore[arg-type]
        if previous is not None and previous.pole_id != pole.id:
            raise NotFound("no {kind} {id}", kind="assembly", id=str(follows))
        proposals = [self.get_proposal(p) for p in agenda]
        for proposal in proposals:
            if proposal.pole_id != pole.id:
                raise NotFound("no {kind} {id}", kind="proposal", id=str(proposal.id))
        assembly = Assembly.convene(
            pole_id=pole.id, kind=kind, held_at=held_at, place=place, mode=mode, convocation=convocation,
            agenda=[{"id": p.id, "kind": p.kind} for p in proposals], statutes_version=pole.statutes_version,
            statutes=pole.statutes, electorate=pole.electorate(), actor=actor)
        carried: list[Proposal] = []
        for proposal in proposals:
            proposal.schedule(assembly_id=assembly.id, actor=actor, follows=None if previous is None else previous.id)
            for amendment in self._amendments(proposal):
                assert amendment.amendment is not None
                if amendment.status not in (DRAFT, OPEN) or amendment.amendment["status"] == "tabled":
                    continue  # decided, or still to be decided by this assembly's chair
                if previous is None or amendment.assembly_id != str(previous.id) or amendment.status != DRAFT:
                    raise DeliberationStateConflict(
                        "amendment n° {number} to « {title} » is admitted or being voted online: vote it, or "
                        "withdraw it, before the resolution is put on an assembly's agenda",
                        number=amendment.amendment["number"], title=proposal.title)
                carried.append(amendment)  # admitted to the first assembly: voted at this one, in the same order
        if previous is not None:
            assembly.carry_over(previous=previous, actor=actor)
        for amendment in carried:
            parent = next(p for p in proposals if str(p.id) == amendment.amends)
            order = [str(a) for a in parent.amendments or []]
            amendment.schedule(assembly_id=assembly.id, actor=actor, follows=previous.id if previous else None,
                               admitted=True)
            assembly.add_amendment(amendment_id=str(amendment.id), amends=str(parent.id),
                                   later=order[order.index(str(amendment.id)) + 1:], actor=actor)
        self.save(assembly, *proposals, *carried)
        return assembly.id

    # -- convening: identity, consent, the convocation, documents, forms (issue 20) -----------
    @retry_on_conflict
    def record_pole_identity(self, pole_id: UUID | str, *, actor: str, **fields: str) -> None:
        """The pole's name as a convocation states it: registered office, capital, RCS (R225-66, R123-237)."""
        pole = self.get_pole(pole_id)
        pole.record_identity(actor=actor, **fields)
        self.save(pole)

    @retry_on_conflict
    def give_convocation_consent(self, pole_id: UUID | str, member_id: UUID | str, *, channel: str, actor: str,
                                 given_on: Any = None) -> None:
        """A member agrees to be convened by e-mail (R225-63): online, or on a paper form with its date."""
        pole = self.get_pole(pole_id)
        pole.give_convocation_consent(member_id=member_id, channel=channel, given_on=given_on, actor=actor)
        self.save(pole)

    @retry_on_conflict
    def withdraw_convocation_consent(self, pole_id: UUID | str, member_id: UUID | str, *, channel: str, actor: str,
                                     asked_on: Any = None) -> None:
        """A member asks to be convened by post again (R225-63 al. 3)."""
        pole = self.get_pole(pole_id)
        pole.withdraw_convocation_consent(member_id=member_id, channel=channel, asked_on=asked_on, actor=actor)
        self.save(pole)

    def convocation_text(self, assembly_id: UUID | str, *, assembly_url: str = "") -> str:
        """The convocation's text as it would be sent now (R225-66), from the pole's identity and the agenda."""
        assembly = self.get_assembly(assembly_id)
        pole = self.get_pole(assembly.pole_id)
        proposals = [self.get_proposal(p) for p in assembly.items]
        return convocation_text(
            pole_name=pole.name, legal_form=pole.legal_form, identity=pole.identity, kind=assembly.kind,
            convocation=assembly.convocation, held_at=assembly.held_at, place=assembly.place, mode=assembly.mode,
            resolutions=[{"title": p.title, "text": p.text, "kind": p.kind, "secret": p.secret} for p in proposals],
            documents=assembly.documents, statutes=assembly.statutes, assembly_url=assembly_url)

    def convocation_routes(self, assembly_id: UUID | str, *, reachable: Iterable[str]) -> dict[str, dict[str, Any]]:
        """How each member of the electorate would be convened if the convocation were sent now (R225-63)."""
        assembly = self.get_assembly(assembly_id)
        return self._routes(assembly, self.get_pole(assembly.pole_id), _ids(reachable, "reachable"))

    def _routes(self, assembly: Assembly, pole: Pole, reachable: set[str]) -> dict[str, dict[str, Any]]:
        now, statutes = clock.now(), assembly.statutes
        routes = {}
        for member in assembly.electorate:
            way = route(pole.consent_history(member), statutes, sent_at=now, held_at=assembly.held_at,
                        has_address=member in reachable)
            routes[member] = {"channel": way.channel, "reason": way.reason, "consent_on": way.consent_on}
        return routes

    @retry_on_conflict
    def send_convocation(self, assembly_id: UUID | str, *, reachable: Iterable[str], actor: str,
                         assembly_url: str = "") -> dict[str, dict[str, Any]]:
        """Send the convocation now: its text (R225-66) and fingerprint, and each member's channel by R225-63
        (`reachable`: the members with an e-mail address on file), recorded in one event; refused when the pole's
        identity lacks what R225-66 requires or the notice is short (R225-69). Returns the routes."""
        assembly = self.get_assembly(assembly_id)
        pole = self.get_pole(assembly.pole_id)
        missing = missing_identity(pole.identity, pole.legal_form)
        if missing:
            raise AssemblyRuleBroken(
                "R225-66: the convocation states the pole's registered office, and for a company its capital and "
                "its RCS number and city (R123-237); record the pole's identity first (missing: {fields})",
                fields=", ".join(missing))
        routes = self._routes(assembly, pole, _ids(reachable, "reachable"))
        assembly.send_convocation(text=self.convocation_text(assembly_id, assembly_url=assembly_url),
                                  recipients=routes, actor=actor)
        self.save(assembly)
        return routes

    @retry_on_conflict
    def record_posting(self, assembly_id: UUID | str, *, posted_on: Any, actor: str) -> None:
        """The day the convocation letters were posted."""
        assembly = self.get_assembly(assembly_id)
        assembly.record_posting(posted_on=posted_on, actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def make_document_available(self, assembly_id: UUID | str, *, sha256: str, name: str, size: int,
                                media_type: str, actor: str, proposal_id: UUID | str | None = None) -> None:
        """A document (stored by its SHA-256 beside the register) made available to the members from now."""
        assembly = self.get_assembly(assembly_id)
        assembly.make_document_available(sha256=sha256, name=name, size=size, media_type=media_type,
                                         proposal_id=None if proposal_id in (None, "") else str(proposal_id),
                                         actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def record_correspondence_form(self, assembly_id: UUID | str, member_id: UUID | str, *, way: str,
                                   choices: dict[str, str], channel: str, actor: str, received_on: Any = None,
                                   represented: Iterable[str] | None = None) -> None:
        """Record a correspondence form: online by the member itself (`represented` holds it), or by the
        secretary from paper with its day of receipt. The choices on secret resolutions are sealed before they
        become an event, a blank one as an abstention, so the event never tells them apart."""
        assembly = self.get_assembly(assembly_id)
        member = str(member_id)
        if represented is not None and member not in _ids(represented, "represented"):
            raise NotPermitted("you do not represent this member")
        if channel == ONLINE and represented is None:
            raise InvalidInput("an online form is the member's own")
        self._check_still_members(assembly.pole_id, assembly.electorate, member)
        if not isinstance(choices, dict):
            raise InvalidInput("the form's choices map each resolution to for, against or abstain")
        choices = {str(p): c for p, c in choices.items() if c not in (None, "")}
        public, sealed = {}, {}
        if way == VOTES:
            for proposal_id in assembly.items:
                proposal = self.get_proposal(proposal_id)
                if proposal.election is not None:
                    if proposal_id in choices:
                        raise AssemblyRuleBroken("an election is voted during the session, in person or by proxy: "
                                                 "the correspondence form covers the resolutions only")
                    continue
                choice = choices.get(proposal_id, "abstain")
                if proposal.secret and choice in ("for", "against", "abstain"):
                    sealed[proposal_id] = self.sealer.seal(proposal_id, member, choice)
                elif proposal_id in choices:
                    public[proposal_id] = choice
            public.update({p: c for p, c in choices.items() if p not in assembly.items})  # refused by the rule
        elif way == CHAIR and choices:
            public = choices
        assembly.record_form(member_id=member, way=way, choices=public, sealed=sealed, channel=channel,
                             received_on=received_on, actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def record_incident(self, assembly_id: UUID | str, *, started_at: datetime, ended_at: datetime | None,
                        description: str, actor: str) -> None:
        """A technical incident of the remote link during the session (R225-99): the minutes state it."""
        assembly = self.get_assembly(assembly_id)
        assembly.record_incident(started_at=started_at, ended_at=ended_at, description=description, actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def give_assembly_proxy(self, assembly_id: UUID | str, principal_id: UUID | str, holder_id: UUID | str, *,
                            actor: str) -> None:
        assembly = self.get_assembly(assembly_id)
        self._check_still_members(assembly.pole_id, assembly.electorate, principal_id, holder_id)
        assembly.give_proxy(principal_id=str(principal_id), holder_id=str(holder_id), actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def revoke_assembly_proxy(self, assembly_id: UUID | str, principal_id: UUID | str, *, actor: str) -> None:
        assembly = self.get_assembly(assembly_id)
        assembly.revoke_proxy(principal_id=str(principal_id), actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def record_attendance(self, assembly_id: UUID | str, member_id: UUID | str, mode: str, *, actor: str,
                          restore_proxy: bool = True) -> None:
        """Record a member as present, remote, voting by correspondence, or (a correction) absent; a
        correction to absent brings back the proxy its presence set aside, or revokes it (`restore_proxy`)."""
        assembly = self.get_assembly(assembly_id)
        if mode != "absent":
            self._check_still_members(assembly.pole_id, assembly.electorate, member_id)
        assembly.record_attendance(member_id=str(member_id), mode=mode, actor=actor, restore_proxy=bool(restore_proxy))
        self.save(assembly)

    @retry_on_conflict
    def open_session(self, assembly_id: UUID | str, *, actor: str) -> None:
        """Open the session; first, the forms of members who left the pole since sending them are set aside
        (R225-86 al. 2: invalidated before the session opens)."""
        assembly = self.get_assembly(assembly_id)
        if assembly.live_forms():
            pole = self.get_pole(assembly.pole_id)
            assembly.invalidate_forms(members=[m for m in assembly.live_forms() if not pole.is_admitted(m)],
                                      actor=actor)
        assembly.open_session(actor=actor)
        self.save(assembly)

    @retry_on_conflict
    def put_to_vote(self, assembly_id: UUID | str, proposal_id: UUID | str, *, actor: str) -> None:
        """Open the vote on an agenda resolution; refused unless the quorum of its kind is reached now."""
        assembly = self.get_assembly(assembly_id)
        proposal = self.get_proposal(proposal_id)
        check_effect_applicable(proposal.effect, self.get_pole(assembly.pole_id))
        self._check_vacancies(proposal, self.get_pole(assembly.pole_id))
        frozen = assembly.put_to_vote(proposal_id=str(proposal.id), kind=proposal.kind, actor=actor)
        self._check_amendments_voted(proposal, assembly.statutes_version)  # tabled ones too: decided first
        if proposal.amends is not None:
            self._check_amendment_turn(proposal)
        proposal.open(closes_at=clock.now() + self.assembly_vote_span, statutes_version=assembly.statutes_version,
                      statutes=assembly.statutes, electorate=assembly.electorate, convocation=assembly.convocation,
                      actor=actor, assembly={"id": str(assembly.id), **frozen})
        self._cast_forms(assembly, proposal)
        self.save(assembly, proposal)

    def _cast_forms(self, assembly: Assembly, proposal: Proposal) -> None:
        """The correspondence forms vote as soon as the resolution is put to the vote (L225-107 I), each ballot
        in the form's name; a secret choice is unsealed in memory and sealed afresh for the ballot. A member who
        left the pole since takes no new part (`_check_still_members`)."""
        if proposal.election is not None:
            return  # an election is voted in the session (record_correspondence_form takes no choice on it)
        if proposal.amends is not None or proposal.original is not None:
            # A form answers the texts the convocation sent. An amendment tabled later is not among them, and a
            # resolution an adopted amendment changed is no longer the text the form answered: the member counts
            # towards the quorum but its form casts no ballot (docs/deliberation-law.md §4, a cautious reading).
            return
        pole = self.get_pole(assembly.pole_id)
        key = str(proposal.id)
        for member, form in sorted(assembly.live_forms().items()):
            if not pole.is_admitted(member):
                continue
            choice, sealed_choice = assembly.form_choice(member, key)
            if sealed_choice is not None:
                choice = self.sealer.unseal(key, member, sealed_choice)
            sealed = self.sealer.seal(key, member, choice) if proposal.secret else None
            proposal.cast_ballot(member_id=member, choice=choice, actor=form["actor"], sealed=sealed)

    @retry_on_conflict
    def record_room_ballots(self, proposal_id: UUID | str, ballots: dict[str, str], *, actor: str) -> int:
        """Record the ballots cast in the room (or received by correspondence) on an assembly resolution.

        `ballots` maps member id → choice; a represented member's ballot is cast by its proxy holder.
        Returns how many ballots were recorded. All or nothing: one refused ballot stores none.
        """
        proposal = self.get_proposal(proposal_id)
        if not isinstance(ballots, dict):
            raise InvalidInput("the ballots map each member to its choice")
        if proposal.assembly_id is None:
            raise VotingStateConflict("ballots are recorded by the secretary only for an assembly's resolutions")
        if proposal.secret:
            raise VotingStateConflict("a secret resolution is voted by each member in the browser: "
                                      "the secretary cannot record how a member voted")
        self._check_still_members(proposal.pole_id, proposal.electorate, *ballots)
        for member_id in ballots:
            self._check_no_form(proposal, member_id)
        for member_id, choice in ballots.items():
            proxy = proposal.proxies.get(str(member_id))
            holder = proxy["holder"] if proxy and proxy["status"] != "revoked" else None
            proposal.cast_ballot(member_id=str(member_id), choice=choice, actor=actor, proxy_holder=holder)
        self.save(proposal)
        return len(ballots)

    @retry_on_conflict
    def close_session(self, assembly_id: UUID | str, *, actor: str) -> None:
        assembly = self.get_assembly(assembly_id)
        assembly.close_session(actor=actor)
        pole = None
        if assembly.kind in ("ordinary", "mixed"):
            # R225-15: « Les fonctions ... prennent fin à l'issue de la réunion de l'assemblée générale ordinaire ...
            # tenue dans l'année au cours de laquelle expire le mandat ».
            pole = self.get_pole(assembly.pole_id)
            if not pole.end_terms_at_assembly(on=paris_day(assembly.held_at), assembly_id=assembly.id, actor=actor):
                pole = None
        self.save(assembly, pole)

    # -- minutes -----------------------------------------------------------------------
    def minutes(self, subject_id: UUID | str) -> dict[str, Any]:
        """The minutes of an assembly or an online vote, computed from the events, with signatures; once
        signed, from the events up to the first signature (what was signed never changes)."""
        return self._minutes_document(subject_id)[0]

    def minutes_sources(self, subject_id: UUID | str) -> dict[str, int]:
        """The aggregates the minutes are computed from (the assembly or vote, the pole, the resolutions and their
        amendments), each at the version the minutes read: the register's extract embedded in the minutes' PDF
        (issue 25) is their events up to those versions."""
        return self._minutes_document(subject_id)[1]

    def _minutes_document(self, subject_id: UUID | str) -> tuple[dict[str, Any], dict[str, int]]:
        """The minutes and the version of each aggregate they were computed from."""
        subject, pole = self._minutes_subject(subject_id)
        record = self._minutes_record(subject_id)
        signed = record.as_signed() if record is not None else None
        if signed is not None:
            subject = self._as_signed(subject, signed)
            pole = self._as_signed(pole, signed)
        if isinstance(subject, Assembly):
            proposals = [self.get_proposal(p) for p in subject.agenda]
            if signed is not None:
                proposals = [self._as_signed(p, signed) for p in proposals]
            listed = {str(p.id) for p in proposals}  # rejected or lapsed amendments are not on the agenda
            proposals += self._signed_amendments(proposals, signed, listed)
            document = assembly_document(pole, subject, proposals, record)
            sources = [subject, pole, *proposals]
        else:
            closing = self._closing(subject) if subject.status == CLOSED else None
            amendments = self._signed_amendments([subject], signed, set())
            document = vote_document(pole, subject, closing["closed_at"] if closing else None, record, amendments)
            sources = [subject, pole, *amendments]
        return document, {str(a.id): a.version for a in sources}

    def _signed_amendments(self, proposals: Sequence[Proposal], signed: dict[str, Any] | None,
                           known: set[str]) -> list[Proposal]:
        """The amendments tabled on these resolutions (not already among `known`), as the minutes were signed."""
        found = []
        for proposal in proposals:
            for amendment_id in proposal.amendments or []:
                if amendment_id in known:
                    continue
                try:
                    amendment = self.get_proposal(amendment_id)
                except NotFound:
                    continue
                found.append(self._as_signed(amendment, signed) if signed is not None else amendment)
        return found

    def _as_signed(self, aggregate: Any, signed: dict[str, Any]) -> Any:
        """`aggregate` as it was when the minutes were first signed: at the version the signature recorded,
        else (a signature of an earlier release) at its last event not after the signing time."""
        versions = signed["versions"]
        if versions is not None:
            version = versions.get(str(aggregate.id))
        else:
            version = None
            for e in self.repository.event_store.get(aggregate.id):
                if e.timestamp > signed["at"]:
                    break
                version = e.originator_version
        if version is None or version == aggregate.version:
            return aggregate
        return self._load(aggregate.id, version=version)

    @retry_on_conflict
    def sign_minutes(self, subject_id: UUID | str, *, signer: str, capacity: str, actor: str,
                     pdf: dict[str, Any] | None = None) -> int:
        """Sign the minutes as they read now; returns the new entry's number. `pdf` (issue 25): the signature was
        made in the minutes' PDF, verified by the caller (infrastructure/pades.py) — {"sha256" of the signed file,
        "previous" (the file it was added to: None for the first, else the last signature's), "method",
        "certificate" (the signer's certificate's SHA-256), "subject" (its name)} (`check_pdf_signature`)."""
        subject, pole = self._minutes_subject(subject_id)
        check_closed(subject)
        document, versions = self._minutes_document(subject_id)
        record = self._minutes_record(subject_id) or Minutes.start(
            pole_id=pole.id, subject_type="assembly" if isinstance(subject, Assembly) else "proposal",
            subject_id=str(subject.id), actor=actor)
        statutes = _signing_statutes(subject, pole)
        record.sign(signer=signer, capacity=capacity, digest=document["digest"], actor=actor,
                    register_head=self.register_head(pole.id), versions=versions,
                    distinct_chair_and_secretary=statutes.distinct_chair_and_secretary, pdf=pdf)
        self.save(record)
        return len(record.entries)

    @retry_on_conflict
    def timestamp_minutes(self, subject_id: UUID | str, *, pdf: dict[str, Any], actor: str) -> int:
        """Record the document timestamp that closes the minutes' signed PDF (PAdES B-LTA; issue 25): `pdf` holds
        the timestamped file's SHA-256, the last signed file's (`previous`) and the authority's name (`tsa`).
        Returns the entry's number."""
        record = self._minutes_record(subject_id)
        if record is None:
            check_closed(self._minutes_subject(subject_id)[0])
            raise MinutesRuleBroken("only minutes signed in their PDF take a document timestamp")
        if not isinstance(pdf, dict):
            raise InvalidInput("a signature's PDF is described by an object")
        document, _ = self._minutes_document(subject_id)
        record.timestamp(digest=document["digest"], pdf=pdf, actor=actor)
        self.save(record)
        return len(record.entries)

    def minutes_statutes(self, subject_id: UUID | str) -> Statutes:
        """The statutes the minutes' signatories follow (what a signing form offers and `sign_minutes` checks)."""
        return _signing_statutes(*self._minutes_subject(subject_id))

    @retry_on_conflict
    def correct_minutes(self, subject_id: UUID | str, *, text: str, corrects: int, actor: str) -> int:
        """Add a correction referencing an earlier entry of signed minutes; returns its number."""
        record = self._minutes_record(subject_id)
        if record is None:
            check_closed(self._minutes_subject(subject_id)[0])
            raise MinutesRuleBroken("only signed minutes are corrected; until then, the minutes follow the register")
        record.correct(text=text, corrects=corrects, actor=actor)
        self.save(record)
        return len(record.entries)

    def _minutes_subject(self, subject_id: UUID | str) -> tuple[Any, Pole]:
        key = _uuid(subject_id, "minutes")
        try:
            subject = self._load(key)
        except AggregateNotFoundError:
            raise NotFound("no {kind} {id}", kind="minutes", id=str(subject_id)) from None
        if not isinstance(subject, (Assembly, Proposal)) or (
                isinstance(subject, Proposal) and subject.assembly_id is not None):
            raise NotFound("no {kind} {id}", kind="minutes", id=str(subject_id))
        return subject, self.get_pole(subject.pole_id)

    def _minutes_record(self, subject_id: UUID | str) -> Minutes | None:
        try:
            record = self._load(minutes_id(subject_id))
        except AggregateNotFoundError:
            return None
        return record if isinstance(record, Minutes) else None

    def _closing(self, proposal: Proposal) -> dict[str, Any] | None:
        """When an online vote was closed (from its VotingClosed event). Read from the newest event back, a few at a
        time: the close is among the last events, and a vote of 50,000 ballots is not decoded for it (issue 27)."""
        lte: int | None = proposal.version
        while lte is not None and lte >= 1:
            newest = list(self.repository.event_store.get(proposal.id, lte=lte, desc=True, limit=CLOSING_WINDOW))
            for e in newest:
                if type(e).__name__ == "VotingClosed":
                    return {"closed_at": e.closed_at.isoformat()}
            lte = newest[-1].originator_version - 1 if len(newest) == CLOSING_WINDOW else None
        return None

    def close_if_due(self, proposal_id: UUID | str) -> Tally | None:
        """Close an open vote whose announced closing time has passed (the scheduler's job)."""
        try:
            return self.close_voting(proposal_id, actor=SYSTEM_ACTOR, automatic=True)
        except (ProposalRuleBroken, VotingRuleBroken):
            return None  # not due yet, or closed by someone else in the meantime

    def recount(self, proposal_id: UUID | str) -> Tally:
        """Recompute a proposal's tally from its stored events alone: every event replayed, no snapshot, no cache."""
        proposal = self._replayed(proposal_id, Proposal, "proposal")
        return proposal.count(self.sealer.unseal)

    def _replayed(self, aggregate_id: UUID | str, cls: type = object, label: str = "record",
                 version: int | None = None) -> Any:
        """An aggregate rebuilt from its events only (no snapshot, no cache), or NotFound."""
        aggregate = replay(None, self.events.get(_uuid(aggregate_id, label), lte=version))
        if aggregate is None or not isinstance(aggregate, cls):
            raise NotFound("no {kind} {id}", kind=label, id=str(aggregate_id))
        return aggregate

    def what_if(self, proposal_id: UUID | str, statutes: dict[str, Any]) -> tuple[Tally, Tally]:
        """(recorded tally, simulated tally) of a closed proposal under other statutes; stores nothing."""
        proposal = self.get_proposal(proposal_id)
        if proposal.status != CLOSED or proposal.tally is None:
            raise ProposalStateConflict("only a closed vote can be simulated (this proposal is {status})",
                                        status=proposal.status)
        simulated_statutes = Statutes.from_dict(statutes)
        check_statutes(simulated_statutes)
        return Tally.from_dict(proposal.tally), simulate(proposal, simulated_statutes, self.sealer.unseal)

    @retry_on_conflict
    def import_members(self, pole_id: UUID | str, rows: Sequence[dict[str, Any]], *, decision: str,
                       actor: str) -> list[UUID]:
        """Record many members at once (a CSV import), all or nothing: for each row a membership request,
        then, when the statutes leave admission to the board, its admission by `decision` and its college
        (when the row names one). When the statutes give admission to the assembly, only the requests are
        recorded. Every row goes through the pole's own rules; one refused row refuses the whole import and
        nothing is saved. Returns the new members' ids, in the rows' order."""
        if not isinstance(rows, (list, tuple)) or not all(isinstance(row, dict) for row in rows):
            raise InvalidInput("an import is a list of members, each with its name, kind, category, representative "
                               "and college")
        pole = self.get_pole(pole_id)
        by_board = pole.statutes.admission_by != "assembly"
        # A name already on the roster (or earlier in the rows) is refused here, on the pole as loaded: a second
        # import of the same file (a double click, two secretaries) is refused even when it races the first
        # (the retry reloads the pole).
        taken = {folded(m["name"]) for m in pole.members.values() if m["status"] in (REQUESTED, ADMITTED)}
        member_ids = []
        for row in rows:
            name = row.get("name")
            if isinstance(name, str) and folded(name) in taken:
                raise MembershipStateConflict("'{name}' is already a member or a pending request of this pole",
                                              name=name)
            if isinstance(name, str):
                taken.add(folded(name))
            member_id = uuid4()
            pole.request_membership(member_id=member_id, name=row.get("name", ""), kind=row.get("kind", ""),
                                    category=row.get("category", ""),
                                    representative=row.get("representative", ""), actor=actor)
            if by_board:
                pole.admit(member_id=member_id, decision=decision, actor=actor)
                if row.get("college"):
                    pole.assign_college(member_id=member_id, college=row["college"], reason=decision,
                                        actor=actor)
            member_ids.append(member_id)
        if member_ids:
            self.save(pole)
        return member_ids

    # -- the PTCE référentiel and its campaigns (issue 24; governance/assessment.py) ---------
    def referentiel_book(self, pole_id: UUID | str) -> ReferentielBook | None:
        try:
            return self._get(ReferentielBook, referentiel_book_id(_uuid(pole_id, "pole")), None, "référentiel")
        except NotFound:
            return None

    def referentiel(self, pole_id: UUID | str, version: int | None = None) -> Referentiel:
        """A version of the pole's référentiel (None: its latest; 1: the seed's)."""
        book = self.referentiel_book(pole_id)
        latest = 1 + (len(book.versions) if book else 0)
        number = latest if version is None else version
        if isinstance(number, bool) or not isinstance(number, int):
            raise NotFound("no version {version} of the pole's référentiel", version=str(number))
        if number == 1:
            return SEED
        if book is None:
            raise NotFound("no version {version} of the pole's référentiel", version=str(number))
        return book.numbered(number)

    @retry_on_conflict
    def adopt_referentiel(self, pole_id: UUID | str, *, referentiel: dict[str, Any], actor: str) -> int:
        """Record the pole's own version of the référentiel (wording adapted, indicators added, its achievement
        scale); returns its number (2, 3, …)."""
        pole = self.get_pole(pole_id)
        book = self.referentiel_book(pole.id) or ReferentielBook(pole_id=pole.id, actor=actor)
        number = book.adopt(referentiel=referentiel, actor=actor)
        self.save(book)
        return number

    def open_campaign(self, pole_id: UUID | str, *, title: str, opens_on: Any, closes_on: Any,
                      version: int | None = None, mode: str = MEMBERS,
                      people: Sequence[dict[str, Any]] | None = None, individual_shared: bool = False,
                      actor: str) -> UUID:
        """Open an assessment campaign. `mode` "members": every member admitted now answers, counted in its
        college; "people": the named `people` ({id, college}) answer. Returns the campaign's id."""
        pole = self.get_pole(pole_id)
        framework = self.referentiel(pole.id, version)
        if mode == MEMBERS:
            respondents = [{"id": m, "college": c or ""} for m, c in sorted(pole.electorate().items())]
            if people:
                raise InvalidInput("named people answer only a campaign opened for named people")
        else:
            respondents = (list(people) if isinstance(people, (list, tuple)) else [] if people is None
                           else [people])
            colleges = {c.code for c in pole.statutes.colleges}
            for person in respondents:
                if (isinstance(person, dict) and person.get("college")
                        and (not isinstance(person["college"], str) or person["college"] not in colleges)):
                    raise AssessmentRuleBroken("'{college}' is not one of the pole's colleges",
                                               college=str(person["college"]))
        campaign = Campaign.open_campaign(pole_id=pole.id, title=title, opens_on=_day(opens_on),
                                          closes_on=_day(closes_on), referentiel=framework,
                                          respondents=respondents, mode=mode, individual_shared=individual_shared,
                                          actor=actor)
        self.save(campaign)
        return campaign.id

    def get_campaign(self, campaign_id: UUID | str) -> Campaign:
        return self._get(Campaign, campaign_id, None, "campaign")

    @retry_on_conflict
    def answer_campaign(self, campaign_id: UUID | str, *, respondent: str, answers: dict[str, Any], actor: str,
                        represented: Iterable[str] | None = None) -> None:
        """Record a respondent's answers (replacing its earlier ones). A member organisation answers through the
        person who represents it (`represented`); a named person answers for themself (`actor`)."""
        campaign = self.get_campaign(campaign_id)
        if campaign.mode == MEMBERS:
            if represented is not None and str(respondent) not in _ids(represented, "represented"):
                raise NotPermitted("you do not represent this member")
        elif str(respondent) != str(actor):
            raise NotPermitted("a named person answers for themself")
        campaign.answer(respondent=str(respondent), answers=answers, actor=actor, seal=self.sealer.seal)
        self.save(campaign)

    def campaign_answers(self, campaign_id: UUID | str) -> dict[str, dict[str, Any]]:
        """Each respondent's answers, for the secretary, only when the campaign said so when it opened."""
        campaign = self.get_campaign(campaign_id)
        if not campaign.individual_shared:
            raise NotPermitted("this campaign's individual answers are not shared: only its results are")
        return campaign.plain_answers(self.sealer.unseal)

    def own_answers(self, campaign_id: UUID | str, *, respondent: str) -> dict[str, Any]:
        """A respondent's own answers, to show them back on its form while the campaign is open (the caller
        checks the respondent is the person asking, or one they represent)."""
        campaign = self.get_campaign(campaign_id)
        respondent = campaign.respondent(respondent)["id"]
        if campaign.closed or respondent not in campaign.answers:
            return {}
        stored = campaign.answers[respondent]
        if campaign.individual_shared:
            return stored
        return decode_answers(campaign.framework, self.sealer.unseal(seal_scope(campaign.id), respondent, stored))

    @retry_on_conflict
    def close_campaign(self, campaign_id: UUID | str, *, actor: str) -> dict[str, Any]:
        """Close a campaign: its results (distributions per college and indicator) are frozen."""
        campaign = self.get_campaign(campaign_id)
        results = campaign.close(actor=actor, unseal=self.sealer.unseal)
        self.save(campaign)
        return results

    @retry_on_conflict
    def draft_revision_from_campaign(self, campaign_id: UUID | str, *, objective: str, title: str, text: str,
                                     actor: str) -> UUID:
        """Draft a proposal to revise the shared strategy from a closed campaign's objective; the campaign records
        the link (both are saved together, or neither)."""
        campaign = self.get_campaign(campaign_id)
        proposal = Proposal.draft(pole_id=campaign.pole_id, title=title, text=text, kind="ordinary",
                                  effect={"type": "revise_strategy", "text": text}, secret=False, actor=actor)
        campaign.note_revision(proposal_id=proposal.id, objective=objective, actor=actor)
        self.save(proposal, campaign)
        return proposal.id


def check_board_effect(effect: dict[str, Any] | None, statutes: Statutes) -> None:
    """The board decides an admission or an exclusion only where the statutes give it that decision
    (`admission_by`, `exclusion_by`)."""
    setting = {"admit_member": "admission_by", "exclude_member": "exclusion_by"}.get((effect or {}).get("type", ""))
    if setting is not None and getattr(statutes, setting) != "board":
        raise ProposalRuleBroken("the statutes give this decision to the general assembly, not to the board")


def check_effect_target_exists(effect: dict[str, Any] | None, pole: Pole) -> None:
    """A member (or a board mandate) named by an effect must belong to the proposal's pole."""
    if effect and "member_id" in effect:
        pole.member(effect["member_id"])
    if effect and "mandate_id" in effect:
        pole.mandate(effect["mandate_id"])


def start_mandates(pole: Pole, result: Tally, proposal: Proposal, actor: str, *, on: date) -> str:
    """The elected candidates' mandates, from `on` (the day the election closed); 'applied', or why not. An elected
    candidate who left the pole since the vote opened gets no mandate (their seat stays vacant), and the result
    says so."""
    details = result.details or {}
    elected = [{"member_id": c["id"], "name": c["name"], "college": c["college"], "seat": c["seat"]}
               for c in details.get("candidates", []) if c.get("elected")]
    gone = [e["name"] for e in elected if not pole.is_admitted(e["member_id"])]
    elected = [e for e in elected if pole.is_admitted(e["member_id"])]
    try:
        pole.start_mandates(elected=elected, on=on, proposal_id=proposal.id, actor=actor)
    except DomainError as error:
        return f"not applied: {error.message}"
    if gone:
        return "applied; no mandate for " + ", ".join(gone) + " (no longer a member)"
    return "applied" if elected else "none"


def _day(value: Any) -> date:
    """A day from a date or an ISO text (pages and the API)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("{value} is not a date (YYYY-MM-DD)", value=str(value)[:40]) from None


def _ids(values: Any, label: str) -> set[str]:
    """A collection of member ids given by the caller (the pages, the API), as strings."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidInput("{label} is a list of member ids", label=label)
    return {str(value) for value in values}


def _uuid(value: UUID | str, label: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFound("no {kind} {id}", kind=label, id=str(value)) from None


def _signing_statutes(subject: Any, pole: Pole) -> Statutes:
    """The statutes frozen with the assembly or the vote: they say whether the chair and the secretary of the session
    must be two persons (Code de commerce R225-101 leaves it to them; the law's default otherwise)."""
    rules = getattr(subject, "rules", None)
    return Statutes.from_dict(rules) if rules else pole.statutes
