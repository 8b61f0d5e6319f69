"""The board secretary's area: proposals (draft → open → close / withdraw) and members, over HTTP."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import render_template
from flask_login import login_user

from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, csrf_token
from web.edge import SECRETARY

USAGERS_AT_55 = [("salaries", "Salariés et producteurs", "15%"), ("usagers", "Usagers", "55%"),
                 ("collectivites", "Collectivités territoriales", "15%"),
                 ("partenaires", "Partenaires, recherche et formation", "15%")]


@pytest.fixture
def secretary(as_role):
    """The test client, logged in as the pole's secretary (request it before `english`: login resets the session)."""
    return as_role("secretary")


# -- helpers ---------------------------------------------------------------------------------
def system(app):
    return app.extensions["collegia"]


def queries(app):
    return app.extensions["collegia.queries"]


def stored(app) -> int:
    """Position of the last stored event: unchanged when a command is refused."""
    return system(app).app.recorder.max_notification_id() or 0


def manage(pole_id: str, path: str = "") -> str:
    return f"/poles/{pole_id}/manage/{path}"


def proposal_titled(app, pole_id: str, title: str) -> dict:
    return next(p for p in queries(app).register(pole_id, limit=500) if p["title"] == title)


def draft_id(app, pole_id: str) -> str:
    return queries(app).register(pole_id, status="draft")[0]["id"]


def open_id(app, pole_id: str) -> str:
    return queries(app).register(pole_id, status="open")[0]["id"]


def member_named(app, pole_id: str, name: str) -> dict:
    return next(m for m in queries(app).members(pole_id) if m["name"] == name)


def proposal_data(client, token: str | None = None, **overrides) -> dict:
    """A complete proposal form as a browser sends it (statutes rows blank unless given)."""
    data = {"title": "Cotisation 2027", "text": "La cotisation annuelle est fixée à 50 €.", "kind": "ordinary",
            "effect_type": "none", "admit_member": "", "exclude_member": "", "exclusion_reasons": "",
            "strategy_text": "", "empty_college_rule": "proportional", "merge_into": "", "max_proxies": "2",
            "admission_by": "board", "exclusion_by": "assembly"}
    for i in range(10):
        data.update({f"colleges-{i}-code": "", f"colleges-{i}-name": "", f"colleges-{i}-share": ""})
    if token is not None:
        data["csrf_token"] = token
    data.update(overrides)
    return data


def college_rows(rows) -> dict:
    return {key: value for i, (code, name, share) in enumerate(rows)
            for key, value in ((f"colleges-{i}-code", code), (f"colleges-{i}-name", name),
                               (f"colleges-{i}-share", share))}


def text(response) -> str:
    return response.get_data(as_text=True)


# -- access ----------------------------------------------------------------------------------
def get_routes(app, pole_id):
    return [manage(pole_id, "proposals"), manage(pole_id, "proposals/new"),
            manage(pole_id, f"proposals/{draft_id(app, pole_id)}"),
            manage(pole_id, f"proposals/{draft_id(app, pole_id)}/edit"), manage(pole_id, "members")]


def post_routes(app, pole_id):
    draft, voting = draft_id(app, pole_id), open_id(app, pole_id)
    member = member_named(app, pole_id, "Biocoop Crest")["id"]
    return [manage(pole_id, "proposals/new"), manage(pole_id, f"proposals/{draft}/edit"),
            manage(pole_id, f"proposals/{draft}/open"), manage(pole_id, f"proposals/{voting}/close"),
            manage(pole_id, f"proposals/{draft}/withdraw"), manage(pole_id, "members/request"),
            manage(pole_id, f"members/{member}/admit"), manage(pole_id, f"members/{member}/refuse"),
            manage(pole_id, f"members/{member}/assign"), manage(pole_id, f"members/{member}/withdraw"),
            manage(pole_id, f"members/{member}/exclude")]


