"""Steps about elections to the board, mandates and the board's own decisions (issue 21).

Ballots are written as the members would fill them in, one column per candidate: «pour» / «contre» /
«abstention» (resolution per candidate), «oui» / «non» (plurality: a ballot with no «oui» is blank), a grade of the
statutes' scale or «blanc» on every column (majority judgment). The step turns each row into the ballot string of
governance/election.py: one character per candidate, in the order the candidates were declared. Dates are Paris
days, written as ISO dates."""

from __future__ import annotations

import json
import re
from datetime import UTC, date
from typing import Any
from uuid import UUID

from pytest_bdd import given, parsers, step, then, when

from features.steps.assembly_steps import paris
from features.steps.member_steps import admit_into, join
from features.steps.proposal_steps import TEXT, open_vote
from features.steps.support import (BOARD, SECRETARY, Agenda, Refusal, ScenarioClock, attempt, events_of, p,
                                    recorded_tally, table_records)
from governance.application import Collegia
from governance.election import MAJORITY_JUDGMENT, PLURALITY, RESOLUTION
from governance.sealing import SEALED_LENGTH
from governance.tally import Tally

RPC_CELLS = {"pour": "f", "contre": "a", "abstention": "x"}
PLURALITY_CELLS = {"oui": "1", "non": "0"}
BLANK_WORDS = ("blanc", "—", "-")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def listed(text: str) -> list[str]:
    """«Ulrich, Paula, Samir» → ["Ulrich", "Paula", "Samir"]; «—» → []."""
    return [] if text.strip() in BLANK_WORDS else [name.strip() for name in text.split(",") if name.strip()]


def day(text: str) -> date:
    return date.fromisoformat(text)


def board_settings(app: Collegia, pole_id: UUID) -> Any:
    board = app.get_pole(pole_id).statutes.board
    assert board is not None, "the statutes set up no board"
    return board


def candidates_of(app: Collegia, proposal_id: UUID) -> list[dict[str, Any]]:
    election = app.get_proposal(proposal_id).election
    assert election is not None, "this proposal is not an election"
    return list(election["candidates"])


def candidate_rows(app: Collegia, agenda: Agenda) -> list[dict[str, Any]]:
    """The candidates' figures as the close recorded them, in rank order."""
    details = recorded_tally(app, agenda.get()).details or {}
    return list(details["candidates"])


def candidate_row(app: Collegia, agenda: Agenda, name: str) -> dict[str, Any]:
    return next(c for c in candidate_rows(app, agenda) if c["name"] == name)


# -- statutes --------------------------------------------------------------------------------------------------
@given(p("des statuts «{model:T}» sans collège"), target_fixture="statutes")
def statutes_without_colleges(model: str) -> dict[str, Any]:
    return {"model": model, "colleges": []}


@given(p("les statuts instituent un «{name:T}» de {seats:d} sièges, élu pour {years:d} ans par la méthode "
         "«{method:T}»"))
def statutes_board(statutes: dict[str, Any], name: str, seats: int, years: int, method: str) -> None:
    statutes["board"] = {"name": name, "seats": seats, "term_years": years, "election_method": method}


@given(parsers.re(r"les statuts réservent (?P<number>\d+) sièges? du conseil au collège «(?P<college>[^«»]+)»"),
       converters={"number": int})
def statutes_reserved_seats(statutes: dict[str, Any], number: int, college: str) -> None:
    statutes["board"].setdefault("reserved", {})[college] = number


@step(p("nous sommes le {on} à {time}"))
def today_is(clock: ScenarioClock, on: str, time: str) -> None:
    clock.move_to(paris(on, time).astimezone(UTC))


@when(p("le conseil tente de fonder le pôle «{name:T}» en «{form:T}» avec ces statuts"), target_fixture="refusal")
def try_found_pole_as(app: Collegia, statutes: dict[str, Any], name: str, form: str) -> Refusal:
    return attempt(app, lambda: app.found_pole(name=name, territory="Pays de Morlaix", legal_form=form,
                                               statutes=statutes, actor=BOARD))


@given(p("les membres admis du collège «{college:T}» sont «{names:T}»"))
def admitted_in_college(app: Collegia, pole_id: UUID, roster: dict[str, UUID], college: str, names: str) -> None:
    for name in listed(names):
        admit_into(app, pole_id, join(app, pole_id, roster, name), college)


@given(p("les membres admis sans collège sont «{names:T}»"))
def admitted_without_college(app: Collegia, pole_id: UUID, roster: dict[str, UUID], names: str) -> None:
    for name in listed(names):
        admit_into(app, pole_id, join(app, pole_id, roster, name), "")


