"""CSV import of members (issue 18): a preview with every row checked by the domain's rules, then all the rows,
or only the valid ones when the secretary chooses so; nothing stored otherwise."""

from __future__ import annotations

import html
import io
import re
import pytest

from tests.web.conftest import csrf_token

URL = "/poles/{pole}/manage/members/import"
VALID = ("nom,type,catégorie,représentant,collège\n"
         "Léa Durand,personne,salarié,,salaries\n"
         "Épicerie du Vercors,organisation,bénéficiaire,Paul Martin,Usagers et bénéficiaires\n"
         "Atelier Vélo Crest,ess_enterprise,supporter,Inès Roux,\n")


def upload(client, pole_id: str, content: bytes, name: str = "membres.csv"):
    token = csrf_token(client, URL.format(pole=pole_id))
    return client.post(URL.format(pole=pole_id) + "/preview", data={
        "csrf_token": token, "file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def carried_rows(page: str) -> str:
    match = re.search(r'<input[^>]*name="rows"[^>]*value="([^"]+)"', page)
    assert match, "no carried rows on the preview"
    return html.unescape(match.group(1))


def confirm(client, pole_id: str, page: str, scope: str = "all"):
    return client.post(URL.format(pole=pole_id) + "/confirm", data={
        "csrf_token": csrf_token(client, URL.format(pole=pole_id)), "rows": carried_rows(page), "scope": scope,
        "decision": "Import CSV du 3 mars 2025, décision du CA"})


def pole_members(app, pole_id: str) -> dict[str, dict]:
    return {m["name"]: m for m in app.extensions["collegia"].app.get_pole(pole_id).members.values()}


def pole_events(app, pole_id: str) -> list:
    from uuid import UUID
    return list(app.extensions["collegia"].app.events.get(UUID(pole_id)))


def test_a_valid_file_is_previewed_then_imported_as_the_usual_events(app, client, pole_id, as_role):
    as_role("secretary")
    before = len(pole_events(app, pole_id))
    page = upload(client, pole_id, VALID.encode())
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text
    assert "Lignes valides : 3 ; avec un problème : 0." in text
    assert len(pole_events(app, pole_id)) == before, "the preview stores nothing"

    done = confirm(client, pole_id, text)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/poles/{pole_id}/manage/members")
    members = pole_members(app, pole_id)
    assert members["Léa Durand"]["status"] == "admitted" and members["Léa Durand"]["college"] == "salaries"
    assert members["Léa Durand"]["kind"] == "person" and members["Léa Durand"]["category"] == "employee"
    assert members["Léa Durand"]["representative"] == "Léa Durand"
    assert members["Épicerie du Vercors"]["college"] == "usagers"
    assert members["Épicerie du Vercors"]["kind"] == "other"
    assert members["Atelier Vélo Crest"]["status"] == "admitted" and members["Atelier Vélo Crest"]["college"] is None
    names = [type(e).__qualname__ for e in pole_events(app, pole_id)[before:]]
    assert names == ["Pole.MembershipRequested", "Pole.MemberAdmitted", "Pole.MemberAssignedToCollege",
                     "Pole.MembershipRequested", "Pole.MemberAdmitted", "Pole.MemberAssignedToCollege",
                     "Pole.MembershipRequested", "Pole.MemberAdmitted"]
    admitted = pole_events(app, pole_id)[before + 1]
    assert admitted.decision == "Import CSV du 3 mars 2025, décision du CA"
    roster = client.get(f"/poles/{pole_id}/manage/members").get_data(as_text=True)
    assert "Léa Durand" in roster and "Membres importés et admis : 3." in roster


INVALID = ("nom;type;catégorie;représentant;collège\n"
           "Jeanne Petit;personne;salarié;;salaries\n"
           ";personne;salarié;;\n"
           "Coop X;cooperative;partenaire;Luc;\n"
           "Jeanne  petit;personne;salarié;;\n"
           "Commune de Crest;local_authority;public_body;Bernard Chauvin;collectivites\n"
           "Ferme du Pic;organisation;producteur;;\n"
           "Lucie;personne;salarié;;cuisine\n")


def test_invalid_rows_are_named_with_their_rule_and_nothing_is_stored(app, client, pole_id, as_role):
    as_role("secretary")
    before = len(pole_events(app, pole_id))
    page = upload(client, pole_id, INVALID.encode())
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "Lignes valides : 1 ; avec un problème : 6." in text
    assert "le champ « nom du membre » est obligatoire" in text
    assert "« cooperative » n'est pas un type de membre" in text
    assert "doublon : même nom qu'à la ligne 2 du fichier" in text
    assert "doublon : « Commune de Crest » fait déjà partie du pôle (admis)" in text
    assert "le champ « représentant » est obligatoire" in text
    assert "les statuts en vigueur ne définissent aucun collège « cuisine »" in text

    refused = confirm(client, pole_id, page.get_data(as_text=True), scope="all")
    assert refused.status_code == 422
    assert "rien n'a été importé" in html.unescape(refused.get_data(as_text=True))
    assert len(pole_events(app, pole_id)) == before


def test_choosing_the_valid_rows_imports_only_them(app, client, pole_id, as_role):
    as_role("secretary")
    page = upload(client, pole_id, INVALID.encode())
    done = confirm(client, pole_id, page.get_data(as_text=True), scope="valid")
    assert done.status_code == 302
    members = pole_members(app, pole_id)
    assert members["Jeanne Petit"]["status"] == "admitted" and members["Jeanne Petit"]["college"] == "salaries"
    for name in ("Coop X", "Jeanne  petit", "Ferme du Pic", "Lucie"):
        assert name not in members
    assert sum(1 for m in members.values() if m["name"] == "Commune de Crest") == 1


def test_semicolons_and_a_bom_are_read(app, client, pole_id, as_role):
    as_role("secretary")
    content = "\ufeffNom;Type;Catégorie;Représentant\r\nMaison Bleue;organisation;partenaire;Zoé Lambert\r\n"
    page = upload(client, pole_id, content.encode("utf-8"))
    assert "Lignes valides : 1 ; avec un problème : 0." in page.get_data(as_text=True)
    assert confirm(client, pole_id, page.get_data(as_text=True)).status_code == 302
    assert pole_members(app, pole_id)["Maison Bleue"]["representative"] == "Zoé Lambert"


def test_an_oversized_file_is_refused_with_a_clear_message(app, client, pole_id, as_role):
    as_role("secretary")
    big = ("nom,type,catégorie,représentant\n" + "Quelqu'un de très long,personne,salarié,\n" * 30_000).encode()
    assert len(big) > 1_000_000
    page = upload(client, pole_id, big)
    assert page.status_code == 422
    assert "Le fichier est trop volumineux" in html.unescape(page.get_data(as_text=True))
    many = ("nom,type,catégorie,représentant\n" + "".join(f"P{n},personne,salarié,\n" for n in range(2_001))).encode()
    page = upload(client, pole_id, many)
    assert page.status_code == 422 and "au plus 2000 par import" in html.unescape(page.get_data(as_text=True))


def test_a_tampered_preview_is_refused(app, client, pole_id, as_role):
    as_role("secretary")
    page = upload(client, pole_id, VALID.encode()).get_data(as_text=True)
    forged = page.replace(carried_rows(page)[:20], "x" * 20)
    response = confirm(client, pole_id, forged)
    assert response.status_code == 422 and "Léa Durand" not in pole_members(app, pole_id)


def test_a_non_secretary_gets_403(client, pole_id, as_role):
    as_role("member")
    assert client.get(URL.format(pole=pole_id)).status_code == 403
    assert client.post(URL.format(pole=pole_id) + "/preview", data={}).status_code in (400, 403)
    as_role("outsider")
    assert client.get(URL.format(pole=pole_id)).status_code == 403


def test_statutes_listing_categories_refuse_another(app):
    from web.members.import_members import check_rows
    statutes = {"model": "scic", "colleges": [], "categories": ["employee", "beneficiary"]}
    rows = [{"name": "A", "kind": "personne", "category": "Salarié", "representative": ""},
            {"name": "B", "kind": "personne", "category": "partenaire", "representative": ""}]
    with app.test_request_context():
        first, second = check_rows(rows, statutes, [])
    assert first.valid and first.member["category"] == "employee"
    assert not second.valid and "ne figure pas parmi celles que prévoient les statuts (salarié, bénéficiaire)" \
        in second.problems[0]


def test_the_onboarding_checklist_is_for_secretaries_and_says_what_is_left(app, client, pole_id, as_role):
    as_role("member")
    assert "Mise en route du pôle" not in client.get(f"/poles/{pole_id}/").get_data(as_text=True)
    as_role("outsider")  # the secretary of a new pole: a founder admitted, no account for it, no proposal
    other = next(p["id"] for p in app.extensions["collegia.queries"].poles() if p["id"] != pole_id)
    text = html.unescape(client.get(f"/poles/{other}/").get_data(as_text=True))
    checklist = text.split("Mise en route du pôle")[1].split("</section>")[0]
    assert re.search(r"Fait</span>\s*Statuts et collèges définis", checklist)
    assert re.search(r"Fait</span>\s*Membres admis", checklist)
    assert "Membres admis affectés à un collège" not in checklist  # one member, one vote: no colleges
    assert re.search(r"À faire</span>\s*Comptes remis aux représentants des membres", checklist)
    assert f'href="/poles/{other}/manage/proposals/new">Première proposition rédigée' in checklist
    system = app.extensions["collegia"]
    system.app.draft_proposal(other, title="Première", text="Texte", actor="x")
    from web.accounts.store import Accounts
    accounts = Accounts(system.engine)
    member = app.extensions["collegia.queries"].members(other)[0]["id"]
    accounts.grant(accounts.create_user("rep@ailleurs.example", "Rep Ailleurs", "un mot de passe assez long 1"),
                   other, "member", member)
    assert "Mise en route du pôle" not in client.get(f"/poles/{other}/").get_data(as_text=True)


@pytest.mark.parametrize("content", [b";;;\n;;;\n", b'""\n', b",,,\r\n"])
def test_a_file_of_only_separators_is_refused_as_empty(client, pole_id, as_role, content):
    as_role("secretary")
    page = upload(client, pole_id, content)
    assert page.status_code == 422 and "Le fichier est vide" in html.unescape(page.get_data(as_text=True))
