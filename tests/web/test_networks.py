"""Regional networks (issue 24): the administrator declares a network and appoints its coordinators; a pole joins by
an adopted proposal naming what it shares; a coordinator reads, for the poles that joined, only those figures (never
a ballot, an answer or a justification), side by side and as CSV; anywhere else a coordinator gets 403."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.conftest import ADMIN_EMAIL, MEMBER_EMAIL, SECRETARY_EMAIL, csrf_token, login
from web.accounts.demo import DEMO_PASSWORD
from web.api.tokens import ApiTokens
from web.networks.shared import MIN_GROUP, shared_view
from web.networks.store import Networks

COORDINATOR_EMAIL = "camille.roux@cress-test.example"
OTHER_COORDINATOR_EMAIL = "leo.blanc@autre-reseau.example"
CLOSES = "2031-07-01T18:30"


# -- helpers ---------------------------------------------------------------------------------
def text(response: Any) -> str:
    return response.get_data(as_text=True)


def signed_in(app: Any, email: str | None) -> Any:
    """A client of its own, signed in as `email` (None: anonymous), reading the pages in English."""
    client = app.test_client()
    if email:
        assert login(client, email).status_code == 302
    client.post("/language", data={"language": "en", "csrf_token": csrf_token(client, "/login"), "next": "/"})
    return client


def token(client: Any, path: str) -> str:
    return csrf_token(client, path)


def manage(pole_id: str, path: str) -> str:
    return f"/poles/{pole_id}/manage/{path}"


def store(app: Any) -> Networks:
    return Networks(app.extensions["collegia.accounts"].engine)


def queries(app: Any) -> Any:
    return app.extensions["collegia.queries"]


def collegia(app: Any) -> Any:
    return app.extensions["collegia"].app


def proposal_data(csrf: str, **overrides: Any) -> dict[str, Any]:
    """A complete proposal form as a browser sends it (statutes rows blank)."""
    data: dict[str, Any] = {
        "title": "Adhésion au réseau", "text": "Le pôle adhère au réseau régional.", "kind": "ordinary",
        "effect_type": "none", "admit_member": "", "exclude_member": "", "exclusion_reasons": "", "strategy_text": "",
        "join_network": "", "leave_network": "", "empty_college_rule": "proportional", "merge_into": "",
        "max_proxies": "2", "admission_by": "board", "exclusion_by": "assembly", "csrf_token": csrf}
    for i in range(10):
        data.update({f"colleges-{i}-code": "", f"colleges-{i}-name": "", f"colleges-{i}-share": ""})
    data.update(overrides)
    return data


def adopt(app: Any, proposal_id: str) -> None:
    """Every elector votes for; the proposal is then closed (adopted, its effect applied)."""
    app_ = collegia(app)
    for member_id in sorted(app_.get_proposal(proposal_id).electorate):
        app_.cast_ballot(proposal_id, member_id, "for", actor="test")


def adopt_by_app(app: Any, pole_id: str, title: str, effect: dict[str, Any]) -> str:
    app_ = collegia(app)
    proposal = str(app_.draft_proposal(pole_id, title=title, text=title + ".", effect=effect, actor="secretary"))
    app_.open_voting(proposal, closes_at=datetime.now(UTC) + timedelta(days=7), actor="secretary")
    adopt(app, proposal)
    app_.close_voting(proposal, actor="secretary")
    return proposal


def csv_rows(response: Any) -> list[dict[str, str]]:
    body = text(response)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def nets(app: Any) -> dict[str, Any]:
    """Two networks declared and a coordinator appointed to each, through the administration's pages."""
    accounts = app.extensions["collegia.accounts"]
    coordinator = accounts.create_user(COORDINATOR_EMAIL, "Camille Roux", DEMO_PASSWORD)
    other = accounts.create_user(OTHER_COORDINATOR_EMAIL, "Léo Blanc", DEMO_PASSWORD)
    admin = signed_in(app, ADMIN_EMAIL)
    csrf = token(admin, "/admin/networks")
    ids = {}
    for key, name in (("a", "Cellule régionale des PTCE (test)"), ("b", "Réseau des tiers-lieux (test)")):
        response = admin.post("/admin/networks", data={"name": name, "description": "Un réseau.", "csrf_token": csrf})
        assert response.status_code == 302, text(response)
        ids[key] = next(n["id"] for n in store(app).all() if n["name"] == name)
        assert response.headers["Location"].endswith(f"/admin/networks/{ids[key]}")
    for network, email in ((ids["a"], COORDINATOR_EMAIL), (ids["b"], OTHER_COORDINATOR_EMAIL)):
        response = admin.post(f"/admin/networks/{network}/coordinators", data={"email": email, "csrf_token": csrf})
        assert response.status_code == 302, text(response)
    return {**ids, "admin": admin, "csrf": csrf, "coordinator": coordinator, "other": other}


