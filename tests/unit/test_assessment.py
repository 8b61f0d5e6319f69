"""The PTCE référentiel and its assessment campaigns (issue 24): hand-worked medians and means per college,
answers changed until the close and frozen after, sealed answers when they are not shared."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

import pytest

from governance import clock
from governance.assessment import SEAL_BUCKET, encode_answers, summary
from governance.errors import AssessmentRuleBroken, AssessmentStateConflict, InvalidInput, NotPermitted
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
