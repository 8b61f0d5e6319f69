"""The pole as it stood at a date, or just before an event, in the browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape as html_unescape

from projections.queries import Queries


def test_strategy_page_shows_the_version_in_force_at_a_date_and_every_version(as_role, pole_id):
    client = as_role("member")
    now = client.get(f"/poles/{pole_id}/strategy").get_data(as_text=True)
    assert "Version 2" in now and "plateforme logistique commune" in now
    then = client.get(f"/poles/{pole_id}/strategy?as_of=2025-06-01").get_data(as_text=True)
    current = then.split('<section class="card">', 1)[1].split("</section>", 1)[0]
    assert "Version 1" in current and "plateforme logistique commune" not in current
    assert "+4. Créer une plateforme logistique" in then  # the diff of version 2 stays readable
    assert client.get(f"/poles/{pole_id}/strategy?as_of=31/12/2025").status_code == 400


def test_strategy_page_refuses_other_poles_and_anonymous(client, as_role, pole_id):
    assert client.get(f"/poles/{pole_id}/strategy").status_code == 302
    assert as_role("outsider").get(f"/poles/{pole_id}/strategy").status_code == 403


def test_weights_and_roster_just_before_an_event(app, as_role, pole_id):
    queries = Queries(app.extensions["collegia"].engine)
    amended = [a for a in queries.audit(pole_id=pole_id, limit=1000) if a["event_type"] == "StatutesAmended"]
    second = amended[0]  # statutes v2
    client = as_role("secretary")
    before = client.get(f"/poles/{pole_id}/colleges?before={second['position']}").get_data(as_text=True)
    after = client.get(f"/poles/{pole_id}/colleges?before={second['position'] + 1}").get_data(as_text=True)
    assert re.search(r"[Ss]tatuts version 1", before) and re.search(r"[Ss]tatuts version 2", after)
    assert "Partenaires, recherche et formation" not in before.split("<table", 1)[1].split("</table>", 1)[0]
    roster = client.get(f"/poles/{pole_id}/roster?before={second['position']}")
    assert roster.status_code == 200
    assert client.get(f"/poles/{pole_id}/colleges?before=99999999").status_code == 400
    timeline = client.get(f"/poles/{pole_id}/proposals/{second['details']['proposal_id']}/timeline")
    links = timeline.get_data(as_text=True)
    assert timeline.status_code == 200
    assert f"/poles/{pole_id}/colleges?before={second['position']}" in links  # the amendment's own event
    assert f"/poles/{pole_id}/roster?before={second['position']}" in links


def test_the_roster_at_a_date_comes_a_page_at_a_time_with_the_counts_of_the_whole(app, as_role, pole_id, monkeypatch):
    """Issue 27: the page reads one page of rows and the head counts per college from the database, whatever the
    pole's size; the pages together are the whole roster, once each, in name order."""
    import web.audit.pages
    queries = Queries(app.extensions["collegia"].engine)
    whole = queries.roster(pole_id)  # nobody joins or leaves after the demo's history: the roster of 2030 is today's
    monkeypatch.setattr(web.audit.pages, "ROSTER_PAGE", 4)
    client, seen = as_role("secretary"), []
    first = client.get(f"/poles/{pole_id}/roster?as_of=2030-01-01").get_data(as_text=True)
    pages = int(re.search(r"Page 1 sur (\d+)", first).group(1))
    assert pages == -(-len(whole) // 4) and f"{len(whole)} membres" in first
    for page in range(1, pages + 1):
        text = client.get(f"/poles/{pole_id}/roster?as_of=2030-01-01&page={page}").get_data(as_text=True)
        body = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        seen += [html_unescape(name) for name in re.findall(r"<tr>\s*<td>([^<]+)</td>", body)]
        assert ("Page suivante" in text) == (page < pages) and ("Page précédente" in text) == (page > 1)
    assert seen == [m["name"] for m in whole]
    # The head count of each college, today and at a date, is the number of its rows (whatever their categories).
    expected: dict[str, int] = {}
    for m in whole:
        expected[m["college"] or ""] = expected.get(m["college"] or "", 0) + 1
    assert len({(m["college"], m["category"]) for m in whole}) > len(expected)  # a college of several categories
    colleges = {c["code"]: c["name"] for c in queries.statutes_as_of(pole_id)["statutes"]["colleges"]}
    for day in ("", "?as_of=2030-01-01"):
        text = html_unescape(client.get(f"/poles/{pole_id}/roster{day}").get_data(as_text=True))
        heads = text.split("</h2>", 1)[1].split("</p>", 1)[0]
        for code, n in expected.items():
            label = colleges.get(code, code) if code else "sans collège"
            assert re.search(rf"{re.escape(label)}\s*:\s*{n}\b", heads), (day, code, n, heads)
    assert queries.college_counts(pole_id) == expected == queries.college_counts(pole_id, datetime(2030, 1, 1, tzinfo=UTC))
    assert queries.power(pole_id).colleges  # the colleges' power from the same counts
