"""What a representative may do on one proposal: one answer (governance/standing.py) for pages, API and commands."""

from __future__ import annotations

from typing import Any

import pytest

from governance.errors import NotPermitted
from governance.standing import BallotRight, Standing

ACTOR = "representant@pole.example"


@pytest.fixture
def vote(world: Any) -> Any:
    """An open vote in the six-member SCIC pole; usa1 gave its proxy to sal1 (the same rule as any grant)."""
    world.proposal_id = world.open_proposal()
    world.app.grant_proxy(world.proposal_id, world.members["usa1"], world.members["sal1"], actor=ACTOR)
    return world


def standing(w: Any, *names: str) -> Standing:
    return Standing.of(w.app.get_proposal(w.proposal_id), [str(w.members[n]) for n in names])


def test_a_holder_votes_for_itself_and_by_proxy_for_its_principal(vote: Any) -> None:
    m = {n: str(i) for n, i in vote.members.items()}
    s = standing(vote, "sal1")
    assert s.ballot_rights() == [BallotRight(m["sal1"]), BallotRight(m["usa1"], m["sal1"])]
    assert s.voter_for(m["usa1"]) == BallotRight(m["usa1"], m["sal1"])
    assert s.givers == ()  # a member holding a proxy gives none


def test_representing_both_ends_of_a_proxy_votes_in_person(vote: Any) -> None:
    """The web and the API answered this differently before issue #17 (by proxy vs in person); one answer now:
    a member one represents votes in person, which overrides its proxy (Proposal.voted_in_person)."""
    m = {n: str(i) for n, i in vote.members.items()}
    assert standing(vote, "sal1", "usa1").voter_for(m["usa1"]) == BallotRight(m["usa1"])


def test_a_stranger_is_refused_by_the_command_itself_and_nothing_is_stored(vote: Any) -> None:
    before = vote.stored()
    with pytest.raises(NotPermitted, match="neither represent"):
        vote.app.cast_ballot(vote.proposal_id, vote.members["usa2"], "for", actor=ACTOR,
                             represented=[str(vote.members["sal1"])])
    with pytest.raises(NotPermitted, match="only a representative"):
        vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor=ACTOR,
                              represented=[str(vote.members["sal1"])])
    assert vote.stored() == before


def test_the_command_takes_the_proxy_the_standing_finds(vote: Any) -> None:
    vote.app.cast_ballot(vote.proposal_id, vote.members["usa1"], "against", actor=ACTOR,
                         represented=[str(vote.members["sal1"])])
    ballot = vote.app.get_proposal(vote.proposal_id).ballots[str(vote.members["usa1"])]
    assert ballot == {"choice": "against", "proxy_holder": str(vote.members["sal1"])}


def test_once_its_principal_voted_in_person_a_proxy_is_no_longer_offered(vote: Any) -> None:
    vote.app.cast_ballot(vote.proposal_id, vote.members["usa1"], "for", actor=ACTOR)
    s = standing(vote, "sal1")
    assert [r.member_id for r in s.ballot_rights()] == [str(vote.members["sal1"])]
    assert len(s.ballot_rights(usable=False)) == 2  # still submittable: the proposal explains the refusal
