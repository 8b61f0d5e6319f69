"""Steps about proposals: drafting with an effect, opening, closing, and the clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from pytest_bdd import parsers, step, then, when

from features.steps.support import (SECRETARY, VOTING_PERIOD, Agenda, Refusal, ScenarioClock, attempt,
                                    college_rows, p)
from governance.application import Collegia
from governance.tally import Tally

TEXT = "Texte soumis au vote de l'assemblée."


def draft(app: Collegia, pole_id: UUID, agenda: Agenda, title: str, kind: str = "ordinary",
          effect: dict[str, Any] | None = None, secret: bool = False) -> UUID:
    """Draft a proposal and make it the current one."""
    proposal_id = app.draft_proposal(pole_id, title=title, text=TEXT, kind=kind, effect=effect,
                                     secret=secret, actor=SECRETARY)
    agenda.add(title, proposal_id)
    return proposal_id


def open_vote(app: Collegia, clock: ScenarioClock, proposal_id: UUID, convocation: str = "first") -> None:
    """Open voting for the usual week."""
    app.open_voting(proposal_id, closes_at=clock.now + VOTING_PERIOD, convocation=convocation, actor=SECRETARY)


def amended_statutes(app: Collegia, pole_id: UUID, **changes: Any) -> dict[str, Any]:
    """The statutes in force with some settings changed, as an amendment would carry them."""
    return {**app.get_pole(pole_id).statutes.to_dict(), **changes}


@step(p("un vote {kind:Nature} «{title:T}» est ouvert"))
def vote_opened(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str, title: str) -> None:
    open_vote(app, clock, draft(app, pole_id, agenda, title, kind))


@step(p("un vote {kind:Nature} «{title:T}» est ouvert en {convocation:Conv} convocation"))
def vote_opened_on(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str, title: str,
                   convocation: str) -> None:
    open_vote(app, clock, draft(app, pole_id, agenda, title, kind), convocation)


@step(p("un scrutin secret {kind:Nature} «{title:T}» est ouvert"))
def secret_vote_opened(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str,
                       title: str) -> None:
    open_vote(app, clock, draft(app, pole_id, agenda, title, kind, secret=True))


@step(p("une résolution extraordinaire «{title:T}» propose les statuts :"))
def amendment_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str, datatable: list[list[str]]) -> None:
    effect = {"type": "amend_statutes", "statutes": amended_statutes(app, pole_id, colleges=college_rows(datatable))}
    draft(app, pole_id, agenda, title, "extraordinary", effect)


@step(p("une résolution extraordinaire «{title:T}» propose de réserver les admissions à l'assemblée"))
def admissions_amendment_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str) -> None:
    effect = {"type": "amend_statutes", "statutes": amended_statutes(app, pole_id, admission_by="assembly")}
    draft(app, pole_id, agenda, title, "extraordinary", effect)


@when(p("le secrétaire tente de rédiger une résolution ordinaire «{title:T}» proposant les statuts :"),
      target_fixture="refusal")
def ordinary_amendment_attempted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str,
                                 datatable: list[list[str]]) -> Refusal:
    effect = {"type": "amend_statutes", "statutes": amended_statutes(app, pole_id, colleges=college_rows(datatable))}
    return attempt(app, lambda: draft(app, pole_id, agenda, title, "ordinary", effect))


@when(p("le secrétaire tente de modifier «{title:T}» en résolution extraordinaire modifiant les statuts"),
      target_fixture="refusal")
def amendment_after_convocation_attempted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str) -> Refusal:
    effect = {"type": "amend_statutes", "statutes": amended_statutes(app, pole_id, admission_by="assembly")}
    return attempt(app, lambda: app.amend_proposal(agenda.get(title), title=title, text="Nouveau texte",
                                                   kind="extraordinary", effect=effect, actor=SECRETARY))


@step(p("une résolution «{title:T}» propose d'admettre «{name:T}»"))
def admission_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], title: str,
                      name: str) -> None:
    draft(app, pole_id, agenda, title, effect={"type": "admit_member", "member_id": str(roster[name])})


@step(p("une résolution «{title:T}» propose d'exclure «{name:T}» pour «{reasons:T}»"))
def exclusion_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], title: str,
                      name: str, reasons: str) -> None:
    effect = {"type": "exclude_member", "member_id": str(roster[name]), "reasons": reasons}
    draft(app, pole_id, agenda, title, effect=effect)


@step(p("une résolution «{title:T}» propose la stratégie «{text:T}»"))
def strategy_revision_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, title: str, text: str) -> None:
    draft(app, pole_id, agenda, title, effect={"type": "revise_strategy", "text": text})


@step("le vote est ouvert")
def current_vote_opened(app: Collegia, clock: ScenarioClock, agenda: Agenda) -> None:
    open_vote(app, clock, agenda.get())


@step(parsers.re(r"le vote(?: «(?P<title>[^«»]+)»)? est clos par le secrétaire"), target_fixture="tally")
def closed_by_secretary(app: Collegia, agenda: Agenda, title: str | None) -> Tally:
    return app.close_voting(agenda.get(title), actor=SECRETARY)


@when("l'heure de clôture est passée")
def closing_time_passed(app: Collegia, clock: ScenarioClock, agenda: Agenda) -> None:
    closes_at = app.get_proposal(agenda.get()).closes_at
    assert closes_at is not None
    clock.move_to(closes_at + timedelta(minutes=1))


@when("le planificateur clôt le vote s'il est échu", target_fixture="tally")
def scheduler_closes(app: Collegia, agenda: Agenda) -> Tally | None:
    return app.close_if_due(agenda.get())


@then("le vote est toujours ouvert")
def still_open(app: Collegia, agenda: Agenda) -> None:
    assert app.get_proposal(agenda.get()).status == "open"


@then("le vote est clos")
def is_closed(app: Collegia, agenda: Agenda) -> None:
    assert app.get_proposal(agenda.get()).status == "closed"


@then(p("le vote «{title:T}» applique les statuts en version {version:d}"))
def frozen_statutes_version(app: Collegia, agenda: Agenda, title: str, version: int) -> None:
    assert app.get_proposal(agenda.get(title)).statutes_version == version
