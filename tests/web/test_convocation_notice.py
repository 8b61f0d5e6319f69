"""The statutes' convocation notice (Code de commerce R225-69) in the amendment editor: the two fields, prefilled
with the law's 15 and 10 days, an amendment that lengthens them, and one that would shorten them refused with the
article named (the convene page's earliest date and refusal: tests/web/test_assemblies.py)."""

from __future__ import annotations

import re

from tests.web.test_secretary import (college_rows, csrf_token, manage, proposal_data, proposal_titled, queries,
                                      stored, text)

ROWS = [("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"), ("collectivites", "Collectivités", "20%"),
        ("partenaires", "Partenaires", "20%")]


def test_the_amendment_editor_offers_the_notice_prefilled_with_the_law(as_role, pole_id):
    client = as_role("secretary")
    page = text(client.get(manage(pole_id, "proposals/new?effect=amend_statutes")))
    assert "Délai de convocation (jours) : première convocation" in page
    assert "Délai de convocation (jours) : convocation suivante" in page
    assert re.search(r'id="notice_first"[^>]*value="15"|value="15"[^>]*id="notice_first"', page)
    assert re.search(r'id="notice_second"[^>]*value="10"|value="10"[^>]*id="notice_second"', page)


def test_an_amendment_lengthens_the_notice_and_the_editor_shows_it_again(app, as_role, pole_id):
    client = as_role("secretary")
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts R225-69", kind="extraordinary", effect_type="amend_statutes",
        notice_first="21", notice_second="12", **college_rows(ROWS)))
    assert response.status_code == 302, text(response)
    draft = proposal_titled(app, pole_id, "Statuts R225-69")
    assert draft["effect"]["statutes"]["notice_days"] == {"first": 21, "second": 12}
    edit_page = text(client.get(manage(pole_id, f"proposals/{draft['id']}/edit")))
    assert re.search(r'id="notice_first"[^>]*value="21"|value="21"[^>]*id="notice_first"', edit_page)


def test_an_amendment_shortening_the_notice_is_refused_naming_r225_69(app, as_role, pole_id):
    client = as_role("secretary")
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    before = stored(app)
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts courts", kind="extraordinary", effect_type="amend_statutes",
        notice_first="10", notice_second="10", **college_rows(ROWS)))
    assert response.status_code == 422
    assert ("le délai de convocation sur première convocation est d'au moins 15 jours (Code de commerce, "
            "art. R225-69) ; les statuts peuvent seulement l'allonger") in text(response).replace("&#39;", "'")
    assert stored(app) == before
    assert "notice_days" not in queries(app).statutes_as_of(pole_id)["statutes"]
