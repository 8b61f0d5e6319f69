"""Steps about the members of a pole: requests, admission, colleges, withdrawal, exclusion."""

from __future__ import annotations

from uuid import UUID

from pytest_bdd import given, parsers, step, then, when

from features.steps.support import BOARD, Refusal, attempt, p, table_records
from governance.application import Collegia


def join(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, kind: str = "person") -> UUID:
    """Record a membership request and remember the member's id under its name."""
    roster[name] = app.request_membership(pole_id, name=name, kind=kind, category="associé",
                                          representative=name, actor=name)
    return roster[name]


def admit_into(app: Collegia, pole_id: UUID, member_id: UUID, college: str) -> None:
    """Admit by a board decision, then assign to a college (when the table names one)."""
    app.admit_member(pole_id, member_id, decision="décision du conseil", actor=BOARD)
    if college:
        app.assign_college(pole_id, member_id, college=college, reason="adhésion", actor=BOARD)


@given("les membres admis :")
def admitted_members(app: Collegia, pole_id: UUID, roster: dict[str, UUID], datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        member_id = join(app, pole_id, roster, row["membre"], row.get("nature", "person"))
        admit_into(app, pole_id, member_id, row.get("collège", ""))


@given(parsers.re(r"le collège «(?P<college>[^«»]+)» compte (?P<count>\d+) membres?"), converters={"count": int})
def college_members(app: Collegia, pole_id: UUID, roster: dict[str, UUID], college: str, count: int) -> None:
    for n in range(1, count + 1):
        admit_into(app, pole_id, join(app, pole_id, roster, f"{college}-{n}"), college)


@step(p("«{name:T}» demande à adhérer"))
def request_membership(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str) -> None:
    join(app, pole_id, roster, name, "ess_enterprise")


@step(p("le conseil admet «{name:T}» dans le collège «{college:T}»"))
def board_admits(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, college: str) -> None:
    admit_into(app, pole_id, roster[name], college)


@when(p("le conseil tente d'admettre «{name:T}»"), target_fixture="refusal")
def board_tries_to_admit(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str) -> Refusal:
    return attempt(app, lambda: app.admit_member(pole_id, roster[name], decision="décision du conseil",
                                                 actor=BOARD))


@when(p("le conseil tente d'exclure «{name:T}» pour «{reasons:T}»"), target_fixture="refusal")
def board_tries_to_exclude(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str,
                           reasons: str) -> Refusal:
    return attempt(app, lambda: app.exclude_member(pole_id, roster[name], reasons=reasons,
                                                   decision="décision du conseil", actor=BOARD))


@step(p("le conseil réaffecte «{name:T}» au collège «{college:T}»"))
def board_reassigns(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, college: str) -> None:
    app.assign_college(pole_id, roster[name], college=college, reason="changement d'activité", actor=BOARD)


@step(p("«{name:T}» se retire du pôle"))
def withdraws(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str) -> None:
    app.withdraw_member(pole_id, roster[name], reason="départ du territoire", actor=name)


@then(p("«{name:T}» est {status:Statut}"))
def member_status(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, status: str) -> None:
    assert app.get_pole(pole_id).member(roster[name])["status"] == status
