"""The statutes' `participation_change_allowed` (Code de commerce R225-85 III) through the API: written when a
pole is founded or its statutes amended, shown on every statutes version, validated as a boolean."""

from __future__ import annotations

from tests.api.conftest import assert_problem
from tests.api.test_poles import new_pole, SCIC


def test_every_statutes_version_states_whether_a_member_may_change_its_way_of_taking_part(api_as, pole_id):
    versions = api_as("member").get(f"/poles/{pole_id}/statutes").get_json()
    assert versions and all(v["statutes"]["participation_change_allowed"] is False for v in versions)
    one = api_as("member").get(f"/poles/{pole_id}/statutes/{versions[-1]['version']}").get_json()
    assert one["statutes"]["participation_change_allowed"] is False


def test_a_pole_is_founded_with_statutes_allowing_it(api_as):
    response = api_as("admin").post("/poles", json=new_pole(statutes={**SCIC, "participation_change_allowed": True}))
    assert response.status_code == 201, response.get_json()
    pole = response.get_json()["id"]
    statutes = api_as("admin").get(f"/poles/{pole}/statutes").get_json()[0]["statutes"]
    assert statutes["participation_change_allowed"] is True


def test_an_amendment_carries_it(api_as, pole_id, app):
    current = app.extensions["collegia.queries"].statutes_as_of(pole_id)["statutes"]
    statutes = {k: current[k] for k in ("model", "empty_college_rule", "admission_by", "exclusion_by")}
    statutes.update(colleges=[{"code": c["code"], "name": c["name"], "share": c["share"]}
                              for c in current["colleges"]], participation_change_allowed=True)
    response = api_as("secretary").post(f"/poles/{pole_id}/proposals", json={
        "title": "Participation", "text": "Un membre ayant donné pouvoir peut venir.", "kind": "extraordinary",
        "effect": {"type": "amend_statutes", "statutes": statutes}})
    assert response.status_code == 201, response.get_json()
    proposal = api_as("secretary").get(f"/poles/{pole_id}/proposals/{response.get_json()['id']}").get_json()
    assert proposal["effect"]["statutes"]["participation_change_allowed"] is True


def test_it_is_a_boolean(api_as, head):
    before = head()
    assert_problem(api_as("admin").post("/poles", json=new_pole(statutes={**SCIC, "participation_change_allowed":
                                                                            "peut-être"})),
                   422, fields=("statutes.participation_change_allowed",))
    assert head() == before


def test_the_reference_documents_it(api_as):
    spec = api_as(None).get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    stored, written = schemas["StoredStatutes"], schemas["Statutes"]
    for schema in (stored, written):
        assert "R225-85" in schema["properties"]["participation_change_allowed"]["description"]
    assert "participation_change_allowed" in stored["required"]


def test_issue_18s_statutes_fields_go_through_the_api_and_default_when_absent(api_as, pole_id):
    """The statutes' category list and the minutes' distinct chair and secretary are written and shown by the API
    (statutes recorded without them read as: any category, two persons)."""
    versions = api_as("member").get(f"/poles/{pole_id}/statutes").get_json()
    assert all(v["statutes"]["categories"] == [] and v["statutes"]["distinct_chair_and_secretary"] is True
               for v in versions)
    response = api_as("admin").post("/poles", json=new_pole(statutes={
        **SCIC, "categories": ["employee", "producer", "beneficiary"], "distinct_chair_and_secretary": False}))
    assert response.status_code == 201, response.get_json()
    statutes = api_as("admin").get(f"/poles/{response.get_json()['id']}/statutes").get_json()[0]["statutes"]
    assert statutes["categories"] == ["employee", "producer", "beneficiary"] and statutes["distinct_chair_and_secretary"] is False
