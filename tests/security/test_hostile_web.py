"""Oversized and hostile inputs through the browser forms, the JSON API, the exports and the minutes PDF.

- A 10 MB proposal text and 100,000-character names are refused with a clear message (4xx, never
  5xx) and store nothing, through the forms and through the API.
- HTML/JS payloads (`<script>`, an attribute break-out with `onerror`, a `javascript:` URL, a
  `{{7*7}}` template injection) typed into every free-text field a user can fill come back
  escaped on every page (never as markup), as literal text in the CSV and JSON-lines exports and
  in the API's JSON, and as literal text in the minutes PDF (WeasyPrint did not read them as
  markup: no link to `javascript:`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from markupsafe import escape

from tests.api.conftest import *  # noqa: F401,F403  (app with the API, api_as, head, demo, client, as_role...)
from tests.api.conftest import assert_problem
from tests.security.hostile_helpers import crawl, csv_rows, pdf_link_targets, pdf_text
from tests.web.conftest import ADMIN_EMAIL, DEMO_PASSWORD, SECRETARY_EMAIL, csrf_token, login

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>javascript:alert(1){{7*7}}'
SHORT_PAYLOAD = '"><img src=x onerror=alert(1)>{{7*7}}'  # for fields of at most 60 characters
RAW_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
JS_LINK = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
TEN_MB = 10 * 1024 * 1024


PROPOSAL_FORM = {"kind": "ordinary", "effect_type": "none", "admit_member": "", "exclude_member": "",
                 "exclusion_reasons": "", "strategy_text": "", "empty_college_rule": "proportional", "merge_into": "",
                 "max_proxies": "2", "admission_by": "board", "exclusion_by": "assembly",
                 **{f"colleges-{i}-{f}": "" for i in range(10) for f in ("code", "name", "share")}}


def payload(tag: str, short: bool = False) -> str:
    """A payload that names its field, so each field's own rendering is checked."""
    return f"{tag}:{SHORT_PAYLOAD if short else PAYLOAD}"


def system(app: Any) -> Any:
    return app.extensions["collegia"]


def stored(app: Any) -> int:
    return system(app).app.recorder.max_notification_id() or 0


def assert_no_markup(path: str, html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{path} renders a payload as markup: {raw}"
    assert not JS_LINK.search(html), f"{path} has a javascript: link"


def assert_clear_refusal(response: Any, *, words: tuple[str, ...]) -> None:
    """4xx with a message saying what is wrong (French by default, English in the API)."""
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:500])
    body = response.get_data(as_text=True)
    assert any(word.lower() in body.lower() for word in words), (words, body[:2000])


class ServerError:
    """What a WSGI server (gunicorn) answers when an exception escapes the Flask app: a bare 500."""

    status_code = 500
    mimetype = "text/plain"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def get_data(self, as_text: bool = False) -> str:
        return f"Internal Server Error (the app raised {type(self.error).__name__}: {self.error})"


def send(client: Any, path: str, **kwargs: Any) -> Any:
    """POST as a server would: an exception escaping the app becomes a 500, not a test-client traceback."""
    try:
        return client.post(path, **kwargs)
    except Exception as error:  # noqa: BLE001
        return ServerError(error)


# -- oversized inputs -------------------------------------------------------------------------------------
def test_a_10_mb_proposal_text_is_refused_by_the_browser_form(as_role, app, pole_id):
    secretary = as_role("secretary")
    before = stored(app)
    token = csrf_token(secretary, f"/poles/{pole_id}/manage/proposals/new")
    response = send(secretary, f"/poles/{pole_id}/manage/proposals/new", data={
        "csrf_token": token, "title": "Budget", "text": "x" * TEN_MB, **PROPOSAL_FORM})
    assert response.status_code == 413, response.get_data(as_text=True)[:500]
    assert_clear_refusal(response, words=("trop volumineux", "too large"))
    # Under the request size limit but above the text's own maximum (100,000 characters).
    response = secretary.post(f"/poles/{pole_id}/manage/proposals/new", data={
        "csrf_token": token, "title": "Budget", "text": "x" * 100_001, **PROPOSAL_FORM})
    assert_clear_refusal(response, words=("100000", "100 000", "100\u202f000", "caractères"))
    assert stored(app) == before