def test_anonymous_users_are_sent_to_the_login_page(app, client, pole_id):
    token = csrf_token(client)
    for path in get_routes(app, pole_id):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for path in post_routes(app, pole_id):
        response = client.post(path, data={"csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


@pytest.mark.parametrize("role", ["member", "voted_member", "outsider", "admin"])
def test_only_the_pole_secretary_gets_in(app, as_role, pole_id, role):
    client = as_role(role)
    token = csrf_token(client)
    before = stored(app)
    for path in get_routes(app, pole_id):
        assert client.get(path).status_code == 403, path
    for path in post_routes(app, pole_id):
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path
    assert stored(app) == before


def test_the_secretary_gets_every_page(app, as_role, pole_id):
    client = as_role("secretary")
    for path in get_routes(app, pole_id):
        assert client.get(path).status_code == 200, path


def test_forms_without_a_csrf_token_are_refused(app, as_role, pole_id):
    client = as_role("secretary")
    before = stored(app)
    for path in post_routes(app, pole_id):
        assert client.post(path, data=proposal_data(client)).status_code == 400, path
    assert stored(app) == before


def test_resources_of_another_pole_are_not_found(app, as_role, pole_id):
    other = next(p["id"] for p in queries(app).poles() if p["id"] != pole_id)
    foreign = system(app).app.draft_proposal(other, title="Ailleurs", text="Texte", actor="admin")
    foreign_member = queries(app).members(other)[0]["id"]
    client = as_role("secretary")
    assert client.get(manage(pole_id, f"proposals/{foreign}")).status_code == 404
    assert client.get(manage(pole_id, f"proposals/{foreign}/edit")).status_code == 404
    token = csrf_token(client)
    assert client.post(manage(pole_id, f"proposals/{foreign}/withdraw"),
                       data={"csrf_token": token}).status_code == 404
    assert client.post(manage(pole_id, f"members/{foreign_member}/withdraw"),
                       data={"csrf_token": token}).status_code == 404
    assert queries(app).proposal(str(foreign))["status"] == "draft"


# -- proposals ---------------------------------------------------------------------------------
def test_the_list_shows_every_proposal_with_its_status_and_participation(app, secretary, english, pole_id):
    client = secretary
    page = text(client.get(manage(pole_id, "proposals")))
    for p in queries(app).register(pole_id, limit=500):
        assert p["title"].replace("'", "&#39;") in page
    voting = queries(app).proposal(open_id(app, pole_id))
    assert f"{voting['participants']} / {voting['electorate_size']}" in page
    assert "New proposal" in page and "Secret" in page and "Close now" in page
    assert f"proposals/{draft_id(app, pole_id)}/edit" in page


def test_a_proposal_without_a_title_is_refused_with_the_field_error(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    before = stored(app)
    response = client.post(manage(pole_id, "proposals/new"),
                           data=proposal_data(client, token, title="", text="Un texte tapé avec soin"))
    assert response.status_code == 422
    page = text(response)
    assert 'id="title-err"' in page and "This field is required." in page
    summary = page.split('class="refusal error-summary"')[1].split("</div>")[0]  # at the top, linking to the field
    assert 'href="#title"' in summary and page.index("error-summary") < page.index('id="title"')
    assert "Un texte tapé avec soin" in page
    assert stored(app) == before


def test_a_scic_breaking_amendment_is_refused_with_the_rule_and_the_input_kept(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    before = stored(app)
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts v4", kind="extraordinary", effect_type="amend_statutes",
        **college_rows(USAGERS_AT_55)))
    assert response.status_code == 422
    page = text(response)
    assert 'class="refusal"' in page and "would hold 55.00 %, above the 50 % maximum for a SCIC" in page
    assert "Usagers" in page and 'value="55%"' in page and 'value="Statuts v4"' in page
    assert re.search(r'value="extraordinary"[^>]*checked|checked[^>]*value="extraordinary"', page)
    assert stored(app) == before


def test_statutes_change_only_by_an_extraordinary_resolution(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    before = stored(app)
    rows = [("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"), ("collectivites", "Collectivités", "20%"),
            ("partenaires", "Partenaires", "20%")]
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, kind="ordinary", effect_type="amend_statutes", **college_rows(rows)))
    assert response.status_code == 422
    assert "change only by an extraordinary resolution" in text(response)
    assert stored(app) == before


def test_a_valid_amendment_carries_over_the_rules_not_on_the_form(app, as_role, pole_id):
    client = as_role("secretary")
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    rows = [("salaries", "Salariés et producteurs", "3/10"), ("usagers", "Usagers et bénéficiaires", "25%"),
            ("collectivites", "Collectivités territoriales", "0,2"), ("partenaires", "Partenaires", "25 %")]
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts v4", kind="extraordinary", effect_type="amend_statutes",
        empty_college_rule="equal", max_proxies="", proxy_same_college="y", admission_by="assembly",
        **college_rows(rows)))
    assert response.status_code == 302
    statutes = proposal_titled(app, pole_id, "Statuts v4")["effect"]["statutes"]
    assert [(c["code"], c["share"]) for c in statutes["colleges"]] == [
        ("salaries", "3/10"), ("usagers", "1/4"), ("collectivites", "1/5"), ("partenaires", "1/4")]
    assert statutes["empty_college_rule"] == "equal" and statutes["max_proxies_per_holder"] is None
    assert statutes["proxy_same_college"] is True and statutes["admission_by"] == "assembly"
    in_force = queries(app).statutes_as_of(pole_id)["statutes"]
    assert statutes["thresholds"] == in_force["thresholds"] and statutes["quorum"] == in_force["quorum"]


