"""Search (issue 18): members find proposals and decisions by words (accents and case ignored, drafts for
secretaries only); secretaries find members by name; another pole's records never show."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta


def page(client, pole_id: str, q: str):
    response = client.get(f"/poles/{pole_id}/search", query_string={"q": q})
    return response.status_code, html.unescape(response.get_data(as_text=True))


def test_a_member_finds_a_decision_by_a_word_without_its_accents_or_case(client, pole_id, as_role):
    as_role("member")
    status, text = page(client, pole_id, "LEGUMERIE mutualisee")
    assert status == 200
    assert "Budget 2027 de la légumerie mutualisée" in text
    assert f'/poles/{pole_id}/proposals/' in text
    status, text = page(client, pole_id, "éplucheuse")  # a word of the text only
    assert "Budget 2027 de la légumerie mutualisée" in text
    status, text = page(client, pole_id, "légumerie introuvable")  # every word must appear
    assert "Budget 2027" not in text and "Aucune proposition ni décision ne contient ces mots." in text


def test_drafts_are_hidden_from_members_and_shown_to_secretaries(client, pole_id, as_role):
    as_role("member")
    _, text = page(client, pole_id, "siège social")
    assert "Transfert du siège social à Die" not in text
    as_role("secretary")  # the same browser, logged in again as the secretary
    _, text = page(client, pole_id, "siege social")
    assert "Transfert du siège social à Die" in text
    assert f"/poles/{pole_id}/manage/proposals/" in text  # a draft links to the secretary's page


def test_only_secretaries_find_members_by_name(client, pole_id, as_role):
    as_role("member")
    _, text = page(client, pole_id, "epicerie")
    assert "Association Épicerie solidaire du Diois" not in text and "Membres" not in text.split("<main")[1]


def test_a_secretary_finds_a_member_by_name_or_representative(client, pole_id, as_role):
    as_role("secretary")
    _, text = page(client, pole_id, "EPICERIE diois")
    assert "Association Épicerie solidaire du Diois" in text
    assert f"/poles/{pole_id}/manage/members" in text
    _, text = page(client, pole_id, "helene dumas")
    assert "Université Grenoble Alpes — Valence" in text


def test_another_poles_records_never_show(app, client, pole_id, as_role):
    system = app.extensions["collegia"]
    other = next(p["id"] for p in app.extensions["collegia.queries"].poles() if p["id"] != pole_id)
    system.app.draft_proposal(other, title="Budget de la légumerie d'Ailleurs", text="légumerie", actor="x")
    proposal = system.app.draft_proposal(other, title="Légumerie ouverte ailleurs", text="légumerie", actor="x")
    system.app.open_voting(proposal, closes_at=datetime.now(UTC) + timedelta(days=3), actor="x")
    as_role("secretary")
    _, text = page(client, pole_id, "légumerie")
    assert "Budget 2027 de la légumerie mutualisée" in text
    assert "légumerie d'Ailleurs" not in text and "Légumerie ouverte ailleurs" not in text
    _, text = page(client, pole_id, "Association Ailleurs")
    assert "Aucun membre ne porte ce nom." in text
    as_role("outsider")  # the other pole's secretary sees its own open proposal, never the demo's
    status, text = page(client, other, "légumerie")
    assert status == 200 and "Légumerie ouverte ailleurs" in text and "Budget 2027" not in text
    assert client.get(f"/poles/{pole_id}/search?q=l%C3%A9gumerie").status_code == 403


def test_results_are_capped_at_50_and_say_how_many_match(app, client, pole_id, as_role):
    system = app.extensions["collegia"]
    for n in range(55):
        system.app.draft_proposal(pole_id, title=f"Atelier numéro {n}", text="atelier", actor="x")
    as_role("secretary")
    _, text = page(client, pole_id, "atelier")
    assert text.count("Atelier numéro") == 50
    assert "50 affichés sur 55" in text


def test_anonymous_is_sent_to_login_and_an_empty_search_shows_the_form(client, pole_id, as_role):
    assert client.get(f"/poles/{pole_id}/search?q=x").status_code == 302
    as_role("member")
    status, text = page(client, pole_id, "")
    assert status == 200 and 'type="search"' in text and "Propositions et décisions" not in text
