"""The board's read models on a real store (SQLite and PostgreSQL): an election's candidates and result, the
mandates it starts, the board as of a date, the end of a term recorded by the closer, and a rebuild that gives
the same rows (issue 21)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from demo.pole import load_demo
from governance.board import ending_within
from governance.clock import frozen_time, today as paris_today
from projections.queries import Queries
from tests.integration.helpers import dump_read_models
from web.cli import close_due_proposals

SECRETARY = "secretary"


@pytest.fixture
def elected(system):
    """The demo pole elects three administrators, one on the seat reserved to its employees' college."""
    pole = load_demo(system.app)
    queries = Queries(system.engine)
    members = queries.members(str(pole), status="admitted")
    by_college = {}
    for member in members:
        by_college.setdefault(member["college"], []).append(member["id"])
    candidates = [by_college["usagers"][0], by_college["collectivites"][0], by_college["salaries"][0]]
    proposal = system.app.draft_election(pole, title="Élection de trois administrateurs", text="Trois sièges.",
                                         seats=3, actor=SECRETARY)
    for member in candidates:
        system.app.declare_candidate(proposal, member, actor=SECRETARY)
    system.app.open_voting(proposal, closes_at=datetime.now(UTC) + timedelta(days=7), actor=SECRETARY)
    for member in members:
        system.app.cast_ballot(proposal, member["id"], "fff", actor=member["name"])
    system.app.close_voting(proposal, actor=SECRETARY)
    return pole, str(proposal), candidates


def test_an_election_and_its_mandates_are_read_and_rebuilt_alike(system, elected):
    pole, proposal, candidates = elected
    queries = Queries(system.engine)
    row = queries.proposal(proposal)
    assert [c["member_id"] for c in row["election"]["candidates"]] == candidates
    assert row["election"]["reserved"] == {"salaries": 1} and row["outcome"] == "elected"
    assert [c["seat"] for c in row["tally"]["details"]["candidates"] if c["elected"]].count("reserved:salaries") == 1
    today = paris_today()
    board = queries.board_on(str(pole), today.isoformat())
    assert sorted(m["member_id"] for m in board) == sorted(candidates)
    assert board[0]["seat"] == "reserved:salaries"  # reserved seats first
    ends = board[0]["ends_on"]
    assert ends == today.replace(year=today.year + 3).isoformat()  # the demo's term: 3 years
    assert queries.board_on(str(pole), (today - timedelta(days=1)).isoformat()) == []
    three_years = ending_within(queries.mandates(str(pole)), today, 36)
    assert sorted(m["member_id"] for m in three_years) == sorted(candidates)
    assert ending_within(queries.mandates(str(pole)), today) == []  # none within the six months shown
    incremental = dump_read_models(system)
    system.projector.rebuild()
    assert dump_read_models(system) == incremental


def test_the_closer_records_the_end_of_a_term(system, elected):
    pole, _, candidates = elected
    queries = Queries(system.engine)
    last_day = date.fromisoformat(queries.mandates(str(pole))[0]["ends_on"])
    with frozen_time(datetime.combine(last_day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)):
        close_due_proposals(system)
        assert {m["status"] for m in queries.mandates(str(pole))} == {"active"}
    with frozen_time(datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
                     + timedelta(hours=12)):
        close_due_proposals(system)
    rows = queries.mandates(str(pole))
    assert {(m["status"], m["end_reason"], m["ended_on"]) for m in rows} == {
        ("ended", "term", (last_day + timedelta(days=1)).isoformat())}
    assert queries.poles_with_mandates_past_term((last_day + timedelta(days=1)).isoformat()) == []


def test_a_board_decision_is_read_and_rebuilt_alike(system, elected):
    """Regression: the projection read a convocation the board's opening event does not have, and stopped."""
    pole, _, candidates = elected
    system.app.appoint_officer(pole, Queries(system.engine).mandates(str(pole))[0]["id"], role="président·e",
                               decision="CA du jour", actor=SECRETARY)
    proposal = system.app.draft_proposal(pole, title="Achat mutualisé", text="Un camion.", actor=SECRETARY)
    system.app.address_to_board(proposal, actor=SECRETARY)
    system.app.open_voting(proposal, closes_at=datetime.now(UTC) + timedelta(days=7), actor=SECRETARY)
    for member in candidates[:2]:
        system.app.cast_ballot(proposal, member, "for", actor=SECRETARY)
    system.app.close_voting(proposal, actor=SECRETARY)
    queries = Queries(system.engine)
    row = queries.proposal(str(proposal))
    assert (row["body"], row["status"], row["outcome"], row["electorate_size"]) == ("board", "closed", "adopted", 3)
    assert system.projector.lag() == 0
    officers = [m["officer"] for m in queries.mandates(str(pole))]
    assert officers.count("président·e") == 1
    incremental = dump_read_models(system)
    system.projector.rebuild()
    assert dump_read_models(system) == incremental
