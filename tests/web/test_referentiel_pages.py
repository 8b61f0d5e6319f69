"""The référentiel's pages (issue 24): a member answers a campaign and changes its answers; the results of a tiny
campaign, hand-checked; the secretary of a campaign whose answers are not shared never sees what anyone answered; a
non-member is refused; the CSV export; a campaign refused at opening stores nothing; the référentiel's versions."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest

from governance import clock
from governance.errors import NotPermitted
from projections.queries import Queries
from tests.web.conftest import csrf_token

# Assertions on interface wording are in English (the `english` fixture): the French catalogue is merged later.

NADIA = "Régie de quartier Fontbarlettes"  # the member role's organisation (college salaries)
JULIEN = "SCOP Les Jardins de la Gervanne"  # salaries
ELISE = "Communauté de communes du Val de Drôme"  # collectivites


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def as_role_en(english, as_role):
    """`as_role`, the interface in English."""
    return as_role


@pytest.fixture
def q(system) -> Queries:
    return Queries(system.engine)


@pytest.fixture
def members(q, pole_id) -> dict[str, str]:
    return {m["name"]: m["id"] for m in q.members(pole_id)}


def opened(system, pole_id: str, **options: Any) -> str:
    today = clock.today()
    return str(system.app.open_campaign(pole_id, title=options.pop("title", "Campagne d'essai"), opens_on=today,
                                        closes_on=today + timedelta(days=14), actor="Claire Martin <secretary>",
                                        **options))


def answer(system, campaign: str, member: str, answers: dict[str, Any]) -> None:
    system.app.answer_campaign(campaign, respondent=member, answers=answers, actor="test", represented=[member])


def rate(importance: int | None, achievement: int | None, why: str = "") -> dict[str, Any]:
    return {"importance": importance, "achievement": achievement, "justification": why}


def post_answers(client, pole_id: str, campaign: str, member: str, fields: dict[str, str]):
    path = f"/poles/{pole_id}/referentiel/campaigns/{campaign}"
    data = {"csrf_token": csrf_token(client, path), "for": member}
    data.update({f"answer-{k}": v for k, v in fields.items()})
    return client.post(path, data=data)


def close(client, pole_id: str, campaign: str):
    path = f"/poles/{pole_id}/referentiel/campaigns/{campaign}/close"
    token = csrf_token(client, f"/poles/{pole_id}/referentiel/campaigns/{campaign}")
    asked = client.post(path, data={"close-csrf_token": token})
    assert asked.status_code == 200 and "confirm" in asked.get_data(as_text=True)
    return client.post(path, data={"close-csrf_token": token, "confirm": "yes"})


def test_a_member_answers_and_changes_its_answers(as_role_en, system, pole_id, members, q):
    campaign = opened(system, pole_id)
    client = as_role_en("member")
    page = flat(client.get(f"/poles/{pole_id}/referentiel/campaigns").get_data(as_text=True))
    assert re.search(rf'{campaign}">Campagne d&#39;essai</a></h3>.*?{campaign}">Respond</a>', page)
    form = client.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}").get_data(as_text=True)
    assert 'name="answer-importance-a1"' in form and "6 — très important" in form
    assert "Your answers are not shared:" in form
    nadia = members[NADIA]
    saved = post_answers(client, pole_id, campaign, nadia, {"importance-a1": "5", "achievement-a1": "2",
                                                            "justification-a1": "Le lieu est connu."})
    assert saved.status_code == 302
    assert system.app.own_answers(campaign, respondent=nadia) == {"a1": rate(5, 2, "Le lieu est connu.")}
    again = flat(client.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}").get_data(as_text=True))
    assert re.search(r'<input checked id="answer-importance-a1-\d+" name="answer-importance-a1" type="radio" '
                     r'value="5">', again), "the saved rating is checked again"
    assert "Le lieu est connu." in again
    changed = post_answers(client, pole_id, campaign, nadia, {"importance-a1": "6", "achievement-b2": "3"})
    assert changed.status_code == 302
    assert system.app.own_answers(campaign, respondent=nadia) == {"a1": rate(6, None), "b2": rate(None, 3)}
    participation = q.campaign_participation(campaign)
    assert [(p["respondent"], p["changes"]) for p in participation] == [(nadia, 1)]
    # a rating off the scale is refused by the form, nothing stored
    refused = post_answers(client, pole_id, campaign, nadia, {"importance-a1": "9"})
    assert refused.status_code == 422
    assert system.app.own_answers(campaign, respondent=nadia) == {"a1": rate(6, None), "b2": rate(None, 3)}
    # for a member it does not represent: 403
    assert post_answers(client, pole_id, campaign, members[ELISE], {"importance-a1": "1"}).status_code == 403


def test_the_results_of_a_tiny_campaign_hand_checked(as_role_en, system, pole_id, members, client):
    campaign = opened(system, pole_id)
    member = as_role_en("member")
    assert post_answers(member, pole_id, campaign, members[NADIA], {
        "importance-a1": "6", "achievement-a1": "2", "importance-a2": "3"}).status_code == 302
    answer(system, campaign, members[JULIEN], {"a1": rate(4, 1, "Peu de lieux.")})
    answer(system, campaign, members[ELISE], {"a1": rate(5, 4)})
    member.post("/logout", data={"csrf_token": csrf_token(member, f"/poles/{pole_id}/referentiel/campaigns")})
    secretary = as_role_en("secretary")
    closed = close(secretary, pole_id, campaign)
    assert closed.status_code == 302 and closed.headers["Location"].endswith(f"{campaign}/results")
    page = flat(secretary.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results").get_data(as_text=True))
    # a1, everyone: importance 4, 5, 6 → median 5, mean 5; achievement 1, 2, 4 → median 2, mean 7/3 ≈ 2.33
    everyone = re.search(r"a1 — [^<]*</th></tr> <tr><th scope=\"row\">All respondents</th> "
                         r"<td class=\"num\">(\d+)</td><td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td> "
                         r"<td class=\"nowrap\">[^<]*</td> <td class=\"num\">(\d+)</td><td class=\"num\">([^<]*)</td>"
                         r"<td class=\"num\">([^<]*)</td>", page)
    assert everyone and everyone.groups() == ("3", "5", "5", "3", "2", "2.33")
    # salariés (Régie, SCOP): importance 6, 4 → median 5; achievement 2, 1 → median 1.5
    salaries = re.search(r"a1 — .*?Salariés et producteurs</th> <td class=\"num\">(\d+)</td><td class=\"num\">"
                         r"([^<]*)</td><td class=\"num\">([^<]*)</td> <td class=\"nowrap\">[^<]*</td> "
                         r"<td class=\"num\">(\d+)</td><td class=\"num\">([^<]*)</td>", page)
    assert salaries and salaries.groups() == ("2", "5", "5", "2", "1.5")
    assert "Peu de lieux." in page  # the justification, without its author
    assert "reveal each one's rating" in page.replace("&#39;", "'")  # the collectivités' single ratings reveal them
    assert page.index('id="gaps-title"') < page.index('id="respondents-title"') < page.index('class="ref-radar"')
    assert 'role="img"' in page and "<desc" in page
    assert JULIEN not in page and ELISE not in page and NADIA not in page  # no respondent is named
    # the member reads the same results
    member = as_role_en("member")
    assert member.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results").status_code == 200
    # the change since the demo's closed campaign of 2025
    assert "Change since « Auto-évaluation 2025 »" in page and 'class="chart ref-movement"' in page


def test_the_secretary_of_a_campaign_not_shared_sees_no_answer(as_role, system, pole_id, members):
    campaign = opened(system, pole_id)
    answer(system, campaign, members[JULIEN], {"a1": rate(6, 1), "c3": rate(2, 4, "Nos voisins.")})
    answer(system, campaign, members[ELISE], {"a1": rate(3, 3)})
    secretary = as_role("secretary")
    status = flat(secretary.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}").get_data(as_text=True))
    assert JULIEN in status and ELISE in status  # who answered…
    assert 'type="radio"' not in status and "Nos voisins." not in status  # …never what
    close(secretary, pole_id, campaign)
    with pytest.raises(NotPermitted):
        system.app.campaign_answers(campaign)
    page = secretary.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results").get_data(as_text=True)
    assert 'id="individual-answers"' not in page and JULIEN not in page and ELISE not in page
    export = secretary.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results.csv").get_data(as_text=True)
    assert JULIEN not in export and ELISE not in export


def test_the_secretary_of_a_shared_campaign_reads_each_answer(as_role, system, pole_id, members):
    campaign = opened(system, pole_id, individual_shared=True)
    answer(system, campaign, members[JULIEN], {"a1": rate(6, 1, "Nos voisins.")})
    secretary = as_role("secretary")
    close(secretary, pole_id, campaign)
    page = secretary.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results").get_data(as_text=True)
    assert 'id="individual-answers"' in page and JULIEN in page
    member = as_role("member")
    page = member.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results").get_data(as_text=True)
    assert 'id="individual-answers"' not in page and JULIEN not in page


def test_a_non_member_is_refused(as_role, system, pole_id, q):
    campaign = opened(system, pole_id)
    outsider = as_role("outsider")
    for path in ("referentiel", "referentiel/campaigns", f"referentiel/campaigns/{campaign}",
                 f"referentiel/campaigns/{campaign}/results", f"referentiel/campaigns/{campaign}/results.csv"):
        assert outsider.get(f"/poles/{pole_id}/{path}").status_code == 403, path
    other = next(p["id"] for p in q.poles() if p["id"] != pole_id)
    assert outsider.get(f"/poles/{other}/referentiel/campaigns/{campaign}").status_code == 404
    assert outsider.get(f"/poles/{other}/referentiel/campaigns/{campaign}/results").status_code == 404
    member = as_role("member")
    token = csrf_token(member, f"/poles/{pole_id}/referentiel/campaigns")
    assert member.post(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/close",
                       data={"close-csrf_token": token, "confirm": "yes"}).status_code == 403
    assert not q.campaign(campaign)["closed"]


def test_the_results_export(as_role_en, system, pole_id, members):
    campaign = opened(system, pole_id)
    answer(system, campaign, members[JULIEN], {"a1": rate(6, 1)})
    answer(system, campaign, members[ELISE], {"a1": rate(3, 2)})
    secretary = as_role_en("secretary")
    assert secretary.get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results.csv").status_code == 404
    close(secretary, pole_id, campaign)
    response = as_role_en("member").get(f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results.csv")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:9] == ["College", "General objective", "Principal objective", "Indicator", "Wording", "Scale",
                           "Respondents who rated", "Median", "Mean"] and rows[0][9:] == [str(v) for v in range(1, 7)]
    a1 = {(r[0], r[5]): r for r in rows[1:] if r[3] == "a1"}
    # everyone: importance 3, 6 → median 4,5, mean 4,5; achievement 1, 2 → 1,5 (the 5th and 6th columns empty);
    # numbers as a French spreadsheet reads them, whatever the interface's language (as the other exports)
    assert a1[("All respondents", "importance")][6:] == ["2", "4,5", "4,5", "0", "0", "1", "0", "0", "1"]
    assert a1[("All respondents", "achievement")][6:] == ["2", "1,5", "1,5", "1", "1", "0", "0", "", ""]
    assert a1[("Salariés et producteurs", "importance")][6:9] == ["1", "6", "6"]


def test_opening_with_bad_dates_shows_the_refusal_and_stores_nothing(as_role_en, pole_id, q):
    secretary = as_role_en("secretary")
    path = f"/poles/{pole_id}/referentiel/campaigns"
    page = secretary.get(path).get_data(as_text=True)
    assert "This choice cannot be changed once the campaign is open." in page
    before = q.campaigns(pole_id)
    today = clock.today()
    response = secretary.post(path, data={
        "open-csrf_token": csrf_token(secretary, path), "open-title": "Campagne à l'envers",
        "open-opens_on": (today + timedelta(days=10)).isoformat(),
        "open-closes_on": (today + timedelta(days=3)).isoformat(),
        "open-version": "1", "open-mode": "members", "open-shared": "no"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'class="refusal"' in body and "Campagne à l&#39;envers" in body
    assert "closes on or after the day it opens" in body
    assert q.campaigns(pole_id) == before
    opened_now = secretary.post(path, data={
        "open-csrf_token": csrf_token(secretary, path), "open-title": "Campagne d'hiver",
        "open-opens_on": today.isoformat(), "open-closes_on": (today + timedelta(days=3)).isoformat(),
        "open-version": "1", "open-mode": "members", "open-shared": "no"})
    assert opened_now.status_code == 302
    assert [c["title"] for c in q.campaigns(pole_id)] == ["Campagne d'hiver"] + [c["title"] for c in before]


def test_a_campaign_for_named_people(as_role, system, pole_id, q):
    secretary = as_role("secretary")
    path = f"/poles/{pole_id}/referentiel/campaigns"
    today = clock.today()
    nadia = "Nadia Benali <nadia.benali@regie-fontbarlettes.example>"
    response = secretary.post(path, data={
        "open-csrf_token": csrf_token(secretary, path), "open-title": "Le bureau s'évalue",
        "open-opens_on": today.isoformat(), "open-closes_on": (today + timedelta(days=3)).isoformat(),
        "open-version": "1", "open-mode": "people", "open-people": [nadia], "open-shared": "yes"})
    assert response.status_code == 302, response.get_data(as_text=True)
    campaign = q.campaigns(pole_id)[0]
    assert campaign["mode"] == "people" and campaign["invited"] == 1 and campaign["individual_shared"]
    member = as_role("member")
    saved = post_answers(member, pole_id, campaign["id"], nadia, {"importance-a1": "4"})
    assert saved.status_code == 302
    assert system.app.own_answers(campaign["id"], respondent=nadia) == {"a1": rate(4, None)}
    secretary = as_role("secretary")
    close(secretary, pole_id, campaign["id"])
    results = f"/poles/{pole_id}/referentiel/campaigns/{campaign['id']}/results"
    page = secretary.get(results).get_data(as_text=True)
    assert "Salariés et producteurs" in page and 'id="individual-answers"' in page and "Nadia Benali" in page
    assert "Salariés et producteurs" in secretary.get(f"{results}.csv").get_data(as_text=True)
    # the person answers no more once the campaign is closed: refused, what was typed is shown again
    member = as_role("member")
    late = post_answers(member, pole_id, campaign["id"], nadia, {"justification-a1": "Trop tard"})
    assert late.status_code == 422 and "Trop tard" in late.get_data(as_text=True)


def test_the_referentiel_and_a_new_version(as_role, system, pole_id):
    member = as_role("member")
    page = member.get(f"/poles/{pole_id}/referentiel").get_data(as_text=True)
    assert "Labo de l" in page and "Disposer d&#39;un lieu identifié et accessible" in page
    assert 'name="version-title"' not in page
    secretary = as_role("secretary")
    path = f"/poles/{pole_id}/referentiel"
    form = secretary.get(path).get_data(as_text=True)
    assert 'name="version-wording-a1"' in form
    wordings = {m.group(1): m.group(2) for m in re.finditer(
        r'name="version-wording-([^"]+)"[^>]*>\s*([^<]*)</textarea>', form)}
    assert len(wordings) == 26
    data = {f"version-wording-{k}": v.replace("&#39;", "'") for k, v in wordings.items()}
    data.update({"version-csrf_token": csrf_token(secretary, path), "version-title": "Référentiel du pôle",
                 "version-wording-a1": "Disposer d'un lieu identifié, accessible et ouvert",
                 "version-new-i": "Mesurer l'impact environnemental des activités", "version-points": "5",
                 **{f"version-label-{n}": label for n, label in enumerate(
                     ["rien", "un peu", "à moitié", "presque", "atteint"], 1)}})
    response = secretary.post(f"{path}/versions", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    version = system.app.referentiel(pole_id)
    assert version.version == 2 and version.achievement.points == 5
    assert version.objective("i").indicators[-1].wording == "Mesurer l'impact environnemental des activités"
    assert version.indicators[0].wording == "Disposer d'un lieu identifié, accessible et ouvert"
    assert version.indicators[0].source == "" and version.indicators[1].source


def test_the_secretary_drafts_a_strategy_revision_from_an_objective(as_role_en, system, pole_id, members, q):
    campaign = opened(system, pole_id)
    answer(system, campaign, members[JULIEN], {"h1": rate(6, 1)})
    secretary = as_role_en("secretary")
    results = f"/poles/{pole_id}/referentiel/campaigns/{campaign}/results"
    # A stale or crafted form while the campaign is open: said plainly, nothing drafted (it was a 500).
    early = secretary.post(f"{results.removesuffix('/results')}/revisions", data={
        "revise-h-csrf_token": csrf_token(secretary, results.removesuffix("/results")), "objective": "h",
        "revise-h-title": "Trop tôt", "revise-h-text": "Texte"})
    assert early.status_code == 302 and q.campaign_revisions(campaign) == []
    assert "this one is not closed" in secretary.get(early.headers["Location"]).get_data(as_text=True)
    close(secretary, pole_id, campaign)
    page = secretary.get(results).get_data(as_text=True)
    assert "Propose a revision of the strategy" in page and 'name="revise-h-title"' in page
    token = csrf_token(secretary, results)
    refused = secretary.post(f"{results.removesuffix('/results')}/revisions", data={
        "revise-h-csrf_token": token, "objective": "h", "revise-h-title": "", "revise-h-text": "Texte"})
    assert refused.status_code == 422 and q.campaign_revisions(campaign) == []
    drafted = secretary.post(f"{results.removesuffix('/results')}/revisions", data={
        "revise-h-csrf_token": token, "objective": "h", "revise-h-title": "Relancer la recherche-développement",
        "revise-h-text": "Le pôle s'engage avec l'université."})
    assert drafted.status_code == 302
    [revision] = q.campaign_revisions(campaign)
    assert revision["objective"] == "h" and drafted.headers["Location"].endswith(
        f"/poles/{pole_id}/manage/proposals/{revision['proposal_id']}")
    assert q.proposal(revision["proposal_id"])["effect"]["type"] == "revise_strategy"
    assert "Relancer la recherche-développement" in secretary.get(results).get_data(as_text=True)
    member = as_role_en("member")
    assert member.post(f"{results.removesuffix('/results')}/revisions", data={
        "revise-h-csrf_token": csrf_token(member, results), "objective": "h", "revise-h-title": "Non",
        "revise-h-text": "Non"}).status_code == 403


def test_the_charts_are_described_and_need_no_style_nor_script(app):
    from web.referentiel.charts import movement_svg, radar_svg
    with app.test_request_context():
        radar = str(radar_svg([("a", "Ancrage"), ("b", "Développement"), ("c", "Acteurs")],
                              [{"label": "Ensemble", "values": [0.5, 1.0, None], "style": "all"},
                               {"label": "Salariés", "values": [0.25, 0.0, 0.75]}], "Réalisation médiane"))
        movement = str(movement_svg([{"label": "a — Ancrage", "before": 0.25, "after": 0.75, "text": "2 → 3"}],
                                    "Évolution", "Avant, après.", before="2025", after="2026"))
    for svg in (radar, movement):
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert "style=" not in svg and "<script" not in svg and "http://" not in svg.replace(
            'xmlns="http://www.w3.org/2000/svg"', "")
    # every figure is in the description: a 50 %, b 100 %, c — (nobody rated), then the other series
    assert re.search(r"Ensemble: a 50\s?%, b 100\s?%, c —\.", radar.replace("\u202f", " "))
    assert "Salariés: a 25" in radar and "a — Ancrage: 2 → 3." in movement
