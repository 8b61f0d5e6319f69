"""Voting by correspondence and consent to e-mail convocation, in the browser (issue 20; the law:
docs/convocation-law.md).

On the demo pole (a SCIC SA): the pole's identity recorded, two resolutions (one public, one secret) put on an
ordinary assembly convened and sent on Monday 4 January 2027 for Tuesday 19 January 2027 at 18:00 (Paris). Online
forms are received until Monday 18 January 15:00 (R225-77), paper forms received up to Saturday 16 January. The
governance clock is frozen around each request (`at`), so that the cut-offs are exact.

The statutes forms carrying the convocation settings (founding, amendment, the statutes page) are tested at the end.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import pytest

from governance.clock import frozen_time
from tests.security.hostile_helpers import Page
from tests.security.test_secret_ballot_leaks import Leaks, Vote
from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, csrf_token, login
from web.dates import PARIS

SENT = datetime(2027, 1, 4, 9, 0, tzinfo=PARIS)  # the convocation is sent (15 days' notice, R225-69)
MEETING = datetime(2027, 1, 19, 18, 0, tzinfo=PARIS)
BEFORE = datetime(2027, 1, 10, 11, 0, tzinfo=PARIS)  # a day to fill in the form
NADIA = "Régie de quartier Fontbarlettes"  # the member the member role represents
WARNING = ("Toute abstention exprimée dans le formulaire ou résultant de l'absence d'indication de vote ne sera pas "
           "considérée comme un vote exprimé (Code de commerce, art. R225-76).")


def at(moment: datetime, call: Any, *args: Any, **kwargs: Any) -> Any:
    with frozen_time(moment):
        return call(*args, **kwargs)


def text(response: Any) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')


def stored(app: Any) -> int:
    return app.extensions["collegia"].app.recorder.max_notification_id() or 0


@pytest.fixture
def domain(app: Any) -> Any:
    return app.extensions["collegia"].app


@pytest.fixture
def member(app: Any) -> Any:
    client = app.test_client()
    assert login(client, MEMBER_EMAIL).status_code == 302
    return client


@pytest.fixture
def secretary(app: Any) -> Any:
    client = app.test_client()
    assert login(client, SECRETARY_EMAIL).status_code == 302
    return client


@pytest.fixture
def ids(domain: Any, pole_id: str) -> dict[str, str]:
    pole = domain.get_pole(pole_id)
    members = {m["name"]: mid for mid, m in pole.members.items() if m["status"] == "admitted"}
    other = next(m for name, m in sorted(members.items()) if name != NADIA and not pole.consent_history(m))
    return {"nadia": members[NADIA], "other": other}  # the demo's Nadia agreed to e-mail in 2025, `other` did not


@pytest.fixture
def sent(domain: Any, pole_id: str) -> dict[str, str]:
    """The assembly, convened and its convocation sent on SENT: ids of the assembly and of both resolutions."""
    with frozen_time(SENT):
        domain.record_pole_identity(pole_id, registered_office="12 place du Marché\n26400 Crest",
                                    capital="Capital variable", rcs_number="123 456 789", rcs_city="Romans",
                                    actor="test")
        public = str(domain.draft_proposal(pole_id, title="Budget de la légumerie 2027",
                                           text="Le budget est adopté.", actor="test"))
        secret = str(domain.draft_proposal(pole_id, title="Élection du conseil coopératif",
                                           text="Le conseil est élu.", secret=True, actor="test"))
        assembly = str(domain.convene_assembly(pole_id, kind="ordinary", held_at=MEETING, place="Crest",
                                               mode="in_person", convocation="first", agenda=[public, secret],
                                               actor="test"))
        domain.send_convocation(assembly, reachable=[], actor="test")
    return {"assembly": assembly, "public": public, "secret": secret}


def form_url(pole_id: str, assembly: str, tail: str = "") -> str:
    return f"/poles/{pole_id}/assemblies/{assembly}/correspondence{tail}"


def send_form(client: Any, pole_id: str, sent: dict[str, str], member_id: str, choices: dict[str, str], *,
              moment: datetime = BEFORE, confirm: bool = True, way: str = "votes", **kwargs: Any) -> Any:
    """The member's form as the browser posts it (wire codes: for, agt, abs), confirmed or not."""
    url = form_url(pole_id, sent["assembly"])
    data = {"csrf_token": at(moment, csrf_token, client, url), "member": member_id, "way": way,
            **{f"choice-{sent[key]}": code for key, code in choices.items()}}
    if confirm:
        data["confirm"] = "yes"
    return at(moment, client.post, url, data=data, **kwargs)


