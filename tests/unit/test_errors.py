"""Domain errors carry a gettext-ready template and its params, and keep their English message.

Two guards: every error the domain raises (exercised below) satisfies
`message == template.format(**params)` with the exact English text users see; and a static scan of
governance/*.py checks every construction of a DomainError has a literal template whose placeholders are
exactly its keyword params, so `pybabel extract` finds every message and the web UI can translate it.
"""

from __future__ import annotations

import ast
import hashlib
import string
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator
from uuid import UUID

import pytest

from governance import clock, errors
from governance.application import Collegia
from governance.assessment import Campaign
from governance.base import clean_text
from governance.clock import frozen_time
from governance.convocation import paris_day
from governance.effects import clean_effect
from governance.election import check_ballot
from governance.minutes import check_member_signatory
from governance.deliberation import Discussion
from governance.errors import (AssemblyRuleBroken, AssemblyStateConflict, AssessmentRuleBroken,
                               AssessmentStateConflict, CapitalRuleBroken, CapitalStateConflict, ConcurrencyConflict, DeliberationRuleBroken, DeliberationStateConflict, DomainError,
                               InvalidInput, MembershipRuleBroken, MembershipStateConflict, MinutesRuleBroken, NotFound,
                               NotPermitted,
                               ProposalRuleBroken, ProposalStateConflict, ProxyRuleBroken, ProxyStateConflict,
                               RuleBroken, StatutesRuleBroken, VotingRuleBroken, VotingStateConflict)
from governance.numbers import to_fraction
from governance.power import college_indices
from governance.referentiel import SEED, Referentiel
from governance.sealing import BallotSealer
from governance.statutes import Statutes, check_statutes
from governance.whatif import simulate

ROOT = Path(__file__).resolve().parents[2]
GOVERNANCE = ROOT / "governance"
ACTOR = "secretaire@pole.example"
UNKNOWN = UUID("00000000-0000-4000-8000-000000000001")
LATER = datetime(2100, 1, 1, 12, 0, tzinfo=UTC)


def error_classes() -> dict[str, type[DomainError]]:
    """DomainError and all its subclasses, by name."""
    found: dict[str, type[DomainError]] = {}
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        found[cls.__name__] = cls
        pending.extend(cls.__subclasses__())
    return found


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def assert_well_formed(error: DomainError) -> None:
    assert isinstance(error.template, str) and error.template
    assert isinstance(error.params, dict)
    assert all(isinstance(v, (str, int, float)) for v in error.params.values()), error.params
    assert placeholders(error.template) == set(error.params), (error.template, error.params)
    assert error.message == error.template.format(**error.params)
    assert str(error) == error.message


# -- the error classes themselves ------------------------------------------------------------

def test_template_and_params_make_the_message() -> None:
    error = StatutesRuleBroken("college '{college}' would hold {share}, above the {maximum} maximum for a SCIC",
                               college="Salariés", share="60.00 %", maximum="50 %")
    assert error.template == "college '{college}' would hold {share}, above the {maximum} maximum for a SCIC"
    assert error.params == {"college": "Salariés", "share": "60.00 %", "maximum": "50 %"}
    assert error.message == "college 'Salariés' would hold 60.00 %, above the 50 % maximum for a SCIC"
    assert str(error) == error.message
    assert error.args == (error.message,)
    assert error.rule == "statutes"


def test_a_template_without_params_is_the_message() -> None:
    error = ProxyRuleBroken("a member cannot give its proxy to itself")
    assert error.template == error.message == str(error) == "a member cannot give its proxy to itself"
    assert error.params == {}
    assert_well_formed(error)


def test_params_are_not_shared_between_errors() -> None:
    params = {"kind": "ordinary"}
    error = StatutesRuleBroken("unknown resolution kind '{kind}'", **params)
    params["kind"] = "changed"
    assert error.params == {"kind": "ordinary"}


