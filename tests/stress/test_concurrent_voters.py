"""200 voters at once over HTTP, against the production processes, on SQLite and PostgreSQL.

Each voter has its own API token and connection; all start together, vote, then change
their vote. Then: every request succeeded (no 5xx, no lock error); the vote, once closed,
counts each member exactly once with its last ballot, in the recorded tally, in a recount
from the events, and in the participation read model; the event store holds exactly one
ballot event per successful request. Then two secretaries close fresh votes at the same
instant, a few times: exactly one close each time, the other refused with the rule named.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import requests

from governance import clock
from tests.stress.conftest import CHOICES, Stack, expected_counts, tally_counts

VOTERS = 200
CLOSE_ROUNDS = 4
TIMEOUT = 90  # seconds per request: 400 requests queue behind 8 server threads


def test_200_concurrent_voters_then_concurrent_closes(make_stack, backend: str) -> None:
    started = time.monotonic()
    stack = make_stack(backend, VOTERS)
    try:
        t0 = time.monotonic()
        voting(stack)
        t1 = time.monotonic()
        concurrent_closes(stack)
        t2 = time.monotonic()
        print(f"[{backend}] voting and checks {t1 - t0:.1f} s, closes {t2 - t1:.1f} s")
    except BaseException:
        print(stack.processes.log_tail())
        raise
    print(f"[{backend}] whole test {time.monotonic() - started:.1f} s")


def voting(stack: Stack) -> None:
    rng = random.Random(2026)
    plans = {}
    for voter in stack.voters:
        first = rng.choice(CHOICES)
        plans[voter.member_id] = (first, rng.choice([c for c in CHOICES if c != first]))
    barrier = threading.Barrier(len(stack.voters))
    results: dict[str, list[tuple[str, int, Any]]] = {v.member_id: [] for v in stack.voters}
    errors: list[str] = []

    def vote(voter: Any) -> None:
        session = stack.client(voter.token)
        url = stack.proposal_url(path="/ballots")
        try:
            barrier.wait(60)
            for choice in plans[voter.member_id]:
                answer = session.post(url, json={"member_id": voter.member_id, "choice": choice}, timeout=TIMEOUT)
                body = answer.json() if answer.headers.get("Content-Type", "").endswith("json") else answer.text[:300]
                results[voter.member_id].append((choice, answer.status_code, body))
        except BaseException as error:  # reported below
            errors.append(f"{voter.member_id}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=vote, args=(v,), daemon=True) for v in stack.voters]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2 + 60)
    elapsed = time.monotonic() - began
    requests_made = sum(len(r) for r in results.values())
    print(f"[{stack.backend}] {requests_made} ballots over HTTP in {elapsed:.1f} s "
          f"({requests_made / elapsed:.0f} requests/s)")
    assert not errors, errors[:10]
    statuses = Counter(status for r in results.values() for _, status, _ in r)
    failed = [(m, c, s, b) for m, r in results.items() for c, s, b in r if s != 201]
    assert not failed, f"{statuses}; first refusals or errors: {failed[:5]}"
    assert requests_made == 2 * len(stack.voters)
    stale = [(m, c, b) for m, r in results.items() for c, _, b in r if b.get("choice") != c]
    assert not stale, f"{len(stale)} responses did not show the ballot just cast (read-your-writes): {stale[:3]}"

    last = {member_id: plan[-1] for member_id, plan in plans.items()}
    colleges = {v.member_id: v.college for v in stack.voters}

    # -- the event store: one ballot event per successful request, in the order answered ------------
    cast = [e for e in stack.events() if type(e).__name__ == "BallotCast"]
    per_member: dict[str, list[str]] = {}
    for event in cast:
        per_member.setdefault(event.member_id, []).append(event.choice)
    assert per_member == {m: list(plan) for m, plan in plans.items()}

    # -- the participation read model, through the API ---------------------------------------------
    stack.wait_projected()
    secretary = stack.client(stack.secretaries[0])
    ballots = secretary.get(stack.proposal_url(path="/ballots"), timeout=30).json()
    assert len(ballots) == len(stack.voters)
    assert {b["member_id"]: b["choice"] for b in ballots} == last
    assert {b["changes"] for b in ballots} == {1}
    assert {b["member_id"]: b["college"] for b in ballots} == colleges

    # -- close, then the recorded tally, the API's recount, and a recount from the events here -----
    closed = secretary.post(stack.proposal_url(path="/close"), timeout=60)
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    tally = secretary.get(stack.proposal_url(path="/tally"), timeout=30).json()["tally"]
    expected = expected_counts(last, colleges)
    assert tally_counts(tally) == expected
    assert tally["participants"] == tally["entitled"] == len(stack.voters)
    recount = secretary.get(stack.proposal_url(path="/tally/recount"), timeout=30).json()
    assert recount["matches"] is True, recount
    recounted = stack.system.app.recount(stack.proposal_id).to_dict()
    assert tally_counts(recounted) == expected
    assert recounted["participants"] == len(stack.voters)
    assert recounted["outcome"] == tally["outcome"]
    assert [type(e).__name__ for e in stack.events()].count("VotingClosed") == 1


def concurrent_closes(stack: Stack) -> None:
    """Two secretaries close the same vote at the same instant: one close, one clear refusal."""
    first, second = (stack.client(token) for token in stack.secretaries)
    voter = stack.client(stack.voters[0].token)
    outcomes = Counter()
    for round_ in range(CLOSE_ROUNDS):
        drafted = first.post(stack.url("/proposals"), json={"title": f"Clôture disputée {round_}",
                                                            "text": "Deux secrétaires, une clôture."}, timeout=30)
        assert drafted.status_code == 201, drafted.text
        proposal_id = drafted.json()["id"]
        opened = first.post(stack.proposal_url(proposal_id, "/open"), timeout=30,
                            json={"closes_at": (clock.now() + timedelta(hours=1)).isoformat()})
        assert opened.status_code == 200, opened.text
        cast = voter.post(stack.proposal_url(proposal_id, "/ballots"), timeout=30,
                          json={"member_id": stack.voters[0].member_id, "choice": "for"})
        assert cast.status_code == 201, cast.text

        barrier = threading.Barrier(2)
        answers: list[requests.Response | BaseException] = []

        def close(session: requests.Session) -> None:
            try:
                barrier.wait(10)
                answers.append(session.post(stack.proposal_url(proposal_id, "/close"), timeout=60))
            except BaseException as error:
                answers.append(error)

        threads = [threading.Thread(target=close, args=(s,), daemon=True) for s in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        assert all(isinstance(a, requests.Response) for a in answers), answers
        by_status = sorted(answers, key=lambda a: a.status_code)
        assert [a.status_code for a in by_status] == [200, 409], [(a.status_code, a.text[:300]) for a in answers]
        refusal = by_status[1].json()
        assert by_status[1].headers["Content-Type"].startswith("application/problem+json")
        assert refusal["rule"] == "proposal" and "only an open vote can be closed" in refusal["detail"], refusal
        assert by_status[0].json()["status"] == "closed"
        closes = [e for e in stack.events(proposal_id) if type(e).__name__ == "VotingClosed"]
        assert len(closes) == 1, f"round {round_}: {len(closes)} VotingClosed events"
        outcomes[refusal["detail"]] += 1
    print(f"[{stack.backend}] {CLOSE_ROUNDS} concurrent close rounds: one close each; refusals {dict(outcomes)}")
