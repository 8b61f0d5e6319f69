"""Issue 22: the founding form and the statutes amendment editor carry the capital clauses; a floor below a tenth of
the stated capital (Code de commerce L231-5) or, in a cooperative SA, below 18 500 € (loi 1947 art. 27) is refused
with its article and nothing is founded."""

from __future__ import annotations

import re

from tests.web.test_admin import SCIC_POLE, admin, events, post, queries  # noqa: F401  (fixtures)

CAPITAL = {"capital_setting": "collegia", "capital_share_value": "50,00", "capital_minimum_shares": "collectivites=20",
           "capital_floor": "1000", "capital_stated": "2000", "capital_approval_by": "board",
           "capital_transfers_allowed": "y", "capital_refund_delay_years": "3", "capital_public_categories":
           "collectivites", "capital_public_cap": "1/2", "capital_paid_at_subscription": "1/4",
           "capital_payment_years": "3", "capital_admission_on_subscription": "y"}
CATEGORIES = {"categories": "salaries, usagers, collectivites"}


def test_the_founding_statutes_may_keep_a_capital_register(admin, queries, system):  # noqa: F811
    form = admin.get("/admin/poles/new").get_data(as_text=True)
    assert 'id="capital_share_value"' in form
    before = events(system)
    refused = post(admin, "/admin/poles/new", {**SCIC_POLE, **CAPITAL, "capital_floor": "199.99"})
    assert refused.status_code == 422 and "L231-5" in refused.get_data(as_text=True)
    refused = post(admin, "/admin/poles/new", {**SCIC_POLE, **CAPITAL, "legal_form": "SCIC SA à capital variable"})
    assert refused.status_code == 422 and "art. 27" in refused.get_data(as_text=True)
    assert events(system) == before
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, **CAPITAL}).status_code == 302
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Test")
    capital = queries.statutes_versions(pole["id"])[0]["statutes"]["capital"]
    assert (capital["share_value"], capital["floor"], capital["stated"], capital["minimum_shares"],
            capital["public_categories"], capital["public_cap"], capital["paid_at_subscription"],
            capital["payment_years"], capital["refund_delay_years"]) == (
        "50.00", "1000.00", "2000.00", {"collectivites": 20}, ["collectivites"], "1/2", "1/4", 3, 3)
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, "name": "Pôle Sans Capital"}).status_code == 302
    bare = next(p for p in queries.poles() if p["name"] == "Pôle Sans Capital")
    assert "capital" not in queries.statutes_versions(bare["id"])[0]["statutes"]


def test_the_amendment_editor_carries_the_capital_clauses(app, as_role, pole_id):
    from tests.web.test_board_pages import text
    from tests.web.test_secretary import college_rows, manage, proposal_data, proposal_titled
    from tests.web.conftest import csrf_token
    client = as_role("secretary")
    page = client.get(manage(pole_id, "proposals/new?effect=amend_statutes")).get_data(as_text=True)
    assert 'id="capital_floor"' in page
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    rows = [("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"), ("collectivites", "Collectivités", "20%"),
            ("partenaires", "Partenaires", "20%")]
    capital = {**CAPITAL, "capital_minimum_shares": "", "capital_public_categories": "",
               "capital_floor": "18500", "capital_stated": "20000"}
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts : registre du capital", kind="extraordinary", effect_type="amend_statutes",
        **capital, **college_rows(rows)))
    assert response.status_code == 302, re.findall(r'.{80}(?:refusal|error).{200}', text(response))
    statutes = proposal_titled(app, pole_id, "Statuts : registre du capital")["effect"]["statutes"]
    assert statutes["capital"]["floor"] == "18500.00" and statutes["capital"]["share_value"] == "50.00"



def test_the_roster_shows_each_associates_shares_on_the_day_asked(as_role, pole_id):
    """The roster at a date gets a shares column when the pole keeps its register: the demo's Régie held 50 shares
    from its founding subscription (21 January 2025) until it handed 10 to the Chantier d'insertion (19 April 2026)."""
    from tests.web.test_board_pages import text
    client = as_role("secretary")

    def regie(day: str) -> str:
        page = text(client.get(f"/poles/{pole_id}/roster?as_of={day}"))
        assert "Parts à cette date" in page
        row = re.search(r"Régie de quartier Fontbarlettes</td>.*?</tr>", page, re.S)
        assert row, page[-2000:]
        return re.findall(r'<td class="num">(\d+)</td>', row.group(0))[-1]
    assert regie("2025-06-01") == "50"
    assert regie("2026-11-30") == "40"
