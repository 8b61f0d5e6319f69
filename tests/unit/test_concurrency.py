"""Many members voting at once on one proposal, against a real SQLite file: no ballot lost or doubled."""

from __future__ import annotations

import random
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from infrastructure.application import StoredCollegia as Collegia
from governance.errors import ConcurrencyConflict

THREADS, MEMBERS_PER_THREAD = 8, 25
COLLEGES = ("salaries", "usagers", "collectivites")
ACTOR = "secretaire@pole.example"
USER_RETRIES = 1  # threads of one process take turns on an aggregate: no conflict may surface


def found_pole_with_members(app: Collegia) -> tuple[UUID, list[UUID], dict[UUID, str]]:
    pole_id = app.found_pole(name="Pôle", territory="Drôme", legal_form="SCIC", actor=ACTOR, statutes={
        "model": "scic", "colleges": [{"code": "salaries", "name": "Salariés", "share": "40%"},
                                      {"code": "usagers", "name": "Usagers", "share": "30%"},
                                      {"code": "collectivites", "name": "Collectivités", "share": "30%"}]})
    members, college_of = [], {}
    for i in range(THREADS * MEMBERS_PER_THREAD):
        member = app.request_membership(pole_id, name=f"Membre {i}", kind="person", category="c", actor=ACTOR)
        app.admit_member(pole_id, member, decision="CA", actor=ACTOR)
        college_of[member] = COLLEGES[i % 3]
        app.assign_college(pole_id, member, college=college_of[member], reason="statuts", actor=ACTOR)
        members.append(member)
    return pole_id, members, college_of


def test_concurrent_ballots_each_member_counted_once_with_its_last_ballot(tmp_path: Path) -> None:
    app = Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "e.db")})
    pole_id, members, college_of = found_pole_with_members(app)
    proposal_id = app.draft_proposal(pole_id, title="Budget", text="Approuver le budget.", actor=ACTOR)
    app.open_voting(proposal_id, closes_at=datetime.now(UTC) + timedelta(days=1), actor=ACTOR)

    last: dict[UUID, str] = {}
    ballots_cast = Counter[int]()
    gave_up = Counter[int]()
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def voter(index: int) -> None:
        rnd = random.Random(index)
        mine = members[index * MEMBERS_PER_THREAD:(index + 1) * MEMBERS_PER_THREAD]
        try:
            start.wait()
            for member in mine:
                for _ in range(rnd.randint(1, 2)):  # cast, then maybe change one's mind
                    choice = rnd.choice(("for", "against", "abstain"))
                    for _ in range(USER_RETRIES):
                        try:
                            app.cast_ballot(proposal_id, member, choice, actor=f"member {member}")
                            break
                        except ConcurrencyConflict:  # "please try again": nothing was stored, so the user retries
                            gave_up[index] += 1
                    else:
                        raise AssertionError(f"{member} could not vote after {USER_RETRIES} tries")
                    last[member] = choice
                    ballots_cast[index] += 1
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=voter, args=(i,), daemon=True) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    assert len(last) == THREADS * MEMBERS_PER_THREAD

    # A fresh application on the same file sees only what was stored.
    reader = Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "e.db")})
    proposal = reader.get_proposal(proposal_id)
    assert {UUID(m): b["choice"] for m, b in proposal.ballots.items()} == last
    stored = [e for e in reader.events.get(proposal_id) if type(e).__name__ == "BallotCast"]
    assert len(stored) == sum(ballots_cast.values())  # a refused attempt stored nothing

    result = reader.recount(proposal_id)
    assert result.participants == result.entitled == THREADS * MEMBERS_PER_THREAD
    expected = Counter((college_of[m], choice) for m, choice in last.items())
    for row in result.colleges:
        assert (row.votes_for, row.votes_against, row.abstentions) == (
            expected[row.code, "for"], expected[row.code, "against"], expected[row.code, "abstain"])
    assert sum(row.participants for row in result.colleges) == len(last)
