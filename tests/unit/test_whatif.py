"""What-if: a closed vote recounted under other statutes, hand-computed, and nothing stored."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest

from governance.errors import InvalidInput, ProposalRuleBroken, StatutesRuleBroken
from governance.statutes import Statutes
from governance.tally import ADOPTED, REJECTED
from governance.whatif import flipped, simulate
from tests.unit.conftest import ACTOR, PoleWorld, scic_statutes


def close(world: PoleWorld, secret: bool = False) -> Any:
    """Salariés (40 %) all for, Usagers (30 %) all against, Collectivités (30 %) abstain."""
    proposal_id = world.open_proposal(secret=secret)
    world.vote(proposal_id, {"sal1": "for", "sal2": "for", "usa1": "against", "usa2": "against",
                             "col1": "abstain", "col2": "abstain"})
    world.app.close_voting(proposal_id, actor=ACTOR)
    return proposal_id


def row(tally: Any, code: str) -> Any:
    return next(c for c in tally.colleges if c.code == code)


def test_the_recorded_vote_passes_under_proportional(world: PoleWorld) -> None:
    # Collectivités cast no vote: proportional rescales 40/70 and 30/70 -> 4/7 x 1 + 3/7 x 0 = 4/7 > 1/2.
    recorded, simulated = world.app.what_if(close(world), scic_statutes())
    assert recorded.result == simulated.result == F(4, 7)
    assert recorded.outcome == simulated.outcome == ADOPTED
    assert not flipped(recorded, simulated)


def test_not_for_flips_it(world: PoleWorld) -> None:
    # not_for: the empty 30 % counts as not in favour -> 40/100 x 1 = 2/5, not above 1/2.
    recorded, simulated = world.app.what_if(close(world), scic_statutes(empty_college_rule="not_for"))
    assert recorded.outcome == ADOPTED
    assert simulated.result == F(2, 5)
    assert simulated.outcome == REJECTED
    assert row(simulated, "salaries").effective_weight == F(2, 5)
    assert row(simulated, "collectivites").effective_weight == 0
    assert simulated.rule_applied == "not_for"
    assert flipped(recorded, simulated)


def test_other_weights_flip_it(world: PoleWorld) -> None:
    # Salariés 30 %, Usagers 40 %, proportional: 30/70 x 1 = 3/7 -> rejected.
    statutes = scic_statutes(colleges=[{"code": "salaries", "name": "Salariés", "share": "30%"},
                                       {"code": "usagers", "name": "Usagers", "share": "40%"},
                                       {"code": "collectivites", "name": "Collectivités", "share": "30%"}])
    recorded, simulated = world.app.what_if(close(world), statutes)
    assert simulated.result == F(3, 7)
    assert (recorded.outcome, simulated.outcome) == (ADOPTED, REJECTED)
    assert row(simulated, "usagers").share == F(2, 5)
    assert row(recorded, "usagers").share == F(3, 10)


def test_what_if_stores_nothing(world: PoleWorld) -> None:
    proposal_id = close(world)
    before = world.stored()
    world.app.what_if(proposal_id, scic_statutes(empty_college_rule="equal"))
    with pytest.raises(InvalidInput):
        world.app.what_if(proposal_id, scic_statutes(colleges=[
            {"code": "salaries", "name": "Salariés", "share": "50%"},
            {"code": "usagers", "name": "Usagers", "share": "50%"}]))
    assert world.stored() == before


def test_a_college_missing_from_the_simulated_statutes_is_refused(world: PoleWorld) -> None:
    statutes = scic_statutes(colleges=[{"code": "salaries", "name": "Salariés", "share": "50%"},
                                       {"code": "usagers", "name": "Usagers", "share": "50%"}])
    with pytest.raises(InvalidInput, match="the simulated statutes have no college 'collectivites', which voted"):
        world.app.what_if(close(world), statutes)


def test_invalid_statutes_are_refused(world: PoleWorld) -> None:
    statutes = scic_statutes(colleges=[{"code": "salaries", "name": "Salariés", "share": "40%"},
                                       {"code": "usagers", "name": "Usagers", "share": "40%"},
                                       {"code": "collectivites", "name": "Collectivités", "share": "30%"}])
    with pytest.raises(StatutesRuleBroken, match="sum to 110.00 %"):
        world.app.what_if(close(world), statutes)


def test_only_a_closed_vote_is_simulated(world: PoleWorld) -> None:
    proposal_id = world.open_proposal()
    with pytest.raises(ProposalRuleBroken, match="only a closed vote can be simulated"):
        world.app.what_if(proposal_id, scic_statutes())


def test_a_secret_vote_is_recounted_per_college(world: PoleWorld) -> None:
    recorded, simulated = world.app.what_if(close(world, secret=True), scic_statutes(empty_college_rule="not_for"))
    assert (recorded.outcome, simulated.outcome) == (ADOPTED, REJECTED)
    assert (row(simulated, "salaries").votes_for, row(simulated, "usagers").votes_against) == (2, 2)


def test_simulate_is_pure_and_needs_an_opened_proposal(world: PoleWorld) -> None:
    proposal_id = close(world)
    proposal = world.app.get_proposal(proposal_id)
    ballots, version = dict(proposal.ballots), proposal.version
    simulated = simulate(proposal, Statutes.from_dict(scic_statutes(empty_college_rule="not_for")), None)
    assert simulated.outcome == REJECTED
    assert proposal.ballots == ballots and proposal.version == version
    draft = world.app.get_proposal(world.draft())
    with pytest.raises(InvalidInput, match="never opened"):
        simulate(draft, Statutes.from_dict(scic_statutes()), None)
