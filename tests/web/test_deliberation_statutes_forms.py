"""Issue 23: the founding form and the statutes amendment editor carry the number of members who table an amendment
together (`amendment_sponsors`, 1 to 100, 1 by default: no text sets it, and in an SA any shareholder may table an
amendment in session). Statutes that never set it are stored without it, byte for byte as before."""

from __future__ import annotations

import json
import re

from governance.statutes import Statutes
from tests.web.test_admin import SCIC_POLE, admin, events, post, queries  # noqa: F401  (fixtures)
from tests.web.test_secretary import text


def founded_statutes(queries, name: str) -> dict:  # noqa: F811
    pole = next(p for p in queries.poles() if p["name"] == name)
    return queries.statutes_versions(pole["id"])[0]["statutes"]


def sponsors_input(page: str) -> str:
    found = re.search(r'<input[^>]*id="amendment_sponsors"[^>]*>', page)
    assert found, "no amendment_sponsors field"
    return found.group(0)


def test_the_founding_form_sets_the_sponsors_of_an_amendment(admin, queries, system):  # noqa: F811
    page = text(admin.get("/admin/poles/new"))
    assert 'value="1"' in sponsors_input(page) and '<label for="amendment_sponsors"' in page
    assert 'id="amendment_sponsors-hint"' in page  # the doctrine, beside the field
    before = events(system)
    refused = post(admin, "/admin/poles/new", {**SCIC_POLE, "amendment_sponsors": "0"})
    assert refused.status_code == 422 and events(system) == before
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, "name": "Pôle Trois", "amendment_sponsors": "3"}) \
        .status_code == 302
    assert founded_statutes(queries, "Pôle Trois")["amendment_sponsors"] == 3
    # 1, empty or not posted at all: the statutes do not mention it, and read and write back byte-identical.
    for name, value in (("Pôle Un", "1"), ("Pôle Vide", ""), ("Pôle Sans", None)):
        data = {**SCIC_POLE, "name": name, **({} if value is None else {"amendment_sponsors": value})}
        assert post(admin, "/admin/poles/new", data).status_code == 302
        statutes = founded_statutes(queries, name)
        assert "amendment_sponsors" not in statutes
        assert json.dumps(Statutes.from_dict(statutes).to_dict(), sort_keys=True) == json.dumps(statutes,
                                                                                                sort_keys=True)


def test_the_amendment_editor_carries_the_sponsors_and_brings_them_back_to_one(app, as_role, pole_id):
    from tests.web.conftest import csrf_token
    from tests.web.test_secretary import college_rows, manage, proposal_data, proposal_titled
    client = as_role("secretary")
    page = text(client.get(manage(pole_id, "proposals/new?effect=amend_statutes")))
    assert 'value="1"' in sponsors_input(page)  # the demo's statutes do not set it
    url = manage(pole_id, "proposals/new")
    rows = college_rows([("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"),
                         ("collectivites", "Collectivités", "20%"), ("partenaires", "Partenaires", "20%")])

    def draft(title: str, path: str = url, **fields: str):
        return client.post(path, data=proposal_data(client, csrf_token(client, path), title=title,
                                                    kind="extraordinary", effect_type="amend_statutes", **rows,
                                                    **fields))
    assert draft("Statuts : deux auteurs", amendment_sponsors="2").status_code == 302
    two = proposal_titled(app, pole_id, "Statuts : deux auteurs")
    assert two["effect"]["statutes"]["amendment_sponsors"] == 2
    edit = manage(pole_id, f"proposals/{two['id']}/edit")
    assert 'value="2"' in sponsors_input(text(client.get(edit)))  # the draft's statutes, prefilled
    # Back to one: the draft's statutes no longer mention it (the editor merges the form over them).
    assert draft("Statuts : deux auteurs", path=edit, amendment_sponsors="1").status_code == 302
    assert "amendment_sponsors" not in proposal_titled(app, pole_id, "Statuts : deux auteurs")["effect"]["statutes"]
    assert draft("Statuts : un auteur").status_code == 302  # a form without the field: 1
    assert "amendment_sponsors" not in proposal_titled(app, pole_id, "Statuts : un auteur")["effect"]["statutes"]
    refused = draft("Statuts : mille auteurs", amendment_sponsors="101")
    assert refused.status_code == 422
    assert not [p for p in app.extensions["collegia.queries"].register(pole_id, limit=500)
                if p["title"] == "Statuts : mille auteurs"]
