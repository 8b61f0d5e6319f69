"""Proxies (pouvoirs): grant, use, cap, same-college rule, revocation and the in-person override."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from governance.errors import ProposalRuleBroken, ProxyRuleBroken, VotingRuleBroken

ACTOR = "secretaire@pole.example"
SCIC = {"model": "scic", "colleges": [
    {"code": "salaries", "name": "Salariés", "share": "40%"},
    {"code": "usagers", "name": "Usagers", "share": "30%"},
    {"code": "collectivites", "name": "Collectivités", "share": "30%"}]}


@pytest.fixture
def vote(world: Any) -> Any:
    """An open ordinary vote in the six-member SCIC pole."""
    world.proposal_id = world.open_proposal()
    return world


def grant(w: Any, principal: str, holder: str) -> None:
    w.app.grant_proxy(w.proposal_id, w.members[principal], w.members[holder], actor=principal)


def by_proxy(w: Any, principal: str, holder: str, choice: str) -> None:
    w.app.cast_ballot(w.proposal_id, w.members[principal], choice, actor=holder, proxy_holder=w.members[holder])


def proxy(w: Any, principal: str) -> dict[str, Any]:
    return w.app.get_proposal(w.proposal_id).proxies[str(w.members[principal])]


def counts(w: Any) -> dict[str, tuple[int, int, int]]:
    return {r.code: (r.votes_for, r.votes_against, r.abstentions) for r in w.app.recount(w.proposal_id).colleges}


def test_proxy_vote_counts_in_the_principals_college(vote: Any) -> None:
    grant(vote, "usa1", "sal1")
    assert proxy(vote, "usa1") == {"holder": str(vote.members["sal1"]), "status": "active"}
    by_proxy(vote, "usa1", "sal1", "against")
    vote.vote(vote.proposal_id, {"sal1": "for"})
    assert counts(vote) == {"salaries": (1, 0, 0), "usagers": (0, 1, 0), "collectivites": (0, 0, 0)}
    assert proxy(vote, "usa1")["status"] == "used"
    ballot = vote.app.get_proposal(vote.proposal_id).ballots[str(vote.members["usa1"])]
    assert ballot["proxy_holder"] == str(vote.members["sal1"])


def test_holder_may_change_the_principals_ballot_until_the_close(vote: Any) -> None:
    grant(vote, "usa1", "sal1")
    by_proxy(vote, "usa1", "sal1", "against")
    by_proxy(vote, "usa1", "sal1", "for")
    assert counts(vote)["usagers"] == (1, 0, 0)


def test_voting_in_person_overrides_the_proxy(vote: Any, refused: Any) -> None:
    grant(vote, "usa1", "sal1")
    by_proxy(vote, "usa1", "sal1", "for")
    vote.vote(vote.proposal_id, {"usa1": "against"})
    assert counts(vote)["usagers"] == (0, 1, 0)
    with refused(ProxyRuleBroken, match="the principal has voted in person, which overrides its proxy"):
        by_proxy(vote, "usa1", "sal1", "for")
    assert counts(vote)["usagers"] == (0, 1, 0)


def test_no_proxy_after_voting_in_person(vote: Any, refused: Any) -> None:
    vote.vote(vote.proposal_id, {"usa1": "for"})
    with refused(ProxyRuleBroken, match="this member has already voted in person"):
        grant(vote, "usa1", "sal1")


def test_using_a_proxy_one_does_not_hold_is_refused(vote: Any, refused: Any) -> None:
    with refused(ProxyRuleBroken, match="this member holds no proxy from that member on this proposal"):
        by_proxy(vote, "usa1", "sal1", "for")
    grant(vote, "usa1", "sal1")
    with refused(ProxyRuleBroken, match="holds no proxy from that member"):
        by_proxy(vote, "usa1", "col1", "for")


def test_cannot_give_a_proxy_to_oneself_or_twice(vote: Any, refused: Any) -> None:
    with refused(ProxyRuleBroken, match="a member cannot give its proxy to itself"):
        grant(vote, "usa1", "usa1")
    grant(vote, "usa1", "sal1")
    with refused(ProxyRuleBroken, match="already given its proxy for this proposal: revoke it first"):
        grant(vote, "usa1", "col1")


def test_default_cap_is_one_proxy_per_holder(vote: Any, refused: Any) -> None:
    grant(vote, "usa1", "sal1")
    with refused(ProxyRuleBroken, match="the statutes cap proxies at 1 per holder, and this holder already has 1"):
        grant(vote, "col1", "sal1")


def test_a_used_proxy_still_counts_towards_the_cap(vote: Any, refused: Any) -> None:
    grant(vote, "usa1", "sal1")
    by_proxy(vote, "usa1", "sal1", "for")
    with refused(ProxyRuleBroken, match="cap proxies at 1 per holder"):
        grant(vote, "col1", "sal1")


@pytest.mark.parametrize("cap", [0, 2, None])
def test_statutes_set_the_cap(make_world: Callable[..., Any], refused: Any, cap: int | None) -> None:
    world = make_world({**SCIC, "max_proxies_per_holder": cap})
    for name, college in (("h", "salaries"), ("p1", "usagers"), ("p2", "usagers"), ("p3", "collectivites")):
        world.add_member(name, college)
    world.proposal_id = world.open_proposal()
    allowed = 3 if cap is None else cap
    for principal in ("p1", "p2", "p3")[:allowed]:
        grant(world, principal, "h")
    if cap is not None:
        with refused(ProxyRuleBroken, match=f"the statutes cap proxies at {cap} per holder, and this holder "
                                            f"already has {cap}"):
            grant(world, "p3", "h")


def test_statutes_may_require_the_same_college(make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world({**SCIC, "proxy_same_college": True})
    for name, college in (("sal1", "salaries"), ("sal2", "salaries"), ("usa1", "usagers")):
        world.add_member(name, college)
    world.proposal_id = world.open_proposal()
    with refused(ProxyRuleBroken, match="the statutes require the proxy holder to be in the principal's college"):
        grant(world, "usa1", "sal1")
    grant(world, "sal2", "sal1")


def test_the_same_college_rule_uses_the_frozen_colleges(make_world: Callable[..., Any]) -> None:
    world = make_world({**SCIC, "proxy_same_college": True})
    for name, college in (("sal1", "salaries"), ("sal2", "salaries")):
        world.add_member(name, college)
    world.proposal_id = world.open_proposal()
    world.app.assign_college(world.pole_id, world.members["sal2"], college="usagers", reason="r", actor=ACTOR)
    grant(world, "sal2", "sal1")  # still both in salaries for this vote
    by_proxy(world, "sal2", "sal1", "for")
    assert counts(world)["salaries"] == (1, 0, 0)


def test_revoke_before_use_then_the_holder_cannot_use_it(vote: Any, refused: Any) -> None:
    grant(vote, "usa1", "sal1")
    vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor="usa1")
    assert proxy(vote, "usa1")["status"] == "revoked"
    with refused(ProxyRuleBroken, match="holds no proxy from that member"):
        by_proxy(vote, "usa1", "sal1", "for")
    with refused(ProxyRuleBroken, match="this member has no proxy to revoke on this proposal"):
        vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor="usa1")
    grant(vote, "col1", "sal1")  # the revoked proxy no longer counts towards the cap
    grant(vote, "usa1", "usa2")  # and the principal may give a new one


def test_a_used_proxy_cannot_be_revoked(vote: Any, refused: Any) -> None:
    grant(vote, "usa1", "sal1")
    by_proxy(vote, "usa1", "sal1", "for")
    with refused(ProxyRuleBroken, match="the proxy holder has already used it: it can no longer be revoked"):
        vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor="usa1")


def test_revoking_without_a_proxy_is_refused(vote: Any, refused: Any) -> None:
    with refused(ProxyRuleBroken, match="this member has no proxy to revoke on this proposal"):
        vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor="usa1")


def test_a_member_who_gave_its_own_proxy_cannot_hold_one(vote: Any, refused: Any) -> None:
    grant(vote, "sal1", "col1")
    with refused(ProxyRuleBroken, match="a member who has given its own proxy cannot hold proxies"):
        grant(vote, "usa1", "sal1")


def test_a_member_holding_a_proxy_cannot_then_give_its_own(vote: Any, refused: Any) -> None:
    grant(vote, "usa1", "sal1")
    with refused(ProxyRuleBroken, match="a member holding proxies cannot give its own proxy"):
        grant(vote, "sal1", "col1")
    vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor="usa1")
    grant(vote, "sal1", "col1")  # once the held proxy is revoked, the member may give its own


def test_proxies_only_between_electors_of_an_open_vote(vote: Any, refused: Any) -> None:
    outsider = vote.add_member("late", "usagers")
    with refused(VotingRuleBroken, match="not in the electorate frozen when voting opened"):
        vote.app.grant_proxy(vote.proposal_id, vote.members["usa1"], outsider, actor="usa1")
    with refused(VotingRuleBroken, match="not in the electorate frozen when voting opened"):
        vote.app.grant_proxy(vote.proposal_id, outsider, vote.members["usa1"], actor="late")
    draft_id = vote.draft()
    with refused(ProposalRuleBroken, match="voting is not open"):
        vote.app.grant_proxy(draft_id, vote.members["usa1"], vote.members["sal1"], actor="usa1")


def test_every_grant_revocation_and_use_is_in_the_history(vote: Any) -> None:
    grant(vote, "usa1", "sal1")
    vote.app.revoke_proxy(vote.proposal_id, vote.members["usa1"], actor="usa1")
    grant(vote, "usa1", "col1")
    by_proxy(vote, "usa1", "col1", "for")
    history = [(type(e).__name__, getattr(e, "actor", None)) for e in vote.app.events.get(vote.proposal_id)]
    assert history[-4:] == [("ProxyGranted", "usa1"), ("ProxyRevoked", "usa1"), ("ProxyGranted", "usa1"),
                            ("BallotCast", "col1")]
