"""Elections and board decisions on the pages (issue 21), over HTTP on the demo pole (its statutes: a board of six,
one seat reserved to the salariés, one resolution per candidate, secret ballot): the secretary drafts an election
and records candidacies, members vote with the right ballot, the closed election's page gives every figure; a
member stands for an election on a convened assembly's agenda; a board decision states its quorum and casting
vote. Refusals are 4xx with the rule, never a 500; a secret election never shows who chose what."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from governance import clock
from governance.clock import PARIS
from tests.web.conftest import csrf_token, login

NADIA = "Régie de quartier Fontbarlettes"  # MEMBER_EMAIL, college salariés
ELISE = "Communauté de communes du Val de Drôme"  # VOTED_MEMBER_EMAIL, collectivités
JULIEN = "SCOP Les Jardins de la Gervanne"  # salariés
CANDIDATES = ("Chantier d'insertion Valence Nord", "Lucie Garnier", "Commune de Crest")  # salariés, usagers, coll.
SECRETARY = "Claire Martin <claire.martin@terres-de-liens-coop.example>"


def domain(app: Any) -> Any:
    return app.extensions["collegia"].app


def queries(app: Any) -> Any:
    return app.extensions["collegia.queries"]


def member_id(app: Any, pole_id: str, name: str) -> str:
    return next(m["id"] for m in queries(app).members(pole_id) if m["name"] == name)


def text(response: Any) -> str:
    return " ".join(response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
                    .replace("\u202f", " ").split())


def token(client: Any, path: str) -> str:
    return csrf_token(client, path)


def draft_election(app: Any, pole_id: str, candidates: tuple[str, ...] = CANDIDATES, seats: int = 3) -> str:
    d = domain(app)
    proposal = d.draft_election(pole_id, title="Élection de trois administrateurs", text="Trois sièges, dont un "
                                "réservé aux salariés.", seats=seats, reserved={"salaries": 1}, actor=SECRETARY)
    for name in candidates:
        d.declare_candidate(proposal, member_id(app, pole_id, name), actor=SECRETARY)
    return str(proposal)


def open_election(app: Any, pole_id: str, **kwargs: Any) -> str:
    proposal = draft_election(app, pole_id, **kwargs)
    domain(app).open_voting(proposal, closes_at=clock.now() + timedelta(days=7), actor=SECRETARY)
    return proposal


def closed_election(app: Any, pole_id: str, ballots: dict[str, str] | None = None) -> str:
    proposal = open_election(app, pole_id)
    d = domain(app)
    for name, ballot in (ballots or {NADIA: "fff", ELISE: "ffa", JULIEN: "fff"}).items():
        d.cast_ballot(proposal, member_id(app, pole_id, name), ballot, actor=f"rep:{name}")
    d.close_voting(proposal, actor=SECRETARY)
    return proposal


@pytest.fixture
def secretary(as_role: Any) -> Any:
    return as_role("secretary")


# -- the secretary drafts an election and records candidacies -------------------------------------------------------
def test_the_secretary_drafts_an_election_with_reserved_seats_from_the_statutes(app, secretary, pole_id):
    path = f"/poles/{pole_id}/manage/elections/new"
    form = text(secretary.get(path))
    assert "Nouvelle élection" in form and "Sièges à pourvoir" in form
    assert re.search(r'name="reserved_salaries"[^>]*value="1"', secretary.get(path).get_data(as_text=True))
    assert "Nouvelle élection" in text(secretary.get(f"/poles/{pole_id}/manage/proposals"))
    response = secretary.post(path, data={"csrf_token": token(secretary, path), "title": "Élection du conseil",
                                          "text": "Trois sièges.", "seats": "3", "reserved_salaries": "1"})
    assert response.status_code == 302, text(response)
    proposal_id = response.headers["Location"].rstrip("/").split("/")[-1]
    row = queries(app).proposal(proposal_id)
    assert row["election"]["seats"] == 3 and row["election"]["reserved"] == {"salaries": 1} and row["secret"]

    page = f"/poles/{pole_id}/manage/proposals/{proposal_id}"
    add = f"{page}/candidates"
    lucie = member_id(app, pole_id, "Lucie Garnier")
    response = secretary.post(add, data={"candidate-csrf_token": token(secretary, page), "candidate-member": lucie})
    assert response.status_code == 302
    assert "Lucie Garnier" in text(secretary.get(page))
    again = secretary.post(add, data={"candidate-csrf_token": token(secretary, page), "candidate-member": lucie})
    assert again.status_code == 422 and "Refusé" in text(again), text(again)
    response = secretary.post(f"{page}/candidates/withdraw", data={"csrf_token": token(secretary, page),
                                                                   "member": lucie})
    assert response.status_code == 302
    assert queries(app).proposal(proposal_id)["election"]["candidates"] == []


def test_more_reserved_seats_than_seats_is_refused_with_the_rule(secretary, pole_id):
    path = f"/poles/{pole_id}/manage/elections/new"
    response = secretary.post(path, data={"csrf_token": token(secretary, path), "title": "Élection", "text": "x",
                                          "seats": "1", "reserved_salaries": "2"})
    assert response.status_code == 422
    assert "Refusé" in text(response)


def test_members_cannot_draft_an_election_or_record_a_candidacy(app, as_role, pole_id):
    proposal = draft_election(app, pole_id, candidates=())
    member = as_role("member")
    assert member.get(f"/poles/{pole_id}/manage/elections/new").status_code == 403
    response = member.post(f"/poles/{pole_id}/manage/proposals/{proposal}/candidates",
                           data={"candidate-csrf_token": token(member, "/login"), "candidate-member": "x"})
    assert response.status_code == 403


# -- a member's own candidacy, on a convened assembly's agenda --------------------------------------------------
def test_a_member_stands_for_an_election_on_a_convened_assemblys_agenda(app, as_role, pole_id):
    proposal = draft_election(app, pole_id, candidates=())
    member = as_role("member")
    page = f"/poles/{pole_id}/elections/{proposal}/candidacy"
    assert member.get(page).status_code == 404  # a draft not on an agenda: the secretary's only
    assembly = domain(app).convene_assembly(pole_id, kind="ordinary", held_at=clock.now() + timedelta(days=30),
                                            place="Die", mode="in_person", convocation="first", agenda=[proposal],
                                            actor=SECRETARY)
    assert "Page des candidatures" in text(member.get(f"/poles/{pole_id}/assemblies/{assembly}"))
    shown = text(member.get(page))
    assert "Me porter candidat·e" in shown
    response = member.post(page, data={"csrf_token": token(member, page)})
    assert response.status_code == 302
    candidates = queries(app).proposal(proposal)["election"]["candidates"]
    assert [(c["name"], c["declared_by"]) for c in candidates] == [("Nadia Benali (" + NADIA + ")", "self")]
    assert "Retirer ma candidature" in text(member.get(page))
    twice = member.post(page, data={"csrf_token": token(member, page)})
    assert twice.status_code == 409 and "Refusé" in text(twice)
    response = member.post(f"{page}/withdraw", data={"csrf_token": token(member, page)})
    assert response.status_code == 302
    assert queries(app).proposal(proposal)["election"]["candidates"] == []
    # Someone else's candidacy: the member does not represent it.
    other = member.post(page, data={"csrf_token": token(member, page), "member": member_id(app, pole_id, ELISE)})
    assert other.status_code == 403


# -- voting --------------------------------------------------------------------------------------------------------
def test_the_vote_page_offers_for_against_abstain_for_each_candidate(app, as_role, pole_id):
    proposal = open_election(app, pole_id)
    member = as_role("member")
    page = text(member.get(f"/poles/{pole_id}/proposals/{proposal}"))
    for name in CANDIDATES:
        assert name in page
    html = member.get(f"/poles/{pole_id}/proposals/{proposal}").get_data(as_text=True)
    for i in range(3):
        for code in "fax":
            assert f'name="c{i}" id="c{i}-{code}" value="{code}"' in html


def test_a_member_votes_in_an_election_and_her_secret_choice_is_never_shown(app, as_role, pole_id):
    proposal = open_election(app, pole_id)
    member = as_role("member")
    path = f"/poles/{pole_id}/proposals/{proposal}"
    nadia = member_id(app, pole_id, NADIA)
    incomplete = member.post(f"{path}/ballot", data={"csrf_token": token(member, path), "member": nadia,
                                                    "c0": "f", "c1": "a"})
    assert incomplete.status_code == 422 and "pour, contre ou abstention pour chaque candidat" in text(incomplete)
    response = member.post(f"{path}/ballot", data={"csrf_token": token(member, path), "member": nadia,
                                                  "c0": "a", "c1": "x", "c2": "f"}, follow_redirects=True)
    assert response.status_code == 200
    shown = text(response)
    assert "Son choix ne sera affiché nulle part, pas même pour vous" in shown
    assert "a voté. Vote à bulletin secret" in shown or "a voté" in shown
    aggregate = domain(app).get_proposal(proposal)
    assert nadia in aggregate.ballots and "sealed" in aggregate.ballots[nadia]
    html = member.get(path).get_data(as_text=True)
    assert "checked" not in html.split('id="ballot-form"')[1].split("</form>")[0]  # nothing pre-filled


def test_an_invalid_ballot_is_refused_with_the_rule_not_a_500(app, as_role, pole_id):
    proposal = open_election(app, pole_id)
    member = as_role("member")
    path = f"/poles/{pole_id}/proposals/{proposal}"
    for data in ({"c0": "z", "c1": "f", "c2": "f"}, {"c0": "ff", "c1": "f", "c2": "f"}, {}):
        response = member.post(f"{path}/ballot", data={"csrf_token": token(member, path), **data})
        assert response.status_code == 422, (data, response.status_code)
    without_csrf = member.post(f"{path}/ballot", data={"c0": "f", "c1": "f", "c2": "f"})
    assert without_csrf.status_code == 400


def test_nobody_votes_for_a_member_they_do_not_represent(app, as_role, pole_id):
    proposal = open_election(app, pole_id)
    member = as_role("member")
    path = f"/poles/{pole_id}/proposals/{proposal}"
    response = member.post(f"{path}/ballot", data={"csrf_token": token(member, path), "c0": "f", "c1": "f",
                                                  "c2": "f", "member": member_id(app, pole_id, ELISE)})
    assert response.status_code == 403


# -- results -------------------------------------------------------------------------------------------------------
def test_a_closed_election_shows_every_figure_the_seats_and_the_mandates(app, as_role, pole_id):
    proposal = closed_election(app, pole_id)
    member = as_role("member")
    response = member.get(f"/poles/{pole_id}/proposals/{proposal}")
    assert response.status_code == 200
    page = text(response)
    assert "Résultats de l'élection" in page
    for name in CANDIDATES:
        assert name in page
    row = queries(app).proposal(proposal)
    details = row["tally"]["details"]
    assert row["outcome"] == "elected"
    elected = [c for c in details["candidates"] if c["elected"]]
    assert elected
    for c in details["candidates"]:
        assert c["result"] in page  # the exact fraction
    ends = domain(app).get_pole(pole_id).board_on(clock.now().astimezone(PARIS).date())
    assert ends and all(m["name"] in page for m in ends)
    assert "siège réservé à Salariés et producteurs" in page
    assert "<svg" in response.get_data(as_text=True)
    # The secret choices: the participation table says who voted, never how.
    assert "A voté (secret)" in page or "Voté (secret)" in page
    for ballot in ("fff", "ffa"):
        assert ballot not in response.get_data(as_text=True)


def test_the_minutes_of_an_election_state_who_was_elected_and_until_when(app, as_role, pole_id):
    proposal = closed_election(app, pole_id)
    member = as_role("member")
    page = text(member.get(f"/poles/{pole_id}/minutes/{proposal}"))
    pole = domain(app).get_pole(pole_id)
    today = clock.now().astimezone(PARIS).date()
    for mandate in pole.board_on(today):
        assert mandate["name"] in page
    assert "élu" in page.lower()
    assert str(today.year + 3) in page


# -- the board's own decisions -------------------------------------------------------------------------------------
def test_a_draft_addressed_to_the_board_is_voted_by_its_members_with_quorum_and_casting_vote(app, as_role, pole_id):
    closed_election(app, pole_id)
    secretary = as_role("secretary")
    d = domain(app)
    draft = next(p for p in queries(app).register(pole_id, status="draft", limit=50)
                 if p["title"].startswith("Exclusion"))
    page = f"/poles/{pole_id}/manage/proposals/{draft['id']}"
    assert "Adresser au conseil" in text(secretary.get(page))
    response = secretary.post(f"{page}/board", data={"csrf_token": token(secretary, page)})
    assert response.status_code == 302, text(response)
    assert queries(app).proposal(draft["id"])["body"] == "board"
    d.open_voting(draft["id"], closes_at=clock.now() + timedelta(days=2), actor=SECRETARY)
    electorate = d.get_proposal(draft["id"]).electorate
    for member in list(electorate)[:2]:
        d.cast_ballot(draft["id"], member, "for", actor="rep")
    d.close_voting(draft["id"], actor=SECRETARY)
    result = text(as_role("member").get(f"/poles/{pole_id}/proposals/{draft['id']}"))
    assert "Décision du conseil" in result
    assert "présents : 2" in result and "représentés : 0" in result
    assert "voix prépondérante" in result.lower()


def test_a_board_decision_cannot_be_addressed_without_a_board_or_twice(app, secretary, pole_id):
    draft = next(p for p in queries(app).register(pole_id, status="draft", limit=50)
                 if p["title"].startswith("Exclusion"))
    page = f"/poles/{pole_id}/manage/proposals/{draft['id']}"
    assert secretary.post(f"{page}/board", data={"csrf_token": token(secretary, page)}).status_code == 302
    again = secretary.post(f"{page}/board", data={"csrf_token": token(secretary, page)})
    assert again.status_code in (409, 422) and "Refusé" in text(again)


def test_an_election_draft_cannot_go_to_the_board(app, secretary, pole_id):
    proposal = draft_election(app, pole_id, candidates=())
    page = f"/poles/{pole_id}/manage/proposals/{proposal}"
    assert "Adresser au conseil" not in text(secretary.get(page))
    response = secretary.post(f"{page}/board", data={"csrf_token": token(secretary, page)})
    assert response.status_code == 422 and "L225-18" in text(response)


# -- the other methods' ballots, on a pole of their own ------------------------------------------------------------
@pytest.mark.parametrize("method, fields, expected", [
    ("plurality", {"c0": "1", "c2": "1"}, "101"),
    ("majority_judgment", {"c0": "5", "c1": "0", "c2": "3"}, "503"),
    ("majority_judgment", {"blank": "1"}, "---"),
])
def test_plurality_and_majority_judgment_ballots(app, client, accounts, method, fields, expected):
    d = domain(app)
    pole = d.found_pole(name=f"Pôle {method}", territory="Diois", legal_form="SCIC SAS",
                        statutes={"model": "one_member_one_vote", "colleges": [],
                                  "board": {"seats": 2, "election_method": method, "election_secret": False}},
                        actor="admin", founders=[{"name": n, "kind": "person", "category": "beneficiary",
                                                  "representative": ""} for n in ("Anne", "Bruno", "Chloé")])
    members = {m["name"]: m["id"] for m in queries(app).members(str(pole))}
    user = accounts.create_user("anne@exemple.example", "Anne", "Un-mot-de-passe-2026")
    accounts.grant(user, str(pole), "member", members["Anne"])
    proposal = d.draft_election(pole, title="Élection", text="Deux sièges.", seats=2, reserved={}, actor=SECRETARY)
    for name in ("Anne", "Bruno", "Chloé"):
        d.declare_candidate(proposal, members[name], actor=SECRETARY)
    d.open_voting(proposal, closes_at=clock.now() + timedelta(days=3), actor=SECRETARY)
    login(client, "anne@exemple.example", "Un-mot-de-passe-2026")
    path = f"/poles/{pole}/proposals/{proposal}"
    page = client.get(path).get_data(as_text=True)
    if method == "plurality":
        assert 'type="checkbox" name="c0"' in page and "Cochez au plus 2 candidats" in text(client.get(path))
        too_many = client.post(f"{path}/ballot", data={"csrf_token": token(client, path), "c0": "1", "c1": "1",
                                                      "c2": "1"})
        assert too_many.status_code == 422 and "Refusé" in text(too_many)
    else:
        assert '<select name="c0"' in page and "Très bien" in page and 'name="blank"' in page
        partial = client.post(f"{path}/ballot", data={"csrf_token": token(client, path), "c0": "5"})
        assert partial.status_code == 422 and "Donnez une mention à chaque candidat" in text(partial)
    response = client.post(f"{path}/ballot", data={"csrf_token": token(client, path), **fields})
    assert response.status_code == 302, text(response)[-800:]
    assert d.get_proposal(proposal).ballots[members["Anne"]]["choice"] == expected
    shown = text(client.get(path))  # a public election: her own ballot, in words
    assert ("vote blanc" if expected == "---" else "Anne") in shown.split("a voté")[1][:200]
    d.cast_ballot(proposal, members["Bruno"], {"plurality": "011", "majority_judgment": "354"}[method], actor="b")
    d.close_voting(proposal, actor=SECRETARY)
    result = client.get(path)
    assert result.status_code == 200 and "Résultats de l'élection" in text(result)
    if method == "majority_judgment":
        assert "Mention majoritaire" in text(result) and "Profil pondéré" in text(result)