@pytest.mark.parametrize("cls", sorted(error_classes().values(), key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_every_error_class_takes_template_and_params(cls: type[DomainError]) -> None:
    error = cls("no {kind} {id}", kind="pole", id="42")
    assert (error.message, error.template, error.params) == ("no pole 42", "no {kind} {id}",
                                                             {"kind": "pole", "id": "42"})


# -- every error the domain raises: template, params and the unchanged English text -----------

class World:
    """A SCIC pole (40/30/30 %) with helpers to reach each refusal."""

    def __init__(self, app: Any, statutes: dict[str, Any] | None = None) -> None:
        self.app = app
        self.pole_id = app.found_pole(name="Pôle Coop Vallée", territory="Drôme", legal_form="SCIC SAS",
                                      statutes=statutes or scic(), actor=ACTOR)
        self.members: dict[str, UUID] = {}

    def request(self, name: str) -> UUID:
        self.members[name] = self.app.request_membership(self.pole_id, name=name, kind="person", category="usager",
                                                         actor=ACTOR)
        return self.members[name]

    def admit(self, name: str, college: str | None = "salaries") -> UUID:
        member_id = self.request(name)
        self.app.admit_member(self.pole_id, member_id, decision="CA", actor=ACTOR)
        if college:
            self.app.assign_college(self.pole_id, member_id, college=college, reason="statuts", actor=ACTOR)
        return member_id

    def draft(self, secret: bool = False) -> UUID:
        return self.app.draft_proposal(self.pole_id, title="Budget", text="Approuver.", secret=secret, actor=ACTOR)

    def opened(self, *names: str, secret: bool = False, closes_at: datetime | None = None) -> UUID:
        for name in names or ("ana", "bob"):
            self.admit(name)
        proposal_id = self.draft(secret)
        self.app.open_voting(proposal_id, closes_at=closes_at or datetime.now(UTC) + timedelta(days=7), actor=ACTOR)
        return proposal_id

    def vote(self, proposal_id: UUID, name: str, choice: str = "for", holder: str | None = None) -> None:
        self.app.cast_ballot(proposal_id, self.members[name], choice, actor=ACTOR,
                             proxy_holder=None if holder is None else self.members[holder])

    def proxy(self, proposal_id: UUID, principal: str, holder: str) -> None:
        self.app.grant_proxy(proposal_id, self.members[principal], self.members[holder], actor=ACTOR)


def scic(**overrides: Any) -> dict[str, Any]:
    return {"model": "scic", "colleges": [{"code": "salaries", "name": "Salariés", "share": "40%"},
                                          {"code": "usagers", "name": "Usagers", "share": "30%"},
                                          {"code": "collectivites", "name": "Collectivités", "share": "30%"}],
            **overrides}


def statutes_check(**overrides: Any) -> Callable[[World], object]:
    return lambda w: check_statutes(Statutes.from_dict(scic(**overrides)))


def colleges(*shares: str) -> list[dict[str, Any]]:
    return [{"code": f"c{i}", "name": f"C{i}", "share": share} for i, share in enumerate(shares)]


def withdrawn_then_votes(w: World) -> None:
    proposal_id = w.opened()
    w.app.withdraw_member(w.pole_id, w.members["ana"], actor=ACTOR)
    w.vote(proposal_id, "ana")


def closed(w: World) -> UUID:
    proposal_id = w.opened()
    w.app.close_voting(proposal_id, actor=ACTOR)
    return proposal_id


def vote_after_closing_time(w: World) -> None:
    proposal_id = w.opened(closes_at=LATER)
    with frozen_time(LATER + timedelta(days=1)):
        w.vote(proposal_id, "ana")


def proxy_then(action: Callable[[World, UUID], object], *names: str) -> Callable[[World], object]:
    """Open a vote with `names` (ana and bob by default) in one college, then run `action` on it."""
    return lambda w: action(w, w.opened(*names))


def same_college_proxy(w: World) -> None:
    w = World(w.app, scic(proxy_same_college=True))
    w.admit("ana", "salaries")
    w.admit("bob", "usagers")
    proposal_id = w.opened("cyd")
    w.proxy(proposal_id, "ana", "bob")


def used_proxy_revoked(w: World, proposal_id: UUID) -> None:
    w.proxy(proposal_id, "ana", "bob")
    w.vote(proposal_id, "ana", holder="bob")
    w.app.revoke_proxy(proposal_id, w.members["ana"], actor=ACTOR)


def count_secret_without_key(w: World) -> object:
    proposal_id = w.opened(secret=True)
    w.vote(proposal_id, "ana")
    return w.app.get_proposal(proposal_id).count(None)


def assembly_admission(action: str) -> Callable[[World], object]:
    def run(w: World) -> object:
        w = World(w.app, scic(admission_by="assembly"))
        member_id = w.request("ana")
        if action == "admit":
            return w.app.admit_member(w.pole_id, member_id, decision="CA", actor=ACTOR)
        return w.app.refuse_member(w.pole_id, member_id, decision="CA", reasons="non", actor=ACTOR)
    return run


def unseal_with_another_key(w: World) -> object:
    sealed = BallotSealer(BallotSealer.generate_key()).seal("p", "m", "for")
    return BallotSealer(BallotSealer.generate_key()).unseal("p", "m", sealed)


# (id, error class, English message exactly as before templates; "<pole>" stands for the pole's id, scenario)
SCENARIOS: list[tuple[str, type[DomainError], str, Callable[[World], object]]] = [
    # application
    ("no-pole", NotFound, f"no pole {UNKNOWN}", lambda w: w.app.get_pole(UNKNOWN)),
    ("no-pole-bad-id", NotFound, "no pole not-an-id", lambda w: w.app.get_pole("not-an-id")),
    ("not-a-proposal", NotFound, "no proposal <pole>", lambda w: w.app.get_proposal(w.pole_id)),
    ("left-since-opening", VotingStateConflict,
     "'ana' is withdrawn since the electorate was frozen: what it did before still counts, but it takes no "
     "new part",
     withdrawn_then_votes),
    # base
    ("text-type", InvalidInput, "title must be text", lambda w: clean_text(3, "title")),
    ("text-required", InvalidInput, "title is required", lambda w: clean_text("  ", "title")),
    ("text-too-long", InvalidInput, "title is too long (10 characters, at most 5)",
     lambda w: clean_text("x" * 10, "title", max_length=5)),
    ("text-control", InvalidInput, "member name contains control characters",
     lambda w: clean_text("a\x00b", "member name")),
    ("proxy-cap-bound", StatutesRuleBroken, "the proxy cap must be at most 100",
     statutes_check(max_proxies_per_holder=10**20)),
    ("text-hidden", InvalidInput, "member name contains an invisible or direction-changing character (U+202E)",
     lambda w: clean_text("Coop\u202e", "member name")),
    # numbers
    ("not-a-number", InvalidInput, "True is not a number", lambda w: to_fraction(True)),
    ("not-a-share", InvalidInput, "'abc' is not a valid share (use '30%', '3/10' or '0.3')",
     lambda w: to_fraction("abc")),
    ("infinite-share", InvalidInput, "'Infinity' is not a valid share (use '30%', '3/10' or '0.3')",
     lambda w: to_fraction(Decimal("Infinity"))),
    # effects
    ("effect-type", InvalidInput,
     "a proposal's effect must be one of admit_member, exclude_member, amend_statutes, revise_strategy, "
     "remove_administrator, ratify_cooptation, join_network, leave_network",
     lambda w: clean_effect({"type": "dissolve"}, "ordinary")),
    ("effect-kind", ProposalRuleBroken,
     "college weights, their composition and the voting rules change only by an extraordinary resolution",
     lambda w: clean_effect({"type": "amend_statutes", "statutes": scic()}, "ordinary")),
    ("effect-member", InvalidInput, "the effect needs the member concerned",
     lambda w: clean_effect({"type": "admit_member", "member_id": "nobody"}, "ordinary")),
    ("effect-admit-admitted", ProposalStateConflict, "'ana' is admitted: there is no request to admit",
     lambda w: w.app.open_voting(
         w.app.draft_proposal(w.pole_id, title="t", text="t", effect={"type": "admit_member",
                                                                      "member_id": str(w.admit("ana"))},
                              actor=ACTOR), closes_at=LATER, actor=ACTOR)),
    ("effect-exclude-requested", ProposalStateConflict, "'ana' is requested, not a member who can be excluded",
     lambda w: w.app.open_voting(
         w.app.draft_proposal(w.pole_id, title="t", text="t", effect={
             "type": "exclude_member", "member_id": str(w.request("ana")), "reasons": "r"}, actor=ACTOR),
         closes_at=LATER, actor=ACTOR)),
    ("effect-dissolves-college", ProposalStateConflict,
     "the amendment dissolves college 'Salariés', which still has members: reassign them first",
     lambda w: (w.admit("ana"), w.app.open_voting(
         w.app.draft_proposal(w.pole_id, title="t", text="t", kind="extraordinary", effect={
             "type": "amend_statutes", "statutes": {"model": "scic", "colleges": colleges("50%", "50%")}},
             actor=ACTOR), closes_at=LATER, actor=ACTOR))),
    # pole
    ("no-member", NotFound, f"no member {UNKNOWN} in pole 'Pôle Coop Vallée'",
     lambda w: w.app.admit_member(w.pole_id, UNKNOWN, decision="CA", actor=ACTOR)),
    ("member-kind", InvalidInput,
     "member kind 'alien' is not one of ess_enterprise, company, local_authority, research, higher_education, "
     "training, person, other (loi 2014-856, art. 9)",
     lambda w: w.app.request_membership(w.pole_id, name="x", kind="alien", category="c", actor=ACTOR)),
    ("already-member", MembershipStateConflict, "'ana' is already admitted",
     lambda w: w.app.request_membership(w.pole_id, name="ana", kind="person", category="c", actor=ACTOR,
                                        member_id=w.admit("ana"))),
    ("no-college-in-force", StatutesRuleBroken, "the statutes in force define no college 'nope'",
     lambda w: w.app.assign_college(w.pole_id, w.admit("ana"), college="nope", reason="r", actor=ACTOR)),
    ("already-in-college", MembershipStateConflict, "'ana' is already in college 'Salariés'",
     lambda w: w.app.assign_college(w.pole_id, w.admit("ana"), college="salaries", reason="r", actor=ACTOR)),
    ("not-pending", MembershipStateConflict,
     "'ana' is admitted: only a pending request can be admitted or refused",
     lambda w: w.app.admit_member(w.pole_id, w.admit("ana"), decision="CA", actor=ACTOR)),
    ("not-admitted", MembershipStateConflict, "'ana' is requested, not an admitted member",
     lambda w: w.app.withdraw_member(w.pole_id, w.request("ana"), actor=ACTOR)),
    ("assembly-admits", MembershipRuleBroken,
     "the statutes say members are admitted by an assembly vote: draft a proposal instead",
     assembly_admission("admit")),
    ("assembly-refuses", MembershipRuleBroken,
     "the statutes say members are refused by an assembly vote: draft a proposal instead",
     assembly_admission("refuse")),
    ("assembly-excludes", MembershipRuleBroken,
     "the statutes say members are excluded by an assembly vote: draft a proposal instead",
     lambda w: w.app.exclude_member(w.pole_id, w.admit("ana"), reasons="r", decision="CA", actor=ACTOR)),
    # proposal: lifecycle
    ("withdraw-closed", ProposalStateConflict, "a closed proposal cannot be withdrawn",
     lambda w: w.app.withdraw_proposal(closed(w), actor=ACTOR)),
    ("amend-open", ProposalStateConflict, "only a draft can be amended (this proposal is open)",
     lambda w: w.app.amend_proposal(w.opened(), title="t", text="t", actor=ACTOR)),
    ("open-open", ProposalStateConflict, "voting can only be opened on a draft (this proposal is open)",
     lambda w: w.app.open_voting(w.opened(), closes_at=LATER, actor=ACTOR)),
    ("naive-closing", InvalidInput, "the closing time must be a date and time with a timezone",
     lambda w: w.app.open_voting(w.draft(), closes_at=datetime(2100, 1, 1), actor=ACTOR)),
    ("past-closing", VotingRuleBroken, "the closing time must be in the future",
     lambda w: w.app.open_voting(w.draft(), closes_at=datetime(2000, 1, 1, tzinfo=UTC), actor=ACTOR)),
    ("convocation", InvalidInput, "convocation must be one of first, second",
     lambda w: (w.admit("ana"), w.app.open_voting(w.draft(), closes_at=LATER, convocation="third", actor=ACTOR))),
    ("no-electorate", VotingStateConflict,
     "no member is entitled to vote: admit members and assign them to colleges first",
     lambda w: w.app.open_voting(w.draft(), closes_at=LATER, actor=ACTOR)),
    ("no-frozen-rules", ProposalStateConflict, "voting has not opened: no rules are frozen yet",
     lambda w: w.app.get_proposal(w.draft()).frozen_statutes),
    ("resolution-kind", InvalidInput, "resolution kind must be one of ordinary, extraordinary",
     lambda w: w.app.draft_proposal(w.pole_id, title="t", text="t", kind="urgent", actor=ACTOR)),
    ("close-draft", ProposalStateConflict, "only an open vote can be closed (this proposal is draft)",
     lambda w: w.app.close_voting(w.draft(), actor=ACTOR)),
    ("close-too-early", VotingStateConflict, "the closing time has not passed yet",
     lambda w: w.app.close_voting(w.opened(), actor=ACTOR, automatic=True)),
    ("draft-tally", ProposalStateConflict, "a draft proposal has no tally", lambda w: w.app.recount(w.draft())),
    # proposal: ballots
    ("vote-on-draft", ProposalStateConflict, "voting is not open (this proposal is draft)",
     lambda w: w.app.cast_ballot(w.draft(), w.admit("ana"), "for", actor=ACTOR)),
    ("vote-too-late", VotingStateConflict, "voting closed at 2100-01-01 12:00 UTC", vote_after_closing_time),
    ("not-an-elector", VotingRuleBroken, "this member is not in the electorate frozen when voting opened",
     lambda w: w.app.cast_ballot(w.opened(), UNKNOWN, "for", actor=ACTOR)),
    ("choice", InvalidInput, "a ballot is one of for, against, abstain",
     lambda w: w.vote(w.opened(), "ana", "maybe")),
    ("unsealed-secret", VotingStateConflict, "a secret ballot must be sealed",
     lambda w: w.app.get_proposal(w.opened(secret=True)).cast_ballot(member_id=str(w.members["ana"]),
                                                                      choice="for", actor=ACTOR)),
    ("secret-without-key", NotFound, "secret ballots need the instance's ballot key to be counted",
     count_secret_without_key),
    ("other-key", RuleBroken, "a secret ballot cannot be unsealed with this instance's ballot key",
     unseal_with_another_key),
    # power indices
    ("power-omov", InvalidInput,
     "power indices need weighted colleges; under one member, one vote every member weighs the same",
     lambda w: college_indices(Statutes.from_dict({"model": "one_member_one_vote", "colleges": []}), "ordinary")),
    ("power-too-many", InvalidInput, "exact power indices are computed for at most 10 colleges",
     lambda w: college_indices(Statutes.from_dict({"model": "weighted", "colleges": [
         {"code": f"c{i}", "name": f"C{i}", "share": "1/11"} for i in range(11)]}), "ordinary")),
    # what-if
    ("whatif-missing-college", InvalidInput,
     "the simulated statutes have no college 'salaries', which voted on this proposal",
     lambda w: w.app.what_if(closed(w), scic(colleges=[{"code": "usagers", "name": "Usagers", "share": "50%"},
                                                       {"code": "collectivites", "name": "Collectivités",
                                                        "share": "50%"}]))),
    ("whatif-not-closed", ProposalStateConflict, "only a closed vote can be simulated (this proposal is open)",
     lambda w: w.app.what_if(w.opened(), scic())),
    ("whatif-never-opened", InvalidInput, "a proposal that never opened to the vote cannot be simulated",
     lambda w: simulate(w.app.get_proposal(w.draft()), Statutes.from_dict(scic()), None)),
    # proposal: proxies
    ("vote-for-a-stranger", NotPermitted,
     "you neither represent this member nor hold its proxy on this proposal",
     proxy_then(lambda w, p: w.app.cast_ballot(p, w.members["bob"], "for", actor=ACTOR,
                                               represented=[str(w.members["ana"])]))),
    ("proxy-of-a-stranger", NotPermitted,
     "only a representative of the member giving its proxy may give or revoke it",
     proxy_then(lambda w, p: w.app.grant_proxy(p, w.members["bob"], w.members["ana"], actor=ACTOR,
                                               represented=[str(w.members["ana"])]))),
    ("proxy-to-self", ProxyRuleBroken, "a member cannot give its proxy to itself",
     proxy_then(lambda w, p: w.proxy(p, "ana", "ana"))),
    ("proxy-twice", ProxyStateConflict, "this member has already given its proxy for this proposal: revoke it first",
     proxy_then(lambda w, p: (w.proxy(p, "ana", "bob"), w.proxy(p, "ana", "cyd")), "ana", "bob", "cyd")),
    ("proxy-after-voting", ProxyStateConflict, "this member has already voted in person",
     proxy_then(lambda w, p: (w.vote(p, "ana"), w.proxy(p, "ana", "bob")))),
    ("giver-holds", ProxyRuleBroken, "a member who has given its own proxy cannot hold proxies",
     proxy_then(lambda w, p: (w.proxy(p, "ana", "bob"), w.proxy(p, "cyd", "ana")), "ana", "bob", "cyd")),
    ("holder-gives", ProxyRuleBroken, "a member holding proxies cannot give its own proxy",
     proxy_then(lambda w, p: (w.proxy(p, "ana", "bob"), w.proxy(p, "bob", "cyd")), "ana", "bob", "cyd")),
    ("proxy-college", ProxyRuleBroken, "the statutes require the proxy holder to be in the principal's college",
     same_college_proxy),
    ("proxy-cap", ProxyRuleBroken, "the statutes cap proxies at 1 per holder, and this holder already has 1",
     proxy_then(lambda w, p: (w.proxy(p, "ana", "bob"), w.proxy(p, "cyd", "bob")), "ana", "bob", "cyd")),
    ("revoke-none", ProxyStateConflict, "this member has no proxy to revoke on this proposal",
     proxy_then(lambda w, p: w.app.revoke_proxy(p, w.members["ana"], actor=ACTOR))),
    ("revoke-used", ProxyStateConflict, "the proxy holder has already used it: it can no longer be revoked",
     proxy_then(used_proxy_revoked)),
    ("no-proxy-held", ProxyRuleBroken, "this member holds no proxy from that member on this proposal",
     proxy_then(lambda w, p: w.vote(p, "ana", holder="bob"))),
    ("principal-voted", ProxyStateConflict, "the principal has voted in person, which overrides its proxy",
     proxy_then(lambda w, p: (w.proxy(p, "ana", "bob"), w.vote(p, "ana"), w.vote(p, "ana", holder="bob")))),
    # statutes
    ("no-college", StatutesRuleBroken, "the statutes define no college 'nope'",
     lambda w: Statutes.from_dict(scic()).college("nope")),
    ("malformed", StatutesRuleBroken, "malformed statutes: ValueError 'perhaps' is not a yes/no value",
     lambda w: Statutes.from_dict(scic(proxy_same_college="perhaps"))),
    ("not-a-mapping", StatutesRuleBroken, "statutes must be a mapping",
     lambda w: Statutes.from_dict([])),  # type: ignore[arg-type]
    ("colleges-list", StatutesRuleBroken, "colleges must be a list", statutes_check(colleges={"a": 1})),
    ("college-shape", StatutesRuleBroken, "each college needs a code, a name and a share",
     statutes_check(colleges=["a"])),
    ("model", StatutesRuleBroken,
     "unknown governance model 'anarchy' (expected one of scic, weighted, one_member_one_vote)",
     statutes_check(model="anarchy")),
    ("college-code", StatutesRuleBroken, "college code 'Bad Code' must be 1–40 lowercase letters, digits, '-' or '_'",
     statutes_check(colleges=[{"code": "Bad Code", "name": "B", "share": "100%"}])),
    ("college-name", StatutesRuleBroken, "college 'a' needs a name of 1–120 characters",
     statutes_check(colleges=[{"code": "a", "name": "", "share": "100%"}])),
    ("college-twice", StatutesRuleBroken, "college code 'c0' is used twice",
     statutes_check(colleges=colleges("50%", "50%")[:1] * 2)),
    ("no-weighted-college", StatutesRuleBroken, "a 'weighted' pole needs at least one college with a share",
     statutes_check(model="weighted", colleges=[])),
    ("zero-share", StatutesRuleBroken, "college 'C0' needs a share above 0 %",
     statutes_check(model="weighted", colleges=colleges("0", "100%"))),
    ("share-over-100", StatutesRuleBroken, "college 'C0' would hold 120.00 %, above 100 %",
     statutes_check(model="weighted", colleges=colleges("120%"))),
    ("shares-sum", StatutesRuleBroken, "college shares sum to 90.00 %; they must sum to exactly 100 %",
     statutes_check(colleges=colleges("40%", "30%", "20%"))),
    ("scic-maximum", StatutesRuleBroken, "college 'C0' would hold 60.00 %, above the 50 % maximum for a SCIC",
     statutes_check(colleges=colleges("60%", "20%", "20%"))),
    ("scic-minimum", StatutesRuleBroken, "college 'C2' would hold 5.00 %, below the 10 % minimum for a SCIC",
     statutes_check(colleges=colleges("50%", "45%", "5%"))),
    ("threshold-missing", StatutesRuleBroken, "the statutes need a threshold for ordinary resolutions",
     lambda w: check_statutes(replace(Statutes.from_dict(scic()), thresholds={}))),
    ("threshold-kind", StatutesRuleBroken, "unknown resolution kind 'urgent'",
     statutes_check(thresholds={"urgent": {"fraction": "60%"}})),
    ("threshold-over-100", StatutesRuleBroken, "the extraordinary threshold cannot exceed 100 %",
     statutes_check(thresholds={"extraordinary": {"fraction": "110%"}})),
    ("ordinary-threshold", StatutesRuleBroken,
     "the ordinary threshold must be above 50 % of votes cast (a tie fails); statutes may only raise it",
     statutes_check(thresholds={"ordinary": {"fraction": "1/2"}})),
    ("extraordinary-threshold", StatutesRuleBroken,
     "the extraordinary threshold must be at least 2/3 of votes cast; statutes may only raise it",
     statutes_check(thresholds={"extraordinary": {"fraction": "60%"}})),
    ("quorum-convocations", StatutesRuleBroken,
     "the ordinary quorum needs a value for first and second convocation",
     statutes_check(quorum={"ordinary": {"first": "25%"}})),
    ("quorum-range", StatutesRuleBroken,
     "the ordinary quorum on second convocation must be between 0 % and 100 %",
     statutes_check(quorum={"ordinary": {"first": "25%", "second": "120%"}})),
    ("college-quorum", StatutesRuleBroken, "the per-college extraordinary quorum must be between 0 % and 100 %",
     statutes_check(college_quorum={"extraordinary": "150%"})),
    ("empty-college-rule", StatutesRuleBroken,
     "unknown empty-college rule 'drop' (proportional, equal, not_for or merge_into:<college>)",
     statutes_check(empty_college_rule="drop")),
    ("merge-target", StatutesRuleBroken, "the empty-college rule merges into 'nope', which is not a college",
     statutes_check(empty_college_rule="merge_into:nope")),
    ("proxy-cap-negative", StatutesRuleBroken, "the proxy cap cannot be negative",
     statutes_check(max_proxies_per_holder=-1)),
    ("deciding-body", StatutesRuleBroken, "exclusion_by must be 'board' or 'assembly'",
     statutes_check(exclusion_by="mayor")),
]


# -- general assemblies and minutes ----------------------------------------------------------
# A month ahead: more than the 15 days' notice of a first convocation (Code de commerce R225-69).
HELD = (datetime.now(UTC) + timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)


def convened(w: World, *names: str, agenda: list[UUID] | None = None, **kwargs: Any) -> UUID:
    for name in names or ("ana", "bob"):
        w.admit(name)
    w.agenda = agenda if agenda is not None else [w.draft(kwargs.pop("secret", False))]  # type: ignore[attr-defined]
    options = {"kind": "ordinary", "held_at": HELD, "place": "Crest", "mode": "hybrid", "convocation": "first",
               **kwargs}
    return w.app.convene_assembly(w.pole_id, agenda=w.agenda, actor=ACTOR, **options)


def in_session(w: World, *names: str, **kwargs: Any) -> UUID:
    assembly_id = convened(w, *names, **kwargs)
    w.app.open_session(assembly_id, actor=ACTOR)
    return assembly_id


def attend(w: World, assembly_id: UUID, *names: str, mode: str = "present") -> None:
    for name in names:
        w.app.record_attendance(assembly_id, w.members[name], mode, actor=ACTOR)


def voting(w: World, *names: str, **kwargs: Any) -> UUID:
    assembly_id = in_session(w, *names, **kwargs)
    attend(w, assembly_id, "ana", "bob")
    w.app.put_to_vote(assembly_id, w.agenda[0], actor=ACTOR)  # type: ignore[attr-defined]
    return assembly_id


def assembly_proxy(w: World, assembly_id: UUID, principal: str, holder: str) -> None:
    w.app.give_assembly_proxy(assembly_id, w.members[principal], w.members[holder], actor=ACTOR)


def restored_over_cap(w: World) -> None:
    """The statutes allow a member who gave a proxy to come (R225-85 III); cap 1. Ana's proxy to Cyd is set
    aside when she comes, Bob's takes the place, then Ana is recorded absent again."""
    w = World(w.app, scic(participation_change_allowed=True))
    assembly_id = in_session(w, "ana", "bob", "cyd")
    assembly_proxy(w, assembly_id, "ana", "cyd")
    attend(w, assembly_id, "ana")
    assembly_proxy(w, assembly_id, "bob", "cyd")
    attend(w, assembly_id, "ana", mode="absent")


def represented_votes_itself(w: World) -> None:
    assembly_id = convened(w, "ana", "bob", "cyd")
    assembly_proxy(w, assembly_id, "cyd", "ana")
    w.app.open_session(assembly_id, actor=ACTOR)
    attend(w, assembly_id, "ana", "bob")
    w.app.put_to_vote(assembly_id, w.agenda[0], actor=ACTOR)  # type: ignore[attr-defined]
    w.vote(w.agenda[0], "cyd")  # type: ignore[attr-defined]


def closed_session(w: World) -> UUID:
    assembly_id = voting(w)
    w.app.close_voting(w.agenda[0], actor=ACTOR)  # type: ignore[attr-defined]
    w.app.close_session(assembly_id, actor=ACTOR)
    return assembly_id


def sign(w: World, subject_id: UUID, signer: str = "Claire", capacity: str = "chair") -> None:
    w.app.sign_minutes(subject_id, signer=signer, capacity=capacity, actor=ACTOR)


def per_college_quorum(w: World) -> None:
    w = World(w.app, scic(college_quorum={"ordinary": "50%"}))
    w.admit("ana", "salaries")
    w.admit("bob", "usagers")
    assembly_id = in_session(w, "cyd")
    attend(w, assembly_id, "ana", "cyd")
    w.app.put_to_vote(assembly_id, w.agenda[0], actor=ACTOR)  # type: ignore[attr-defined]


def short_of_quorum(w: World, convocation: str = "first") -> None:
    w = World(w.app, scic(quorum={"ordinary": {"first": "2/3", "second": "2/3"}}))
    assembly_id = in_session(w, convocation=convocation)
    attend(w, assembly_id, "ana")
    w.app.put_to_vote(assembly_id, w.agenda[0], actor=ACTOR)  # type: ignore[attr-defined]


def then_on(make: Callable[[World], UUID], action: Callable[[World, UUID], object]) -> Callable[[World], object]:
    def run(w: World) -> object:
        return action(w, make(w))
    return run


def oversized_agenda(w: World) -> None:
    from governance.assembly import Assembly
    Assembly.convene(pole_id=w.pole_id, kind="ordinary", held_at=HELD, place="Crest", mode="hybrid",
                     convocation="first", agenda=[{"id": str(i), "kind": "ordinary"} for i in range(51)],
                     statutes_version=1, statutes=Statutes.from_dict(scic()), electorate={"a": "salaries"},
                     actor=ACTOR)


def bad_minutes_subject(w: World) -> None:
    from governance.minutes import Minutes
    Minutes.start(pole_id=w.pole_id, subject_type="board", subject_id="x", actor=ACTOR)


SCENARIOS += [
    # Minutes signed by a member's representative (issue 26, R225-101): chair or scrutineer, of a session attended.
    ("minutes-member-capacity", NotPermitted,
     "you may not sign these minutes as secretary: a member's representative signs an assembly's minutes as chair or "
     "scrutineer only, of a session its member attended (Code de commerce R225-101)",
     lambda w: check_member_signatory("secretary", ["chair", "secretary"], {"m": "present"}, ["m"])),
    ("minutes-member-absent", NotPermitted,
     "you may not sign these minutes as chair: a member's representative signs an assembly's minutes as chair or "
     "scrutineer only, of a session its member attended (Code de commerce R225-101)",
     lambda w: check_member_signatory("chair", ["chair"], {"m": "absent"}, ["m"])),
]
SCENARIOS += [
    ("text-surrogate", InvalidInput, "title contains an invalid character (a lone surrogate)",
     lambda w: clean_text("T\ud800", "title")),
    ("agenda-not-a-list", InvalidInput, "the agenda is a list of proposals", lambda w: convened(w, agenda=7)),
    ("room-ballots-not-a-dict", InvalidInput, "the ballots map each member to its choice",
     lambda w: w.app.record_room_ballots(w.opened(), [], actor=ACTOR)),
    ("founders-malformed", InvalidInput, "each founding member is described by its name, kind, category and college",
     lambda w: w.app.found_pole(name="P", territory="T", legal_form="SCIC", statutes=scic(), founders=[None],
                               actor=ACTOR)),
    ("room-ballots-online", VotingStateConflict, "ballots are recorded by the secretary only for an assembly's "
     "resolutions", lambda w: w.app.record_room_ballots(w.opened(), {}, actor=ACTOR)),
    ("room-ballots-secret", VotingStateConflict, "a secret resolution is voted by each member in the browser: the "
     "secretary cannot record how a member voted",
     lambda w: w.app.record_room_ballots(w.agenda[0] if voting(w, secret=True) else None,  # type: ignore[attr-defined]
                                         {str(w.members["ana"]): "for"}, actor=ACTOR)),
    ("agenda-not-draft", ProposalStateConflict, "only a draft can be put on an assembly's agenda (this proposal is open)",
     lambda w: convened(w, "cyd", agenda=[w.opened()])),
    ("agenda-twice", AssemblyRuleBroken, "a resolution appears twice on the agenda",
     lambda w: convened(w, agenda=[w.draft()] * 2)),
    ("agenda-other-assembly", ProposalStateConflict, "this proposal is already on an assembly's agenda",
     lambda w: convened(w, "cyd", agenda=[w.agenda[0]]) if convened(w) else None),  # type: ignore[attr-defined]
    ("agenda-empty", AssemblyRuleBroken, "an assembly needs at least one resolution on its agenda",
     lambda w: convened(w, agenda=[])),
    ("agenda-too-long", AssemblyRuleBroken, "an agenda holds at most 50 resolutions", oversized_agenda),
    ("agenda-extraordinary", AssemblyRuleBroken, "an ordinary assembly cannot vote an extraordinary resolution: "
     "convene an extraordinary or mixed assembly", lambda w: convened(w, agenda=[w.app.draft_proposal(
         w.pole_id, title="Statuts", text="Modifier.", kind="extraordinary", actor=ACTOR)])),
    ("agenda-ordinary", AssemblyRuleBroken, "an extraordinary assembly cannot vote an ordinary resolution: "
     "convene an ordinary or mixed assembly", lambda w: convened(w, kind="extraordinary")),
    ("agenda-frozen", ProposalStateConflict, "this draft is on the agenda of a convened assembly, whose members were "
     "convened on its text: it can no longer be amended (Code de commerce, art. R225-66); withdraw it and put a "
     "new draft on another assembly's agenda",
     then_on(convened, lambda w, a: w.app.amend_proposal(w.agenda[0], title="Autre", text="Autre.", actor=ACTOR))),
    ("participation-after-proxy", ProxyRuleBroken, "this member has given its proxy for this assembly: it cannot "
     "take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)",
     then_on(in_session, lambda w, a: (assembly_proxy(w, a, "ana", "bob"), attend(w, a, "ana")))),
    ("participation-after-correspondence", AssemblyRuleBroken, "this member has voted by correspondence: it "
     "cannot take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)",
     then_on(in_session, lambda w, a: (attend(w, a, "ana", mode="correspondence"), attend(w, a, "ana")))),
    ("proxy-restored-over-cap", ProxyRuleBroken, "recording this member absent would bring its proxy back into "
     "force, which the statutes do not allow (the statutes cap proxies at 1 per holder, and this holder already "
     "has 1): record the absence without its proxy, or keep the member's attendance", restored_over_cap),
    ("online-proxy-in-assembly", ProxyRuleBroken, "this resolution is voted in a general assembly: its proxies "
     "are the assembly's, frozen when it was put to the vote",
     then_on(lambda w: voting(w, "ana", "bob", "cyd"), lambda w, a: w.proxy(w.agenda[0], "cyd", "ana"))),
    ("represented-votes-itself", VotingStateConflict, "this member is represented at the assembly: its proxy holder "
     "votes for it", represented_votes_itself),
    ("assembly-kind", InvalidInput, "assembly kind must be one of ordinary, extraordinary, mixed",
     lambda w: convened(w, kind="annual")),
    ("assembly-mode", InvalidInput, "assembly mode must be one of in_person, remote, hybrid",
     lambda w: convened(w, mode="postal")),
    ("assembly-date", InvalidInput, "the assembly's date must be a date and time with a timezone",
     lambda w: convened(w, held_at=datetime(2026, 12, 5, 14, 0))),
    ("assembly-left", VotingStateConflict, "'ana' is withdrawn since the electorate was frozen: what it did before still counts, but it takes no "
     "new part",
     then_on(convened, lambda w, a: (w.app.withdraw_member(w.pole_id, w.members["ana"], actor=ACTOR),
                                     attend(w, a, "ana")))),
    ("assembly-not-elector", AssemblyRuleBroken,
     "this member is not in the electorate frozen when the assembly was convened",
     then_on(convened, lambda w, a: (w.admit("cyd"), attend(w, a, "cyd")))),
    ("assembly-proxy-late", ProxyRuleBroken,
     "proxies for this assembly can no longer change: a resolution has been put to the vote",
     lambda w: assembly_proxy(w, voting(w, "ana", "bob", "cyd"), "cyd", "ana")),
    ("assembly-proxy-twice", ProxyRuleBroken,
     "this member has already given its proxy for this assembly: revoke it first",
     then_on(lambda w: convened(w, "ana", "bob", "cyd"),
             lambda w, a: (assembly_proxy(w, a, "cyd", "ana"), assembly_proxy(w, a, "cyd", "bob")))),
    ("assembly-proxy-attending", ProxyRuleBroken, "this member attends the assembly itself",
     then_on(convened, lambda w, a: (attend(w, a, "ana"), assembly_proxy(w, a, "ana", "bob")))),
    ("assembly-revoke-none", ProxyRuleBroken, "this member has no proxy to revoke for this assembly",
     then_on(convened, lambda w, a: w.app.revoke_assembly_proxy(a, w.members["ana"], actor=ACTOR))),
    ("attendance-mode", InvalidInput, "attendance must be one of present, remote, correspondence, absent",
     then_on(convened, lambda w, a: attend(w, a, "ana", mode="asleep"))),
    ("holder-by-correspondence", ProxyRuleBroken,
     "a proxy holder votes for its principals at the session: it cannot vote by correspondence",
     then_on(convened, lambda w, a: (assembly_proxy(w, a, "ana", "bob"), attend(w, a, "bob", mode="correspondence")))),
    ("session-twice", AssemblyRuleBroken, "the session can only be opened once (this assembly is in_session)",
     then_on(in_session, lambda w, a: w.app.open_session(a, actor=ACTOR))),
    ("vote-before-session", AssemblyRuleBroken,
     "resolutions are put to the vote during the session (this assembly is convened)",
     then_on(convened, lambda w, a: w.app.put_to_vote(a, w.agenda[0], actor=ACTOR))),
    ("vote-off-agenda", AssemblyRuleBroken, "this proposal is not on the assembly's agenda",
     then_on(in_session, lambda w, a: w.app.put_to_vote(a, w.draft(), actor=ACTOR))),
    ("vote-twice", AssemblyRuleBroken, "this resolution has already been put to the vote",
     then_on(voting, lambda w, a: (w.app.close_voting(w.agenda[0], actor=ACTOR),
                                   w.app.put_to_vote(a, w.agenda[0], actor=ACTOR)))),
    ("vote-one-at-a-time", AssemblyRuleBroken, "close the resolution being voted before opening the next one",
     lambda w: w.app.put_to_vote(voting(w, agenda=[w.draft(), w.draft()]), w.agenda[1], actor=ACTOR)),
    ("college-quorum", AssemblyRuleBroken,
     "the per-college quorum is not reached in usagers: the vote cannot be opened", per_college_quorum),
    ("assembly-nobody", AssemblyRuleBroken, "nobody is recorded as taking part: record attendance before putting "
     "a resolution to the vote",
     then_on(lambda w: in_session(w, convocation="second"), lambda w, a: w.app.put_to_vote(a, w.agenda[0], actor=ACTOR))),
    ("assembly-quorum", AssemblyRuleBroken, "quorum not reached: 1 of 2 members present, represented or voting "
     "remotely, 2 needed on first convocation", short_of_quorum),
    ("assembly-quorum-second", AssemblyRuleBroken, "quorum not reached: 1 of 2 members present, represented or "
     "voting remotely, 2 needed on second convocation", lambda w: short_of_quorum(w, "second")),
    ("outcome-not-voting", AssemblyRuleBroken, "this resolution is not being voted",
     then_on(convened, lambda w, a: w.app.get_assembly(a).record_outcome(
         proposal_id=str(w.agenda[0]), outcome="adopted", actor=ACTOR))),
    ("close-session-early", AssemblyRuleBroken,
     "only a session in progress can be closed (this assembly is convened)",
     then_on(convened, lambda w, a: w.app.close_session(a, actor=ACTOR))),
    ("close-session-voting", AssemblyRuleBroken, "a resolution is still being voted: close its vote first",
     then_on(voting, lambda w, a: w.app.close_session(a, actor=ACTOR))),
    ("assembly-closed", AssemblyRuleBroken, "this assembly is closed",
     then_on(closed_session, lambda w, a: attend(w, a, "ana"))),
    ("online-vote-scheduled", ProposalStateConflict,
     "this proposal is on an assembly's agenda: it is voted during the session",
     then_on(convened, lambda w, a: w.app.open_voting(w.agenda[0], closes_at=LATER, actor=ACTOR))),
    ("assembly-absent-voter", VotingStateConflict, "this member was not recorded as taking part in the assembly when "
     "this resolution was put to the vote",
     then_on(lambda w: voting(w, "ana", "bob", "cyd"), lambda w, a: w.vote(w.agenda[0], "cyd"))),
    ("minutes-vote-open", MinutesRuleBroken, "the minutes of a vote are signed once the vote is closed",
     lambda w: sign(w, w.opened())),
    ("minutes-assembly-open", MinutesRuleBroken, "the minutes of an assembly are signed once its session is closed",
     lambda w: sign(w, convened(w))),
    ("minutes-subject", InvalidInput, "minutes are kept for an assembly or an online vote", bad_minutes_subject),
    ("minutes-capacity", InvalidInput, "a signatory signs as one of chair, secretary, scrutineer",
     lambda w: sign(w, closed(w), capacity="king")),
    ("minutes-signed-twice", MinutesRuleBroken, "Claire has already signed these minutes as chair",
     then_on(closed, lambda w, p: (sign(w, p), sign(w, p)))),
    ("import-not-rows", InvalidInput,
     "an import is a list of members, each with its name, kind, category, representative and college",
     lambda w: w.app.import_members(w.pole_id, ["Régie"], decision="CA", actor=ACTOR)),
    ("import-twice", MembershipStateConflict, "'Régie' is already a member or a pending request of this pole",
     lambda w: [w.app.import_members(w.pole_id, [{"name": "Régie", "kind": "person", "category": "usager"}],
                                     decision="CA", actor=ACTOR) for _ in range(2)]),
    ("minutes-chair-is-secretary", MinutesRuleBroken,
     "Claire signed these minutes as chair of the session: the secretary is another person (Code de commerce "
     "R225-101, chair and secretary distinct)",
     then_on(closed, lambda w, p: (sign(w, p), sign(w, p, capacity="secretary")))),
    ("minutes-secretary-is-chair", MinutesRuleBroken,
     "Claire signed these minutes as secretary of the session: the chair is another person (Code de commerce "
     "R225-101, chair and secretary distinct)",
     then_on(closed, lambda w, p: (sign(w, p, capacity="secretary"), sign(w, p)))),
    ("minutes-second-chair", MinutesRuleBroken,
     "the chair of the session has already signed this text of the minutes: one chair signs (Code de commerce "
     "R225-106, signed by the members of the bureau)",
     then_on(closed, lambda w, p: (sign(w, p), sign(w, p, signer="Paul")))),
    ("minutes-second-secretary", MinutesRuleBroken,
     "the secretary of the session has already signed this text of the minutes: one secretary signs (Code de "
     "commerce R225-106, signed by the members of the bureau)",
     then_on(closed, lambda w, p: (sign(w, p, capacity="secretary"), sign(w, p, signer="Paul", capacity="secretary")))),
    ("minutes-seat-after-correction", MinutesRuleBroken,
     "Claire signed these minutes as chair of the session: a corrected text is signed by the same person (Code de "
     "commerce R225-106, signed by the members of the bureau)",
     then_on(closed, lambda w, p: (sign(w, p), w.app.correct_minutes(p, text="Erratum", corrects=1, actor=ACTOR),
                                   sign(w, p, signer="Paul")))),
    ("minutes-third-scrutineer", MinutesRuleBroken,
     "two scrutineers have already signed this text of the minutes: the bureau has two (Code de commerce R225-101)",
     then_on(closed, lambda w, p: [sign(w, p, signer=n, capacity="scrutineer") for n in ("A", "B", "C")])),
    ("minutes-correct-unsigned", MinutesRuleBroken,
     "only signed minutes are corrected; until then, the minutes follow the register",
     then_on(closed, lambda w, p: w.app.correct_minutes(p, text="Erratum", corrects=1, actor=ACTOR))),
    ("minutes-correct-nothing", MinutesRuleBroken,
     "a correction must reference an existing entry of the minutes (1 to 1)",
     then_on(closed, lambda w, p: (sign(w, p), w.app.correct_minutes(p, text="Erratum", corrects=2, actor=ACTOR)))),
]


# Minutes signed in their PDF (issue 25): the register follows the file from signature to signature.
def pdf_of(n: int, previous: int | None = None, **fields: object) -> dict[str, object]:
    return {"sha256": f"{n:064x}", "previous": None if previous is None else f"{previous:064x}", "method": "pole-ca",
            "certificate": "c" * 64, "subject": "CN=Claire", **fields}


def sign_pdf(w: World, p: UUID, n: int, previous: int | None = None, signer: str = "Claire",
             capacity: str = "chair", **fields: object) -> None:
    w.app.sign_minutes(p, signer=signer, capacity=capacity, actor=ACTOR, pdf=pdf_of(n, previous, **fields))


def stamp(w: World, p: UUID, n: int, previous: int) -> None:
    w.app.timestamp_minutes(p, pdf={"sha256": f"{n:064x}", "previous": f"{previous:064x}", "tsa": "TSA"}, actor=ACTOR)


SCENARIOS += [
    ("minutes-timestamp-unsigned", MinutesRuleBroken, "only minutes signed in their PDF take a document timestamp",
     then_on(closed, lambda w, p: stamp(w, p, 2, 1))),
    ("minutes-timestamp-not-pdf", MinutesRuleBroken, "only minutes signed in their PDF take a document timestamp",
     then_on(closed, lambda w, p: (sign(w, p), stamp(w, p, 2, 1)))),
    ("minutes-pdf-not-an-object", InvalidInput, "a signature's PDF is described by an object",
     then_on(closed, lambda w, p: w.app.sign_minutes(p, signer="Claire", capacity="chair", actor=ACTOR,
                                                     pdf="signed.pdf"))),
    ("minutes-timestamp-not-an-object", InvalidInput, "a signature's PDF is described by an object",
     then_on(closed, lambda w, p: (sign_pdf(w, p, 1), w.app.timestamp_minutes(p, pdf=["x"], actor=ACTOR)))),
    ("minutes-pdf-fingerprint", InvalidInput, "a PDF's fingerprint is its SHA-256 in hexadecimal",
     then_on(closed, lambda w, p: sign_pdf(w, p, 1, sha256="abc"))),
    ("minutes-pdf-method", InvalidInput, "a signature in the PDF is made one of these ways: pole-ca, pkcs12, external",
     then_on(closed, lambda w, p: sign_pdf(w, p, 1, method="scan"))),
    ("minutes-pdf-after-timestamp", MinutesRuleBroken,
     "the signed PDF of these minutes is closed by its document timestamp: a correction makes a new text to sign",
     then_on(closed, lambda w, p: (sign_pdf(w, p, 1), stamp(w, p, 2, 1),
                                   sign_pdf(w, p, 3, 2, signer="Paul", capacity="secretary")))),
    ("minutes-pdf-not-incremental", MinutesRuleBroken,
     "each signature is added to the PDF the previous signature left, so that it keeps them (an incremental update)",
     then_on(closed, lambda w, p: (sign_pdf(w, p, 1), sign_pdf(w, p, 2, signer="Paul", capacity="secretary")))),
    ("minutes-timestamp-twice", MinutesRuleBroken,
     "the signed PDF of these minutes already carries its document timestamp",
     then_on(closed, lambda w, p: (sign_pdf(w, p, 1), stamp(w, p, 2, 1), stamp(w, p, 3, 2)))),
    ("minutes-timestamp-not-last", MinutesRuleBroken,
     "a document timestamp is added to the last signed PDF of the minutes",
     then_on(closed, lambda w, p: (sign_pdf(w, p, 1), sign_pdf(w, p, 2, 1, signer="Paul", capacity="secretary"),
                                   stamp(w, p, 3, 1)))),
]

# Categories of associates the statutes list (issue 18).
SCENARIOS += [
    ("category-not-listed", MembershipRuleBroken,
     "category 'usager' is not one the statutes list (employee, beneficiary, public_body)",
     lambda w: World(w.app, scic(categories=["employee", "beneficiary", "public_body"])).request("ana")),
    ("categories-not-a-list", StatutesRuleBroken, "categories must be a list of codes",
     statutes_check(categories="employee")),
    ("category-code", StatutesRuleBroken,
     "category code 'Salariés' must be 1–40 lowercase letters, digits, '-' or '_'",
     statutes_check(categories=["Salariés"])),
]


# The notice period of Code de commerce R225-69 (issue 20): the meeting on Tuesday 2027-01-19
# (docs/convocation-law.md, worked dates).
MEETING = datetime(2027, 1, 19, 14, 0, tzinfo=UTC)


def convened_on(sent: datetime, convocation: str = "first") -> Callable[[World], object]:
    def run(w: World) -> object:
        with frozen_time(sent):
            return convened(w, held_at=MEETING, convocation=convocation)
    return run


SCENARIOS += [
    ("notice-first", AssemblyRuleBroken, "R225-69: at least 15 days are needed between sending the convocation and "
     "the assembly on first convocation (sent on 2027-01-05, the assembly on 2027-01-19 leaves 14; the earliest "
     "lawful date is 2027-01-20)", convened_on(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))),
    ("notice-later", AssemblyRuleBroken, "R225-69: at least 10 days are needed between sending the convocation and "
     "the assembly on a later convocation (sent on 2027-01-10, the assembly on 2027-01-19 leaves 9; the earliest "
     "lawful date is 2027-01-20)", convened_on(datetime(2027, 1, 10, 9, 0, tzinfo=UTC), "second")),
    ("notice-statutes-first", StatutesRuleBroken, "the notice on first convocation must be at least 15 days (Code de "
     "commerce R225-69); statutes may only lengthen it", statutes_check(notice_days={"first": 10, "second": 10})),
    ("notice-statutes-later", StatutesRuleBroken, "the notice on a later convocation must be at least 10 days (Code "
     "de commerce R225-69); statutes may only lengthen it", statutes_check(notice_days={"second": 9})),
    ("notice-statutes-shape", StatutesRuleBroken,
     "the notice period gives a number of days for first and second convocation",
     statutes_check(notice_days={"third": 20})),
    ("notice-statutes-max", StatutesRuleBroken, "the notice period must be at most 365 days",
     statutes_check(notice_days={"first": 400})),
]


# -- convening (issue 20) ----------------------------------------------------------------------
# The meeting on Tuesday 2027-01-19 at 18:00 Paris time (UTC+1 in winter), its convocation sent on Monday
# 2027-01-04 (15 days' notice, R225-69). Correspondence forms count when received on paper by 2027-01-16
# (R225-77: 3 days before the meeting by default), online until the eve, 2027-01-18 at 15:00 Paris time. A consent
# to e-mail serves for this meeting when dated 2026-12-15 at the latest (R225-63: 35 days before the meeting).
SESSION = datetime(2027, 1, 19, 17, 0, tzinfo=UTC)  # 18:00 in Paris
ADMITTING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Ana and Bob admitted
CONSENTING = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # a consent form recorded, in time for the meeting
SENDING = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # convened and sent, 10:00 in Paris
VOTING_ONLINE = datetime(2027, 1, 10, 19, 30, tzinfo=UTC)  # a member fills in its form online, 20:30 in Paris
SECOND_SENDING = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # the day after a meeting short of quorum
SECOND_SESSION = datetime(2027, 2, 9, 17, 0, tzinfo=UTC)  # Tuesday 2027-02-09, 18:00 in Paris
REPORT = hashlib.sha256("Rapport de gestion 2026".encode()).hexdigest()
IDENTITY = {"registered_office": "12 rue des Tanneurs\n26400 Crest", "capital": "18 500 € (capital variable)",
            "rcs_number": "912 345 678", "rcs_city": "Romans-sur-Isère"}


def admitted(w: World, *names: str) -> None:
    """Ana and Bob (by default) admitted on 2026-12-01, in the electorate of the meetings below."""
    with frozen_time(ADMITTING):
        for name in names or ("ana", "bob"):
            w.admit(name)


def consent(w: World, name: str, *, on: Any = date(2026, 12, 10), channel: str = "paper",
            withdraw: bool = False) -> None:
    """The secretary records a member's signed paper form (dated `on`) on 2026-12-10."""
    command = w.app.withdraw_convocation_consent if withdraw else w.app.give_convocation_consent
    dated = {"asked_on" if withdraw else "given_on": on}
    with frozen_time(CONSENTING):
        command(w.pole_id, w.members[name], channel=channel, actor=ACTOR, **dated)


def convene_meeting(w: World, identity: dict[str, str] | None = None, **options: Any) -> UUID:
    """The pole's identity recorded and the meeting of 2027-01-19 convened on 2027-01-04, its members admitted."""
    with frozen_time(SENDING):
        w.app.record_pole_identity(w.pole_id, actor=ACTOR, **(IDENTITY if identity is None else identity))
        w.agenda = [w.draft()]  # type: ignore[attr-defined]
        return w.app.convene_assembly(w.pole_id, agenda=w.agenda, actor=ACTOR,  # type: ignore[attr-defined]
                                      **{"kind": "ordinary", "held_at": SESSION, "place": "Salle des fêtes, Crest",
                                         "mode": "hybrid", "convocation": "first", **options})


def send(w: World, assembly_id: UUID, *reachable: str) -> None:
    """Send the convocation on 2027-01-04; `reachable`: the members with an e-mail address on file."""
    with frozen_time(SENDING):
        w.app.send_convocation(assembly_id, reachable=[str(w.members[name]) for name in reachable], actor=ACTOR)


def sent(w: World) -> UUID:
    """Ana and Bob, neither consenting to e-mail: both convened by post on 2027-01-04."""
    admitted(w)
    assembly_id = convene_meeting(w)
    send(w, assembly_id)
    return assembly_id


def only_convened(w: World) -> UUID:
    admitted(w)
    return convene_meeting(w)


def form(w: World, assembly_id: UUID, name: str, *, channel: str = "online", way: str = "votes",
         choices: Any = None, received_on: date | None = None, represented: Any = "self") -> None:
    """A member's correspondence form: online by the member itself, or on paper recorded by the secretary."""
    member = str(w.members[name])
    if represented == "self":
        represented = [member] if channel == "online" else None
    if choices is None:
        choices = {str(w.agenda[0]): "for"}  # type: ignore[attr-defined]
    w.app.record_correspondence_form(assembly_id, member, way=way, choices=choices, channel=channel, actor=ACTOR,
                                     received_on=received_on, represented=represented)


def at(moment: datetime, make: Callable[[World], UUID],
       action: Callable[[World, UUID], object]) -> Callable[[World], object]:
    """Make the record, then run `action` on it at `moment`."""
    def run(w: World) -> object:
        made = make(w)
        with frozen_time(moment):
            return action(w, made)
    return run


def under(scenario: Callable[[World], object], **statutes: Any) -> Callable[[World], object]:
    """The scenario on a pole whose statutes say `statutes`."""
    return lambda w: scenario(World(w.app, scic(**statutes)))


def all_by_email(w: World) -> UUID:
    """Ana and Bob consented on paper forms dated 2026-12-10 (before 2026-12-15) and have an address: e-mail."""
    admitted(w)
    consent(w, "ana")
    consent(w, "bob")
    assembly_id = convene_meeting(w)
    send(w, assembly_id, "ana", "bob")
    return assembly_id


def voted_then_in_person(w: World, assembly_id: UUID) -> None:
    """Ana voted online on 2027-01-10; at the meeting Bob comes, the resolution is put to the vote, and Ana's
    ballot is asked for again."""
    with frozen_time(VOTING_ONLINE):
        form(w, assembly_id, "ana")
    w.app.open_session(assembly_id, actor=ACTOR)
    attend(w, assembly_id, "bob")
    w.app.put_to_vote(assembly_id, w.agenda[0], actor=ACTOR)  # type: ignore[attr-defined]
    w.vote(w.agenda[0], "ana", "against")  # type: ignore[attr-defined]


def reconvene(w: World, previous: UUID, *, convocation: str = "second", agenda: list[UUID] | None = None) -> UUID:
    """The meeting of 2027-01-19 fell short of its quorum: convened again on 2027-01-20 for 2027-02-09."""
    with frozen_time(SECOND_SENDING):
        return w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=SECOND_SESSION,
                                      place="Salle des fêtes, Crest", mode="hybrid", convocation=convocation,
                                      agenda=w.agenda if agenda is None else agenda,  # type: ignore[attr-defined]
                                      actor=ACTOR, follows=previous)


