"""The Pole aggregate: identity, versioned statutes and shared strategy, and the members.

Members live inside the pole so that the electorate frozen when a vote opens is read
from one consistent state. Nothing is ever deleted: a member's life is the sequence of
requested → admitted / refused → assigned → withdrawn / excluded facts.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Iterable, Sequence
from uuid import UUID, uuid4

from eventsourcing.domain import event

from governance.base import MAX_TEXT, GovernanceAggregate, clean_actor, clean_text, folded
from governance.errors import (CapitalRuleBroken, CapitalStateConflict, InvalidInput, MembershipRuleBroken, MembershipStateConflict, NotFound,
                               StatutesRuleBroken)
from governance import clock
from governance import capital as register_rules
from governance.board import ACTIVE as ACTIVE_MANDATE, END_REASONS, ENDED as ENDED_MANDATE, add_years, board_on, holds_seat_on
from governance.convocation import (CONSENT_CHANNELS, GIVEN, IDENTITY_FIELDS, WITHDRAWN_ENTRY, is_sa, paris_day)
from governance.capital import euros
from governance.numbers import percent
from governance.statutes import (LEGAL_BOARD_QUORUM, money, MAX_TERM_YEARS, SA_MAX_SEATS, SA_MIN_SEATS, Statutes,
                                 check_statutes)

# Loi n° 2014-856 du 31 juillet 2014, art. 9: who may be a member of a PTCE.
MEMBER_KINDS = ("ess_enterprise", "company", "local_authority", "research",
                "higher_education", "training", "person", "other")
# Loi n° 47-1775 art. 27 al. 2: a cooperative SA's minimum capital is half the SA's (Code de commerce L224-2:
# 37 000 €), 18 500 €; its variable capital's floor cannot be lower (docs/capital-law.md §2).
SA_MIN_CAPITAL = Decimal("18500.00")
REQUESTED, ADMITTED, REFUSED, WITHDRAWN, EXCLUDED = "requested", "admitted", "refused", "withdrawn", "excluded"


class Pole(GovernanceAggregate):
    """A PTCE or SCIC-style pole and its governance state."""

    # The board's mandates (issue 21), set by later events only: a pole recorded before has none. Never mutated in
    # place: every change assigns a new list (GovernanceAggregate's copy convention).
    mandates = ()  # type: Sequence[dict[str, Any]]
    # The capital register's movements (issue 22), numbered from 1 in the order recorded; likewise never mutated.
    capital_movements = ()  # type: Sequence[dict[str, Any]]
    # The regional networks the pole joined by decision (issue 24): network id → what it shares. Likewise never
    # mutated in place.
    networks = {}  # type: dict[str, dict[str, Any]]

    @classmethod
    def found(cls, *, name: str, territory: str, legal_form: str, statutes: dict[str, Any],
              strategy: str = "", founders: Sequence[dict[str, Any]] = (), actor: str) -> "Pole":
        """Found a pole with its initial statutes (version 1) and its founding members.

        Founders are admitted by the founding statutes themselves, whatever body the
        statutes name for later admissions. Refuses statutes or founders breaking a rule.
        """
        parsed = Statutes.from_dict(statutes)
        check_statutes(parsed)
        legal_form = clean_text(legal_form, "legal form")
        check_legal_form_rules(parsed, legal_form)
        pole = cls(name=clean_text(name, "name"), territory=clean_text(territory, "territory"),
                   legal_form=legal_form, statutes=parsed.to_dict(),
                   strategy=clean_text(strategy, "shared strategy", max_length=MAX_TEXT, required=False),
                   actor=clean_actor(actor))
        if not isinstance(founders, (list, tuple)) or not all(isinstance(f, dict) for f in founders):
            raise InvalidInput("each founding member is described by its name, kind, category and college")
        for founder in founders:
            member_id = founder.get("member_id") or uuid4()
            pole.request_membership(member_id=member_id, name=founder.get("name", ""), kind=founder.get("kind", ""),
                                    category=founder.get("category", ""),
                                    representative=founder.get("representative", ""), actor=actor)
            pole._admitted(member_id=str(member_id), decision="founding statutes", proposal_id=None, actor=actor)
            if founder.get("college"):
                pole.assign_college(member_id=member_id, college=founder["college"], reason="founding member",
                                    actor=actor)
        return pole

    @event("PoleFounded")
    def __init__(self, name: str, territory: str, legal_form: str, statutes: dict[str, Any],
                 strategy: str, actor: str) -> None:
        self.name = name
        self.territory = territory
        self.legal_form = legal_form
        self.statutes_versions: list[dict[str, Any]] = [
            {"version": 1, "statutes": statutes, "decision_id": None}]
        self.strategy_versions: list[dict[str, Any]] = []
        if strategy:
            self.strategy_versions.append({"version": 1, "text": strategy, "decision_id": None,
                                           "proposed_by": actor})
        self.members: dict[str, dict[str, Any]] = {}

    # -- reading ----------------------------------------------------------------
    @property
    def statutes(self) -> Statutes:
        """The statutes in force."""
        return Statutes.from_dict(self.statutes_versions[-1]["statutes"])

    @property
    def statutes_version(self) -> int:
        return int(self.statutes_versions[-1]["version"])

    @property
    def strategy_version(self) -> int:
        return len(self.strategy_versions)

    def is_admitted(self, member_id: UUID | str) -> bool:
        member = self.members.get(str(member_id))
        return member is not None and member["status"] == ADMITTED

    def member(self, member_id: UUID | str) -> dict[str, Any]:
        """A member's current state, or NotFound."""
        try:
            return self.members[str(member_id)]
        except KeyError:
            raise NotFound("no member {member} in pole '{pole}'", member=str(member_id), pole=self.name) from None

    def electorate(self) -> dict[str, str]:
        """Members entitled to vote now, with their college ('' when the pole has no colleges)."""
        statutes = self.statutes
        result = {}
        for member_id, m in self.members.items():
            if m["status"] != ADMITTED:
                continue
            if statutes.is_weighted and not m["college"]:
                continue
            result[member_id] = m["college"] or ""
        return result

    # -- membership commands -----------------------------------------------------
    def request_membership(self, *, member_id: UUID, name: str, kind: str, category: str,
                           representative: str, actor: str) -> None:
        """Record a request to join; a refused or withdrawn member may ask again."""
        if kind not in MEMBER_KINDS:
            raise InvalidInput("member kind '{kind}' is not one of {choices} (loi 2014-856, art. 9)",
                               kind=kind, choices=", ".join(MEMBER_KINDS))
        existing = self.members.get(str(member_id))
        if existing and existing["status"] not in (REFUSED, WITHDRAWN):
            raise MembershipStateConflict("'{name}' is already {status}", name=existing["name"],
                                          status=existing["status"])
        name = clean_text(name, "member name")
        representative = clean_text(representative, "representative", required=kind != "person") or name
        category = clean_text(category, "category", max_length=60)
        if existing and existing["category"] != category and self.capital_register().holding(str(member_id)).shares:
            # Its shares, waiting for their refund, count in the category they were subscribed in (the public cap).
            raise MembershipRuleBroken(
                "'{name}' still holds shares in category '{category}' until they are refunded: it asks again in that "
                "category", name=existing["name"], category=existing["category"])
        listed = self.statutes.categories  # statutes that list none (recorded before the list) accept any
        if listed and category not in listed:
            raise MembershipRuleBroken("category '{category}' is not one the statutes list ({choices})",
                                       category=category, choices=", ".join(listed))
        self._membership_requested(member_id=str(member_id), name=name, kind=kind, category=category,
                                   representative=representative, actor=clean_actor(actor))

    @event("MembershipRequested")
    def _membership_requested(self, member_id: str, name: str, kind: str, category: str,
                              representative: str, actor: str) -> None:
        self.members[member_id] = {"name": name, "kind": kind, "category": category,
                                   "representative": representative, "status": REQUESTED, "college": None}

    def admit(self, *, member_id: UUID | str, decision: str, actor: str,
              by_proposal: UUID | None = None) -> None:
        """Admit a requested member, by the body the statutes name (board, or an assembly vote)."""
        self._requested(member_id)
        if self._needs_assembly_vote("admission_by", by_proposal):
            raise MembershipRuleBroken(
                "the statutes say members are admitted by an assembly vote: draft a proposal instead")
        decision = clean_text(decision, "decision", max_length=500)
        if self._awaits_subscription(member_id):
            # « L'admission prend effet à la souscription du minimum de parts » (the statutes): the decision is
            # recorded now, the admission when the minimum subscription is (`subscribe`).
            if self.member(member_id).get("approved"):
                raise MembershipStateConflict("'{name}' is already approved and awaits the minimum subscription",
                                              name=self.member(member_id)["name"])
            self._admission_approved(member_id=str(member_id), decision=decision,
                                     proposal_id=None if by_proposal is None else str(by_proposal),
                                     actor=clean_actor(actor))
            return
        self._admitted(member_id=str(member_id), decision=decision, proposal_id=by_proposal, actor=clean_actor(actor))

    def _awaits_subscription(self, member_id: UUID | str) -> bool:
        capital = self.statutes.capital
        if capital is None or not capital.admission_on_subscription:
            return False
        member = self.member(member_id)
        # Shares already asked back (a member who left and asks again) wait for their refund: they do not count.
        holding = register_rules.replay(self.capital_movements).holding(str(member_id))
        return holding.shares - holding.pending < capital.minimum_for(member["category"])

    @event("AdmissionApproved")
    def _admission_approved(self, member_id: str, decision: str, proposal_id: str | None, actor: str) -> None:
        self._update_member(member_id, approved={"decision": decision, "proposal_id": proposal_id})

    @event("MemberAdmitted")
    def _admitted(self, member_id: str, decision: str, proposal_id: UUID | None, actor: str) -> None:
        self._update_member(member_id, status=ADMITTED)
        if "approved" in self.members[member_id]:
            self.members[member_id] = {k: v for k, v in self.members[member_id].items() if k != "approved"}

    def refuse(self, *, member_id: UUID | str, decision: str, reasons: str, actor: str,
               by_proposal: UUID | None = None) -> None:
        """Refuse a membership request, with the decision and its reasons."""
        self._requested(member_id)
        if self._needs_assembly_vote("admission_by", by_proposal):
            raise MembershipRuleBroken(
                "the statutes say members are refused by an assembly vote: draft a proposal instead")
        self._refused(member_id=str(member_id), decision=clean_text(decision, "decision", max_length=500),
                      reasons=clean_text(reasons, "reasons", max_length=5000), proposal_id=by_proposal,
                      actor=clean_actor(actor))

    @event("MembershipRefused")
    def _refused(self, member_id: str, decision: str, reasons: str, proposal_id: UUID | None, actor: str) -> None:
        self._update_member(member_id, status=REFUSED)

    def assign_college(self, *, member_id: UUID | str, college: str, reason: str, actor: str) -> None:
        """Assign or reassign an admitted member to a college of the statutes in force."""
        member = self._admitted_member(member_id)
        statutes = self.statutes
        if not statutes.has_college(college):
            raise StatutesRuleBroken("the statutes in force define no college '{college}'", college=college)
        if member["college"] == college:
            raise MembershipStateConflict("'{name}' is already in college '{college}'",
                                          name=member["name"], college=statutes.college(college).name)
        self._assigned(member_id=str(member_id), college=college, previous=member["college"],
                       reason=clean_text(reason, "reason", max_length=1000), actor=clean_actor(actor))

    @event("MemberAssignedToCollege")
    def _assigned(self, member_id: str, college: str | None, previous: str | None, reason: str, actor: str) -> None:
        self._update_member(member_id, college=college)

    def withdraw(self, *, member_id: UUID | str, reason: str, actor: str) -> None:
        """Record a member's withdrawal (dated by the event)."""
        self._admitted_member(member_id)
        reason = clean_text(reason, "reason", max_length=1000, required=False)
        self._withdrew(member_id=str(member_id), reason=reason, actor=clean_actor(actor))
        self._end_member_mandates(str(member_id), actor)
        # The refund request says why, in the member's words (a register line holds 500 characters).
        self._open_refund(str(member_id), reason="withdrawal", decision=reason if len(reason) <= 500
                          else reason[:499] + "…", proposal_id=None, actor=actor)

    @event("MemberWithdrew")
    def _withdrew(self, member_id: str, reason: str, actor: str) -> None:
        self._update_member(member_id, status=WITHDRAWN, college=None)

    def exclude(self, *, member_id: UUID | str, reasons: str, decision: str, actor: str,
                by_proposal: UUID | None = None) -> None:
        """Exclude a member with stated reasons, by the body the statutes name."""
        self._admitted_member(member_id)
        if self._needs_assembly_vote("exclusion_by", by_proposal):
            raise MembershipRuleBroken(
                "the statutes say members are excluded by an assembly vote: draft a proposal instead")
        decision = clean_text(decision, "decision", max_length=500)
        self._excluded(member_id=str(member_id), reasons=clean_text(reasons, "reasons", max_length=5000),
                       decision=decision, proposal_id=by_proposal, actor=clean_actor(actor))
        self._end_member_mandates(str(member_id), actor)
        self._open_refund(str(member_id), reason="exclusion", decision=decision,
                          proposal_id=None if by_proposal is None else str(by_proposal), actor=actor)

    @event("MemberExcluded")
    def _excluded(self, member_id: str, reasons: str, decision: str, proposal_id: UUID | None, actor: str) -> None:
        self._update_member(member_id, status=EXCLUDED, college=None)

    # -- statutes and strategy (only through adopted resolutions) -----------------
    def amend_statutes(self, *, statutes: dict[str, Any], proposal_id: UUID, actor: str) -> None:
        """Make adopted statutes the new version; members of dissolved colleges lose their college."""
        parsed = Statutes.from_dict(statutes)
        check_statutes(parsed, adopted=True)  # voted already: the rules it was voted under
        check_legal_form_rules(parsed, self.legal_form)
        self._statutes_amended(version=self.statutes_version + 1, statutes=parsed.to_dict(),
                               proposal_id=proposal_id, actor=clean_actor(actor))
        for member_id, m in list(self.members.items()):
            if m["college"] and not parsed.has_college(m["college"]):
                self._assigned(member_id=member_id, college=None, previous=m["college"],
                               reason=f"college dissolved by statutes v{self.statutes_version}", actor=actor)

    @event("StatutesAmended")
    def _statutes_amended(self, version: int, statutes: dict[str, Any], proposal_id: UUID, actor: str) -> None:
        self.statutes_versions.append({"version": version, "statutes": statutes,
                                       "decision_id": str(proposal_id)})

    def revise_strategy(self, *, text: str, proposed_by: str, proposal_id: UUID, actor: str) -> None:
        """Make an adopted strategy revision the new version."""
        self._strategy_revised(version=self.strategy_version + 1,
                               text=clean_text(text, "shared strategy", max_length=MAX_TEXT),
                               proposed_by=proposed_by, proposal_id=proposal_id, actor=clean_actor(actor))

    @event("StrategyRevised")
    def _strategy_revised(self, version: int, text: str, proposed_by: str, proposal_id: UUID, actor: str) -> None:
        self.strategy_versions.append({"version": version, "text": text, "decision_id": str(proposal_id),
                                       "proposed_by": proposed_by})

    # -- regional networks (issue 24; docs/referentiel.md) -----------------------------
    def join_network(self, *, network_id: str, shares: Sequence[str], proposal_id: UUID | str, actor: str) -> None:
        """Join a regional network (or change what the pole shares with it), as a decision of the pole."""
        self._network_joined(network_id=str(network_id), shares=sorted(set(shares)), proposal_id=str(proposal_id),
                             on=clock.today().isoformat(), actor=clean_actor(actor))

    @event("NetworkJoined")
    def _network_joined(self, network_id: str, shares: list[str], proposal_id: str, on: str, actor: str) -> None:
        self.networks = {**self.networks, network_id: {"shares": shares, "decision_id": proposal_id, "since": on}}

    def leave_network(self, *, network_id: str, proposal_id: UUID | str, actor: str) -> None:
        if str(network_id) not in self.networks:
            raise MembershipStateConflict("the pole is not in this network")
        self._network_left(network_id=str(network_id), proposal_id=str(proposal_id), actor=clean_actor(actor))

    @event("NetworkLeft")
    def _network_left(self, network_id: str, proposal_id: str, actor: str) -> None:
        self.networks = {k: v for k, v in self.networks.items() if k != network_id}

    # -- the board's mandates (issue 21; governance/board.py) --------------------------
    def mandate(self, mandate_id: str) -> dict[str, Any]:
        for mandate in self.mandates:
            if mandate["id"] == str(mandate_id):
                return mandate
        raise NotFound("no mandate {mandate} in pole '{pole}'", mandate=str(mandate_id), pole=self.name)

    def board_on(self, day: date) -> list[dict[str, Any]]:
        """The members of the board on `day` (their mandates)."""
        return [dict(m) for m in board_on(self.mandates, day)]

    def board_electorate(self, day: date) -> dict[str, str]:
        """The board's members on `day` who are still admitted members: they vote on the board's decisions."""
        return {m["member_id"]: "" for m in board_on(self.mandates, day) if self.is_admitted(m["member_id"])}

    def chair_on(self, day: date) -> str | None:
        """The member holding the chair (the statutes' first officer role) on `day`, if any."""
        role = self.statutes.board.chair_role if self.statutes.board else None
        return next((m["member_id"] for m in board_on(self.mandates, day) if role and m.get("officer") == role), None)

    def start_mandates(self, *, elected: Sequence[dict[str, Any]], on: date, proposal_id: UUID | str,
                       actor: str) -> None:
        """The mandates of the people an election chose, from `on` for the statutes' term. First, R225-15: the
        mandates whose term ends in the year of this assembly end at its close (« Les fonctions ... prennent fin à
        l'issue de la réunion de l'assemblée générale ordinaire ... tenue dans l'année au cours de laquelle expire
        le mandat »), and a re-elected member's current mandate ends where the new one starts."""
        board = self.statutes.board
        if board is None:
            raise StatutesRuleBroken("the statutes set up no board")
        chosen = {str(e["member_id"]) for e in elected}
        ending = [m for m in self.mandates if holds_seat_on(m, on) and (
            date.fromisoformat(m["ends_on"]).year == on.year or m["member_id"] in chosen)]
        active = len(board_on(self.mandates, on)) - len(ending)
        if active + len(elected) > board.seats:  # checked before any event: a refusal leaves none
            raise MembershipRuleBroken(
                "the board has {seats} seats: {active} are held and {elected} people were elected",
                seats=board.seats, active=active, elected=len(elected))
        for mandate in ending:
            self._mandate_ended(mandate_id=mandate["id"], on=on.isoformat(), reason="term",
                                decision=f"election {proposal_id}", actor=clean_actor(actor))
        for person in elected:
            self._mandate_started(
                mandate_id=str(uuid4()), member_id=str(person["member_id"]), name=person["name"],
                college=person.get("college") or "", seat=person["seat"], starts_on=on.isoformat(),
                ends_on=add_years(on, board.term_years).isoformat(), by="election", proposal_id=str(proposal_id),
                replaces=None, actor=clean_actor(actor))

    def coopt(self, *, member_id: UUID | str, replaces: str, on: date, decision: str, actor: str) -> str:
        """Code de commerce L225-24: after a death or a resignation, the board appoints a member to the vacant seat
        for the rest of the predecessor's term; the next ordinary assembly ratifies it."""
        member = self._admitted_member(member_id)
        previous = self.mandate(replaces)
        if previous.get("end_reason") not in ("resignation", "death"):
            raise MembershipRuleBroken("the board co-opts a member only to a seat left vacant by a death or a "
                                       "resignation (Code de commerce L225-24)")
        if any(m.get("replaces") == previous["id"] for m in self.mandates):
            raise MembershipStateConflict("this seat has already been filled by co-optation")
        if any(holds_seat_on(m, on) and m["member_id"] == str(member_id) for m in self.mandates):
            raise MembershipStateConflict("'{name}' already holds a seat on the board", name=member["name"])
        if on > date.fromisoformat(previous["ends_on"]) or on < date.fromisoformat(previous["ended_on"]):
            raise MembershipRuleBroken("a co-opted member sits from the vacancy to the end of the predecessor's term")
        board = self.statutes.board
        if board is not None and len(board_on(self.mandates, on)) >= board.seats:
            raise MembershipStateConflict("the board's {seats} seats are all held on that day: the vacancy has been "
                                          "filled", seats=board.seats)
        mandate_id = str(uuid4())
        self._mandate_started(
            mandate_id=mandate_id, member_id=str(member_id), name=member["representative"] or member["name"],
            college=member["college"] or "", seat=previous["seat"], starts_on=on.isoformat(),
            ends_on=previous["ends_on"], by="cooptation", proposal_id=clean_text(decision, "decision", max_length=500),
            replaces=previous["id"], actor=clean_actor(actor))
        return mandate_id

    @event("MandateStarted")
    def _mandate_started(self, mandate_id: str, member_id: str, name: str, college: str, seat: str, starts_on: str,
                         ends_on: str, by: str, proposal_id: str, replaces: str | None, actor: str) -> None:
        self.mandates = [*self.mandates, {
            "id": mandate_id, "member_id": member_id, "name": name, "college": college, "seat": seat,
            "starts_on": starts_on, "ends_on": ends_on, "by": by, "proposal_id": proposal_id, "replaces": replaces,
            "ratified": None if by == "election" else False, "status": ACTIVE_MANDATE, "ended_on": None,
            "end_reason": None, "officer": None}]

    def end_mandate(self, *, mandate_id: str, on: date, reason: str, decision: str, actor: str) -> None:
        """A mandate ends by resignation, removal by the ordinary assembly (L225-18: « Ils peuvent être révoqués à
        tout moment par l'assemblée générale ordinaire »), death, or its term."""
        mandate = self.mandate(mandate_id)
        if reason not in END_REASONS:
            raise InvalidInput("a mandate ends by {choices}", choices=", ".join(END_REASONS))
        if mandate["status"] != ACTIVE_MANDATE:
            raise MembershipStateConflict("this mandate has already ended")
        if on < date.fromisoformat(mandate["starts_on"]):
            raise MembershipRuleBroken("a mandate cannot end before it starts")
        self._mandate_ended(mandate_id=mandate["id"], on=on.isoformat(), reason=reason,
                            decision=clean_text(decision, "decision", max_length=500), actor=clean_actor(actor))

    def expire_mandates(self, *, today: date, actor: str, awaiting: Iterable[int] = ()) -> int:
        """Record the end of every mandate whose term has passed (the day after its last day), except those expiring
        in a year whose ordinary assembly is `awaiting` (R225-15: they end at its close, `end_terms_at_assembly`)."""
        waiting = {int(year) for year in awaiting}
        due = [m for m in self.mandates if m["status"] == ACTIVE_MANDATE and date.fromisoformat(m["ends_on"]) < today
               and date.fromisoformat(m["ends_on"]).year not in waiting]
        for mandate in due:
            self._mandate_ended(mandate_id=mandate["id"],
                                on=(date.fromisoformat(mandate["ends_on"]) + timedelta(days=1)).isoformat(),
                                reason="term", decision="", actor=clean_actor(actor))
        return len(due)

    def end_terms_at_assembly(self, *, on: date, assembly_id: UUID | str, actor: str) -> int:
        """R225-15: at the close of the ordinary assembly held on `on`, the mandates whose term expires that year
        end; how many ended."""
        due = [m for m in self.mandates if m["status"] == ACTIVE_MANDATE
               and date.fromisoformat(m["ends_on"]).year == on.year and date.fromisoformat(m["starts_on"]) < on]
        for mandate in due:
            self._mandate_ended(mandate_id=mandate["id"], on=on.isoformat(), reason="term",
                                decision=f"assembly {assembly_id}", actor=clean_actor(actor))
        return len(due)

    @event("MandateEnded")
    def _mandate_ended(self, mandate_id: str, on: str, reason: str, decision: str, actor: str) -> None:
        self._update_mandate(mandate_id, status=ENDED_MANDATE, ended_on=on, end_reason=reason, officer=None)

    def ratify_cooptation(self, *, mandate_id: str, proposal_id: UUID | str, actor: str) -> None:
        """L225-24: the next ordinary assembly ratifies the co-optation."""
        mandate = self.mandate(mandate_id)
        if mandate["by"] != "cooptation" or mandate["ratified"]:
            raise MembershipStateConflict("this mandate is not a co-optation waiting for ratification")
        self._cooptation_ratified(mandate_id=mandate["id"], proposal_id=str(proposal_id), actor=clean_actor(actor))

    @event("CooptationRatified")
    def _cooptation_ratified(self, mandate_id: str, proposal_id: str, actor: str) -> None:
        self._update_mandate(mandate_id, ratified=True)

    def appoint_officer(self, *, mandate_id: str, role: str, decision: str, actor: str) -> None:
        """The board elects its officers among its members (L225-47 for the chair: « Le conseil d'administration
        élit parmi ses membres un président qui est, à peine de nullité de la nomination, une personne physique »);
        the role's previous holder loses it."""
        board = self.statutes.board
        role = clean_text(role, "officer role", max_length=60)
        if board is None or role not in board.officers:
            raise MembershipRuleBroken("the statutes name no officer role '{role}'", role=role)
        mandate = self.mandate(mandate_id)
        if mandate["status"] != ACTIVE_MANDATE:
            raise MembershipStateConflict("only a member of the board in office holds an officer role")
        if mandate.get("officer") == role:
            raise MembershipStateConflict("'{name}' already holds this role", name=mandate["name"])
        self._officer_appointed(mandate_id=mandate["id"], role=role,
                                decision=clean_text(decision, "decision", max_length=500), actor=clean_actor(actor))

    @event("OfficerAppointed")
    def _officer_appointed(self, mandate_id: str, role: str, decision: str, actor: str) -> None:
        self.mandates = [{**m, "officer": None} if m.get("officer") == role and m["id"] != mandate_id else m
                         for m in self.mandates]
        self._update_mandate(mandate_id, officer=role)

    def _update_mandate(self, mandate_id: str, **changes: Any) -> None:
        self.mandates = [{**m, **changes} if m["id"] == mandate_id else m for m in self.mandates]

    def _end_member_mandates(self, member_id: str, actor: str) -> None:
        """A member who leaves the pole loses its seat the same day (loss of membership)."""
        today = paris_day(clock.now())
        for mandate in self.mandates:
            if mandate["member_id"] == member_id and mandate["status"] == ACTIVE_MANDATE:
                self._mandate_ended(mandate_id=mandate["id"], on=today.isoformat(), reason="membership_lost",
                                    decision="", actor=clean_actor(actor))

    # -- the capital register (issue 22; governance/capital.py, docs/capital.md) ----------------------------------
    @property
    def capital_settings(self) -> "register_rules.Capital":
        capital = self.statutes.capital
        if capital is None:
            raise CapitalRuleBroken("the statutes in force keep no capital register: amend them to set the share's "
                                    "value and the capital's rules")
        return capital

    def capital_register(self) -> "register_rules.Register":
        return register_rules.replay(self.capital_movements)

    def subscribe(self, *, member_id: UUID | str, shares: int, paid: Any, on: date, decision: str, actor: str,
                  proposal_id: UUID | str | None = None) -> int:
        """Record a subscription of `shares` shares approved by the body the statutes name (`decision`), `paid`
        euros of it paid at once; returns its number in the register. With `admission_on_subscription`, the
        subscription reaching an approved applicant's minimum makes its admission take effect."""
        capital = self.capital_settings
        member = self.member(member_id)
        member_id = str(member_id)
        if member["status"] != ADMITTED and not (member["status"] == REQUESTED and member.get("approved")):
            raise CapitalStateConflict(
                "'{name}' is {status}: shares are subscribed by an associate, or by an applicant whose admission "
                "was approved", name=member["name"], status=member["status"])
        shares = _shares(shares)
        amount = shares * capital.share_value
        paid = money(paid, "the amount paid")
        if paid > amount:
            raise CapitalRuleBroken("{paid} € paid is more than the {amount} € subscribed", paid=euros(paid),
                                    amount=euros(amount))
        least = (amount * capital.paid_at_subscription.numerator / capital.paid_at_subscription.denominator
                 ).quantize(register_rules.CENT, rounding="ROUND_CEILING")
        if paid < least:
            raise CapitalRuleBroken(
                "the statutes ask {share} of a subscription to be paid at once: at least {least} € of {amount} €",
                share=percent(capital.paid_at_subscription, 0), least=euros(least), amount=euros(amount))
        before = self.capital_register()
        minimum = capital.minimum_for(member["category"])
        kept = before.holding(member_id).shares - before.holding(member_id).pending + shares
        if kept < minimum:
            raise CapitalRuleBroken(
                "an associate of category '{category}' holds at least {minimum} share(s) (the statutes): {shares} "
                "subscribed is not enough", category=member["category"], minimum=minimum, shares=kept)
        movement = self._movement(register_rules.SUBSCRIPTION, member_id=member_id, shares=shares, amount=amount,
                                  paid=paid, on=on, decision=clean_text(decision, "decision", max_length=500),
                                  proposal_id=None if proposal_id is None else str(proposal_id),
                                  approved_by=capital.approval_by)
        self._check_after(before, movement, what="subscription")
        approval = self.members[member_id].get("approved")
        admits = bool(approval) and kept >= minimum
        if admits:  # the register's line says so; the admission keeps the approving body's own decision
            movement["admits"] = True
        self._shares_subscribed(movement=movement, actor=clean_actor(actor))
        if admits:
            self._admitted(member_id=member_id, decision=approval["decision"],
                           proposal_id=approval.get("proposal_id"), actor=clean_actor(actor))
        return movement["number"]

    def pay_up(self, *, member_id: UUID | str, amount: Any, on: date, actor: str, note: str = "") -> int:
        """Record a payment on shares subscribed and not yet paid up (the statutes' schedule)."""
        capital = self.capital_settings
        member = self.member(member_id)
        amount = money(amount, "the amount paid")
        unpaid = self.capital_register().holding(str(member_id)).unpaid(capital.share_value)
        if amount <= 0:
            raise InvalidInput("a payment is a positive amount")
        if amount > unpaid:
            raise CapitalStateConflict("'{name}' owes {unpaid} € on its shares: {amount} € is too much",
                                       name=member["name"], unpaid=euros(unpaid), amount=euros(amount))
        movement = self._movement(register_rules.PAYMENT, member_id=str(member_id), shares=0, amount=amount, paid=amount,
                                  on=on, decision=clean_text(note, "note", max_length=500, required=False))
        self._shares_paid_up(movement=movement, actor=clean_actor(actor))
        return movement["number"]

    def transfer_shares(self, *, member_id: UUID | str, to_member_id: UUID | str, shares: int, on: date,
                        decision: str, actor: str) -> int:
        """Record a transfer of paid-up shares between two associates, approved by the body the statutes name."""
        capital = self.capital_settings
        if not capital.transfers_allowed:
            raise CapitalRuleBroken("the statutes allow no transfer of shares between associates")
        giver = self._admitted_member(member_id)
        self._admitted_member(to_member_id)  # "between associates"
        if str(member_id) == str(to_member_id):
            raise InvalidInput("a transfer goes from one associate to another")
        shares = _shares(shares)
        before = self.capital_register()
        holding = before.holding(str(member_id))
        if shares > holding.shares - holding.pending:
            raise CapitalRuleBroken("'{name}' holds {free} share(s) free of any withdrawal: it cannot transfer {shares}",
                                    name=giver["name"], free=holding.shares - holding.pending, shares=shares)
        if holding.unpaid(capital.share_value) > 0:
            raise CapitalRuleBroken("only paid-up shares are transferred: '{name}' still owes {unpaid} €",
                                    name=giver["name"], unpaid=euros(holding.unpaid(capital.share_value)))
        self._check_keeps_minimum(giver, holding, leaving=shares)
        movement = self._movement(register_rules.TRANSFER, member_id=str(member_id), shares=shares,
                                  amount=shares * capital.share_value, paid=shares * capital.share_value, on=on,
                                  decision=clean_text(decision, "decision", max_length=500),
                                  to_member_id=str(to_member_id), approved_by=capital.approval_by)
        self._check_after(before, movement, what="transfer")
        self._shares_transferred(movement=movement, actor=clean_actor(actor))
        return movement["number"]

    def request_withdrawal_of_shares(self, *, member_id: UUID | str, shares: int, on: date, reason: str,
                                     actor: str) -> int:
        """An associate that stays asks for part of its shares back (the rest keeps the category's minimum); the
        shares stay in the capital until refunded (`refund`)."""
        capital = self.capital_settings
        member = self._admitted_member(member_id)
        shares = _shares(shares)
        self._check_keeps_minimum(member, self.capital_register().holding(str(member_id)), leaving=shares)
        movement = self._movement(register_rules.WITHDRAWAL, member_id=str(member_id), shares=shares,
                                  amount=shares * capital.share_value, paid=0, on=on,
                                  decision=clean_text(reason, "reason", max_length=500), reason="partial")
        self._withdrawal_requested(movement=movement, actor=clean_actor(actor))
        return movement["number"]

    def refund(self, *, request: int, amount: Any, on: date, decision: str, actor: str,
               early_approval: str = "") -> int:
        """Refund the shares of an open withdrawal request: at most what was paid on them (loi 1947 art. 18), less
        when the statutes let losses reduce it; not before the statutes' delay unless the approving body decided
        it (`early_approval`); never below the capital's floor (the refund then waits) nor past the public cap."""
        capital = self.capital_settings
        before = self.capital_register()
        try:
            opened = before.requests[int(request)]
        except (KeyError, ValueError, TypeError, OverflowError):
            raise CapitalStateConflict("no pending withdrawal n° {request} in the register", request=str(request)[:20])
        member_id, shares = str(opened["member_id"]), int(opened["shares"])
        holding = before.holding(member_id)
        # What was paid on these shares: the associate's payments spread over all its shares (loi 1947 art. 18 refunds
        # what was paid on the shares refunded); the shares it keeps keep the rest.
        released = min(shares * capital.share_value,
                       (holding.paid * shares / holding.shares).quantize(register_rules.CENT, rounding="ROUND_FLOOR"))
        amount = money(amount, "the amount refunded")
        if amount < 0:
            raise InvalidInput("a refund cannot be negative")
        if amount > released:
            raise CapitalRuleBroken(
                "a refund cannot exceed what was paid on the shares, {released} € (loi n° 47-1775 art. 18)",
                released=euros(released))
        if amount < released and not capital.losses_reduce_refund:
            raise CapitalRuleBroken("the statutes refund shares at the amount paid on them, {released} €",
                                    released=euros(released))
        due = register_rules.refund_due(opened, capital)
        early_approval = clean_text(early_approval, "early refund decision", max_length=500, required=False)
        if on < due and not early_approval:
            raise CapitalRuleBroken(
                "the statutes refund shares {years} year(s) after the withdrawal, on {due}: an earlier refund needs "
                "the decision of the {body}", years=capital.refund_delay_years, due=due.isoformat(),
                body=capital.approval_by)
        movement = self._movement(register_rules.REFUND, member_id=member_id, shares=shares, amount=amount,
                                  paid=released, on=on, decision=clean_text(decision, "decision", max_length=500),
                                  request=int(opened["number"]), early_approval=early_approval)
        self._check_after(before, movement, what="refund")
        self._shares_refunded(movement=movement, actor=clean_actor(actor))
        return movement["number"]

    def cancel_shares(self, *, member_id: UUID | str, shares: int, on: date, reason: str, actor: str) -> int:
        """Cancel shares subscribed and never paid (the subscriber did not pay them as the statutes required)."""
        capital = self.capital_settings
        member = self.member(member_id)
        shares = _shares(shares)
        before = self.capital_register()
        holding = before.holding(str(member_id))
        # Shares asked back wait for their refund, which releases what was paid on them: only the others are cancelled.
        unpaid_shares = min(int(holding.unpaid(capital.share_value) // capital.share_value),
                            holding.shares - holding.pending)
        if shares > unpaid_shares:
            raise CapitalStateConflict("'{name}' has {count} unpaid share(s): only unpaid shares are cancelled",
                                       name=member["name"], count=unpaid_shares)
        if member["status"] == ADMITTED:
            self._check_keeps_minimum(member, holding, leaving=shares)
        movement = self._movement(register_rules.CANCELLATION, member_id=str(member_id), shares=shares,
                                  amount=shares * capital.share_value, paid=0, on=on,
                                  decision=clean_text(reason, "reason", max_length=500))
        self._check_after(before, movement, what="cancellation")
        self._shares_cancelled(movement=movement, actor=clean_actor(actor))
        return movement["number"]

    def _movement(self, kind: str, *, member_id: str, shares: int, amount: Decimal, paid: Any, on: date,
                  decision: str, **more: Any) -> dict[str, Any]:
        """A register line: numbered after the last, dated no earlier than it and not in the future."""
        if not isinstance(on, date) or isinstance(on, datetime):
            raise InvalidInput("a movement's date must be a date")
        if on > paris_day(clock.now()):
            raise InvalidInput("a movement cannot be dated in the future")
        if self.capital_movements and on < date.fromisoformat(self.capital_movements[-1]["on"]):
            raise CapitalRuleBroken(
                "the register is chronological: its last entry is dated {last}, this one cannot be dated {on}",
                last=self.capital_movements[-1]["on"], on=on.isoformat())
        return {"number": len(self.capital_movements) + 1, "kind": kind, "on": on.isoformat(), "member_id": member_id,
                "shares": shares, "amount": str(Decimal(amount).quantize(register_rules.CENT)),
                "paid": str(Decimal(paid).quantize(register_rules.CENT)), "decision": decision,
                **{k: v for k, v in more.items() if v not in (None, "")}}

    def _check_after(self, before: "register_rules.Register", movement: dict[str, Any], *, what: str) -> None:
        """The capital's rules on the register as it would be after `movement` (nothing is recorded if broken)."""
        capital = self.capital_settings
        after = register_rules.replay([*self.capital_movements, movement])
        register_rules.check_floor(before, after, capital, what=what, cooperative=is_cooperative(self.legal_form))
        categories = {member_id: m["category"] for member_id, m in self.members.items()}
        register_rules.check_public_cap(before, after, categories, capital, scic=self.statutes.model == "scic")

    def _check_keeps_minimum(self, member: dict[str, Any], holding: "register_rules.Holding", *, leaving: int) -> None:
        """An associate that stays keeps its category's minimum (the statutes) once `leaving` shares go and the shares
        already asked back are refunded: a transfer, a partial withdrawal or a cancellation may not take it lower."""
        minimum = self.capital_settings.minimum_for(member["category"])
        left = holding.shares - holding.pending - leaving
        if left < minimum:
            raise CapitalRuleBroken(
                "'{name}' would keep {left} share(s), below the {minimum} of its category (the statutes); to leave "
                "the pole, record its withdrawal", name=member["name"], left=left, minimum=minimum)

    def _open_refund(self, member_id: str, *, reason: str, decision: str, proposal_id: str | None,
                     actor: str) -> None:
        """A member who leaves (withdrawal, exclusion) asks back every share not already asked: the refund waits for
        the statutes' delay and the capital's floor (`refund`)."""
        capital = self.statutes.capital
        holding = self.capital_register().holding(member_id)
        left = holding.shares - holding.pending
        if capital is None or left <= 0:
            return
        movement = self._movement(register_rules.WITHDRAWAL, member_id=member_id, shares=left,
                                  amount=left * capital.share_value, paid=0, on=paris_day(clock.now()),
                                  decision=decision, reason=reason, proposal_id=proposal_id)
        self._withdrawal_requested(movement=movement, actor=clean_actor(actor))

    @event("SharesSubscribed")
    def _shares_subscribed(self, movement: dict[str, Any], actor: str) -> None:
        self._record_movement(movement)

    @event("SharesPaidUp")
    def _shares_paid_up(self, movement: dict[str, Any], actor: str) -> None:
        self._record_movement(movement)

    @event("SharesTransferred")
    def _shares_transferred(self, movement: dict[str, Any], actor: str) -> None:
        self._record_movement(movement)

    @event("ShareWithdrawalRequested")
    def _withdrawal_requested(self, movement: dict[str, Any], actor: str) -> None:
        self._record_movement(movement)

    @event("SharesRefunded")
    def _shares_refunded(self, movement: dict[str, Any], actor: str) -> None:
        self._record_movement(movement)

    @event("SharesCancelled")
    def _shares_cancelled(self, movement: dict[str, Any], actor: str) -> None:
        self._record_movement(movement)

    def _record_movement(self, movement: dict[str, Any]) -> None:
        self.capital_movements = [*self.capital_movements, dict(movement)]

    # -- identity (what a convocation states, R225-66) -------------------------------
    @property
    def identity(self) -> dict[str, str]:
        """Acronym, registered office, capital, RCS number and city, address for written questions ('' unset)."""
        return {name: "" for name in IDENTITY_FIELDS} | getattr(self, "identity_fields", {})

    def record_identity(self, *, actor: str, **fields: str) -> None:
        """Record the pole's identity as a convocation states it (Code de commerce R225-66, R123-237)."""
        unknown = sorted(set(fields) - set(IDENTITY_FIELDS))
        if unknown:
            raise InvalidInput("unknown identity field '{field}'", field=unknown[0])
        cleaned = {}
        for name in IDENTITY_FIELDS:
            value = fields.get(name, self.identity[name])
            if name == "registered_office":
                if not isinstance(value, str):
                    raise InvalidInput("{field} must be text", field="registered office")
                lines = [clean_text(line, "registered office", required=False) for line in value.splitlines()]
                cleaned[name] = "\n".join(line for line in lines if line)
                if len(lines) > 6:
                    raise InvalidInput("the registered office's address holds at most 6 lines")
            else:
                cleaned[name] = clean_text(value or "", name.replace("_", " "), required=False)
        if cleaned["questions_email"] and "@" not in cleaned["questions_email"]:
            raise InvalidInput("the address for written questions must be an e-mail address")
        if cleaned != self.identity:
            self._identity_recorded(**cleaned, actor=clean_actor(actor))

    @event("PoleIdentityRecorded")
    def _identity_recorded(self, acronym: str, registered_office: str, capital: str, rcs_number: str, rcs_city: str,
                           questions_email: str, actor: str) -> None:
        self.identity_fields = {"acronym": acronym, "registered_office": registered_office, "capital": capital,
                                "rcs_number": rcs_number, "rcs_city": rcs_city, "questions_email": questions_email}

    # -- consent to electronic convocation (R225-63) -------------------------------------
    def consent_history(self, member_id: UUID | str) -> list[dict[str, Any]]:
        """A member's consents to e-mail convocation and returns to post, in the order recorded."""
        return list(getattr(self, "consents", {}).get(str(member_id), ()))

    def consents_to_email(self, member_id: UUID | str) -> bool:
        history = self.consent_history(member_id)
        return bool(history) and history[-1]["entry"] == GIVEN

    def give_convocation_consent(self, *, member_id: UUID | str, channel: str, actor: str,
                                 given_on: date | None = None) -> None:
        """A member agrees to be convened by e-mail (R225-63 al. 1): online (dated today), or on a signed paper
        form the secretary records with the form's date."""
        self._change_consent(member_id, GIVEN, channel, given_on, actor)

    def withdraw_convocation_consent(self, *, member_id: UUID | str, channel: str, actor: str,
                                     asked_on: date | None = None) -> None:
        """A member asks to be convened by post again (R225-63 al. 3)."""
        self._change_consent(member_id, WITHDRAWN_ENTRY, channel, asked_on, actor)

    def _change_consent(self, member_id: UUID | str, entry: str, channel: str, on: date | None, actor: str) -> None:
        member = self._admitted_member(member_id)
        if channel not in CONSENT_CHANNELS:
            raise InvalidInput("the consent is given online or on a paper form")
        today = paris_day(clock.now())
        if channel == "online" or on is None:
            if channel == "paper":
                raise InvalidInput("a paper form's date is needed")
            on = today
        if not isinstance(on, date) or isinstance(on, datetime):
            raise InvalidInput("the form's date must be a date")
        if on > today:
            raise InvalidInput("the form's date cannot be in the future")
        if (today - on).days > 3660:
            raise InvalidInput("the form's date is more than ten years ago")
        history = self.consent_history(member_id)
        if history and on < date.fromisoformat(history[-1]["on"]):
            raise InvalidInput("this form is dated {on}, before the member's last recorded choice ({last}): the "
                               "latest wish counts", on=on.isoformat(), last=history[-1]["on"])
        if entry == GIVEN and self.consents_to_email(member_id):
            raise MembershipStateConflict("'{name}' already agreed to be convened by e-mail", name=member["name"])
        if entry == WITHDRAWN_ENTRY and not self.consents_to_email(member_id):
            raise MembershipStateConflict("'{name}' is already convened by post", name=member["name"])
        event = self._consent_given if entry == GIVEN else self._consent_withdrawn
        event(member_id=str(member_id), on=on.isoformat(), channel=channel, actor=clean_actor(actor))

    @event("ConvocationConsentGiven")
    def _consent_given(self, member_id: str, on: str, channel: str, actor: str) -> None:
        self._note_consent(member_id, GIVEN, on, channel)

    @event("ConvocationConsentWithdrawn")
    def _consent_withdrawn(self, member_id: str, on: str, channel: str, actor: str) -> None:
        self._note_consent(member_id, WITHDRAWN_ENTRY, on, channel)

    def _note_consent(self, member_id: str, entry: str, on: str, channel: str) -> None:
        self.consents = {**getattr(self, "consents", {})}
        # A list, not a tuple: the state must read the same from a snapshot (JSON) as from the events.
        self.consents[member_id] = [*self.consents.get(member_id, ()), {"entry": entry, "on": on, "channel": channel}]

    def _update_member(self, member_id: str, **changes: Any) -> None:
        """Replace (never mutate) a member's entry: see GovernanceAggregate on copies."""
        self.members[member_id] = {**self.members[member_id], **changes}

    # -- guards ------------------------------------------------------------------
    def _requested(self, member_id: UUID | str) -> dict[str, Any]:
        member = self.member(member_id)
        if member["status"] != REQUESTED:
            raise MembershipStateConflict(
                "'{name}' is {status}: only a pending request can be admitted or refused",
                name=member["name"], status=member["status"])
        return member

    def _admitted_member(self, member_id: UUID | str) -> dict[str, Any]:
        member = self.member(member_id)
        if member["status"] != ADMITTED:
            raise MembershipStateConflict("'{name}' is {status}, not an admitted member",
                                          name=member["name"], status=member["status"])
        return member

    def _needs_assembly_vote(self, setting: str, by_proposal: UUID | None) -> bool:
        """True when the statutes leave this decision to an assembly vote and none was given."""
        return getattr(self.statutes, setting) == "assembly" and by_proposal is None


def _shares(value: object) -> int:
    """A whole, positive number of shares."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidInput("a number of shares is a whole number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput("a number of shares is a whole number") from None
    if not 1 <= number <= register_rules.MAX_SHARES:
        raise InvalidInput("a movement moves 1 to {maximum} shares", maximum=register_rules.MAX_SHARES)
    return number


def is_cooperative(legal_form: str) -> bool:
    """A SCIC, a SCOP, a coopérative…: loi n° 47-1775 applies (art. 6: administrators for at most six years)."""
    words = folded(legal_form).replace("-", " ").split()
    return any(word in ("scic", "scop", "cae") or word.startswith("coop") for word in words)


def check_legal_form_rules(statutes: Statutes, legal_form: str) -> None:
    """Rules the law of the pole's legal form sets whatever its statutes say. L225-107 I: in an SA every member may
    vote by correspondence, "les dispositions contraires des statuts sont réputées non écrites"."""
    if is_sa(legal_form) and not statutes.correspondence_voting:
        raise StatutesRuleBroken(
            "in a société anonyme every member may vote by correspondence: the statutes cannot exclude it (Code de "
            "commerce L225-107 I)")
    if is_sa(legal_form) and statutes.capital is not None and statutes.capital.floor < SA_MIN_CAPITAL:
        raise StatutesRuleBroken(
            "a cooperative société anonyme's capital cannot be reduced below {minimum} € (loi n° 47-1775 du 10 "
            "septembre 1947, art. 27, with Code de commerce L224-2): the statutes' floor is {floor} €",
            minimum=euros(SA_MIN_CAPITAL), floor=euros(statutes.capital.floor))
    board = statutes.board
    if board is None:
        return
    if is_cooperative(legal_form) and not is_sa(legal_form) and board.term_years > MAX_TERM_YEARS:
        raise StatutesRuleBroken(
            "a cooperative's administrators are appointed for at most {maximum} years (loi n° 47-1775 du 10 "
            "septembre 1947, art. 6): {years} years is refused", maximum=MAX_TERM_YEARS, years=board.term_years)
    if not is_sa(legal_form):
        return
    if not SA_MIN_SEATS <= board.seats <= SA_MAX_SEATS:
        raise StatutesRuleBroken(
            "the board of a société anonyme has {minimum} to {maximum} members (Code de commerce L225-17)",
            minimum=SA_MIN_SEATS, maximum=SA_MAX_SEATS)
    if board.term_years > MAX_TERM_YEARS:
        raise StatutesRuleBroken(
            "the administrators of a société anonyme are appointed for at most {maximum} years (Code de commerce "
            "L225-18): {years} years is refused", maximum=MAX_TERM_YEARS, years=board.term_years)
    if board.quorum < LEGAL_BOARD_QUORUM:
        raise StatutesRuleBroken(
            "the board of a société anonyme deliberates only if at least half its members are present; a lower "
            "quorum in the statutes is void (Code de commerce L225-37)")
