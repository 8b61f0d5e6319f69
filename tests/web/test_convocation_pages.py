"""The secretary's side of convening (issue 20), over HTTP: the pole's identity (R225-66), the convocation page and
its sending (refused without the identity, R225-66, or with a short notice, R225-69), the convocation register
with each member's channel and rule (R225-63), the posting date, the postal batch (PDF), the documents made
available (R225-83, R225-89) and technical incidents (R225-99).

Times are frozen (governance.clock): the meeting is on Tuesday 2027-01-19, the convocation sent on Monday
2027-01-04 (15 days, R225-69); two members who had not consented sign a paper consent, one dated 2026-12-15
(35 days before the meeting: e-mail) and one 2026-12-16 (34 days: post, R225-63 al. 2).
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from governance.clock import PARIS, frozen_time
from governance.convocation import fingerprint
from tests.web.conftest import MEMBER_EMAIL, OUTSIDER_EMAIL, login

CONSENTS_AT = datetime(2026, 12, 20, 10, 0, tzinfo=PARIS)
SENT = datetime(2027, 1, 4, 9, 0, tzinfo=PARIS)
MEETING = datetime(2027, 1, 19, 18, 0, tzinfo=PARIS)
# Neither consented to e-mail in the demo.
IN_TIME, TOO_LATE = "Association Épicerie solidaire du Diois", "Chantier d'insertion Valence Nord"
EARLY = "Régie de quartier Fontbarlettes"  # consented online in 2025 (demo)
PDF = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n"  # 3 MB: beyond the app's 2 MB request limit


def domain(app: Any) -> Any:
    return app.extensions["collegia"].app


def member_id(app: Any, pole_id: str, name: str) -> str:
    return next(m["id"] for m in app.extensions["collegia.queries"].members(pole_id) if m["name"] == name)


def page(response: Any) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')


def token(client: Any, path: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def url(pole_id: str, assembly_id: str, path: str = "") -> str:
    return f"/poles/{pole_id}/assemblies/{assembly_id}{path}"


@pytest.fixture
def secretary(as_role: Any) -> Any:
    return as_role("secretary")


@pytest.fixture
def assembly_id(app: Any, pole_id: str) -> str:
    """A mixed assembly on 2027-01-19, convened on 2027-01-04; two paper consents recorded on 2026-12-20."""
    collegia = domain(app)
    with frozen_time(CONSENTS_AT):
        for name, day in ((IN_TIME, date(2026, 12, 15)), (TOO_LATE, date(2026, 12, 16))):
            collegia.give_convocation_consent(pole_id, member_id(app, pole_id, name), channel="paper",
                                              given_on=day, actor="secrétaire")
    drafts = [p for p in app.extensions["collegia.queries"].register(pole_id, status="draft", limit=50)
              if not p.get("amends")]  # the demo's amendment joins its resolution's assembly once admitted
    with frozen_time(SENT):
        return str(collegia.convene_assembly(pole_id, kind="mixed", held_at=MEETING, place="Salle des fêtes, Crest",
                                             mode="hybrid", convocation="first", agenda=[p["id"] for p in drafts],
                                             actor="secrétaire"))


def send(client: Any, pole_id: str, assembly_id: str, confirm: bool = True) -> Any:
    data = {"csrf_token": token(client, url(pole_id, assembly_id, "/convocation"))}
    if confirm:
        data["confirm"] = "yes"
    return client.post(url(pole_id, assembly_id, "/convocation/send"), data=data)


@pytest.fixture
def sent(app: Any, secretary: Any, pole_id: str, assembly_id: str) -> str:
    with frozen_time(SENT):
        response = send(secretary, pole_id, assembly_id)
    assert response.status_code == 302, page(response)
    return assembly_id


# -- the pole's identity ---------------------------------------------------------------------------------------
def test_the_identity_form_records_the_pole_identity_and_refuses_bad_input(app: Any, secretary: Any,
                                                                           pole_id: str) -> None:
    path = f"/poles/{pole_id}/manage/identity"
    form = page(secretary.get(path))
    assert "123 456 789" in form and "R123-237" in form and "R225-66" in form
    identity = domain(app).get_pole(pole_id).identity
    refused = secretary.post(path, data={**identity, "questions_email": "pas une adresse",
                                         "csrf_token": token(secretary, path)})
    assert refused.status_code == 422
    assert 'value="pas une adresse"' in page(refused)  # the input is kept
    assert domain(app).get_pole(pole_id).identity == identity  # nothing recorded
    done = secretary.post(path, data={**identity, "capital": "variable (minimum 18 500 €)",
                                      "registered_office": "12 place du Marché\r\n26400 Crest",
                                      "csrf_token": token(secretary, path)})
    assert done.status_code == 302
    recorded = domain(app).get_pole(pole_id).identity
    assert recorded["capital"] == "variable (minimum 18 500 €)"
    assert recorded["registered_office"] == "12 place du Marché\n26400 Crest"


def test_only_the_pole_secretary_prepares_the_convocation(as_role: Any, client: Any, pole_id: str,
                                                         assembly_id: str) -> None:
    as_role("member")
    assert client.get(url(pole_id, assembly_id, "/convocation")).status_code == 403
    assert client.get(f"/poles/{pole_id}/manage/identity").status_code == 403
    assert client.get(url(pole_id, assembly_id, "/convocation/register")).status_code == 403


# -- sending -----------------------------------------------------------------------------------------------------
def test_sending_without_the_pole_identity_is_refused_naming_r225_66(app: Any, secretary: Any, pole_id: str,
                                                                   assembly_id: str) -> None:
    path = f"/poles/{pole_id}/manage/identity"
    identity = domain(app).get_pole(pole_id).identity
    with frozen_time(SENT):
        assert secretary.post(path, data={**identity, "rcs_number": "", "csrf_token": token(secretary, path)}
                              ).status_code == 302
        preview = page(secretary.get(url(pole_id, assembly_id, "/convocation")))
        response = send(secretary, pole_id, assembly_id, confirm=False)  # refused at once: no confirmation asked
    assert "Numéro d'immatriculation (SIREN)" in preview and f"/manage/identity?assembly={assembly_id}" in preview
    assert response.status_code == 422
    assert "R225-66" in page(response) and "rcs_number" in page(response)
    assert domain(app).get_assembly(assembly_id).convocation_sent is None


def test_sending_after_the_lawful_day_is_refused_naming_r225_69(app: Any, secretary: Any, pole_id: str,
                                                              assembly_id: str) -> None:
    with frozen_time(datetime(2027, 1, 5, 9, 0, tzinfo=PARIS)):
        preview = page(secretary.get(url(pole_id, assembly_id, "/convocation")))
        response = send(secretary, pole_id, assembly_id)
    assert "4 janvier 2027" in preview  # the last lawful day to send
    assert response.status_code == 422
    assert "R225-69" in page(response) and "2027-01-05" in page(response)
    assert domain(app).get_assembly(assembly_id).convocation_sent is None


def test_the_convocation_is_sent_after_a_confirmation_and_the_register_proves_each_channel(
        app: Any, secretary: Any, pole_id: str, assembly_id: str) -> None:
    from notifications.planner import MailPlanner
    system = app.extensions["collegia"]
    planner = MailPlanner(system.app, system.engine, system.settings)
    planner.ensure_position()  # the mail planner follows the log from here: it queues the convocation's e-mails
    with frozen_time(SENT):
        preview = page(secretary.get(url(pole_id, assembly_id, "/convocation")))
        asked = send(secretary, pole_id, assembly_id, confirm=False)
        assert asked.status_code == 200 and 'name="confirm" value="yes"' in page(asked)
        assert domain(app).get_assembly(assembly_id).convocation_sent is None  # nothing sent before confirming
        done = send(secretary, pole_id, assembly_id)
    assert "Avis de convocation à l'assemblée générale mixte" in preview
    assert done.status_code == 302 and done.headers["Location"].endswith("/convocation/register")
    sent = domain(app).get_assembly(assembly_id).convocation_sent
    assert sent["sha256"] == fingerprint(sent["text"])
    assert f"/poles/{pole_id}/assemblies/{assembly_id}" in sent["text"]  # the assembly page, as an absolute URL
    with frozen_time(SENT):
        planner.catch_up()
    register = page(secretary.get(url(pole_id, assembly_id, "/convocation/register")))
    assert "4 janvier 2027, 09:00" in register and sent["sha256"] in register

    def row(name: str, delivery: bool = False) -> str:
        found = re.search(rf"<th scope=\"row\">{re.escape(name)}[^<]*</th><td>([^<]*)</td><td>([^<]*)</td>"
                          r"<td>([^<]*)</td>", register)
        assert found, name
        return " | ".join(found.groups()[:3] if delivery else found.groups()[:2])
    assert row(IN_TIME) == ("courriel | courriel : accord du 15 décembre 2026 (art. R225-63, au moins 35 jours "
                            "avant l'assemblée)")
    assert row(TOO_LATE) == ("voie postale | voie postale : accord du 16 décembre 2026, moins de 35 jours avant "
                             "l'assemblée (art. R225-63 al. 2)")
    assert row("Commune de Crest") == ("voie postale | voie postale : pas d'accord pour la voie électronique "
                                       "(art. R225-63)")
    assert row(EARLY, delivery=True).startswith("courriel | courriel : accord du")
    assert row(EARLY, delivery=True).endswith(" | en attente")  # queued in the outbox
    assert row(TOO_LATE, delivery=True).endswith(" | à poster")
    assembly_page = page(secretary.get(url(pole_id, assembly_id)))
    assert "Convocation envoyée le 4 janvier 2027, 09:00" in assembly_page
    csv = secretary.get(url(pole_id, assembly_id, "/convocation/register.csv"))
    assert csv.headers["Content-Disposition"] == 'attachment; filename="convocation-AGM-2027-01-19-registre.csv"'
    line = next(row for row in csv.get_data(as_text=True).splitlines() if row.startswith(TOO_LATE))
    assert ";voie postale;voie postale : accord du 16 décembre 2026, moins de 35 jours" in line
    assert line.endswith(f";à poster;2027-01-04 09:00;{sent['sha256']}")
    with frozen_time(SENT):
        again = send(secretary, pole_id, assembly_id)
    assert again.status_code == 409  # sent once


def test_the_posting_date_is_recorded_once_and_states_the_notice_by_post(app: Any, secretary: Any, pole_id: str,
                                                                       sent: str) -> None:
    path = url(pole_id, sent, "/convocation/register")
    with frozen_time(datetime(2027, 1, 6, 9, 0, tzinfo=PARIS)):
        early = secretary.post(url(pole_id, sent, "/convocation/posting"),
                               data={"posted_on": "2027-01-03", "csrf_token": token(secretary, path)})
        assert early.status_code == 422  # before the convocation was sent: refused by the domain
        assert domain(app).get_assembly(sent).convocation_sent["posted_on"] is None
        done = secretary.post(url(pole_id, sent, "/convocation/posting"),
                              data={"posted_on": "2027-01-05", "csrf_token": token(secretary, path)})
        assert done.status_code == 302
        again = secretary.post(url(pole_id, sent, "/convocation/posting"),
                               data={"posted_on": "2027-01-06", "csrf_token": token(secretary, path)})
        assert again.status_code == 409
    register = page(secretary.get(path))
    assert "posté le 5 janvier 2027" in register
    assert domain(app).get_assembly(sent).notice_kept() == {"needed": 15, "days": {"email": 15, "post": 14},
                                                           "unposted": False, "kept": False}
    assert re.search(r"Voie postale</th><td class=\"num\">14</td><td class=\"num\">15</td>\s*"
                     r"<td><span class=\"badge bad\">", register)


def test_the_postal_batch_prints_a_letter_for_each_member_convened_by_post(app: Any, secretary: Any, pole_id: str,
                                                                         sent: str) -> None:
    letters = secretary.get(url(pole_id, sent, "/convocation/letters.pdf"))
    assert letters.status_code == 200 and letters.mimetype == "application/pdf"
    assert letters.headers["Content-Disposition"] == \
        'attachment; filename="convocation-AGM-2027-01-19-courriers.pdf"'
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letters.data)).pages)
    assert TOO_LATE in text and "Commune de Crest" in text and "26400 Crest" in text
    assert EARLY not in text  # convened by e-mail
    assert "Avis de convocation" in text
    deposit = secretary.get(url(pole_id, sent, "/convocation/post-office.pdf"))
    assert deposit.mimetype == "application/pdf"
    assert deposit.headers["Content-Disposition"].endswith('-liste-de-depot.pdf"')
    listed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(deposit.data)).pages)
    assert TOO_LATE in listed and "Liste de dépôt" in listed and EARLY not in listed


def test_the_postal_batch_of_an_assembly_not_yet_convened_is_not_found(secretary: Any, pole_id: str,
                                                                      assembly_id: str) -> None:
    assert secretary.get(url(pole_id, assembly_id, "/convocation/letters.pdf")).status_code == 404


def test_the_secretary_records_a_member_postal_address(app: Any, secretary: Any, pole_id: str) -> None:
    from infrastructure.contacts import postal_address
    member = member_id(app, pole_id, TOO_LATE)
    path = f"/poles/{pole_id}/manage/members/{member}/address"
    too_long = "\n".join(f"ligne {n}" for n in range(12))
    refused = secretary.post(path, data={"address": too_long, "csrf_token": token(secretary, path)})
    assert refused.status_code == 422
    done = secretary.post(path + "?back=//ailleurs.example/", data={
        "address": "Mme Sophie Blanc\r\n1 rue Neuve\r\n26400 Crest", "csrf_token": token(secretary, path)})
    assert done.status_code == 302 and done.headers["Location"].startswith(f"/poles/{pole_id}/manage/members")
    engine = app.extensions["collegia"].engine
    assert postal_address(engine, pole_id, member) == "Mme Sophie Blanc\n1 rue Neuve\n26400 Crest"


# -- documents ---------------------------------------------------------------------------------------------------
def test_a_document_is_uploaded_listed_and_downloaded_as_an_attachment(app: Any, as_role: Any, client: Any,
                                                                      pole_id: str, assembly_id: str) -> None:
    as_role("secretary")
    path = url(pole_id, assembly_id, "/documents")
    with frozen_time(datetime(2027, 1, 5, 9, 0, tzinfo=PARIS)):  # 14 days before the meeting
        response = client.post(path, data={"csrf_token": token(client, path), "proposal": "",
                                           "file": (io.BytesIO(PDF), "Comptes annuels 2026.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 302, page(response)
        refused = client.post(path, data={"csrf_token": token(client, path),
                                          "file": (io.BytesIO(b"MZ" + b"\0" * 100), "outil.exe")},
                              content_type="multipart/form-data")
    assert refused.status_code == 422
    assert len(domain(app).get_assembly(assembly_id).documents) == 1
    digest = hashlib.sha256(PDF).hexdigest()
    client = app.test_client()
    login(client, MEMBER_EMAIL)
    listing = page(client.get(url(pole_id, assembly_id)))
    assert "Comptes annuels 2026.pdf" in listing and digest in listing and "3 Mo" in listing
    assert "mis à disposition le 5 janvier 2027" in listing and "R225-89" in listing
    download = client.get(url(pole_id, assembly_id, f"/documents/{digest}"))
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Comptes annuels 2026.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(url(pole_id, assembly_id, f"/documents/{'0' * 64}")).status_code == 404
    from infrastructure.documents import store_document
    stored_elsewhere = store_document(app.extensions["collegia"].engine, b"Autre document\n", "text/plain")
    # stored, but not one of this assembly's documents
    assert client.get(url(pole_id, assembly_id, f"/documents/{stored_elsewhere}")).status_code == 404
    assert client.get(url(pole_id, assembly_id, "/documents/not-a-sha")).status_code == 404


def test_a_document_the_assembly_refuses_stores_no_byte(app: Any, as_role: Any, client: Any, pole_id: str) -> None:
    """The demo's 2026 assembly is closed: the upload is refused with the rule, and its bytes are not kept."""
    from infrastructure.documents import load_document
    as_role("secretary")
    closed = next(a["id"] for a in app.extensions["collegia.queries"].assemblies(pole_id) if a["status"] == "closed")
    content = b"%PDF-1.4\nRapport du conseil, version tardive\n%%EOF\n"
    path = url(pole_id, closed, "/documents")
    response = client.post(path, data={"csrf_token": token(client, path), "proposal": "",
                                       "file": (io.BytesIO(content), "Rapport tardif.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422, page(response)
    assert "clos" in page(response)
    assert load_document(app.extensions["collegia"].engine, hashlib.sha256(content).hexdigest()) is None


def test_another_pole_cannot_download_a_document(app: Any, client: Any, pole_id: str, assembly_id: str) -> None:
    from infrastructure.documents import store_document
    engine = app.extensions["collegia"].engine
    digest = store_document(engine, b"Rapport de gestion\n", "text/plain")
    domain(app).make_document_available(assembly_id, sha256=digest, name="rapport.txt", size=19,
                                        media_type="text/plain", actor="secrétaire")
    login(client, OUTSIDER_EMAIL)
    other = next(p["id"] for p in app.extensions["collegia.queries"].poles() if p["id"] != pole_id)
    assert client.get(url(pole_id, assembly_id, f"/documents/{digest}")).status_code == 403
    assert client.get(url(other, assembly_id, f"/documents/{digest}")).status_code == 404


# -- technical incidents -----------------------------------------------------------------------------------------
def test_an_incident_is_recorded_during_the_session_and_listed_on_the_assembly_page(
        app: Any, secretary: Any, pole_id: str, assembly_id: str) -> None:
    path = url(pole_id, assembly_id, "/incidents")
    data = {"started_at": "2027-01-19T18:40", "ended_at": "2027-01-19T18:55",
            "description": "Coupure de la visioconférence : trois membres à distance déconnectés."}
    with frozen_time(MEETING):
        refused = secretary.post(path, data={**data, "csrf_token": token(secretary, path)})
        assert refused.status_code == 422  # before the session opens
        domain(app).open_session(assembly_id, actor="secrétaire")
        done = secretary.post(path, data={**data, "csrf_token": token(secretary, path)})
    assert done.status_code == 302, page(done)
    incidents = domain(app).get_assembly(assembly_id).incidents
    assert len(incidents) == 1 and incidents[0]["started_at"] == datetime(2027, 1, 19, 18, 40, tzinfo=PARIS)
    listed = page(secretary.get(url(pole_id, assembly_id)))
    assert "Du 19 janvier 2027, 18:40 au 19 janvier 2027, 18:55" in listed
    assert "Coupure de la visioconférence" in listed


# -- on a phone ----------------------------------------------------------------------------------------------------
def test_the_convening_pages_fit_a_phone_pass_axe_and_speak_french(app: Any, browser: Any, live_server: str, pole_id: str) -> None:
    """In Chromium at 375 px: nothing scrolls sideways, axe-core finds no WCAG 2 A/AA violation, and the visible text
    is French, with no domain code (tests/web/test_french_crawl.py's check). The live server runs in its own thread,
    so real time here: a meeting a month ahead."""
    from datetime import UTC, timedelta

    from infrastructure.documents import store_document
    from tests.web.conftest import SECRETARY_EMAIL, browser_login
    from tests.web.test_french_crawl import VisibleText, findings
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page, overflow, set_size
    collegia = domain(app)
    drafts = [p for p in app.extensions["collegia.queries"].register(pole_id, status="draft", limit=50)
              if not p.get("amends")]  # the demo's amendment joins its resolution's assembly once admitted
    assembly = str(collegia.convene_assembly(
        pole_id, kind="mixed", held_at=datetime.now(UTC) + timedelta(days=30), place="Salle des fêtes, Crest",
        mode="hybrid", convocation="first", agenda=[p["id"] for p in drafts], actor="secrétaire"))
    digest = store_document(app.extensions["collegia"].engine, b"%PDF-1.4\n%%EOF\n", "application/pdf")
    collegia.make_document_available(assembly, sha256=digest, name="Rapport de gestion du conseil 2026.pdf",
                                     size=15, media_type="application/pdf", actor="secrétaire")
    source = axe_source()
    load_axe_on_every_page(browser, source)
    browser_login(browser, live_server, SECRETARY_EMAIL)
    before = [f"/poles/{pole_id}/manage/identity", url(pole_id, assembly, "/convocation")]
    after = [url(pole_id, assembly), url(pole_id, assembly, "/convocation/register"),
             url(pole_id, assembly, "/documents"), url(pole_id, assembly, "/incidents"),
             f"/poles/{pole_id}/manage/members/{member_id(app, pole_id, TOO_LATE)}/address"]
    problems = []
    for path in [*before, "send", *after]:
        if path == "send":
            collegia.send_convocation(assembly, reachable=[], actor="secrétaire")
            continue
        set_size(browser, "phone")
        browser.get(live_server + path)
        assert "Collegia" in browser.title, path
        if (wide := overflow(browser)):
            problems.append(f"{path}: scrolls sideways — {wide}")
        problems += [f"{path}: axe {v}" for v in axe_violations(browser, source)]
        text = VisibleText()
        text.feed(browser.page_source)
        problems += [f"{path}: {finding}" for finding in findings(text.text)]  # French, no code, no English
    assert not problems, "\n".join(problems)