# -- the member's online form -----------------------------------------------------------------------------
def test_a_member_sends_an_online_form_after_confirming_and_it_counts_for_the_quorum(
        app, domain, member, pole_id, sent, ids):
    assembly_page = f"/poles/{pole_id}/assemblies/{sent['assembly']}"
    page = text(at(BEFORE, member.get, form_url(pole_id, sent["assembly"])))
    assert page.count(WARNING) == 2  # at the top, and again next to the button
    assert "jusqu'au 18 janvier 2027 à 15:00, heure de Paris" in page
    assert page.index("Budget de la légumerie 2027") < page.index("Élection du conseil coopératif")  # agenda order
    radios = re.findall(r'<input type="radio"[^>]*name="choice-[^"]+"[^>]*>', page)
    assert len(radios) == 6 and not any("checked" in radio for radio in radios)  # none pre-selected
    assert "Vote à bulletin secret" in page
    assert "ne pourrez plus venir à l'assemblée" in page  # R225-85 III, the statutes' default
    before = stored(app)
    quorum = "0 sur 12 membres présents, représentés ou votant à distance"
    assert quorum in text(at(BEFORE, member.get, assembly_page))

    asked = send_form(member, pole_id, sent, ids["nadia"], {"public": "for", "secret": "agt"}, confirm=False)
    assert asked.status_code == 200 and "Vérifiez vos choix, puis confirmez" in text(asked)
    # the confirmation shows the member's own secret choice again: never kept in a cache
    assert "no-store" in asked.headers["Cache-Control"]
    assert stored(app) == before  # nothing recorded before the confirmation
    response = send_form(member, pole_id, sent, ids["nadia"], {"public": "for", "secret": "agt"})
    assert response.status_code == 302, text(response)

    form = domain.get_assembly(sent["assembly"]).live_forms()[ids["nadia"]]
    assert (form["channel"], form["received_on"], form["choices"]) == ("online", "2027-01-10", {sent["public"]: "for"})
    receipt = text(at(BEFORE, member.get, form_url(pole_id, sent["assembly"])))
    assert "Formulaire reçu le 10 janvier 2027" in receipt and "vote secret : enregistré" in receipt
    assert "1 sur 12 membres présents, représentés ou votant à distance" in text(at(BEFORE, member.get, assembly_page))


def test_a_secret_choice_is_never_shown_once_the_form_is_recorded(app, member, secretary, pole_id, sent, ids, caplog):
    """The public resolution's choice is the positive control: the same check finds it on the member's page."""
    caplog.set_level(logging.DEBUG)
    response = send_form(member, pole_id, sent, ids["nadia"], {"public": "for", "secret": "agt"},
                         follow_redirects=True)
    pages = [Page("after the form", response.status_code, response.mimetype, response.get_data())]
    base = f"/poles/{pole_id}"
    paths = {"member": [form_url(pole_id, sent["assembly"]), f"{base}/assemblies/{sent['assembly']}",
                        f"{base}/assemblies"],
             "secretary": [form_url(pole_id, sent["assembly"]), form_url(pole_id, sent["assembly"], "/forms"),
                           f"{base}/assemblies/{sent['assembly']}", f"{base}/register", f"{base}/events.jsonl",
                           f"{base}/proposals/{sent['secret']}/timeline", f"{base}/proposals/{sent['public']}/timeline",
                           f"{base}/manage/proposals/{sent['secret']}"]}
    for role, client in (("member", member), ("secretary", secretary)):
        for path in paths[role]:
            got = at(BEFORE, client.get, path)
            assert got.status_code == 200, (role, path)
            pages.append(Page(path, got.status_code, got.mimetype, got.get_data()))
    app_members = app.extensions["collegia"].app.get_pole(pole_id).members
    identities = {m: tuple(x for x in (m, info["name"], info.get("representative") or "") if len(x) >= 4)
                  for m, info in app_members.items()}
    secret = Vote(sent["secret"], "Élection du conseil coopératif", {ids["nadia"]: "against"}, True)
    control = Vote(sent["public"], "Budget de la légumerie 2027", {ids["nadia"]: "for"}, False)
    leaks = Leaks([secret, control], identities)
    for page in pages:
        leaks.check_page("web", page)
    for record in caplog.records:
        leaks.check_text("log", record.name, record.getMessage(), [])
    assert any(found[3] == "after the form" for found in leaks.of([control])), leaks.found  # the check sees choices
    assert leaks.of([secret]) == []
    # Nor anywhere beside the secret resolution's title, whoever it names.
    for page in pages:
        for line in page.text.splitlines():
            if "Élection du conseil coopératif" in line:
                assert not re.search(r"\b(contre|against)\b", line, re.IGNORECASE), (page.path, line)


