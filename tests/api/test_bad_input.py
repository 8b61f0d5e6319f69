"""Bad input through the API never gives a 500 and stores nothing (issue 15, points 6, 8 and 9)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.conftest import assert_problem
from demo.referentiel import NETWORK_ID
from web.api.routing import MAX_JSON_DEPTH, OPERATIONS

COMMANDS = sorted(name for name, op in OPERATIONS.items() if op.method != "GET")
MEMBER_NAME = "Régie de quartier Fontbarlettes"  # represented by the "member" login


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def deep_objects(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def fill(rule: str, pole_id: str, demo: dict[str, Any]) -> str:
    member = demo["members"][MEMBER_NAME]
    ids = {"pole_id": pole_id, "proposal_id": demo["closed"] if rule.endswith("what-if") else demo["open"],
           "member_id": member, "principal_id": member, "amendment_id": demo["open"], "number": "1",
           "campaign_id": demo.get("campaign", demo["open"]), "respondent": member, "token_id": "999999",
           "assembly_id": demo.get("assembly", pole_id), "user_id": "999999", "role": "member",
           "network_id": str(NETWORK_ID), "hook_id": "999999", "delivery_id": "999999",
           "message_id": "1"}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ids[m.group(1)], rule)


def caller(op_name: str) -> str:
    rule, scope = OPERATIONS[op_name].rule, OPERATIONS[op_name].access.scope
    if scope == "admin" or rule.startswith("/outbox"):
        return "admin"
    if scope == "secretary":
        return "secretary"
    if "/ballots" in rule or "/proxies" in rule or "/answers/" in rule:
        return "member"
    return "secretary"


def test_every_command_of_the_api_is_covered() -> None:
    assert len(COMMANDS) >= 16
    assert {"create_pole", "create_proposal", "cast_ballot", "close_voting"} <= set(COMMANDS)


@pytest.mark.parametrize("op_name", COMMANDS)
@pytest.mark.parametrize("body", [deep(100_000), deep_objects(100_000), deep(MAX_JSON_DEPTH + 1)],
                         ids=["arrays-100000", "objects-100000", "just-too-deep"])
def test_a_deeply_nested_body_is_a_400_problem_and_stores_nothing(app, api_as, pole_id, demo, head, op_name, body):
    op = OPERATIONS[op_name]
    queries = app.extensions["collegia.queries"]
    demo = {**demo, "campaign": next(c["id"] for c in queries.campaigns(pole_id) if not c["closed"]),
            "assembly": queries.assemblies(pole_id)[0]["id"]}  # the demo's open campaign, which its member answers
    before = head()
    api = api_as(caller(op_name))
    response = api.client.open("/api/v1" + fill(op.rule, pole_id, demo), method=op.method, data=body,
                               content_type="application/json", headers=api.headers())
    problem = assert_problem(response, 400)
    assert problem["type"].endswith("#problem-malformed")
    assert f"more than {MAX_JSON_DEPTH} levels" in problem["detail"]
    assert head() == before


def test_a_body_nested_within_the_limit_is_read_and_validated(api_as, pole_id, head):
    before = head()
    body = '{"name": ' + deep(MAX_JSON_DEPTH - 1) + ', "kind": "person", "category": "x"}'
    response = api_as("secretary").client.post(f"/api/v1/poles/{pole_id}/members", data=body,
                                               content_type="application/json",
                                               headers=api_as("secretary").headers())
    assert_problem(response, 422, fields=("name",))
    assert head() == before


def test_brackets_inside_strings_do_not_count_as_nesting(api_as, pole_id, head):
    before = head()
    name = "Atelier " + "[{" * 60
    response = api_as("secretary").post(f"/poles/{pole_id}/members",
                                        json={"name": name, "kind": "person", "category": "usager"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == name and head() == before + 1


def test_a_body_sent_to_a_command_without_one_must_still_be_json(api_as, pole_id, demo, head, app):
    before = head()
    api = api_as("secretary")
    url = f"/api/v1/poles/{pole_id}/proposals/{demo['open']}/close"
    assert_problem(api.client.post(url, data=deep(100_000), content_type="application/json",
                                   headers=api.headers()), 400)
    assert_problem(api.client.post(url, data="{not json", content_type="application/json",
                                   headers=api.headers()), 400)
    assert head() == before
    assert app.extensions["collegia.queries"].proposal(demo["open"])["status"] == "open"


# -- names: no invisible or direction-changing characters ----------------------------------------
@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_a_member_name_with_a_hidden_character_is_refused_with_the_rule(api_as, pole_id, head, character):
    before = head()
    response = api_as("secretary").post(f"/poles/{pole_id}/members", json={
        "name": f"Coop{character}Vallée", "kind": "person", "category": "usager"})
    problem = assert_problem(response, 422, rule="invalid_input")
    assert problem["detail"] == (f"member name contains an invisible or direction-changing character "
                                 f"(U+{ord(character):04X})")
    assert head() == before


def test_a_proposal_title_or_text_with_a_direction_override_is_refused(api_as, pole_id, head):
    before = head()
    secretary = api_as("secretary")
    problem = assert_problem(secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Budget\u200b2027", "text": "Approuver."}), 422, rule="invalid_input")
    assert problem["detail"].startswith("title contains an invisible or direction-changing character")
    problem = assert_problem(secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Budget 2027", "text": "Approuver \u202ele budget\u202c."}), 422, rule="invalid_input")
    assert problem["detail"] == "proposal text contains an invisible or direction-changing character (U+202E)"
    assert head() == before


def test_a_pole_name_with_a_hidden_character_is_refused(api_as, head):
    before = head()
    problem = assert_problem(api_as("admin").post("/poles", json={
        "name": "Pôle\u202e Diois", "territory": "Diois", "legal_form": "Association",
        "statutes": {"model": "one_member_one_vote"}}), 422, rule="invalid_input")
    assert problem["detail"] == "name contains an invisible or direction-changing character (U+202E)"
    assert head() == before


def test_names_are_stored_in_nfc(api_as, pole_id):
    response = api_as("secretary").post(f"/poles/{pole_id}/members", json={
        "name": "Coope\u0301rative E\u0301lan", "kind": "person", "category": "usager"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "Coopérative Élan"


# -- dates and proxy caps: one bound with the web forms --------------------------------------------
@pytest.mark.parametrize("closes_at", ["0001-01-01T00:05:00+01:00", "1900-06-01T12:00:00+01:00",
                                       "1999-12-31T23:00:00+01:00", "2101-01-01T12:00:00+01:00",
                                       "9999-12-31T23:59:00+01:00"])
def test_opening_with_a_year_out_of_bounds_is_a_field_error(api_as, pole_id, demo, head, closes_at):
    from web.dates import MAX_YEAR, MIN_YEAR
    before = head()
    problem = assert_problem(api_as("secretary").post(f"/poles/{pole_id}/proposals/{demo['draft']}/open",
                                                      json={"closes_at": closes_at}), 422, fields=("closes_at",))
    assert f"between {MIN_YEAR} and {MAX_YEAR}" in problem["errors"]["closes_at"][0]
    assert head() == before


def test_a_proxy_cap_beyond_the_bound_is_refused(api_as, pole_id, head):
    from governance.base import MAX_PROXY_CAP
    before = head()
    statutes = {"model": "one_member_one_vote", "max_proxies_per_holder": 10**20}
    assert_problem(api_as("secretary").post(f"/poles/{pole_id}/proposals", json={
        "title": "Pouvoirs", "text": "Chaque membre peut détenir beaucoup de pouvoirs.", "kind": "extraordinary",
        "effect": {"type": "amend_statutes", "statutes": statutes}}), 422,
        fields=("effect.statutes.max_proxies_per_holder",))
    statutes["max_proxies_per_holder"] = MAX_PROXY_CAP
    response = api_as("secretary").post(f"/poles/{pole_id}/proposals", json={
        "title": "Pouvoirs", "text": "Chaque membre peut détenir des pouvoirs.", "kind": "extraordinary",
        "effect": {"type": "amend_statutes", "statutes": statutes}})
    assert response.status_code == 201, response.get_json()
    assert head() == before + 1


WITH_BODY = sorted(name for name in COMMANDS if OPERATIONS[name].body is not None)


@pytest.mark.parametrize("op_name", WITH_BODY)
def test_a_misspelt_field_is_refused_by_name_and_stores_nothing(app, api_as, pole_id, demo, head, op_name):
    """Issue 26: on every operation that reads a body, an unknown field is a 422 naming it (marshmallow RAISE)."""
    op = OPERATIONS[op_name]
    queries = app.extensions["collegia.queries"]
    demo = {**demo, "campaign": next(c["id"] for c in queries.campaigns(pole_id) if not c["closed"]),
            "assembly": queries.assemblies(pole_id)[0]["id"]}
    before = head()
    api = api_as(caller(op_name))
    response = api.call(op.method, fill(op.rule, pole_id, demo), {"zz_misspelt": 1})
    assert_problem(response, 422, fields=("zz_misspelt",))
    assert head() == before