def join_through_the_pages(app: Any, pole_id: str, network_id: str, shares: list[str]) -> str:
    """The secretary drafts « join the network » on the proposal form, opens the vote; the members vote; the
    secretary closes it: adopted, the pole is in the network."""
    secretary = signed_in(app, SECRETARY_EMAIL)
    form_page = manage(pole_id, f"proposals/new?effect=join_network&network={network_id}")
    page = text(secretary.get(form_page))
    assert f'<option selected value="{network_id}">' in page or f'value="{network_id}" selected' in page
    csrf = token(secretary, form_page)
    response = secretary.post(manage(pole_id, "proposals/new"), data=proposal_data(
        csrf, effect_type="join_network", join_network=network_id, network_shares=shares))
    assert response.status_code == 302, text(response)
    proposal = next(p for p in queries(app).register(pole_id, status="draft") if p["title"] == "Adhésion au réseau")
    assert proposal["effect"] == {"type": "join_network", "network_id": network_id, "shares": sorted(shares)}
    shown = text(secretary.get(manage(pole_id, f"proposals/{proposal['id']}")))
    assert "The pole joins the regional network “Cellule régionale des PTCE (test)”." in shown
    response = secretary.post(manage(pole_id, f"proposals/{proposal['id']}/open"), data={
        "csrf_token": csrf, "open-closes_at": CLOSES, "open-convocation": "first"})
    assert response.status_code == 302, text(response)
    adopt(app, proposal["id"])
    response = secretary.post(manage(pole_id, f"proposals/{proposal['id']}/close"),
                              data={"csrf_token": csrf, "confirm": "yes"})
    assert response.status_code == 302, text(response)
    closed = queries(app).proposal(proposal["id"])
    assert (closed["outcome"], closed["effect_result"]) == ("adopted", "applied")
    return proposal["id"]


# -- the administration ----------------------------------------------------------------------------
def test_the_admin_declares_networks_and_appoints_and_dismisses_coordinators(app, nets):
    admin, csrf = nets["admin"], nets["csrf"]
    assert store(app).coordinated_by(nets["coordinator"]) == [nets["a"]]
    assert [c["email"] for c in store(app).coordinators(nets["b"])] == [OTHER_COORDINATOR_EMAIL]
    page = text(admin.get("/admin/networks"))
    assert "Cellule régionale des PTCE (test)" in page and "Camille Roux" in page and "Léo Blanc" in page
    assert "Camille Roux" in text(admin.get(f"/admin/networks/{nets['a']}"))
    # a name already taken (whatever its case), an unknown address, a second appointment: refused, nothing changes
    response = admin.post("/admin/networks", data={"name": "CELLULE régionale des PTCE (test)", "csrf_token": csrf})
    assert response.status_code == 422 and "already exists" in text(response)
    assert len(store(app).all()) == 3  # these two and the demo's (web/accounts/demo.py create_demo_network)
    response = admin.post(f"/admin/networks/{nets['a']}/coordinators",
                          data={"email": "nobody@nowhere.example", "csrf_token": csrf})
    assert response.status_code == 422 and "No account has the address nobody@nowhere.example" in text(response)
    response = admin.post(f"/admin/networks/{nets['a']}/coordinators",
                          data={"email": COORDINATOR_EMAIL.upper(), "csrf_token": csrf})
    assert response.status_code == 422 and "already coordinates this network" in text(response)
    # dismissing: the person no longer coordinates it; dismissing again is refused
    dismiss = f"/admin/networks/{nets['b']}/coordinators/dismiss"
    assert admin.post(dismiss, data={"user_id": nets["other"], "csrf_token": csrf}).status_code == 302
    assert store(app).coordinated_by(nets["other"]) == []
    response = admin.post(dismiss, data={"user_id": nets["other"], "csrf_token": csrf})
    assert response.status_code == 422 and "does not coordinate this network" in text(response)
    assert admin.get("/admin/networks/not-a-network").status_code == 404
    # only administrators reach these pages
    coordinator = signed_in(app, COORDINATOR_EMAIL)
    assert coordinator.get("/admin/networks").status_code == 403
    assert coordinator.post("/admin/networks", data={"name": "X", "csrf_token": token(coordinator, "/networks")}
                            ).status_code == 403