def test_a_10_mb_proposal_text_through_the_api_is_refused(api_as, app, pole_id):
    before = stored(app)
    api = api_as("secretary")
    assert_problem(api.post(f"/poles/{pole_id}/proposals", json={"title": "Budget", "text": "x" * TEN_MB}), 413)
    assert_problem(api.post(f"/poles/{pole_id}/members", json={"name": "x" * TEN_MB, "kind": "person",
                                                               "category": "employee"}), 413)
    response = api.post(f"/poles/{pole_id}/proposals", json={"title": "Budget", "text": "x" * 100_001})
    assert_problem(response, 422, fields=("text",))
    assert stored(app) == before


def test_100k_character_names_are_refused_by_the_forms_and_the_api(as_role, api_as, app, pole_id, client):
    huge = "N" * 100_000
    before = stored(app)
    secretary = as_role("secretary")
    token = csrf_token(secretary, f"/poles/{pole_id}/manage/members")
    response = secretary.post(f"/poles/{pole_id}/manage/members/request", data={
        "csrf_token": token, "name": huge, "kind": "company", "category": "employee", "representative": huge})
    assert_clear_refusal(response, words=("200 caractères", "200 characters", "plus de 200", "200"))
    assert huge not in response.get_data(as_text=True) or response.status_code == 422
    response = secretary.post(f"/poles/{pole_id}/manage/proposals/new", data={
        "csrf_token": token, "title": huge, "text": "Texte", **PROPOSAL_FORM})
    assert_clear_refusal(response, words=("200",))
    response = api_as("secretary").post(f"/poles/{pole_id}/members", json={
        "name": huge, "kind": "company", "category": "employee", "representative": huge})
    assert_problem(response, 422, fields=("name",))
    response = api_as("secretary").post(f"/poles/{pole_id}/proposals", json={"title": huge, "text": "Texte"})
    assert_problem(response, 422, fields=("title",))

    secretary.post("/logout", data={"csrf_token": token})
    login(client, ADMIN_EMAIL)
    token = csrf_token(client, "/admin/poles/new")
    response = client.post("/admin/poles/new", data={
        "csrf_token": token, "name": huge, "territory": huge, "legal_form": "SCIC", "model": "one_member_one_vote",
        "empty_college_rule": "proportional", "admission_by": "board", "exclusion_by": "assembly"})
    assert_clear_refusal(response, words=("200",))
    response = client.post("/admin/users/new", data={
        "csrf_token": token, "email": "big@example.org", "name": huge, "password": "Un-mot-de-passe-2026"})
    assert_clear_refusal(response, words=("200",))
    response = api_as("admin").post("/poles", json={
        "name": huge, "territory": "Drôme", "legal_form": "SCIC",
        "statutes": {"model": "one_member_one_vote", "colleges": []}})
    assert_problem(response, 422, fields=("name",))
    assert stored(app) == before


