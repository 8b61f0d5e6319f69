"""Steps of features/referentiel/coordinateur_du_reseau.feature (issue 24): a regional network's coordinator reads,
through the web pages, the CSV export and the API, what a pole shares with the network once it joined by decision,
and nothing else (403 on every page of the pole).

The pole lives in a real store behind the web app (the `site` fixture of features/steps/import_steps.py: SQLite
event store and read models, projected inline). The step « la plateforme web, sur sa propre base » hands that
store's application to the scenario as its `app` fixture: from then on the domain steps of the other référentiel
scenarios (founding, members, campaign, answers, join or leave a network by a vote) act on the store the pages
read. The network itself is declared here, on the web side, under the id the domain steps give its name
(`network_id`), with its coordinator's account."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
from pytest_bdd import given, then, when

from features.steps import import_steps
from features.steps.import_steps import Site
from features.steps.referentiel_steps import Campaigns, network_id, pr
from features.steps.support import Agenda, table_records
from governance.application import Collegia
from web.accounts.demo import DEMO_PASSWORD
from web.accounts.store import Accounts
from web.api.tokens import ApiTokens
from web.app import create_app
from web.networks.store import Networks

site = import_steps.site  # the fixture: the pole's real store behind the web app (exported to the test module)
SHARED_FIGURES = "Résultats de l'auto-évaluation"  # the CSV's « Donnée » of a campaign's figures
NOT_SHARED = {"décisions": ("decisions", "Nombre de délibérations", "decisions"),
              "assemblées": ("assemblies", "Date de la dernière assemblée générale", "last_assembly_on")}


@dataclass
class Coordination:
    """The scenario's network, its coordinator, and what the coordinator read last (page, CSV, API)."""

    network: str = ""
    network_id: str = ""
    email: str = ""
    user_id: int = 0
    token: str = ""
    logged_in: bool = False
    page: str = ""
    csv_rows: list[dict[str, str]] = field(default_factory=list)
    csv_text: str = ""
    api: dict[str, Any] = field(default_factory=dict)
    api_text: str = ""

    def everything(self) -> dict[str, str]:
        return {"la page du réseau": self.page, "l'export CSV": self.csv_text, "l'API": self.api_text}


@pytest.fixture
def coordination() -> Coordination:
    return Coordination()


@given("la plateforme web, sur sa propre base", target_fixture="app")
def platform(site: Site) -> Collegia:
    """The store the pages read becomes the scenario's application: the domain steps act on it."""
    site.client = create_app(system=site.system, test_config={"TESTING": True, "SECRET_KEY": "test"}).test_client()
    return site.system.app


@given(pr("«{member:T}» justifie sa note de «{indicator:T}» : «{text:T}»"))
def justifies(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str, indicator: str,
              text: str) -> None:
    """The member answers again, its ratings unchanged, with a justification on one indicator."""
    respondent = str(roster[member])
    answers = app.own_answers(campaigns.get(), respondent=respondent)
    answers[indicator] = {**answers[indicator], "justification": text}
    app.answer_campaign(campaigns.get(), respondent=respondent, answers=answers, actor=member,
                        represented=[respondent])


@given(pr("le réseau «{network:T}» est déclaré sur la plateforme, avec pour coordinatrice «{name:T}»"))
def network_declared(site: Site, coordination: Coordination, network: str, name: str) -> None:
    engine = site.system.engine
    coordination.network = network
    coordination.network_id = Networks(engine).declare(network, network_id=network_id(network))
    coordination.email = "coordination@cress-aura.example"
    coordination.user_id = Accounts(engine).create_user(coordination.email, name, DEMO_PASSWORD)
    Networks(engine).appoint(coordination.user_id, coordination.network_id)
    coordination.token = ApiTokens(engine).create(coordination.user_id, "rapport régional").secret


def _log_in(site: Site, coordination: Coordination) -> None:
    if coordination.logged_in:
        return
    response = site.client.post("/login", data={"email": coordination.email, "password": DEMO_PASSWORD,
                                                "csrf_token": site.csrf("/login")})
    assert response.status_code == 302, response.status_code
    coordination.logged_in = True


