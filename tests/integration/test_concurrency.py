"""Many voters at once on a real store: no ballot lost or doubled, one close only."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from governance import clock
from governance.errors import DomainError
from projections.queries import Queries

VOTERS = 40
THREADS = 8
STATUTES = {"model": "scic", "colleges": [
    {"code": "a", "name": "Salariés", "share": "40%"},
    {"code": "b", "name": "Usagers", "share": "35%"},
    {"code": "c", "name": "Collectivités", "share": "25%"}]}


def _pole_with_open_vote(app):
    pole = app.found_pole(name="Pôle test", territory="Ici", legal_form="SCIC", statutes=STATUTES, actor="admin")
    members = []
    for i in range(VOTERS):
        member = app.request_membership(pole, name=f"Membre {i}", kind="person", category="beneficiary",
                                        actor="rep")
        app.admit_member(pole, member, decision="CA", actor="sec")
        app.assign_college(pole, member, college="abc"[i % 3], reason="adhésion", actor="sec")
        members.append(member)
    proposal = app.draft_proposal(pole, title="Vote", text="Texte", actor="sec")
    app.open_voting(proposal, closes_at=clock.now() + timedelta(hours=1), actor="sec")
    return proposal, members


def test_concurrent_voters_each_counted_once_with_their_last_ballot(system):
    proposal, members = _pole_with_open_vote(system.app)
    rng = random.Random(7)
    plans = {m: [rng.choice(["for", "against", "abstain"]) for _ in range(3)] for m in members}

    def vote(member):
        for choice in plans[member]:
            system.app.cast_ballot(proposal, member, choice, actor=f"rep:{member}")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(vote, members))

    tally = system.app.recount(proposal)
    assert tally.participants == VOTERS
    expected = {"for": 0, "against": 0, "abstain": 0}
    for member in members:
        expected[plans[member][-1]] += 1
    counted = {"for": sum(c.votes_for for c in tally.colleges),
               "against": sum(c.votes_against for c in tally.colleges),
               "abstain": sum(c.abstentions for c in tally.colleges)}
    assert counted == expected
    row = Queries(system.engine).proposal(str(proposal))
    assert row["participants"] == VOTERS
    assert {b["member_id"]: b["choice"] for b in Queries(system.engine).ballots(str(proposal))} == \
        {str(m): plans[m][-1] for m in members}


def test_two_secretaries_closing_at_once_produce_one_close(system):
    proposal, members = _pole_with_open_vote(system.app)
    system.app.cast_ballot(proposal, members[0], "for", actor="rep")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def close(actor):
        barrier.wait()
        try:
            system.app.close_voting(proposal, actor=actor)
            outcomes.append("closed")
        except DomainError as error:
            outcomes.append(error.message)

    threads = [threading.Thread(target=close, args=(f"secretary {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("closed") == 1
    assert any("only an open vote can be closed" in o for o in outcomes if o != "closed")
    closes = [a for a in Queries(system.engine).audit(aggregate_id=str(proposal), limit=1000)
              if a["event_type"] == "VotingClosed"]
    assert len(closes) == 1
