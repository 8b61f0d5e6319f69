"""Proposals: the register, drafting and amending, opening, closing, withdrawing; the decision register."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.conftest import assert_problem

DRAFT = {"title": "Achat mutualisé d'un véhicule utilitaire", "text": "Le pôle achète un utilitaire partagé."}


def later(days: int = 7) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


@pytest.fixture
def draft(api_as, pole_id) -> str:
    response = api_as("secretary").post(f"/poles/{pole_id}/proposals", json=DRAFT)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_the_register_filtered_and_paginated(api_as, pole_id):
    secretary = api_as("secretary")
    page = secretary.get(f"/poles/{pole_id}/proposals?limit=3").get_json()
    assert len(page["items"]) == 3 and page["next_offset"] == 3 and page["limit"] == 3
    everything = secretary.get(f"/poles/{pole_id}/proposals?limit=200").get_json()
    assert len(everything["items"]) == 14 and everything["next_offset"] is None
    assert [p["id"] for p in everything["items"][3:6]] == [
        p["id"] for p in secretary.get(f"/poles/{pole_id}/proposals?limit=3&offset=3").get_json()["items"]]
    closed = secretary.get(f"/poles/{pole_id}/proposals?status=closed&kind=extraordinary").get_json()["items"]
    assert len(closed) == 2 and all(p["tally"]["outcome"] == "adopted" for p in closed)
    rejected = secretary.get(f"/poles/{pole_id}/proposals?outcome=rejected").get_json()["items"]
    assert [p["title"] for p in rejected] == ["Adhésion au réseau national des tiers-lieux"]
    assert len(secretary.get(f"/poles/{pole_id}/proposals?q=LÉGUMERIE").get_json()["items"]) == 1
    assert len(secretary.get(f"/poles/{pole_id}/proposals?since=2026-01-01&until=2026-03-01").get_json()["items"]) == 2
    assert_problem(secretary.get(f"/poles/{pole_id}/proposals?limit=0&kind=weird"), 400, fields=("limit", "kind"))


def test_drafts_are_for_secretaries_only(api_as, pole_id, demo):
    member = api_as("member")
    assert all(p["status"] != "draft" for p in member.get(f"/poles/{pole_id}/proposals?limit=200").get_json()["items"])
    assert member.get(f"/poles/{pole_id}/proposals?status=draft").get_json()["items"] == []
    assert_problem(member.get(f"/poles/{pole_id}/proposals/{demo['draft']}"), 404)
    assert api_as("secretary").get(f"/poles/{pole_id}/proposals/{demo['draft']}").status_code == 200


def test_the_decision_register(api_as, pole_id):
    member = api_as("member")
    decided = member.get(f"/poles/{pole_id}/decisions").get_json()["items"]
    assert len(decided) == 9 and {p["status"] for p in decided} == {"closed"}
    entry = next(p for p in decided if p["title"].startswith("Statuts v3"))
    assert entry["statutes_version"] == 2 and entry["proxies_used"] == 1 and entry["outcome"] == "adopted"
    assert entry["electorate"] == {"salaries": 3, "usagers": 4, "collectivites": 2, "partenaires": 3}
    assert [c["effective_weight"] for c in entry["tally"]["colleges"]] == ["3/10", "3/10", "1/5", "1/5"]
    assert len(member.get(f"/poles/{pole_id}/decisions?outcome=adopted&kind=ordinary").get_json()["items"]) == 6
    assert_problem(member.get(f"/poles/{pole_id}/decisions?status=draft"), 400, fields=("status",))


def test_withdrawn_proposals_are_in_the_decision_register(api_as, pole_id, draft):
    api_as("secretary").post(f"/poles/{pole_id}/proposals/{draft}/withdraw", json={"reason": "Reporté"})
    decided = api_as("member").get(f"/poles/{pole_id}/decisions?status=withdrawn").get_json()["items"]
    assert [p["id"] for p in decided] == [draft]


def test_draft_a_proposal(api_as, pole_id, head):
    before = head()
    response = api_as("secretary").post(f"/poles/{pole_id}/proposals", json={
        **DRAFT, "kind": "extraordinary", "secret": True, "effect": {"type": "revise_strategy", "text": "Nouveau."}})
    assert response.status_code == 201
    p = response.get_json()
    assert (p["status"], p["kind"], p["secret"], p["effect"]) == (
        "draft", "extraordinary", True, {"type": "revise_strategy", "text": "Nouveau."})
    assert p["proposed_by"] == "Claire Martin <claire.martin@terres-de-liens-coop.example>"
    assert response.headers["Location"].endswith(f"/proposals/{p['id']}")
    assert head() == before + 1


def test_a_draft_with_invalid_fields_is_422_and_stores_nothing(api_as, pole_id, head):
    before = head()
    secretary = api_as("secretary")
    assert_problem(secretary.post(f"/poles/{pole_id}/proposals", json={"title": "", "kind": "urgent"}), 422,
                   fields=("title", "text", "kind"))
    assert_problem(secretary.post(f"/poles/{pole_id}/proposals", json={**DRAFT, "effect": {"type": "admit_member"}}),
                   422, fields=("effect.member_id",))
    assert_problem(secretary.post(f"/poles/{pole_id}/proposals", json={
        **DRAFT, "effect": {"type": "amend_statutes", "statutes": {"model": "weighted", "colleges": [
            {"code": "a", "name": "A", "share": "100%"}]}}}), 422, rule="proposal")  # statutes need extraordinary
    assert_problem(secretary.post(f"/poles/{pole_id}/proposals", json={
        **DRAFT, "effect": {"type": "admit_member", "member_id": "00000000-0000-4000-8000-000000000000"}}), 422,
        rule="not_found")
    assert head() == before


def test_amend_a_draft_but_not_an_open_vote(api_as, pole_id, draft, demo, head):
    secretary = api_as("secretary")
    amended = secretary.put(f"/poles/{pole_id}/proposals/{draft}", json={**DRAFT, "title": "Véhicule partagé"})
    assert amended.status_code == 200 and amended.get_json()["title"] == "Véhicule partagé"
    before = head()
    problem = assert_problem(secretary.put(f"/poles/{pole_id}/proposals/{demo['open']}", json=DRAFT), 409,
                             rule="proposal")
    assert problem["detail"] == "only a draft can be amended (this proposal is open)"
    assert_problem(api_as("member").put(f"/poles/{pole_id}/proposals/{draft}", json=DRAFT), 403)
    assert head() == before


def test_open_voting(api_as, pole_id, draft):
    opened = api_as("secretary").post(f"/poles/{pole_id}/proposals/{draft}/open",
                                      json={"closes_at": later(), "convocation": "second"})
    assert opened.status_code == 200, opened.get_json()
    p = opened.get_json()
    assert (p["status"], p["convocation"], p["statutes_version"], p["electorate_size"]) == ("open", "second", 3, 12)


def test_opening_needs_a_future_time_with_its_offset(api_as, pole_id, draft, head):
    before = head()
    secretary = api_as("secretary")
    url = f"/poles/{pole_id}/proposals/{draft}/open"
    assert_problem(secretary.post(url, json={"closes_at": "2100-01-01T12:00:00"}), 422, fields=("closes_at",))
    assert_problem(secretary.post(url, json={"closes_at": "soon", "convocation": "third"}), 422,
                   fields=("closes_at", "convocation"))
    problem = assert_problem(secretary.post(url, json={"closes_at": "2020-01-01T12:00:00+01:00"}), 422, rule="voting")
    assert problem["detail"] == "the closing time must be in the future"
    assert head() == before


def test_opening_twice_is_a_conflict(api_as, pole_id, demo, head):
    before = head()
    assert_problem(api_as("secretary").post(f"/poles/{pole_id}/proposals/{demo['open']}/open",
                                            json={"closes_at": later()}), 409, rule="proposal")
    assert head() == before


def test_close_voting_records_the_tally(api_as, pole_id, demo):
    closed = api_as("secretary").post(f"/poles/{pole_id}/proposals/{demo['open']}/close")
    assert closed.status_code == 200, closed.get_json()
    p = closed.get_json()
    assert p["status"] == "closed" and p["outcome"] in ("adopted", "rejected", "no_quorum")
    assert p["tally"]["participants"] == 4


def test_closing_a_closed_vote_is_a_conflict(api_as, pole_id, demo, head):
    before = head()
    assert_problem(api_as("secretary").post(f"/poles/{pole_id}/proposals/{demo['closed']}/close"), 409,
                   rule="proposal")
    assert_problem(api_as("member").post(f"/poles/{pole_id}/proposals/{demo['open']}/close"), 403)
    assert head() == before


def test_withdraw_a_proposal(api_as, pole_id, demo, head):
    secretary = api_as("secretary")
    withdrawn = secretary.post(f"/poles/{pole_id}/proposals/{demo['open']}/withdraw", json={"reason": "Erreur"})
    assert withdrawn.get_json()["status"] == "withdrawn"
    before = head()
    assert_problem(secretary.post(f"/poles/{pole_id}/proposals/{demo['closed']}/withdraw", json={}), 409,
                   rule="proposal")
    assert_problem(secretary.post(f"/poles/{pole_id}/proposals/{demo['draft']}/withdraw",
                                  json={"reason": "x" * 1001}), 422, fields=("reason",))
    assert head() == before


def test_a_proposal_of_another_pole_is_404(api_as, pole_id, demo):
    other = next(p["id"] for p in api_as("admin").get("/poles").get_json() if p["id"] != pole_id)
    assert_problem(api_as("outsider").get(f"/poles/{other}/proposals/{demo['open']}"), 404)
