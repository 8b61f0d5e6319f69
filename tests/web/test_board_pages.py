"""The board's pages (issue 21), over HTTP on the demo pole: the board as of a date with its seats, officers and
mandates; each person's mandates; the mandates ending within six months; the secretary's records (a resignation,
a co-optation waiting for ratification, an officer) and the CSV of the mandates, neutralised against spreadsheet
formulas. Refusals are 4xx with the rule, never a 500."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

from governance import clock
from governance.clock import PARIS, frozen_time
from tests.web.conftest import csrf_token
from tests.web.test_election_pages import SECRETARY, closed_election, domain, member_id, queries, text, token


def board_url(pole_id: str) -> str:
    return f"/poles/{pole_id}/board"


def today() -> date:
    return clock.now().astimezone(PARIS).date()


def test_the_board_page_lists_the_elected_members_with_their_seats_and_terms(app, as_role, pole_id):
    member = as_role("member")
    empty = text(member.get(board_url(pole_id)))
    assert "Conseil" in empty and "Personne ne siégeait au conseil ce jour-là" in empty
    closed_election(app, pole_id)
    page = text(member.get(board_url(pole_id)))
    sitting = domain(app).get_pole(pole_id).board_on(today())
    assert len(sitting) == 3
    for mandate in sitting:
        assert mandate["name"] in page
    assert "siège réservé à Salariés et producteurs" in page and "siège ouvert" in page
    assert "Élu·e" in page and str(today().year + 3) in page
    assert "Mandats arrivant à échéance" not in page  # a secretary's block
    assert "Secrétariat : registre du conseil" not in page


def test_the_board_as_of_a_date_and_a_bad_date(app, as_role, pole_id):
    closed_election(app, pole_id)
    member = as_role("member")
    before = text(member.get(f"{board_url(pole_id)}?date={today() - timedelta(days=1)}"))
    assert "Personne ne siégeait au conseil ce jour-là" in before
    later = text(member.get(f"{board_url(pole_id)}?date={today().replace(year=today().year + 4)}"))
    assert "Personne ne siégeait au conseil ce jour-là" in later
    for bad in ("2026-13-40", "demain", "9999-01-01"):
        response = member.get(f"{board_url(pole_id)}?date={bad}")
        assert response.status_code == 400 and "n'est pas une date" in text(response), bad


def test_each_persons_mandates(app, as_role, pole_id):
    closed_election(app, pole_id)
    member = as_role("member")
    lucie = member_id(app, pole_id, "Lucie Garnier")
    page = text(member.get(f"{board_url(pole_id)}/members/{lucie}"))
    assert "Mandats de Lucie Garnier" in page and "1 mandat" in page
    nadia = member_id(app, pole_id, "Régie de quartier Fontbarlettes")
    assert "Aucun mandat au conseil" in text(member.get(f"{board_url(pole_id)}/members/{nadia}"))
    assert member.get(f"{board_url(pole_id)}/members/nobody").status_code == 404


def test_mandates_ending_within_six_months_are_shown_to_the_secretary(app, as_role, pole_id):
    closed_election(app, pole_id)
    secretary = as_role("secretary")
    assert "Mandats arrivant à échéance" not in text(secretary.get(board_url(pole_id)))
    ends = date.fromisoformat(domain(app).get_pole(pole_id).board_on(today())[0]["ends_on"])
    with frozen_time(datetime(ends.year, ends.month, ends.day, 12, tzinfo=PARIS) - timedelta(days=60)):
        page = text(secretary.get(board_url(pole_id)))
        assert "Mandats arrivant à échéance dans les 6 mois" in page
        assert "Mandats arrivant à échéance dans les 6 mois" in text(
            secretary.get(f"/poles/{pole_id}/manage/proposals"))


def test_the_secretary_records_a_resignation_a_cooptation_and_an_officer(app, as_role, pole_id):
    closed_election(app, pole_id)
    secretary = as_role("secretary")
    url = board_url(pole_id)
    sitting = domain(app).get_pole(pole_id).board_on(today())
    lucie = next(m for m in sitting if m["name"] == "Lucie Garnier")
    response = secretary.post(f"{url}/end", data={"end-csrf_token": token(secretary, url), "end-mandate": lucie["id"],
                                                  "end-reason": "resignation", "end-on": today().isoformat(),
                                                  "end-decision": "Lettre de démission"})
    assert response.status_code == 302, text(response)[-1500:]
    assert domain(app).get_pole(pole_id).mandate(lucie["id"])["end_reason"] == "resignation"
    again = secretary.post(f"{url}/end", data={"end-csrf_token": token(secretary, url), "end-mandate": lucie["id"],
                                               "end-reason": "resignation", "end-on": today().isoformat(),
                                               "end-decision": "Lettre"})
    assert again.status_code == 422 and "Refusé" in text(again)

    karim = member_id(app, pole_id, "Association Épicerie solidaire du Diois")
    response = secretary.post(f"{url}/cooptation", data={
        "coopt-csrf_token": token(secretary, url), "coopt-member": karim, "coopt-replaces": lucie["id"],
        "coopt-on": today().isoformat(), "coopt-decision": "Conseil du jour"})
    assert response.status_code == 302, text(response)[-1500:]
    page = text(secretary.get(url))
    assert "Épicerie solidaire du Diois" in page and "à ratifier par la prochaine assemblée ordinaire" in page

    chair = next(m for m in sitting if m["name"] != "Lucie Garnier")
    response = secretary.post(f"{url}/officer", data={"officer-csrf_token": token(secretary, url),
                                                      "officer-mandate": chair["id"], "officer-role": "président·e",
                                                      "officer-decision": "Conseil du jour"})
    assert response.status_code == 302, text(response)[-1500:]
    assert "président·e" in text(secretary.get(url))
    unknown = secretary.post(f"{url}/officer", data={"officer-csrf_token": token(secretary, url),
                                                     "officer-mandate": chair["id"], "officer-role": "roi",
                                                     "officer-decision": "x"})
    assert unknown.status_code == 422 and "Refusé" in text(unknown)


def test_incomplete_forms_and_other_roles_are_refused_without_a_500(app, as_role, pole_id):
    closed_election(app, pole_id)
    secretary = as_role("secretary")
    url = board_url(pole_id)
    for path, prefix in (("end", "end"), ("cooptation", "coopt"), ("officer", "officer")):
        response = secretary.post(f"{url}/{path}", data={f"{prefix}-csrf_token": token(secretary, url)})
        assert response.status_code == 422, path
        response = secretary.post(f"{url}/{path}", data={f"{prefix}-csrf_token": token(secretary, url),
                                                         f"{prefix}-mandate": "nothing", f"{prefix}-on": "2026-02-30",
                                                         f"{prefix}-decision": "x"})
        assert response.status_code == 422, path
    end = secretary.post(f"{url}/end", data={"end-csrf_token": token(secretary, url), "end-mandate": "nothing",
                                             "end-reason": "resignation", "end-on": today().isoformat(),
                                             "end-decision": "x"})
    assert end.status_code == 422 and "Refusé" in text(end)
    member = as_role("member")
    for path, prefix in (("end", "end"), ("cooptation", "coopt"), ("officer", "officer")):
        assert member.post(f"{url}/{path}", data={f"{prefix}-csrf_token": token(member, url)}).status_code == 403
    assert member.get(f"{url}/mandates.csv").status_code == 403


def test_the_mandates_csv_is_neutralised_against_formulas(app, as_role, pole_id):
    d = domain(app)
    hostile = d.request_membership(pole_id, name="=HYPERLINK(\"http://x\")", kind="person", category="beneficiary",
                                   representative="", actor="rep")
    d.admit_member(pole_id, hostile, decision="Conseil", actor=SECRETARY)
    d.assign_college(pole_id, hostile, college="usagers", reason="Admission", actor=SECRETARY)
    proposal = d.draft_election(pole_id, title="Élection", text="Un siège.", seats=1, reserved={}, actor=SECRETARY)
    d.declare_candidate(proposal, hostile, actor=SECRETARY)
    d.open_voting(proposal, closes_at=clock.now() + timedelta(days=1), actor=SECRETARY)
    d.cast_ballot(proposal, member_id(app, pole_id, "Régie de quartier Fontbarlettes"), "f", actor="rep")
    d.cast_ballot(proposal, member_id(app, pole_id, "Commune de Crest"), "f", actor="rep")
    d.cast_ballot(proposal, member_id(app, pole_id, "Lucie Garnier"), "f", actor="rep")
    d.close_voting(proposal, actor=SECRETARY)
    secretary = as_role("secretary")
    response = secretary.get(f"{board_url(pole_id)}/mandates.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Membre"
    names = [row[0] for row in rows[1:]]
    assert names == ["'=HYPERLINK(\"http://x\")"], names
    assert queries(app).mandates(pole_id)[0]["name"].startswith("=")


def test_the_statutes_amendment_editor_carries_the_board_settings(app, as_role, pole_id):
    from tests.web.test_secretary import college_rows, manage, proposal_data, proposal_titled
    client = as_role("secretary")
    form = client.get(manage(pole_id, "proposals/new?effect=amend_statutes")).get_data(as_text=True)
    assert re.search(r'<input[^>]*id="board_seats"[^>]*value="6"', form), "the statutes' six seats, prefilled"
    assert re.search(r'<input[^>]*checked[^>]*value="collegia"|<input[^>]*value="collegia"[^>]*checked', form)
    token = csrf_token(client, manage(pole_id, "proposals/new"))
    rows = [("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"), ("collectivites", "Collectivités", "20%"),
            ("partenaires", "Partenaires", "20%")]
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts : conseil de 7", kind="extraordinary", effect_type="amend_statutes",
        board_setting="collegia", board_name="conseil coopératif", board_seats="7", board_reserved="salaries=2",
        board_term_years="4", board_renewal_groups="2", board_officers="président·e, trésorier·e",
        board_quorum="1/2", board_majority="1/2", board_casting_vote="y", board_method="majority_judgment",
        **college_rows(rows)))
    assert response.status_code == 302, re.findall(r'.{80}(?:refusal|error).{200}', text(response))
    board = proposal_titled(app, pole_id, "Statuts : conseil de 7")["effect"]["statutes"]["board"]
    assert (board["name"], board["seats"], board["reserved"], board["term_years"]) == (
        "conseil coopératif", 7, {"salaries": 2}, 4)
    assert board["election_method"] == "majority_judgment" and board["election_secret"] is False
    assert board["casting_vote"] is True and board["officers"] == ["président·e", "trésorier·e"]
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts sans conseil", kind="extraordinary", effect_type="amend_statutes",
        board_setting="none", **college_rows(rows)))
    assert response.status_code == 302
    assert "board" not in proposal_titled(app, pole_id, "Statuts sans conseil")["effect"]["statutes"]
    response = client.post(manage(pole_id, "proposals/new"), data=proposal_data(
        client, token, title="Statuts : mandat de 7 ans", kind="extraordinary", effect_type="amend_statutes",
        board_setting="collegia", board_seats="6", board_term_years="7", **college_rows(rows)))
    assert response.status_code == 422 and "6" in text(response)  # loi 1947 art. 6: at most 6 years
