"""Poles: list, read, found (administrators); statutes versions, colleges and weights, shared strategy."""

from __future__ import annotations

from tests.api.conftest import assert_problem

SCIC = {"model": "scic", "colleges": [
    {"code": "salaries", "name": "Salariés", "share": "30%"}, {"code": "usagers", "name": "Usagers", "share": "30%"},
    {"code": "collectivites", "name": "Collectivités", "share": "20%"},
    {"code": "partenaires", "name": "Partenaires", "share": "20%"}]}
FOUNDERS = [{"name": "SCOP Le Fournil", "kind": "ess_enterprise", "category": "employee",
             "representative": "Léa Roux", "college": "salaries"},
            {"name": "Marc Petit", "kind": "person", "category": "beneficiary", "college": "usagers"}]


def new_pole(**overrides):
    return {"name": "Pôle Coop Royans", "territory": "Royans-Vercors", "legal_form": "SCIC SAS", "statutes": SCIC,
            "strategy": "Mutualiser un atelier de transformation.", "founders": FOUNDERS, **overrides}


def test_each_user_lists_their_poles_and_admins_every_pole(api_as, pole_id):
    assert [p["id"] for p in api_as("secretary").get("/poles").get_json()] == [pole_id]
    assert pole_id not in [p["id"] for p in api_as("outsider").get("/poles").get_json()]
    assert len(api_as("admin").get("/poles").get_json()) == 2
    assert_problem(api_as(None).get("/poles"), 401)


def test_read_a_pole(api_as, pole_id):
    pole = api_as("member").get(f"/poles/{pole_id}").get_json()
    assert pole["name"] == "Drôme Coopère" and pole["statutes_version"] == 3 and pole["strategy_version"] == 2
    assert pole["founded_at"] == "2025-01-14T09:30:00+00:00"
    assert_problem(api_as("outsider").get(f"/poles/{pole_id}"), 403)


def test_an_admin_founds_a_pole_with_its_founders(api_as, head):
    before = head()
    response = api_as("admin").post("/poles", json=new_pole())
    assert response.status_code == 201, response.get_json()
    pole = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/poles/{pole['id']}")
    assert (pole["name"], pole["statutes_version"], pole["strategy_version"]) == ("Pôle Coop Royans", 1, 1)
    assert head() > before
    members = api_as("admin").get(f"/poles/{pole['id']}/members").get_json()
    assert {(m["name"], m["status"], m["college"]) for m in members} == {
        ("SCOP Le Fournil", "admitted", "salaries"), ("Marc Petit", "admitted", "usagers")}


def test_only_admins_found_poles(api_as, head):
    before = head()
    assert_problem(api_as("secretary").post("/poles", json=new_pole()), 403)
    assert head() == before


def test_invalid_fields_are_422_by_field_and_store_nothing(api_as, head):
    before = head()
    body = new_pole(name="", founders=[{"name": "X", "kind": "alien", "category": "c"}], colour="blue")
    body["statutes"] = {**SCIC, "model": "monarchy", "max_proxies_per_holder": "two"}
    problem = assert_problem(api_as("admin").post("/poles", json=body), 422, fields=(
        "name", "founders.0.kind", "statutes.model", "statutes.max_proxies_per_holder", "colour"))
    assert problem["type"].endswith("#problem-validation")
    assert_problem(api_as("admin").post("/poles", json={}), 422, fields=("name", "territory", "legal_form", "statutes"))
    assert head() == before


def test_statutes_breaking_the_scic_bounds_are_refused_with_the_rule(api_as, head):
    before = head()
    statutes = {"model": "scic", "colleges": [{"code": "a", "name": "A", "share": "60%"},
                                              {"code": "b", "name": "B", "share": "40%"}]}
    problem = assert_problem(api_as("admin").post("/poles", json=new_pole(statutes=statutes, founders=[])), 422,
                             rule="statutes")
    assert problem["detail"] == "college 'A' would hold 60.00 %, above the 50 % maximum for a SCIC"
    assert problem["type"].endswith("#problem-rule-broken")
    assert head() == before


def test_a_founder_in_an_unknown_college_is_refused(api_as, head):
    before = head()
    founders = [{**FOUNDERS[0], "college": "nowhere"}]
    assert_problem(api_as("admin").post("/poles", json=new_pole(founders=founders)), 422, rule="statutes")
    assert head() == before