def test_an_online_form_after_the_eve_at_15_00_is_refused_naming_r225_77(app, domain, member, pole_id, sent, ids):
    before = stored(app)
    late = send_form(member, pole_id, sent, ids["nadia"], {"public": "for"},
                     moment=datetime(2027, 1, 18, 15, 1, tzinfo=PARIS))
    assert late.status_code == 422 and "R225-77" in text(late)
    assert "Refusé" in text(late) and "étaient reçus jusqu'au 18 janvier 2027 à 15:00" in text(late)
    assert stored(app) == before and not domain.get_assembly(sent["assembly"]).forms
    on_time = send_form(member, pole_id, sent, ids["nadia"], {"public": "for"},
                        moment=datetime(2027, 1, 18, 14, 59, tzinfo=PARIS))
    assert on_time.status_code == 302


def test_a_second_form_is_refused_unless_the_statutes_allow_it_r225_85_iii(app, domain, member, pole_id, sent, ids):
    assert send_form(member, pole_id, sent, ids["nadia"], {"public": "for"}).status_code == 302
    assert "Envoyer mon formulaire" not in text(at(BEFORE, member.get, form_url(pole_id, sent["assembly"])))
    before = stored(app)
    again = send_form(member, pole_id, sent, ids["nadia"], {}, way="chair")
    assert again.status_code == 422 and "R225-85 III" in text(again)
    assert stored(app) == before
    assert domain.get_assembly(sent["assembly"]).forms[ids["nadia"]]["way"] == "votes"


def test_a_form_is_only_sent_for_a_member_one_represents(app, member, pole_id, sent, ids):
    before = stored(app)
    assert send_form(member, pole_id, sent, ids["other"], {"public": "for"}).status_code == 403
    assert stored(app) == before


# -- the secretary: paper forms ---------------------------------------------------------------------------
def paper(client: Any, pole_id: str, sent: dict[str, str], member_id: str, received_on: str, **choices: str) -> Any:
    url = form_url(pole_id, sent["assembly"], "/paper")
    moment = datetime(2027, 1, 18, 10, 0, tzinfo=PARIS)
    data = {"csrf_token": at(moment, csrf_token, client, url), "member": member_id, "received_on": received_on,
            "way": "votes", "confirm": "yes", **{f"choice-{sent[key]}": code for key, code in choices.items()}}
    return at(moment, client.post, url, data=data)


def test_a_paper_form_received_after_the_cut_off_is_refused_naming_r225_77(app, domain, secretary, pole_id, sent, ids):
    before = stored(app)
    late = paper(secretary, pole_id, sent, ids["other"], "2027-01-17", public="agt")
    assert late.status_code == 422 and "R225-77" in text(late) and "2027-01-16" in text(late)
    assert stored(app) == before
    in_time = paper(secretary, pole_id, sent, ids["other"], "2027-01-16", public="agt", secret="for")
    assert in_time.status_code == 302, text(in_time)
    form = domain.get_assembly(sent["assembly"]).live_forms()[ids["other"]]
    assert (form["channel"], form["received_on"], form["choices"]) == ("paper", "2027-01-16",
                                                                      {sent["public"]: "against"})
    listing = text(at(BEFORE, secretary.get, form_url(pole_id, sent["assembly"], "/forms")))
    assert "16 janvier 2027" in listing and "sur papier" in listing and "compté" in listing


