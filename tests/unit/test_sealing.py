"""Secret ballots: sealed choices, bound to their proposal and member, unreadable without the key."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.application import Collegia
from governance.errors import DomainError, VotingRuleBroken
from governance.proposal import Proposal
from governance.sealing import SEALED_LENGTH, BallotSealer

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


@pytest.mark.parametrize("byte", [0, 12, 27, -1])  # in the nonce, the padded choice, the tag
def test_tampered_ciphertext_is_refused(sealer: BallotSealer, byte: int) -> None:
    version, _, text = sealer.seal("p", "m", "for").partition(":")
    raw = bytearray(base64.b64decode(text))
    raw[byte] ^= 1
    with pytest.raises(DomainError):
        sealer.unseal("p", "m", f"{version}:{base64.b64encode(bytes(raw)).decode()}")


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
    # Every sealed value has the padded format's one length, so none gives its choice away (a search for "for"
    # in the base64 text would be a coin toss: random letters spell it now and then).
    assert all(e.sealed.startswith("v2:") and len(e.sealed) == SEALED_LENGTH for e in cast)
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


# -- padding: a sealed choice's length never depends on the choice (issue 15) ----------------------------
# The choices the domain allows: the tally's. Every one of them must seal to the same length.
from governance.tally import CHOICES as DOMAIN_CHOICES  # noqa: E402

import os  # noqa: E402

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

IDS = st.uuids().map(str)


def seal_v1(key: bytes, proposal_id: str, member_id: str, choice: str) -> str:
    """A choice sealed as the release before padding did (commit a82d2ad's BallotSealer.seal)."""
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, choice.encode(), f"{proposal_id}:{member_id}".encode())
    return base64.b64encode(nonce + sealed).decode()


def test_every_choice_the_domain_allows_is_covered() -> None:
    assert set(DOMAIN_CHOICES) == set(CHOICES)


@settings(max_examples=200, deadline=None)
@given(proposal_id=IDS, member_id=IDS, choices=st.lists(st.sampled_from(DOMAIN_CHOICES), min_size=2, max_size=6))
def test_every_choice_seals_to_the_same_length_and_shape(proposal_id: str, member_id: str, choices: list[str]) -> None:
    sealer = BallotSealer(BallotSealer.generate_key())
    sealed = [sealer.seal(proposal_id, member_id, choice) for choice in choices]
    assert {len(s) for s in sealed} == {len(sealer.seal(proposal_id, member_id, "for"))}
    assert {len(base64.b64decode(s.partition(":")[2])) for s in sealed} == {12 + 16 + 16}
    assert all(s.startswith("v2:") for s in sealed)  # same prefix, then base64 of equal length
    assert [sealer.unseal(proposal_id, member_id, s) for s in sealed] == choices


def test_the_sealed_length_is_the_documented_constant(sealer: BallotSealer) -> None:
    from governance.sealing import SEALED_LENGTH
    assert {len(sealer.seal("p", "m", c)) for c in CHOICES} == {SEALED_LENGTH} == {63}


@given(plaintext=st.binary(max_size=64))
def test_padding_round_trips_to_whole_blocks(plaintext: bytes) -> None:
    from governance.sealing import BLOCK, pad, unpad
    padded = pad(plaintext)
    assert len(padded) % BLOCK == 0 and len(padded) > len(plaintext)
    assert unpad(padded) == plaintext


@pytest.mark.parametrize("bad", [b"", b"for", b"for" + b"\x00" * 13, b"\x00" * 16, b"for\x80" + b"\x00" * 11 + b"x"])
def test_malformed_padding_is_refused(bad: bytes) -> None:
    from governance.sealing import unpad
    with pytest.raises(ValueError):
        unpad(bad)