# -- HTML / JS / template payloads in every free-text field -------------------------------------------------
@pytest.fixture
def hostile(as_role, api_as, app, pole_id, client) -> dict[str, Any]:
    """The demo pole after a secretary, an administrator and an API client typed payloads everywhere."""
    fields: dict[str, str] = {}
    secretary = as_role("secretary")
    token = csrf_token(secretary, f"/poles/{pole_id}/manage/members")
    manage = f"/poles/{pole_id}/manage"
    queries = app.extensions["collegia.queries"]
    domain = system(app).app

    def post(path: str, data: dict[str, Any], prefix: str = "") -> Any:
        field = f"{prefix}-csrf_token" if prefix else "csrf_token"
        response = secretary.post(path, data={field: token, **data}, follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:3000])
        assert_no_markup(path, response.get_data(as_text=True))  # flash messages included
        return response

    def fill(name: str, short: bool = False) -> str:
        fields[name] = payload(name, short)
        return fields[name]

    # Members: a request admitted and assigned, a request refused.
    post(f"{manage}/members/request", {"name": fill("member_name"), "kind": "company",
                                       "category": "employee",  # a code chosen from the statutes' list (issue 18)
                                       "representative": fill("representative")})
    post(f"{manage}/members/request", {"name": fill("refused_name"), "kind": "person", "category": "employee"})
    by_name = {m["name"]: m["id"] for m in queries.members(pole_id)}
    member, refused = by_name[fields["member_name"]], by_name[fields["refused_name"]]
    post(f"{manage}/members/{member}/admit", {f"admit-{member}-decision": fill("admit_decision")},
         prefix=f"admit-{member}")
    college = domain.get_pole(pole_id).statutes.colleges[0].code
    post(f"{manage}/members/{member}/assign", {f"assign-{member}-college": college,
                                               f"assign-{member}-reason": fill("assign_reason")},
         prefix=f"assign-{member}")
    post(f"{manage}/members/{refused}/refuse", {f"refuse-{refused}-decision": fill("refuse_decision"),
                                                f"refuse-{refused}-reasons": fill("refuse_reasons")},
         prefix=f"refuse-{refused}")

    # Proposals: drafted through the form; one withdrawn with a reason; one voted, its minutes signed and corrected.
    def draft(title_field: str, text_field: str) -> str:
        post(f"{manage}/proposals/new", {"title": fill(title_field), "text": fill(text_field), **PROPOSAL_FORM})
        return next(p["id"] for p in queries.register(pole_id, limit=200) if p["title"] == fields[title_field])

    voted = draft("title", "text")
    withdrawn = draft("withdrawn_title", "withdrawn_text")
    post(f"{manage}/proposals/{withdrawn}/withdraw", {"withdraw-reason": fill("withdraw_reason"), "confirm": "yes"},
         prefix="withdraw")
    agenda = draft("agenda_title", "agenda_text")
    domain.open_voting(voted, closes_at=datetime.now(UTC) + timedelta(days=3), actor="test")
    electorate = sorted(domain.get_proposal(voted).electorate)
    for elector, choice in zip(electorate, ("for", "for", "against")):
        domain.cast_ballot(voted, elector, choice, actor="test")
    domain.close_voting(voted, actor="test")
    minutes = f"/poles/{pole_id}/minutes/{voted}"
    post(f"{minutes}/sign", {"sign-capacity": "chair"}, prefix="sign")
    post(f"{minutes}/correct", {"fix-corrects": "1", "fix-text": fill("correction")}, prefix="fix")

    # An assembly convened at a hostile place, with the hostile draft on its agenda.
    post(f"/poles/{pole_id}/assemblies/new", {"kind": "ordinary", "held_at": (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT14:00"), "mode": "hybrid",
                                              "place": fill("place"), "convocation": "first", "agenda": [agenda]})
    assembly = domain.get_proposal(agenda).assembly_id

    # Through the API.
    api = api_as("secretary")
    response = api.post(f"/poles/{pole_id}/members", json={"name": fill("api_member"), "kind": "person",
                                                           "category": "employee"})
    assert response.status_code == 201, response.get_json()
    api_member = response.get_json()["id"]
    response = api.post(f"/poles/{pole_id}/proposals", json={"title": fill("api_title"), "text": fill("api_text")})
    assert response.status_code == 201, response.get_json()
    api_proposal = response.get_json()["id"]
    secretary.post("/logout", data={"csrf_token": token})

    # The administrator: a pole (its name, territory, legal form, a college's name, the strategy) and an account.
    login(client, ADMIN_EMAIL)
    token = csrf_token(client, "/admin/poles/new")
    response = client.post("/admin/poles/new", follow_redirects=True, data={
        "csrf_token": token, "name": fill("pole_name"), "territory": fill("territory"),
        "legal_form": fill("legal_form"), "model": "weighted", "colleges-0-code": "un",
        "colleges-0-name": fill("college_name", short=True), "colleges-0-share": "100%",
        "empty_college_rule": "proportional", "max_proxies": "1", "admission_by": "board",
        "exclusion_by": "assembly", "strategy": fill("strategy")})
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    assert_no_markup("/admin/poles/new", response.get_data(as_text=True))
    response = client.post("/admin/users/new", follow_redirects=True, data={
        "csrf_token": token, "email": "hostile@example.org", "name": fill("user_name"),
        "password": "Un-mot-de-passe-2026"})
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    client.post("/logout", data={"csrf_token": token})
    new_pole = next(p["id"] for p in api_as("admin").get("/poles").get_json()
                    if p["name"] == fields["pole_name"])
    return {"fields": fields, "voted": voted, "withdrawn": withdrawn, "agenda": agenda, "assembly": assembly,
            "member": member, "refused": refused, "api_member": api_member, "api_proposal": api_proposal,
            "new_pole": new_pole}


NOT_DISPLAYED = {"admit_decision", "assign_reason", "refuse_decision", "refuse_reasons"}


def crawl_as(app: Any, email: str, starts: list[str]) -> dict[str, Any]:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return crawl(client, starts, limit=260, skip=("/api/",))


def test_payloads_come_back_escaped_on_every_page(hostile, app, pole_id):
    fields = hostile["fields"]
    pages = crawl_as(app, SECRETARY_EMAIL, ["/", f"/poles/{pole_id}/", f"/poles/{pole_id}/manage/members",
                                            f"/poles/{pole_id}/assemblies/{hostile['assembly']}",
                                            f"/poles/{pole_id}/minutes/{hostile['voted']}"])
    pages |= crawl_as(app, ADMIN_EMAIL, ["/admin", f"/poles/{hostile['new_pole']}/"])
    html = {path: page for path, page in pages.items() if page.mimetype == "text/html"}
    assert len(html) > 40, sorted(html)
    errors = {path: page.status for path, page in pages.items() if page.status >= 500}
    assert not errors, errors
    for path, page in html.items():
        assert_no_markup(path, page.text)
    everything = "\n".join(page.text for page in html.values())
    shown = {name for name, value in fields.items() if str(escape(value)) in everything}
    # Every field is displayed somewhere, escaped; none is ever evaluated as a template. (A board's decisions
    # on members and their reasons are shown on no page: they are in the event log, checked below.)
    assert set(fields) - shown == NOT_DISPLAYED, sorted(set(fields) - shown)
    assert "49" not in "".join(re.findall(r"alert\(1\)(.{0,4})", everything)), "{{7*7}} was evaluated"


def test_payloads_are_literal_text_in_the_exports_and_the_api(hostile, as_role, api_as, pole_id):
    fields = hostile["fields"]
    secretary = as_role("secretary")
    register = secretary.get(f"/poles/{pole_id}/register.csv")
    assert register.status_code == 200 and register.mimetype == "text/csv"
    cells = {cell for row in csv_rows(register.get_data(as_text=True)) for cell in row}
    for name in ("title", "withdrawn_title", "agenda_title", "api_title"):
        assert fields[name] in cells, name
    events = secretary.get(f"/poles/{pole_id}/events.jsonl")
    assert events.status_code == 200 and "html" not in events.mimetype
    strings = set()
    for line in events.get_data(as_text=True).splitlines():
        event = json.loads(line)
        strings |= {v for v in _strings(event)}
    for name in ("member_name", "representative", "admit_decision", "assign_reason", "refuse_decision",
                 "refuse_reasons", "title", "text", "withdraw_reason", "correction", "place", "api_member",
                 "api_title", "api_text", "refused_name", "agenda_title"):
        assert fields[name] in strings, name

    api = api_as("secretary")
    proposal = api.get(f"/poles/{pole_id}/proposals/{hostile['voted']}")
    assert proposal.mimetype == "application/json"
    assert proposal.get_json()["title"] == fields["title"] and proposal.get_json()["text"] == fields["text"]
    assert api.get(f"/poles/{pole_id}/proposals/{hostile['api_proposal']}").get_json()["text"] == fields["api_text"]
    member = api.get(f"/poles/{pole_id}/members/{hostile['member']}").get_json()
    assert (member["name"], member["representative"], member["category"]) == (
        fields["member_name"], fields["representative"], "employee")
    pole = api_as("admin").get(f"/poles/{hostile['new_pole']}").get_json()
    assert (pole["name"], pole["territory"], pole["legal_form"]) == (
        fields["pole_name"], fields["territory"], fields["legal_form"])
    colleges = api_as("admin").get(f"/poles/{hostile['new_pole']}/colleges").get_data(as_text=True)
    assert fields["college_name"] in _strings(json.loads(colleges))
    # The JSON is served as JSON (never sniffed as HTML): the payload stays data.
    assert proposal.headers.get("X-Content-Type-Options") == "nosniff"


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_payloads_are_literal_text_in_the_minutes_pdf(hostile, as_role, pole_id):
    fields = hostile["fields"]
    secretary = as_role("secretary")
    for subject, names in ((hostile["voted"], ("title", "text", "correction")),
                           (hostile["assembly"], ("place", "agenda_title", "agenda_text", "member_name",
                                                  "representative"))):
        response = secretary.get(f"/poles/{pole_id}/minutes/{subject}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = _squeezed(pdf_text(response.data))
        for name in names:
            # Extracted text wraps lines: compare without whitespace. The tags are there as text, so
            # WeasyPrint did not parse them (an <img> or <script> would leave no text behind).
            assert _squeezed(fields[name]) in text, (name, text[:3000])
        targets = pdf_link_targets(response.data)
        assert not [t for t in targets if t.strip().lower().startswith("javascript")], targets
