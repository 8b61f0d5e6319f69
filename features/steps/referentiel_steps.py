"""Steps about the PTCE référentiel (issue 24): assessment campaigns answered by the members, their results per
college (medians and means worked by hand in the .feature files), the secrecy of individual answers, the comparison
of two campaigns, the strategy revision drafted from a weak objective, and joining or leaving a regional network by
a decision of the pole.

Imported by features/test_referentiel.py only (step definitions are fixtures, visible to the module importing
them); the shared steps of features/conftest.py (founding, members, ballots, tallies, refusals) are reused as they
are. Answers are written « importance/réalisation » in the tables (« — » for a rating left blank), and the figures
are compared as exact fractions (« 9/2 »), as the minutes print them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5
from zoneinfo import ZoneInfo

import pytest
from parse import with_pattern
from pytest_bdd import parsers, step, then, when

from features.steps.proposal_steps import draft, open_vote
from features.steps.support import (SECRETARY, TYPES, Agenda, Refusal, ScenarioClock, attempt, events_of, shown,
                                    table_records)
from governance.application import Collegia
from governance.assessment import summary
from governance.errors import NotPermitted, StateConflict, kind_of
from governance.referentiel import ACHIEVEMENT, IMPORTANCE, SEED, Referentiel

PARIS = ZoneInfo("Europe/Paris")
EVERYONE = "tous"  # the « collège » column's word for every respondent together
SCALE_WORDS = {"l'importance": IMPORTANCE, "la réalisation": ACHIEVEMENT}
# What a pole may share with a network (governance/effects.py NETWORK_SHARES), in French.
SHARES = {"résultats du référentiel": "referentiel", "effectifs": "members", "décisions": "decisions",
          "assemblées": "assemblies"}


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def _day(text: str) -> date:
    return date.fromisoformat(text)


def pr(text: str) -> parsers.parse:
    """The shared step parser, plus an ISO day."""
    return parsers.parse(text, extra_types={**TYPES, "Jour": _day})


@dataclass
class Campaigns:
    """The campaigns of a scenario by title (steps without a title act on the last one opened), their results as
    frozen at close, and what the secretary read of the individual answers."""

    ids: dict[str, UUID] = field(default_factory=dict)
    current: str | None = None
    frozen: dict[str, dict[str, Any]] = field(default_factory=dict)
    read: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, title: str, campaign_id: UUID) -> None:
        self.ids[title] = campaign_id
        self.current = title

    def get(self, title: str | None = None) -> UUID:
        key = title or self.current
        assert key is not None, "no campaign has been opened in this scenario"
        return self.ids[key]


@pytest.fixture
def campaigns() -> Campaigns:
    return Campaigns()


def network_id(name: str) -> str:
    """A regional network's id, from its name (the networks themselves are declared on the web side)."""
    return str(uuid5(NAMESPACE_URL, f"https://collegia.coop/features/network/{name}"))


def rating(cell: str) -> int | None:
    cell = cell.strip()
    return None if cell in ("", "—", "-") else int(cell)


def answer_cell(cell: str) -> dict[str, Any] | None:
    """« 6/2 » → importance 6, achievement 2; « 6/— » leaves the achievement blank; an empty cell, no answer."""
    if cell.strip() in ("", "—"):
        return None
    importance, achievement = cell.split("/")
    return {IMPORTANCE: rating(importance), ACHIEVEMENT: rating(achievement)}


