"""The Proposal aggregate: draft → open (electorate, weights and rules frozen) → closed.

Ballots and proxies live inside the proposal so that one ballot per member, proxy caps
and the close are decided on one consistent state (optimistic concurrency + retry).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from operator import itemgetter
from typing import Any, Callable
from uuid import UUID

from eventsourcing.domain import event

from governance import clock
from governance.base import MAX_TEXT, GovernanceAggregate, clean_actor, clean_text
from governance.effects import clean_effect
from governance.deliberation import amended_text, digest
from governance.errors import (DeliberationRuleBroken, DeliberationStateConflict, DomainError, InvalidInput, NotFound,
                               ProposalRuleBroken, ProposalStateConflict, ProxyRuleBroken, ProxyStateConflict,
                               VotingRuleBroken, VotingStateConflict)
from governance.proxies import check_not_to_itself, check_proxy_grant
from governance.statutes import CONVOCATIONS, RESOLUTION_KINDS, Statutes
from governance.election import ELECTED, check_ballot, count_election
from governance.board import board_tally
from governance.tally import ADOPTED, CHOICES, Tally, tally_ballots

DRAFT, OPEN, CLOSED, WITHDRAWN = "draft", "open", "closed", "withdrawn"
ACTIVE, USED, REVOKED = "active", "used", "revoked"
TABLED, ADMITTED, REJECTED, LAPSED = "tabled", "admitted", "rejected", "lapsed"  # an amendment's course
AMENDABLE_EFFECTS = ("amend_statutes", "revise_strategy")
# Why an amendment lapsed (its event's `reason`; pages translate these).
LAPSED_DECISION = "the decision it changes was changed by an amendment adopted before"
LAPSED_PASSAGE = "the passage it changes was changed by an amendment adopted before"
FELL_WITH_RESOLUTION = "the resolution it amends was withdrawn"  # decisions an amendment may change (not a member's fate)
LIVE = (ACTIVE, USED)  # proxy statuses that still bind principal and holder (a used proxy counts towards caps)

Unseal = Callable[[str, str, str], str]
_CHOICE = itemgetter("choice")


# -- who discusses a proposal (issue 23): one rule, on plain data ------------------------------------------------------
# `Proposal.under_discussion` (the domain: who may comment, table and support amendments), web/edge.py
# `open_to_members` (which drafts members read) and the SQL of projections/queries.py `Queries.discussions` (a pole's
# open discussions) apply this rule; tests/unit/test_deliberation.py checks the SQL against it on every combination
# of the fields it reads. The fields are a proposal's, or its read-model row's (where `published` and `body` may be
# NULL: never published, the assembly's).
def given_to_members(*, published: bool | None, assembly_id: object) -> bool:
    """A draft given to the members before its vote: published for discussion, or on a convened assembly's agenda
    (members were convened on its text). Members read it, discuss it and may amend it."""
    return bool(published) or assembly_id is not None


def is_under_discussion(*, published: bool | None, assembly_id: object, status: str, amends: object,
                        body: str | None) -> bool:
    """Members may comment on the proposal: a draft given to them (`given_to_members`) or a vote open, until it
    closes; never an amendment (it is discussed in its resolution's discussion) nor a board decision (the board
    deliberates at its meeting)."""
    return (status == OPEN or (status == DRAFT and given_to_members(published=published, assembly_id=assembly_id))) \
        and amends is None and body != "board"


class Proposal(GovernanceAggregate):
    """A resolution put to the vote of a pole's members, an election of people (`election`), or a decision of the
    board (`body == "board"`)."""

    # Set by later events only (issue 21); proposals recorded before read as an assembly's resolution.
    election = None  # type: dict[str, Any] | None
    body = "assembly"
    chair = None  # type: str | None  # the board's chair when a board vote opened (the casting vote, L225-37)
    # Issue 23 (governance/deliberation.py), set by later events only:
    published = False  # published for discussion: members discuss it and may table amendments; its text is fixed
    amends = None  # type: str | None  # an amendment: the proposal it amends
    amendment = None  # type: dict[str, Any] | None  # an amendment: number, passage, wording, sponsors, status…
    amendments = None  # type: list[str] | None  # the amendments tabled on this proposal, in tabling order
    original = None  # type: dict[str, Any] | None  # the text and effect as drafted, once an amendment changed them
    debate_summary = None  # type: str | None  # the secretary's summary of the debate, for the minutes (R225-106)

    @classmethod
    def draft(cls, *, pole_id: UUID, title: str, text: str, kind: str = "ordinary",
              effect: dict[str, Any] | None = None, secret: bool = False, actor: str) -> "Proposal":
        """Draft a proposal; nothing is frozen until voting opens."""
        kind = _check_kind(kind)
        return cls(pole_id=pole_id, title=clean_text(title, "title"),
                   text=clean_text(text, "proposal text", max_length=MAX_TEXT), kind=kind,
                   effect=clean_effect(effect, kind), secret=bool(secret), actor=clean_actor(actor))

    @event("ProposalDrafted")
    def __init__(self, pole_id: UUID, title: str, text: str, kind: str, effect: dict[str, Any] | None,
                 secret: bool, actor: str) -> None:
        self.pole_id = pole_id
        self.title, self.text, self.kind, self.effect, self.secret = title, text, kind, effect, secret
        self.proposed_by = actor
        self.status = DRAFT
        self.statutes_version: int | None = None
        self.rules: dict[str, Any] | None = None
        self.electorate: dict[str, str] = {}
        self.convocation = "first"
        self.closes_at: datetime | None = None
        self.ballots: dict[str, dict[str, Any]] = {}
        self.proxies: dict[str, dict[str, Any]] = {}
        self.tally: dict[str, Any] | None = None
        self.assembly_id: str | None = None  # set when scheduled on a general assembly's agenda
        self.attendees: list[str] | None = None  # frozen at opening for an assembly resolution

    # -- drafting ----------------------------------------------------------------
    def amend(self, *, title: str, text: str, kind: str, effect: dict[str, Any] | None, secret: bool,
              actor: str) -> None:
        """Rewrite a draft; refused once voting has opened or the draft is on a convened assembly's agenda."""
        if self.status != DRAFT:
            raise ProposalStateConflict("only a draft can be amended (this proposal is {status})", status=self.status)
        if self.amends is not None:
            raise ProposalStateConflict("an amendment's text is its sponsors': withdraw it and table another")
        if self.published:
            raise ProposalStateConflict("this draft is published for discussion: members discuss and amend this "
                                        "text; change it by an amendment, or withdraw it and draft another")
        if self.assembly_id is not None:
            # Members were convened on this text, kind and effect (Code de commerce, art. R225-66).
            raise ProposalStateConflict("this draft is on the agenda of a convened assembly, whose members were "
                                        "convened on its text: it can no longer be amended (Code de commerce, "
                                        "art. R225-66); withdraw it and put a new draft on another assembly's agenda")
        kind = _check_kind(kind)
        if self.election is not None and (kind != "ordinary" or effect is not None):
            raise ProposalRuleBroken("an election is an ordinary resolution with no other effect (Code de commerce "
                                     "L225-18)")
        if self.election is not None and bool(secret) != self.secret:
            raise ProposalRuleBroken("an election is secret or not as the statutes say (loi n° 47-1775, art. 8): "
                                     "its secrecy cannot be changed")
        if self.body == "board" and (secret or (effect or {}).get("type", BOARD_EFFECTS[0]) not in BOARD_EFFECTS):
            raise ProposalRuleBroken("a board decision is not secret and decides admissions and exclusions only")
        self._amended(title=clean_text(title, "title"), text=clean_text(text, "proposal text", max_length=MAX_TEXT),
                      kind=kind, effect=clean_effect(effect, kind), secret=bool(secret), actor=clean_actor(actor))

    @event("ProposalAmended")
    def _amended(self, title: str, text: str, kind: str, effect: dict[str, Any] | None, secret: bool,
                 actor: str) -> None:
        self.title, self.text, self.kind, self.effect, self.secret = title, text, kind, effect, secret

    def schedule(self, *, assembly_id: UUID, actor: str, follows: UUID | None = None, admitted: bool = False) -> None:
        """Put a draft on a general assembly's agenda: it will be voted there, not online. `follows`: the
        assembly whose agenda it was on, when a later convocation takes the same agenda (L225-105). `admitted`: an
        amendment admitted to its resolution's assembly (the only way an amendment reaches an agenda)."""
        if self.amends is not None and not admitted:
            raise DeliberationRuleBroken("an amendment is not an item of the agenda: it joins its resolution's "
                                         "assembly once admitted")
        if self.status != DRAFT:
            raise ProposalStateConflict("only a draft can be put on an assembly's agenda (this proposal is {status})",
                                        status=self.status)
        if self.body == "board":
            raise ProposalStateConflict("a board decision is not voted in a general assembly")
        if self.assembly_id is not None and (follows is None or str(self.assembly_id) != str(follows)):
            raise ProposalStateConflict("this proposal is already on an assembly's agenda")
        self._scheduled(assembly_id=str(assembly_id), actor=clean_actor(actor))

    @event("ScheduledForAssembly")
    def _scheduled(self, assembly_id: str, actor: str) -> None:
        self.assembly_id = assembly_id

    def withdraw(self, *, reason: str, actor: str) -> None:
        """Withdraw a draft or an open vote; ballots already cast are not counted."""
        if self.status not in (DRAFT, OPEN):
            raise ProposalStateConflict("a {status} proposal cannot be withdrawn", status=self.status)
        self._withdrawn(reason=clean_text(reason, "reason", max_length=1000, required=False), actor=clean_actor(actor))

    @event("ProposalWithdrawn")
    def _withdrawn(self, reason: str, actor: str) -> None:
        self.status = WITHDRAWN

    # -- deliberation (issue 23; governance/deliberation.py) ------------------------------
    def publish(self, *, actor: str) -> None:
        """Publish a draft for discussion: members comment and may table amendments until the vote closes."""
        if self.status != DRAFT:
            raise ProposalStateConflict("only a draft is published for discussion (this proposal is {status})",
                                        status=self.status)
        if self.published:
            raise ProposalStateConflict("this proposal is already published for discussion")
        if self.amends is not None:
            raise ProposalRuleBroken("an amendment is discussed in the discussion of the proposal it amends")
        if self.body == "board":
            raise ProposalRuleBroken("a board decision is deliberated at the board's meeting, not in a members' "
                                     "discussion")
        self._published(actor=clean_actor(actor))

    @event("PublishedForDiscussion")
    def _published(self, actor: str) -> None:
        self.published = True

    @property
    def under_discussion(self) -> bool:
        """Members may comment: published (or on an assembly's agenda), or its vote open, until it closes; never on
        an amendment nor a board decision (`is_under_discussion`, the rule the pages and read models share)."""
        return is_under_discussion(published=self.published, assembly_id=self.assembly_id, status=self.status,
                                   amends=self.amends, body=self.body)

    def check_amendable(self) -> None:
        """Amendments are tabled on a draft under discussion, before its vote opens."""
        if self.amends is not None:
            raise DeliberationRuleBroken("an amendment is not amended: table another amendment to the resolution")
        if self.election is not None:
            raise DeliberationRuleBroken("an election is not amended: candidates stand or withdraw")
        if self.body == "board":
            raise DeliberationRuleBroken("a board decision is not amended by members")
        if self.status != DRAFT:
            raise DeliberationStateConflict("amendments are tabled before the vote opens (this proposal is "
                                            "{status})", status=self.status)
        if not self.published and self.assembly_id is None:
            raise DeliberationStateConflict("this draft is not published for discussion yet: amendments are tabled "
                                            "during the discussion")

    @classmethod
    def table_amendment(cls, parent: "Proposal", *, number: int, member_id: str, passage: str, wording: str,
                        effect: dict[str, Any] | None, motive: str, actor: str) -> "Proposal":
        """A member's amendment to `parent`: a proposal of its own, voted before it, whose text is the resolution's
        text as amended (`passage` replaced by `wording`), and whose effect replaces the resolution's when given."""
        parent.check_amendable()
        passage = clean_text(passage, "passage to change", max_length=MAX_TEXT, required=False)
        wording = clean_text(wording, "new wording", max_length=MAX_TEXT, required=False)
        if effect is not None and (parent.effect is None or parent.effect["type"] not in AMENDABLE_EFFECTS):
            raise DeliberationRuleBroken("only a resolution amending the statutes or revising the strategy has a "
                                         "decision an amendment can change; amend its text")
        new_effect = clean_effect(effect, parent.kind) if effect is not None else parent.effect
        if effect is not None and new_effect is not None and parent.effect is not None \
                and new_effect["type"] != parent.effect["type"]:
            raise DeliberationRuleBroken("an amendment changes the resolution's decision, not its nature")
        if effect is None or passage or wording:
            text = amended_text(parent.text, passage, wording)
        else:
            text = parent.text
        if text == parent.text and new_effect == parent.effect:
            raise DeliberationRuleBroken("this amendment changes nothing in the resolution")
        child = cls.draft(pole_id=parent.pole_id, title=f"Amendement n° {number} : {parent.title}"[:200], text=text,
                          kind=parent.kind, effect=new_effect, secret=parent.secret, actor=actor)
        child._amendment_tabled(
            amends=str(parent.id), number=number, passage=passage, wording=wording,
            effect_changed=effect is not None, motive=clean_text(motive, "motive", max_length=5000, required=False),
            member_id=str(member_id), base_text=digest(parent.text), base_effect=digest(parent.effect),
            actor=clean_actor(actor))
        return child

    @event("AmendmentTabled")
    def _amendment_tabled(self, amends: str, number: int, passage: str, wording: str, effect_changed: bool,
                          motive: str, member_id: str, base_text: str, base_effect: str, actor: str) -> None:
        self.amends = amends
        self.amendment = {"number": number, "passage": passage, "wording": wording, "effect_changed": effect_changed,
                          "motive": motive, "sponsors": [member_id], "base_text": base_text,
                          "base_effect": base_effect, "status": TABLED, "reason": None}

    def receive_amendment(self, amendment: "Proposal", *, actor: str) -> None:
        """Note an amendment tabled on this resolution (their order is the order they are voted in)."""
        self.check_amendable()
        self._amendment_received(amendment_id=str(amendment.id), actor=clean_actor(actor))

    @event("AmendmentReceived")
    def _amendment_received(self, amendment_id: str, actor: str) -> None:
        self.amendments = [*(self.amendments or []), amendment_id]

    def support_amendment(self, *, member_id: str, actor: str) -> None:
        """Another member co-sponsors a tabled amendment (the statutes may require several sponsors)."""
        state = self._amendment_in(TABLED)
        if self.status != DRAFT:
            raise DeliberationStateConflict("this amendment was withdrawn")
        if str(member_id) in state["sponsors"]:
            raise DeliberationStateConflict("this member already sponsors this amendment")
        self._amendment_supported(member_id=str(member_id), actor=clean_actor(actor))

    @event("AmendmentSupported")
    def _amendment_supported(self, member_id: str, actor: str) -> None:
        assert self.amendment is not None
        self.amendment = {**self.amendment, "sponsors": [*self.amendment["sponsors"], member_id]}

    def admit_amendment(self, *, reason: str, sponsors_required: int, actor: str) -> None:
        """The secretary (at an assembly, its chair) admits the amendment: it will be voted before the resolution."""
        state = self._amendment_in(TABLED)
        if self.status != DRAFT:
            raise DeliberationStateConflict("this amendment was withdrawn")
        if len(state["sponsors"]) < sponsors_required:
            raise DeliberationRuleBroken("the statutes require {required} members to table an amendment: this one "
                                         "has {count}", required=sponsors_required, count=len(state["sponsors"]))
        self._amendment_admitted(reason=clean_text(reason, "reason", max_length=2000, required=False),
                                 actor=clean_actor(actor))

    @event("AmendmentAdmitted")
    def _amendment_admitted(self, reason: str, actor: str) -> None:
        assert self.amendment is not None
        self.amendment = {**self.amendment, "status": ADMITTED, "reason": reason or None}

    def reject_amendment(self, *, reason: str, actor: str) -> None:
        """The secretary rejects the amendment, saying why (e.g. outside the agenda item, L225-105 al. 3)."""
        self._amendment_in(TABLED)
        if self.status != DRAFT:
            raise DeliberationStateConflict("this amendment was withdrawn")
        self._amendment_rejected(reason=clean_text(reason, "reason", max_length=2000), actor=clean_actor(actor))

    @event("AmendmentRejected")
    def _amendment_rejected(self, reason: str, actor: str) -> None:
        assert self.amendment is not None
        self.amendment = {**self.amendment, "status": REJECTED, "reason": reason}
        self.status = WITHDRAWN

    def rebase_amendment(self, parent: "Proposal", *, actor: str) -> bool:
        """Before its vote, fit an admitted amendment to the resolution as earlier adopted amendments left it.

        Returns False when it no longer applies (the passage is gone, or the decision it changes was changed):
        it then lapses, with the reason stated."""
        state = self._amendment_in(TABLED, ADMITTED)
        same_text = digest(parent.text) == state["base_text"]
        same_effect = digest(parent.effect) == state["base_effect"]
        if same_text and same_effect:
            return True
        if state["effect_changed"] and not same_effect:
            self._amendment_lapsed(reason=LAPSED_DECISION,
                                   actor=clean_actor(actor))
            return False
        try:
            text = amended_text(parent.text, state["passage"], state["wording"]) \
                if state["passage"] or state["wording"] else parent.text
        except DomainError:
            self._amendment_lapsed(reason=LAPSED_PASSAGE,
                                   actor=clean_actor(actor))
            return False
        self._amendment_rebased(text=text, effect=self.effect if state["effect_changed"] else parent.effect,
                                base_text=digest(parent.text), base_effect=digest(parent.effect),
                                actor=clean_actor(actor))
        return True

    @event("AmendmentRebased")
    def _amendment_rebased(self, text: str, effect: dict[str, Any] | None, base_text: str, base_effect: str,
                           actor: str) -> None:
        assert self.amendment is not None
        self.text, self.effect = text, effect
        self.amendment = {**self.amendment, "base_text": base_text, "base_effect": base_effect}

    @event("AmendmentLapsed")
    def _amendment_lapsed(self, reason: str, actor: str) -> None:
        assert self.amendment is not None
        self.amendment = {**self.amendment, "status": LAPSED, "reason": reason}
        self.status = WITHDRAWN

    def incorporate(self, amendment: "Proposal", *, actor: str) -> None:
        """An adopted amendment changes the text (and decision) put to the final vote; the events keep both."""
        if self.status != DRAFT or amendment.amends != str(self.id) or amendment.outcome != ADOPTED:
            raise DeliberationStateConflict("only an adopted amendment of a resolution not yet voted changes it")
        assert amendment.amendment is not None
        if digest(self.text) != amendment.amendment["base_text"] or \
                digest(self.effect) != amendment.amendment["base_effect"]:
            raise DeliberationStateConflict("the resolution changed since this amendment was voted on its text")
        self._amendment_incorporated(amendment_id=str(amendment.id), number=amendment.amendment["number"],
                                     text=amendment.text, effect=amendment.effect, actor=clean_actor(actor))

    @event("AmendmentIncorporated")
    def _amendment_incorporated(self, amendment_id: str, number: int, text: str, effect: dict[str, Any] | None,
                                actor: str) -> None:
        if self.original is None:
            self.original = {"text": self.text, "effect": self.effect}
        self.text, self.effect = text, effect

    def _amendment_in(self, *statuses: str) -> dict[str, Any]:
        if self.amendment is None:
            raise NotFound("this proposal is not an amendment")
        if self.amendment["status"] not in statuses:
            raise DeliberationStateConflict("this amendment is {status}", status=self.amendment["status"])
        return self.amendment

    def summarise_debate(self, *, summary: str, actor: str) -> None:
        """The secretary's summary of the debate, which the minutes state (R225-106, R223-24)."""
        if self.amends is not None:
            raise DeliberationRuleBroken("an amendment's debate is summarised with the resolution it amends")
        text = clean_text(summary, "summary of the debate", max_length=MAX_TEXT, required=False)
        if text == (self.debate_summary or ""):
            raise DeliberationStateConflict("the summary already reads so: nothing to change")
        self._debate_summarised(summary=text, actor=clean_actor(actor))

    @event("DebateSummarised")
    def _debate_summarised(self, summary: str, actor: str) -> None:
        self.debate_summary = summary or None

    # -- elections (issue 21; governance/election.py) ----------------------------------
    def set_up_election(self, *, seats: int, reserved: dict[str, int], statutes: Statutes, actor: str) -> None:
        """Make a draft the election of `seats` people, `reserved` of them per college; candidates come next."""
        self._check_draft_setup()
        if self.election is not None:
            raise ProposalStateConflict("this draft is already an election")
        if self.body != "assembly":
            raise ProposalRuleBroken("the board's members are elected by the general assembly (Code de commerce "
                                     "L225-18; loi n° 47-1775, art. 6)")
        if self.kind != "ordinary" or self.effect is not None:
            raise ProposalRuleBroken("an election is an ordinary resolution with no other effect (Code de commerce "
                                     "L225-18)")
        seats, reserved = check_seats(seats, reserved, statutes)
        self._election_set_up(seats=seats, reserved=reserved, actor=clean_actor(actor))

    @event("ElectionSetUp")
    def _election_set_up(self, seats: int, reserved: dict[str, int], actor: str) -> None:
        self.election = {"seats": seats, "reserved": dict(reserved), "candidates": []}

    def declare_candidate(self, *, member_id: str, name: str, college: str, declared_by: str, actor: str) -> None:
        """A member's candidacy (declared by the member, or recorded by the secretary), until voting opens."""
        self._check_draft_setup()
        if self.election is None:
            raise ProposalStateConflict("this proposal is not an election")
        if any(c["member_id"] == str(member_id) for c in self.election["candidates"]):
            raise ProposalStateConflict("'{name}' is already a candidate", name=name)
        if len(self.election["candidates"]) >= MAX_CANDIDATES:
            raise ProposalRuleBroken("an election has at most {maximum} candidates", maximum=MAX_CANDIDATES)
        if declared_by not in ("self", "secretary"):
            raise InvalidInput("a candidacy is declared by the member or recorded by the secretary")
        self._candidate_declared(member_id=str(member_id), name=clean_text(name, "candidate"), college=college or "",
                                 declared_by=declared_by, actor=clean_actor(actor))

    @event("CandidateDeclared")
    def _candidate_declared(self, member_id: str, name: str, college: str, declared_by: str, actor: str) -> None:
        assert self.election is not None
        candidate = {"member_id": member_id, "name": name, "college": college, "declared_by": declared_by}
        self.election = {**self.election, "candidates": [*self.election["candidates"], candidate]}

    def withdraw_candidacy(self, *, member_id: str, actor: str) -> None:
        """A candidacy is withdrawn until voting opens."""
        self._check_draft_setup()
        if self.election is None or not any(c["member_id"] == str(member_id) for c in self.election["candidates"]):
            raise ProposalStateConflict("this member is not a candidate in this election")
        self._candidacy_withdrawn(member_id=str(member_id), actor=clean_actor(actor))

    @event("CandidacyWithdrawn")
    def _candidacy_withdrawn(self, member_id: str, actor: str) -> None:
        assert self.election is not None
        self.election = {**self.election, "candidates": [c for c in self.election["candidates"]
                                                          if c["member_id"] != member_id]}

    def address_to_board(self, *, actor: str) -> None:
        """Make a draft a decision of the board: its members vote, one person one vote, with the board's quorum
        and majority (Code de commerce L225-37)."""
        self._check_draft_setup()
        if self.body == "board":
            raise ProposalStateConflict("this draft is already addressed to the board")
        if self.assembly_id is not None:
            raise ProposalStateConflict("this draft is on an assembly's agenda")
        if self.election is not None:
            raise ProposalRuleBroken("the board's members are elected by the general assembly (Code de commerce "
                                     "L225-18; loi n° 47-1775, art. 6)")
        if self.secret:
            raise ProposalRuleBroken("a board decision is not secret: the chair's vote decides a tie (Code de "
                                     "commerce L225-37)")
        if self.effect is not None and self.effect["type"] not in BOARD_EFFECTS:
            raise ProposalRuleBroken("the board decides admissions and exclusions only, where the statutes give "
                                     "them to it; statutes and strategy are the assembly's")
        self._addressed_to_board(actor=clean_actor(actor))

    @event("ProposalAddressedToBoard")
    def _addressed_to_board(self, actor: str) -> None:
        self.body = "board"

    def _check_draft_setup(self) -> None:
        if self.status != DRAFT:
            raise ProposalStateConflict("candidates and the deciding body are set before voting opens (this "
                                        "proposal is {status})", status=self.status)

    # -- opening: the one place the electorate, weights and rules are frozen ---------
    def open(self, *, closes_at: datetime, statutes_version: int, statutes: Statutes,
             electorate: dict[str, str], convocation: str = "first", actor: str,
             assembly: dict[str, Any] | None = None, chair: str | None = None) -> None:
        """Open voting until `closes_at`, freezing electorate, weights and rules into the proposal.

        An assembly resolution is opened by its assembly, which passes `assembly`: its id, the
        members attending (they alone vote and make the quorum) and the proxies in force.
        """
        if self.amendment is not None and self.amendment["status"] != ADMITTED:
            raise DeliberationStateConflict("an amendment is voted once the secretary admits it (this one is "
                                            "{status})", status=self.amendment["status"])
        if self.status != DRAFT:
            raise ProposalStateConflict("voting can only be opened on a draft (this proposal is {status})",
                                        status=self.status)
        if (assembly is None) != (self.assembly_id is None):
            raise ProposalStateConflict("this proposal is on an assembly's agenda: it is voted during the session")
        if not isinstance(closes_at, datetime) or closes_at.tzinfo is None:
            raise InvalidInput("the closing time must be a date and time with a timezone")
        if closes_at <= clock.now():
            raise VotingRuleBroken("the closing time must be in the future")
        if convocation not in CONVOCATIONS:
            raise InvalidInput("convocation must be one of {choices}", choices=", ".join(CONVOCATIONS))
        if not electorate:
            raise VotingStateConflict("no member is entitled to vote: admit members and assign them to colleges first")
        if self.election is not None:
            if statutes.board is None:
                raise ProposalRuleBroken("the statutes set up no board: say in the statutes how many seats it has, "
                                         "for how long, and how its members are elected")
            if not self.election["candidates"]:
                raise ProposalStateConflict("an election needs at least one candidate")
            check_seats(self.election["seats"], self.election["reserved"], statutes)
        if self.body == "board":
            if assembly is not None:
                raise ProposalStateConflict("a board decision is not voted in a general assembly")
            if statutes.board is None:
                raise ProposalRuleBroken("the statutes set up no board")
            self._board_voting_opened(closes_at=closes_at, statutes_version=statutes_version,
                                      rules=statutes.to_dict(), electorate=dict(electorate), chair=chair,
                                      actor=clean_actor(actor))
        elif assembly is None:
            self._opened(closes_at=closes_at, statutes_version=statutes_version, rules=statutes.to_dict(),
                         electorate=dict(electorate), convocation=convocation, actor=clean_actor(actor))
        else:
            self._opened_in_assembly(
                closes_at=closes_at, statutes_version=statutes_version, rules=statutes.to_dict(),
                electorate=dict(electorate), convocation=convocation, attendees=list(assembly["attendees"]),
                proxies=dict(assembly["proxies"]), actor=clean_actor(actor))

    @event("VotingOpened")
    def _opened(self, closes_at: datetime, statutes_version: int, rules: dict[str, Any],
                electorate: dict[str, str], convocation: str, actor: str) -> None:
        self._freeze(closes_at, statutes_version, rules, electorate, convocation)

    @event("VotingOpenedInAssembly")
    def _opened_in_assembly(self, closes_at: datetime, statutes_version: int, rules: dict[str, Any],
                            electorate: dict[str, str], convocation: str, attendees: list[str],
                            proxies: dict[str, str], actor: str) -> None:
        self._freeze(closes_at, statutes_version, rules, electorate, convocation)
        self.attendees = attendees
        self.proxies = {principal: {"holder": holder, "status": ACTIVE} for principal, holder in proxies.items()}

    @event("BoardVotingOpened")
    def _board_voting_opened(self, closes_at: datetime, statutes_version: int, rules: dict[str, Any],
                             electorate: dict[str, str], chair: str | None, actor: str) -> None:
        self._freeze(closes_at, statutes_version, rules, electorate, "first")
        self.chair = chair

    def _freeze(self, closes_at: datetime, statutes_version: int, rules: dict[str, Any],
                electorate: dict[str, str], convocation: str) -> None:
        self.status = OPEN
        self.closes_at, self.statutes_version, self.rules = closes_at, statutes_version, rules
        self.electorate, self.convocation = electorate, convocation

    @property
    def frozen_statutes(self) -> Statutes:
        if self.rules is None:
            raise ProposalStateConflict("voting has not opened: no rules are frozen yet")
        return Statutes.from_dict(self.rules)

    # -- ballots -----------------------------------------------------------------
    def cast_ballot(self, *, member_id: str, choice: str, actor: str, proxy_holder: str | None = None,
                    sealed: str | None = None) -> None:
        """Record a member's ballot (in person, or by `proxy_holder` using its proxy); the last one counts."""
        self._check_voting_open()
        member_id = self._elector(member_id)
        if self.election is not None:
            board = self.frozen_statutes.board
            assert board is not None
            check_ballot(board.election_method, choice, len(self.election["candidates"]), self.election["seats"],
                         len(board.grades))
        elif choice not in CHOICES:
            raise InvalidInput("a ballot is one of {choices}", choices=", ".join(CHOICES))
        if proxy_holder is not None:
            self._check_proxy_use(member_id, self._elector(proxy_holder))
        elif self.attendees is not None and member_id not in self.attendees:
            raise VotingStateConflict("this member was not recorded as taking part in the assembly when this "
                                      "resolution was put to the vote")
        elif self.attendees is not None and member_id in self.proxies:
            raise VotingStateConflict("this member is represented at the assembly: its proxy holder votes for it")
        if self.secret:
            if sealed is None:
                raise VotingStateConflict("a secret ballot must be sealed")
            self._secret_ballot_cast(member_id=member_id, sealed=sealed, proxy_holder=proxy_holder,
                                     actor=clean_actor(actor))
        else:
            self._ballot_cast(member_id=member_id, choice=choice, proxy_holder=proxy_holder,
                              actor=clean_actor(actor))

    @event("BallotCast")
    def _ballot_cast(self, member_id: str, choice: str, proxy_holder: str | None, actor: str) -> None:
        self._record_ballot(member_id, {"choice": choice, "proxy_holder": proxy_holder})

    @event("SecretBallotCast")
    def _secret_ballot_cast(self, member_id: str, sealed: str, proxy_holder: str | None, actor: str) -> None:
        self._record_ballot(member_id, {"sealed": sealed, "proxy_holder": proxy_holder})

    def _record_ballot(self, member_id: str, ballot: dict[str, Any]) -> None:
        self.ballots[member_id] = ballot
        proxy = self.proxies.get(member_id)
        if proxy and proxy["status"] == ACTIVE and ballot["proxy_holder"] == proxy["holder"]:
            self.proxies[member_id] = {**proxy, "status": USED}

    def has_voted(self, member_id: str) -> bool:
        return str(member_id) in self.ballots

    # -- proxies -----------------------------------------------------------------
    def grant_proxy(self, *, principal_id: str, holder_id: str, actor: str) -> None:
        """Give `principal_id`'s vote on this proposal to `holder_id`, within the statutes' caps."""
        self._check_voting_open()
        self._check_online_proxies()
        principal, holder = self._elector(principal_id), self._elector(holder_id)
        statutes = self.frozen_statutes
        check_not_to_itself(principal, holder)
        current = self.proxies.get(principal)
        if current and current["status"] in LIVE:
            raise ProxyStateConflict("this member has already given its proxy for this proposal: revoke it first")
        if self.voted_in_person(principal):
            raise ProxyStateConflict("this member has already voted in person")
        if self.body == "board":
            # R225-19: « Chaque administrateur ne peut disposer, au cours d'une même séance, que d'une seule des
            # procurations »; the board's proxies go to another administrator (the electorate is the board).
            statutes = replace(statutes, max_proxies_per_holder=1, proxy_same_college=False)
        check_proxy_grant(proxies=self.proxies, electorate=self.electorate, statutes=statutes, principal=principal,
                          holder=holder, live=LIVE)
        self._proxy_granted(principal_id=principal, holder_id=holder, actor=clean_actor(actor))

    @event("ProxyGranted")
    def _proxy_granted(self, principal_id: str, holder_id: str, actor: str) -> None:
        self.proxies[principal_id] = {"holder": holder_id, "status": ACTIVE}

    def revoke_proxy(self, *, principal_id: str, actor: str) -> None:
        """Revoke a proxy, possible until its holder has used it."""
        self._check_voting_open()
        self._check_online_proxies()
        principal = self._elector(principal_id)
        proxy = self.proxies.get(principal)
        if not proxy or proxy["status"] == REVOKED:
            raise ProxyStateConflict("this member has no proxy to revoke on this proposal")
        if proxy["status"] == USED:
            raise ProxyStateConflict("the proxy holder has already used it: it can no longer be revoked")
        self._proxy_revoked(principal_id=principal, holder_id=proxy["holder"], actor=clean_actor(actor))

    @event("ProxyRevoked")
    def _proxy_revoked(self, principal_id: str, holder_id: str, actor: str) -> None:
        self.proxies[principal_id] = {**self.proxies[principal_id], "status": REVOKED}

    # -- closing -----------------------------------------------------------------
    def count(self, unseal: Unseal | None = None, statutes: Statutes | None = None) -> Tally:
        """Tally the last ballots under the frozen rules, or under `statutes` for a simulation (pure)."""
        if self.status not in (OPEN, CLOSED):
            raise ProposalStateConflict("a {status} proposal has no tally", status=self.status)
        try:  # open ballots: every choice read at C speed (a proposal of 10,000 ballots is counted in ms)
            choices = list(map(_CHOICE, self.ballots.values()))
        except KeyError:  # sealed ballots
            choices = [self._choice(m, b, unseal) for m, b in self.ballots.items()]
        if self.election is not None:
            if statutes is not None:  # a simulation changes weights and rules, not the ballots' form: the frozen board
                statutes = replace(statutes, board=self.frozen_statutes.board)
            return count_election(statutes or self.frozen_statutes, self.election, self.convocation,
                                  self.electorate, list(self.ballots), choices, attendees=self.attendees)
        if self.body == "board":
            in_person = [b["proxy_holder"] is None for b in self.ballots.values()]
            return board_tally(statutes or self.frozen_statutes, self.electorate, list(self.ballots), choices,
                               in_person, chair=self.chair)
        return tally_ballots(statutes or self.frozen_statutes, self.kind, self.convocation, self.electorate,
                             list(self.ballots), choices, attendees=self.attendees)

    def close(self, *, actor: str, unseal: Unseal | None = None, automatic: bool = False,
              on_adopted: Callable[[Tally], str] | None = None) -> Tally:
        """Close voting and record tally and outcome; `on_adopted` applies the effect if adopted.

        `automatic` closes at the announced time (a scheduler acting after it has passed).
        """
        if self.status != OPEN:
            raise ProposalStateConflict("only an open vote can be closed (this proposal is {status})",
                                        status=self.status)
        assert self.closes_at is not None
        if automatic and clock.now() < self.closes_at:
            raise VotingStateConflict("the closing time has not passed yet")
        result = self.count(unseal)
        effect_result = "none"
        if result.outcome in (ADOPTED, ELECTED) and on_adopted is not None:
            effect_result = on_adopted(result)
        self._closed(tally=result.to_dict(), outcome=result.outcome, automatic=bool(automatic),
                     closed_at=self.closes_at if automatic else clock.now(), effect_result=effect_result,
                     actor=clean_actor(actor))
        return result

    @event("VotingClosed")
    def _closed(self, tally: dict[str, Any], outcome: str, automatic: bool, closed_at: datetime,
                effect_result: str, actor: str) -> None:
        self.status = CLOSED
        self.tally = tally

    @property
    def outcome(self) -> str | None:
        return self.tally["outcome"] if self.tally else None

    # -- guards ------------------------------------------------------------------
    def _check_voting_open(self) -> None:
        if self.status != OPEN:
            raise ProposalStateConflict("voting is not open (this proposal is {status})", status=self.status)
        assert self.closes_at is not None
        if clock.now() >= self.closes_at:
            raise VotingStateConflict("voting closed at {closed_at} UTC", closed_at=f"{self.closes_at:%Y-%m-%d %H:%M}")

    def _check_online_proxies(self) -> None:
        """An assembly resolution's proxies are the assembly's, frozen when it was put to the vote."""
        if self.attendees is not None:
            raise ProxyRuleBroken("this resolution is voted in a general assembly: its proxies are the "
                                  "assembly's, frozen when it was put to the vote")

    def _elector(self, member_id: str | UUID) -> str:
        key = str(member_id)
        if key not in self.electorate:
            raise VotingRuleBroken(
                "this member is not in the electorate frozen when voting opened")
        return key

    def voted_in_person(self, member_id: str) -> bool:
        """Whether the member cast its own ballot (which overrides any proxy it gave)."""
        ballot = self.ballots.get(member_id)
        return ballot is not None and ballot["proxy_holder"] is None

    def _check_proxy_use(self, principal: str, holder: str) -> None:
        proxy = self.proxies.get(principal)
        if not proxy or proxy["holder"] != holder or proxy["status"] == REVOKED:
            raise ProxyRuleBroken("this member holds no proxy from that member on this proposal")
        if self.voted_in_person(principal):
            raise ProxyStateConflict("the principal has voted in person, which overrides its proxy")

    def _choice(self, member_id: str, ballot: dict[str, Any], unseal: Unseal | None) -> str:
        if "choice" in ballot:
            return str(ballot["choice"])
        if unseal is None:
            raise NotFound("secret ballots need the instance's ballot key to be counted")
        return unseal(str(self.id), member_id, ballot["sealed"])


