"""Colleges and weights: shares, head counts, one member's weight, compliance, statutes history; amendment partial."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

import pytest
from flask import render_template_string

from demo.pole import STATUTES_V2, STATUTES_V3
from governance.statutes import College, Statutes
from tests.web.conftest import csrf_token

NBSP = "\u202f"


def to_english(client):
    client.post("/language", data={"language": "en", "csrf_token": csrf_token(client), "next": "/login"})
    return client


def college_rows(page: str) -> list[tuple[str, str, str, str]]:
    """(name, share, members, one member's weight) per row of the colleges table."""
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row">([^<]+)<br>.*?<td class="num">([^<]+)</td>\s*<td class="num">(\d+)</td>\s*'
                      r'<td class="num">([^<]+)</td>', table, re.S)


def test_anonymous_users_are_sent_to_the_login_page(as_role, pole_id):
    response = as_role("anonymous").get(f"/poles/{pole_id}/colleges")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_members_of_another_pole_are_refused(as_role, pole_id):
    assert as_role("outsider").get(f"/poles/{pole_id}/colleges").status_code == 403
    assert as_role("outsider").get("/poles/no-such-pole/colleges").status_code == 404


@pytest.mark.parametrize("role", ["member", "secretary", "admin"])
def test_members_secretaries_and_admins_see_the_colleges(as_role, role, pole_id):
    assert as_role(role).get(f"/poles/{pole_id}/colleges").status_code == 200


def test_today_four_colleges_with_shares_head_counts_and_weights(as_role, pole_id):
    page = as_role("member").get(f"/poles/{pole_id}/colleges").get_data(as_text=True)
    assert college_rows(page) == [
        ("Salariés et producteurs", f"30,00{NBSP}%", "3", f"10,00{NBSP}%"),
        ("Usagers et bénéficiaires", f"25,00{NBSP}%", "4", f"6,25{NBSP}%"),
        ("Collectivités territoriales", f"20,00{NBSP}%", "2", f"10,00{NBSP}%"),
        ("Partenaires, recherche et formation", f"25,00{NBSP}%", "3", f"8,33{NBSP}%"),
    ]
    assert '<svg class="chart" role="img"' in page and "<title" in page and "<desc" in page
    assert f"25{NBSP}% · 6,25{NBSP}%" in page  # the chart writes the same figures beside each bar
    assert f"100,00{NBSP}%" in page  # shares total


def test_as_of_a_past_date_the_three_colleges_of_statutes_v1(as_role, pole_id):
    page = as_role("member").get(f"/poles/{pole_id}/colleges?as_of=2025-03-01").get_data(as_text=True)
    assert [(name, share, n) for name, share, n, _w in college_rows(page)] == [
        ("Salariés et producteurs", f"40,00{NBSP}%", "3"),
        ("Usagers et bénéficiaires", f"35,00{NBSP}%", "3"),
        ("Collectivités territoriales", f"25,00{NBSP}%", "2"),
    ]
    assert 'value="2025-03-01"' in page and '<label for="as_of">' in page


def test_compliance_findings_and_rules_are_written_out(as_role, pole_id):
    page = to_english(as_role("member")).get(f"/poles/{pole_id}/colleges").get_data(as_text=True)
    assert page.count('<span class="badge ok">Compliant</span>') == 2  # text badges, not colour alone
    for words in ("merged into college Usagers et bénéficiaires", f"more than 50.00{NBSP}% of votes cast",
                  f"at least 66.67{NBSP}% of votes cast", "Proxies one member may hold"):
        assert words in page, words  # English UI, English numbers


def test_the_statutes_history_links_each_adopting_decision(app, as_role, pole_id):
    versions = app.extensions["collegia.queries"].statutes_versions(pole_id)
    decisions = [v["decision_id"] for v in versions if v["decision_id"]]
    assert len(versions) == 3 and len(decisions) == 2
    page = as_role("secretary").get(f"/poles/{pole_id}/colleges").get_data(as_text=True)
    for decision in decisions:
        assert f"/poles/{pole_id}/proposals/{decision}/timeline" in page
    member_page = as_role("member").get(f"/poles/{pole_id}/colleges").get_data(as_text=True)
    assert "/timeline" not in member_page
    assert all(f"/poles/{pole_id}/proposals/{d}\"" in member_page for d in decisions)


def test_an_invalid_date_is_refused_with_a_message(as_role, pole_id):
    client = to_english(as_role("member"))
    response = client.get(f"/poles/{pole_id}/colleges?as_of=not-a-date")
    assert response.status_code == 400 and "is not a date" in response.get_data(as_text=True)
    page = client.get(f"/poles/{pole_id}/colleges?as_of=2020-01-01").get_data(as_text=True)
    assert "did not exist yet" in page


# -- the amendment comparison partial ------------------------------------------------------
def compare(app, current: Statutes, proposed: Statutes) -> str:
    """The partial as French users see it (`make test` compiles the French catalogue first)."""
    with app.test_request_context():
        return render_template_string('{% include "colleges/_amendment_compare.html" %}',
                                      current_statutes=current, proposed_statutes=proposed)


def test_the_amendment_partial_compares_shares_and_rules(app):
    html = compare(app, Statutes.from_dict(STATUTES_V2), Statutes.from_dict(STATUTES_V3))
    assert re.search(rf"Usagers et bénéficiaires.*?30,00{NBSP}%.*?25,00{NBSP}%.*?−5,00", html, re.S)
    assert re.search(rf"Partenaires, recherche et formation.*?20,00{NBSP}%.*?25,00{NBSP}%.*?\+5,00", html, re.S)
    assert "reportée sur le collège Usagers et bénéficiaires" in html  # the changed empty-college rule
    assert 'class="badge warning"' in html and 'class="badge ok"' in html and 'class="badge bad"' not in html


def test_the_amendment_partial_shows_new_and_removed_colleges(app):
    current = Statutes.from_dict(STATUTES_V2)
    proposed = current.with_colleges([College("salaries", "Salariés", Fraction(1, 2)),
                                      College("habitants", "Habitants", Fraction(1, 2))])
    html = compare(app, current, proposed)
    assert html.count('class="badge bad"') == 3  # usagers, collectivites, partenaires removed; rules respected
    assert html.count('class="badge warning"') >= 2  # the new college; only two colleges (advice)


def test_the_amendment_partial_reports_a_broken_rule_as_a_finding(app):
    current = Statutes.from_dict(STATUTES_V2)
    proposed = replace(current, colleges=(College("salaries", "Salariés", Fraction(55, 100)),
                                          College("usagers", "Usagers", Fraction(45, 100))))
    html = compare(app, current, proposed)
    findings = html.split("<ul", 1)[1]
    assert 'class="badge bad"' in findings and "55" in findings


def test_a_one_member_one_vote_pole_without_colleges(as_role, app):
    other = next(p for p in app.extensions["collegia.queries"].poles() if p["name"] == "Autre pôle")
    client = to_english(as_role("outsider"))
    response = client.get(f"/poles/{other['id']}/colleges")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "One member, one vote" in page and "Founding statutes" in page
    assert "No voting college" in page and "<svg" not in page
