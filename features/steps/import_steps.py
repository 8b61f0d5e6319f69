"""Steps of features/membres/: the secretary imports members from a CSV file through the web pages (upload,
preview, confirmation), on a pole founded for the scenario in a real store."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
from pytest_bdd import given, parsers, then, when

from features.steps.support import STATUSES, table_records
from governance.sealing import BallotSealer
from infrastructure.config import Settings
from infrastructure.system import System, bootstrap
from web.accounts.demo import DEMO_PASSWORD
from web.accounts.store import Accounts
from web.app import create_app
from web.edge import SECRETARY

SECRETARY_EMAIL = "secretaire@rhizome.example"
COLLEGE_SHARES = ("40%", "30%", "30%")


@dataclass
class Site:
    """The scenario's pole behind the web app, and the last page the secretary saw."""

    system: System
    statutes: dict[str, Any] = field(default_factory=dict)
    founders: list[dict[str, Any]] = field(default_factory=list)
    pole_id: str = ""
    client: Any = None
    page: str = ""
    status: int = 0

    @property
    def url(self) -> str:
        return f"/poles/{self.pole_id}/manage/members/import"

    def csrf(self, path: str) -> str:
        text = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def show(self, response: Any) -> None:
        self.status, self.page = response.status_code, html.unescape(response.get_data(as_text=True))

    def members(self) -> dict[str, dict[str, Any]]:
        return {m["name"]: m for m in self.system.app.get_pole(self.pole_id).members.values()}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    system = bootstrap(Settings(database_url=f"sqlite:///{tmp_path}/c.db", instance_dir=tmp_path,
                                ballot_key=BallotSealer.generate_key()))
    yield Site(system)
    system.close()


@given(parsers.re(r"le pôle «(?P<name>[^«»]+)», dont les statuts SCIC ont les collèges «(?P<a>\w+)», «(?P<b>\w+)» "
                  r"et «(?P<c>\w+)»(?P<assembly> et confient l'admission à l'assemblée)?"))
def pole_statutes(site: Site, name: str, a: str, b: str, c: str, assembly: str | None) -> None:
    site.statutes = {"model": "scic", "colleges": [
        {"code": code, "name": code.capitalize(), "share": share} for code, share in zip((a, b, c), COLLEGE_SHARES)]}
    if assembly:
        site.statutes["admission_by"] = "assembly"
    site.statutes["name"] = name


@given(parsers.parse("«{name}» en est membre fondateur"))
def founder(site: Site, name: str) -> None:
    site.founders.append({"name": name, "kind": "ess_enterprise", "category": "producer",
                          "representative": "Jean Bois", "college": "usagers"})


@given("sa secrétaire est connectée")
def secretary_logged_in(site: Site) -> None:
    statutes = dict(site.statutes)
    name = statutes.pop("name")
    site.pole_id = str(site.system.app.found_pole(name=name, territory="Diois", legal_form="SCIC SAS",
                                                  statutes=statutes, founders=site.founders, actor="admin"))
    accounts = Accounts(site.system.engine)
    accounts.grant(accounts.create_user(SECRETARY_EMAIL, "Claire Martin", DEMO_PASSWORD), site.pole_id, SECRETARY)
    site.client = create_app(system=site.system, test_config={"TESTING": True, "SECRET_KEY": "test"}).test_client()
    response = site.client.post("/login", data={"email": SECRETARY_EMAIL, "password": DEMO_PASSWORD,
                                                "csrf_token": site.csrf("/login")})
    assert response.status_code == 302


def _send(site: Site, content: bytes) -> None:
    site.show(site.client.post(f"{site.url}/preview", content_type="multipart/form-data", data={
        "csrf_token": site.csrf(site.url), "file": (io.BytesIO(content), "membres.csv")}))


@when("la secrétaire envoie le fichier :")
def send_file(site: Site, docstring: str) -> None:
    _send(site, (docstring + "\n").encode("utf-8"))


@when("la secrétaire envoie le fichier enregistré avec BOM :")
def send_file_with_bom(site: Site, docstring: str) -> None:
    _send(site, (docstring.replace("\n", "\r\n") + "\r\n").encode("utf-8-sig"))


@when(parsers.re(r"la secrétaire confirme l'import (?P<scope>de toutes les lignes|des seules lignes valides)"))
def confirm(site: Site, scope: str) -> None:
    rows = re.search(r'<input[^>]*name="rows"[^>]*value="([^"]+)"', site.page)
    assert rows, "no preview to confirm"
    decision = re.search(r'<input[^>]*name="decision"[^>]*value="([^"]*)"', site.page)
    site.show(site.client.post(f"{site.url}/confirm", data={
        "csrf_token": site.csrf(site.url), "rows": rows.group(1),
        "scope": "all" if scope == "de toutes les lignes" else "valid",
        "decision": decision.group(1) if decision else ""}))


@then(parsers.parse("l'aperçu compte {valid:d} lignes valides et {invalid:d} avec un problème"))
def preview_counts(site: Site, valid: int, invalid: int) -> None:
    assert site.status == 200, site.page
    assert f"Lignes valides : {valid} ; avec un problème : {invalid}." in site.page


@then("l'aperçu nomme ces règles :")
def preview_rules(site: Site, datatable: list[list[str]]) -> None:
    rows = {m.group(1): m.group(2) for m in re.finditer(r"<tr>\s*<td>(\d+)</td>(.*?)</tr>", site.page, re.S)}
    for expected in table_records(datatable):
        assert expected["règle"] in rows[expected["ligne"]], (expected, rows[expected["ligne"]])


@then("l'aperçu annonce que seules les demandes seront enregistrées")
def preview_says_requests_only(site: Site) -> None:
    assert "l'import n'enregistre que les demandes d'adhésion" in site.page
    assert "Enregistrer les demandes" in site.page


@then(parsers.parse("l'import est refusé : «{message}»"))
def import_refused(site: Site, message: str) -> None:
    assert site.status == 422 and message in site.page


@then("le pôle n'a encore enregistré aucun nouveau membre")
def nothing_new(site: Site) -> None:
    assert set(site.members()) == {f["name"] for f in site.founders}


@then("le pôle compte ces membres :")
def pole_members(site: Site, datatable: list[list[str]]) -> None:
    assert site.status == 302, site.page
    members = site.members()
    expected = table_records(datatable)
    assert sorted(members) == sorted(row["membre"] for row in expected)
    for row in expected:
        m = members[row["membre"]]
        assert (m["status"], m["college"] or "", m["kind"], m["representative"]) == (
            STATUSES[row["statut"]], row["collège"], row["type"], row["représentant"]), row


@then(parsers.parse("chaque admission importée porte la décision «{decision}»"))
def imported_decision(site: Site, decision: str) -> None:
    from uuid import UUID
    admissions = [e for e in site.system.app.events.get(UUID(site.pole_id))
                  if type(e).__qualname__ == "Pole.MemberAdmitted" and e.decision != "founding statutes"]
    assert admissions and {e.decision for e in admissions} == {decision}