def test_an_amendment_sets_whether_a_member_may_change_its_way_of_taking_part(app, as_role, pole_id):
    """R225-85 III: the editor offers the statutes' participation_change_allowed, prefilled from the amendment
    when editing it; the proposal page and (once in force) the colleges page state it."""
    client = as_role("secretary")
    assert queries(app).statutes_as_of(pole_id)["statutes"]["participation_change_allowed"] is False
    form_page = text(client.get(manage(pole_id, "proposals/new?effect=amend_statutes"))).replace("&#39;", "'")
    assert 'id="participation_change_allowed"' in form_page
    assert "Un membre qui a donné pouvoir ou voté par correspondance peut encore participer autrement " \
           "(art. R225-85 III)" in form_page
    assert not re.search(r'id="participation_change_allowed"[^>]*checked', form_page)
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    rows = [("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"), ("collectivites", "Collectivités", "20%"),
            ("partenaires", "Partenaires", "20%")]
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts R225-85", kind="extraordinary", effect_type="amend_statutes",
        participation_change_allowed="y", **college_rows(rows)))
    assert response.status_code == 302
    draft = proposal_titled(app, pole_id, "Statuts R225-85")
    assert draft["effect"]["statutes"]["participation_change_allowed"] is True
    edit_page = text(client.get(manage(pole_id, f"proposals/{draft['id']}/edit")))
    assert re.search(r'<input[^>]*checked[^>]*id="participation_change_allowed"|'
                     r'<input[^>]*id="participation_change_allowed"[^>]*checked', edit_page)
    summary = text(client.get(manage(pole_id, f"proposals/{draft['id']}")))
    assert "Participer autrement après avoir donné pouvoir ou voté par correspondance : permis par les statuts " \
           "(art. R225-85 III)" in summary
    # Unticked on the edit form: the amendment no longer allows it.
    token = csrf_token(client, manage(pole_id, f"proposals/{draft['id']}/edit"))
    response = client.post(manage(pole_id, f"proposals/{draft['id']}/edit"), data=proposal_data(
        client, token, title="Statuts R225-85", kind="extraordinary", effect_type="amend_statutes",
        **college_rows(rows)))
    assert response.status_code == 302
    assert queries(app).proposal(draft["id"])["effect"]["statutes"]["participation_change_allowed"] is False
    colleges = text(client.get(f"/poles/{pole_id}/colleges"))
    assert "Participer autrement après avoir donné pouvoir ou voté par correspondance</th><td>non permis " \
           "(art. R225-85 III)" in colleges


def test_the_statutes_editor_is_prefilled_with_the_colleges_in_force(app, as_role, pole_id):
    page = text(as_role("secretary").get(manage(pole_id, "proposals/new")))
    assert 'id="colleges-0-code"' in page and 'id="colleges-9-share"' in page
    assert 'value="usagers"' in page and 'value="25%"' in page
    strategy = queries(app).strategy_versions(pole_id)[-1]["text"]
    assert strategy.splitlines()[-1].replace("'", "&#39;") in page


