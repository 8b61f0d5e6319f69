"""Bad input in the web forms gets a clear refusal, never a 500, and stores nothing (issue 15, points 8 and 9).

Dates: one bound (web/dates.py MIN_YEAR..MAX_YEAR) on the open-vote and convene forms as in the API; a
local time skipped when the clocks go forward is refused; one that happens twice asks which one. The
proposal editor bounds proxy caps like the admin form and the API. Names refuse hidden characters with the
rule named, in French; a refusal naming a status shows it translated."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.web.conftest import csrf_token
from web.dates import MAX_YEAR, MIN_YEAR, PARIS


# -- helpers ---------------------------------------------------------------------------------
def queries(app: Any) -> Any:
    return app.extensions["collegia.queries"]


def stored(app: Any) -> int:
    return app.extensions["collegia"].app.recorder.max_notification_id() or 0


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def manage(pole_id: str, path: str = "") -> str:
    return f"/poles/{pole_id}/manage/{path}"


def draft_id(app: Any, pole_id: str) -> str:
    return next(p["id"] for p in queries(app).register(pole_id, status="draft") if not p.get("assembly_id"))


def next_transition(kind: str) -> date:
    """The next day (from a month ahead) when Paris clocks go forward ('gap') or back ('fold')."""
    day = datetime.now(PARIS).date() + timedelta(days=30)
    for _ in range(400):
        before = datetime(day.year, day.month, day.day, 1, 0, tzinfo=PARIS).utcoffset()
        after = datetime(day.year, day.month, day.day, 4, 0, tzinfo=PARIS).utcoffset()
        if (kind == "gap" and after > before) or (kind == "fold" and after < before):
            return day
        day += timedelta(days=1)
    raise AssertionError(f"no {kind} within a year")


GAP = f"{next_transition('gap')}T02:30"
FOLD = f"{next_transition('fold')}T02:30"
BAD_YEARS = ["0001-01-01T00:05", "1900-06-01T12:00", "1999-12-31T23:30", "2101-01-01T12:00", "9999-12-31T23:59"]


@pytest.fixture
def secretary(as_role: Any) -> Any:
    return as_role("secretary")


def open_vote(client: Any, pole_id: str, proposal_id: str, closes_at: str, **extra: str) -> Any:
    return client.post(manage(pole_id, f"proposals/{proposal_id}/open"), data={
        "csrf_token": csrf_token(client), "open-closes_at": closes_at, "open-convocation": "first", **extra})


def convene(client: Any, app: Any, pole_id: str, held_at: str, **extra: str) -> Any:
    base = f"/poles/{pole_id}/assemblies"
    draft = next(p for p in queries(app).register(pole_id, status="draft") if not p.get("assembly_id"))
    return client.post(f"{base}/new", data={
        "csrf_token": csrf_token(client, f"{base}/new"), "kind": draft["kind"], "held_at": held_at,
        "mode": "hybrid", "place": "Salle des fêtes, Crest", "convocation": "first", "agenda": [draft["id"]],
        **extra})


# -- the open-vote form ----------------------------------------------------------------------
@pytest.mark.parametrize("closes_at", BAD_YEARS)
def test_opening_with_a_year_out_of_bounds_is_refused_on_the_field(app, secretary, pole_id, closes_at):
    draft = draft_id(app, pole_id)
    before = stored(app)
    response = open_vote(secretary, pole_id, draft, closes_at)
    assert response.status_code == 422
    page = text(response)
    assert f"Indiquez une date entre {MIN_YEAR} et {MAX_YEAR}." in page and 'id="open-closes_at-err"' in page
    assert f'value="{closes_at}"' in page  # the input is kept
    assert stored(app) == before and queries(app).proposal(draft)["status"] == "draft"


def test_opening_at_a_time_skipped_by_the_clocks_is_refused(app, secretary, english, pole_id):
    draft = draft_id(app, pole_id)
    before = stored(app)
    response = open_vote(secretary, pole_id, draft, GAP)
    assert response.status_code == 422
    assert "02:30 does not exist in Paris on" in text(response) and "the clocks go forward" in text(response)
    assert stored(app) == before and queries(app).proposal(draft)["status"] == "draft"


def test_opening_at_a_time_that_happens_twice_asks_which_one(app, secretary, english, pole_id):
    draft = draft_id(app, pole_id)
    before = stored(app)
    response = open_vote(secretary, pole_id, draft, FOLD)
    assert response.status_code == 422
    page = text(response)
    assert "02:30 happens twice in Paris on" in page
    assert 'name="open-closes_at-fold" id="open-closes_at-fold-summer" value="summer"' in page
    assert 'value="winter"' in page and "Summer time (UTC+02:00)" in page and "Winter time (UTC+01:00)" in page
    assert stored(app) == before

    response = open_vote(secretary, pole_id, draft, FOLD, **{"open-closes_at-fold": "winter"})
    assert response.status_code == 302, text(response)
    day = datetime.fromisoformat(FOLD)
    assert queries(app).proposal(draft)["closes_at"] == day.replace(hour=1)  # 02:30 winter time (UTC+1), naive UTC


def test_the_summer_time_occurrence_is_an_hour_earlier(app, secretary, pole_id):
    draft = draft_id(app, pole_id)
    response = open_vote(secretary, pole_id, draft, FOLD, **{"open-closes_at-fold": "summer"})
    assert response.status_code == 302, text(response)
    assert queries(app).proposal(draft)["closes_at"] == datetime.fromisoformat(FOLD).replace(hour=0)


def test_a_normal_time_ignores_a_fold_choice(app, secretary, pole_id):
    draft = draft_id(app, pole_id)
    response = open_vote(secretary, pole_id, draft, "2031-07-01T18:30", **{"open-closes_at-fold": "winter"})
    assert response.status_code == 302
    assert queries(app).proposal(draft)["closes_at"] == datetime(2031, 7, 1, 16, 30)


# -- the convene form ------------------------------------------------------------------------
@pytest.mark.parametrize("held_at", BAD_YEARS)
def test_convening_with_a_year_out_of_bounds_is_refused_on_the_field(app, secretary, pole_id, held_at):
    before, count = stored(app), len(queries(app).assemblies(pole_id))
    response = convene(secretary, app, pole_id, held_at)
    assert response.status_code == 422
    page = text(response)
    assert f"Indiquez une date entre {MIN_YEAR} et {MAX_YEAR}." in page and 'id="held_at-err"' in page
    assert stored(app) == before and len(queries(app).assemblies(pole_id)) == count


def test_convening_at_a_time_skipped_by_the_clocks_is_refused(app, secretary, pole_id):
    before = stored(app)
    response = convene(secretary, app, pole_id, GAP)
    assert response.status_code == 422
    assert "02:30 n’existe pas à Paris le" in text(response)
    assert stored(app) == before


def test_convening_at_a_time_that_happens_twice_asks_then_records_the_choice(app, secretary, pole_id):
    count = len(queries(app).assemblies(pole_id))
    before = stored(app)
    response = convene(secretary, app, pole_id, FOLD)
    assert response.status_code == 422
    page = text(response)
    assert "02:30 a lieu deux fois à Paris le" in page and "Heure d’été (UTC+02:00)" in page
    assert 'name="held_at-fold"' in page and stored(app) == before

    response = convene(secretary, app, pole_id, FOLD, **{"held_at-fold": "summer"})
    assert response.status_code == 302, text(response)
    assemblies = queries(app).assemblies(pole_id)
    assert len(assemblies) == count + 1
    assembly_id = response.headers["Location"].rstrip("/").split("/")[-1]
    held = app.extensions["collegia"].app.get_assembly(assembly_id).held_at
    held = held if isinstance(held, datetime) else datetime.fromisoformat(held)
    assert held.astimezone(UTC).replace(tzinfo=None) == datetime.fromisoformat(FOLD).replace(hour=0)


# -- the proposal editor's proxy cap ---------------------------------------------------------
def proposal_form(token: str, **overrides: str) -> dict[str, str]:
    data = {"csrf_token": token, "title": "Pouvoirs", "text": "Chaque membre peut détenir des pouvoirs.",
            "kind": "extraordinary", "effect_type": "amend_statutes", "admit_member": "", "exclude_member": "",
            "exclusion_reasons": "", "strategy_text": "", "empty_college_rule": "proportional", "merge_into": "",
            "max_proxies": "2", "admission_by": "board", "exclusion_by": "assembly"}
    rows = [("salaries", "Salariés et producteurs", "30%"), ("usagers", "Usagers", "25%"),
            ("collectivites", "Collectivités territoriales", "20%"), ("partenaires", "Partenaires", "25%")]
    for i in range(10):
        code, name, share = rows[i] if i < len(rows) else ("", "", "")
        data.update({f"colleges-{i}-code": code, f"colleges-{i}-name": name, f"colleges-{i}-share": share})
    data.update(overrides)
    return data


@pytest.mark.parametrize("cap", [str(10**20), "101", "-1"])
def test_the_editor_refuses_a_proxy_cap_beyond_the_bound(app, secretary, pole_id, cap):
    from governance.base import MAX_PROXY_CAP
    before = stored(app)
    token = csrf_token(secretary, manage(pole_id, "proposals/new"))
    response = secretary.post(manage(pole_id, "proposals/new"), data=proposal_form(token, max_proxies=cap))
    assert response.status_code == 422
    page = text(response)
    assert 'id="max_proxies-err"' in page and f"{MAX_PROXY_CAP}" in page
    assert stored(app) == before


def test_the_editor_accepts_the_bound_itself(app, secretary, pole_id):
    from governance.base import MAX_PROXY_CAP
    token = csrf_token(secretary, manage(pole_id, "proposals/new"))
    response = secretary.post(manage(pole_id, "proposals/new"),
                              data=proposal_form(token, max_proxies=str(MAX_PROXY_CAP)))
    assert response.status_code == 302, text(response)


# -- names ----------------------------------------------------------------------------------
def request_membership(client: Any, pole_id: str, **overrides: str) -> Any:
    data = {"csrf_token": csrf_token(client, manage(pole_id, "members")), "name": "Coopérative Bois du Vercors",
            "kind": "ess_enterprise", "category": "producer", "representative": "Léa Girard", **overrides}
    return client.post(manage(pole_id, "members/request"), data=data)


@pytest.mark.parametrize("character", ["\u202e", "\u2067", "\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad"])
def test_a_member_name_with_a_hidden_character_is_refused_in_french_naming_the_rule(app, secretary, pole_id,
                                                                                    character):
    before = stored(app)
    response = request_membership(secretary, pole_id, name=f"Coop{character}Vallée")
    assert response.status_code == 422
    page = text(response)
    assert ("le champ « nom du membre » contient un caractère invisible ou qui change le sens d’écriture "
            f"(U+{ord(character):04X})") in page
    assert stored(app) == before


def test_a_representative_or_a_title_with_a_hidden_character_is_refused(app, secretary, english, pole_id):
    before = stored(app)
    response = request_membership(secretary, pole_id, representative="Léa\u202eGirard")
    assert response.status_code == 422
    assert "representative contains an invisible or direction-changing character (U+202E)" in text(response)
    token = csrf_token(secretary, manage(pole_id, "proposals/new"))
    response = secretary.post(manage(pole_id, "proposals/new"),
                              data=proposal_form(token, title="Pouvoirs\u200b", effect_type="none"))
    assert response.status_code == 422
    assert "title contains an invisible or direction-changing character (U+200B)" in text(response)
    assert stored(app) == before


def test_a_name_typed_decomposed_is_stored_composed(app, secretary, pole_id):
    assert request_membership(secretary, pole_id, name="Coope\u0301rative E\u0301lan").status_code == 302
    assert any(m["name"] == "Coopérative Élan" for m in queries(app).members(pole_id))


# -- statuses in refusals -------------------------------------------------------------------
def test_a_french_refusal_shows_the_status_translated(app, secretary, pole_id):
    closed = next(p["id"] for p in queries(app).register(pole_id, status="closed"))
    before = stored(app)
    response = secretary.post(manage(pole_id, f"proposals/{closed}/close"), data={"csrf_token": csrf_token(secretary)})
    assert response.status_code == 422
    page = text(response)
    assert "seul un vote ouvert peut être clos" in page or "seul un vote en cours" in page, page[:2000]
    assert "closed)" not in page and "« closed »" not in page
    assert re.search(r"cette proposition (est|a le statut « )clôturée", page), page[:3000]
    assert stored(app) == before


def test_a_french_refusal_shows_a_member_status_translated(app, secretary, pole_id):
    member = next(m for m in queries(app).members(pole_id) if m["status"] == "admitted")
    token = csrf_token(secretary, manage(pole_id, "members"))
    response = secretary.post(manage(pole_id, f"members/{member['id']}/admit"), data={
        "csrf_token": token, f"admit-{member['id']}-decision": "Conseil du 3 décembre 2026"})
    assert response.status_code == 422
    page = text(response)
    assert "« admis »" in page and "« admitted »" not in page


@pytest.mark.parametrize("before", ["²", "١٢", "99999999999999", "-3", "1e3"])
def test_a_log_position_that_is_not_ascii_digits_is_a_clear_error(secretary, pole_id, before):
    """`?before=` names an event by its log position: '²' passed str.isdigit() and then int() raised (a 500)."""
    response = secretary.get(f"/poles/{pole_id}/colleges", query_string={"before": before})
    assert response.status_code == 400  # the page, saying which position is unknown
    assert "Il n&#39;y a pas d&#39;événement" in text(response) or "Il n'y a pas d'événement" in text(response)


# -- member forms: categories from a list, errors at the top (issue 18) ------------------------
def members_page(client: Any, pole_id: str) -> str:
    return text(client.get(manage(pole_id, "members")))


def test_the_category_is_chosen_from_the_statutes_list(app: Any, secretary: Any, pole_id: str) -> None:
    page = members_page(secretary, pole_id)
    select = page.split('id="category"', 1)[1].split("</select>", 1)[0]
    assert '<option value="public_body">Personne publique</option>' in select, select
    assert "datalist" not in page and 'name="category" type="text"' not in page
    before = stored(app)
    response = secretary.post(manage(pole_id, "members/request"), data={
        "csrf_token": csrf_token(secretary, manage(pole_id, "members")), "name": "Coop Bois", "kind": "company",
        "category": "lumberjack", "representative": "Léa Girard"})
    body = text(response)
    assert response.status_code == 422 and stored(app) == before
    summary = body.split('class="refusal error-summary"', 1)[1].split("</div>", 1)[0]  # at the top of the form
    assert '<a href="#category">Catégorie d' in summary


def test_required_fields_are_marked(secretary: Any, pole_id: str) -> None:
    page = members_page(secretary, pole_id)
    name = page.split('<label for="name">', 1)[1].split("</div>", 1)[0]
    assert "(obligatoire)" in name and 'aria-required="true"' in name and "required" in name
    representative = page.split('<label for="representative">', 1)[1].split("</div>", 1)[0]
    assert "(obligatoire)" not in representative and "aria-required" not in representative


def test_a_refused_college_assignment_is_shown_at_the_top_with_a_link_to_the_row(
        app: Any, secretary: Any, pole_id: str) -> None:
    member = next(m for m in queries(app).members(pole_id) if m["status"] == "admitted" and m["college"])
    token = csrf_token(secretary, manage(pole_id, "members"))
    response = secretary.post(manage(pole_id, f"members/{member['id']}/assign"), data={
        "csrf_token": token, f"assign-{member['id']}-college": member["college"],
        f"assign-{member['id']}-reason": "Encore"})
    body = text(response)
    assert response.status_code == 422
    top = body.split("<h1>", 1)[0]
    assert 'class="refusal"' in top and f'href="#member-{member["id"]}"' in top
    assert f'id="member-{member["id"]}"' in body
    response = secretary.post(manage(pole_id, f"members/{member['id']}/assign"), data={
        "csrf_token": token, f"assign-{member['id']}-college": "salaries", f"assign-{member['id']}-reason": ""})
    top = text(response).split("<h1>", 1)[0]
    assert response.status_code == 422 and f'href="#member-{member["id"]}"' in top
    row = text(response).split(f'id="member-{member["id"]}"', 1)[1]
    assert f'href="#assign-{member["id"]}-reason"' in row.split("</form>", 1)[0]  # the form's own summary
