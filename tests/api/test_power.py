"""Voting power per college, and what-if recounts of closed decisions: contract, access, nothing stored."""

from __future__ import annotations

from tests.api.conftest import assert_problem

ADHESION = "Adhésion au réseau national des tiers-lieux"
V2_TYPED = {"model": "scic", "colleges": [
    {"code": "salaries", "name": "Salariés et producteurs", "share": "10%"},
    {"code": "usagers", "name": "Usagers et bénéficiaires", "share": "30%"},
    {"code": "collectivites", "name": "Collectivités territoriales", "share": "10%"},
    {"code": "partenaires", "name": "Partenaires, recherche et formation", "share": "50%"}]}


def what_if(pole_id: str, proposal_id: str) -> str:
    return f"/poles/{pole_id}/proposals/{proposal_id}/what-if"


# -- power ------------------------------------------------------------------------------------
def test_power_under_statutes_v1_extraordinary(api_as, pole_id):
    body = api_as("member").get(f"/poles/{pole_id}/power?as_of=2025-03-01&kind=extraordinary").get_json()
    assert (body["statutes_version"], body["kind"], body["threshold"], body["threshold_strict"]) == (
        1, "extraordinary", "2/3", False)
    rows = {c["code"]: c for c in body["colleges"]}
    assert {code: (c["share"], c["banzhaf"], c["shapley_shubik"]) for code, c in rows.items()} == {
        "salaries": ("2/5", "1/2", "1/2"), "usagers": ("7/20", "1/2", "1/2"), "collectivites": ("1/4", "0", "0")}
    assert rows["usagers"]["has_veto"] and rows["collectivites"]["is_dummy"]
    assert not any(c["is_dictator"] for c in rows.values())
    # Usagers: 3 members, 1/2 decisive inside; the college swings 2 of 4 coalitions -> 1/4.
    assert (rows["usagers"]["members"], rows["usagers"]["member_nominal_weight"],
            rows["usagers"]["member_decisive_in_college"], rows["usagers"]["member_pole_power"]) == (
        3, "7/60", "1/2", "1/4")


def test_power_defaults_to_today_and_ordinary(api_as, pole_id):
    body = api_as("member").get(f"/poles/{pole_id}/power").get_json()
    assert (body["statutes_version"], body["kind"], body["threshold"]) == (3, "ordinary", "1/2")
    assert len(body["colleges"]) == 4


def test_power_access(api_as, pole_id):
    assert_problem(api_as(None).get(f"/poles/{pole_id}/power"), 401)
    assert_problem(api_as("outsider").get(f"/poles/{pole_id}/power"), 403)
    assert_problem(api_as("member").get("/poles/00000000-0000-4000-8000-000000000000/power"), 404)
    assert_problem(api_as("member").get(f"/poles/{pole_id}/power?as_of=2020-01-01"), 404)
    assert_problem(api_as("member").get(f"/poles/{pole_id}/power?kind=urgent"), 400, fields=("kind",))


def test_no_power_indices_under_one_member_one_vote(api_as, app):
    other = next(p for p in app.extensions["collegia.queries"].poles() if p["name"] == "Autre pôle")
    assert_problem(api_as("outsider").get(f"/poles/{other['id']}/power"), 422)


# -- what-if ----------------------------------------------------------------------------------
def test_typed_statutes_flip_a_rejected_decision_and_nothing_is_stored(api_as, pole_id, demo, head):
    before = head()
    response = api_as("member").post(what_if(pole_id, demo["proposals"][ADHESION]["id"]), {"statutes": V2_TYPED})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["recorded"]["result"], body["recorded"]["outcome"]) == ("9/20", "rejected")
    assert (body["simulated"]["result"], body["simulated"]["outcome"]) == ("41/60", "adopted")
    assert body["flipped"] and body["statutes_version"] is None
    assert head() == before


def test_a_statutes_version_leaves_it_unchanged(api_as, pole_id, demo, head):
    before = head()
    body = api_as("secretary").post(what_if(pole_id, demo["proposals"][ADHESION]["id"]),
                                    {"statutes_version": 3}).get_json()
    assert (body["simulated"]["result"], body["flipped"], body["statutes_version"]) == ("19/40", False, 3)
    assert head() == before


def test_a_secret_ballot_is_recounted_per_college_only(api_as, pole_id, demo):
    body = api_as("member").post(what_if(pole_id, demo["secret"]), {"statutes_version": 3}).get_json()
    assert set(body["simulated"]["colleges"][0]) >= {"votes_for", "votes_against"}
    assert "ballots" not in body and "choices" not in body


def test_what_if_access_and_refusals(api_as, pole_id, demo, head):
    url = what_if(pole_id, demo["proposals"][ADHESION]["id"])
    before = head()
    assert_problem(api_as(None).post(url, {"statutes_version": 3}), 401)
    assert_problem(api_as("outsider").post(url, {"statutes_version": 3}), 403)
    assert_problem(api_as("member").post(what_if(pole_id, "00000000-0000-4000-8000-000000000000"),
                                         {"statutes_version": 3}), 404)
    member = api_as("member")
    assert_problem(member.post(url, {}), 422, fields=("_body",))
    assert_problem(member.post(url, {"statutes_version": 3, "statutes": V2_TYPED}), 422, fields=("_body",))
    assert_problem(member.post(url, {"statutes_version": 9}), 422, fields=("statutes_version",))
    refused = assert_problem(member.post(url, {"statutes_version": 1}), 422, rule="invalid_input")
    assert refused["detail"] == ("the simulated statutes have no college 'partenaires', which voted on this "
                                 "proposal")
    assert_problem(member.post(url, {"statutes": {**V2_TYPED, "colleges": V2_TYPED["colleges"][:3]}}), 422)
    assert_problem(member.post(what_if(pole_id, demo["open"]), {"statutes_version": 3}), 409, rule="proposal")
    assert head() == before