# -- consent to e-mail convocation (R225-63) ----------------------------------------------------------------
def test_consent_withdrawn_and_given_on_the_account_page_is_in_the_poles_history(domain, member, secretary,
                                                                                    pole_id, ids):
    """The demo's Nadia agreed to e-mail in 2025: she returns to post, then agrees again, from her account's page."""
    assert "Convoqué par courriel, depuis votre accord du" in text(member.get("/account/notifications"))
    day = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)

    def act(action: str, member_id: str = ids["nadia"]) -> Any:
        data = {"csrf_token": csrf_token(member, "/account/notifications"), "pole_id": pole_id,
                "member_id": member_id, "action": action}
        return at(day, member.post, "/account/notifications/convocation", data=data)
    assert act("withdraw").status_code == 302
    assert domain.get_pole(pole_id).consent_history(ids["nadia"])[-1] == {
        "entry": "withdrawn", "on": "2026-12-01", "channel": "online"}
    account = text(member.get("/account/notifications"))
    assert "J'accepte d'être convoqué(e) par courriel aux assemblées générales" in account
    assert "au moins 35 jours avant elle" in account
    assert act("withdraw").status_code == 409  # already by post: the state refuses it
    listing = text(secretary.get(f"/poles/{pole_id}/convocation-consents?member={ids['nadia']}"))
    assert "a demandé à être convoqué par courrier à nouveau (en ligne)" in listing
    assert act("give").status_code == 302
    assert [e["entry"] for e in domain.get_pole(pole_id).consent_history(ids["nadia"])][-2:] == ["withdrawn", "given"]
    assert act("give", ids["other"]).status_code == 403  # nobody acts for a member they do not represent
    assert domain.get_pole(pole_id).consent_history(ids["other"]) == []


def test_the_secretary_records_a_signed_paper_consent_with_its_date(domain, secretary, pole_id, ids):
    url = f"/poles/{pole_id}/convocation-consents"
    data = {"csrf_token": csrf_token(secretary, url), "member": ids["other"], "entry": "given", "on": "2026-11-20"}
    assert secretary.post(url, data=data).status_code == 302
    assert domain.get_pole(pole_id).consent_history(ids["other"]) == [
        {"entry": "given", "on": "2026-11-20", "channel": "paper"}]
    assert secretary.post(url, data={**data, "on": "2099-01-01"}).status_code == 422  # a date to come: refused


# -- the statutes forms carry the convocation settings --------------------------------------------------------
FOUNDING = {"name": "Pôle Convocations", "territory": "Diois", "legal_form": "SCIC SAS", "model": "scic",
            "colleges-0-code": "salaries", "colleges-0-name": "Salariés", "colleges-0-share": "50%",
            "colleges-1-code": "usagers", "colleges-1-name": "Usagers", "colleges-1-share": "50%",
            "empty_college_rule": "proportional", "max_proxies": "2", "admission_by": "board",
            "exclusion_by": "assembly"}
SETTINGS = {"convocation_channels": "post", "consent_days": "40", "correspondence_voting": "no",
            "paper_form_days": "1", "remote_counts_as_present": "y"}
# The law's values, which statutes store only when they depart from them (governance/statutes.py `to_dict`).
LAW = {"convocation_channels": ["post", "email"], "consent_days": 35, "correspondence_voting": True,
       "paper_form_days": 3, "remote_counts_as_present": None}
STORED = {"convocation_channels": ["post"], "consent_days": 40, "correspondence_voting": False, "paper_form_days": 1,
          "remote_counts_as_present": True}


def test_the_founding_form_sets_the_convocation_settings_and_refuses_a_short_consent(app, as_role):
    admin = as_role("admin")
    queries = app.extensions["collegia.queries"]

    def found(**changes: str) -> Any:
        return admin.post("/admin/poles/new", data={**FOUNDING, **changes,
                                                     "csrf_token": csrf_token(admin, "/admin/poles/new")})
    before = stored(app)
    refused = found(**{**SETTINGS, "consent_days": "34"})
    assert refused.status_code == 422 and "R225-63" in text(refused) and stored(app) == before
    sa = found(**{**SETTINGS, "legal_form": "SCIC SA à capital variable"})
    assert sa.status_code == 422 and "L225-107" in text(sa) and stored(app) == before
    assert found(**SETTINGS).status_code == 302
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Convocations")
    statutes = queries.statutes_versions(pole["id"])[0]["statutes"]
    assert {key: statutes.get(key, LAW[key]) for key in STORED} == STORED