# -- elections ---------------------------------------------------------------------------------------------------
def draft_election(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], title: str, seats: int,
                   reserved: dict[str, int], names: list[str]) -> UUID:
    """Draft an election and record its candidacies, in the order given (the ballots' order)."""
    proposal_id = app.draft_election(pole_id, title=title, text=TEXT, seats=seats, reserved=reserved,
                                     actor=SECRETARY)
    for name in names:
        app.declare_candidate(proposal_id, roster[name], actor=SECRETARY)
    agenda.add(title, proposal_id)
    return proposal_id


@step(parsers.re(r"une élection «(?P<title>[^«»]+)» pourvoit (?P<seats>\d+) sièges?, dont (?P<number>\d+) réservés? "
                 r"au collège «(?P<college>[^«»]+)», avec les candidats «(?P<names>[^«»]+)»"),
      converters={"seats": int, "number": int})
def election_with_reserved_seats(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], title: str,
                                 seats: int, number: int, college: str, names: str) -> None:
    draft_election(app, pole_id, agenda, roster, title, seats, {college: number}, listed(names))


@step(parsers.re(r"une élection «(?P<title>[^«»]+)» pourvoit (?P<seats>\d+) sièges? avec les candidats "
                 r"«(?P<names>[^«»]+)»"), converters={"seats": int})
def election(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], title: str, seats: int,
             names: str) -> None:
    draft_election(app, pole_id, agenda, roster, title, seats, {}, listed(names))


def ballot_string(method: str, grades: tuple[str, ...], cells: list[str]) -> str:
    """One row of the ballot table, in the candidates' order, as the election's ballot string."""
    if method == RESOLUTION:
        return "".join(RPC_CELLS[cell] for cell in cells)
    if method == PLURALITY:
        return "".join(PLURALITY_CELLS[cell or "non"] for cell in cells)
    assert method == MAJORITY_JUDGMENT
    return "".join("-" if cell in BLANK_WORDS else str(grades.index(cell)) for cell in cells)


@step("les bulletins sont :")
def ballots_cast(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID],
                 datatable: list[list[str]]) -> None:
    proposal_id = agenda.get()
    board = board_settings(app, pole_id)
    order = [c["name"] for c in candidates_of(app, proposal_id)]
    for row in table_records(datatable):
        assert set(order) <= set(row), f"the table has no column for {set(order) - set(row)}"
        ballot = ballot_string(board.election_method, board.grades, [row[name].strip() for name in order])
        app.cast_ballot(proposal_id, roster[row["membre"]], ballot, actor=row["membre"])


@when(p("«{member:T}» tente de cocher «{names:T}»"), target_fixture="refusal")
def tries_to_mark(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, names: str) -> Refusal:
    proposal_id = agenda.get()
    marked = set(listed(names))
    ballot = "".join("1" if c["name"] in marked else "0" for c in candidates_of(app, proposal_id))
    return attempt(app, lambda: app.cast_ballot(proposal_id, roster[member], ballot, actor=member))


# -- the result of an election -----------------------------------------------------------------------------------
def seat_words(seat: str | None) -> str:
    if seat is None:
        return "—"
    return "ouvert" if seat == "open" else seat.replace("reserved:", "réservé ")


def mention(grades: list[str], row: dict[str, Any]) -> str:
    if row.get("grade") is None:
        return "—"
    return grades[row["grade"]] + ("+" if row["sign"] == "+" else "−")


def check_candidates(tally: Tally, datatable: list[list[str]]) -> None:
    """The candidates' figures in `tally` against a table naming the columns it checks."""
    details = tally.details or {}
    rows = {c["name"]: c for c in details["candidates"]}
    for expected in table_records(datatable):
        row = rows[expected["candidat"]]
        actual = {"collège": row["college"], "résultat": row.get("result") or "—",
                  "mention": mention(details.get("grades") or [], row), "p": row.get("p") or "—",
                  "q": row.get("q") or "—", "score": row.get("score") or "—", "rang": str(row["rank"]),
                  "élu": "oui" if row["elected"] else "non", "siège": seat_words(row["seat"])}
        wanted = {column: value.replace("-", "−") if column == "mention" else value
                  for column, value in expected.items() if column != "candidat"}
        assert {column: actual[column] for column in wanted} == wanted, expected["candidat"]


@then("les candidats obtiennent :")
def candidates_obtain(app: Collegia, agenda: Agenda, datatable: list[list[str]]) -> None:
    check_candidates(recorded_tally(app, agenda.get()), datatable)