def _get(site: Site, coordination: Coordination, path: str) -> Any:
    """A page as the signed-in coordinator; an API path with the coordinator's token."""
    headers = {"Authorization": f"Bearer {coordination.token}"} if path.startswith("/api/") else {}
    return site.client.get(path, headers=headers)


@when("la coordinatrice lit la page du réseau, son export CSV et le réseau dans l'API")
def reads_network(site: Site, coordination: Coordination) -> None:
    _log_in(site, coordination)
    page = _get(site, coordination, f"/networks/{coordination.network_id}")
    export = _get(site, coordination, f"/networks/{coordination.network_id}/export.csv")
    api = _get(site, coordination, f"/api/v1/networks/{coordination.network_id}")
    assert (page.status_code, export.status_code, api.status_code) == (200, 200, 200), (
        page.status_code, export.status_code, api.status_code)
    coordination.page = html.unescape(page.get_data(as_text=True))
    coordination.csv_text = export.get_data(as_text=True).lstrip("\ufeff")
    coordination.csv_rows = list(csv.DictReader(io.StringIO(coordination.csv_text), delimiter=";"))
    coordination.api = api.get_json()
    coordination.api_text = json.dumps(coordination.api, ensure_ascii=False)


def _pole_in_api(coordination: Coordination, pole_id: UUID) -> dict[str, Any] | None:
    return next((p for p in coordination.api["members"] if p["pole_id"] == str(pole_id)), None)


@then(pr("elle voit le pôle «{pole:T}», dans le réseau par la décision «{title:T}»"))
def sees_pole(coordination: Coordination, pole_id: UUID, agenda: Agenda, pole: str, title: str) -> None:
    assert f'id="pole-{pole_id}"' in coordination.page and pole in coordination.page
    assert title in coordination.page
    assert {row["Pôle"] for row in coordination.csv_rows} == {pole}
    shared = (_pole_in_api(coordination, pole_id) or {}).get("shared", {})
    assert shared.get("decision_id") == str(agenda.get(title)), shared


@then(pr("le réseau ne montre rien du pôle «{pole:T}»"))
def shows_nothing(coordination: Coordination, pole_id: UUID, pole: str) -> None:
    assert "Aucun pôle n'a encore rejoint ce réseau." in coordination.page
    for where, text in coordination.everything().items():
        assert pole not in text and str(pole_id) not in text, where
    assert coordination.csv_rows == [] and coordination.api["members"] == []


@then("elle lit les effectifs du pôle par type de membre :")
def reads_member_counts(coordination: Coordination, pole_id: UUID, datatable: list[list[str]]) -> None:
    expected = {row["type"]: row["membres"] for row in table_records(datatable)}
    # the page: the pole's total, then its table « Membres admis par type »
    total = re.search(rf'id="pole-{pole_id}".*?<span data-figure="members">(\d+)</span>', coordination.page, re.S)
    assert total and int(total.group(1)) == sum(int(n) for n in expected.values()), total
    table = re.search(r"<caption>Membres admis par type</caption>.*?<tbody>(.*?)</tbody>", coordination.page, re.S)
    assert table, "no table of member counts on the network's page"
    on_page = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table.group(1)))
    assert on_page == expected, on_page
    in_csv = {row["Détail"]: row["Valeur"] for row in coordination.csv_rows
              if row["Donnée"] == "Nombre de membres par type"}
    assert in_csv == expected, in_csv


FIGURE_COLUMNS = ("importance médiane", "importance moyenne", "réalisation médiane", "réalisation moyenne")
CSV_COLUMNS = ("Médiane de l'importance", "Moyenne de l'importance", "Médiane de la réalisation",
               "Moyenne de la réalisation")


def _two_decimals(shown: str) -> str:
    """« 4,5 » as the page shows it → « 4,50 » as the CSV writes it."""
    units, _, decimals = shown.partition(",")
    return f"{units},{(decimals + '00')[:2]}"