def test_the_networks_menu_and_index_per_person(app, nets):
    coordinator = signed_in(app, COORDINATOR_EMAIL)
    page = text(coordinator.get("/networks"))
    assert 'href="/networks"' in page  # the menu shows « Networks » to a coordinator
    assert "Cellule régionale des PTCE (test)" in page and "Réseau des tiers-lieux (test)" not in page
    admin_page = text(nets["admin"].get("/networks"))
    assert "Cellule régionale des PTCE (test)" in admin_page and "Réseau des tiers-lieux (test)" in admin_page
    member = signed_in(app, MEMBER_EMAIL)
    assert 'href="/networks"' not in text(member.get("/account/password"))
    for path in ("/networks", f"/networks/{nets['a']}", f"/networks/{nets['a']}/export.csv"):
        assert member.get(path).status_code == 403, path
        assert signed_in(app, SECRETARY_EMAIL).get(path).status_code == 403, path
        response = signed_in(app, None).get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


# -- joining by decision, and what the coordinator sees ---------------------------------------------
def test_a_pole_joins_by_decision_and_the_coordinator_sees_only_what_it_shares(app, nets, pole_id):
    decision = join_through_the_pages(app, pole_id, nets["a"], ["members"])
    [joined] = [n for n in queries(app).pole_networks(pole_id) if n["network_id"] == nets["a"]]
    assert joined["shares"] == ["members"] and joined["decision_id"] == decision

    coordinator = signed_in(app, COORDINATOR_EMAIL)
    page = text(coordinator.get(f"/networks/{nets['a']}"))
    pole = queries(app).pole(pole_id)
    assert pole["name"] in page and "by the decision “Adhésion au réseau”" in page
    counts = queries(app).member_counts_by_kind(pole_id)
    assert f'<span data-figure="members">{sum(counts.values())}</span>' in page
    # nothing else: no decision count, no assembly, no self-assessment (no radar, no objective table)
    for figure in ("decisions", "assemblies", "referentiel"):
        assert f'data-figure="{figure}"' not in page
    assert 'class="ref-radar"' not in page and "Principal objective" not in page
    assert "This pole does not share its self-assessment results." in page
    with app.test_request_context():
        view = shared_view(pole_id, nets["a"])
    assert set(view) >= {"members"} and not {"decisions", "last_assembly_on", "referentiel"} & set(view)
    assert view["members"] == counts

    rows = csv_rows(coordinator.get(f"/networks/{nets['a']}/export.csv"))
    assert rows and {r["Figure"] for r in rows} == {"Member counts per kind"}
    assert sorted(int(r["Value"]) for r in rows) == sorted(counts.values())
    assert all(r["Pole"] == pole["name"] for r in rows)