def test_draft_edit_open_ballots_close_full_flow(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(client, token))
    assert response.status_code == 302
    p = proposal_titled(app, pole_id, "Cotisation 2027")
    assert p["status"] == "draft" and p["effect"] is None and p["secret"] is False

    edit = manage(pole_id, f"proposals/{p['id']}/edit")
    page = text(client.get(edit))
    assert 'value="Cotisation 2027"' in page
    assert client.post(edit, data=proposal_data(client, token, title="Cotisation 2027 (révisée)")).status_code == 302
    assert queries(app).proposal(p["id"])["title"] == "Cotisation 2027 (révisée)"

    response = client.post(manage(pole_id, f"proposals/{p['id']}/open"), data={
        "csrf_token": token, "open-closes_at": "2031-07-01T18:30", "open-convocation": "first"})
    assert response.status_code == 302
    opened = queries(app).proposal(p["id"])
    assert opened["status"] == "open"
    assert opened["closes_at"] == datetime(2031, 7, 1, 16, 30)  # 18:30 in Paris (CEST) is 16:30 UTC
    assert client.get(edit).status_code == 302  # no longer a draft

    collegia = system(app).app
    electorate = collegia.get_proposal(p["id"]).electorate
    voters = sorted(electorate)[:8]
    for member_id in voters:
        collegia.cast_ballot(p["id"], member_id, "for", actor="test")
    page = text(client.get(manage(pole_id, f"proposals/{p['id']}")))
    assert f"{len(voters)} of {len(electorate)} electors have taken part" in page
    assert "Quorum reached" in page and "Close the vote now" in page

    before = stored(app)
    response = client.post(manage(pole_id, f"proposals/{p['id']}/close"), data={"csrf_token": token})
    asked = text(response)  # without confirmation: what becomes final, Confirm and Cancel; nothing stored
    assert response.status_code == 200 and "Ballots can no longer be cast or changed" in asked
    assert "This cannot be undone." in asked and "Confirm" in asked and "Cancel" in asked
    assert stored(app) == before and queries(app).proposal(p["id"])["status"] == "open"
    response = client.post(manage(pole_id, f"proposals/{p['id']}/close"), data={"csrf_token": token,
                                                                                 "confirm": "yes"})
    assert response.status_code == 302
    closed = queries(app).proposal(p["id"])
    assert closed["status"] == "closed" and closed["outcome"] == "adopted" and closed["closed_at"] is not None
    assert closed["participants"] == len(voters)
    assert "The vote is closed: Adopted." in text(client.get(response.headers["Location"]))


def test_opening_with_a_past_closing_time_is_refused_with_the_input_kept(app, secretary, english, pole_id):
    client = secretary
    draft = draft_id(app, pole_id)
    token = csrf_token(client)
    before = stored(app)
    response = client.post(manage(pole_id, f"proposals/{draft}/open"), data={
        "csrf_token": token, "open-closes_at": "2020-01-01T10:00", "open-convocation": "second"})
    assert response.status_code == 422
    page = text(response)
    assert "the closing time must be in the future" in page and 'value="2020-01-01T10:00"' in page
    assert re.search(r'value="second"[^>]*checked|checked[^>]*value="second"', page)
    assert stored(app) == before and queries(app).proposal(draft)["status"] == "draft"
    response = client.post(manage(pole_id, f"proposals/{draft}/open"), data={"csrf_token": token})
    assert response.status_code == 422 and 'id="open-closes_at-err"' in text(response)


def test_closing_a_draft_is_refused(app, secretary, english, pole_id):
    client = secretary
    before = stored(app)
    response = client.post(manage(pole_id, f"proposals/{draft_id(app, pole_id)}/close"),
                           data={"csrf_token": csrf_token(client)})
    assert response.status_code == 422 and "only an open vote can be closed" in text(response)
    assert stored(app) == before


def test_withdrawing_a_proposal_with_a_reason(app, as_role, pole_id):
    client = as_role("secretary")
    voting = open_id(app, pole_id)
    before = stored(app)
    response = client.post(manage(pole_id, f"proposals/{voting}/withdraw"),
                           data={"csrf_token": csrf_token(client), "withdraw-reason": "Reporté au prochain conseil"})
    asked = response.get_data(as_text=True)  # the confirmation, carrying the reason; nothing stored yet
    assert response.status_code == 200 and "Cette action est définitive" in asked
    assert 'value="Reporté au prochain conseil"' in asked and 'class="button danger"' in asked
    assert stored(app) == before and queries(app).proposal(voting)["status"] == "open"
    response = client.post(manage(pole_id, f"proposals/{voting}/withdraw"),
                           data={"csrf_token": csrf_token(client), "withdraw-reason": "Reporté au prochain conseil",
                                 "confirm": "yes"})
    assert response.status_code == 302
    assert queries(app).proposal(voting)["status"] == "withdrawn"
    reasons = [e["details"].get("reason") for e in queries(app).audit(aggregate_id=voting)]
    assert "Reporté au prochain conseil" in reasons


