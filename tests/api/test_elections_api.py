"""Elections and the board through the API (issue 21): an integrator founds a pole whose statutes set up a board, runs
an election (candidates, secret ballots of one character per candidate, the result with its details), reads the board
as of a date and the mandates, and records an officer, a resignation and a co-optation; refusals store nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance import clock
from governance.board import add_years
from governance.convocation import paris_day
from tests.api.conftest import Api, assert_problem
from tests.web.conftest import DEMO_PASSWORD
from web.api.tokens import ApiTokens

COLLEGES = [{"code": "salaries", "name": "Salariés", "share": "40%"},
            {"code": "usagers", "name": "Usagers", "share": "30%"},
            {"code": "collectivites", "name": "Collectivités", "share": "30%"}]
BOARD = {"name": "conseil coopératif", "seats": 3, "reserved": {"salaries": 1}, "term_years": 3,
         "officers": ["président·e", "secrétaire"]}
MEMBERS = {"sal1": "salaries", "sal2": "salaries", "usa1": "usagers", "usa2": "usagers", "col1": "collectivites",
           "col2": "collectivites"}


@pytest.fixture
def pole(app, api_as, accounts) -> dict[str, Any]:
    """A pole whose statutes set up a board of 3 (one seat reserved to the salariés), its six members, a secretary,
    a representative of all six (the voter) and one of sal2 only."""
    tokens, client = ApiTokens(accounts.engine), app.test_client()

    def user(email: str, role: str, *member_ids: str) -> Api:
        user_id = accounts.create_user(email, email.split("@")[0], DEMO_PASSWORD)
        for member_id in member_ids or (None,):
            accounts.grant(user_id, pole_id, role, member_id)
        return Api(client, tokens.create(user_id, "tests").secret)

    created = api_as("admin").post("/poles", json={
        "name": "Pôle du Diois", "territory": "Diois (26)", "legal_form": "SCIC SAS",
        "statutes": {"model": "scic", "admission_by": "board", "colleges": COLLEGES, "board": BOARD}})
    assert created.status_code == 201, created.get_json()
    pole_id = created.get_json()["id"]
    secretary = user("secretariat@diois.example", "secretary")
    members = {}
    for name, college in MEMBERS.items():
        member_id = secretary.post(f"/poles/{pole_id}/members", json={
            "name": name, "kind": "person", "category": college}).get_json()["id"]
        secretary.post(f"/poles/{pole_id}/members/{member_id}/admit", json={"decision": "Conseil"})
        secretary.post(f"/poles/{pole_id}/members/{member_id}/assign", json={"college": college, "reason": "Statuts"})
        members[name] = member_id
    return {"id": pole_id, "members": members, "secretary": secretary,
            "voter": user("salle@diois.example", "member", *members.values()),
            "sal2": user("sal2@diois.example", "member", members["sal2"])}


def test_an_election_from_candidates_to_the_board_and_its_mandates(pole, head):
    pole_id, m, secretary, voter = pole["id"], pole["members"], pole["secretary"], pole["voter"]
    base = f"/poles/{pole_id}"
    statutes = secretary.get(f"{base}/statutes").get_json()[-1]["statutes"]
    assert statutes["board"]["seats"] == 3 and statutes["board"]["election_method"] == "resolution_per_candidate"

    drafted = secretary.post(f"{base}/elections", json={"title": "Élection du conseil", "text": "Trois sièges.",
                                                        "seats": 3})
    assert drafted.status_code == 201, drafted.get_json()
    election = drafted.get_json()
    assert (election["election"], election["secret"], election["body"]) == (
        {"seats": 3, "reserved": {"salaries": 1}, "candidates": []}, True, None)
    p = f"{base}/proposals/{election['id']}"
    assert drafted.headers["Location"].endswith(p)
    assert voter.get(f"{p}/candidates").get_json() == []  # the call for candidates, though a draft
    amended = secretary.put(p, json={"title": "Élection du conseil coopératif", "text": "Trois sièges."}).get_json()
    assert (amended["title"], amended["secret"]) == ("Élection du conseil coopératif", True)  # still the statutes'
    assert_problem(voter.get(p), 404)

    for name in ("usa1", "col1", "usa2"):
        assert secretary.post(f"{p}/candidates", json={"member_id": m[name]}).get_json()["declared_by"] == "secretary"
    own = pole["sal2"].post(f"{p}/candidates", json={"member_id": m["sal2"]})
    assert own.status_code == 201 and own.get_json() == {"member_id": m["sal2"], "name": "sal2",
                                                         "college": "salaries", "declared_by": "self"}
    remaining = secretary.delete(f"{p}/candidates/{m['usa2']}").get_json()
    assert [c["name"] for c in remaining] == ["usa1", "col1", "sal2"]
    assert [c["name"] for c in voter.get(f"{p}/candidates").get_json()] == ["usa1", "col1", "sal2"]

    closes_at = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    assert secretary.post(f"{p}/open", json={"closes_at": closes_at}).get_json()["status"] == "open"
    ballots = {"sal1": "fff", "sal2": "fff", "usa1": "faf", "usa2": "fax", "col1": "fff", "col2": "aff"}
    for name, ballot in ballots.items():
        cast = voter.post(f"{p}/ballots", json={"member_id": m[name], "choice": ballot})
        assert cast.status_code == 201 and cast.get_json()["choice"] is None, cast.get_json()  # secret
    assert all(b["choice"] is None for b in voter.get(f"{p}/ballots").get_json())

    closed = secretary.post(f"{p}/close").get_json()
    assert (closed["status"], closed["outcome"], closed["effect_result"]) == ("closed", "elected", "applied")
    details = voter.get(f"{p}/tally").get_json()["tally"]["details"]
    assert (details["method"], details["seats"], details["reserved"]) == ("resolution_per_candidate", 3,
                                                                          {"salaries": 1})
    # Weights 2/5, 3/10, 3/10. usa1: salariés 2/2, usagers 2/2, collectivités 1/2 → 2/5 + 3/10 + 3/20 = 17/20;
    # col1: 2/2, 0/2, 2/2 → 7/10; sal2: 2/2, 1/1 (usa2 abstains), 2/2 → 1.
    assert {c["name"]: c["result"] for c in details["candidates"]} == {"usa1": "17/20", "col1": "7/10", "sal2": "1"}
    seats = {c["name"]: (c["rank"], c["seat"], c["elected"]) for c in details["candidates"]}
    assert seats == {"sal2": (1, "reserved:salaries", True), "usa1": (2, "open", True), "col1": (3, "open", True)}

    today = paris_day(clock.now())
    board = voter.get(f"{base}/board").get_json()
    assert (board["date"], board["name"], board["seats"]) == (today.isoformat(), "conseil coopératif", 3)
    assert [b["name"] for b in board["members"]] == ["sal2", "col1", "usa1"]  # the reserved seat first
    last = add_years(today, 3)
    assert all(b["ends_on"] == last.isoformat() and b["by"] == "election" for b in board["members"])
    for day, size in ((today - timedelta(days=1), 0), (last, 3), (last + timedelta(days=1), 0)):
        assert len(voter.get(f"{base}/board?date={day.isoformat()}").get_json()["members"]) == size, day
    assert len(voter.get(f"{base}/mandates").get_json()) == 3
    assert secretary.get(f"{base}/mandates/ending").get_json() == []  # three years away

    chair = secretary.post(f"{base}/members/{m['sal2']}/mandate/officer", json={"role": "président·e",
                                                                               "decision": "Conseil du jour"})
    assert chair.status_code == 200 and chair.get_json()["officer"] == "président·e"
    resigned = secretary.post(f"{base}/members/{m['usa1']}/mandate/end", json={
        "reason": "resignation", "on": today.isoformat(), "decision": "Lettre de démission"}).get_json()
    assert (resigned["status"], resigned["end_reason"], resigned["ended_on"]) == ("ended", "resignation",
                                                                                  today.isoformat())
    coopted = secretary.post(f"{base}/members/{m['usa2']}/mandate/cooptation", json={
        "replaces": resigned["id"], "on": today.isoformat(), "decision": "Conseil du jour"})
    assert coopted.status_code == 201, coopted.get_json()
    assert coopted.headers["Location"].endswith(f"/members/{m['usa2']}/mandates")
    mandate = coopted.get_json()
    assert (mandate["by"], mandate["ratified"], mandate["replaces"], mandate["ends_on"]) == (
        "cooptation", False, resigned["id"], last.isoformat())
    assert [b["name"] for b in voter.get(f"{base}/board").get_json()["members"]] == ["sal2", "col1", "usa2"]
    assert [x["status"] for x in voter.get(f"{base}/members/{m['usa1']}/mandates").get_json()] == ["ended"]

    decision = secretary.post(f"{base}/proposals", json={"title": "Achat mutualisé", "text": "Un utilitaire."})
    addressed = secretary.post(f"{base}/proposals/{decision.get_json()['id']}/address-to-board")
    assert addressed.status_code == 200 and addressed.get_json()["body"] == "board"


def test_refusals_name_their_rule_and_store_nothing(pole, head, api_as, demo, pole_id):
    p_id, m, secretary, voter = pole["id"], pole["members"], pole["secretary"], pole["voter"]
    base = f"/poles/{p_id}"
    before = head()
    assert_problem(voter.post(f"{base}/elections", json={"title": "É", "text": "T", "seats": 1}), 403)
    election = secretary.post(f"{base}/elections", json={"title": "É", "text": "T", "seats": 1, "reserved": {}})
    p = f"{base}/proposals/{election.get_json()['id']}"
    secretary.post(f"{p}/candidates", json={"member_id": m["usa1"]})
    secretary.post(f"{p}/candidates", json={"member_id": m["col1"]})
    before = head()
    assert_problem(pole["sal2"].post(f"{p}/candidates", json={"member_id": m["usa2"]}), 403, rule="not_permitted")
    assert_problem(secretary.post(f"{p}/candidates", json={"member_id": m["usa1"]}), 409, rule="proposal")
    assert_problem(secretary.post(f"{base}/elections", json={"title": "É", "text": "T", "seats": 4}), 422,
                   rule="proposal")
    assert_problem(voter.get(f"{base}/mandates/ending"), 403)
    assert_problem(voter.post(f"{base}/members/{m['usa1']}/mandate/end", json={
        "reason": "resignation", "on": "2026-12-01", "decision": "Lettre"}), 403)
    assert_problem(secretary.post(f"{base}/members/{m['usa1']}/mandate/end", json={
        "reason": "resignation", "on": "2026-12-01", "decision": "Lettre"}), 404)  # no seat, no mandate
    assert_problem(secretary.post(f"{base}/members/{m['usa1']}/mandate/officer", json={
        "role": "président·e", "decision": "CA"}), 404)
    assert head() == before

    secretary.post(f"{p}/open", json={"closes_at": (datetime.now(UTC) + timedelta(days=7)).isoformat()})
    before = head()
    short = assert_problem(voter.post(f"{p}/ballots", json={"member_id": m["sal1"], "choice": "f"}), 422,
                           rule="invalid_input")
    assert "one answer for each of the 2 candidates" in short["detail"]
    assert_problem(voter.post(f"{p}/ballots", json={"member_id": m["sal1"], "choice": "for"}), 422,
                   rule="invalid_input")
    assert_problem(voter.post(f"{p}/ballots", json={"member_id": m["sal1"], "choice": "yes"}), 422,
                   fields=("choice",))
    assert head() == before

    # A resolution's ballot stays for, against or abstain, and its tally has no details.
    demo_member = api_as("member")
    assert_problem(demo_member.post(f"/poles/{pole_id}/proposals/{demo['open']}/ballots", json={
        "member_id": demo["members"]["Régie de quartier Fontbarlettes"], "choice": "fff"}), 422, rule="invalid_input")
    assert "details" not in demo_member.get(f"/poles/{pole_id}/proposals/{demo['closed']}/tally").get_json()["tally"]
