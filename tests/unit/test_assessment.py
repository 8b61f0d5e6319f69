"""The PTCE référentiel and its assessment campaigns (issue 24): hand-worked medians and means per college,
answers changed until the close and frozen after, taken only between the campaign's days (Paris's calendar),
sealed answers when they are not shared (one length whatever the ratings), named people answering for themselves,
a pole's own versions, joining and leaving a regional network by decision."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest

from governance import clock
from governance.assessment import SEAL_BUCKET, encode_answers, summary
from governance.errors import (AssessmentRuleBroken, AssessmentStateConflict, InvalidInput, NotPermitted,
                               ProposalStateConflict)
from governance.referentiel import SEED, stats
from tests.unit.conftest import ACTOR, PoleWorld


def rate(importance: int | None, achievement: int | None, why: str = "") -> dict[str, Any]:
    return {"importance": importance, "achievement": achievement, "justification": why}


@pytest.fixture
def campaign(world: PoleWorld) -> Any:
    today = clock.today()
    return world.app.open_campaign(world.pole_id, title="Auto-évaluation 2026", opens_on=today,
                                   closes_on=today + timedelta(days=14), actor=ACTOR)


def answer(w: PoleWorld, campaign: Any, name: str, answers: dict[str, Any]) -> None:
    w.app.answer_campaign(campaign, respondent=str(w.members[name]), answers=answers, actor=name,
                          represented=[str(w.members[name])])


def test_the_seed_has_three_general_and_nine_principal_objectives() -> None:
    assert [g.id for g in SEED.generals] == ["territoire", "cooperation", "economie"]
    assert [o.id for o in SEED.objectives] == list("abcdefghi")
    assert len(SEED.indicators) == 26  # the seed's extraction kept two indicators for objective i
    assert all(i.source for i in SEED.indicators)


def test_median_and_mean_from_a_distribution() -> None:
    # 2, 4, 4, 5: median (4 + 4) / 2 = 4, mean 15 / 4 = 3.75; 1, 6, 6: median 6, mean 13 / 3
    assert (stats({2: 1, 4: 2, 5: 1}, 6).median, stats({2: 1, 4: 2, 5: 1}, 6).mean) == (4, Fraction(15, 4))
    assert (stats({1: 1, 6: 2}, 6).median, stats({1: 1, 6: 2}, 6).mean) == (6, Fraction(13, 3))
    assert stats({3: 1, 4: 1}, 4).median == Fraction(7, 2)
    assert stats({}, 6).median is None and not stats({}, 6).reveals
    assert stats({5: 3}, 6).reveals and not stats({5: 2, 6: 1}, 6).reveals


def test_three_colleges_answer_and_the_results_are_frozen_per_college(world: PoleWorld, campaign: Any,
                                                                      refused: Any) -> None:
    app = world.app
    answer(world, campaign, "sal1", {"a1": rate(6, 2), "a2": rate(5, 3)})
    answer(world, campaign, "sal2", {"a1": rate(4, 1)})
    answer(world, campaign, "usa1", {"a1": rate(5, 4, "Le lieu est connu.")})
    answer(world, campaign, "col1", {"a1": rate(2, 4)})
    answer(world, campaign, "col2", {"a1": rate(3, 3)})
    answer(world, campaign, "sal2", {"a1": rate(6, 1)})  # changed before the close: replaces its earlier answer
    results = app.close_campaign(campaign, actor=ACTOR)
    with refused(AssessmentStateConflict, match="closed"):
        answer(world, campaign, "usa2", {"a1": rate(1, 1)})
    framework = app.get_campaign(campaign).framework
    everyone = summary(framework, results)
    # a1 importance: 6, 6, 5, 2, 3 → sorted 2 3 5 6 6: median 5, mean 22 / 5
    assert everyone["respondents"] == 5
    assert everyone["indicators"]["a1"]["importance"].median == 5
    assert everyone["indicators"]["a1"]["importance"].mean == Fraction(22, 5)
    salaries = summary(framework, results, "salaries")
    # salariés a1 importance 6, 6 → median 6 (and it reveals: both chose alike); achievement 2, 1 → median 3/2
    assert salaries["indicators"]["a1"]["importance"].median == 6 and salaries["indicators"]["a1"]["importance"].reveals
    assert salaries["indicators"]["a1"]["achievement"].median == Fraction(3, 2)
    # objective a for salariés pools a1 and a2: importance 6, 6, 5 → median 6, mean 17 / 3
    assert salaries["objectives"]["a"]["importance"].mean == Fraction(17, 3)
    collectivites = summary(framework, results, "collectivites")
    assert collectivites["indicators"]["a1"]["importance"].median == Fraction(5, 2)  # 2, 3
    assert results["justifications"] == {"a1": ["Le lieu est connu."]}
    # the widest gap first: a1 everyone importance (22/5 - 1) / 5 = 17/25, achievement mean (2+1+4+4+3)/5 = 14/5,
    # (14/5 - 1) / 3 = 3/5 → gap 2/25; a2: (5 - 1) / 5 = 4/5 against (3 - 1) / 3 = 2/3 → 2/15, wider
    assert [g["indicator"] for g in everyone["gaps"]] == ["a2", "a1"]
    assert everyone["gaps"][0]["gap"] == Fraction(2, 15)


def test_answers_not_shared_are_sealed_and_of_one_length(world: PoleWorld, campaign: Any) -> None:
    app = world.app
    answer(world, campaign, "sal1", {"a1": rate(6, 4)})
    answer(world, campaign, "sal2", {"a1": rate(1, 1), "b2": rate(3, None)})
    stored = app.get_campaign(campaign).answers
    assert len({len(v) for v in stored.values()}) == 1 and all(isinstance(v, str) for v in stored.values())
    with pytest.raises(NotPermitted, match="not shared"):
        app.campaign_answers(campaign)
    assert app.own_answers(campaign, respondent=str(world.members["sal1"])) == {"a1": rate(6, 4)}
    assert len(encode_answers(SEED, {"a1": rate(6, 4)}).encode()) == SEAL_BUCKET


def test_shared_answers_are_readable_by_the_secretary(world: PoleWorld) -> None:
    today = clock.today()
    campaign = world.app.open_campaign(world.pole_id, title="Partagée", opens_on=today, closes_on=today,
                                       individual_shared=True, actor=ACTOR)
    answer(world, campaign, "col1", {"i2": rate(5, 2, "Peu d'insertion.")})
    assert world.app.campaign_answers(campaign) == {str(world.members["col1"]): {"i2": rate(5, 2, "Peu d'insertion.")}}


def test_bad_answers_are_refused_by_name_and_store_nothing(world: PoleWorld, campaign: Any, refused: Any) -> None:
    with refused(InvalidInput, match="no indicator z9"):
        answer(world, campaign, "sal1", {"z9": rate(6, 2)})
    with refused(InvalidInput, match="rated from 1 to 4"):
        answer(world, campaign, "sal1", {"a1": rate(6, 5)})
    with refused(NotPermitted, match="do not represent"):
        world.app.answer_campaign(campaign, respondent=str(world.members["sal1"]), answers={}, actor="usa1",
                                  represented=[str(world.members["usa1"])])
    with refused(AssessmentRuleBroken, match="not among"):
        answer_id = "00000000-0000-0000-0000-000000000000"
        world.app.answer_campaign(campaign, respondent=answer_id, answers={}, actor="x", represented=[answer_id])


def test_a_pole_adopts_its_own_version_and_a_revision_links_back(world: PoleWorld, campaign: Any,
                                                                 refused: Any) -> None:
    app = world.app
    data = SEED.to_dict()
    data["generals"][2]["objectives"][2]["indicators"].append({"id": "i3", "wording": "Mesurer nos emplois."})
    data["achievement"] = {"points": 3, "labels": ["non", "en partie", "oui"]}
    assert app.adopt_referentiel(world.pole_id, referentiel=data, actor=ACTOR) == 2
    with refused(AssessmentStateConflict, match="reads like version 2"):
        app.adopt_referentiel(world.pole_id, referentiel=data, actor=ACTOR)
    assert app.referentiel(world.pole_id).achievement.points == 3
    assert app.referentiel(world.pole_id, 1) == SEED
    with refused(AssessmentStateConflict, match="closed campaign"):
        app.draft_revision_from_campaign(campaign, objective="i", title="Stratégie", text="Plus d'insertion.",
                                         actor=ACTOR)
    app.close_campaign(campaign, actor=ACTOR)
    proposal = app.draft_revision_from_campaign(campaign, objective="i", title="Stratégie", text="Plus d'insertion.",
                                                actor=ACTOR)
    assert app.get_campaign(campaign).revisions == [{"proposal_id": str(proposal), "objective": "i"}]
    assert app.get_proposal(proposal).effect == {"type": "revise_strategy", "text": "Plus d'insertion."}


def test_a_pole_joins_a_network_by_decision(world: PoleWorld) -> None:
    network = "5b0e0c36-3a53-4f57-9f5e-2f2b8c8f0a11"
    proposal = world.draft(effect={"type": "join_network", "network_id": network, "shares": ["referentiel",
                                                                                             "members"]})
    world.open(proposal)
    world.vote(proposal, {n: "for" for n in world.members})
    world.app.close_voting(proposal, actor=ACTOR)
    assert world.app.get_pole(world.pole_id).networks[network]["shares"] == ["members", "referentiel"]


# -- the campaign's days, on the pole's calendar (a frozen clock) ------------------------------------------------
def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


OPENS, CLOSES = date(2090, 3, 10), date(2090, 3, 20)


def test_answers_are_taken_from_the_opening_day_to_the_closing_day(world: PoleWorld, refused: Any) -> None:
    app = world.app
    with clock.frozen_time(at(OPENS - timedelta(days=8))):
        campaign = app.open_campaign(world.pole_id, title="Auto-évaluation 2090", opens_on=OPENS, closes_on=CLOSES,
                                     actor=ACTOR)
        assert app.get_campaign(campaign).status() == "planned"
        with refused(AssessmentStateConflict, match="^the campaign opens on 2090-03-10$"):
            answer(world, campaign, "sal1", {"a1": rate(6, 2)})
    with clock.frozen_time(at(OPENS, hour=0)):  # 01:00 in Paris: the opening day has begun there
        answer(world, campaign, "sal1", {"a1": rate(6, 2)})
    with clock.frozen_time(at(CLOSES, hour=21)):  # 22:00 in Paris: the closing day is not over
        answer(world, campaign, "sal2", {"a1": rate(4, 1)})
        assert app.get_campaign(campaign).answering()
    with clock.frozen_time(at(CLOSES, hour=23)):  # already the next day in Paris, not yet closed by the secretary
        campaign_now = app.get_campaign(campaign)
        assert campaign_now.status() == "open" and not campaign_now.answering()
        with refused(AssessmentStateConflict, match="^the campaign closed on 2090-03-20: answers are no longer taken$"):
            answer(world, campaign, "usa1", {"a1": rate(5, 4)})
        results = app.close_campaign(campaign, actor=ACTOR)
    assert results["colleges"]["salaries"]["respondents"] == 2 and "usagers" not in results["colleges"]


# -- named people ----------------------------------------------------------------------------------------------
ANA, BOB = "ana@pole.example", "bob@pole.example"


def test_named_people_answer_for_themselves_counted_in_their_college(world: PoleWorld, refused: Any) -> None:
    app = world.app
    today = clock.today()
    with refused(AssessmentRuleBroken, match="^'benevoles' is not one of the pole's colleges$"):
        app.open_campaign(world.pole_id, title="Personnes", opens_on=today, closes_on=today, mode="people",
                          people=[{"id": ANA, "college": "salaries"}, {"id": BOB, "college": "benevoles"}],
                          actor=ACTOR)
    with refused(InvalidInput, match="only a campaign opened for named people"):
        app.open_campaign(world.pole_id, title="Personnes", opens_on=today, closes_on=today,
                          people=[{"id": ANA, "college": "salaries"}], actor=ACTOR)
    campaign = app.open_campaign(world.pole_id, title="Personnes", opens_on=today, closes_on=today, mode="people",
                                 people=[{"id": ANA, "college": "salaries"}, {"id": BOB, "college": ""}],
                                 actor=ACTOR)
    with refused(NotPermitted, match="^a named person answers for themself$"):
        app.answer_campaign(campaign, respondent=ANA, answers={"a1": rate(6, 2)}, actor=BOB)
    with refused(AssessmentRuleBroken, match="not among"):  # a member of the pole is not one of the named people
        app.answer_campaign(campaign, respondent=str(world.members["sal1"]), answers={"a1": rate(6, 2)},
                            actor=str(world.members["sal1"]))
    app.answer_campaign(campaign, respondent=ANA, answers={"a1": rate(6, 2)}, actor=ANA)
    app.answer_campaign(campaign, respondent=BOB, answers={"a1": rate(2, 2)}, actor=BOB)
    assert app.own_answers(campaign, respondent=ANA) == {"a1": rate(6, 2)}
    results = app.close_campaign(campaign, actor=ACTOR)
    assert {college: group["respondents"] for college, group in results["colleges"].items()} == {"salaries": 1,
                                                                                                 "": 1}
    assert app.own_answers(campaign, respondent=ANA) == {}  # closed: only the results remain to be read


# -- regional networks -----------------------------------------------------------------------------------------
NETWORK = "5b0e0c36-3a53-4f57-9f5e-2f2b8c8f0a11"


def decide(world: PoleWorld, effect: dict[str, Any]) -> None:
    proposal = world.draft(effect=effect)
    world.open(proposal)
    world.vote(proposal, {n: "for" for n in world.members})
    world.app.close_voting(proposal, actor=ACTOR)


def test_a_pole_leaves_only_a_network_it_is_in(world: PoleWorld, refused: Any) -> None:
    leave = world.draft(effect={"type": "leave_network", "network_id": NETWORK})
    with refused(ProposalStateConflict, match="^the pole is not in this network: there is nothing to leave$"):
        world.open(leave)
    decide(world, {"type": "join_network", "network_id": NETWORK, "shares": ["decisions"]})
    world.open(leave)
    world.vote(leave, {n: "for" for n in world.members})
    world.app.close_voting(leave, actor=ACTOR)
    assert world.app.get_pole(world.pole_id).networks == {}


# -- a pole's own version --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("level", "ident"), [("indicators", "a1"), ("objectives", "a"), ("generals", "economie"),
                                              ("objective across levels", "territoire")])
def test_an_identifier_used_twice_is_refused_by_name(world: PoleWorld, refused: Any, level: str,
                                                     ident: str) -> None:
    data = SEED.to_dict()
    general = data["generals"][0]
    if level == "indicators":
        general["objectives"][0]["indicators"].append({"id": ident, "wording": "Encore le lieu."})
    elif level == "objectives":
        general["objectives"].append({"id": ident, "title": "Encore", "indicators": [{"id": "a9", "wording": "x"}]})
    elif level == "generals":
        data["generals"].append({**data["generals"][2], "title": "Encore l'économie", "objectives": [
            {"id": "j", "title": "Encore", "indicators": [{"id": "j1", "wording": "x"}]}]})
    else:  # an objective named like a general objective
        general["objectives"][0]["id"] = ident
    with refused(AssessmentRuleBroken, match=f"^identifier '{ident}' is used twice in the référentiel$"):
        world.app.adopt_referentiel(world.pole_id, referentiel=data, actor=ACTOR)
    assert world.app.referentiel_book(world.pole_id) is None


# -- what a sealed answer's length says --------------------------------------------------------------------------
def test_a_sealed_answer_has_one_length_whatever_its_ratings(world: PoleWorld, campaign: Any) -> None:
    """Under 1 KiB of justifications, every sealed answer has the same length, whatever is rated and how; past it,
    only the bucket shows."""
    everything = {i: rate(6, 4) for i in SEED.indicator_ids()}
    given = {
        "sal1": {"a1": rate(1, 1)},
        "sal2": everything,
        "usa1": {"a1": rate(6, None, "Le lieu est connu de tous.")},
        "usa2": {**everything, "i2": rate(None, None, "é" * 300)},  # 600 bytes of justification
        "col1": {"b2": rate(None, None, "Pas d'avis.")},
    }
    for name, answers in given.items():
        answer(world, campaign, name, answers)
    stored = world.app.get_campaign(campaign).answers
    assert len({len(stored[str(world.members[name])]) for name in given}) == 1
    answer(world, campaign, "col2", {"a1": rate(3, 3, "x" * SEAL_BUCKET)})
    longer = world.app.get_campaign(campaign).answers[str(world.members["col2"])]
    assert len(longer) > len(stored[str(world.members["sal1"])])
    assert world.app.own_answers(campaign, respondent=str(world.members["usa2"])) == given["usa2"]
