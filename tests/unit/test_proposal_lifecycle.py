"""A proposal's life through the app: draft → open (rules frozen) → ballots → closed, and its effects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any, Callable
from uuid import uuid4

import pytest

from governance import clock
from governance.errors import (InvalidInput, MembershipRuleBroken, NotFound, ProposalRuleBroken, StatutesRuleBroken,
                               VotingRuleBroken)

ACTOR = "secretaire@pole.example"
SCIC = {"model": "scic", "colleges": [
    {"code": "salaries", "name": "Salariés", "share": "40%"},
    {"code": "usagers", "name": "Usagers", "share": "30%"},
    {"code": "collectivites", "name": "Collectivités", "share": "30%"}]}


def events(app: Any, aggregate_id: Any) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregate_id)]


# -- drafting ----------------------------------------------------------------------------------

def test_draft_records_text_kind_and_author(world: Any) -> None:
    proposal = world.app.get_proposal(world.draft(kind="extraordinary", title="Refonte"))
    assert (proposal.status, proposal.title, proposal.kind, proposal.proposed_by) == (
        "draft", "Refonte", "extraordinary", ACTOR)
    assert proposal.electorate == {} and proposal.rules is None


def test_draft_refuses_bad_kind_and_unknown_pole(world: Any, refused: Any) -> None:
    with refused(InvalidInput, match="resolution kind must be one of ordinary, extraordinary"):
        world.draft(kind="urgent")
    with refused(NotFound, match="no pole"):
        world.app.draft_proposal(uuid4(), title="T", text="x", actor=ACTOR)


def test_statutes_change_only_by_an_extraordinary_resolution(world: Any, refused: Any) -> None:
    with refused(ProposalRuleBroken, match="change only by an extraordinary resolution"):
        world.draft(kind="ordinary", effect={"type": "amend_statutes", "statutes": SCIC})


def test_effect_must_name_a_member_of_this_pole(world: Any, refused: Any) -> None:
    with refused(NotFound, match="no member"):
        world.draft(effect={"type": "admit_member", "member_id": str(uuid4())})
    with refused(InvalidInput, match="the effect needs the member concerned"):
        world.draft(effect={"type": "admit_member", "member_id": "bob"})
    with refused(InvalidInput, match="a proposal's effect must be one of"):
        world.draft(effect={"type": "dissolve_pole"})


def test_amend_in_draft_only(world: Any, refused: Any) -> None:
    app = world.app
    proposal_id = world.draft()
    app.amend_proposal(proposal_id, title="Budget rectifié", text="Nouveau texte", kind="extraordinary",
                       actor=ACTOR)
    proposal = app.get_proposal(proposal_id)
    assert (proposal.title, proposal.text, proposal.kind) == ("Budget rectifié", "Nouveau texte", "extraordinary")
    world.open(proposal_id)
    with refused(ProposalRuleBroken, match=r"only a draft can be amended \(this proposal is open\)"):
        app.amend_proposal(proposal_id, title="Trop tard", text="x", actor=ACTOR)
    assert app.get_proposal(proposal_id).title == "Budget rectifié"


# -- opening ----------------------------------------------------------------------------------

def test_closing_time_must_be_in_the_future_and_timezone_aware(world: Any, refused: Any) -> None:
    proposal_id = world.draft()
    with refused(VotingRuleBroken, match="the closing time must be in the future"):
        world.app.open_voting(proposal_id, closes_at=datetime.now(UTC) - timedelta(minutes=1), actor=ACTOR)
    with refused(InvalidInput, match="timezone"):
        world.app.open_voting(proposal_id, closes_at=datetime.now() + timedelta(days=1), actor=ACTOR)
    with refused(InvalidInput, match="convocation must be one of first, second"):
        world.app.open_voting(proposal_id, closes_at=datetime.now(UTC) + timedelta(days=1), convocation="third",
                              actor=ACTOR)
    assert world.app.get_proposal(proposal_id).status == "draft"


def test_opening_with_an_empty_electorate_is_refused(make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world()
    world.add_member("sans college", None)  # admitted, but a SCIC vote needs a college
    proposal_id = world.draft()
    with refused(VotingRuleBroken, match="no member is entitled to vote"):
        world.open(proposal_id)


def test_opening_freezes_electorate_and_statutes(world: Any) -> None:
    app = world.app
    proposal_id = world.draft()
    world.open(proposal_id)
    proposal = app.get_proposal(proposal_id)
    pole = app.get_pole(world.pole_id)
    assert proposal.status == "open"
    assert proposal.electorate == pole.electorate()
    assert len(proposal.electorate) == 6
    assert proposal.statutes_version == 1
    assert proposal.rules == pole.statutes.to_dict()

    late = world.add_member("late", "usagers")
    with pytest.raises(VotingRuleBroken, match="not in the electorate frozen when voting opened"):
        app.cast_ballot(proposal_id, late, "for", actor="late")
    assert str(late) not in app.get_proposal(proposal_id).electorate


def test_opening_twice_is_refused(world: Any, refused: Any) -> None:
    proposal_id = world.open_proposal()
    with refused(ProposalRuleBroken, match=r"voting can only be opened on a draft \(this proposal is open\)"):
        world.open(proposal_id)


# -- ballots ----------------------------------------------------------------------------------

def test_last_ballot_counts(world: Any) -> None:
    proposal_id = world.open_proposal()
    world.vote(proposal_id, {"sal1": "against", "usa1": "for", "col1": "for"})
    world.vote(proposal_id, {"sal1": "for"})
    world.vote(proposal_id, {"usa1": "abstain"})
    result = world.app.recount(proposal_id)
    counts = {row.code: (row.votes_for, row.votes_against, row.abstentions) for row in result.colleges}
    assert counts == {"salaries": (1, 0, 0), "usagers": (0, 0, 1), "collectivites": (1, 0, 0)}
    assert result.participants == 3
    # usagers silent -> proportional over 40 % and 30 %: both all for
    assert result.result == 1


def test_ballot_must_be_a_known_choice(world: Any, refused: Any) -> None:
    proposal_id = world.open_proposal()
    with refused(InvalidInput, match="a ballot is one of for, against, abstain"):
        world.vote(proposal_id, {"sal1": "pour"})


def test_ballot_on_a_draft_is_refused(world: Any, refused: Any) -> None:
    proposal_id = world.draft()
    with refused(ProposalRuleBroken, match="voting is not open"):
        world.vote(proposal_id, {"sal1": "for"})


def test_no_ballot_after_the_closing_time(world: Any, refused: Any) -> None:
    proposal_id = world.draft()
    closes_at = world.open(proposal_id)
    with clock.frozen_time(closes_at):
        with refused(VotingRuleBroken, match=f"voting closed at {closes_at:%Y-%m-%d %H:%M} UTC"):
            world.vote(proposal_id, {"sal1": "for"})


def test_a_member_who_withdraws_later_keeps_the_vote_cast(world: Any) -> None:
    proposal_id = world.open_proposal()
    world.vote(proposal_id, {"sal1": "against", "sal2": "for", "usa1": "for", "col1": "for"})
    world.app.withdraw_member(world.pole_id, world.members["sal1"], actor=ACTOR)
    result = world.app.close_voting(proposal_id, actor=ACTOR)
    assert [r.votes_against for r in result.colleges if r.code == "salaries"] == [1]
    # 0.4 * 1/2 + 0.3 * 1 + 0.3 * 1 = 4/5
    assert result.result == Fraction(4, 5)


# -- closing ---------------------------------------------------------------------------------

def test_manual_close_records_tally_and_outcome(world: Any) -> None:
    app = world.app
    proposal_id = world.open_proposal()
    world.vote(proposal_id, {"sal1": "for", "sal2": "against", "usa1": "against", "col1": "for", "col2": "for"})
    result = app.close_voting(proposal_id, actor=ACTOR)
    # salaries 1/2, usagers 0, collectivites 1: 0.4*1/2 + 0.3*0 + 0.3*1 = 1/2 -> a tie fails
    assert result.result == Fraction(1, 2)
    assert result.outcome == "rejected"
    proposal = app.get_proposal(proposal_id)
    assert (proposal.status, proposal.outcome) == ("closed", "rejected")
    assert proposal.tally == result.to_dict()


def test_recount_equals_recorded_tally(world: Any) -> None:
    app = world.app
    proposal_id = world.open_proposal()
    world.vote(proposal_id, {"sal1": "for", "usa1": "against", "usa2": "for", "col2": "abstain"})
    world.vote(proposal_id, {"usa1": "for"})
    recorded = app.close_voting(proposal_id, actor=ACTOR)
    assert app.recount(proposal_id) == recorded
    assert app.recount(proposal_id).to_dict() == app.get_proposal(proposal_id).tally


def test_close_twice_is_refused(world: Any, refused: Any) -> None:
    proposal_id = world.open_proposal()
    world.app.close_voting(proposal_id, actor=ACTOR)
    with refused(ProposalRuleBroken, match=r"only an open vote can be closed \(this proposal is closed\)"):
        world.app.close_voting(proposal_id, actor=ACTOR)
    with refused(ProposalRuleBroken, match="voting is not open"):
        world.vote(proposal_id, {"sal1": "for"})
    assert world.app.close_if_due(proposal_id) is None


def test_automatic_close_only_after_the_closing_time(world: Any, refused: Any) -> None:
    app = world.app
    proposal_id = world.draft()
    closes_at = world.open(proposal_id)
    world.vote(proposal_id, {"sal1": "for", "usa1": "for"})
    with clock.frozen_time(closes_at - timedelta(seconds=1)):
        with refused(VotingRuleBroken, match="the closing time has not passed yet"):
            app.close_voting(proposal_id, actor="system", automatic=True)
    with clock.frozen_time(closes_at + timedelta(hours=1)):
        result = app.close_if_due(proposal_id)
    assert result is not None and result.outcome == "adopted"
    closed = list(app.events.get(proposal_id))[-1]
    assert type(closed).__name__ == "VotingClosed"
    assert (closed.automatic, closed.closed_at, closed.actor) == (True, closes_at, "system")


def test_close_if_due_leaves_a_vote_that_is_not_due_open(world: Any) -> None:
    proposal_id = world.open_proposal()
    before = world.stored()
    assert world.app.close_if_due(proposal_id) is None
    assert world.app.get_proposal(proposal_id).status == "open"
    assert world.stored() == before


def test_members_who_left_keep_their_ballot_but_cast_no_new_one(world: Any, refused: Any) -> None:
    proposal_id = world.open_proposal()
    world.vote(proposal_id, {"usa1": "for", "sal1": "for"})
    world.app.withdraw_member(world.pole_id, world.members["usa1"], reason="départ", actor=ACTOR)
    with refused(VotingRuleBroken, match="'usa1' is withdrawn since the electorate was frozen"):
        world.vote(proposal_id, {"usa1": "against"})
    assert [r.votes_for for r in world.app.recount(proposal_id).colleges if r.code == "usagers"] == [1]


def test_no_quorum_outcome(world: Any) -> None:
    # 1 of 6 participants < 1/5 of 6 entitled
    proposal_id = world.open_proposal()
    world.vote(proposal_id, {"sal1": "for"})
    result = world.app.close_voting(proposal_id, actor=ACTOR)
    assert (result.participants, result.entitled, result.outcome) == (1, 6, "no_quorum")


def test_withdraw_draft_and_open_proposals(world: Any, refused: Any) -> None:
    app = world.app
    draft_id = world.draft()
    app.withdraw_proposal(draft_id, reason="doublon", actor=ACTOR)
    assert app.get_proposal(draft_id).status == "withdrawn"

    open_id = world.open_proposal()
    world.vote(open_id, {"sal1": "for"})
    app.withdraw_proposal(open_id, reason="erreur", actor=ACTOR)
    assert app.get_proposal(open_id).status == "withdrawn"
    with refused(ProposalRuleBroken, match="a withdrawn proposal cannot be withdrawn"):
        app.withdraw_proposal(open_id, actor=ACTOR)
    with refused(ProposalRuleBroken, match="only an open vote can be closed"):
        app.close_voting(open_id, actor=ACTOR)
    with refused(ProposalRuleBroken, match="a withdrawn proposal has no tally"):
        app.recount(open_id)
    with refused(ProposalRuleBroken, match="voting is not open"):
        world.vote(open_id, {"sal2": "for"})

    closed_id = world.open_proposal()
    app.close_voting(closed_id, actor=ACTOR)
    with refused(ProposalRuleBroken, match="a closed proposal cannot be withdrawn"):
        app.withdraw_proposal(closed_id, actor=ACTOR)


# -- effects ---------------------------------------------------------------------------------------

def _all_for(world: Any, proposal_id: Any) -> None:
    world.vote(proposal_id, {name: "for" for name in ("sal1", "sal2", "usa1", "usa2", "col1", "col2")})


def _close_in_one_save(app: Any, proposal_id: Any) -> tuple[Any, list[str]]:
    """Close the vote; return its tally and the event names of the single save it made."""
    saves: list[list[Any]] = []
    app.subscribe(saves.append)
    result = app.close_voting(proposal_id, actor=ACTOR)
    assert len(saves) == 1, "closing and applying the effect must be one atomic save"
    return result, [r.notification.topic.rsplit(".", 1)[-1].split(":")[-1] for r in saves[0]]


def test_adopted_admission_is_applied_with_the_close(world: Any) -> None:
    app = world.app
    candidate = world.request("Coop Nouvelle", kind="ess_enterprise", representative="Inès")
    proposal_id = world.open_proposal(effect={"type": "admit_member", "member_id": str(candidate)})
    _all_for(world, proposal_id)
    result, saved = _close_in_one_save(app, proposal_id)
    assert result.outcome == "adopted"
    assert app.get_pole(world.pole_id).member(candidate)["status"] == "admitted"
    assert sorted(saved) == ["MemberAdmitted", "VotingClosed"]
    admitted = [e for e in app.events.get(world.pole_id) if type(e).__name__ == "MemberAdmitted"][-1]
    assert admitted.proposal_id == proposal_id
    assert list(app.events.get(proposal_id))[-1].effect_result == "applied"


def test_rejected_proposal_has_no_effect(world: Any) -> None:
    app = world.app
    candidate = world.request("Coop Refusée")
    pole_version = app.get_pole(world.pole_id).version
    proposal_id = world.open_proposal(effect={"type": "admit_member", "member_id": str(candidate)})
    world.vote(proposal_id, {name: "against" for name in ("sal1", "usa1", "col1")})
    assert app.close_voting(proposal_id, actor=ACTOR).outcome == "rejected"
    assert app.get_pole(world.pole_id).member(candidate)["status"] == "requested"
    assert app.get_pole(world.pole_id).version == pole_version


def test_opening_refuses_an_effect_that_no_longer_applies(world: Any, refused: Any) -> None:
    candidate = world.request("Coop Déjà")
    proposal_id = world.draft(effect={"type": "admit_member", "member_id": str(candidate)})
    world.app.admit_member(world.pole_id, candidate, decision="CA", actor=ACTOR)
    with refused(ProposalRuleBroken, match="'Coop Déjà' is admitted: there is no request to admit"):
        world.open(proposal_id)


def test_adopted_statutes_become_version_two_and_later_votes_use_them(world: Any) -> None:
    app = world.app
    new_statutes = {**SCIC, "colleges": [
        {"code": "salaries", "name": "Salariés", "share": "50%"},
        {"code": "usagers", "name": "Usagers", "share": "25%"},
        {"code": "collectivites", "name": "Collectivités", "share": "25%"}]}
    earlier = world.open_proposal()  # opened under v1
    amendment = world.open_proposal(kind="extraordinary",
                                     effect={"type": "amend_statutes", "statutes": new_statutes})
    _all_for(world, amendment)
    result, saved = _close_in_one_save(app, amendment)
    assert result.outcome == "adopted"
    assert sorted(saved) == ["StatutesAmended", "VotingClosed"]

    pole = app.get_pole(world.pole_id)
    assert pole.statutes_version == 2
    assert pole.statutes_versions[-1]["decision_id"] == str(amendment)
    assert pole.statutes.college("salaries").share == Fraction(1, 2)
    assert pole.statutes_versions[0]["statutes"]["colleges"][0]["share"] == "2/5"

    # the vote opened under v1 still counts with v1 weights: salaries for, usagers against, collectivites silent
    world.vote(earlier, {"sal1": "for", "usa1": "against"})
    assert app.close_voting(earlier, actor=ACTOR).result == Fraction(4, 7)  # 0.4 / (0.4 + 0.3)
    later = world.open_proposal()
    assert app.get_proposal(later).statutes_version == 2
    world.vote(later, {"sal1": "for", "usa1": "against"})
    assert app.close_voting(later, actor=ACTOR).result == Fraction(2, 3)  # 0.5 / (0.5 + 0.25)


def test_amendment_dissolving_a_populated_college_cannot_open(world: Any, refused: Any) -> None:
    two_colleges = {**SCIC, "colleges": [{"code": "salaries", "name": "Salariés", "share": "50%"},
                                         {"code": "usagers", "name": "Usagers", "share": "50%"}]}
    proposal_id = world.draft(kind="extraordinary", effect={"type": "amend_statutes", "statutes": two_colleges})
    with refused(ProposalRuleBroken, match="dissolves college 'Collectivités', which still has members"):
        world.open(proposal_id)


def test_adopted_strategy_revision_becomes_version_two(world: Any) -> None:
    app = world.app
    proposal_id = world.open_proposal(effect={"type": "revise_strategy", "text": "Mutualiser aussi l'énergie."})
    _all_for(world, proposal_id)
    _, saved = _close_in_one_save(app, proposal_id)
    assert sorted(saved) == ["StrategyRevised", "VotingClosed"]
    pole = app.get_pole(world.pole_id)
    assert pole.strategy_version == 2
    assert pole.strategy_versions[-1] == {"version": 2, "text": "Mutualiser aussi l'énergie.",
                                          "decision_id": str(proposal_id), "proposed_by": ACTOR}
    assert pole.strategy_versions[0]["text"] == "Mutualiser la logistique."


def test_adopted_exclusion_by_assembly(world: Any) -> None:
    app = world.app
    target = world.members["col2"]
    proposal_id = world.open_proposal(effect={"type": "exclude_member", "member_id": str(target),
                                              "reasons": "non-respect de la charte"})
    world.vote(proposal_id, {name: "for" for name in ("sal1", "sal2", "usa1", "col1")})
    assert app.close_voting(proposal_id, actor=ACTOR).outcome == "adopted"
    assert app.get_pole(world.pole_id).member(target)["status"] == "excluded"


def test_once_the_assembly_admits_members_only_an_adopted_proposal_does(world: Any, refused: Any) -> None:
    app = world.app
    assembly_admits = {**SCIC, "admission_by": "assembly"}
    to_assembly = world.open_proposal(kind="extraordinary",
                                      effect={"type": "amend_statutes", "statutes": assembly_admits})
    _all_for(world, to_assembly)
    app.close_voting(to_assembly, actor=ACTOR)
    assert app.get_pole(world.pole_id).statutes.admission_by == "assembly"

    candidate = world.request("Coop Nouvelle")
    with refused(MembershipRuleBroken, match="members are admitted by an assembly vote: draft a proposal instead"):
        app.admit_member(world.pole_id, candidate, decision="CA", actor=ACTOR)
    proposal_id = world.open_proposal(effect={"type": "admit_member", "member_id": str(candidate)})
    _all_for(world, proposal_id)
    app.close_voting(proposal_id, actor=ACTOR)
    assert app.get_pole(world.pole_id).member(candidate)["status"] == "admitted"


def test_invalid_statutes_are_refused_when_drafting_the_amendment(world: Any, refused: Any) -> None:
    too_big = {**SCIC, "colleges": [{"code": "salaries", "name": "Salariés", "share": "60%"},
                                    {"code": "usagers", "name": "Usagers", "share": "40%"}]}
    with refused(StatutesRuleBroken, match="would hold 60.00 %, above the 50 % maximum for a SCIC"):
        world.draft(kind="extraordinary", effect={"type": "amend_statutes", "statutes": too_big})


def test_members_of_a_college_dissolved_after_opening_lose_their_college(world: Any) -> None:
    app = world.app
    without_collectivites = {**SCIC, "colleges": [{"code": "salaries", "name": "Salariés", "share": "50%"},
                                                  {"code": "usagers", "name": "Usagers", "share": "50%"}]}
    for name in ("col1", "col2"):
        app.assign_college(world.pole_id, world.members[name], college="usagers", reason="fusion", actor=ACTOR)
    proposal_id = world.open_proposal(kind="extraordinary",
                                      effect={"type": "amend_statutes", "statutes": without_collectivites})
    late = world.add_member("late", "collectivites")  # joins the doomed college while the vote is open
    world.vote(proposal_id, {name: "for" for name in ("sal1", "sal2", "usa1", "usa2", "col1")})
    assert app.close_voting(proposal_id, actor=ACTOR).outcome == "adopted"
    pole = app.get_pole(world.pole_id)
    assert pole.member(late)["college"] is None
    assert str(late) not in pole.electorate()
    last = list(app.events.get(world.pole_id))[-1]
    assert (type(last).__name__, last.previous, last.reason) == (
        "MemberAssignedToCollege", "collectivites", "college dissolved by statutes v2")


def test_an_adopted_effect_that_no_longer_applies_is_recorded_as_not_applied(world: Any) -> None:
    app = world.app
    candidate = world.request("Coop Pressée")
    proposal_id = world.open_proposal(effect={"type": "admit_member", "member_id": str(candidate)})
    app.admit_member(world.pole_id, candidate, decision="CA", actor=ACTOR)  # the board was faster
    _all_for(world, proposal_id)
    assert app.close_voting(proposal_id, actor=ACTOR).outcome == "adopted"
    closed = list(app.events.get(proposal_id))[-1]
    assert closed.effect_result == (
        "not applied: 'Coop Pressée' is admitted: only a pending request can be admitted or refused")


def test_one_member_one_vote_pole_end_to_end(make_world: Callable[..., Any]) -> None:
    world = make_world({"model": "one_member_one_vote"})
    for name in ("a", "b", "c", "d", "e"):
        world.add_member(name, None)  # no colleges: every admitted member votes
    proposal_id = world.open_proposal()
    assert len(world.app.get_proposal(proposal_id).electorate) == 5
    world.vote(proposal_id, {"a": "for", "b": "for", "c": "against", "d": "abstain"})
    result = world.app.close_voting(proposal_id, actor=ACTOR)
    assert (result.result, result.outcome, result.participants) == (Fraction(2, 3), "adopted", 4)