def test_a_coordinator_is_refused_everywhere_else(app, nets, pole_id):
    join_through_the_pages(app, pole_id, nets["a"], ["members"])
    coordinator = signed_in(app, COORDINATOR_EMAIL)
    for path in (f"/networks/{nets['b']}", f"/networks/{nets['b']}/export.csv", f"/poles/{pole_id}/",
                 f"/poles/{pole_id}/decisions", manage(pole_id, "proposals"), f"/poles/{pole_id}/referentiel/campaigns",
                 "/admin"):
        assert coordinator.get(path).status_code == 403, path
    # an unknown network is a 403 too for a coordinator (it says nothing of which exist), a 404 for the admin
    assert coordinator.get("/networks/6f1c8e56-0000-4000-8000-000000000000").status_code == 403
    assert nets["admin"].get("/networks/6f1c8e56-0000-4000-8000-000000000000").status_code == 404
    # the API: every pole operation, and another network
    bearer = ApiTokens(app.extensions["collegia.accounts"].engine).create(nets["coordinator"], "test").secret
    api = app.test_client()
    headers = {"Authorization": f"Bearer {bearer}"}
    assert api.get(f"/api/v1/poles/{pole_id}", headers=headers).status_code == 403
    assert api.get(f"/api/v1/poles/{pole_id}/proposals", headers=headers).status_code == 403
    if "api.get_network" in app.view_functions:
        assert api.get(f"/api/v1/networks/{nets['b']}", headers=headers).status_code == 403
        assert api.get(f"/api/v1/networks/{nets['a']}", headers=headers).status_code == 200
    # a dismissed coordinator loses the network at once
    store(app).dismiss(nets["coordinator"], nets["a"])
    assert coordinator.get(f"/networks/{nets['a']}").status_code == 403
    assert coordinator.get("/networks").status_code == 403


def test_sharing_everything_shows_the_aggregates_never_an_answer_nor_a_justification(app, nets, pole_id):
    join_through_the_pages(app, pole_id, nets["a"], ["members"])
    # a later decision shares everything (the form offers the network again, with what the pole shares now)
    secretary = signed_in(app, SECRETARY_EMAIL)
    page = text(secretary.get(manage(pole_id, f"proposals/new?effect=join_network&network={nets['a']}")))
    assert re.search(r'<input [^>]*checked [^>]*value="members">', page)
    assert not re.search(r'<input [^>]*checked [^>]*value="decisions">', page)
    assert "Never anyone&#39;s answers nor the justifications" in page
    adopt_by_app(app, pole_id, "Partager tout avec le réseau", {
        "type": "join_network", "network_id": nets["a"], "shares": ["referentiel", "members", "decisions",
                                                                    "assemblies"]})
    closed = [c for c in queries(app).campaigns(pole_id) if c["closed"]]
    assert closed, "the demo pole has a closed campaign"

    coordinator = signed_in(app, COORDINATOR_EMAIL)
    page = text(coordinator.get(f"/networks/{nets['a']}"))
    assert f'<span data-figure="decisions">{queries(app).decision_count(pole_id)}</span>' in page
    assert 'data-figure="assemblies"' in page and 'data-figure="referentiel"' in page
    assert 'class="ref-radar"' in page and closed[0]["title"] in page
    with app.test_request_context():
        view = shared_view(pole_id, nets["a"])
    [latest, *_] = view["referentiel"]
    assert latest["campaign_id"] == closed[0]["id"] and latest["respondents"] >= MIN_GROUP
    assert set(latest["everyone"]["objectives"]) == set("abcdefghi")
    # never a justification, never an individual answer nor a distribution
    for campaign in closed:
        for texts in (campaign["results"].get("justifications") or {}).values():
            for written in texts:
                assert written not in page
    assert "distribution" not in repr(view) and "justification" not in repr(view)
    # a college too small to hide its respondents is never shown, nor can it be taken from the others
    groups = {code: g["respondents"] for code, g in closed[0]["results"]["colleges"].items() if g["respondents"]}
    shown = {c["code"] for c in latest["colleges"]}
    assert all(groups[code] >= MIN_GROUP for code in shown)
    assert sum(n for code, n in groups.items() if code not in shown) in (0, *range(MIN_GROUP, 1000))
    assert latest["colleges_withheld"] == (shown != set(groups))
    figure = latest["everyone"]["objectives"]["h"]["achievement"]
    if figure["median"] is not None:
        assert f"{figure['median']:g}".replace(".", ",") in page or f"{figure['median']:g}" in page

    rows = csv_rows(coordinator.get(f"/networks/{nets['a']}/export.csv"))
    figures = {r["Figure"] for r in rows}
    assert figures == {"Member counts per kind", "Number of decisions", "Date of the last general assembly",
                       "Self-assessment results"}
    referentiel = [r for r in rows if r["Figure"] == "Self-assessment results"]
    assert {r["Principal objective"][:1] for r in referentiel} == set("abcdefghi")
    body = text(coordinator.get(f"/networks/{nets['a']}/export.csv"))
    for campaign in closed:
        for texts in (campaign["results"].get("justifications") or {}).values():
            assert not any(written in body for written in texts)


