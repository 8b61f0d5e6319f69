"""A draft on a convened assembly's agenda is frozen (issue 16, Code de commerce art. R225-66): the secretary's
pages offer no edit for it, and an edit posted anyway is refused in French with nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

from tests.web.conftest import csrf_token
from tests.web.test_secretary import manage, proposal_data, queries, stored, system


def test_a_draft_on_a_convened_agenda_cannot_be_edited(as_role, app, pole_id):
    secretary = as_role("secretary")
    draft = next(p for p in queries(app).register(pole_id, status="draft") if p["kind"] == "ordinary")
    system(app).app.convene_assembly(pole_id, kind="ordinary", held_at=datetime.now(UTC) + timedelta(days=21),
                                     place="Salle des fêtes de Saillans", mode="hybrid", convocation="first",
                                     agenda=[draft["id"]], actor="test")
    listing = secretary.get(manage(pole_id, "proposals")).get_data(as_text=True)
    row = listing.split(escape(draft["title"], quote=False).replace("'", "&#39;"), 1)[1].split("</tr>", 1)[0]
    assert "À l'ordre du jour d'une assemblée convoquée (figé)" in row and "/edit" not in row
    page = secretary.get(manage(pole_id, f"proposals/{draft['id']}")).get_data(as_text=True)
    assert "son texte, sa nature et son effet sont figés (Code de commerce, art. R225-66)" in page
    assert f"proposals/{draft['id']}/edit" not in page

    before = stored(app)
    edit = manage(pole_id, f"proposals/{draft['id']}/edit")
    response = secretary.post(edit, data=proposal_data(secretary, csrf_token(secretary, edit), kind="extraordinary"))
    assert response.status_code == 422
    assert "ne peut plus être modifié (Code de commerce, art. R225-66)" in response.get_data(as_text=True)
    assert stored(app) == before
