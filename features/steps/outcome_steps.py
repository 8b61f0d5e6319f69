"""Steps checking what was decided and stored: refusals, tallies, the register, the strategy."""

from __future__ import annotations

from fractions import Fraction
from uuid import UUID

from pytest_bdd import parsers, then

from features.steps.support import (Agenda, Refusal, events_of, has_choice_in_clear, p, recorded_tally, shown,
                                    table_records)
from governance.application import Collegia
from governance.tally import CollegeCount

COLUMNS = {"électeurs": "electorate", "participants": "participants", "pour": "votes_for",
           "contre": "votes_against", "abstentions": "abstentions", "exprimés": "cast",
           "part pour": "share_in_favour", "poids": "effective_weight", "poids effectif": "effective_weight"}


def college_count(app: Collegia, agenda: Agenda, college: str, title: str | None = None) -> CollegeCount:
    return next(c for c in recorded_tally(app, agenda.get(title)).colleges if c.code == college)


# -- refusals ---------------------------------------------------------------------
@then("la demande est acceptée")
def accepted(refusal: Refusal) -> None:
    assert refusal.error is None, f"refused: {refusal.error}"


@then(p("la demande est refusée avec le message «{message:T}»"))
def refused_with(refusal: Refusal, message: str) -> None:
    assert refusal.error is not None, "the command was accepted"
    assert message in refusal.error.message, refusal.error.message


@then("rien n'a été enregistré")
def nothing_stored(refusal: Refusal) -> None:
    assert refusal.stored_after == refusal.stored_before


# -- the tally, as recorded at close ----------------------------------------------------
@then(parsers.re(r"le résultat(?: du vote «(?P<title>[^«»]+)»)? est (?P<result>-?\d+(?:/\d+)?)"),
      converters={"result": Fraction})
def result_is(app: Collegia, agenda: Agenda, title: str | None, result: Fraction) -> None:
    assert recorded_tally(app, agenda.get(title)).result == result


@then(p("la résolution est {outcome:Issue}"))
def outcome_is(app: Collegia, agenda: Agenda, outcome: str) -> None:
    assert recorded_tally(app, agenda.get()).outcome == outcome


@then(p("la règle appliquée aux collèges vides est «{rule:T}»"))
def rule_applied(app: Collegia, agenda: Agenda, rule: str) -> None:
    assert recorded_tally(app, agenda.get()).rule_applied == rule


@then(p("les collèges vides sont «{colleges:T}»"))
def empty_colleges(app: Collegia, agenda: Agenda, colleges: str) -> None:
    assert ", ".join(recorded_tally(app, agenda.get()).empty_colleges) == colleges


@then("le décompte par collège est :")
def per_college(app: Collegia, agenda: Agenda, datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        count = college_count(app, agenda, row["collège"])
        actual = {column: shown(getattr(count, COLUMNS[column])) for column in row if column in COLUMNS}
        assert actual == {column: row[column] for column in actual}, row["collège"]


@then(parsers.re(r"le collège «(?P<college>[^«»]+)» compte (?P<pour>\d+) pour, (?P<contre>\d+) contre "
                 r"et (?P<abstention>\d+) abstentions?"), converters={"pour": int, "contre": int, "abstention": int})
def college_counted(app: Collegia, agenda: Agenda, college: str, pour: int, contre: int, abstention: int) -> None:
    count = college_count(app, agenda, college)
    assert (count.votes_for, count.votes_against, count.abstentions) == (pour, contre, abstention)


@then(p("le quorum est atteint : participation {participants:d} sur {entitled:d}"))
def quorum_met(app: Collegia, agenda: Agenda, participants: int, entitled: int) -> None:
    tally = recorded_tally(app, agenda.get())
    assert (tally.quorum_met, tally.participants, tally.entitled) == (True, participants, entitled)


@then(p("le quorum n'est pas atteint : participation {participants:d} sur {entitled:d}"))
def quorum_missed(app: Collegia, agenda: Agenda, participants: int, entitled: int) -> None:
    tally = recorded_tally(app, agenda.get())
    assert (tally.quorum_met, tally.participants, tally.entitled) == (False, participants, entitled)


@then(p("le quorum du collège «{college:T}» n'est pas atteint"))
def college_quorum_missed(app: Collegia, agenda: Agenda, college: str) -> None:
    assert college_count(app, agenda, college).quorum_met is False


@then(p("le décompte du collège «{college:T}» révèle les bulletins"))
def reveals(app: Collegia, agenda: Agenda, college: str) -> None:
    assert college_count(app, agenda, college).reveals_ballots


@then(p("le décompte du collège «{college:T}» ne révèle pas les bulletins"))
def does_not_reveal(app: Collegia, agenda: Agenda, college: str) -> None:
    assert not college_count(app, agenda, college).reveals_ballots


@then("le recomptage à partir des événements donne le résultat enregistré à la clôture")
def recount_matches(app: Collegia, agenda: Agenda) -> None:
    assert app.recount(agenda.get()) == recorded_tally(app, agenda.get())


# -- the history ------------------------------------------------------------------------
@then("l'historique du vote contient, dans l'ordre :")
def history_contains(app: Collegia, agenda: Agenda, datatable: list[list[str]]) -> None:
    recorded = iter(name for name, _ in events_of(app, agenda.get()))
    expected = [row["fait"] for row in table_records(datatable)]
    assert all(name in recorded for name in expected), expected


@then("aucun événement enregistré pour ce scrutin ne contient de choix en clair")
def no_choice_in_clear(app: Collegia, agenda: Agenda) -> None:
    events = events_of(app, agenda.get())
    assert [name for name, _ in events].count("SecretBallotCast") > 0
    assert [name for name, state in events if has_choice_in_clear(state)] == []


# -- the pole -------------------------------------------------------------------------------
@then(p("la stratégie commune est en version {version:d} : «{text:T}»"))
def strategy_is(app: Collegia, pole_id: UUID, version: int, text: str) -> None:
    pole = app.get_pole(pole_id)
    assert (pole.strategy_version, pole.strategy_versions[-1]["text"]) == (version, text)


@then(p("cette version a été adoptée par la résolution «{title:T}»"))
def strategy_decided_by(app: Collegia, pole_id: UUID, agenda: Agenda, title: str) -> None:
    assert app.get_pole(pole_id).strategy_versions[-1]["decision_id"] == str(agenda.get(title))


@then(p("les statuts en version {version:d} ont été adoptés par la résolution «{title:T}»"))
def statutes_decided_by(app: Collegia, pole_id: UUID, agenda: Agenda, version: int, title: str) -> None:
    entry = app.get_pole(pole_id).statutes_versions[version - 1]
    assert (entry["version"], entry["decision_id"]) == (version, str(agenda.get(title)))