@then(p("avec les mêmes bulletins sous des statuts «{model:T}», les candidats obtiendraient :"))
def candidates_would_obtain(app: Collegia, pole_id: UUID, agenda: Agenda, model: str,
                            datatable: list[list[str]]) -> None:
    """The what-if of the same ballots under other statutes (the colleges kept, without shares), stored nowhere."""
    statutes = app.get_pole(pole_id).statutes.to_dict()
    statutes = {**statutes, "model": model, "colleges": [{**c, "share": None} for c in statutes["colleges"]]}
    before = app.recorder.max_notification_id()
    recorded, simulated = app.what_if(agenda.get(), statutes)
    assert recorded == recorded_tally(app, agenda.get()) and app.recorder.max_notification_id() == before
    check_candidates(simulated, datatable)


@then(p("sont élus, dans l'ordre, «{names:T}»"))
def elected_in_order(app: Collegia, agenda: Agenda, names: str) -> None:
    tally = recorded_tally(app, agenda.get())
    assert tally.outcome == "elected"
    assert [c["name"] for c in candidate_rows(app, agenda) if c["elected"]] == listed(names)


@then(parsers.re(r"le dépouillement compte (?P<count>\d+) bulletins? blancs?"), converters={"count": int})
def blank_ballots(app: Collegia, agenda: Agenda, count: int) -> None:
    assert (recorded_tally(app, agenda.get()).details or {})["blank"] == count


@then(p("«{behind:T}» est classé derrière «{ahead:T}» à la profondeur {depth}, où «{ahead_again:T}» lit "
        "«{ahead_reading:T}» et «{behind_again:T}» «{behind_reading:T}»"))
def classed_behind(app: Collegia, agenda: Agenda, behind: str, ahead: str, depth: str, ahead_again: str,
                   ahead_reading: str, behind_again: str, behind_reading: str) -> None:
    assert (ahead_again, behind_again) == (ahead, behind), "the step names the same two candidates twice"
    grades = (recorded_tally(app, agenda.get()).details or {})["grades"]
    readings = [[grades.index(g.strip()) for g in text.split("/")] for text in (ahead_reading, behind_reading)]
    row = candidate_row(app, agenda, behind)
    assert row["behind"] == {"candidate": candidate_row(app, agenda, ahead)["id"], "depth": depth,
                             "readings": readings}


@then(p("les mentions données à «{name:T}» sont publiées par collège :"))
def published_distribution(app: Collegia, agenda: Agenda, name: str, datatable: list[list[str]]) -> None:
    grades = (recorded_tally(app, agenda.get()).details or {})["grades"]
    per_college = candidate_row(app, agenda, name)["colleges"]
    for expected in table_records(datatable):
        counts = per_college[expected["collège"]]
        actual = {grade: str(counts[grades.index(grade)]) for grade in expected if grade != "collège"}
        assert actual == {grade: n for grade, n in expected.items() if grade != "collège"}, expected["collège"]


@then("le recomptage à partir des événements redonne exactement le dépouillement de la clôture")
def recount_equals_close(app: Collegia, agenda: Agenda, tally: Tally) -> None:
    recounted = app.recount(agenda.get())
    assert recounted == tally
    assert recounted == recorded_tally(app, agenda.get())


@then("aucun événement enregistré pour cette élection ne contient de bulletin en clair")
def no_ballot_in_clear(app: Collegia, agenda: Agenda, roster: dict[str, UUID]) -> None:
    """Every ballot is a SecretBallotCast holding only a sealed value: no "choice" key, the v2 format; and, once the
    sealed value, the ids and the voter's name are set aside, every such event is the same text, whatever the
    grades (the shape test of tests/security/test_secret_ballot_padding.py)."""
    events = events_of(app, agenda.get())
    assert not [name for name, _ in events if name == "BallotCast"]
    secret = [json.loads(state) for name, state in events if name == "SecretBallotCast"]
    assert secret, "no secret ballot was recorded"
    shapes = set()
    for data in secret:
        assert "choice" not in data and data["sealed"].startswith("v2:")
        data = {**data, "sealed": "C" * len(data["sealed"]), "actor": "A"}
        shapes.add(UUID_RE.sub("U" * 36, json.dumps(data, sort_keys=True)))
    assert len(shapes) == 1, sorted(shapes)


@then(p("les {count:d} bulletins scellés ont tous la même longueur, {length:d} caractères"))
def sealed_lengths(app: Collegia, agenda: Agenda, count: int, length: int) -> None:
    sealed = [json.loads(state)["sealed"] for name, state in events_of(app, agenda.get())
              if name == "SecretBallotCast"]
    assert len(sealed) == count
    assert {len(s) for s in sealed} == {length} == {SEALED_LENGTH}