@then(pr("elle lit pour l'objectif principal «{objective:T}» de la campagne «{title:T}» (médiane et moyenne) :"))
def reads_objective(coordination: Coordination, objective: str, title: str, datatable: list[list[str]]) -> None:
    rows = table_records(datatable)
    # the page: one table per group, captioned « Ensemble des répondants » or « Collège : <name> »
    tables = dict(re.findall(r"<caption>([^<]+)</caption>(.*?)</table>", coordination.page, re.S))
    for row in rows:
        caption = row["groupe"] if row["groupe"] == "Ensemble des répondants" else f"Collège : {row['groupe']}"
        assert caption in tables, (caption, sorted(tables))
        cells = re.search(rf'<th scope="row">{re.escape(objective)}\. [^<]*</th>\s*<td class="num">([^<]*)</td>'
                          rf'<td class="num">([^<]*)</td>', tables[caption])
        assert cells, (caption, tables[caption])
        expected = (f"{row['importance médiane']} / {row['importance moyenne']}",
                    f"{row['réalisation médiane']} / {row['réalisation moyenne']}")
        assert cells.groups() == expected, (caption, cells.groups())
    everyone = next(r for r in rows if r["groupe"] == "Ensemble des répondants")
    assert f"{everyone['répondants']} répondants sur" in coordination.page
    # the CSV: one line per group for the objective
    in_csv = {r["Groupe"]: r for r in coordination.csv_rows
              if r["Donnée"] == SHARED_FIGURES and r["Campagne"] == title
              and r["Objectif principal"].startswith(f"{objective}. ")}
    assert sorted(in_csv) == sorted(r["groupe"] for r in rows), sorted(in_csv)
    for row in rows:
        line = in_csv[row["groupe"]]
        assert line["Répondants"] == row["répondants"], line
        assert tuple(line[c] for c in CSV_COLUMNS) == tuple(_two_decimals(row[c]) for c in FIGURE_COLUMNS), line


@then(pr("elle ne voit ni le nombre de décisions ni la date de la dernière assemblée du pôle"))
def sees_no_unshared_figure(coordination: Coordination, pole_id: UUID) -> None:
    shared = (_pole_in_api(coordination, pole_id) or {}).get("shared", {})
    for share, label, key in NOT_SHARED.values():
        assert f'data-figure="{share}"' not in coordination.page, share
        assert not any(row["Donnée"] == label for row in coordination.csv_rows), label
        assert key not in shared and share not in shared.get("shares", []), shared


@then(pr("elle lit {decisions:d} décision et une dernière assemblée «{day:T}»"))
def sees_shared_activity(coordination: Coordination, pole_id: UUID, decisions: int, day: str) -> None:
    """The control of the step above: a pole that shares them shows both figures."""
    row = re.search(rf'id="pole-{pole_id}".*?</tr>', coordination.page, re.S)
    assert row, "the pole is not on the network's page"
    assert f'<span data-figure="decisions">{decisions}</span>' in row.group(0)
    assert f'<span data-figure="assemblies">{day}</span>' in row.group(0)
    assert {r["Donnée"]: r["Valeur"] for r in coordination.csv_rows}["Nombre de délibérations"] == str(decisions)


@then(pr("elle ne voit ni le nom d'un membre, ni la justification «{text:T}»"))
def sees_no_name(coordination: Coordination, roster: dict[str, UUID], text: str) -> None:
    assert roster, "the scenario has no members"
    for where, seen in coordination.everything().items():
        assert text not in seen, where
        named = [name for name in roster if name in seen]
        assert not named, (where, named)


@then("la coordinatrice reçoit ces réponses :")
def statuses(site: Site, coordination: Coordination, pole_id: UUID, agenda: Agenda, campaigns: Campaigns,
             datatable: list[list[str]]) -> None:
    _log_in(site, coordination)
    names = {"{réseau}": coordination.network_id, "{pôle}": str(pole_id), "{campagne}": str(campaigns.get()),
             "{décision}": str(agenda.get())}
    got = {}
    for row in table_records(datatable):
        path = row["page"]
        for placeholder, value in names.items():
            path = path.replace(placeholder, value)
        got[row["page"]] = str(_get(site, coordination, path).status_code)
    assert got == {row["page"]: row["statut"] for row in table_records(datatable)}, got
