"""Secret ballots: sealed choices, bound to their proposal and member, unreadable without the key."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.application import Collegia
from governance.errors import DomainError, VotingRuleBroken
from governance.proposal import Proposal
from governance.sealing import BallotSealer

CHOICES = ("for", "against", "abstain")


@pytest.fixture
def sealer() -> BallotSealer:
    return BallotSealer(BallotSealer.generate_key())


@pytest.mark.parametrize("choice", CHOICES)
def test_round_trip(sealer: BallotSealer, choice: str) -> None:
    sealed = sealer.seal("proposal-1", "member-a", choice)
    assert choice not in sealed
    assert sealer.unseal("proposal-1", "member-a", sealed) == choice


def test_a_ballot_sealed_for_one_member_cannot_be_unsealed_as_another(sealer: BallotSealer) -> None:
    sealed = sealer.seal("proposal-1", "member-a", "against")
    with pytest.raises(DomainError, match="cannot be unsealed with this instance's ballot key"):
        sealer.unseal("proposal-1", "member-b", sealed)
    with pytest.raises(DomainError, match="cannot be unsealed"):
        sealer.unseal("proposal-2", "member-a", sealed)


def test_another_key_cannot_unseal(sealer: BallotSealer) -> None:
    sealed = sealer.seal("proposal-1", "member-a", "for")
    other = BallotSealer(BallotSealer.generate_key())
    with pytest.raises(DomainError, match="cannot be unsealed with this instance's ballot key"):
        other.unseal("proposal-1", "member-a", sealed)


def test_same_choice_gives_different_ciphertexts(sealer: BallotSealer) -> None:
    sealed = {sealer.seal("proposal-1", "member-a", "for") for _ in range(20)}
    assert len(sealed) == 20
    assert {sealer.unseal("proposal-1", "member-a", s) for s in sealed} == {"for"}


def test_tampered_ciphertext_is_refused(sealer: BallotSealer) -> None:
    raw = bytearray(base64.b64decode(sealer.seal("p", "m", "for")))
    raw[-1] ^= 1
    with pytest.raises(DomainError):
        sealer.unseal("p", "m", base64.b64encode(bytes(raw)).decode())


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_key_must_be_256_bits(size: int) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        BallotSealer(b"k" * size)


# -- through the app ----------------------------------------------------------------------------

def test_secret_ballot_stores_no_choice_and_still_counts(world: Any) -> None:
    app = world.app
    proposal_id = world.open_proposal(secret=True)
    world.vote(proposal_id, {"sal1": "against", "sal2": "for", "usa1": "for", "col1": "abstain"})
    world.vote(proposal_id, {"sal1": "for"})
    cast = [e for e in app.events.get(proposal_id) if type(e).__name__ == "SecretBallotCast"]
    assert len(cast) == 5
    assert all(not hasattr(e, "choice") for e in cast)
    assert all(c not in e.sealed for e in cast for c in CHOICES)
    ballots = app.get_proposal(proposal_id).ballots
    assert all("choice" not in b for b in ballots.values())

    result = app.close_voting(proposal_id, actor="secretaire")
    counts = {r.code: (r.votes_for, r.votes_against, r.abstentions) for r in result.colleges}
    assert counts == {"salaries": (2, 0, 0), "usagers": (1, 0, 0), "collectivites": (0, 0, 1)}
    assert result.outcome == "adopted"
    assert app.recount(proposal_id) == result


def test_secret_ballot_cannot_be_counted_by_another_instance_key(world: Any) -> None:
    proposal_id = world.open_proposal(secret=True)
    world.vote(proposal_id, {"sal1": "for"})
    proposal = world.app.get_proposal(proposal_id)
    with pytest.raises(DomainError, match="cannot be unsealed"):
        proposal.count(BallotSealer(BallotSealer.generate_key()).unseal)
    with pytest.raises(DomainError, match="secret ballots need the instance's ballot key to be counted"):
        proposal.count()


def test_a_secret_ballot_must_be_sealed(world: Any) -> None:
    proposal: Proposal = world.app.get_proposal(world.open_proposal(secret=True))
    with pytest.raises(VotingRuleBroken, match="a secret ballot must be sealed"):
        proposal.cast_ballot(member_id=str(world.members["sal1"]), choice="for", actor="sal1")


def test_the_app_uses_the_sealer_it_was_given(world: Any) -> None:
    key = BallotSealer.generate_key()
    app = Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=BallotSealer(key))
    pole_id = app.found_pole(name="P", territory="T", legal_form="SCIC", actor="a",
                             statutes={"model": "one_member_one_vote"})
    member = app.request_membership(pole_id, name="M", kind="person", category="c", actor="a")
    app.admit_member(pole_id, member, decision="CA", actor="a")
    proposal_id = app.draft_proposal(pole_id, title="T", text="x", secret=True, actor="a")
    app.open_voting(proposal_id, closes_at=datetime.now(UTC) + timedelta(days=1), actor="a")
    app.cast_ballot(proposal_id, member, "against", actor="M")
    sealed = app.get_proposal(proposal_id).ballots[str(member)]["sealed"]
    assert BallotSealer(key).unseal(str(proposal_id), str(member), sealed) == "against"
