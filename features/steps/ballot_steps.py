"""Steps about ballots and proxies (pouvoirs)."""

from __future__ import annotations

from uuid import UUID

from pytest_bdd import parsers, step, when

from features.steps.support import Agenda, Refusal, attempt, p
from governance.application import Collegia


@step(p("«{member:T}» vote «{choice:Choix}»"))
def votes(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, choice: str) -> None:
    app.cast_ballot(agenda.get(), roster[member], choice, actor=member)


@step(p("«{holder:T}» vote «{choice:Choix}» pour «{principal:T}»"))
def votes_by_proxy(app: Collegia, agenda: Agenda, roster: dict[str, UUID], holder: str, choice: str,
                   principal: str) -> None:
    app.cast_ballot(agenda.get(), roster[principal], choice, actor=holder, proxy_holder=roster[holder])


COLLEGE_VOTES = parsers.re(r"le collège «(?P<college>[^«»]+)» vote (?P<pour>\d+) pour, (?P<contre>\d+) contre "
                           r"et (?P<abstention>\d+) abstentions?(?: sur «(?P<title>[^«»]+)»)?")


@step(COLLEGE_VOTES, converters={"pour": int, "contre": int, "abstention": int})
def college_votes(app: Collegia, agenda: Agenda, roster: dict[str, UUID], college: str, pour: int,
                  contre: int, abstention: int, title: str | None) -> None:
    proposal_id = agenda.get(title)
    electorate = app.get_proposal(proposal_id).electorate
    voters = [(name, m) for name, m in roster.items() if electorate.get(str(m)) == college]
    choices = ["for"] * pour + ["against"] * contre + ["abstain"] * abstention
    assert len(choices) <= len(voters), f"college '{college}' has only {len(voters)} electors"
    for (name, member_id), choice in zip(voters, choices):
        app.cast_ballot(proposal_id, member_id, choice, actor=name)


@step(p("tous les membres votent «{choice:Choix}»"))
def everybody_votes(app: Collegia, agenda: Agenda, roster: dict[str, UUID], choice: str) -> None:
    electorate = app.get_proposal(agenda.get()).electorate
    for name, member_id in roster.items():
        if str(member_id) in electorate:
            app.cast_ballot(agenda.get(), member_id, choice, actor=name)


@when(p("«{member:T}» tente de voter «{choice:Choix}»"), target_fixture="refusal")
def tries_to_vote(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, choice: str) -> Refusal:
    return attempt(app, lambda: votes(app, agenda, roster, member, choice))


@when(p("«{holder:T}» tente de voter «{choice:Choix}» pour «{principal:T}»"), target_fixture="refusal")
def tries_to_vote_by_proxy(app: Collegia, agenda: Agenda, roster: dict[str, UUID], holder: str, choice: str,
                           principal: str) -> Refusal:
    return attempt(app, lambda: votes_by_proxy(app, agenda, roster, holder, choice, principal))


@step(p("«{principal:T}» donne pouvoir à «{holder:T}»"))
def grants_proxy(app: Collegia, agenda: Agenda, roster: dict[str, UUID], principal: str, holder: str) -> None:
    app.grant_proxy(agenda.get(), roster[principal], roster[holder], actor=principal)


@when(p("«{principal:T}» tente de donner pouvoir à «{holder:T}»"), target_fixture="refusal")
def tries_to_grant_proxy(app: Collegia, agenda: Agenda, roster: dict[str, UUID], principal: str,
                         holder: str) -> Refusal:
    return attempt(app, lambda: grants_proxy(app, agenda, roster, principal, holder))


@step(p("«{principal:T}» révoque son pouvoir"))
def revokes_proxy(app: Collegia, agenda: Agenda, roster: dict[str, UUID], principal: str) -> None:
    app.revoke_proxy(agenda.get(), roster[principal], actor=principal)


@when(p("«{principal:T}» tente de révoquer son pouvoir"), target_fixture="refusal")
def tries_to_revoke_proxy(app: Collegia, agenda: Agenda, roster: dict[str, UUID], principal: str) -> Refusal:
    return attempt(app, lambda: revokes_proxy(app, agenda, roster, principal))