def documents(w: World, assembly_id: UUID, count: int) -> None:
    for number in range(count):
        content = f"Annexe {number + 1}".encode()
        w.app.make_document_available(assembly_id, sha256=hashlib.sha256(content).hexdigest(),
                                      name=f"Annexe {number + 1}.pdf", size=len(content),
                                      media_type="application/pdf", actor=ACTOR)


def report(w: World, assembly_id: UUID, **changes: Any) -> None:
    w.app.make_document_available(assembly_id, actor=ACTOR, **{
        "sha256": REPORT, "name": "Rapport de gestion 2026.pdf", "size": 48_213, "media_type": "application/pdf",
        **changes})


def incident(w: World, assembly_id: UUID, started_at: datetime, ended_at: datetime | None) -> None:
    w.app.record_incident(assembly_id, started_at=started_at, ended_at=ended_at,
                          description="La visioconférence a coupé ; les membres à distance ont été reconnectés.",
                          actor=ACTOR)


def held_with_quorum(w: World) -> UUID:
    """The meeting of 2027-01-19 with Ana and Bob present (2 of 2: its quorum reached), closed with nothing voted."""
    assembly_id = in_session_on_the_day(w)
    with frozen_time(SESSION):
        attend(w, assembly_id, "ana")
        attend(w, assembly_id, "bob")
        w.app.close_session(assembly_id, actor=ACTOR)
    return assembly_id