def test_a_draft_can_be_prefilled_to_admit_a_requested_member(app, as_role, pole_id):
    member = system(app).app.request_membership(pole_id, name="Coop Bois", kind="ess_enterprise",
                                                category="producer", representative="Léa", actor="test")
    page = text(as_role("secretary").get(manage(pole_id, f"proposals/new?effect=admit_member&member={member}")))
    assert re.search(rf'<option selected value="{member}"|<option value="{member}" selected', page)


def test_editing_a_draft_keeps_its_effect_and_can_change_it(app, secretary, pole_id):
    collegia = system(app).app
    biocoop = member_named(app, pole_id, "Biocoop Crest")["id"]
    draft = collegia.draft_proposal(pole_id, title="Exclusion", text="Texte", actor="test", effect={
        "type": "exclude_member", "member_id": biocoop, "reasons": "Cotisations impayées depuis deux ans"})
    edit = manage(pole_id, f"proposals/{draft}/edit")
    page = text(secretary.get(edit))
    assert re.search(rf'<option selected value="{biocoop}"|<option value="{biocoop}" selected', page)
    assert "Cotisations impayées depuis deux ans" in page
    response = secretary.post(edit, data=proposal_data(secretary, csrf_token(secretary, edit), title="Stratégie v3",
                                                       effect_type="revise_strategy", strategy_text="Axe unique"))
    assert response.status_code == 302
    assert queries(app).proposal(str(draft))["effect"] == {"type": "revise_strategy", "text": "Axe unique"}


def test_editing_an_amendment_shows_the_amended_colleges(app, secretary, pole_id):
    statutes = {**queries(app).statutes_as_of(pole_id)["statutes"], "colleges": [
        {"code": "salaries", "name": "Salariés", "share": "1/3"}, {"code": "usagers", "name": "Usagers", "share": "1/3"},
        {"code": "collectivites", "name": "Collectivités", "share": "1/3"}]}
    draft = system(app).app.draft_proposal(pole_id, title="Statuts à trois collèges", text="Texte", actor="test",
                                           kind="extraordinary", effect={"type": "amend_statutes", "statutes": statutes})
    page = text(secretary.get(manage(pole_id, f"proposals/{draft}/edit")))
    assert 'value="1/3"' in page and 'value="Salariés"' in page and 'value="partenaires"' not in page


# -- the live panel ----------------------------------------------------------------------------
SECRET_TITLE = "Choix du prestataire de la plateforme logistique (vote à bulletin secret)"


def test_the_secret_proposal_panel_shows_participation_but_no_choices(app, secretary, english, pole_id):
    p = proposal_titled(app, pole_id, SECRET_TITLE)
    page = text(secretary.get(manage(pole_id, f"proposals/{p['id']}")))
    assert f"{p['participants']} of {p['electorate_size']} electors have taken part" in page
    assert "only participation is shown" in page
    assert '<th scope="col" class="num">Participants</th>' in page
    for choice in ("For", "Against", "Abstain"):
        assert f'<th scope="col" class="num">{choice}</th>' not in page


def test_an_open_secret_ballot_shows_who_took_part_per_college_only(app, secretary, english, pole_id):
    collegia = system(app).app
    secret = collegia.draft_proposal(pole_id, title="Vote secret", text="Texte", secret=True, actor="test")
    collegia.open_voting(secret, closes_at=datetime(2031, 1, 1, tzinfo=UTC), actor="test")
    voter = member_named(app, pole_id, "Biocoop Crest")["id"]
    collegia.cast_ballot(secret, voter, "against", actor="test")
    page = text(secretary.get(manage(pole_id, f"proposals/{secret}")))
    assert "1 of 12 electors have taken part" in page
    assert '<th scope="col" class="num">Participants</th>' in page
    assert '<th scope="col" class="num">Against</th>' not in page and ">against<" not in page.lower()
    assert "Close the vote now" in page


def test_a_public_panel_shows_the_counts_per_college(app, secretary, english, pole_id):
    page = text(secretary.get(manage(pole_id, f"proposals/{open_id(app, pole_id)}")))
    assert '<th scope="col" class="num">Against</th>' in page and "4 of 12 electors have taken part" in page


