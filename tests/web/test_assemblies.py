"""General assemblies and minutes over HTTP: convene an AG mixte on the demo pole (its two drafts are one ordinary,
one extraordinary resolution), run it, sign, download the PDF; an assembly votes only the kinds it was convened for;
attendance corrections that would bring a proxy back beyond the statutes."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from tests.web.conftest import csrf_token, login, MEMBER_EMAIL, OUTSIDER_EMAIL
from web.dates import PARIS

# A month ahead, Paris time: lawful notice on any convocation (Code de commerce R225-69: 15 days, then 10).
MEETING = (datetime.now(PARIS) + timedelta(days=30)).strftime("%Y-%m-%dT14:00")


def system(app: Any) -> Any:
    return app.extensions["collegia"]


def queries(app: Any) -> Any:
    return app.extensions["collegia.queries"]


def stored(app: Any) -> int:
    return system(app).app.recorder.max_notification_id() or 0


def token(client: Any, path: str, prefix: str = "") -> str:
    page = client.get(path).get_data(as_text=True)
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page)
    assert match, f"no {name} on {path}"
    return match.group(1)


def drafts(app: Any, pole_id: str) -> list[dict[str, Any]]:
    return queries(app).register(pole_id, status="draft", limit=50)


@pytest.fixture
def secretary(as_role: Any) -> Any:
    return as_role("secretary")


def convene(client: Any, app: Any, pole_id: str, kind: str = "mixed", agenda: list[str] | None = None,
            **extra: str) -> Any:
    base = f"/poles/{pole_id}/assemblies"
    data = {"csrf_token": token(client, f"{base}/new"), "kind": kind, "held_at": MEETING,
            "mode": "hybrid", "place": "Salle des fêtes, Crest", "convocation": "first",
            "agenda": agenda if agenda is not None else [p["id"] for p in drafts(app, pole_id)], **extra}
    return client.post(f"{base}/new", data=data)


def assembly_url(pole_id: str, assembly_id: str, path: str = "") -> str:
    return f"/poles/{pole_id}/assemblies/{assembly_id}{path}"


def post(client: Any, pole_id: str, assembly_id: str, path: str, prefix: str = "", **data: Any) -> Any:
    page = assembly_url(pole_id, assembly_id)
    field = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(page + path, data={field: token(client, page, prefix), **data})


def electors(app: Any, assembly_id: str) -> list[str]:
    return sorted(system(app).app.get_assembly(assembly_id).electorate)


def test_the_secretary_runs_a_mixed_assembly_and_downloads_signed_minutes(secretary: Any, app: Any,
                                                                           pole_id: str) -> None:
    agenda = [p["id"] for p in drafts(app, pole_id)]
    assert len(agenda) >= 2, "the demo pole offers two draft resolutions for an assembly"
    assert {p["kind"] for p in drafts(app, pole_id)} == {"ordinary", "extraordinary"}
    form = secretary.get(f"/poles/{pole_id}/assemblies/new").get_data(as_text=True)
    assert 'value="mixed"' in form and "Assemblée générale mixte" in form
    response = convene(secretary, app, pole_id, kind="mixed")
    assert response.status_code == 302
    assembly_id = response.headers["Location"].rstrip("/").split("/")[-1]
    page = secretary.get(assembly_url(pole_id, assembly_id)).get_data(as_text=True)
    assert "Assemblée générale mixte" in page and "Convoquée" in page
    # The quorum panel gives each kind of resolution its own quorum: 1/5 ordinary, 1/4 extraordinary.
    quorum = page.split('id="quorum-title"')[1].split("</section>")[0]
    assert "Résolution ordinaire" in quorum and "Résolution extraordinaire" in quorum
    assert "(20,00 %)" in quorum.replace("\u202f", " ") and "(25,00 %)" in quorum.replace("\u202f", " ")
    assert "Assemblée générale mixte" in secretary.get(f"/poles/{pole_id}/assemblies").get_data(as_text=True)

    assert post(secretary, pole_id, assembly_id, "/open").status_code == 302
    members = electors(app, assembly_id)
    # Not enough people yet: an AGE on first convocation needs a quarter of the members.
    assert post(secretary, pole_id, assembly_id, "/attendance", "att", **{"att-member": members[0],
                                                                          "att-mode": "present"}).status_code == 302
    refused_at = stored(app)
    # Without confirmation, putting to the vote only asks to confirm, saying what becomes final; nothing stored.
    response = post(secretary, pole_id, assembly_id, f"/resolutions/{agenda[0]}/vote")
    asked = response.get_data(as_text=True)
    assert response.status_code == 200 and "Cette action est définitive" in asked and 'value="yes"' in asked
    assert 'class="button danger"' in asked and stored(app) == refused_at
    response = post(secretary, pole_id, assembly_id, f"/resolutions/{agenda[0]}/vote", confirm="yes")
    assert response.status_code == 422
    assert "quorum non atteint : 1 sur 12 membres présents, représentés ou votant à distance, 3 requis en première " \
        "convocation" in response.get_data(as_text=True).replace("&#39;", "'")
    assert stored(app) == refused_at
    present = members[: max(len(members) // 2, 1)]
    for m in present:
        assert post(secretary, pole_id, assembly_id, "/attendance", "att", **{"att-member": m,
                                                                              "att-mode": "present"}).status_code == 302
    for number, proposal_id in enumerate(agenda[:2]):
        assert post(secretary, pole_id, assembly_id, f"/resolutions/{proposal_id}/vote",
                    confirm="yes").status_code == 302
        ballots_page = assembly_url(pole_id, assembly_id, f"/resolutions/{proposal_id}/ballots")
        choice = "for" if number == 0 else "against"
        response = secretary.post(ballots_page, data={"csrf_token": token(secretary, ballots_page),
                                                      **{f"ballot-{m}": choice for m in present}})
        assert response.status_code == 302, response.get_data(as_text=True)
        assert post(secretary, pole_id, assembly_id, f"/resolutions/{proposal_id}/close",
                    confirm="yes").status_code == 302
    for proposal_id in agenda[2:]:
        system(app).app.withdraw_proposal(proposal_id, reason="reportée", actor="test")
    before_close = stored(app)
    asked = post(secretary, pole_id, assembly_id, "/close")
    assert asked.status_code == 200 and "Clore la séance ?" in asked.get_data(as_text=True)
    assert stored(app) == before_close and system(app).app.get_assembly(assembly_id).status == "in_session"
    assert post(secretary, pole_id, assembly_id, "/close", confirm="yes").status_code == 302
    first, second = (queries(app).proposal(p) for p in agenda[:2])
    assert (first["outcome"], second["outcome"]) == ("adopted", "rejected")

    minutes = f"/poles/{pole_id}/minutes/{assembly_id}"
    page = secretary.get(minutes).get_data(as_text=True)
    assert "Procès-verbal" in page and "Quorum atteint" in page and "Non signé" in page
    # an AG mixte states each kind's quorum: ordinary 1/5, extraordinary 1/4 (first convocation)
    assert re.search(r"Résolution ordinaire : \d+ sur \d+ membres participent ; le quorum de 20,00.%", page)
    assert re.search(r"Résolution extraordinaire : \d+ sur \d+ membres participent ; le quorum de 25,00.%", page)
    response = secretary.post(f"{minutes}/sign", data={"sign-csrf_token": token(secretary, minutes, "sign"),
                                                       "sign-capacity": "chair"})
    assert response.status_code == 302
    pdf = secretary.get(f"{minutes}.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    flat = " ".join(text.split())
    assert "Assemblée générale mixte" in flat
    assert first["title"][:30] in flat and second["title"][:30] in flat
    assert "Adoptée" in flat and "Rejetée" in flat
    assert "signé par Claire Martin, président·e de séance" in flat
    assert f"{len(present)} sur {len(members)} membres" in flat
    # An archival PDF/A-3 (issue 25), the register's extract of the meeting embedded: the assembly's events and
    # its resolutions', up to the versions the minutes read; the same minutes give the same bytes.
    from infrastructure.pdfa import pdfa_findings
    assert pdfa_findings(pdf.data) == []
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        (name, attached), = document.attachments.items()
        extract = [json.loads(line) for line in attached.get_file().read_bytes().decode().splitlines()]
    assert name.startswith("registre-") and name.endswith(".jsonl")
    aggregates = {e["aggregate_id"] for e in extract}
    assert assembly_id in aggregates and {first["id"], second["id"]} <= aggregates
    assert "MinutesSigned" not in {e["topic"].rsplit(".", 1)[-1] for e in extract}  # the minutes read the meeting
    assert secretary.get(f"{minutes}.pdf").data == pdf.data


def test_a_refused_convocation_keeps_the_input_and_stores_nothing(secretary: Any, app: Any, pole_id: str) -> None:
    before = stored(app)
    response = convene(secretary, app, pole_id, kind="ordinary", agenda=[], place="Maison des associations")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "au moins une résolution" in page and "Maison des associations" in page
    assert stored(app) == before


def test_members_read_assemblies_but_cannot_run_them(client: Any, app: Any, pole_id: str) -> None:
    login(client, "claire.martin@terres-de-liens-coop.example")
    assembly_id = convene(client, app, pole_id).headers["Location"].rstrip("/").split("/")[-1]
    client.post("/logout", data={"csrf_token": csrf_token(client, f"/poles/{pole_id}/assemblies")})
    login(client, MEMBER_EMAIL)
    assert client.get(assembly_url(pole_id, assembly_id)).status_code == 200
    before = stored(app)
    page = assembly_url(pole_id, assembly_id)
    assert client.post(page + "/open", data={"csrf_token": token(client, page)}).status_code == 403
    assert stored(app) == before
    client.post("/logout", data={"csrf_token": csrf_token(client, page)})
    login(client, OUTSIDER_EMAIL)
    assert client.get(page).status_code == 403


def test_a_member_gives_its_proxy_for_the_whole_assembly(client: Any, app: Any, pole_id: str) -> None:
    login(client, "claire.martin@terres-de-liens-coop.example")
    assembly_id = convene(client, app, pole_id).headers["Location"].rstrip("/").split("/")[-1]
    client.post("/logout", data={"csrf_token": csrf_token(client, f"/poles/{pole_id}/assemblies")})
    login(client, MEMBER_EMAIL)
    page = assembly_url(pole_id, assembly_id)
    html = client.get(page).get_data(as_text=True)
    principal = re.search(r'name="mine-principal"[^>]*>\s*<option[^>]*value="([^"]+)"', html).group(1)
    holder = re.search(r'name="mine-holder"[^>]*>\s*<option[^>]*value="([^"]+)"', html).group(1)
    response = client.post(page + "/proxies", data={"mine-csrf_token": token(client, page, "mine"), "own": "1",
                                                    "mine-principal": principal, "mine-holder": holder})
    assert response.status_code == 302
    assert system(app).app.get_assembly(assembly_id).proxies[principal] == {"holder": holder, "status": "active"}


def test_minutes_of_an_online_vote_are_offered_and_signed(secretary: Any, app: Any, pole_id: str) -> None:
    closed = next(p for p in queries(app).register(pole_id, status="closed", limit=50) if not p["assembly_id"])
    minutes = f"/poles/{pole_id}/minutes/{closed['id']}"
    page = secretary.get(minutes).get_data(as_text=True)
    assert "Vote en ligne" in page and closed["title"] in page
    pdf = secretary.get(f"{minutes}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def french(response: Any) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


@pytest.mark.parametrize("kind, wrong, message", [
    ("ordinary", "extraordinary", "une assemblée ordinaire ne peut pas voter une résolution extraordinaire : "
                                  "convoquez une assemblée extraordinaire ou mixte"),
    ("extraordinary", "ordinary", "une assemblée extraordinaire ne peut pas voter une résolution ordinaire : "
                                  "convoquez une assemblée ordinaire ou mixte"),
])
def test_an_assembly_votes_only_the_kinds_it_was_convened_for(secretary: Any, app: Any, pole_id: str, kind: str,
                                                              wrong: str, message: str) -> None:
    """An AGO cannot put a statutes amendment on its agenda, nor an AGE an ordinary resolution (R225-66)."""
    before = stored(app)
    agenda = [p["id"] for p in drafts(app, pole_id) if p["kind"] == wrong]
    response = convene(secretary, app, pole_id, kind=kind, agenda=agenda, place="Maison des associations")
    assert response.status_code == 422
    page = french(response)
    assert message in page and "Maison des associations" in page
    assert stored(app) == before
    right = [p["id"] for p in drafts(app, pole_id) if p["kind"] == kind]
    assert convene(secretary, app, pole_id, kind=kind, agenda=right).status_code == 302


def capped_assembly(app: Any) -> tuple[str, str, dict[str, str]]:
    """A pole whose statutes cap proxies at one per holder and let a member who gave its proxy come after
    all (R225-85 III); its assembly in session, where B gave its proxy to H then came itself (the proxy is set
    aside) and C gave its proxy to H: correcting B to absent would give H two proxies."""
    collegia = system(app).app
    statutes = {"model": "weighted", "colleges": [{"code": "tous", "name": "Tous", "share": "1"}],
                "max_proxies_per_holder": 1, "proxy_same_college": False, "participation_change_allowed": True}
    pole = str(collegia.found_pole(
        name="Pôle plafonné", territory="Ici", legal_form="Association", statutes=statutes, actor="admin",
        founders=[{"name": f"Asso {n}", "kind": "ess_enterprise", "category": "employee", "representative": n,
                   "college": "tous"} for n in "ABCH"]))
    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.find_by_email("claire.martin@terres-de-liens-coop.example")["id"], pole, "secretary")
    ids = {m["name"][-1]: m["id"] for m in queries(app).members(pole)}
    draft = collegia.draft_proposal(pole, title="Budget 2027", text="Le budget est adopté.", actor="test")
    from datetime import datetime, timedelta, timezone
    assembly_id = str(collegia.convene_assembly(
        pole, kind="ordinary", held_at=datetime.now(timezone.utc) + timedelta(days=30), place="Salle",
        mode="in_person", convocation="first", agenda=[draft], actor="test"))
    collegia.give_assembly_proxy(assembly_id, ids["B"], ids["H"], actor="test")
    collegia.open_session(assembly_id, actor="test")
    collegia.record_attendance(assembly_id, ids["B"], "present", actor="test")
    collegia.give_assembly_proxy(assembly_id, ids["C"], ids["H"], actor="test")
    return pole, assembly_id, ids


def test_an_absence_that_would_break_the_proxy_cap_is_refused_then_recorded_without_the_proxy(
        client: Any, app: Any) -> None:
    pole, assembly_id, ids = capped_assembly(app)
    login(client, "claire.martin@terres-de-liens-coop.example")
    absent = {"att-member": ids["B"], "att-mode": "absent"}
    before = stored(app)
    response = post(client, pole, assembly_id, "/attendance", "att", **absent)
    assert response.status_code == 422
    page = french(response)
    assert "enregistrer ce membre absent remettrait son pouvoir en vigueur, ce que les statuts ne permettent pas " \
           "(les statuts plafonnent les pouvoirs à 1 par mandataire, et ce mandataire en détient déjà 1)" in page
    assert "Enregistrer l'absence sans rétablir le pouvoir" in page
    assert re.search(r'<button[^>]*name="restore_proxy"[^>]*value="0"', page)
    assert stored(app) == before
    assert system(app).app.get_assembly(assembly_id).attendance[ids["B"]] == "present"
    # The page offered nothing of the kind before the refusal.
    assert 'name="restore_proxy"' not in client.get(assembly_url(pole, assembly_id)).get_data(as_text=True)

    response = post(client, pole, assembly_id, "/attendance", "att", restore_proxy="0", **absent)
    assert response.status_code == 302
    a = system(app).app.get_assembly(assembly_id)
    assert ids["B"] not in a.attendance and a.proxies[ids["B"]]["status"] == "revoked"
    assert a.proxies_held_by(ids["H"]) == [ids["C"]]


def test_the_attendance_sheet_records_every_member_in_one_submit_and_keeps_refused_rows(
        secretary: Any, app: Any, pole_id: str) -> None:
    response = convene(secretary, app, pole_id, kind="mixed")
    assembly_id = response.headers["Location"].rstrip("/").split("/")[-1]
    collegia = system(app).app
    members = electors(app, assembly_id)
    gave, holder, remote = members[:3]
    collegia.give_assembly_proxy(assembly_id, gave, holder, actor="test")  # paper proxy: one way to take part
    assert post(secretary, pole_id, assembly_id, "/open").status_code == 302
    sheet = assembly_url(pole_id, assembly_id, "/attendance/sheet")
    page = secretary.get(sheet).get_data(as_text=True)
    assert all(f'name="sheet-{m}"' in page for m in members)
    before = stored(app)
    response = secretary.post(sheet, data={"sheet-csrf_token": token(secretary, sheet, "sheet"),
                                           f"sheet-{gave}": "present", f"sheet-{holder}": "present",
                                           f"sheet-{remote}": "remote"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    top = page.split('id="sheet-refusals"')[1].split("</div>")[0]
    assert f'href="#row-{gave}"' in top and "R225-85" in top  # the refused row, with the rule named
    assert re.search(rf'name="sheet-{gave}" value="present" checked', page)  # kept as chosen, to fix
    a = collegia.get_assembly(assembly_id)
    assert a.attendance.get(holder) == "present" and a.attendance.get(remote) == "remote"
    assert a.attendance.get(gave) is None and stored(app) == before + 2  # the valid rows, and only them
    response = secretary.post(sheet, data={"sheet-csrf_token": token(secretary, sheet, "sheet"),
                                           f"sheet-{gave}": "absent"})
    assert response.status_code == 302 and stored(app) == before + 2  # nothing changed, nothing stored


def test_the_attendance_sheet_never_undoes_a_status_recorded_since_it_was_shown(
        secretary: Any, app: Any, pole_id: str) -> None:
    """A member joining remotely while the secretary fills the sheet stays remote: only the rows changed on the
    sheet are applied, and a row changed on both sides is shown back, not applied."""
    response = convene(secretary, app, pole_id, kind="mixed")
    assembly_id = response.headers["Location"].rstrip("/").split("/")[-1]
    collegia = system(app).app
    joiner, other, both = electors(app, assembly_id)[:3]
    assert post(secretary, pole_id, assembly_id, "/open").status_code == 302
    sheet = assembly_url(pole_id, assembly_id, "/attendance/sheet")
    page = secretary.get(sheet).get_data(as_text=True)
    shown = dict(re.findall(r'name="was-([^"]+)" value="([^"]+)"', page))
    assert shown[joiner] == "absent"
    collegia.record_attendance(assembly_id, joiner, "remote", actor="the member, from home")
    collegia.record_attendance(assembly_id, both, "remote", actor="another secretary")
    data = {"sheet-csrf_token": token(secretary, sheet, "sheet"), **{f"was-{m}": v for m, v in shown.items()},
            **{f"sheet-{m}": v for m, v in shown.items()}, f"sheet-{other}": "present", f"sheet-{both}": "present"}
    response = secretary.post(sheet, data=data)
    a = collegia.get_assembly(assembly_id)
    assert a.attendance.get(joiner) == "remote"  # not reset to the absent the sheet showed
    assert a.attendance.get(other) == "present"  # the row the secretary changed
    assert a.attendance.get(both) == "remote" and response.status_code == 422  # changed on both sides: asked again


# -- the notice period (Code de commerce R225-69) --------------------------------------------------------
SENT = datetime(2027, 1, 4, 9, 0, tzinfo=PARIS)  # Monday 4 January 2027, 09:00 in Paris


def test_the_convene_page_gives_the_earliest_lawful_date_for_each_convocation(secretary: Any, pole_id: str) -> None:
    from governance.clock import frozen_time
    with frozen_time(SENT):
        page = secretary.get(f"/poles/{pole_id}/assemblies/new").get_data(as_text=True)
    assert "Au plus tôt le 19 janvier 2027 (R225-69 : 15 jours)" in page
    assert "Au plus tôt le 14 janvier 2027 (R225-69 : 10 jours)" in page


def test_a_convocation_with_too_short_a_notice_is_refused_on_the_form(secretary: Any, app: Any, pole_id: str) -> None:
    from governance.clock import frozen_time
    before = stored(app)
    with frozen_time(SENT):
        response = convene(secretary, app, pole_id, kind="mixed", held_at="2027-01-18T18:00")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ("R225-69 : il faut au moins 15 jours entre l'envoi de la convocation et l'assemblée sur première "
            "convocation (envoyée le 2027-01-04, l'assemblée du 2027-01-18 n'en laisse que 14 ; au plus tôt le "
            "2027-01-19)") in page.replace("&#39;", "'")
    assert stored(app) == before
    with frozen_time(SENT):
        response = convene(secretary, app, pole_id, kind="mixed", held_at="2027-01-19T18:00")
    assert response.status_code == 302, response.get_data(as_text=True)