def held_short_of_quorum(w: World) -> UUID:
    """The meeting of 2027-01-19 opened and closed with nobody there: its quorum was not reached."""
    assembly_id = in_session_on_the_day(w)
    with frozen_time(SESSION):
        w.app.close_session(assembly_id, actor=ACTOR)
    return assembly_id


def in_session_on_the_day(w: World) -> UUID:
    assembly_id = sent(w)
    with frozen_time(SESSION):
        w.app.open_session(assembly_id, actor=ACTOR)
    return assembly_id


SCENARIOS += [
    # the statutes' convocation settings
    ("convocation-channels-shape", StatutesRuleBroken, "the convocation channels are a list: post, email",
     statutes_check(convocation_channels={"post": True, "email": True})),
    ("convocation-channel-unknown", StatutesRuleBroken, "unknown convocation channel 'fax' (post, email)",
     statutes_check(convocation_channels=["post", "fax"])),
    ("convocation-without-post", StatutesRuleBroken, "the convocation must be able to go by post: a member who has "
     "not consented to e-mail is convened by letter (Code de commerce R225-63, R225-67 and R225-68)",
     statutes_check(convocation_channels=["email"])),
    ("consent-days-short", StatutesRuleBroken, "the consent to e-mail convocation must be given at least 35 days "
     "before the meeting (Code de commerce R225-63); statutes may lengthen it up to 365 days",
     statutes_check(consent_days=30)),
    ("paper-form-days-long", StatutesRuleBroken, "paper correspondence forms may be required at most 3 days before "
     "the meeting (Code de commerce R225-77); statutes may only shorten that delay",
     statutes_check(paper_form_days=5)),
    ("sa-excludes-correspondence", StatutesRuleBroken, "in a société anonyme every member may vote by "
     "correspondence: the statutes cannot exclude it (Code de commerce L225-107 I)",
     lambda w: w.app.found_pole(name="Pôle Coop Rhône", territory="Drôme", legal_form="SCIC SA",
                                statutes=scic(correspondence_voting=False), actor=ACTOR)),
    # the pole's identity (R225-66)
    ("identity-field", InvalidInput, "unknown identity field 'siret'",
     lambda w: w.app.record_pole_identity(w.pole_id, siret="912 345 678 00015", actor=ACTOR)),
    ("identity-office-lines", InvalidInput, "the registered office's address holds at most 6 lines",
     lambda w: w.app.record_pole_identity(w.pole_id, actor=ACTOR, registered_office="\n".join(
         ["Pôle Coop Vallée", "Bâtiment B", "Escalier 3", "12 rue des Tanneurs", "ZA des Granges", "BP 42",
          "26400 Crest"]))),
    ("identity-questions-email", InvalidInput, "the address for written questions must be an e-mail address",
     lambda w: w.app.record_pole_identity(w.pole_id, questions_email="Secrétariat, 12 rue des Tanneurs",
                                          actor=ACTOR)),
    # consent to e-mail convocation (R225-63)
    ("consent-channel", InvalidInput, "the consent is given online or on a paper form",
     lambda w: (admitted(w), consent(w, "ana", channel="telephone"))),
    ("consent-paper-undated", InvalidInput, "a paper form's date is needed",
     lambda w: (admitted(w), consent(w, "ana", on=None))),
    ("consent-date-type", InvalidInput, "the form's date must be a date",
     lambda w: (admitted(w), consent(w, "ana", on="2026-12-08"))),
    ("consent-date-future", InvalidInput, "the form's date cannot be in the future",
     lambda w: (admitted(w), consent(w, "ana", on=date(2026, 12, 11)))),
    ("consent-date-old", InvalidInput, "the form's date is more than ten years ago",
     lambda w: (admitted(w), consent(w, "ana", on=date(2016, 11, 30)))),
    ("consent-twice", MembershipStateConflict, "'ana' already agreed to be convened by e-mail",
     lambda w: (admitted(w), consent(w, "ana", on=date(2026, 12, 8)), consent(w, "ana"))),
    ("consent-withdrawn-unasked", MembershipStateConflict, "'bob' is already convened by post",
     lambda w: (admitted(w), consent(w, "bob", withdraw=True))),
    # sending the convocation (R225-66)
    ("convocation-identity", AssemblyRuleBroken, "R225-66: the convocation states the pole's registered office, "
     "and for a company its capital and its RCS number and city (R123-237); record the pole's identity first "
     "(missing: rcs_number, rcs_city)",
     lambda w: (admitted(w), send(w, convene_meeting(w, identity={
         "registered_office": IDENTITY["registered_office"], "capital": IDENTITY["capital"]})))),
    ("convocation-after-opening", AssemblyRuleBroken,
     "the convocation is sent before the session (this assembly is in_session)",
     at(SESSION, only_convened, lambda w, a: (w.app.open_session(a, actor=ACTOR),
                                               w.app.send_convocation(a, reachable=[], actor=ACTOR)))),
    ("convocation-twice", AssemblyStateConflict, "the convocation has already been sent",
     lambda w: send(w, sent(w))),
    ("convocation-recipients", AssemblyRuleBroken, "the convocation goes to every member of the electorate",
     at(SENDING, only_convened, lambda w, a: w.app.get_assembly(a).send_convocation(
         text="Avis de convocation", recipients={str(w.members["ana"]): {"channel": "post"}}, actor=ACTOR))),
    # the posting date
    ("posting-unsent", AssemblyRuleBroken, "the convocation has not been sent yet",
     at(SENDING, only_convened, lambda w, a: w.app.record_posting(a, posted_on=date(2027, 1, 4), actor=ACTOR))),
    ("posting-none-by-post", AssemblyRuleBroken, "no member is convened by post for this assembly",
     at(SENDING, all_by_email, lambda w, a: w.app.record_posting(a, posted_on=date(2027, 1, 4), actor=ACTOR))),
    ("posting-twice", AssemblyStateConflict, "the posting date has already been recorded (2027-01-04)",
     at(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), sent, lambda w, a: [
         w.app.record_posting(a, posted_on=posted_on, actor=ACTOR) for posted_on in (date(2027, 1, 4),
                                                                                     date(2027, 1, 5))])),
    ("posting-not-a-date", InvalidInput, "the posting date must be a date",
     at(SENDING, sent, lambda w, a: w.app.record_posting(a, posted_on="2027-01-04", actor=ACTOR))),
    ("posting-before-sending", InvalidInput,
     "the letters are posted between the sending of the convocation and the meeting, and not after today",
     at(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), sent,
        lambda w, a: w.app.record_posting(a, posted_on=date(2027, 1, 3), actor=ACTOR))),
    # documents made available (R225-83, R225-89)
    ("document-fingerprint", InvalidInput, "a document is named by the SHA-256 of its content",
     at(SENDING, sent, lambda w, a: report(w, a, sha256=REPORT.upper()))),
    ("document-twice", AssemblyStateConflict, "this document is already available for this assembly",
     at(SENDING, sent, lambda w, a: (report(w, a), report(w, a, name="Rapport de gestion (copie).pdf")))),
    ("document-too-many", AssemblyRuleBroken, "an assembly holds at most 100 documents",
     at(SENDING, sent, lambda w, a: (documents(w, a, 100), report(w, a)))),
    ("document-empty", InvalidInput, "a document cannot be empty",
     at(SENDING, sent, lambda w, a: report(w, a, size=0))),
    # correspondence forms (L225-107 I, R225-75 to R225-77, R225-85 III)
    ("form-not-in-statutes", AssemblyRuleBroken,
     "the statutes do not admit voting by correspondence (loi n° 47-1775, art. 10)",
     under(at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana")), correspondence_voting=False)),
    ("form-before-sending", AssemblyRuleBroken, "a correspondence form is received once the convocation is sent "
     "(Code de commerce R225-75)", at(SENDING, only_convened, lambda w, a: form(w, a, "ana"))),
    ("form-dated-before-sending", AssemblyRuleBroken, "a correspondence form is received once the convocation is "
     "sent (Code de commerce R225-75)",
     at(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), sent,
        lambda w, a: form(w, a, "ana", channel="paper", received_on=date(2027, 1, 3)))),
    ("form-in-session", AssemblyRuleBroken, "correspondence forms are received before the meeting (Code de commerce "
     "L225-107 I): this assembly is in_session",
     at(SESSION, in_session_on_the_day, lambda w, a: form(w, a, "ana", channel="paper",
                                                          received_on=date(2027, 1, 15)))),
    ("form-way", InvalidInput, "a form gives a vote on each resolution, or a proxy to the chair",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", way="proxy"))),
    ("form-channel", InvalidInput, "a form is received online or on paper",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", channel="fax", received_on=date(2027, 1, 10)))),
    ("form-choices-shape", InvalidInput, "the form's choices map each resolution to for, against or abstain",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", choices=["for"]))),
    ("form-off-agenda", AssemblyRuleBroken, "the form votes only on the resolutions on the agenda",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", choices={str(w.draft()): "for"}))),
    ("form-chair-with-choices", InvalidInput,
     "a proxy to the chair gives no choice: the chair votes for the board's resolutions",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", way="chair"))),
    ("form-for-another", NotPermitted, "you do not represent this member",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", represented=[str(w.members["bob"])]))),
    ("form-online-by-secretary", InvalidInput, "an online form is the member's own",
     at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana", represented=None))),
    ("form-online-late", AssemblyRuleBroken, "R225-77: electronic forms are received until the eve of the meeting "
     "at 15:00, Paris time (2027-01-18 15:00)",
     at(datetime(2027, 1, 18, 14, 5, tzinfo=UTC), sent, lambda w, a: form(w, a, "ana"))),
    ("form-paper-undated", InvalidInput, "the day the paper form was received is needed",
     at(datetime(2027, 1, 12, 9, 0, tzinfo=UTC), sent, lambda w, a: form(w, a, "ana", channel="paper"))),
    ("form-paper-future", InvalidInput, "the form's date cannot be in the future",
     at(datetime(2027, 1, 11, 9, 0, tzinfo=UTC), sent,
        lambda w, a: form(w, a, "ana", channel="paper", received_on=date(2027, 1, 12)))),
    ("form-paper-late", AssemblyRuleBroken,
     "R225-77: paper forms received after 2027-01-16 are not counted (received on 2027-01-17)",
     at(datetime(2027, 1, 18, 9, 0, tzinfo=UTC), sent,
        lambda w, a: form(w, a, "ana", channel="paper", received_on=date(2027, 1, 17)))),
    ("form-twice", AssemblyRuleBroken, "this member has already chosen how to take part (a form or a proxy): it "
     "cannot choose again unless the statutes allow it (Code de commerce, art. R225-85 III)",
     at(VOTING_ONLINE, sent, lambda w, a: (form(w, a, "ana"), form(w, a, "ana", choices={
         str(w.agenda[0]): "against"})))),  # type: ignore[attr-defined]
    ("form-then-ballot", VotingStateConflict, "this member voted by correspondence: its form's votes count (Code de "
     "commerce L225-107 I, R225-85 III)", at(SESSION, sent, voted_then_in_person)),
    # the meeting
    ("session-before-the-day", AssemblyRuleBroken, "the session opens on the day the convocation announced "
     "(2027-01-19)", at(datetime(2027, 1, 18, 17, 0, tzinfo=UTC), sent,
                        lambda w, a: w.app.open_session(a, actor=ACTOR))),
    ("remote-not-in-statutes", AssemblyRuleBroken, "the statutes do not provide that members taking part by video "
     "or telecommunication count as present (Code de commerce L225-107 II): record the member present, or its "
     "correspondence form or proxy",
     under(at(SESSION, in_session_on_the_day, lambda w, a: attend(w, a, "ana", mode="remote")),
           remote_counts_as_present=False)),
    ("correspondence-without-form", AssemblyRuleBroken,
     "record the member's correspondence form: its votes are counted from the form",
     at(SESSION, in_session_on_the_day, lambda w, a: attend(w, a, "ana", mode="correspondence"))),
    ("form-then-absent", AssemblyRuleBroken, "this member's correspondence form was received: it counts for the "
     "quorum and its votes (Code de commerce L225-107 I)",
     at(VOTING_ONLINE, sent, lambda w, a: (form(w, a, "ana"), attend(w, a, "ana", mode="absent")))),
    # a second convocation (L225-105, R225-77 al. 3, R225-79)
    ("second-follows-itself", AssemblyRuleBroken, "a later convocation follows an assembly of the same pole",
     at(SECOND_SENDING, lambda w: reconvene(w, held_short_of_quorum(w)),
        lambda w, a: w.app.get_assembly(a).carry_over(previous=w.app.get_assembly(a), actor=ACTOR))),
    ("second-on-first-convocation", AssemblyRuleBroken,
     "an assembly following another one is convened on second convocation",
     lambda w: reconvene(w, sent(w), convocation="first")),
    ("second-other-agenda", AssemblyRuleBroken, "a second convocation keeps the agenda of the first, none of whose "
     "resolutions was voted (Code de commerce L225-105)",
     lambda w: reconvene(w, held_short_of_quorum(w), agenda=[w.draft()])),
    ("second-before-first-held", AssemblyRuleBroken, "the first assembly's session is held and closed (its quorum not "
     "reached) before a second convocation takes its agenda", lambda w: reconvene(w, sent(w))),
    ("reachable-not-a-list", InvalidInput, "reachable is a list of member ids",
     at(SENDING, only_convened, lambda w, a: w.app.send_convocation(a, reachable=None, actor=ACTOR))),
    ("document-too-big", InvalidInput, "a document holds at most 1073741824 bytes",
     at(SENDING, sent, lambda w, a: report(w, a, size=2 ** 31))),
    # technical incidents (R225-99)
    ("incident-before-session", AssemblyRuleBroken,
     "incidents are recorded during the session (after it, the minutes are corrected)",
     at(SENDING, sent, lambda w, a: incident(w, a, datetime(2027, 1, 4, 9, 30, tzinfo=UTC), None))),
    ("incident-after-session", AssemblyRuleBroken,
     "incidents are recorded during the session (after it, the minutes are corrected)",
     at(SESSION, held_short_of_quorum, lambda w, a: incident(w, a, datetime(2027, 1, 19, 17, 10, tzinfo=UTC), None))),
    ("posting-after-close", AssemblyRuleBroken, "this assembly is closed",
     at(SESSION, held_short_of_quorum, lambda w, a: w.app.record_posting(a, posted_on=date(2027, 1, 4), actor=ACTOR))),
    ("online-form-without-statutes", AssemblyRuleBroken, "the statutes do not provide for taking part by electronic "
     "means: the member sends a signed paper form, which the secretary records (Code de commerce R225-77 3° and "
     "R225-61)", under(at(VOTING_ONLINE, sent, lambda w, a: form(w, a, "ana")), online_forms=False)),
    ("remote-only-without-statutes", AssemblyRuleBroken, "an assembly held only at a distance needs statutes under "
     "which members taking part by video count as present (Code de commerce L225-107 II)",
     under(lambda w: (admitted(w), convene_meeting(w, mode="remote", place="")), remote_counts_as_present=False)),
    ("second-after-quorum", AssemblyRuleBroken, "the first assembly reached its quorum: a second convocation is for an "
     "assembly that could not deliberate for want of quorum", lambda w: reconvene(w, held_with_quorum(w))),
    ("consent-backdated", InvalidInput, "this form is dated 2026-12-01, before the member's last recorded choice "
     "(2026-12-10): the latest wish counts",
     lambda w: (admitted(w), consent(w, "ana"), consent(w, "ana", on=date(2026, 12, 1), withdraw=True))),
    ("incident-naive", InvalidInput, "an incident's times are dates and times with a timezone",
     at(SESSION, in_session_on_the_day,
        lambda w, a: incident(w, a, datetime(2027, 1, 19, 18, 20), datetime(2027, 1, 19, 18, 35)))),
    ("incident-backwards", InvalidInput, "an incident ends after it starts",
     at(SESSION, in_session_on_the_day, lambda w, a: incident(
         w, a, datetime(2027, 1, 19, 17, 35, tzinfo=UTC), datetime(2027, 1, 19, 17, 20, tzinfo=UTC)))),
]


# -- elections, mandates and the board (issue 21) ----------------------------------------------
BOARD = {"seats": 3, "term_years": 3, "election_secret": False}  # open ballots: the test app has no ballot key


def boarded(w: World, **board: Any) -> World:
    """A pole of the same app whose statutes set up a board of 3 (3-year mandates), with `board`'s changes."""
    return World(w.app, scic(board={**BOARD, **board}))


def on_board(scenario: Callable[[World], object], **board: Any) -> Callable[[World], object]:
    return lambda w: scenario(boarded(w, **board))


def today() -> date:
    return paris_day(datetime.now(UTC))


def election(w: World, *candidates: str, seats: Any = 1, **reserved: Any) -> UUID:
    """The election of `seats` to the board (`reserved=`: the seats per college, the statutes' by default); each
    of `candidates` (admitted in the salariés' college if new) stands."""
    proposal_id = w.app.draft_election(w.pole_id, title="Élection du conseil", text="Pourvoir les sièges.",
                                       seats=seats, actor=ACTOR, **reserved)
    for name in candidates:
        w.app.declare_candidate(proposal_id, w.members.get(name) or w.admit(name), actor=ACTOR)
    return proposal_id


def opened_election(w: World, *candidates: str) -> UUID:
    proposal_id = election(w, *candidates)
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)
    return proposal_id


def ballot_on(method: str, ballot: str) -> Callable[[World], object]:
    """Ana casts `ballot` in the open election of one seat, by `method`, where Ana and Bob stand."""
    def run(w: World) -> None:
        w = boarded(w, election_method=method)
        w.vote(opened_election(w, "ana", "bob"), "ana", ballot)
    return run


def elected(w: World, *names: str) -> dict[str, str]:
    """`names` elected to the board today, each voting for all of them; their mandates' ids by name."""
    proposal_id = election(w, *names, seats=len(names))
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)
    for name in names:
        w.vote(proposal_id, name, "f" * len(names))
    w.app.close_voting(proposal_id, actor=ACTOR)
    return {m["name"]: m["id"] for m in w.app.get_pole(w.pole_id).mandates if m["status"] == "active"}


def mandates(action: Callable[[World, dict[str, str]], object], *names: str) -> Callable[[World], object]:
    """`names` (Ana by default) elected today to a board of 3, then `action` on their mandates."""
    def run(w: World) -> object:
        w = boarded(w)
        return action(w, elected(w, *(names or ("ana",))))
    return run


def resign(w: World, mandate_id: str, on: date | None = None) -> None:
    w.app.end_mandate(w.pole_id, mandate_id, on=on or today(), reason="resignation", decision="Lettre de démission",
                      actor=ACTOR)


def coopt(w: World, name: str, replaces: str, on: date | None = None) -> str:
    return w.app.coopt(w.pole_id, w.members.get(name) or w.admit(name), replaces=replaces, on=on or today(),
                       decision="CA du jour", actor=ACTOR)


def appoint(w: World, mandate_id: str, role: str = "président·e") -> None:
    w.app.appoint_officer(w.pole_id, mandate_id, role=role, decision="CA du jour", actor=ACTOR)


def resolution_on(w: World, effect: dict[str, Any]) -> None:
    """Open the online vote on an ordinary resolution with `effect`."""
    proposal_id = w.app.draft_proposal(w.pole_id, title="Conseil", text="Résolution.", effect=effect, actor=ACTOR)
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)


def board_draft(w: World, **draft: Any) -> UUID:
    proposal_id = w.app.draft_proposal(w.pole_id, title="Achat mutualisé", text="Décider.", actor=ACTOR, **draft)
    w.app.address_to_board(proposal_id, actor=ACTOR)
    return proposal_id


def founded(legal_form: str, **board: Any) -> Callable[[World], object]:
    """Found a pole of `legal_form` voting one member, one vote, whose board is `board` (3 seats unless said)."""
    return lambda w: w.app.found_pole(name="Pôle Coop Rhône", territory="Drôme", legal_form=legal_form, actor=ACTOR,
                                      statutes={"model": "one_member_one_vote", "colleges": [],
                                                "board": {"seats": 3, **board}})


def election_by_correspondence(w: World) -> None:
    """Bob's paper form answers the election on the agenda (Ana stands)."""
    w = boarded(w)
    proposal_id = election(w, "ana")
    assembly_id = convened(w, "bob", agenda=[proposal_id])
    w.app.record_correspondence_form(assembly_id, w.members["bob"], way="votes", choices={str(proposal_id): "f"},
                                     channel="paper", received_on=today(), actor=ACTOR)


def too_many_candidates(w: World) -> None:
    proposal_id = election(w)
    rows = [{"name": f"Candidate {n}", "kind": "person", "category": "usager"} for n in range(61)]
    for member_id in w.app.import_members(w.pole_id, rows, decision="CA", actor=ACTOR):
        w.app.declare_candidate(proposal_id, member_id, actor=ACTOR)


def board_overfilled(w: World, mandate_ids: dict[str, str]) -> None:
    """The pole itself refuses a fourth mandate on a board of 3 (the application records an election whose
    mandates do not fit as "not applied", and `_check_vacancies` refuses to open one that could not fit)."""
    dan = w.admit("dan")
    w.app.get_pole(w.pole_id).start_mandates(
        elected=[{"member_id": str(dan), "name": "dan", "college": "salaries", "seat": "open"}], on=today(),
        proposal_id=UNKNOWN, actor=ACTOR)


SCENARIOS += [
    # drafting an election (application, proposal)
    ("election-without-board", ProposalRuleBroken, "the statutes set up no board: say in the statutes how many "
     "seats it has, for how long, and how its members are elected", lambda w: election(w)),
    ("election-seats", ProposalRuleBroken, "an election fills 1 to 3 seats, the board's seats in the statutes",
     on_board(lambda w: election(w, seats=4))),
    ("election-seats-not-whole", InvalidInput, "the seats to fill are whole numbers",
     on_board(lambda w: election(w, seats="deux"))),
    ("election-reserved-over-seats", ProposalRuleBroken,
     "2 seats are reserved to colleges, more than the 1 seats to fill",
     on_board(lambda w: election(w, seats=1, reserved={"salaries": 1, "usagers": 1}))),
    ("election-other-effect", ProposalRuleBroken,
     "an election is an ordinary resolution with no other effect (Code de commerce L225-18)",
     on_board(lambda w: w.app.amend_proposal(election(w), title="Élection", text="Un siège.", kind="extraordinary",
                                             actor=ACTOR))),
    ("election-secrecy", ProposalRuleBroken, "an election is secret or not as the statutes say (loi n° 47-1775, "
     "art. 8): its secrecy cannot be changed",
     on_board(lambda w: w.app.amend_proposal(election(w), title="Élection", text="Un siège.", secret=True,
                                             actor=ACTOR))),
    # Application.draft_election sets up a fresh draft once: only a direct call reaches this guard.
    ("election-twice", ProposalStateConflict, "this draft is already an election",
     on_board(lambda w: w.app.get_proposal(election(w)).set_up_election(
         seats=1, reserved={}, statutes=w.app.get_pole(w.pole_id).statutes, actor=ACTOR))),
    ("election-no-candidate", ProposalStateConflict, "an election needs at least one candidate",
     on_board(lambda w: (w.admit("ana"), w.app.open_voting(election(w), closes_at=LATER, actor=ACTOR)))),
    ("election-no-free-seat", ProposalRuleBroken,
     "the board has 3 seats and 3 stay held beyond this year: this election can fill at most 0",
     mandates(lambda w, m: w.app.open_voting(election(w, "dan"), closes_at=LATER, actor=ACTOR), "ana", "bob", "cyd")),
    ("election-by-correspondence", AssemblyRuleBroken, "an election is voted during the session, in person or by "
     "proxy: the correspondence form covers the resolutions only", election_by_correspondence),
    # candidacies
    ("candidate-not-admitted", MembershipStateConflict, "only an admitted member can stand for election",
     on_board(lambda w: w.app.declare_candidate(election(w), w.request("ana"), actor=ACTOR))),
    ("candidate-not-election", ProposalStateConflict, "this proposal is not an election",
     on_board(lambda w: w.app.declare_candidate(w.draft(), w.admit("ana"), actor=ACTOR))),
    ("candidate-twice", ProposalStateConflict, "'ana' is already a candidate",
     on_board(lambda w: w.app.declare_candidate(election(w, "ana"), w.members["ana"], actor=ACTOR))),
    ("candidates-too-many", ProposalRuleBroken, "an election has at most 60 candidates",
     on_board(too_many_candidates)),
    # Application.declare_candidate passes "self" or "secretary": only a direct call reaches this guard.
    ("candidacy-declarer", InvalidInput, "a candidacy is declared by the member or recorded by the secretary",
     on_board(lambda w: w.app.get_proposal(election(w)).declare_candidate(
         member_id=str(w.admit("ana")), name="ana", college="salaries", declared_by="board", actor=ACTOR))),
    ("candidacy-not-standing", ProposalStateConflict, "this member is not a candidate in this election",
     on_board(lambda w: w.app.withdraw_candidacy(election(w, "ana"), w.admit("bob"), actor=ACTOR))),
    ("candidate-after-opening", ProposalStateConflict,
     "candidates and the deciding body are set before voting opens (this proposal is open)",
     on_board(lambda w: w.app.declare_candidate(opened_election(w, "ana"), w.admit("bob"), actor=ACTOR))),
    # election ballots
    ("election-ballot-length", InvalidInput, "an election ballot gives one answer for each of the 2 candidates",
     ballot_on("resolution_per_candidate", "f")),
    ("election-ballot-choice", InvalidInput, "each candidate is voted for, against or abstain",
     ballot_on("resolution_per_candidate", "fy")),
    ("plurality-mark", InvalidInput, "a candidate is marked or not", ballot_on("plurality", "1x")),
    ("plurality-too-many-marks", VotingRuleBroken, "a ballot marks at most 1 candidates, one per seat to fill",
     ballot_on("plurality", "11")),
    ("majority-judgment-partial", VotingRuleBroken,
     "a majority-judgment ballot grades every candidate, or none (a blank ballot)",
     ballot_on("majority_judgment", "5-")),
    # check_board refuses such statutes: only a direct call reaches this guard.
    ("election-method-of-ballot", InvalidInput, "unknown election method 'approval'",
     lambda w: check_ballot("approval", "1", 1, 1, 6)),
    # the board's decisions
    ("board-decision-without-board", ProposalRuleBroken, "the statutes set up no board",
     lambda w: w.app.address_to_board(w.draft(), actor=ACTOR)),
    ("board-decision-twice", ProposalStateConflict, "this draft is already addressed to the board",
     on_board(lambda w: w.app.address_to_board(board_draft(w), actor=ACTOR))),
    ("board-decision-on-agenda", ProposalStateConflict, "this draft is on an assembly's agenda",
     on_board(lambda w: w.app.address_to_board(w.agenda[0] if convened(w) else None,  # type: ignore[attr-defined]
                                               actor=ACTOR))),
    ("board-elects-itself", ProposalRuleBroken, "the board's members are elected by the general assembly (Code de "
     "commerce L225-18; loi n° 47-1775, art. 6)", on_board(lambda w: w.app.address_to_board(election(w), actor=ACTOR))),
    ("board-decision-secret", ProposalRuleBroken,
     "a board decision is not secret: the chair's vote decides a tie (Code de commerce L225-37)",
     on_board(lambda w: w.app.address_to_board(w.draft(secret=True), actor=ACTOR))),
    ("board-decision-strategy", ProposalRuleBroken, "the board decides admissions and exclusions only, where the "
     "statutes give them to it; statutes and strategy are the assembly's",
     on_board(lambda w: w.app.address_to_board(w.app.draft_proposal(
         w.pole_id, title="Stratégie", text="Réviser.", effect={"type": "revise_strategy", "text": "Mutualiser."},
         actor=ACTOR), actor=ACTOR))),
    ("board-decision-amended-secret", ProposalRuleBroken,
     "a board decision is not secret and decides admissions and exclusions only",
     on_board(lambda w: w.app.amend_proposal(board_draft(w), title="Achat", text="Décider.", secret=True,
                                             actor=ACTOR))),
    ("board-decision-in-assembly", ProposalStateConflict, "a board decision is not voted in a general assembly",
     on_board(lambda w: convened(w, agenda=[board_draft(w)]))),
    # mandates: end, co-optation, officers (application, pole)
    ("mandate-unknown", NotFound, f"no mandate {UNKNOWN} in pole 'Pôle Coop Vallée'",
     lambda w: resign(w, str(UNKNOWN))),
    ("mandate-day", InvalidInput, "demain is not a date (YYYY-MM-DD)",
     lambda w: w.app.end_mandate(w.pole_id, str(UNKNOWN), on="demain", reason="death", decision="Acte de décès",
                                 actor=ACTOR)),
    ("mandate-removal-by-secretary", InvalidInput, "the secretary records a resignation or a death; a removal is "
     "voted by the ordinary assembly (Code de commerce L225-18)",
     lambda w: w.app.end_mandate(w.pole_id, str(UNKNOWN), on=today(), reason="removal", decision="AG",
                                 actor=ACTOR)),
    # Application.end_mandate lets through only a resignation or a death: only a direct call reaches this guard.
    ("mandate-end-reason", InvalidInput, "a mandate ends by term, resignation, removal, membership_lost, death",
     mandates(lambda w, m: w.app.get_pole(w.pole_id).end_mandate(mandate_id=m["ana"], on=today(), reason="lassitude",
                                                                 decision="Lettre", actor=ACTOR))),
    ("mandate-ended-twice", MembershipStateConflict, "this mandate has already ended",
     mandates(lambda w, m: (resign(w, m["ana"]), resign(w, m["ana"])))),
    ("mandate-ends-before-start", MembershipRuleBroken, "a mandate cannot end before it starts",
     mandates(lambda w, m: resign(w, m["ana"], on=today() - timedelta(days=1)))),
    ("board-overfilled", MembershipRuleBroken, "the board has 3 seats: 3 are held and 1 people were elected",
     mandates(board_overfilled, "ana", "bob", "cyd")),
    ("coopt-no-vacancy", MembershipRuleBroken, "the board co-opts a member only to a seat left vacant by a death or "
     "a resignation (Code de commerce L225-24)", mandates(lambda w, m: coopt(w, "bob", m["ana"]))),
    ("coopt-twice", MembershipStateConflict, "this seat has already been filled by co-optation",
     mandates(lambda w, m: (resign(w, m["ana"]), coopt(w, "bob", m["ana"]), coopt(w, "cyd", m["ana"])))),
    ("coopt-board-member", MembershipStateConflict, "'bob' already holds a seat on the board",
     mandates(lambda w, m: (resign(w, m["ana"]), coopt(w, "bob", m["ana"])), "ana", "bob")),
    ("coopt-before-vacancy", MembershipRuleBroken,
     "a co-opted member sits from the vacancy to the end of the predecessor's term",
     mandates(lambda w, m: (resign(w, m["ana"]), coopt(w, "bob", m["ana"], on=today() - timedelta(days=1))))),
    ("officer-role", MembershipRuleBroken, "the statutes name no officer role 'trésorier'",
     on_board(lambda w: appoint(w, str(UNKNOWN), role="trésorier"))),
    ("officer-out-of-office", MembershipStateConflict, "only a member of the board in office holds an officer role",
     mandates(lambda w, m: (resign(w, m["ana"]), appoint(w, m["ana"])))),
    ("officer-twice", MembershipStateConflict, "'ana' already holds this role",
     mandates(lambda w, m: (appoint(w, m["ana"]), appoint(w, m["ana"])))),
    # the assembly's resolutions on mandates (effects)
    ("effect-mandate-kind", ProposalRuleBroken, "the ordinary assembly removes administrators and ratifies "
     "co-optations (Code de commerce L225-18, L225-24)",
     lambda w: clean_effect({"type": "remove_administrator", "mandate_id": str(UNKNOWN)}, "extraordinary")),
    ("effect-mandate", InvalidInput, "the effect needs the mandate concerned",
     lambda w: clean_effect({"type": "ratify_cooptation", "mandate_id": "ana"}, "ordinary")),
    ("effect-removes-ended-mandate", ProposalStateConflict, "'ana' no longer holds a seat on the board",
     mandates(lambda w, m: (resign(w, m["ana"]), resolution_on(w, {"type": "remove_administrator",
                                                                   "mandate_id": m["ana"]})))),
    ("effect-ratifies-elected", ProposalStateConflict, "this mandate is not a co-optation waiting for ratification",
     mandates(lambda w, m: resolution_on(w, {"type": "ratify_cooptation", "mandate_id": m["ana"]}))),
    # the board in the statutes
    ("board-shape", StatutesRuleBroken, "the board is described by its name, seats, term and rules",
     lambda w: Statutes.from_dict(scic(board=["conseil"]))),
    ("board-reserved-shape", StatutesRuleBroken, "the reserved seats map a college to a number of seats",
     lambda w: Statutes.from_dict(scic(board={"reserved": ["salaries"]}))),
    ("board-seats", StatutesRuleBroken, "the board needs between 1 and 100 seats", statutes_check(board={"seats": 0})),
    ("board-reserved-college", StatutesRuleBroken,
     "seats are reserved to college 'benevoles', which the statutes do not define",
     statutes_check(board={"reserved": {"benevoles": 1}})),
    ("board-reserved-negative", StatutesRuleBroken, "a college cannot have a negative number of reserved seats",
     statutes_check(board={"reserved": {"salaries": -1}})),
    ("board-reserved-over-seats", StatutesRuleBroken,
     "4 seats are reserved to colleges, more than the board's 3 seats",
     statutes_check(board={"seats": 3, "reserved": {"salaries": 2, "usagers": 2}})),
    ("board-term-short", StatutesRuleBroken, "a mandate lasts at least one year",
     statutes_check(board={"term_years": 0})),
    ("board-term-cooperative", StatutesRuleBroken, "a cooperative's administrators are appointed for at most 6 years "
     "(loi n° 47-1775 du 10 septembre 1947, art. 6): 7 years is refused", founded("SCIC SAS", term_years=7)),
    ("board-term-long", StatutesRuleBroken, "a mandate lasts at most 99 years",
     statutes_check(model="weighted", board={"term_years": 100})),
    ("board-renewal-groups", StatutesRuleBroken, "the board is renewed in 1 to 3 groups (one a year at most)",
     statutes_check(board={"term_years": 3, "renewal_groups": 4})),
    ("board-officers-twice", StatutesRuleBroken, "each officer role is named once",
     statutes_check(board={"officers": ["président·e", "président·e"]})),
    ("board-quorum", StatutesRuleBroken, "the board's quorum must be above 0 % and at most 100 %",
     statutes_check(board={"quorum": "0"})),
    ("board-majority", StatutesRuleBroken, "the board decides by more than half of its members present or "
     "represented; statutes may only ask more (Code de commerce L225-37)",
     statutes_check(board={"majority": {"fraction": "1/2", "strict": False}})),
    ("board-election-method", StatutesRuleBroken,
     "unknown election method 'lot' (resolution_per_candidate, plurality, majority_judgment)",
     statutes_check(board={"election_method": "lot"})),
    ("board-grades", StatutesRuleBroken, "the grade scale has 2 to 10 distinct grades",
     statutes_check(board={"grades": ["Bien", "Bien"]})),
    ("sa-board-seats", StatutesRuleBroken, "the board of a société anonyme has 3 to 18 members (Code de commerce "
     "L225-17)", founded("SCIC SA", seats=2)),
    ("sa-board-term", StatutesRuleBroken, "the administrators of a société anonyme are appointed for at most 6 years "
     "(Code de commerce L225-18): 8 years is refused", founded("SCIC SA", term_years=8)),
    ("sa-board-quorum", StatutesRuleBroken, "the board of a société anonyme deliberates only if at least half its "
     "members are present; a lower quorum in the statutes is void (Code de commerce L225-37)",
     founded("SCIC SA", quorum="1/3")),
]


def _candidate_moved(w: World) -> None:
    proposal_id = election(w, "ana")
    w.app.assign_college(w.pole_id, w.members["ana"], college="usagers", reason="poste", actor=ACTOR)
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)


def _candidate_left(w: World) -> None:
    proposal_id = election(w, "ana")
    w.app.withdraw_member(w.pole_id, w.members["ana"], actor=ACTOR)
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)


def _coopt_after_refill(w: World, m: dict[str, str]) -> None:
    resign(w, m["ana"])
    elected(w, "dan")
    coopt(w, "eve", m["ana"])


SCENARIOS += [
    # found by the review of issue 21
    ("candidate-left", ProposalStateConflict, "candidate 'ana' is no longer a member of the pole: withdraw the "
     "candidacy", on_board(_candidate_left)),
    ("candidate-moved", ProposalStateConflict, "candidate 'ana' has changed college since the candidacy was "
     "recorded: withdraw it and record it again", on_board(_candidate_moved)),
    ("board-exclusion-by-assembly", ProposalRuleBroken, "the statutes give this decision to the general assembly, "
     "not to the board", on_board(lambda w: w.app.address_to_board(w.app.draft_proposal(
         w.pole_id, title="Exclusion", text="x", effect={"type": "exclude_member", "member_id": str(w.admit("zed")),
                                                          "reasons": "Impayés"}, actor=ACTOR), actor=ACTOR))),
    ("cooptation-seats-held", MembershipStateConflict, "the board's 3 seats are all held on that day: the vacancy "
     "has been filled", mandates(_coopt_after_refill, "ana", "bob", "cyd")),
]


# -- the capital register (issue 22) ------------------------------------------------------------
# Shares of 50 €, at least 2 for an usager and 4 for a collectivité (a public body); a floor of 200 € for a stated
# capital of 2 000 € (L231-5: a tenth at least); a refund is due a year after the withdrawal. Every movement is dated
# in the past, in the register's order: subscriptions on JOINED, withdrawals and transfers on ASKED, refunds on PAID.
CAPITAL = {"share_value": "50.00", "minimum_shares": {"usager": 2, "collectivite": 4}, "floor": "200.00",
           "stated": "2000.00", "refund_delay_years": 1, "public_categories": ["collectivite"]}
PARTLY_PAID = {"paid_at_subscription": "1/4", "payment_years": 3}  # a quarter at once, the rest within 3 years
JOINED, ASKED, REFUNDED = date(2025, 1, 10), date(2025, 2, 1), date(2026, 3, 1)


def capitalised(w: World, **capital: Any) -> World:
    """A pole of the same app whose statutes keep a capital register (CAPITAL with `capital`'s changes)."""
    return World(w.app, scic(capital={**CAPITAL, **capital}))


def on_capital(scenario: Callable[[World], object], **capital: Any) -> Callable[[World], object]:
    return lambda w: scenario(capitalised(w, **capital))


def applicant(w: World, name: str, category: str = "usager") -> UUID:
    """`name` asks to join in `category` and the board approves: the admission awaits the minimum subscription."""
    w.members[name] = w.app.request_membership(w.pole_id, name=name, kind="person", category=category, actor=ACTOR)
    w.app.admit_member(w.pole_id, w.members[name], decision="CA du 5 janvier", actor=ACTOR)
    return w.members[name]


def subscribe(w: World, name: str, shares: Any, paid: Any = None, on: Any = JOINED) -> int:
    """`name` subscribes `shares` shares, paid up at once unless `paid` says otherwise."""
    return w.app.subscribe_shares(w.pole_id, w.members[name], shares=shares,
                                  paid=str(int(shares) * 50) if paid is None else paid, on=on,
                                  decision="CA du 5 janvier", actor=ACTOR)


def associate(w: World, name: str, shares: int = 4, category: str = "usager", paid: Any = None) -> UUID:
    """`name` admitted on subscribing `shares` shares."""
    applicant(w, name, category)
    subscribe(w, name, shares, paid)
    return w.members[name]


def asked_back(w: World, name: str, shares: int = 1) -> int:
    """`name` asks `shares` of its shares back; the withdrawal request's number in the register."""
    return w.app.request_withdrawal_of_shares(w.pole_id, w.members[name], shares=shares, on=ASKED,
                                              reason="Besoin de trésorerie", actor=ACTOR)


def refund(w: World, request: Any, amount: Any = "50", on: date = REFUNDED) -> int:
    return w.app.refund_shares(w.pole_id, request=request, amount=amount, on=on, decision="CA du 1er mars",
                               actor=ACTOR)


def transfer(w: World, giver: str, taker: str, shares: int = 1) -> int:
    return w.app.transfer_shares(w.pole_id, w.members[giver], w.members[taker], shares=shares, on=ASKED,
                                 decision="CA du 1er février", actor=ACTOR)


def pay(w: World, name: str, amount: Any) -> int:
    return w.app.pay_up_shares(w.pole_id, w.members[name], amount=amount, on=ASKED, actor=ACTOR)


def cancel(w: World, name: str, shares: int = 1) -> int:
    return w.app.cancel_shares(w.pole_id, w.members[name], shares=shares, on=ASKED, reason="Parts non libérées",
                               actor=ACTOR)


def founded_with_capital(capital: Any, legal_form: str = "SCIC SAS", **statutes: Any) -> Callable[[World], object]:
    """Found a pole whose statutes' capital clauses are `capital` (a dict: CAPITAL with its changes)."""
    return lambda w: w.app.found_pole(name="Pôle Coop Rhône", territory="Drôme", legal_form=legal_form, actor=ACTOR,
                                      statutes=scic(capital={**CAPITAL, **capital} if isinstance(capital, dict)
                                                    else capital, **statutes))


def public_cap_crossed(w: World) -> None:
    """4 public shares against 4 private ones is exactly half; a fifth public share is 5/9."""
    associate(w, "ana")
    associate(w, "Commune", category="collectivite")
    subscribe(w, "Commune", 1)


def refund_below_floor(w: World) -> None:
    """Ana alone holds 6 shares (300 €) and asks 4 back: their refund would leave 100 €, below the 200 € floor."""
    associate(w, "ana", shares=6)
    refund(w, asked_back(w, "ana", shares=4), amount="200")


def movement_not_a_date(w: World) -> None:
    # Collegia's commands turn a date and time into its day (`_day`): only a direct call reaches this guard.
    applicant(w, "ana")
    w.app.get_pole(w.pole_id).subscribe(member_id=w.members["ana"], shares=2, paid="100",
                                        on=datetime(2025, 1, 10, 9, 0, tzinfo=UTC), decision="CA", actor=ACTOR)


SCENARIOS += [
    # subscriptions (application, pole, the statutes' money)
    ("capital-no-register", CapitalRuleBroken, "the statutes in force keep no capital register: amend them to set "
     "the share's value and the capital's rules", lambda w: (w.admit("ana"), subscribe(w, "ana", 2))),
    ("capital-subscriber-status", CapitalStateConflict, "'ana' is requested: shares are subscribed by an associate, "
     "or by an applicant whose admission was approved",
     on_capital(lambda w: (w.request("ana"), subscribe(w, "ana", 2)))),
    ("capital-approved-twice", MembershipStateConflict, "'ana' is already approved and awaits the minimum "
     "subscription", on_capital(lambda w: w.app.admit_member(w.pole_id, applicant(w, "ana"), decision="CA",
                                                              actor=ACTOR))),
    ("capital-shares-not-whole", InvalidInput, "a number of shares is a whole number",
     on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", "deux", paid="100")))),
    ("capital-shares-range", InvalidInput, "a movement moves 1 to 10000000 shares",
     on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", 0)))),
    ("capital-money-float", InvalidInput, "the amount paid must be given as text or a whole number, in euros and cents",
     on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", 2, paid=100.0)))),
    ("capital-money-text", InvalidInput, "the amount paid is not an amount in euros and cents",
     on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", 2, paid="cent euros")))),
    ("capital-overpaid", CapitalRuleBroken, "150,00 € paid is more than the 100,00 € subscribed",
     on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", 2, paid="150")))),
    ("capital-paid-at-once", CapitalRuleBroken, "the statutes ask 25 % of a subscription to be paid at once: at least "
     "50,00 € of 200,00 €", on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", 4, paid="10")),
                                       **PARTLY_PAID)),
    ("capital-minimum-subscription", CapitalRuleBroken, "an associate of category 'collectivite' holds at least 4 "
     "share(s) (the statutes): 2 subscribed is not enough",
     on_capital(lambda w: (applicant(w, "Commune", "collectivite"), subscribe(w, "Commune", 2)))),
    ("capital-public-cap", CapitalRuleBroken, "after this movement public bodies would hold 55.56 % of the capital, "
     "above the cap of 50.00 % (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)", on_capital(public_cap_crossed)),
    # the register's dates (pole._movement)
    ("capital-date-not-a-date", InvalidInput, "a movement's date must be a date", on_capital(movement_not_a_date)),
    ("capital-date-future", InvalidInput, "a movement cannot be dated in the future",
     on_capital(lambda w: (applicant(w, "ana"), subscribe(w, "ana", 2, on=today() + timedelta(days=1))))),
    ("capital-date-order", CapitalRuleBroken, "the register is chronological: its last entry is dated 2025-01-10, this "
     "one cannot be dated 2025-01-05", on_capital(lambda w: (associate(w, "ana"), applicant(w, "bob"),
                                                             subscribe(w, "bob", 2, on=date(2025, 1, 5))))),
    # payments
    ("capital-payment-positive", InvalidInput, "a payment is a positive amount",
     on_capital(lambda w: (associate(w, "ana"), pay(w, "ana", "0")))),
    ("capital-payment-too-much", CapitalStateConflict, "'ana' owes 150,00 € on its shares: 200,00 € is too much",
     on_capital(lambda w: (associate(w, "ana", paid="50"), pay(w, "ana", "200")), **PARTLY_PAID)),
    # transfers
    ("capital-transfers-forbidden", CapitalRuleBroken, "the statutes allow no transfer of shares between associates",
     on_capital(lambda w: (associate(w, "ana"), associate(w, "bob"), transfer(w, "ana", "bob")),
                transfers_allowed=False)),
    ("capital-transfer-to-self", InvalidInput, "a transfer goes from one associate to another",
     on_capital(lambda w: (associate(w, "ana"), transfer(w, "ana", "ana")))),
    ("capital-transfer-pending", CapitalRuleBroken, "'ana' holds 3 share(s) free of any withdrawal: it cannot "
     "transfer 4", on_capital(lambda w: (associate(w, "ana"), associate(w, "bob"), asked_back(w, "ana"),
                                         transfer(w, "ana", "bob", shares=4)))),
    ("capital-transfer-unpaid", CapitalRuleBroken, "only paid-up shares are transferred: 'ana' still owes 150,00 €",
     on_capital(lambda w: (associate(w, "ana", paid="50"), associate(w, "bob", paid="50"), transfer(w, "ana", "bob")),
                **PARTLY_PAID)),
    ("capital-transfer-minimum", CapitalRuleBroken, "'ana' would keep 1 share(s), below the 2 of its category (the "
     "statutes); to leave the pole, record its withdrawal",
     on_capital(lambda w: (associate(w, "ana", shares=2), associate(w, "bob"), transfer(w, "ana", "bob")))),
    # withdrawals and refunds
    ("capital-withdrawal-minimum", CapitalRuleBroken, "'ana' would keep 1 share(s), below the 2 of its category (the "
     "statutes); to leave the pole, record its withdrawal",
     on_capital(lambda w: (associate(w, "ana", shares=2), asked_back(w, "ana")))),
    ("capital-refund-no-request", CapitalStateConflict, "no pending withdrawal n° 99 in the register",
     on_capital(lambda w: (associate(w, "ana"), refund(w, 99)))),
    ("capital-refund-negative", InvalidInput, "a refund cannot be negative",
     on_capital(lambda w: (associate(w, "ana"), refund(w, asked_back(w, "ana"), amount="-1")))),
    ("capital-refund-over-paid", CapitalRuleBroken, "a refund cannot exceed what was paid on the shares, 50,00 € (loi "
     "n° 47-1775 art. 18)", on_capital(lambda w: (associate(w, "ana"), refund(w, asked_back(w, "ana"), amount="60")))),
    ("capital-refund-in-full", CapitalRuleBroken, "the statutes refund shares at the amount paid on them, 50,00 €",
     on_capital(lambda w: (associate(w, "ana"), refund(w, asked_back(w, "ana"), amount="40")),
                losses_reduce_refund=False)),
    ("capital-refund-early", CapitalRuleBroken, "the statutes refund shares 1 year(s) after the withdrawal, on "
     "2026-02-01: an earlier refund needs the decision of the board",
     on_capital(lambda w: (associate(w, "ana"), refund(w, asked_back(w, "ana"), on=date(2025, 3, 1))))),
    ("capital-floor", CapitalRuleBroken, "this refund would bring the capital to 100,00 €, below its floor of 200,00 € "
     "(Code de commerce L231-5; loi n° 47-1775 art. 13): it waits until new subscriptions allow it, and the "
     "withdrawal stays pending", on_capital(refund_below_floor)),
    # cancellations
    ("capital-cancel-paid", CapitalStateConflict, "'ana' has 0 unpaid share(s): only unpaid shares are cancelled",
     on_capital(lambda w: (associate(w, "ana"), cancel(w, "ana")))),
    ("capital-cancel-floor", CapitalRuleBroken, "this cancellation would bring the capital to 100,00 €, below its "
     "floor of 200,00 € (Code de commerce L231-5; loi n° 47-1775 art. 13)",
     on_capital(lambda w: (associate(w, "ana", shares=6, paid="75"), cancel(w, "ana", shares=4)), **PARTLY_PAID)),
    ("capital-category-kept", MembershipRuleBroken, "'ana' still holds shares in category 'usager' until they are "
     "refunded: it asks again in that category",
     on_capital(lambda w: (associate(w, "ana"), w.app.withdraw_member(w.pole_id, w.members["ana"], actor=ACTOR),
                           w.app.request_membership(w.pole_id, member_id=w.members["ana"], name="ana", kind="person",
                                                    category="collectivite", actor=ACTOR)))),
    ("capital-cancel-minimum", CapitalRuleBroken, "'ana' would keep 1 share(s), below the 2 of its category (the "
     "statutes); to leave the pole, record its withdrawal", on_capital(lambda w: (associate(w, "ana", shares=2, paid="25"), cancel(w, "ana")), **PARTLY_PAID)),
    # the capital in the statutes (found_pole checks them)
    ("capital-shape", StatutesRuleBroken, "the capital is described by the share's value, the floor and the rules",
     founded_with_capital(["parts de 50 €"])),
    ("capital-minimums-shape", StatutesRuleBroken, "the minimum subscriptions map a category to a number of shares",
     founded_with_capital({"minimum_shares": ["usager"]})),
    ("capital-share-value", StatutesRuleBroken, "a share's nominal value is between 0.01 € and 1000000 €",
     founded_with_capital({"share_value": "0"})),
    ("capital-minimum-category", StatutesRuleBroken, "a minimum subscription is set for category 'benevole', which "
     "the statutes do not list", founded_with_capital({"minimum_shares": {"usager": 2, "benevole": 1}},
                                                       categories=["usager", "collectivite"])),
    ("capital-minimum-range", StatutesRuleBroken, "a category's minimum subscription is 1 to 1000000 shares",
     founded_with_capital({"minimum_shares": {"usager": 0}})),
    ("capital-public-category", StatutesRuleBroken, "public-body category 'collectivite' is not one the statutes list",
     founded_with_capital({"minimum_shares": {"usager": 2}}, categories=["usager"])),
    ("capital-floor-negative", StatutesRuleBroken, "the capital floor and the stated capital cannot be negative",
     founded_with_capital({"floor": "-1"})),
    ("capital-floor-tenth", StatutesRuleBroken, "the capital floor (100.00 €) cannot be below a tenth of the capital "
     "stated in the statutes (2000.00 €) (Code de commerce L231-5)", founded_with_capital({"floor": "100.00"})),
    ("capital-refund-delay", StatutesRuleBroken, "the refund delay is 0 to 30 years",
     founded_with_capital({"refund_delay_years": 31})),
    ("capital-public-cap-range", StatutesRuleBroken, "the public bodies' cap is above 0 % and at most 100 %",
     founded_with_capital({"public_cap": "0"})),
    ("capital-scic-public-cap", StatutesRuleBroken, "in a SCIC, local authorities, their groupings and territorial "
     "public bodies hold together at most half of the capital (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)",
     founded_with_capital({"public_cap": "60%"})),
    ("capital-paid-at-once-range", StatutesRuleBroken, "at least a quarter of a share's nominal value is paid on "
     "subscribing (loi n° 47-1775 du 10 septembre 1947, art. 12)",
     founded_with_capital({"paid_at_subscription": "1/5"})),
    ("capital-payment-years", StatutesRuleBroken, "the rest of a subscription is paid within 1 to 5 years",
     founded_with_capital({"paid_at_subscription": "1/2"})),
    ("capital-sa-floor", StatutesRuleBroken, "a cooperative société anonyme's capital cannot be reduced below "
     "18\u202f500,00 € (loi n° 47-1775 du 10 septembre 1947, art. 27, with Code de commerce L224-2): the statutes' "
     "floor is 200,00 €", founded_with_capital({}, legal_form="SCIC SA")),
]


# -- deliberation (issue 23): the discussion, members' amendments, the debate's summary ------------
TEXT = "Le pôle adopte le budget de 120 000 euros et le budget annexe."


def discussed(w: World, *names: str, **draft: Any) -> UUID:
    """A draft of TEXT published for discussion; `names` (ana and bob by default) admitted."""
    for name in names or ("ana", "bob"):
        w.admit(name)
    proposal_id = w.app.draft_proposal(w.pole_id, title="Budget", text=TEXT, actor=ACTOR, **draft)
    w.app.publish_for_discussion(proposal_id, actor=ACTOR)
    return proposal_id


def comment(w: World, proposal_id: UUID, name: str, text: str = "Une question sur le montant.",
            **options: Any) -> int:
    """`name` comments, acting for itself (its actor is its name)."""
    return w.app.post_comment(proposal_id, member_id=w.members[name], text=text, actor=name, **options)


def table(w: World, proposal_id: UUID, name: str, passage: str = "120 000 euros", wording: str = "100 000 euros",
          **options: Any) -> UUID:
    return w.app.table_amendment(proposal_id, member_id=w.members[name], passage=passage, wording=wording,
                                 actor=name, **options)


def admitted_amendments(w: World, count: int, proposal_id: UUID | None = None) -> tuple[UUID, list[UUID]]:
    """The resolution (TEXT published unless given) and `count` amendments to it, admitted in tabling order."""
    parent = proposal_id or discussed(w)
    wordings = [("120 000 euros", "100 000 euros"), ("et le budget annexe", "sans budget annexe")][:count]
    amendments = [table(w, parent, "ana", passage, wording) for passage, wording in wordings]
    for amendment in amendments:
        w.app.admit_amendment(amendment, actor=ACTOR)
    return parent, amendments


def statutes_resolution(w: World, **statutes: Any) -> UUID:
    """An extraordinary resolution amending the statutes (to `statutes`' changes), published for discussion."""
    for name in ("ana", "bob"):
        w.admit(name)
    proposal_id = w.app.draft_proposal(w.pole_id, title="Statuts", text="Modifier les statuts.", kind="extraordinary",
                                       effect={"type": "amend_statutes", "statutes": scic(**statutes)}, actor=ACTOR)
    w.app.publish_for_discussion(proposal_id, actor=ACTOR)
    return proposal_id


def vote_out(w: World, proposal_id: UUID, *names: str, choice: str = "for") -> None:
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)
    for name in names:
        w.vote(proposal_id, name, choice)
    w.app.close_voting(proposal_id, actor=ACTOR)


def posted_under_contention(w: World) -> None:
    """Each time ana's comment is saved, bob's was saved just before (a real race, replayed on every attempt):
    after its attempts, post_comment gives up rather than number two comments alike."""
    proposal_id = discussed(w)
    save = w.app.save

    def beaten(*aggregates: Any, **options: Any) -> Any:
        if any(isinstance(a, Discussion) for a in aggregates):
            rival = w.app.get_discussion(proposal_id)
            assert rival is not None
            rival.post(member_id=str(w.members["bob"]), text="Plus rapide.", reply_to=None, mentions=[], actor="bob")
            save(rival)
        return save(*aggregates, **options)

    w.app.save = beaten  # type: ignore[method-assign]
    try:
        comment(w, proposal_id, "ana")
    finally:
        del w.app.save


def left_then_comments(w: World) -> None:
    proposal_id = discussed(w)
    w.app.withdraw_member(w.pole_id, w.members["ana"], actor=ACTOR)
    comment(w, proposal_id, "ana")


def comments_past_closing_time(w: World) -> None:
    proposal_id = discussed(w)
    w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR)
    with frozen_time(LATER + timedelta(minutes=1)):  # the closer has not recorded the close yet
        comment(w, proposal_id, "ana")


def mentions_too_many(w: World) -> None:
    proposal_id = discussed(w)
    crowd = [str(w.admit(f"membre {i}", college=None)) for i in range(21)]
    comment(w, proposal_id, "ana", mentions=crowd)


def summary_after_signing(w: World) -> None:
    proposal_id = discussed(w)
    vote_out(w, proposal_id, "ana")
    sign(w, proposal_id)
    w.app.summarise_debate(proposal_id, summary="Le montant a été discuté.", actor=ACTOR)


def statutes_changed_since_the_amendment(w: World) -> None:
    """Amendment n° 1 is voted (and rejected); the statutes then change; its resolution would be voted under
    other rules."""
    parent, [amendment] = admitted_amendments(w, 1)
    vote_out(w, amendment, "ana", choice="against")
    vote_out(w, statutes_resolution(w, max_proxies_per_holder=2), "ana", "bob")
    w.app.open_voting(parent, closes_at=LATER, actor=ACTOR)


def amendment_of_a_withdrawn_resolution(w: World) -> None:
    parent, [amendment] = admitted_amendments(w, 1)
    w.app.withdraw_proposal(parent, reason="Reporté", actor=ACTOR)  # its amendments fall with it
    w.app.open_voting(amendment, closes_at=LATER, actor=ACTOR)


def amendments_at_an_assembly(w: World, count: int) -> tuple[UUID, UUID, list[UUID]]:
    """An assembly in session with TEXT on its agenda (discussed without publication) and `count` amendments
    admitted; ana and bob present."""
    for name in ("ana", "bob"):
        w.admit(name)
    parent = w.app.draft_proposal(w.pole_id, title="Budget", text=TEXT, actor=ACTOR)
    assembly_id = convened(w, agenda=[parent])
    _, amendments = admitted_amendments(w, count, parent)
    w.app.open_session(assembly_id, actor=ACTOR)
    attend(w, assembly_id, "ana", "bob")
    return assembly_id, parent, amendments


def on_the_agenda_twice(w: World) -> None:
    # Collegia's admit_amendment puts an amendment on the agenda once, when admitting it: only a direct call
    # reaches this guard.
    assembly_id, parent, [amendment] = amendments_at_an_assembly(w, 1)
    w.app.get_assembly(assembly_id).add_amendment(amendment_id=str(amendment), amends=str(parent), actor=ACTOR)


def incorporate_unadopted(w: World) -> None:
    # Collegia incorporates an amendment when closing its adopted vote: only a direct call reaches this guard.
    parent, [amendment] = admitted_amendments(w, 1)
    w.app.get_proposal(parent).incorporate(w.app.get_proposal(amendment), actor=ACTOR)


def incorporated_twice(w: World) -> None:
    # Collegia incorporates an adopted amendment once, when closing its vote: only a direct call reaches this guard.
    parent, [amendment] = admitted_amendments(w, 1)
    vote_out(w, amendment, "ana")
    w.app.get_proposal(parent).incorporate(w.app.get_proposal(amendment), actor=ACTOR)


def on_a_withdrawn_amendment(w: World) -> None:
    amendment = table(w, discussed(w), "ana")
    w.app.withdraw_proposal(amendment, reason="Retiré par ses auteurs", actor=ACTOR)
    w.app.admit_amendment(amendment, actor=ACTOR)


SCENARIOS += [
    # publishing a draft for discussion (proposal)
    ("publish-open", ProposalStateConflict, "only a draft is published for discussion (this proposal is open)",
     lambda w: w.app.publish_for_discussion(w.opened(), actor=ACTOR)),
    ("publish-twice", ProposalStateConflict, "this proposal is already published for discussion",
     lambda w: w.app.publish_for_discussion(discussed(w), actor=ACTOR)),
    ("publish-amendment", ProposalRuleBroken,
     "an amendment is discussed in the discussion of the proposal it amends",
     lambda w: w.app.publish_for_discussion(table(w, discussed(w), "ana"), actor=ACTOR)),
    ("publish-board-decision", ProposalRuleBroken, "a board decision is deliberated at the board's meeting, not in "
     "a members' discussion", on_board(lambda w: w.app.publish_for_discussion(board_draft(w), actor=ACTOR))),
    ("amend-published", ProposalStateConflict, "this draft is published for discussion: members discuss and amend "
     "this text; change it by an amendment, or withdraw it and draft another",
     lambda w: w.app.amend_proposal(discussed(w), title="Budget", text="Autre texte.", actor=ACTOR)),
    ("amend-amendment", ProposalStateConflict, "an amendment's text is its sponsors': withdraw it and table another",
     lambda w: w.app.amend_proposal(table(w, discussed(w), "ana"), title="Budget", text="Autre texte.",
                                    actor=ACTOR)),
    # comments (application, deliberation)
    ("comment-unpublished", DeliberationStateConflict, "this draft is not published for discussion",
     lambda w: (w.admit("ana"), comment(w, w.draft(), "ana"))),
    ("comment-after-vote", DeliberationStateConflict,
     "the discussion closed with the vote (this proposal is closed)",
     lambda w: then_on(discussed, lambda w, p: (vote_out(w, p, "ana"), comment(w, p, "ana")))(w)),
    ("comment-past-closing-time", DeliberationStateConflict, "the discussion closed with the vote",
     comments_past_closing_time),
    ("comment-on-amendment", DeliberationRuleBroken,
     "an amendment is discussed in the discussion of the proposal it amends",
     lambda w: comment(w, table(w, discussed(w), "ana"), "bob")),
    ("comment-by-former-member", DeliberationStateConflict, "only the pole's members take part in its discussions",
     left_then_comments),
    ("comment-mentions-stranger", InvalidInput, "a comment mentions the pole's members only",
     lambda w: comment(w, discussed(w), "ana", mentions=[str(UNKNOWN)])),
    ("amendment-convened", DeliberationRuleBroken, "an amendment is not an item of the agenda: it joins its "
     "resolution's assembly once admitted",
     lambda w: w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=datetime.now(UTC) + timedelta(days=30),
                                      place="Crest", mode="hybrid", convocation="first",
                                      agenda=[table(w, discussed(w), "ana")], actor=ACTOR)),
    ("comment-mentions-not-a-list", InvalidInput, "a comment's mentions are a list of members",
     lambda w: comment(w, discussed(w), "ana", mentions="ana")),
    ("comment-mentions-too-many", InvalidInput, "a comment mentions at most 20 members", mentions_too_many),
    ("comment-contention", ConcurrencyConflict, "the discussion changed while posting: try again",
     posted_under_contention),
    ("reply-to-reply", DeliberationRuleBroken, "replies are one level deep: answer the comment this reply answers",
     then_on(discussed, lambda w, p: comment(w, p, "bob", reply_to=comment(w, p, "ana", reply_to=comment(
         w, p, "bob"))))),
    ("comment-unknown", NotFound, "no comment number 5 in this discussion",
     then_on(discussed, lambda w, p: w.app.edit_comment(p, 5, text="Corrigé.", actor="ana"))),
    ("comment-edit-unchanged", DeliberationStateConflict, "the comment already reads so: nothing to change",
     then_on(discussed, lambda w, p: w.app.edit_comment(p, comment(w, p, "ana", "Même texte."),
                                                        text="Même texte.", actor="ana"))),
    ("comment-edit-by-another", DeliberationRuleBroken, "only its author edits or withdraws a comment",
     then_on(discussed, lambda w, p: w.app.edit_comment(p, comment(w, p, "ana"), text="Usurpé.", actor="bob"))),
    ("comment-hidden-twice", DeliberationStateConflict, "this comment is already hidden",
     then_on(discussed, lambda w, p: [w.app.hide_comment(p, number, reason="Propos injurieux", actor=ACTOR)
                                      for number in [comment(w, p, "ana")] * 2])),
    # amendments: tabling (application, proposal, deliberation)
    ("amendment-unpublished", DeliberationStateConflict, "this draft is not published for discussion yet: "
     "amendments are tabled during the discussion", lambda w: (w.admit("ana"), table(w, w.draft(), "ana"))),
    ("amendment-of-open-vote", DeliberationStateConflict,
     "amendments are tabled before the vote opens (this proposal is open)",
     then_on(discussed, lambda w, p: (w.app.open_voting(p, closes_at=LATER, actor=ACTOR), table(w, p, "ana")))),
    ("amendment-of-amendment", DeliberationRuleBroken,
     "an amendment is not amended: table another amendment to the resolution",
     then_on(discussed, lambda w, p: table(w, table(w, p, "ana"), "bob"))),
    ("amendment-of-election", DeliberationRuleBroken, "an election is not amended: candidates stand or withdraw",
     on_board(lambda w: (w.admit("ana"), table(w, election(w), "ana")))),
    ("amendment-of-board-decision", DeliberationRuleBroken, "a board decision is not amended by members",
     on_board(lambda w: (w.admit("ana"), table(w, board_draft(w), "ana")))),
    ("amendment-says-nothing", InvalidInput, "an amendment changes the text or the decision: say what it changes",
     then_on(discussed, lambda w, p: table(w, p, "ana", passage="", wording=""))),
    ("amendment-passage-absent", DeliberationRuleBroken,
     "the passage to change is not in the resolution's text (copy it exactly)",
     then_on(discussed, lambda w, p: table(w, p, "ana", passage="150 000 euros"))),
    ("amendment-passage-twice", DeliberationRuleBroken,
     "the passage to change occurs 2 times in the resolution: quote enough words to make it unique",
     then_on(discussed, lambda w, p: table(w, p, "ana", passage="budget", wording="plan"))),
    ("amendment-changes-nothing", DeliberationRuleBroken, "this amendment changes nothing in the resolution",
     then_on(discussed, lambda w, p: table(w, p, "ana", wording="120 000 euros"))),
    ("amendment-effect-of-text", DeliberationRuleBroken, "only a resolution amending the statutes or revising the "
     "strategy has a decision an amendment can change; amend its text",
     then_on(discussed, lambda w, p: table(w, p, "ana", passage="", wording="",
                                           effect={"type": "revise_strategy", "text": "Autre stratégie."}))),
    ("amendment-effect-nature", DeliberationRuleBroken,
     "an amendment changes the resolution's decision, not its nature",
     then_on(statutes_resolution, lambda w, p: table(w, p, "ana", passage="", wording="",
                                                     effect={"type": "revise_strategy", "text": "Autre."}))),
    # amendments: sponsors, admission, rejection
    ("amendment-sponsored-twice", DeliberationStateConflict, "this member already sponsors this amendment",
     then_on(discussed, lambda w, p: w.app.support_amendment(table(w, p, "ana"), member_id=w.members["ana"],
                                                             actor="ana"))),
    ("amendment-sponsors-required", DeliberationRuleBroken,
     "the statutes require 2 members to table an amendment: this one has 1",
     lambda w: (lambda w: w.app.admit_amendment(table(w, discussed(w), "ana"), actor=ACTOR))(
         World(w.app, scic(amendment_sponsors=2)))),
    ("amendment-not-an-amendment", NotFound, "this proposal is not an amendment",
     lambda w: w.app.reject_amendment(discussed(w), reason="Hors sujet", actor=ACTOR)),
    ("amendment-withdrawn", DeliberationStateConflict, "this amendment was withdrawn", on_a_withdrawn_amendment),
    ("amendment-decided-twice", DeliberationStateConflict, "this amendment is rejected",
     then_on(discussed, lambda w, p: [w.app.reject_amendment(amendment, reason="Hors de l'objet", actor=ACTOR)
                                      for amendment in [table(w, p, "ana")] * 2])),
    ("amendment-sponsors-bound", StatutesRuleBroken, "an amendment is tabled by 1 to 100 members",
     statutes_check(amendment_sponsors=0)),
    # amendments: voted first, in order, under the same rules (application, proposal, assembly)
    ("amendment-not-admitted", DeliberationStateConflict,
     "an amendment is voted once the secretary admits it (this one is tabled)",
     then_on(discussed, lambda w, p: w.app.open_voting(table(w, p, "ana"), closes_at=LATER, actor=ACTOR))),
    ("resolution-before-amendment", DeliberationStateConflict,
     "amendment n° 1 is still to be decided or voted: it is voted before the resolution",
     then_on(discussed, lambda w, p: (table(w, p, "ana"), w.app.open_voting(p, closes_at=LATER, actor=ACTOR)))),
    ("amendments-out-of-order", DeliberationStateConflict,
     "amendments are voted one at a time, in the order they were tabled: amendment n° 1 first",
     lambda w: w.app.open_voting(admitted_amendments(w, 2)[1][1], closes_at=LATER, actor=ACTOR)),
    ("amendment-incorporated-twice", DeliberationStateConflict,
     "the resolution changed since this amendment was voted on its text", incorporated_twice),
    ("amendment-decided-online-convened", DeliberationStateConflict,
     "amendment n° 1 to « Budget » is admitted or being voted online: vote it, or withdraw it, before the "
     "resolution is put on an assembly's agenda",
     lambda w: (lambda p, _: w.app.convene_assembly(
         w.pole_id, kind="ordinary", held_at=datetime.now(UTC) + timedelta(days=30), place="Crest", mode="hybrid",
         convocation="first", agenda=[p], actor=ACTOR))(*admitted_amendments(w, 1))),
    ("amendment-statutes-changed", DeliberationStateConflict, "the statutes changed since amendment n° 1 was voted: "
     "an amendment and its resolution are voted under the same rules", statutes_changed_since_the_amendment),
    ("amendment-resolution-gone", DeliberationStateConflict,
     "the resolution this amendment changes is withdrawn: the amendment is no longer voted",
     amendment_of_a_withdrawn_resolution),
    ("amendment-incorporated-unadopted", DeliberationStateConflict,
     "only an adopted amendment of a resolution not yet voted changes it", incorporate_unadopted),
    ("assembly-resolution-before-amendment", AssemblyRuleBroken,
     "the amendments of this resolution are voted before it: 1 still to vote",
     lambda w: (lambda a, p, _: w.app.put_to_vote(a, p, actor=ACTOR))(*amendments_at_an_assembly(w, 1))),
    ("assembly-amendments-out-of-order", AssemblyRuleBroken,
     "the amendments of a resolution are voted in the order they were tabled",
     lambda w: (lambda a, _, amendments: w.app.put_to_vote(a, amendments[1], actor=ACTOR))(
         *amendments_at_an_assembly(w, 2))),
    ("assembly-amendment-twice", AssemblyRuleBroken, "this amendment is already on the agenda", on_the_agenda_twice),
    # the debate's summary (application, proposal)
    ("summary-of-amendment", DeliberationRuleBroken,
     "an amendment's debate is summarised with the resolution it amends",
     lambda w: w.app.summarise_debate(table(w, discussed(w), "ana"), summary="Débat.", actor=ACTOR)),
    ("summary-unchanged", DeliberationStateConflict, "the summary already reads so: nothing to change",
     lambda w: w.app.summarise_debate(discussed(w), summary="  ", actor=ACTOR)),
    ("summary-after-signing", MinutesRuleBroken, "the minutes are signed: the summary of the debate can no longer "
     "change; record a correction", summary_after_signing),
]


# -- the PTCE référentiel, its campaigns and regional networks (issue 24) ------------------------------
NETWORK = "5b0e0c36-3a53-4f57-9f5e-2f2b8c8f0a11"
PERSON = "ana@pole.example"  # a named person answers under its account's name


def unstored(w: World, command: Callable[[], object]) -> object:
    """Run the command the scenario is about (its set-up done): refused, it stores no event."""
    before = w.app.recorder.max_notification_id()
    try:
        return command()
    except DomainError:
        assert w.app.recorder.max_notification_id() == before, "a refused command stored an event"
        raise


def seed(**changes: Any) -> dict[str, Any]:
    """The seed's référentiel as plain data, with top-level `changes`."""
    return {**SEED.to_dict(), **changes}


def seed_indicators(*extra: dict[str, Any]) -> dict[str, Any]:
    """The seed with `extra` indicators added to principal objective a."""
    data = SEED.to_dict()
    data["generals"][0]["objectives"][0]["indicators"] += list(extra)
    return data


def adopt(data: Any) -> Callable[[World], object]:
    return lambda w: unstored(w, lambda: w.app.adopt_referentiel(w.pole_id, referentiel=data, actor=ACTOR))


def opening(**options: Any) -> Callable[[World], object]:
    """ana and bob admitted (salariés), then a campaign opened with `options` (today to a fortnight by default)."""
    def scenario(w: World) -> object:
        for name in ("ana", "bob"):
            w.admit(name)
        return unstored(w, lambda: open_campaign(w, **options))
    return scenario


def open_campaign(w: World, **options: Any) -> UUID:
    today = clock.today()
    fields: dict[str, Any] = {"title": "Auto-évaluation 2027", "opens_on": today,
                              "closes_on": today + timedelta(days=14), "actor": ACTOR, **options}
    return w.app.open_campaign(w.pole_id, **fields)


def campaign(w: World, **options: Any) -> UUID:
    """A campaign of ana and bob (members mode, answers sealed), open from today unless `options` say otherwise."""
    for name in ("ana", "bob"):
        w.admit(name)
    return open_campaign(w, **options)


def answering(answers: Any, respondent: str = "ana", **options: Any) -> Callable[[World], object]:
    """`respondent` (ana by default: a member, or a named person's id) answers `answers`, last."""
    def scenario(w: World) -> object:
        campaign_id = campaign(w, **options)
        who = str(w.members.get(respondent, respondent))
        return unstored(w, lambda: w.app.answer_campaign(campaign_id, respondent=who, answers=answers,
                                                         actor=respondent))
    return scenario


def on_campaign(action: Callable[[World, UUID], object], **options: Any) -> Callable[[World], object]:
    """Open a campaign of ana and bob (with `options`), then run `action` on it last."""
    def scenario(w: World) -> object:
        campaign_id = campaign(w, **options)
        return unstored(w, lambda: action(w, campaign_id))
    return scenario


def on_closed_campaign(action: Callable[[World, UUID], object]) -> Callable[[World], object]:
    def scenario(w: World) -> object:
        campaign_id = campaign(w)
        w.app.answer_campaign(campaign_id, respondent=str(w.members["ana"]), answers={"a1": RATED}, actor="ana")
        w.app.close_campaign(campaign_id, actor=ACTOR)
        return unstored(w, lambda: action(w, campaign_id))
    return scenario


def answer_after_the_closing_day(w: World) -> None:
    campaign_id = campaign(w, opens_on=date(2099, 1, 1), closes_on=date(2099, 1, 31))
    with frozen_time(datetime(2099, 2, 1, 9, tzinfo=UTC)):  # the secretary has not closed it yet
        unstored(w, lambda: w.app.answer_campaign(campaign_id, respondent=str(w.members["ana"]),
                                                  answers={"a1": RATED}, actor="ana"))


def named_person_answers_for_another(w: World) -> None:
    campaign_id = open_campaign(w, mode="people", people=[{"id": PERSON, "college": "salaries"}])
    unstored(w, lambda: w.app.answer_campaign(campaign_id, respondent=PERSON, answers={"a1": RATED},
                                              actor="bob@pole.example"))


def answers_for_an_unrepresented_member(w: World) -> None:
    campaign_id = campaign(w)
    unstored(w, lambda: w.app.answer_campaign(campaign_id, respondent=str(w.members["ana"]), answers={"a1": RATED},
                                              actor="bob", represented=[str(w.members["bob"])]))


def leaving_a_network(w: World) -> None:
    proposal_id = w.app.draft_proposal(w.pole_id, title="Quitter le réseau", text="Le pôle quitte le réseau.",
                                       effect={"type": "leave_network", "network_id": NETWORK}, actor=ACTOR)
    w.admit("ana")
    unstored(w, lambda: w.app.open_voting(proposal_id, closes_at=LATER, actor=ACTOR))


def draft_network_effect(effect: dict[str, Any]) -> Callable[[World], object]:
    return lambda w: unstored(w, lambda: w.app.draft_proposal(w.pole_id, title="Réseau régional", text="Adhérer.",
                                                              effect=effect, actor=ACTOR))


RATED = {"importance": 5, "achievement": 3, "justification": ""}

SCENARIOS += [
    # the référentiel: a pole's own version (referentiel, assessment, application)
    ("referentiel-scale-points", AssessmentRuleBroken, "the achievement scale has from 2 to 10 points",
     adopt(seed(achievement={"points": 11, "labels": [""] * 11}))),
    ("referentiel-scale-labels", AssessmentRuleBroken, "the achievement scale needs one label per point (3)",
     adopt(seed(achievement={"points": 3, "labels": ["non", "oui"]}))),
    ("referentiel-not-an-object", InvalidInput, "a référentiel is an object",
     # ReferentielBook.adopt copies the data it is given into a dict first: a direct reading reaches this guard
     lambda w: Referentiel.from_dict(["a1"])),  # type: ignore[arg-type]
    ("referentiel-version-not-whole", InvalidInput, "a référentiel's version is a whole number",
     # adopt_referentiel numbers the version itself: only reading stored data reaches this guard
     lambda w: Referentiel.from_dict(seed(version="2"))),
    ("referentiel-no-generals", AssessmentRuleBroken, "a référentiel needs at least one of its general objectives",
     adopt(seed(generals=[]))),
    ("referentiel-identifier", InvalidInput, "an identifier is letters, digits, '-', '_' or '.'",
     adopt(seed_indicators({"id": "a 4", "wording": "Mesurer nos emplois."}))),
    ("referentiel-identifier-twice", AssessmentRuleBroken, "identifier 'a1' is used twice in the référentiel",
     adopt(seed_indicators({"id": "a1", "wording": "Mesurer nos emplois."}))),
    ("referentiel-too-many-indicators", AssessmentRuleBroken, "a référentiel has at most 100 indicators",
     adopt(seed_indicators(*({"id": f"x{n}", "wording": f"Indicateur {n}"} for n in range(75))))),
    ("referentiel-unchanged", AssessmentStateConflict, "this version reads like version 1: nothing to adopt",
     adopt(seed())),
    ("referentiel-no-version", NotFound, "no version 3 of the pole's référentiel", opening(version=3)),
    ("referentiel-beyond-the-book", NotFound, "no version 3 of the pole's référentiel",
     lambda w: (w.app.adopt_referentiel(w.pole_id, referentiel=seed(title="Notre référentiel"), actor=ACTOR),
                opening(version=3)(w))),
    # opening a campaign (application, assessment)
    ("campaign-mode", InvalidInput, "who answers is one of members, people", opening(mode="everyone")),
    ("campaign-dates-not-days", InvalidInput, "a campaign's dates are days",
     # Collegia reads a day from a date or its ISO text (else "… is not a date"): a direct call reaches this guard
     lambda w: Campaign.open_campaign(pole_id=w.pole_id, title="Auto-évaluation", opens_on="2099-01-01",
                                      closes_on=date(2099, 1, 31), referentiel=SEED,
                                      respondents=[{"id": PERSON, "college": ""}], mode="people",
                                      individual_shared=False, actor=ACTOR)),
    ("campaign-closes-before-opening", AssessmentRuleBroken, "a campaign closes on or after the day it opens",
     opening(opens_on=date(2099, 1, 31), closes_on=date(2099, 1, 1))),
    ("campaign-closes-in-the-past", AssessmentRuleBroken, "a campaign cannot close in the past (2020-01-31)",
     opening(opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))),
    ("campaign-shared-not-a-bool", InvalidInput, "whether individual answers are shared is yes or no",
     opening(individual_shared="oui")),
    ("campaign-nobody", AssessmentRuleBroken, "a campaign needs at least one respondent",
     lambda w: unstored(w, lambda: open_campaign(w))),  # the pole has no member yet
    ("campaign-too-many-people", AssessmentRuleBroken, "a campaign has at most 5000 respondents",
     opening(mode="people", people=[{"id": f"personne{n}@pole.example", "college": ""} for n in range(5001)])),
    ("campaign-person-not-an-object", InvalidInput, "a respondent is an id and a college",
     opening(mode="people", people=[PERSON])),
    ("campaign-people-in-members-mode", InvalidInput, "named people answer only a campaign opened for named people",
     opening(people=[{"id": PERSON, "college": "salaries"}])),
    ("campaign-person-college", AssessmentRuleBroken, "'benevoles' is not one of the pole's colleges",
     opening(mode="people", people=[{"id": PERSON, "college": "benevoles"}])),
    # answering (application, assessment, referentiel)
    ("campaign-not-yet-open", AssessmentStateConflict, "the campaign opens on 2099-01-01",
     answering({"a1": RATED}, opens_on=date(2099, 1, 1), closes_on=date(2099, 1, 31))),
    ("campaign-past-its-closing-day", AssessmentStateConflict,
     "the campaign closed on 2099-01-31: answers are no longer taken", answer_after_the_closing_day),
    ("campaign-answer-closed", AssessmentStateConflict, "the campaign is closed: its answers are frozen",
     on_closed_campaign(lambda w, c: w.app.answer_campaign(c, respondent=str(w.members["bob"]),
                                                           answers={"a1": RATED}, actor="bob"))),
    ("campaign-stranger", AssessmentRuleBroken, f"'{UNKNOWN}' is not among this campaign's respondents",
     answering({"a1": RATED}, respondent=str(UNKNOWN))),
    ("campaign-not-represented", NotPermitted, "you do not represent this member",
     answers_for_an_unrepresented_member),
    ("campaign-person-for-another", NotPermitted, "a named person answers for themself",
     named_person_answers_for_another),
    ("campaign-answers-not-a-mapping", InvalidInput, "answers are given per indicator", answering(["a1"])),
    ("campaign-unknown-indicators", InvalidInput, "no indicator a0, z9 in this campaign's référentiel",
     answering({"z9": RATED, "a0": RATED})),
    ("campaign-answer-not-a-mapping", InvalidInput,
     "indicator a1: an answer is an importance, an achievement and a justification", answering({"a1": 5})),
    ("campaign-answer-fields", InvalidInput, "indicator a1: unknown fields comment, note",
     answering({"a1": {"importance": 5, "note": 2, "comment": "Bien."}})),
    ("campaign-rating-range", InvalidInput, "a1 achievement is rated from 1 to 4",
     answering({"a1": {**RATED, "achievement": 5}})),
    ("campaign-answers-not-shared", NotPermitted,
     "this campaign's individual answers are not shared: only its results are",
     on_campaign(lambda w, c: w.app.campaign_answers(c))),
    # closing, and the revision of the strategy drafted from the results (assessment, referentiel)
    ("campaign-closed-twice", AssessmentStateConflict, "the campaign is already closed",
     on_closed_campaign(lambda w, c: w.app.close_campaign(c, actor=ACTOR))),
    ("campaign-revision-while-open", AssessmentStateConflict,
     "a revision is drafted from a closed campaign's results",
     on_campaign(lambda w, c: w.app.draft_revision_from_campaign(c, objective="i", title="Stratégie",
                                                                 text="Plus d'insertion.", actor=ACTOR))),
    ("campaign-revision-objective", InvalidInput, "no objective 'z' in this référentiel",
     on_closed_campaign(lambda w, c: w.app.draft_revision_from_campaign(c, objective="z", title="Stratégie",
                                                                        text="Plus d'insertion.", actor=ACTOR))),
    # regional networks: joining and leaving by decision (effects, pole)
    ("network-effect-id", InvalidInput, "the effect needs the network concerned",
     draft_network_effect({"type": "join_network", "network_id": "réseau", "shares": ["members"]})),
    ("network-effect-shares", InvalidInput,
     "a pole shares with a network some of referentiel, members, decisions, assemblies",
     draft_network_effect({"type": "join_network", "network_id": NETWORK, "shares": ["members", "accounts"]})),
    ("network-leave-outside", ProposalStateConflict, "the pole is not in this network: there is nothing to leave",
     leaving_a_network),
    ("network-left-outside", MembershipStateConflict, "the pole is not in this network",
     # opening the vote refuses a pole that is not in the network first (above): a direct call reaches this guard
     lambda w: w.app.get_pole(w.pole_id).leave_network(network_id=NETWORK, proposal_id=UNKNOWN, actor=ACTOR)),
]


@pytest.fixture
def constructed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[DomainError]]:
    """Every DomainError built while the test runs, even ones caught and turned into another."""
    built: list[DomainError] = []
    original = DomainError.__init__

    def spy(self: DomainError, template: str, **params: object) -> None:
        original(self, template, **params)
        built.append(self)

    monkeypatch.setattr(DomainError, "__init__", spy)
    yield built


@pytest.mark.parametrize(("error_type", "expected", "scenario"), [s[1:] for s in SCENARIOS],
                         ids=[s[0] for s in SCENARIOS])
def test_every_refusal_keeps_its_english_message_and_carries_template_and_params(
        app: Any, constructed: list[DomainError], error_type: type[DomainError], expected: str,
        scenario: Callable[[World], object]) -> None:
    world = World(app)
    with pytest.raises(error_type) as info:
        scenario(world)
    assert type(info.value) is error_type
    assert info.value.message == expected.replace("<pole>", str(world.pole_id))
    assert_well_formed(info.value)
    assert info.value in constructed
    for error in constructed:
        assert_well_formed(error)


# Raised only under real contention (tests/unit/test_concurrency.py covers it).
NOT_IN_SCENARIOS = {"too many concurrent changes to the same record: please try again"}


def test_the_scenarios_reach_every_template_in_governance(constructed: list[DomainError]) -> None:
    """A new refusal in governance/ needs a scenario above, so its English text is pinned too."""
    for _, _, _, scenario in SCENARIOS:
        try:
            scenario(World(Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})))
        except DomainError:
            pass
    reached = {error.template for error in constructed}
    missing = {t: where for t, where in raise_sites_templates() if t not in reached and t not in NOT_IN_SCENARIOS}
    assert not missing, f"add a scenario to SCENARIOS for: {missing}"