def test_a_small_group_is_withheld(app):
    """The figures of fewer than MIN_GROUP respondents, or of a unanimous group, are never given."""
    from web.networks.shared import campaign_figures
    from governance.referentiel import SEED

    def results(colleges: dict[str, list[int]]) -> dict[str, Any]:
        return {"invited": 10, "justifications": {"a1": ["secret"]}, "colleges": {
            code: {"respondents": len(ratings), "indicators": {"a1": {
                "importance": {str(v): ratings.count(v) for v in set(ratings)},
                "achievement": {str(v): ratings.count(v) for v in set(ratings)}}}}
            for code, ratings in colleges.items()}}

    def campaign(colleges: dict[str, list[int]]) -> dict[str, Any]:
        return {"id": "c", "title": "T", "opens_on": None, "closes_on": None, "referentiel": SEED.to_dict(),
                "results": results(colleges)}

    small = campaign_figures(campaign({"x": [1, 2, 3], "y": [4, 2]}), {"x": "X", "y": "Y"})
    assert small["colleges"] == [] and small["colleges_withheld"]  # y's two would follow from everyone minus x
    assert small["everyone"]["objectives"]["a"]["importance"]["median"] == 2
    some = campaign_figures(campaign({"x": [1, 2, 3], "y": [1, 2, 3, 4], "z": [5]}), {})
    assert [c["code"] for c in some["colleges"]] == ["y"] and some["colleges_withheld"]  # z with x: 4 withheld
    alone = campaign_figures(campaign({"x": [1, 2]}), {})
    assert alone["everyone"]["withheld"] and alone["everyone"]["objectives"] == {}
    same = campaign_figures(campaign({"x": [3, 3, 3], "y": [1, 2, 4]}), {"x": "X", "y": "Y"})
    x = next(c for c in same["colleges"] if c["code"] == "x")
    assert x["objectives"]["a"]["importance"] == {"median": None, "mean": None, "share": None, "withheld": "reveals"}
    assert "secret" not in repr(same)


def test_leaving_the_network_by_decision(app, nets, pole_id):
    join_through_the_pages(app, pole_id, nets["a"], ["members", "decisions"])
    secretary = signed_in(app, SECRETARY_EMAIL)
    page = text(secretary.get(manage(pole_id, "proposals/new?effect=leave_network")))
    assert f'<option value="{nets["a"]}">Cellule régionale des PTCE (test)</option>' in page
    csrf = token(secretary, manage(pole_id, "proposals/new"))
    response = secretary.post(manage(pole_id, "proposals/new"), data=proposal_data(
        csrf, title="Quitter le réseau", effect_type="leave_network", leave_network=nets["a"]))
    assert response.status_code == 302, text(response)
    draft = next(p for p in queries(app).register(pole_id, status="draft") if p["title"] == "Quitter le réseau")
    assert draft["effect"] == {"type": "leave_network", "network_id": nets["a"]}
    # a network that is not offered, or none chosen: the form says so, nothing is stored
    response = secretary.post(manage(pole_id, "proposals/new"), data=proposal_data(
        csrf, title="Quitter B", effect_type="leave_network", leave_network=nets["b"]))
    assert response.status_code == 422 and "Choose the network to leave." in text(response)
    app_ = collegia(app)
    app_.open_voting(draft["id"], closes_at=datetime.now(UTC) + timedelta(days=7), actor="secretary")
    adopt(app, draft["id"])
    app_.close_voting(draft["id"], actor="secretary")
    assert nets["a"] not in {n["network_id"] for n in queries(app).pole_networks(pole_id)}
    page = text(signed_in(app, COORDINATOR_EMAIL).get(f"/networks/{nets['a']}"))
    assert queries(app).pole(pole_id)["name"] not in page and "No pole has joined this network yet." in page
