"""Voting power on the colleges page, and the what-if simulation of a closed decision (nothing stored)."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf_token

NBSP = "\u202f"


def stored(app) -> int:
    return app.extensions["collegia"].app.recorder.max_notification_id() or 0


def queries(app):
    return app.extensions["collegia.queries"]


def closed(app, pole_id: str, title: str) -> dict:
    return next(d for d in queries(app).decisions(pole_id) if d["title"] == title)


def power_rows(page: str, kind: str) -> list[tuple[str, ...]]:
    table = page.split(f'id="power-{kind}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row">([^<]+)</th>\s*' + r'\s*'.join([r'<td class="num">([^<]+)</td>'] * 6), table)


def what_if_url(pole_id: str, proposal_id: str) -> str:
    return f"/poles/{pole_id}/proposals/{proposal_id}/what-if"


ADHESION = "Adhésion au réseau national des tiers-lieux"


# -- the power section of the colleges page ---------------------------------------------------
def test_as_of_statutes_v1_the_indices_in_french_format(as_role, pole_id):
    page = as_role("member").get(f"/poles/{pole_id}/colleges?as_of=2025-03-01").get_data(as_text=True)
    # 40/35/25, > 50 %: any two colleges win, none alone -> each 1/3; one member of 3: 1/2 x 1/2.
    assert power_rows(page, "ordinary") == [
        ("Salariés et producteurs", f"40,00{NBSP}%", f"33,33{NBSP}%", f"33,33{NBSP}%", "3", f"13,33{NBSP}%",
         f"25,00{NBSP}%"),
        ("Usagers et bénéficiaires", f"35,00{NBSP}%", f"33,33{NBSP}%", f"33,33{NBSP}%", "3", f"11,67{NBSP}%",
         f"25,00{NBSP}%"),
        ("Collectivités territoriales", f"25,00{NBSP}%", f"33,33{NBSP}%", f"33,33{NBSP}%", "2", f"12,50{NBSP}%",
         f"25,00{NBSP}%"),
    ]
    # ≥ 2/3: only Salariés + Usagers (75 %) or all three win -> Collectivités never decides.
    extraordinary = power_rows(page, "extraordinary")
    assert [row[2] for row in extraordinary] == [f"50,00{NBSP}%", f"50,00{NBSP}%", f"0,00{NBSP}%"]
    assert "Avec ces pondérations, le collège « Usagers et bénéficiaires » peut bloquer à lui seul toute " \
           "résolution extraordinaire." in page
    assert "le collège « Collectivités territoriales » ne décide jamais" in page
    assert page.count('<svg class="chart"') == 3  # shares, then one power chart per resolution kind


def test_today_statutes_v3_no_college_has_a_veto(as_role, pole_id):
    page = as_role("member").get(f"/poles/{pole_id}/colleges").get_data(as_text=True)
    assert len(power_rows(page, "ordinary")) == 4 and len(power_rows(page, "extraordinary")) == 4
    assert "peut bloquer à lui seul" not in page


def test_a_one_member_one_vote_pole_explains_why_there_is_no_power_table(as_role, app):
    other = next(p for p in queries(app).poles() if p["name"] == "Autre pôle")
    page = as_role("outsider").get(f"/poles/{other['id']}/colleges").get_data(as_text=True)
    assert 'id="power"' in page and 'id="power-ordinary"' not in page
    assert "chaque membre pèse autant" in page


def test_the_colleges_page_links_to_the_simulations(as_role, pole_id):
    page = as_role("member").get(f"/poles/{pole_id}/colleges").get_data(as_text=True)
    assert f'href="/poles/{pole_id}/what-if"' in page and "Simuler une décision passée" in page
    listing = as_role("member").get(f"/poles/{pole_id}/what-if").get_data(as_text=True)
    assert len(re.findall(r'href="/poles/[^"]+/proposals/[^"]+/what-if"', listing)) == 9


# -- access ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["member", "secretary", "admin"])
def test_members_secretaries_and_admins_may_simulate(as_role, role, app, pole_id):
    client = as_role(role)
    assert client.get(f"/poles/{pole_id}/what-if").status_code == 200
    assert client.get(what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])).status_code == 200


def test_anonymous_and_outsiders_are_refused(as_role, app, pole_id):
    url = what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])
    response = as_role("anonymous").get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert as_role("outsider").get(url).status_code == 403
    assert as_role("outsider").get(f"/poles/{pole_id}/what-if").status_code == 403


def test_an_open_proposal_or_another_poles_id_is_not_found(as_role, app, pole_id):
    client = as_role("member")
    open_one = next(p for p in queries(app).register(pole_id) if p["status"] != "closed")
    assert client.get(what_if_url(pole_id, open_one["id"])).status_code == 404
    other = next(p for p in queries(app).poles() if p["name"] == "Autre pôle")
    decision = closed(app, pole_id, ADHESION)["id"]
    # the outsider's own pole, but not its proposal
    assert as_role("outsider").get(what_if_url(other["id"], decision)).status_code == 404


def test_the_simulation_needs_the_csrf_token(as_role, app, pole_id):
    url = what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])
    client = as_role("member")
    response = client.post(url, data={"source": "version", "version": "1"})
    assert response.status_code in (400, 422) and "L'issue" not in response.get_data(as_text=True)


# -- the simulation -------------------------------------------------------------------------------
def typed(client, url: str, shares: list[str], rule: str = "proportional"):
    data = {"csrf_token": csrf_token(client, url), "source": "shares", "version": "3", "empty_college_rule": rule}
    data.update({f"shares-{i}": share for i, share in enumerate(shares)})
    return client.post(url, data=data)


def test_typed_shares_flip_a_rejected_decision_and_nothing_is_stored(as_role, app, pole_id):
    # Recorded under v2 (30/30/20/20): 3/10 x 1/3 + 3/10 x 1/2 + 0 + 1/5 x 1 = 45 % -> rejected.
    # Typed 10/30/10/50: 1/10 x 1/3 + 3/10 x 1/2 + 0 + 1/2 x 1 = 41/60 = 68,33 % -> adopted.
    client = as_role("member")
    url = what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])
    prefilled = client.get(url).get_data(as_text=True)
    assert re.search(r'name="shares-0"[^>]*value="30%"', prefilled) or 'value="30%"' in prefilled
    before = stored(app)
    response = typed(client, url, ["10%", "30%", "10%", "50%"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "L'issue aurait basculé : rejetée → adoptée." in page
    assert f"45,00{NBSP}%" in page and f"68,33{NBSP}%" in page
    assert stored(app) == before


def test_another_statutes_version_leaves_it_unchanged(as_role, app, pole_id):
    # Under v3 (30/25/20/25): 10 % + 12,5 % + 0 + 25 % = 47,5 % -> still rejected.
    client = as_role("secretary")
    url = what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "source": "version", "version": "3",
                                      "empty_college_rule": "proportional"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "L'issue serait inchangée : rejetée." in page
    assert f"47,50{NBSP}%" in page


def test_a_version_missing_a_college_that_voted_is_refused_in_words(as_role, app, pole_id):
    client = as_role("member")
    url = what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])
    before = stored(app)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "source": "version", "version": "1",
                                      "empty_college_rule": "proportional"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'role="alert"' in page
    assert "partenaires" in page and "Rien n'a été enregistré" in page
    assert stored(app) == before


def test_invalid_typed_shares_are_refused(as_role, app, pole_id):
    client = as_role("member")
    url = what_if_url(pole_id, closed(app, pole_id, ADHESION)["id"])
    response = typed(client, url, ["60%", "20%", "10%", "10%"])
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)


def test_a_secret_ballot_shows_only_counts_per_college(as_role, app, pole_id):
    client = as_role("member")
    decision = next(d for d in queries(app).decisions(pole_id) if d["secret"] and d["status"] == "closed")
    url = what_if_url(pole_id, decision["id"])
    page = typed(client, url, ["30%", "30%", "20%", "20%"], "not_for").get_data(as_text=True)
    assert "L'issue serait inchangée" in page
    for member in queries(app).roster(pole_id):
        assert member["name"] not in page


# -- the amendment comparison: power before and after, past decisions that would flip -------------
def compare(app, pole_id: str, proposed: dict) -> str:
    from flask import render_template_string

    from demo.pole import STATUTES_V2
    from governance.statutes import Statutes
    with app.test_request_context():
        return render_template_string('{% include "colleges/_amendment_compare.html" %}',
                                      current_statutes=Statutes.from_dict(STATUTES_V2),
                                      proposed_statutes=Statutes.from_dict(proposed), pole={"id": pole_id})


def test_the_amendment_comparison_shows_power_and_the_decisions_that_would_flip(app, pole_id):
    from demo.pole import STATUTES_V2
    before = stored(app)
    html = compare(app, pole_id, {**STATUTES_V2, "colleges": [
        {"code": "salaries", "name": "Salariés et producteurs", "share": "10%"},
        {"code": "usagers", "name": "Usagers et bénéficiaires", "share": "30%"},
        {"code": "collectivites", "name": "Collectivités territoriales", "share": "10%"},
        {"code": "partenaires", "name": "Partenaires, recherche et formation", "share": "50%"}]})
    assert html.count('class="power-compare"') == 2  # ordinary and extraordinary
    flips = re.findall(r"<li>([^<]+)</li>", html.split('class="flipped-decisions"', 1)[1].split("</ol>", 1)[0])
    assert flips == [f"{ADHESION} : rejetée (45,00{NBSP}%) → adoptée (68,33{NBSP}%)"]
    assert stored(app) == before


def test_the_amendment_comparison_without_flips_says_so(app, pole_id):
    from demo.pole import STATUTES_V3
    html = compare(app, pole_id, STATUTES_V3)
    assert 'class="flipped-decisions"' not in html and "Aucune des 9 décisions passées" in html