def test_a_concurrency_conflict_keeps_its_message() -> None:
    error = ConcurrencyConflict("too many concurrent changes to the same record: please try again")
    assert_well_formed(error)
    assert "too many concurrent changes to the same record: please try again" in NOT_IN_SCENARIOS


# -- static guard: every raise site uses a literal template ------------------------------------

def error_calls(source: str) -> Iterator[tuple[int, ast.Call]]:
    """(line, call) for every call of DomainError or one of its subclasses in `source`."""
    names = set(error_classes())
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in names:
                yield node.lineno, node


def error_constructions() -> Iterator[tuple[str, int, ast.Call]]:
    """(file, line, call) for every DomainError construction in governance/*.py."""
    for path in sorted(GOVERNANCE.glob("*.py")):
        if path.name != "errors.py":
            for line, call in error_calls(path.read_text(encoding="utf-8")):
                yield path.name, line, call


def raise_sites_templates() -> list[tuple[str, str]]:
    return [(call.args[0].value, f"{file}:{line}") for file, line, call in error_constructions()
            if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)]


def test_the_scan_finds_the_raise_sites() -> None:
    assert len(list(error_constructions())) > 80


def template_problems(call: ast.Call) -> list[str]:
    """Why this DomainError construction would not give a translatable template (empty when fine)."""
    if len(call.args) != 1 or isinstance(call.args[0], ast.Starred):
        return ["pass exactly one positional argument, the template"]
    template = call.args[0]
    if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
        return [f"the template must be a plain string literal (no f-string, concatenation or variable), "
                f"found {ast.unparse(template)}"]
    if any(k.arg is None for k in call.keywords):
        return ["name every param (no **params)"]
    try:
        fields = placeholders(template.value)
    except ValueError as error:
        return [f"the template is not a valid str.format string ({error})"]
    problems = []
    if any(not f.isidentifier() for f in fields):
        problems.append(f"use named placeholders without attribute, index or conversion: {sorted(fields)}")
    params = {k.arg for k in call.keywords}
    if not params and ("{" in template.value or "}" in template.value):
        problems.append("a template without params is used as is: it cannot hold braces")
    if fields != params:
        problems.append(f"placeholders {sorted(fields)} but params {sorted(params)}")
    return problems