def answers_from(row: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {ident: entry for ident, cell in row.items() if ident != "membre"
            for entry in [answer_cell(cell)] if entry is not None}


def answer(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str,
           answers: dict[str, dict[str, Any]]) -> None:
    """A member organisation answers through its representative (the scenario's member of that name)."""
    member_id = str(roster[member])
    app.answer_campaign(campaigns.get(), respondent=member_id, answers=answers, actor=member,
                        represented=[member_id])


def figure(value: Fraction | None) -> str:
    return shown(value)


def frozen_results(app: Collegia, campaigns: Campaigns, title: str | None = None) -> tuple[Referentiel, dict[str, Any]]:
    """A closed campaign's référentiel and frozen results (read once per step: the référentiel is parsed on each
    reading of `Campaign.framework`)."""
    campaign = app.get_campaign(campaigns.get(title))
    assert campaign.results is not None, "the campaign is not closed"
    return campaign.framework, campaign.results


def results_summary(app: Collegia, campaigns: Campaigns, title: str | None = None,
                    college: str | None = None) -> dict[str, Any]:
    return summary(*frozen_results(app, campaigns, title), college)


# -- time and campaigns ------------------------------------------------------------------------------------
@step(pr("la date du jour est le {day:Jour}"))
def today_is(clock: ScenarioClock, day: date) -> None:
    at = datetime.combine(day, time(12, 0), tzinfo=PARIS)
    assert at >= clock.now, "the scenario's time only moves forward"
    clock.move_to(at)


@step(pr("le secrétaire ouvre la campagne «{title:T}» du {opens:Jour} au {closes:Jour}"))
def opens_campaign(app: Collegia, pole_id: UUID, campaigns: Campaigns, title: str, opens: date,
                   closes: date) -> None:
    campaigns.add(title, app.open_campaign(pole_id, title=title, opens_on=opens, closes_on=closes,
                                           actor=SECRETARY))


@step(pr("le secrétaire ouvre la campagne «{title:T}» du {opens:Jour} au {closes:Jour}, les réponses "
         "individuelles étant partagées avec lui"))
def opens_shared_campaign(app: Collegia, pole_id: UUID, campaigns: Campaigns, title: str, opens: date,
                          closes: date) -> None:
    campaigns.add(title, app.open_campaign(pole_id, title=title, opens_on=opens, closes_on=closes,
                                           individual_shared=True, actor=SECRETARY))


@step(pr("le pôle adopte sa version du référentiel, la réalisation notée en {points:d} points : «{labels:T}»"))
def adopts_own_version(app: Collegia, pole_id: UUID, points: int, labels: str) -> None:
    words = [w.strip() for w in labels.split(",")]
    assert len(words) == points, "one label per point"
    version = {**SEED.to_dict(), "title": "Référentiel du pôle", "source": "",
               "achievement": {"points": points, "labels": words}}
    app.adopt_referentiel(pole_id, referentiel=version, actor=SECRETARY)


@then(pr("le référentiel du pôle est en version {version:d}, la réalisation notée en {points:d} points"))
def referentiel_version(app: Collegia, pole_id: UUID, version: int, points: int) -> None:
    framework = app.referentiel(pole_id)
    assert (framework.version, framework.achievement.points) == (version, points)


@then(pr("la campagne suit la version {version:d} du référentiel"))
def campaign_version(app: Collegia, campaigns: Campaigns, version: int) -> None:
    assert app.get_campaign(campaigns.get()).framework.version == version


# -- answering ---------------------------------------------------------------------------------------------
@step("les membres répondent (importance / réalisation) :")
def members_answer(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        answer(app, campaigns, roster, row["membre"], answers_from(row))


@step(pr("«{member:T}» répond (importance / réalisation) :"))
@step(pr("«{member:T}» modifie ses réponses (importance / réalisation) :"))
def member_answers(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str,
                   datatable: list[list[str]]) -> None:
    (row,) = table_records(datatable)
    answer(app, campaigns, roster, member, answers_from(row))


@when(pr("«{member:T}» tente de répondre (importance / réalisation) :"), target_fixture="refusal")
def member_tries_to_answer(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str,
                           datatable: list[list[str]]) -> Refusal:
    (row,) = table_records(datatable)
    return attempt(app, lambda: answer(app, campaigns, roster, member, answers_from(row)))


@step(pr("«{member:T}» répond à «{indicator:T}» : importance {importance:d}, réalisation {achievement:d}, "
         "justification «{text:T}»"))
def answers_with_justification(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str,
                               indicator: str, importance: int, achievement: int, text: str) -> None:
    answer(app, campaigns, roster, member,
           {indicator: {IMPORTANCE: importance, ACHIEVEMENT: achievement, "justification": text}})


@step(pr("«{member:T}» note tous les indicateurs : importance {importance:d}, réalisation {achievement:d}"))
def rates_everything(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str, importance: int,
                     achievement: int) -> None:
    framework = app.get_campaign(campaigns.get()).framework
    answer(app, campaigns, roster, member,
           {i: {IMPORTANCE: importance, ACHIEVEMENT: achievement} for i in framework.indicator_ids()})


@step("les membres notent la réalisation :")
def members_rate_achievement(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID],
                             datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        answer(app, campaigns, roster, row["membre"],
               {i: {ACHIEVEMENT: rating(cell)} for i, cell in row.items() if i != "membre" and rating(cell)})


# -- closing -----------------------------------------------------------------------------------------------
@step(parsers.re(r"le secrétaire clôt la campagne(?: «(?P<title>[^«»]+)»)?"))
def closes_campaign(app: Collegia, campaigns: Campaigns, title: str | None) -> None:
    key = title or campaigns.current
    assert key is not None
    campaigns.frozen[key] = app.close_campaign(campaigns.get(key), actor=SECRETARY)


@then(pr("la campagne est {status}"))
def campaign_status(app: Collegia, campaigns: Campaigns, status: str) -> None:
    words = {"prévue": "planned", "ouverte": "open", "close": "closed"}
    assert app.get_campaign(campaigns.get()).status() == words[status]


@then("les résultats de la campagne n'ont pas changé")
def results_unchanged(app: Collegia, campaigns: Campaigns) -> None:
    assert campaigns.current is not None
    assert app.get_campaign(campaigns.get()).results == campaigns.frozen[campaigns.current]


@then(pr("le registre de la campagne garde {count:d} réponses, dont {changes:d} de «{member:T}»"))
def answers_kept(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], count: int, changes: int,
                 member: str) -> None:
    states = [state for name, state in events_of(app, campaigns.get()) if name == "AssessmentAnswered"]
    assert len(states) == count
    assert sum(1 for s in states if str(roster[member]).encode() in s) == changes


# -- results -----------------------------------------------------------------------------------------------
@then(pr("la campagne compte {invited:d} invités et {respondents:d} répondants"))
def participation(app: Collegia, campaigns: Campaigns, invited: int, respondents: int) -> None:
    framework, results = frozen_results(app, campaigns)
    assert (results["invited"], summary(framework, results)["respondents"]) == (invited, respondents)


@then("les répondants par collège sont :")
def respondents_per_college(app: Collegia, campaigns: Campaigns, datatable: list[list[str]]) -> None:
    framework, results = frozen_results(app, campaigns)
    for row in table_records(datatable):
        college = None if row["collège"] == EVERYONE else row["collège"]
        assert summary(framework, results, college)["respondents"] == int(row["répondants"]), row


SUMMARY_STEP = parsers.re(r"(?P<scale>l'importance|la réalisation) de (?P<level>l'indicateur|l'objectif) "
                          r"«(?P<ident>[^«»]+)»(?: dans «(?P<title>[^«»]+)»)? se résume ainsi :")


@then(SUMMARY_STEP)
def summarised(app: Collegia, campaigns: Campaigns, scale: str, level: str, ident: str, title: str | None,
               datatable: list[list[str]]) -> None:
    """Per college (« tous »: every respondent), the number of ratings, their median and mean."""
    group = "indicators" if level == "l'indicateur" else "objectives"
    framework, results = frozen_results(app, campaigns, title)
    for row in table_records(datatable):
        college = None if row["collège"] == EVERYONE else row["collège"]
        stats = summary(framework, results, college)[group][ident][SCALE_WORDS[scale]]
        actual = {"notes": str(stats.n), "médiane": figure(stats.median), "moyenne": figure(stats.mean)}
        expected = {k: row[k] for k in actual}
        assert actual == expected, (row["collège"], actual)


@then(pr("la réalisation par objectif passe de «{before:T}» à «{after:T}» ainsi :"))
def movement(app: Collegia, campaigns: Campaigns, before: str, after: str, datatable: list[list[str]]) -> None:
    first = results_summary(app, campaigns, before)["objectives"]
    second = results_summary(app, campaigns, after)["objectives"]
    for row in table_records(datatable):
        o = row["objectif"]
        actual = {"médiane avant": figure(first[o][ACHIEVEMENT].median),
                  "médiane après": figure(second[o][ACHIEVEMENT].median),
                  "moyenne avant": figure(first[o][ACHIEVEMENT].mean),
                  "moyenne après": figure(second[o][ACHIEVEMENT].mean)}
        assert actual == {k: row[k] for k in actual}, (o, actual)


@then("les écarts de la campagne, du plus large au plus étroit, sont :")
def gaps(app: Collegia, campaigns: Campaigns, datatable: list[list[str]]) -> None:
    listed = [{"indicateur": g["indicator"], "importance moyenne": figure(g["importance"]),
               "réalisation moyenne": figure(g["achievement"]), "écart": figure(g["gap"])}
              for g in results_summary(app, campaigns)["gaps"]]
    assert listed == table_records(datatable), listed


@then(pr("l'écart le plus large est celui de l'indicateur «{indicator:T}», de l'objectif «{objective:T}»"))
def widest_gap(app: Collegia, campaigns: Campaigns, indicator: str, objective: str) -> None:
    framework, results = frozen_results(app, campaigns)
    widest = summary(framework, results)["gaps"][0]["indicator"]
    owner = next(o.id for o in framework.objectives if any(i.id == widest for i in o.indicators))
    assert (widest, owner) == (indicator, objective)


# -- the secrecy of individual answers ---------------------------------------------------------------------
@when("le secrétaire tente de lire les réponses individuelles", target_fixture="refusal")
def tries_reading_answers(app: Collegia, campaigns: Campaigns) -> Refusal:
    return attempt(app, lambda: app.campaign_answers(campaigns.get()))


@when("le secrétaire lit les réponses individuelles")
def reads_answers(app: Collegia, campaigns: Campaigns) -> None:
    assert campaigns.current is not None
    campaigns.read[campaigns.current] = app.campaign_answers(campaigns.get())


@then(pr("il lit pour «{member:T}» à «{indicator:T}» : importance {importance:d}, réalisation {achievement:d}"))
def read_answer(campaigns: Campaigns, roster: dict[str, UUID], member: str, indicator: str, importance: int,
                achievement: int) -> None:
    assert campaigns.current is not None
    entry = campaigns.read[campaigns.current][str(roster[member])][indicator]
    assert (entry[IMPORTANCE], entry[ACHIEVEMENT]) == (importance, achievement)


@then("le refus est un conflit d'état")
def refused_by_state(refusal: Refusal) -> None:
    assert refusal.error is not None and kind_of(refusal.error) is StateConflict, refusal.error


@then("le refus est un défaut de droit")
def refused_by_standing(refusal: Refusal) -> None:
    assert refusal.error is not None and kind_of(refusal.error) is NotPermitted, refusal.error


@then(pr("chacune des {count:d} réponses enregistrées est scellée, et toutes ont la même longueur"))
def sealed_answers(app: Collegia, campaigns: Campaigns, count: int) -> None:
    stored = list(app.get_campaign(campaigns.get()).answers.values())
    assert len(stored) == count and all(isinstance(s, str) for s in stored)
    assert len({len(s) for s in stored}) == 1, sorted({len(s) for s in stored})


@then(pr("aucune réponse enregistrée au registre de la campagne ne montre une note ni la justification «{text:T}»"))
def nothing_in_clear(app: Collegia, campaigns: Campaigns, text: str) -> None:
    answered = [state for name, state in events_of(app, campaigns.get()) if name == "AssessmentAnswered"]
    assert answered
    written = (text.encode(), json.dumps(text)[1:-1].encode())  # as UTF-8, or escaped
    for state in answered:
        assert b'"importance"' not in state and b'"achievement"' not in state
        assert not any(form in state for form in written)


@then(pr("«{member:T}» relit ses réponses : «{indicator:T}» importance {importance:d}, réalisation "
         "{achievement:d}, justification «{text:T}»"))
def own_answers(app: Collegia, campaigns: Campaigns, roster: dict[str, UUID], member: str, indicator: str,
                importance: int, achievement: int, text: str) -> None:
    entry = app.own_answers(campaigns.get(), respondent=str(roster[member]))[indicator]
    assert entry == {IMPORTANCE: importance, ACHIEVEMENT: achievement, "justification": text}


# -- from a weak objective to a strategy revision ----------------------------------------------------------
@step(pr("le secrétaire rédige depuis la campagne la révision «{title:T}» de l'objectif «{objective:T}» : "
         "«{text:T}»"))
def drafts_revision(app: Collegia, campaigns: Campaigns, agenda: Agenda, title: str, objective: str,
                    text: str) -> None:
    agenda.add(title, app.draft_revision_from_campaign(campaigns.get(), objective=objective, title=title, text=text,
                                                       actor=SECRETARY))


@when(pr("le secrétaire tente de rédiger depuis la campagne la révision «{title:T}» de l'objectif «{objective:T}» "
         ": «{text:T}»"), target_fixture="refusal")
def tries_drafting_revision(app: Collegia, campaigns: Campaigns, agenda: Agenda, title: str, objective: str,
                            text: str) -> Refusal:
    return attempt(app, lambda: drafts_revision(app, campaigns, agenda, title, objective, text))


@then(pr("la campagne renvoie à la révision «{title:T}» pour l'objectif «{objective:T}»"))
def campaign_links_revision(app: Collegia, campaigns: Campaigns, agenda: Agenda, title: str, objective: str) -> None:
    assert app.get_campaign(campaigns.get()).revisions == [{"proposal_id": str(agenda.get(title)),
                                                            "objective": objective}]


@then(pr("la révision «{title:T}» propose la stratégie «{text:T}»"))
def revision_proposes(app: Collegia, agenda: Agenda, title: str, text: str) -> None:
    proposal = app.get_proposal(agenda.get(title))
    assert proposal.effect == {"type": "revise_strategy", "text": text}


# -- regional networks -------------------------------------------------------------------------------------
def shares_of(words: str) -> list[str]:
    return [SHARES[w.strip()] for w in words.split(",") if w.strip()]


@step(pr("une résolution «{title:T}» propose d'adhérer au réseau «{network:T}» en partageant «{shares:T}»"))
def join_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str, network: str, shares: str) -> None:
    draft(app, pole_id, agenda, title,
          effect={"type": "join_network", "network_id": network_id(network), "shares": shares_of(shares)})