MAX_CANDIDATES = 60  # one character per candidate in a ballot; a sealed ballot stays a few blocks long
BOARD_EFFECTS = ("admit_member", "exclude_member")


def check_seats(seats: object, reserved: object, statutes: Statutes) -> tuple[int, dict[str, int]]:
    """The seats an election fills and those reserved per college, within the statutes' board."""
    board = statutes.board
    if board is None:
        raise ProposalRuleBroken("the statutes set up no board: say in the statutes how many seats it has, for how "
                                 "long, and how its members are elected")
    number = _whole_seats(seats)
    if not isinstance(reserved, dict) and reserved is not None:
        raise InvalidInput("the seats to fill are whole numbers")
    reserved_seats = {str(code): n for code, n in ((code, _whole_seats(v)) for code, v in (reserved or {}).items())
                      if n}
    if not 1 <= number <= board.seats:
        raise ProposalRuleBroken("an election fills 1 to {seats} seats, the board's seats in the statutes",
                                 seats=board.seats)
    for code, n in reserved_seats.items():
        if not statutes.has_college(code):
            raise ProposalRuleBroken("the statutes define no college '{college}'", college=code)
        if n < 0:
            raise InvalidInput("the seats to fill are whole numbers")
    if sum(reserved_seats.values()) > number:
        raise ProposalRuleBroken("{reserved} seats are reserved to colleges, more than the {seats} seats to fill",
                                 reserved=sum(reserved_seats.values()), seats=number)
    return number, reserved_seats


def _whole_seats(value: object) -> int:
    """A number of seats: a whole number (an int, or digits), nothing else (no bool, fraction, infinity)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 6:
        return int(value.strip())
    raise InvalidInput("the seats to fill are whole numbers")


def _check_kind(kind: str) -> str:
    if kind not in RESOLUTION_KINDS:
        raise InvalidInput("resolution kind must be one of {choices}", choices=", ".join(RESOLUTION_KINDS))
    return kind