def test_every_domain_error_template_is_a_literal_with_matching_params() -> None:
    problems = [f"governance/{file}:{line}: {problem}"
                for file, line, call in error_constructions() for problem in template_problems(call)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("source", [
    """raise StatutesRuleBroken(f"college '{name}' is wrong")""",
    """raise NotFound("no pole " + pole_id)""",
    """raise InvalidInput(message)""",
    """raise ProposalRuleBroken("{a} proposal", b=1)""",
    """raise VotingRuleBroken("voting closed at {0}", closed_at=when)""",
    """raise errors.ProxyRuleBroken("a {holder.name} holds", holder=h)""",
    """raise MembershipRuleBroken("'{name}' is {status}", **member)""",
    """raise DomainError("%s cannot be unsealed" % key)""",
    """raise ConcurrencyConflict()""",
    """raise ProxyRuleBroken("use {{braces}} literally")""",
])
def test_the_scan_refuses_untranslatable_templates(source: str) -> None:
    [(_, call)] = error_calls(source)
    assert template_problems(call)


def test_the_scan_accepts_a_literal_template_with_its_params() -> None:
    [(_, call)] = error_calls("""raise StatutesRuleBroken("college '{college}' holds {share}", college=c, share=s)""")
    assert template_problems(call) == []


def test_pybabel_extracts_every_domain_template_as_a_plain_msgid() -> None:
    """The keywords file makes `pybabel extract` find each template, none mistaken for a %-format."""
    extract = pytest.importorskip("babel.messages.extract")
    catalog_mod = pytest.importorskip("babel.messages.catalog")
    keywords_file = ROOT / "web" / "translations_keywords.txt"
    lines = keywords_file.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() == line and line for line in lines), "one keyword per line, nothing else"
    # The domain's classes, the ones raised in governance/ (error_classes() also finds the subclasses other layers
    # define, e.g. infrastructure's DocumentRefused, once their module is imported: they raise outside governance/).
    assert {name for name, cls in error_classes().items() if cls.__module__.startswith("governance")} <= set(lines)
    keywords = {}
    for line in lines:
        name, _, spec = line.partition(":")
        keywords[name] = tuple(int(i) for i in spec.split(",")) if spec else None
    extracted = set()
    for path in sorted(GOVERNANCE.glob("*.py")):
        with path.open("rb") as source:
            for _, message, _, _ in extract.extract("python", source, keywords=keywords):
                extracted.add(message)
    templates = {template for template, _ in raise_sites_templates()}
    assert templates and templates <= extracted, templates - extracted
    flagged = [t for t in templates if catalog_mod.Message(t).python_format]
    assert not flagged, f"gettext tools would treat these as %-format strings: {flagged}"


def test_babel_config_covers_the_domain() -> None:
    config = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert "[python: governance/**.py]" in config


def test_errors_module_documents_templates_as_msgids() -> None:
    assert errors.__doc__ is not None and "msgid" in errors.__doc__