def test_the_panel_renders_inside_another_page_for_the_secretary_only(app, pole_id):
    accounts = app.extensions["collegia.accounts"]
    voting = open_id(app, pole_id)
    context = {"p": queries(app).proposal(voting), "pole": queries(app).pole(pole_id),
               "proposal": system(app).app.get_proposal(voting)}
    with app.test_request_context(f"/poles/{pole_id}/proposals/{voting}"):
        login_user(accounts.get(accounts.find_by_email(SECRETARY_EMAIL)["id"]))
        html = render_template("secretary/_proposal_panel.html", **context)
    assert "close" in html and 'name="close-csrf_token"' in html and "withdraw-reason" in html
    with app.test_request_context(f"/poles/{pole_id}/proposals/{voting}"):
        login_user(accounts.get(accounts.find_by_email(MEMBER_EMAIL)["id"]))
        assert render_template("secretary/_proposal_panel.html", **context).strip() == ""


def test_the_member_proposal_page_includes_the_panel_for_the_secretary(app, secretary, english, pole_id):
    if "votes.proposal" not in app.view_functions:
        pytest.skip("the votes blueprint is not written yet")
    page = text(secretary.get(f"/poles/{pole_id}/proposals/{open_id(app, pole_id)}"))
    assert "Secretary: participation and quorum" in page and "Close the vote now" in page


# -- members -------------------------------------------------------------------------------------
def request_membership(client, pole_id, token, **overrides):
    data = {"csrf_token": token, "name": "Coopérative Bois du Vercors", "kind": "ess_enterprise",
            "category": "producer", "representative": "Léa Girard", **overrides}
    return client.post(manage(pole_id, "members/request"), data=data)


def test_record_admit_and_assign_a_member(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "members"))
    assert "No request is pending." in text(client.get(manage(pole_id, "members")))
    assert request_membership(client, pole_id, token).status_code == 302
    member = member_named(app, pole_id, "Coopérative Bois du Vercors")
    assert member["status"] == "requested" and member["representative"] == "Léa Girard"
    page = text(client.get(manage(pole_id, "members")))
    assert f"members/{member['id']}/admit" in page and f"members/{member['id']}/refuse" in page

    response = client.post(manage(pole_id, f"members/{member['id']}/admit"), data={
        "csrf_token": token, f"admit-{member['id']}-decision": "Conseil d'administration du 3 décembre 2026"})
    assert response.status_code == 302
    assert queries(app).member(member["id"])["status"] == "admitted"

    response = client.post(manage(pole_id, f"members/{member['id']}/assign"), data={
        "csrf_token": token, f"assign-{member['id']}-college": "salaries",
        f"assign-{member['id']}-reason": "Producteurs de bois"})
    assert response.status_code == 302
    assert queries(app).member(member["id"])["college"] == "salaries"

    before = stored(app)
    response = client.post(manage(pole_id, f"members/{member['id']}/assign"), data={
        "csrf_token": token, f"assign-{member['id']}-college": "salaries", f"assign-{member['id']}-reason": "Encore"})
    assert response.status_code == 422 and "is already in college" in text(response)
    assert 'value="Encore"' in text(response) and stored(app) == before


def test_refuse_a_request_with_reasons(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "members"))
    request_membership(client, pole_id, token, name="Immobilière Rapide", kind="company", category="supporter",
                       representative="M. Durand")
    member = member_named(app, pole_id, "Immobilière Rapide")["id"]
    before = stored(app)
    response = client.post(manage(pole_id, f"members/{member}/refuse"), data={
        "csrf_token": token, f"refuse-{member}-decision": "Conseil du 3 décembre 2026", f"refuse-{member}-reasons": ""})
    assert response.status_code == 422 and f'id="refuse-{member}-reasons-err"' in text(response)
    assert 'value="Conseil du 3 décembre 2026"' in text(response) and stored(app) == before
    response = client.post(manage(pole_id, f"members/{member}/refuse"), data={
        "csrf_token": token, f"refuse-{member}-decision": "Conseil du 3 décembre 2026",
        f"refuse-{member}-reasons": "Sans lien avec la stratégie commune."})
    assert response.status_code == 302
    assert queries(app).member(member)["status"] == "refused"


