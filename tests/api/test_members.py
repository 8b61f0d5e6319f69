"""Members: the roster now and at a past date, requests to join and the secretary's decisions on them."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem

APPLICANT = {"name": "Atelier vélo solidaire", "kind": "ess_enterprise", "category": "beneficiary",
             "representative": "Inès Martin"}


@pytest.fixture
def applicant(api_as, pole_id) -> str:
    """A pending membership request, recorded through the API."""
    response = api_as("secretary").post(f"/poles/{pole_id}/members", json=APPLICANT)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_list_members_now_and_by_status(api_as, pole_id):
    member = api_as("member")
    everyone = member.get(f"/poles/{pole_id}/members").get_json()
    assert {m["status"] for m in everyone} == {"admitted", "refused", "withdrawn"}
    admitted = member.get(f"/poles/{pole_id}/members?status=admitted").get_json()
    assert len(admitted) == 12 and all(m["college"] for m in admitted)
    assert_problem(member.get(f"/poles/{pole_id}/members?status=sleeping"), 400, fields=("status",))


def test_the_roster_at_a_past_date(api_as, pole_id):
    roster = {m["name"]: m for m in api_as("member").get(f"/poles/{pole_id}/members?as_of=2025-03-01").get_json()}
    assert "Karim Haddad" in roster  # withdrew in 2026
    assert "Mutuelle des Monts du Vercors" not in roster  # joined in May 2025
    assert roster["Régie de quartier Fontbarlettes"]["college"] == "salaries"
    assert len(roster) == 8
    assert_problem(api_as("member").get(f"/poles/{pole_id}/members?as_of=0001-01-01"), 400, fields=("as_of",))


def test_read_a_member_of_this_pole_only(api_as, pole_id, demo, app):
    member = api_as("member")
    regie = demo["members"]["Régie de quartier Fontbarlettes"]
    assert member.get(f"/poles/{pole_id}/members/{regie}").get_json()["representative"] == "Nadia Benali"
    other_pole = next(p["id"] for p in api_as("admin").get("/poles").get_json() if p["id"] != pole_id)
    other_member = api_as("admin").get(f"/poles/{other_pole}/members").get_json()[0]["id"]
    assert_problem(member.get(f"/poles/{pole_id}/members/{other_member}"), 404)


def test_a_secretary_records_a_request(api_as, pole_id, head):
    before = head()
    response = api_as("secretary").post(f"/poles/{pole_id}/members", json=APPLICANT)
    assert response.status_code == 201
    created = response.get_json()
    assert (created["status"], created["college"], created["representative"]) == ("requested", None, "Inès Martin")
    assert response.headers["Location"].endswith(f"/members/{created['id']}")
    assert head() == before + 1


def test_a_request_with_invalid_fields_is_422_and_stores_nothing(api_as, pole_id, head):
    before = head()
    assert_problem(api_as("secretary").post(f"/poles/{pole_id}/members", json={"name": "X" * 201, "kind": "robot"}),
                   422, fields=("name", "kind", "category"))
    assert_problem(api_as("secretary").post(f"/poles/{pole_id}/members", json={**APPLICANT, "name": "   "}), 422,
                   rule="invalid_input")
    assert head() == before


def test_members_cannot_record_requests(api_as, pole_id, head):
    before = head()
    assert_problem(api_as("member").post(f"/poles/{pole_id}/members", json=APPLICANT), 403)
    assert head() == before


def test_admit_then_assign(api_as, pole_id, applicant):
    secretary = api_as("secretary")
    base = f"/poles/{pole_id}/members/{applicant}"
    admitted = secretary.post(f"{base}/admit", json={"decision": "Conseil du 20 novembre 2026"})
    assert admitted.status_code == 200 and admitted.get_json()["status"] == "admitted"
    assigned = secretary.post(f"{base}/assign", json={"college": "usagers", "reason": "Bénéficiaire"})
    assert assigned.get_json()["college"] == "usagers"


def test_admitting_twice_is_a_state_conflict(api_as, pole_id, applicant, head):
    secretary = api_as("secretary")
    base = f"/poles/{pole_id}/members/{applicant}"
    secretary.post(f"{base}/admit", json={"decision": "CA"})
    before = head()
    problem = assert_problem(secretary.post(f"{base}/admit", json={"decision": "CA"}), 409, rule="membership")
    assert problem["detail"] == "'Atelier vélo solidaire' is admitted: only a pending request can be admitted or refused"
    assert problem["type"].endswith("#problem-conflict")
    assert head() == before


def test_decisions_need_their_fields(api_as, pole_id, applicant, head):
    before = head()
    secretary = api_as("secretary")
    base = f"/poles/{pole_id}/members/{applicant}"
    assert_problem(secretary.post(f"{base}/admit", json={}), 422, fields=("decision",))
    assert_problem(secretary.post(f"{base}/refuse", json={"decision": "CA"}), 422, fields=("reasons",))
    assert_problem(secretary.post(f"{base}/assign", json={"college": "usagers"}), 422, fields=("reason",))
    assert head() == before


def test_refuse_a_request(api_as, pole_id, applicant):
    refused = api_as("secretary").post(f"/poles/{pole_id}/members/{applicant}/refuse",
                                       json={"decision": "CA", "reasons": "Hors du territoire."})
    assert refused.get_json()["status"] == "refused"


def test_assigning_to_an_unknown_college_breaks_the_statutes(api_as, pole_id, demo, head):
    before = head()
    regie = demo["members"]["Régie de quartier Fontbarlettes"]
    problem = assert_problem(api_as("secretary").post(f"/poles/{pole_id}/members/{regie}/assign",
                                                      json={"college": "nowhere", "reason": "test"}), 422,
                             rule="statutes")
    assert problem["detail"] == "the statutes in force define no college 'nowhere'"
    assert head() == before


def test_withdraw_a_member(api_as, pole_id, demo):
    crest = demo["members"]["Commune de Crest"]
    left = api_as("secretary").post(f"/poles/{pole_id}/members/{crest}/withdraw", json={})
    assert left.status_code == 200 and left.get_json()["status"] == "withdrawn"


def test_exclusion_by_the_board_is_refused_when_the_statutes_want_an_assembly_vote(api_as, pole_id, demo, head):
    before = head()
    crest = demo["members"]["Commune de Crest"]
    problem = assert_problem(api_as("secretary").post(f"/poles/{pole_id}/members/{crest}/exclude",
                                                      json={"reasons": "Cotisations impayées", "decision": "CA"}),
                             422, rule="membership")
    assert "assembly vote" in problem["detail"]
    assert head() == before


def test_decisions_on_members_are_for_secretaries_of_this_pole(api_as, pole_id, applicant, head):
    before = head()
    base = f"/poles/{pole_id}/members/{applicant}"
    assert_problem(api_as("member").post(f"{base}/admit", json={"decision": "CA"}), 403)
    assert_problem(api_as("outsider").post(f"{base}/admit", json={"decision": "CA"}), 403)
    assert_problem(api_as(None).post(f"{base}/admit", json={"decision": "CA"}), 401)
    assert_problem(api_as("secretary").post(f"/poles/{pole_id}/members/00000000-0000-4000-8000-000000000000/admit",
                                            json={"decision": "CA"}), 404)
    assert head() == before
