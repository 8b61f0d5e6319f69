"""Ballots and proxies: who may vote for whom, and participation lists that never show a secret choice."""

from __future__ import annotations

from tests.api.conftest import assert_problem


def ballots_url(pole_id: str, proposal_id: str) -> str:
    return f"/poles/{pole_id}/proposals/{proposal_id}/ballots"


def test_a_representative_votes_and_changes_its_vote(api_as, pole_id, demo, head):
    nadia, regie = api_as("member"), demo["members"]["Régie de quartier Fontbarlettes"]
    before = head()
    cast = nadia.post(ballots_url(pole_id, demo["open"]), json={"member_id": regie, "choice": "against"})
    assert cast.status_code == 201, cast.get_json()
    assert cast.get_json() | {"cast_at": None} == {
        "member_id": regie, "name": "Régie de quartier Fontbarlettes", "college": "salaries", "choice": "against",
        "proxy_holder": None, "cast_at": None, "changes": 0}
    changed = nadia.post(ballots_url(pole_id, demo["open"]), json={"member_id": regie, "choice": "for"}).get_json()
    assert (changed["choice"], changed["changes"]) == ("for", 1)
    assert head() == before + 2


def test_public_participation_shows_each_choice(api_as, pole_id, demo):
    ballots = {b["name"]: b for b in api_as("member").get(ballots_url(pole_id, demo["open"])).get_json()}
    assert ballots["Biocoop Crest"]["choice"] == "against" and ballots["Biocoop Crest"]["college"] == "usagers"
    assert len(ballots) == 4


def test_nobody_votes_for_a_member_they_do_not_represent(api_as, pole_id, demo, head):
    before = head()
    crest = demo["members"]["Commune de Crest"]
    for who in ("member", "secretary", "admin"):
        assert_problem(api_as(who).post(ballots_url(pole_id, demo["open"]), json={"member_id": crest, "choice": "for"}),
                       403)
    assert_problem(api_as("outsider").get(ballots_url(pole_id, demo["open"])), 403)
    assert head() == before


def test_an_invalid_ballot_is_422_by_field(api_as, pole_id, demo, head):
    before = head()
    assert_problem(api_as("member").post(ballots_url(pole_id, demo["open"]), json={"member_id": "me", "choice": "yes"}),
                   422, fields=("member_id", "choice"))
    assert head() == before


def test_voting_on_a_closed_proposal_is_a_conflict(api_as, pole_id, demo, head):
    before = head()
    regie = demo["members"]["Régie de quartier Fontbarlettes"]
    problem = assert_problem(api_as("member").post(ballots_url(pole_id, demo["closed"]),
                                                   json={"member_id": regie, "choice": "for"}), 409, rule="proposal")
    assert problem["detail"] == "voting is not open (this proposal is closed)"
    assert head() == before


def test_a_proxy_is_granted_used_by_its_holder_and_listed(api_as, pole_id, demo, head):
    regie, valdedrome = demo["members"]["Régie de quartier Fontbarlettes"], demo["members"][
        "Communauté de communes du Val de Drôme"]
    proxies = f"/poles/{pole_id}/proposals/{demo['open']}/proxies"
    granted = api_as("member").post(proxies, json={"principal_id": regie, "holder_id": valdedrome})
    assert granted.status_code == 201, granted.get_json()
    assert (granted.get_json()["holder_id"], granted.get_json()["status"]) == (valdedrome, "active")
    # A proxy is used only when named (issue 26): the principal alone, or the holder alone, is not a proxy vote.
    holder = api_as("voted_member")
    before = head()
    assert_problem(holder.post(ballots_url(pole_id, demo["open"]), json={"member_id": regie, "choice": "for"}), 403,
                   rule="not_permitted")
    assert head() == before
    by_proxy = holder.post(ballots_url(pole_id, demo["open"]),
                           json={"member_id": valdedrome, "on_behalf_of": regie, "choice": "for"})
    assert by_proxy.status_code == 201, by_proxy.get_json()
    assert (by_proxy.get_json()["member_id"], by_proxy.get_json()["proxy_holder"]) == (regie, valdedrome)
    assert [p["status"] for p in api_as("member").get(proxies).get_json()] == ["used"]
    before = head()
    assert_problem(api_as("member").delete(f"{proxies}/{regie}"), 409, rule="proxy")
    assert head() == before


def test_a_proxy_is_revoked_by_its_principal_only(api_as, pole_id, demo, head):
    regie, valdedrome = demo["members"]["Régie de quartier Fontbarlettes"], demo["members"][
        "Communauté de communes du Val de Drôme"]
    proxies = f"/poles/{pole_id}/proposals/{demo['open']}/proxies"
    api_as("member").post(proxies, json={"principal_id": regie, "holder_id": valdedrome})
    before = head()
    assert_problem(api_as("voted_member").delete(f"{proxies}/{regie}"), 403)
    assert_problem(api_as("member").delete(f"{proxies}/{valdedrome}"), 403)
    assert head() == before
    revoked = api_as("member").delete(f"{proxies}/{regie}")
    assert revoked.status_code == 200 and revoked.get_json()["status"] == "revoked"


def test_proxy_rules_are_refused_with_the_rule(api_as, pole_id, demo, head):
    regie = demo["members"]["Régie de quartier Fontbarlettes"]
    proxies = f"/poles/{pole_id}/proposals/{demo['open']}/proxies"
    before = head()
    problem = assert_problem(api_as("member").post(proxies, json={"principal_id": regie, "holder_id": regie}), 422,
                             rule="proxy")
    assert problem["detail"] == "a member cannot give its proxy to itself"
    assert_problem(api_as("member").post(proxies, json={"principal_id": regie}), 422, fields=("holder_id",))
    assert_problem(api_as("member").post(proxies, json={"principal_id": demo["members"]["Biocoop Crest"],
                                                        "holder_id": regie}), 403)
    assert_problem(api_as("member").delete(f"{proxies}/{regie}"), 404)
    assert head() == before