@step(pr("une résolution «{title:T}» propose de quitter le réseau «{network:T}»"))
def leave_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str, network: str) -> None:
    draft(app, pole_id, agenda, title, effect={"type": "leave_network", "network_id": network_id(network)})


@when("le secrétaire tente d'ouvrir le vote", target_fixture="refusal")
def tries_opening(app: Collegia, clock: ScenarioClock, agenda: Agenda) -> Refusal:
    return attempt(app, lambda: open_vote(app, clock, agenda.get()))


@then(pr("le pôle est dans le réseau «{network:T}» par la décision «{title:T}», et partage exactement «{shares:T}»"))
def in_network(app: Collegia, pole_id: UUID, agenda: Agenda, network: str, title: str, shares: str) -> None:
    joined = app.get_pole(pole_id).networks.get(network_id(network))
    assert joined is not None, "the pole is not in this network"
    assert joined["decision_id"] == str(agenda.get(title))
    assert joined["shares"] == sorted(shares_of(shares))


@then(pr("le pôle n'est pas dans le réseau «{network:T}»"))
def not_in_network(app: Collegia, pole_id: UUID, network: str) -> None:
    assert network_id(network) not in app.get_pole(pole_id).networks


@then(pr("le pôle est dans {count:d} réseau"))
@then(pr("le pôle est dans {count:d} réseaux"))
def network_count(app: Collegia, pole_id: UUID, count: int) -> None:
    assert len(app.get_pole(pole_id).networks) == count
