"""The member-representative area: open votes, ballots, proxies, results and past decisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from governance.clock import frozen_time
from demo.pole import SECRETARY as SECRETARY_ACTOR
from projections import tables as t
from projections.queries import Queries
from tests.web.conftest import SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, csrf_token, login

OPEN_TITLE = "Budget 2027 de la légumerie mutualisée"
SECRET_TITLE = "Choix du prestataire de la plateforme logistique (vote à bulletin secret)"
REJECTED_TITLE = "Adhésion au réseau national des tiers-lieux"
DRAFT_TITLE = "Exclusion d'un membre pour non-paiement des cotisations"
NADIA_ORG = "Régie de quartier Fontbarlettes"
ELISE_ORG = "Communauté de communes du Val de Drôme"
@pytest.fixture
def queries(demo_system) -> Queries:
    return Queries(demo_system[0].engine)


@pytest.fixture
def ids(queries, pole_id):
    """Proposal ids by title and member ids by name, in the demo pole."""
    proposals = {p["title"]: p["id"] for p in queries.register(pole_id, limit=100)}
    members = {m["name"]: m["id"] for m in queries.members(pole_id)}
    return proposals, members


@pytest.fixture
def log_in(app, as_role):
    """Log in as a role, in English when asked (after login: logging in starts a fresh session)."""
    def log_in_as(role: str, english: bool = False, client=None):
        client = as_role(role) if client is None else client
        if english:
            client.post("/language", data={"language": "en", "csrf_token": csrf_token(client, "/login"),
                                           "next": "/login"})
        return client
    return log_in_as


def stored(app) -> int:
    """How many events the store holds: a refused request must not change it."""
    return app.extensions["collegia"].app.recorder.max_notification_id() or 0


def ballot(queries, proposal_id, member_id):
    with queries.engine.connect() as conn:
        row = conn.execute(select(t.ballots).where(t.ballots.c.proposal_id == proposal_id,
                                                   t.ballots.c.member_id == member_id)).first()
    return None if row is None else dict(row._mapping)


def page_of(pole_id, proposal_id="") -> str:
    return f"/poles/{pole_id}/proposals/{proposal_id}" if proposal_id else f"/poles/{pole_id}/"


def post(client, path, data, token_from):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)})


def section(page: str, element_id: str) -> str:
    match = re.search(rf'<(section|table)[^>]*id="{element_id}".*?</\1>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return match.group(0)


# -- access ----------------------------------------------------------------------------------------
def routes(pole_id, proposal_id):
    base = page_of(pole_id, proposal_id)
    return [("get", f"/poles/{pole_id}/"), ("get", base), ("get", f"/poles/{pole_id}/decisions"),
            ("post", f"{base}/ballot"), ("post", f"{base}/proxy"), ("post", f"{base}/proxy/revoke")]


def test_anonymous_users_are_sent_to_the_login_page_from_every_route(as_role, pole_id, ids):
    client = as_role("anonymous")
    for method, path in routes(pole_id, ids[0][OPEN_TITLE]):
        response = getattr(client, method)(path, data={"csrf_token": csrf_token(client)} if method == "post" else None)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_members_of_another_pole_are_refused_and_see_no_proposal_of_this_one(app, as_role, pole_id, ids, queries):
    client = as_role("outsider")
    other_pole = next(p["id"] for p in queries.poles() if p["name"] == "Autre pôle")
    token = csrf_token(client, page_of(other_pole))
    before = stored(app)
    for method, path in routes(pole_id, ids[0][OPEN_TITLE]):
        data = {"csrf_token": token, "choice": "for"} if method == "post" else None
        assert getattr(client, method)(path, data=data).status_code == 403, path
    for method, path in routes(other_pole, ids[0][OPEN_TITLE])[1:]:
        data = {"csrf_token": token, "choice": "for"} if method == "post" else None
        expected = 200 if path.endswith("/decisions") else 404
        assert getattr(client, method)(path, data=data).status_code == expected, path
    assert client.get(page_of(other_pole, "not-a-proposal")).status_code == 404
    assert stored(app) == before


def test_member_sees_the_open_vote_with_time_left_and_her_status(log_in, pole_id, ids):
    page = log_in("member", english=True).get(page_of(pole_id)).get_data(as_text=True)
    assert OPEN_TITLE in page and re.search(r"in [67] days", page)
    assert NADIA_ORG in page and "Not voted yet" in page
    assert f'href="{page_of(pole_id, ids[0][OPEN_TITLE])}"' in page
    assert f'href="/poles/{pole_id}/decisions"' in page


def test_the_dashboard_shows_a_public_choice_already_made(log_in, pole_id):
    page = log_in("voted_member", english=True).get(page_of(pole_id)).get_data(as_text=True)
    assert ELISE_ORG in page and re.search(r"Voted</span>\s*<strong>For</strong>", page)


def test_drafts_are_hidden_from_members_and_shown_to_the_secretary(app, as_role, pole_id, ids):
    draft = page_of(pole_id, ids[0][DRAFT_TITLE])
    assert as_role("member").get(draft).status_code == 404
    secretary = app.test_client()
    login(secretary, SECRETARY_EMAIL)
    assert secretary.get(draft).status_code == 200


def test_the_open_proposal_page_has_an_accessible_vote_form(log_in, pole_id, ids):
    page = log_in("member", english=True).get(page_of(pole_id, ids[0][OPEN_TITLE])).get_data(as_text=True)
    form = page.split('id="ballot-form"')[1].split("</form>")[0]
    assert "<fieldset" in form and "<legend>" in form and 'name="csrf_token"' in form
    for value in ("for", "agt", "abs"):  # one length on the wire (docs/secret-ballots.md)
        assert re.search(rf'<label for="choice-\d"><input[^>]*type="radio" value="{value}"', form)
    assert 'name="member" value="' in form and "<select" not in form  # one organisation: no "vote for" choice
    assert "Version 3" in page and "12 members entitled to vote" in page and "Ordinary resolution" in page
    assert "at most 2 proxies" in page  # the statutes' cap, frozen at opening


def test_admin_may_read_but_not_vote(log_in, pole_id, ids):
    page = log_in("admin", english=True).get(page_of(pole_id, ids[0][OPEN_TITLE])).get_data(as_text=True)
    assert OPEN_TITLE in page and 'id="ballot-form"' not in page and "not take part" in page


# -- voting --------------------------------------------------------------------------------------------
def test_member_votes_then_changes_her_vote(app, log_in, pole_id, ids, queries):
    client = log_in("member", english=True)
    proposal, member = ids[0][OPEN_TITLE], ids[1][NADIA_ORG]
    page = page_of(pole_id, proposal)
    response = post(client, page + "/ballot", {"member": member, "choice": "for"}, page)
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    shown = client.get(page).get_data(as_text=True)
    assert "recorded: For" in shown and re.search(r'class="current-choice">For<', shown)
    assert ballot(queries, proposal, member)["choice"] == "for"

    post(client, page + "/ballot", {"member": member, "choice": "against"}, page)
    shown = client.get(page).get_data(as_text=True)
    assert re.search(r'class="current-choice">Against<', shown) and "Change my vote" in shown
    assert re.search(r'value="agt" checked|checked[^>]*value="agt"', shown)
    row = ballot(queries, proposal, member)
    assert row["choice"] == "against" and row["changes"] == 1 and row["proxy_holder"] is None


def test_the_member_field_may_be_left_out_when_one_organisation_is_represented(as_role, pole_id, ids, queries):
    client = as_role("member")
    page = page_of(pole_id, ids[0][OPEN_TITLE])
    assert post(client, page + "/ballot", {"choice": "abstain"}, page).status_code == 302
    assert ballot(queries, ids[0][OPEN_TITLE], ids[1][NADIA_ORG])["choice"] == "abstain"


@pytest.mark.parametrize("data", [{}, {"choice": "maybe"}, {"choice": ""}])
def test_a_missing_or_invalid_choice_is_refused_with_a_message(app, log_in, pole_id, ids, data):
    client = log_in("member", english=True)
    page = page_of(pole_id, ids[0][OPEN_TITLE])
    before = stored(app)
    response = post(client, page + "/ballot", data, page)
    assert response.status_code == 422
    assert "Choose for, against or abstain." in response.get_data(as_text=True)
    assert stored(app) == before


def test_forms_without_a_csrf_token_are_refused(app, as_role, pole_id, ids):
    client = as_role("member")
    page = page_of(pole_id, ids[0][OPEN_TITLE])
    before = stored(app)
    for path, data in ((page + "/ballot", {"choice": "for"}), (page + "/proxy", {"holder": ids[1][ELISE_ORG]}),
                       (page + "/proxy/revoke", {})):
        assert client.post(path, data=data).status_code == 400
    assert stored(app) == before


def test_a_member_cannot_vote_for_an_organisation_she_does_not_represent(app, as_role, pole_id, ids, queries):
    client = as_role("member")
    page = page_of(pole_id, ids[0][OPEN_TITLE])
    before = stored(app)
    response = post(client, page + "/ballot", {"member": ids[1]["Commune de Crest"], "choice": "for"}, page)
    assert response.status_code == 403
    assert stored(app) == before and ballot(queries, ids[0][OPEN_TITLE], ids[1]["Commune de Crest"]) is None


def test_a_closed_vote_refuses_ballots_with_the_rule_in_words(app, log_in, pole_id, ids):
    client = log_in("member", english=True)
    page = page_of(pole_id, ids[0][REJECTED_TITLE])
    before = stored(app)
    response = post(client, page + "/ballot", {"member": ids[1][NADIA_ORG], "choice": "for"}, page)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "voting is not open" in body and "Nothing was recorded." in body
    assert REJECTED_TITLE in body and stored(app) == before


# -- proxies --------------------------------------------------------------------------------------------
def test_a_proxy_lets_its_holder_vote_for_the_principal(app, log_in, pole_id, ids, queries):
    proposal, nadia, elise = ids[0][OPEN_TITLE], ids[1][NADIA_ORG], ids[1][ELISE_ORG]
    page = page_of(pole_id, proposal)
    client = log_in("member", english=True)
    response = post(client, page + "/proxy", {"holder": elise}, page)
    assert response.status_code == 302
    assert [(p["principal_id"], p["holder_id"], p["status"]) for p in queries.proxies(proposal)] == [
        (nadia, elise, "active")]
    assert "has given its proxy to " + ELISE_ORG in client.get(page).get_data(as_text=True)

    holder = app.test_client()
    login(holder, VOTED_MEMBER_EMAIL)
    log_in("voted_member", english=True, client=holder)
    shown = holder.get(page).get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="member".*?</select>', shown, re.S).group(0)
    assert f'value="{nadia}"' in select_html and f'value="{elise}"' in select_html and "(by proxy)" in select_html
    assert "You hold the proxy of " + NADIA_ORG in shown
    assert "Proxy held for " + NADIA_ORG in holder.get(page_of(pole_id)).get_data(as_text=True)
    # Élise voted "for" herself: voting for several members, no choice is preselected (not even her own), and
    # the script clearing the choice when the member changes is linked, from a file (the CSP forbids inline ones).
    ballot_html = re.search(r'<form[^>]*id="ballot-form".*?</form>', shown, re.S).group(0)
    assert "checked" not in ballot_html
    assert '<script src="/static/vote-form.js" defer></script>' in shown
    assert "<script>" not in shown

    assert post(holder, page + "/ballot", {"member": nadia, "choice": "against"}, page).status_code == 302
    row = ballot(queries, proposal, nadia)
    assert row["choice"] == "against" and row["proxy_holder"] == elise
    assert queries.proxies(proposal)[0]["status"] == "used"
    assert ballot(queries, proposal, elise)["choice"] == "for"  # the holder's own vote is untouched


def test_a_proxy_can_be_revoked_before_it_is_used(app, log_in, pole_id, ids, queries):
    proposal, nadia, elise = ids[0][OPEN_TITLE], ids[1][NADIA_ORG], ids[1][ELISE_ORG]
    page = page_of(pole_id, proposal)
    client = log_in("member", english=True)
    post(client, page + "/proxy", {"holder": elise}, page)
    assert "Revoke the proxy" in client.get(page).get_data(as_text=True)
    assert post(client, page + "/proxy/revoke", {"principal": nadia}, page).status_code == 302
    assert queries.proxies(proposal)[0]["status"] == "revoked"

    holder = app.test_client()
    login(holder, VOTED_MEMBER_EMAIL)
    before = stored(app)
    assert post(holder, page + "/ballot", {"member": nadia, "choice": "for"}, page).status_code == 403
    assert stored(app) == before and not re.search(r'<select[^>]*id="member"', holder.get(page).get_data(as_text=True))


def test_proxy_refusals_are_shown_in_words_and_store_nothing(app, log_in, pole_id, ids):
    client = log_in("member", english=True)
    page = page_of(pole_id, ids[0][OPEN_TITLE])
    post(client, page + "/proxy", {"holder": ids[1][ELISE_ORG]}, page)
    before = stored(app)
    response = post(client, page + "/proxy", {"holder": ids[1]["Commune de Crest"]}, page)
    assert response.status_code == 422 and "revoke it first" in response.get_data(as_text=True)
    response = post(client, page + "/proxy", {"holder": ids[1][NADIA_ORG]}, page)  # to itself: not offered
    assert response.status_code == 422
    response = post(client, page + "/proxy/revoke", {"principal": ids[1]["Commune de Crest"]}, page)
    assert response.status_code == 403  # not her organisation
    assert stored(app) == before


# -- results --------------------------------------------------------------------------------------------
def test_results_show_the_per_college_count_in_french_with_a_chart(as_role, pole_id, ids):
    page = as_role("member").get(page_of(pole_id, ids[0][REJECTED_TITLE])).get_data(as_text=True)
    table = section(page, "tally")
    assert table.count("<tr>") == 1 + 4 + 1  # header, four colleges, whole pole
    assert "Salariés et producteurs" in table and "Partenaires, recherche et formation" in table
    assert re.search(r"\d+,\d\d\u202f%", table)  # French decimals
    assert "20,00\u202f%" in table  # statutory share of the partners' college (statutes v2, then in force)
    assert '<svg class="chart" role="img"' in page and "<title id=" in page and "<desc id=" in page


def test_results_spell_out_threshold_quorum_rule_and_outcome(log_in, pole_id, ids):
    page = log_in("member", english=True).get(page_of(pole_id, ids[0][REJECTED_TITLE])).get_data(as_text=True)
    assert "Rejected" in page and "threshold not met" in page and "quorum reached" in page
    assert "Empty-college rule: not needed" in page and "statutes version 2" in page
    assert "Whole pole" in page and "100.00" in section(page, "tally")


def test_a_secret_ballot_never_shows_any_members_choice(app, log_in, pole_id, ids):
    client = log_in("member", english=True)  # Nadia's organisation voted "for" on it
    page = client.get(page_of(pole_id, ids[0][SECRET_TITLE])).get_data(as_text=True)
    participation = section(page, "participation")
    assert NADIA_ORG in participation and "Voted (secret)" in participation
    for word in ("For<", "Against<", "Abstain<"):
        assert word not in participation
    assert "Warning:" in page and "counts reveal the ballots" in page  # a college voted unanimously


def test_a_secret_ballot_is_confirmed_without_its_choice(app, log_in, pole_id, ids, queries):
    system = app.extensions["collegia"]
    secret = system.app.draft_proposal(pole_id, title="Élection au conseil", text="Vote à bulletin secret.",
                                       secret=True, actor=SECRETARY_ACTOR)
    system.app.open_voting(secret, closes_at=datetime.now(UTC) + timedelta(days=3), actor=SECRETARY_ACTOR)
    client = log_in("member", english=True)
    page = page_of(pole_id, secret)
    shown = client.post(page + "/ballot", data={"choice": "against", "csrf_token": csrf_token(client, page)},
                        follow_redirects=True).get_data(as_text=True)
    assert "secret ballot of " + NADIA_ORG + " is recorded" in shown
    assert "Against" not in shown.split('id="ballot-form"')[0].split("<main")[1]
    assert 'checked' not in shown.split('id="ballot-form"')[1].split("</form>")[0]
    assert ballot(queries, str(secret), ids[1][NADIA_ORG])["choice"] is None
    dashboard = client.get(page_of(pole_id)).get_data(as_text=True)
    card = dashboard.split("Élection au conseil")[1].split("Latest decisions")[0]
    assert "Voted" in card and "Against" not in card


def test_a_vote_past_its_closing_time_is_closed_by_the_closer_never_by_a_page(app, log_in, pole_id, ids, queries):
    """No GET writes (issue 17): a page shows a vote past its closing time as being counted, offers no ballot
    and records nothing; the closer (`collegia run`'s, or the projection worker) records the result."""
    from web.cli import close_due_proposals
    system = app.extensions["collegia"]
    start = datetime.now(UTC)
    proposal = system.app.draft_proposal(pole_id, title="Vote court", text="Clôture dans une heure.",
                                         actor=SECRETARY_ACTOR)
    system.app.open_voting(proposal, closes_at=start + timedelta(hours=1), actor=SECRETARY_ACTOR)
    system.app.cast_ballot(proposal, ids[1][NADIA_ORG], "for", actor="test")
    client = log_in("voted_member", english=True)
    page = page_of(pole_id, proposal)
    assert 'id="ballot-form"' in client.get(page).get_data(as_text=True)
    with frozen_time(start + timedelta(hours=2)):
        before = system.app.recorder.max_notification_id()
        shown = client.get(page).get_data(as_text=True)
        client.get(page_of(pole_id))
        assert system.app.recorder.max_notification_id() == before  # the pages recorded nothing
        assert queries.proposal(str(proposal))["status"] == "open"
        assert 'id="being-counted"' in shown and 'id="ballot-form"' not in shown
        assert close_due_proposals(system) == 1
        shown = client.get(page).get_data(as_text=True)
    row = queries.proposal(str(proposal))
    assert row["status"] == "closed" and row["closed_automatically"] and row["outcome"] == "no_quorum"
    assert 'id="tally"' in shown and 'id="ballot-form"' not in shown
    assert "went to the college Usagers et bénéficiaires" in shown  # statutes v3: merge_into:usagers
    assert "redistributed proportionally" in shown  # ...which was empty too


# -- past decisions --------------------------------------------------------------------------------------
def test_past_decisions_are_listed_newest_first_with_their_result(log_in, pole_id):
    page = log_in("member", english=True).get(f"/poles/{pole_id}/decisions").get_data(as_text=True)
    titles = re.findall(r'<td><a href="/poles/[^"]+/proposals/[^"]+">([^<]+)</a>', page)
    assert titles[:4] == ["Cotisation 2027", "Approbation des comptes 2025", "Adhésion à la cellule régionale des PTCE",
                          "Statuts v3 : rééquilibrage Partenaires / Usagers"]
    assert titles[-1] == "Approbation des comptes 2024" and len(titles) == 9
    assert OPEN_TITLE not in page and DRAFT_TITLE not in page
    assert "Rejected" in page and "Adopted" in page and re.search(r"\d+\.\d\d\u202f%", page)


def test_past_decisions_are_paginated_by_fifty(app, as_role, pole_id):
    system = app.extensions["collegia"]
    for i in range(50):
        proposal = system.app.draft_proposal(pole_id, title=f"Retirée {i:02d}", text="—", actor=SECRETARY_ACTOR)
        system.app.withdraw_proposal(proposal, reason="test", actor=SECRETARY_ACTOR)
    client = as_role("member")
    first = client.get(f"/poles/{pole_id}/decisions").get_data(as_text=True)
    second = client.get(f"/poles/{pole_id}/decisions?page=2").get_data(as_text=True)
    assert first.count("/proposals/") == 50 and "Retirée 49" in first and "page=2" in first
    assert second.count("/proposals/") == 9 and "Approbation des comptes 2024" in second and "page=1" in second
    assert client.get(f"/poles/{pole_id}/decisions?page=3").status_code == 404
    assert client.get(f"/poles/{pole_id}/decisions?page=0").status_code == 404


def test_a_member_admitted_after_opening_is_told_she_is_not_in_the_electorate(app, log_in, pole_id, ids):
    system, accounts = app.extensions["collegia"], app.extensions["collegia.accounts"]
    newcomer = system.app.request_membership(pole_id, name="Coopérative Nouvelle", kind="ess_enterprise",
                                             category="employee", representative="Inès Nouvel", actor="test")
    system.app.admit_member(pole_id, newcomer, decision="CA", actor=SECRETARY_ACTOR)
    system.app.assign_college(pole_id, newcomer, college="salaries", reason="test", actor=SECRETARY_ACTOR)
    user = accounts.create_user("ines@nouvelle.example", "Inès Nouvel", "Nouvelle-coop-2026")
    accounts.grant(user, pole_id, "member", str(newcomer))
    client = app.test_client()
    login(client, "ines@nouvelle.example", "Nouvelle-coop-2026")
    log_in("member", english=True, client=client)
    page = page_of(pole_id, ids[0][OPEN_TITLE])
    assert "was not in the electorate frozen when voting opened" in client.get(page).get_data(as_text=True)
    before = stored(app)
    response = post(client, page + "/ballot", {"choice": "for"}, page)
    assert response.status_code == 422 and stored(app) == before
    assert "not in the electorate frozen when voting opened" in response.get_data(as_text=True)


def test_statutes_amendments_and_secretary_views_render(app, log_in, pole_id, ids):
    amendment = page_of(pole_id, ids[0]["Statuts v3 : rééquilibrage Partenaires / Usagers"])
    assert log_in("member").get(amendment).status_code == 200
    secretary = app.test_client()
    login(secretary, SECRETARY_EMAIL)
    for title in (OPEN_TITLE, SECRET_TITLE, DRAFT_TITLE):
        response = secretary.get(page_of(pole_id, ids[0][title]))
        assert response.status_code == 200 and 'id="ballot-form"' not in response.get_data(as_text=True)


def test_the_participation_table_is_paged_and_every_participant_appears_once(log_in, pole_id, ids, queries,
                                                                              monkeypatch):
    """A vote of thousands of members shows its participants a page at a time, each exactly once."""
    from web.votes import pages as votes
    monkeypatch.setattr(votes, "PARTICIPANTS_PAGE", 2)
    proposal_id = ids[0][REJECTED_TITLE]
    expected = sorted(b["name"] for b in queries.ballots(proposal_id))
    assert len(expected) > 4  # several pages
    client = log_in("member", english=True)
    pages = -(-len(expected) // 2)
    seen = []
    for number in range(1, pages + 1):
        page = client.get(f"{page_of(pole_id, proposal_id)}?participants={number}").get_data(as_text=True)
        table = section(page, "participation")
        assert f"{len(expected)} members took part" in table and f"page {number} of {pages}" in table
        seen += re.findall(r"<tr><td>([^<]+)</td>", table)
        assert ("rel=\"prev\"" in table) == (number > 1) and ("rel=\"next\"" in table) == (number < pages)
    assert sorted(name.replace("&#39;", "'") for name in seen) == expected
    assert client.get(f"{page_of(pole_id, proposal_id)}?participants={pages + 1}").status_code == 404
    assert client.get(f"{page_of(pole_id, proposal_id)}?participants=0").status_code == 404