def test_an_old_unpadded_ballot_still_unseals() -> None:
    key = BallotSealer.generate_key()
    sealer = BallotSealer(key)
    for choice in CHOICES:
        old = seal_v1(key, "proposal-1", "member-a", choice)
        assert ":" not in old
        assert sealer.unseal("proposal-1", "member-a", old) == choice
        with pytest.raises(DomainError, match="cannot be unsealed"):  # still bound to its proposal and member
            sealer.unseal("proposal-1", "member-b", old)
        with pytest.raises(DomainError, match="cannot be unsealed"):
            sealer.unseal("proposal-2", "member-a", old)


def test_the_format_version_is_bound_too(sealer: BallotSealer) -> None:
    """A padded value stripped of its prefix is not read as an old one, and an old one given the prefix is
    not read as a padded one: either is refused."""
    new = sealer.seal("p", "m", "against")
    with pytest.raises(DomainError, match="cannot be unsealed"):
        sealer.unseal("p", "m", new.removeprefix("v2:"))
    key = BallotSealer.generate_key()
    with pytest.raises(DomainError, match="cannot be unsealed"):
        BallotSealer(key).unseal("p", "m", "v2:" + seal_v1(key, "p", "m", "against"))


@pytest.mark.parametrize("garbage", ["", "v2:", "v2:%%%", "not base64!", "QUJD", "v2:QUJD"])
def test_a_malformed_sealed_value_is_refused_as_a_domain_error(sealer: BallotSealer, garbage: str) -> None:
    with pytest.raises(DomainError, match="cannot be unsealed"):
        sealer.unseal("p", "m", garbage)


def test_swapped_sealed_values_are_refused(world: Any) -> None:
    """Two members' sealed values exchanged in the proposal: counting refuses both, never counts them."""
    proposal_id = world.open_proposal(secret=True)
    world.vote(proposal_id, {"sal1": "for", "sal2": "against"})
    proposal = world.app.get_proposal(proposal_id)
    a, b = str(world.members["sal1"]), str(world.members["sal2"])
    proposal.ballots[a]["sealed"], proposal.ballots[b]["sealed"] = (proposal.ballots[b]["sealed"],
                                                                    proposal.ballots[a]["sealed"])
    with pytest.raises(DomainError, match="cannot be unsealed"):
        proposal.count(world.app.sealer.unseal)


def test_a_sealed_value_moved_to_another_proposal_is_refused(world: Any) -> None:
    first, second = world.open_proposal(secret=True), world.open_proposal(secret=True)
    world.vote(first, {"sal1": "against"})
    sealed = world.app.get_proposal(first).ballots[str(world.members["sal1"])]["sealed"]
    with pytest.raises(DomainError, match="cannot be unsealed"):
        world.app.sealer.unseal(str(second), str(world.members["sal1"]), sealed)


def test_old_unpadded_ballots_count_in_a_close_and_a_recount(world: Any) -> None:
    """Ballots recorded in the old format (as a store written before padding holds them) next to new ones:
    the close and the recount count them all."""
    app = world.app
    proposal_id = world.open_proposal(secret=True)
    old = {"sal1": "against", "sal2": "for", "usa1": "abstain"}
    key = BallotSealer.generate_key()  # the old format is built with the key: the app is given a known one
    app.sealer = BallotSealer(key)
    proposal = app.get_proposal(proposal_id)
    for name, choice in old.items():
        member = str(world.members[name])
        proposal.cast_ballot(member_id=member, choice=choice, actor=name,
                             sealed=seal_v1(key, str(proposal_id), member, choice))
    app.save(proposal)
    world.vote(proposal_id, {"usa2": "for", "col1": "against"})  # new, padded ballots
    formats = {m: b["sealed"].startswith("v2:") for m, b in app.get_proposal(proposal_id).ballots.items()}
    assert sorted(formats.values()) == [False, False, False, True, True]
    result = app.close_voting(proposal_id, actor="secretaire")
    counts = {r.code: (r.votes_for, r.votes_against, r.abstentions) for r in result.colleges}
    assert counts == {"salaries": (1, 1, 0), "usagers": (1, 0, 1), "collectivites": (0, 1, 0)}
    assert app.recount(proposal_id) == result