def test_a_legal_entity_needs_a_representative(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "members"))
    before = stored(app)
    response = request_membership(client, pole_id, token, name="Entreprise Sans Nom", kind="company",
                                  representative="")
    assert response.status_code == 422
    assert "representative is required" in text(response) and 'value="Entreprise Sans Nom"' in text(response)
    assert stored(app) == before


def test_withdraw_a_member_and_refuse_a_board_exclusion_when_the_assembly_decides(app, secretary, english, pole_id):
    client = secretary
    token = csrf_token(client, manage(pole_id, "members"))
    biocoop = member_named(app, pole_id, "Biocoop Crest")["id"]
    page = text(client.get(manage(pole_id, "members")))
    assert f"proposals/new?effect=exclude_member&amp;member={biocoop}" in page
    assert f"members/{biocoop}/exclude" not in page
    before = stored(app)
    response = client.post(manage(pole_id, f"members/{biocoop}/exclude"), data={
        "csrf_token": token, f"exclude-{biocoop}-reasons": "Cotisations impayées",
        f"exclude-{biocoop}-decision": "Conseil"})
    assert response.status_code == 422 and "excluded by an assembly vote" in text(response)
    assert stored(app) == before
    response = client.post(manage(pole_id, f"members/{biocoop}/withdraw"), data={
        "csrf_token": token, f"withdraw-{biocoop}-reason": "Fin d'activité"})
    assert response.status_code == 302 and queries(app).member(biocoop)["status"] == "withdrawn"


def test_a_pole_admitting_by_assembly_vote_gets_a_proposal_link_instead_of_the_admit_button(app, as_role):
    collegia = system(app).app
    statutes = {"model": "weighted", "colleges": [{"code": "tous", "name": "Tous", "share": "1"}],
                "admission_by": "assembly", "exclusion_by": "board"}
    pole = str(collegia.found_pole(name="Pôle Test", territory="Test", legal_form="Association",
                                   statutes=statutes, actor="admin",
                                   founders=[{"name": "Asso A", "kind": "ess_enterprise", "category": "employee",
                                              "representative": "A", "college": "tous"}]))
    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.find_by_email(SECRETARY_EMAIL)["id"], pole, SECRETARY)
    candidate = collegia.request_membership(pole, name="Asso B", kind="ess_enterprise", category="beneficiary",
                                            representative="B", actor="test")
    client = as_role("secretary")
    client.post("/language", data={"language": "en", "csrf_token": csrf_token(client), "next": "/"})
    page = text(client.get(manage(pole, "members")))
    assert "admission to the assembly" in page
    assert f"proposals/new?effect=admit_member&amp;member={candidate}" in page
    assert f"members/{candidate}/admit" not in page
    founder = member_named(app, pole, "Asso A")["id"]
    assert f"members/{founder}/exclude" in page  # exclusion by the board here


def test_the_live_panel_applies_the_per_college_quorum_as_the_close_will(app, secretary, english):
    """Overall head count reached but one college silent: not reached, on the panel and at close."""
    from datetime import timedelta

    from governance import clock
    colleges = [{"code": c, "name": c.title(), "share": s} for c, s in (("a", "40%"), ("b", "35%"), ("c", "25%"))]
    pole = system(app).app.found_pole(
        name="Pôle quorum", territory="Ici", legal_form="SCIC", actor="admin",
        statutes={"model": "scic", "colleges": colleges, "college_quorum": {"ordinary": "1/2"}},
        founders=[{"name": f"M{i}", "kind": "person", "category": "beneficiary", "college": "abc"[i % 3]}
                  for i in range(6)])
    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.find_by_email(SECRETARY_EMAIL)["id"], str(pole), SECRETARY)
    proposal = system(app).app.draft_proposal(pole, title="Budget", text="Texte", actor="sec")
    system(app).app.open_voting(proposal, closes_at=clock.now() + timedelta(days=1), actor="sec")
    electorate = system(app).app.get_proposal(proposal).electorate
    for member, college in electorate.items():
        if college != "c":  # 4 of 6 members take part: 1/5 of the electorate is far exceeded
            system(app).app.cast_ballot(proposal, member, "for", actor="m")
    secretary.get("/")  # a fresh login keeps the roles granted above
    page = text(secretary.get(manage(str(pole), f"/proposals/{proposal}"), follow_redirects=True))
    assert "Quorum reached" not in page
    assert "every college must also reach its own quorum" in page
    assert system(app).app.close_voting(proposal, actor="sec").outcome == "no_quorum"