def test_the_amendment_editor_shows_and_amends_the_convocation_settings(app, as_role, pole_id):
    from tests.web.test_secretary import college_rows, manage, proposal_data, proposal_titled
    client = as_role("secretary")
    page = text(client.get(manage(pole_id, "proposals/new?effect=amend_statutes")))
    assert re.search(r'id="consent_days"[^>]*value="35"|value="35"[^>]*id="consent_days"', page)
    assert re.search(r'id="paper_form_days"[^>]*value="3"|value="3"[^>]*id="paper_form_days"', page)
    # The demo's statutes predate the setting: they counted remote members as present, and are shown so.
    assert re.search(r'<input checked[^>]*id="remote_counts_as_present"', page)
    rows = college_rows([("salaries", "Salariés", "30%"), ("usagers", "Usagers", "30%"),
                         ("collectivites", "Collectivités", "20%"), ("partenaires", "Partenaires", "20%")])
    url = manage(pole_id, "proposals/new")

    def draft(title: str, **settings: str) -> Any:
        return client.post(url, data=proposal_data(client, csrf_token(client, url), title=title, kind="extraordinary",
                                                   effect_type="amend_statutes", **rows, **settings))
    before = stored(app)
    refused = draft("Statuts trop courts", **{**SETTINGS, "correspondence_voting": "yes", "consent_days": "34"})
    assert refused.status_code == 422 and "R225-63" in text(refused) and stored(app) == before
    assert draft("Statuts convocation", **{**SETTINGS, "correspondence_voting": "yes"}).status_code == 302
    amended = proposal_titled(app, pole_id, "Statuts convocation")["effect"]["statutes"]
    assert {key: amended.get(key, LAW[key]) for key in STORED} == {**STORED, "correspondence_voting": True}
    edit = text(client.get(manage(pole_id, f"proposals/{proposal_titled(app, pole_id, 'Statuts convocation')['id']}"
                                           "/edit")))
    assert re.search(r'id="consent_days"[^>]*value="40"|value="40"[^>]*id="consent_days"', edit)


def test_the_statutes_page_shows_the_convocation_settings(as_role, pole_id):
    page = text(as_role("member").get(f"/poles/{pole_id}/colleges"))
    assert "au moins 35 jours avant l'assemblée (art. R225-63)" in page
    assert "reçus au plus tard 3 jours avant l'assemblée (art. R225-77)" in page
    assert "réputés présents pour le calcul du quorum" in page  # the demo's statutes predate the setting (L225-107 II)



# -- on a phone, in Chromium: the member's form, its confirmation and receipt; the secretary's pages ---------------
def test_the_pages_fit_a_phone_pass_axe_and_the_form_works_without_script(domain, pole_id, ids, browser,
                                                                          live_server):
    """Real time here (the server runs in its own thread): an assembly in 20 days, its convocation sent now."""
    from datetime import UTC, timedelta
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from tests.web.conftest import browser_login
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page, overflow, set_size

    resolution = str(domain.draft_proposal(pole_id, title="Résolution par correspondance", text="Texte.\n" * 3,
                                           secret=True, actor="test"))
    assembly = str(domain.convene_assembly(pole_id, kind="ordinary", held_at=datetime.now(UTC) + timedelta(days=20),
                                           place="Crest", mode="hybrid", convocation="first", agenda=[resolution],
                                           actor="test"))
    domain.send_convocation(assembly, reachable=[], actor="test")
    source = axe_source()
    load_axe_on_every_page(browser, source)
    problems: list[str] = []

    def check(label: str) -> None:
        set_size(browser, "phone")
        if (wide := overflow(browser)):
            problems.append(f"{label}: scrolls sideways — {wide}")
        problems.extend(f"{label}: axe {v}" for v in axe_violations(browser, source))

    base = f"{live_server}/poles/{pole_id}"
    browser_login(browser, live_server, MEMBER_EMAIL)
    browser.get(f"{base}/assemblies/{assembly}/correspondence")
    check("the member's form")
    browser.find_element(By.CSS_SELECTOR, "input[type=radio][value=agt]").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Envoyer mon formulaire']").click()
    WebDriverWait(browser, 10).until(lambda b: "Vérifiez vos choix, puis confirmez" in b.page_source)
    check("the confirmation")
    browser.find_element(By.XPATH, "//button[normalize-space()='Confirmer et envoyer le formulaire']").click()
    WebDriverWait(browser, 10).until(lambda b: "Formulaire reçu le" in b.page_source)
    check("the receipt")
    browser.get(f"{live_server}/account/notifications")
    check("the account's page")
    browser.delete_all_cookies()
    browser_login(browser, live_server, SECRETARY_EMAIL)
    for path in (f"/assemblies/{assembly}/correspondence/forms", f"/assemblies/{assembly}/correspondence/paper",
                 "/convocation-consents"):
        browser.get(base + path)
        check(path)
    assert not problems, "\n".join(problems)
    assert domain.get_assembly(assembly).live_forms()[ids["nadia"]]["channel"] == "online"