def test_colleges_and_weights_now_and_at_a_past_date(api_as, pole_id):
    member = api_as("member")
    now = member.get(f"/poles/{pole_id}/colleges").get_json()
    assert now["statutes_version"] == 3 and [c["share"] for c in now["colleges"]] == ["3/10", "1/4", "1/5", "1/4"]
    assert sum(c["members"] for c in now["colleges"]) == 12
    assert {f["level"] for f in now["findings"]} <= {"ok", "warning"}
    then = member.get(f"/poles/{pole_id}/colleges?as_of=2025-06-01").get_json()
    assert then["statutes_version"] == 1 and len(then["colleges"]) == 3
    assert_problem(member.get(f"/poles/{pole_id}/colleges?as_of=2024-01-01"), 404)
    assert_problem(member.get(f"/poles/{pole_id}/colleges?as_of=yesterday"), 400, fields=("as_of",))


def test_statutes_versions(api_as, pole_id):
    member = api_as("member")
    versions = member.get(f"/poles/{pole_id}/statutes").get_json()
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert versions[0]["decision_id"] is None and versions[2]["decision_id"]
    assert versions[2]["statutes"]["empty_college_rule"] == "merge_into:usagers"
    assert member.get(f"/poles/{pole_id}/statutes/2").get_json()["statutes"]["colleges"][3]["code"] == "partenaires"
    assert_problem(member.get(f"/poles/{pole_id}/statutes/9"), 404)


def test_strategy_versions_with_their_diff(api_as, pole_id):
    versions = api_as("member").get(f"/poles/{pole_id}/strategy").get_json()
    assert [v["version"] for v in versions] == [1, 2]
    assert "+4. Créer une plateforme logistique" in versions[1]["diff"]


def test_the_convocation_notice_is_statutes_data_through_the_api(api_as, head, pole_id):
    """R225-69: 15 days on first convocation, 10 after, unless the statutes lengthen them; never shorter."""
    assert api_as("member").get(f"/poles/{pole_id}/statutes/1").get_json()["statutes"]["notice_days"] == {
        "first": 15, "second": 10}  # statutes recorded without it read as the law's
    response = api_as("admin").post("/poles", json=new_pole(statutes={**SCIC, "notice_days": {"first": 21,
                                                                                               "second": 12}}))
    assert response.status_code == 201, response.get_json()
    stored = api_as("admin").get(f"/poles/{response.get_json()['id']}/statutes/1").get_json()["statutes"]
    assert stored["notice_days"] == {"first": 21, "second": 12}
    before = head()
    problem = assert_problem(api_as("admin").post("/poles", json=new_pole(
        statutes={**SCIC, "notice_days": {"first": 10, "second": 10}})), 422, rule="statutes")
    assert "R225-69" in problem["detail"]
    assert head() == before


CONVOCATION = {"convocation_channels": ["post"], "consent_days": 40, "correspondence_voting": False,
               "paper_form_days": 1, "remote_counts_as_present": True}


def test_the_convocation_settings_are_statutes_data_through_the_api(api_as, pole_id):
    """R225-63, R225-77, L225-107: given when founding, shown in every statutes version; the law's values when
    omitted, and null for remote presence in statutes recorded before the setting (the demo's)."""
    response = api_as("admin").post("/poles", json=new_pole(statutes={**SCIC, **CONVOCATION}))
    assert response.status_code == 201, response.get_json()
    stored = api_as("admin").get(f"/poles/{response.get_json()['id']}/statutes/1").get_json()["statutes"]
    assert {key: stored[key] for key in CONVOCATION} == CONVOCATION
    plain = api_as("admin").post("/poles", json=new_pole(name="Pôle sans réglages"))
    stored = api_as("admin").get(f"/poles/{plain.get_json()['id']}/statutes/1").get_json()["statutes"]
    assert {key: stored[key] for key in CONVOCATION} == {
        "convocation_channels": ["post", "email"], "consent_days": 35, "correspondence_voting": True,
        "paper_form_days": 3, "remote_counts_as_present": False}  # new statutes: the law's default, not counted
    demo = api_as("member").get(f"/poles/{pole_id}/statutes/1").get_json()["statutes"]
    assert demo["remote_counts_as_present"] is None and demo["consent_days"] == 35


def test_a_societe_anonyme_cannot_exclude_voting_by_correspondence(api_as, head):
    before = head()
    problem = assert_problem(api_as("admin").post("/poles", json=new_pole(
        legal_form="SCIC SA", statutes={**SCIC, "correspondence_voting": False})), 422, rule="statutes")
    assert "L225-107" in problem["detail"]
    problem = assert_problem(api_as("admin").post("/poles", json=new_pole(
        statutes={**SCIC, "consent_days": 34})), 422, rule="statutes")
    assert "R225-63" in problem["detail"]
    assert head() == before