# -- mandates ----------------------------------------------------------------------------------------------------
def mandate_of(app: Collegia, pole_id: UUID, name: str) -> dict[str, Any]:
    return next(m for m in reversed(app.get_pole(pole_id).mandates) if m["name"] == name)


@then("les mandats sont :")
def mandates_are(app: Collegia, pole_id: UUID, datatable: list[list[str]]) -> None:
    columns = {"siège": lambda m: seat_words(m["seat"]), "du": lambda m: m["starts_on"],
               "au": lambda m: m["ends_on"], "par": lambda m: {"election": "élection"}.get(m["by"], m["by"]),
               "fonction": lambda m: m["officer"] or "—", "fin": lambda m: m["ended_on"] or "—"}
    expected_rows = table_records(datatable)
    assert sorted(m["name"] for m in app.get_pole(pole_id).mandates) == sorted(r["membre"] for r in expected_rows)
    for expected in expected_rows:
        mandate = mandate_of(app, pole_id, expected["membre"])
        actual = {column: columns[column](mandate) for column in expected if column != "membre"}
        assert actual == {c: v for c, v in expected.items() if c != "membre"}, expected["membre"]


@then(p("le conseil au {on} est «{names:T}»"))
def board_on_day(app: Collegia, pole_id: UUID, on: str, names: str) -> None:
    assert sorted(m["name"] for m in app.get_pole(pole_id).board_on(day(on))) == sorted(listed(names))


@step(p("le {on} à {time} les mandats arrivés à leur terme sont clos : {count:d}"))
def expire(app: Collegia, clock: ScenarioClock, pole_id: UUID, on: str, time: str, count: int) -> None:
    clock.move_to(paris(on, time).astimezone(UTC))
    assert app.expire_mandates(pole_id, actor=SECRETARY) == count


@then(p("le mandat de «{name:T}» a pris fin le {on} au terme"))
def ended_by_term(app: Collegia, pole_id: UUID, name: str, on: str) -> None:
    mandate = mandate_of(app, pole_id, name)
    assert (mandate["status"], mandate["ended_on"], mandate["end_reason"]) == ("ended", on, "term")


# -- the board's own decisions -----------------------------------------------------------------------------------
@step(p("«{names:T}» sont élus au conseil"))
def elected_to_board(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID],
                     names: str) -> None:
    """An election by resolution per candidate where every member votes for every candidate."""
    people = listed(names)
    proposal_id = draft_election(app, pole_id, agenda, roster, "Élection du conseil", len(people), {}, people)
    open_vote(app, clock, proposal_id)
    for name, member_id in roster.items():
        app.cast_ballot(proposal_id, member_id, "f" * len(people), actor=name)
    assert app.close_voting(proposal_id, actor=SECRETARY).outcome == "elected"


@given(parsers.re(r"«(?P<name>[^«»]+)» est nommée? «(?P<role>[^«»]+)» par le conseil"))
def appointed(app: Collegia, pole_id: UUID, name: str, role: str) -> None:
    app.appoint_officer(pole_id, mandate_of(app, pole_id, name)["id"], role=role, decision="réunion du conseil",
                        actor=SECRETARY)


@step(p("une décision du conseil «{title:T}» est ouverte"))
def board_decision_opened(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, title: str) -> None:
    proposal_id = app.draft_proposal(pole_id, title=title, text=TEXT, actor=SECRETARY)
    app.address_to_board(proposal_id, actor=SECRETARY)
    agenda.add(title, proposal_id)
    open_vote(app, clock, proposal_id)


@then(p("les votants du conseil sont «{names:T}»"))
def board_electorate(app: Collegia, agenda: Agenda, roster: dict[str, UUID], names: str) -> None:
    assert set(app.get_proposal(agenda.get()).electorate) == {str(roster[name]) for name in listed(names)}


@then(p("le conseil a compté {present:d} présents et {represented:d} représentés sur {size:d} membres"))
def board_attendance(app: Collegia, agenda: Agenda, present: int, represented: int, size: int) -> None:
    tally = recorded_tally(app, agenda.get())
    details = tally.details or {}
    assert (details["present"], details["represented"], tally.entitled) == (present, represented, size)


@then(p("la voix prépondérante de «{name:T}» a départagé : «{choice:Choix}»"))
def casting_vote(app: Collegia, agenda: Agenda, roster: dict[str, UUID], name: str, choice: str) -> None:
    details = recorded_tally(app, agenda.get()).details or {}
    assert (details["chair"], details["casting_vote"]) == (str(roster[name]), choice)


@then("aucune voix prépondérante n'a joué")
def no_casting_vote(app: Collegia, agenda: Agenda) -> None:
    assert (recorded_tally(app, agenda.get()).details or {})["casting_vote"] is None
