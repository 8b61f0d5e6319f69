"""kill -9 of every process in the middle of a voting load, then restart: nothing lost, nothing half-done.

Voters change their ballots over and over through the API while secretaries close votes
whose adoption revises the pole's shared strategy; gunicorn (master and web workers) and
the projection worker are killed with SIGKILL at once, then restarted. Afterwards:

- every ballot whose request was answered 201 is in the event store, in the order answered
  (a request cut by the crash may or may not have been recorded, never twice);
- once the worker has caught up, the participation read model shows each member's last
  ballot, and the final tally and a recount from the events count it;
- a close is all or nothing: each adopted proposal has one VotingClosed event and exactly
  one strategy revision, in the events and in the read models;
- the read models equal a full rebuild, and every event was projected once.

And, separately: a member's first ballot while the projection worker is down is answered
201 (the command is recorded; the documented "commands still work").
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import requests
from sqlalchemy import func, select

from governance import clock
from projections import tables as t
from projections.projector import read_notifications
from tests.deploy.test_production import wait_for_http
from tests.stress.conftest import CHOICES, SETUP_ACTOR, Stack, expected_counts, tally_counts

VOTERS = 40
CLIENT_THREADS = 8
BEFORE_CRASH = 40  # successful ballots over HTTP before the kill
AFTER_CRASH = 40  # and after the restart
EFFECT_PROPOSALS = 3


def test_kill_9_everything_during_a_voting_load(make_stack, backend: str) -> None:
    started = time.monotonic()
    stack = make_stack(backend, VOTERS)
    try:
        scenario(stack)
    except BaseException:
        print(stack.processes.log_tail())
        raise
    print(f"[{backend}] crash test {time.monotonic() - started:.1f} s")


def test_first_ballot_while_the_worker_is_down(make_stack) -> None:
    """docs/deployment.md: with the projection worker down (even kill -9), "commands still work;
    pages wait up to 2 s, then show the last projected state". A member's first ballot through
    the API must then be answered 201 (it is recorded), not 500."""
    stack = make_stack("sqlite", 3)
    stack.kill("worker")
    voter = stack.voters[0]
    answer = stack.client(voter.token).post(stack.proposal_url(path="/ballots"), timeout=30,
                                            json={"member_id": voter.member_id, "choice": "for"})
    recorded = [e.choice for e in stack.events() if type(e).__name__ == "BallotCast"]
    assert recorded == ["for"]  # the command itself went through
    assert answer.status_code == 201, f"{answer.status_code} {answer.text[:300]}\n{stack.tracebacks()}"


def scenario(stack: Stack) -> None:
    app = stack.system.app
    rng = random.Random(9)
    phases = [("start", time.monotonic())]
    # Everyone has voted once (through the application, before the load): a first ballot while the
    # worker is down is test_first_ballot_while_the_worker_is_down's business.
    voters = stack.voters
    successes: dict[str, list[str]] = {v.member_id: [] for v in stack.voters}
    for voter in voters:
        choice = rng.choice(CHOICES)
        app.cast_ballot(stack.proposal_id, voter.member_id, choice, actor=SETUP_ACTOR)
        successes[voter.member_id].append(choice)
    effects = []
    for i in range(EFFECT_PROPOSALS):
        proposal_id = str(app.draft_proposal(stack.pole_id, title=f"Stratégie révisée {i}", text="Nouvelle stratégie.",
                                             effect={"type": "revise_strategy", "text": f"Stratégie commune v{i}"},
                                             actor=SETUP_ACTOR))
        app.open_voting(proposal_id, closes_at=clock.now() + timedelta(hours=1), actor=SETUP_ACTOR)
        for voter in voters[: VOTERS // 3]:  # above the quorum of 1/5, all in favour: adopted
            app.cast_ballot(proposal_id, voter.member_id, "for", actor=SETUP_ACTOR)
        effects.append(proposal_id)
    phases.append(("setup ballots", time.monotonic()))

    # -- the load ------------------------------------------------------------------------------
    lock = threading.Lock()
    unknown: Counter[str] = Counter()  # requests cut by the crash: recorded or not, we cannot know
    refusals: Counter[str] = Counter()  # what those were: an exception's type, or a status code
    server_errors: list[str] = []
    stopping = threading.Event()
    answered = [0]

    def load(mine: list[Any]) -> None:
        local = random.Random(mine[0].member_id)
        sessions = {v.member_id: stack.client(v.token) for v in mine}
        i = 0
        while not stopping.is_set():
            voter = mine[i % len(mine)]
            i += 1
            choice = local.choice(CHOICES)
            try:
                answer = sessions[voter.member_id].post(
                    stack.proposal_url(path="/ballots"), json={"member_id": voter.member_id, "choice": choice},
                    timeout=30)
            except requests.RequestException as error:
                with lock:
                    unknown[voter.member_id] += 1
                    refusals[type(error).__name__] += 1
                time.sleep(0.05)
                continue
            with lock:
                if answer.status_code == 201:
                    successes[voter.member_id].append(choice)
                    answered[0] += 1
                else:
                    unknown[voter.member_id] += 1
                    refusals[str(answer.status_code)] += 1
                    if answer.status_code >= 500:
                        server_errors.append(f"{answer.status_code} {answer.text[:300]}")

    groups = [voters[i::CLIENT_THREADS] for i in range(CLIENT_THREADS)]
    threads = [threading.Thread(target=load, args=(group,), daemon=True) for group in groups]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: answered[0] >= BEFORE_CRASH, 60,
                   lambda: f"ballots before the crash ({answered}, {refusals})")
        # Two closes in flight when everything dies (they may or may not have committed).
        secretary = stack.client(stack.secretaries[0])
        closers = [threading.Thread(target=ignore_errors, args=(secretary.post, stack.proposal_url(p, "/close")),
                                    daemon=True) for p in effects[:2]]
        for closer in closers:
            closer.start()
        time.sleep(0.05)
        at_kill = answered[0]
        phases.append(("load before kill", time.monotonic()))
        stack.kill("web")
        stack.kill("worker")
        phases.append(("kill", time.monotonic()))
        time.sleep(0.5)
        stack.start_worker()
        stack.start_web()
        wait_for_http(stack.base, stack.processes, timeout=60)
        phases.append(("restart", time.monotonic()))
        wait_until(lambda: answered[0] >= at_kill + AFTER_CRASH, 90,
                   lambda: f"ballots after the restart ({answered}, {refusals})")
    finally:
        stopping.set()
        for thread in threads:
            thread.join(40)
    for closer in closers:
        closer.join(40)
    print(f"[{stack.backend}] {answered[0]} ballots answered 201 under load, {sum(unknown.values())} cut or "
          f"refused around the crash ({at_kill} before the kill): {dict(refusals)}")
    phases.append(("load after restart", time.monotonic()))
    assert not server_errors, server_errors[:5]

    # -- every member votes once more; the read-your-writes answer shows it ---------------------
    final = {voter.member_id: rng.choice(CHOICES) for voter in stack.voters}

    def last_ballot(voter: Any) -> requests.Response:
        return stack.client(voter.token).post(stack.proposal_url(path="/ballots"), timeout=60,
                                              json={"member_id": voter.member_id, "choice": final[voter.member_id]})

    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        answers = list(pool.map(last_ballot, stack.voters))
    for voter, answer in zip(stack.voters, answers):
        assert answer.status_code == 201, answer.text
        assert answer.json()["choice"] == final[voter.member_id]
        successes[voter.member_id].append(final[voter.member_id])
    phases.append(("last ballots", time.monotonic()))

    # -- the event store: each answered ballot is there, in order; nothing recorded twice -------
    recorded: dict[str, list[str]] = {}
    for event in stack.events():
        if type(event).__name__ == "BallotCast":
            recorded.setdefault(event.member_id, []).append(event.choice)
    for voter in stack.voters:
        got, answered_ok = recorded.get(voter.member_id, []), successes[voter.member_id]
        assert is_subsequence(answered_ok, got), f"a ballot answered 201 is missing: {answered_ok} vs {got}"
        assert len(got) <= len(answered_ok) + unknown[voter.member_id]
        assert got[-1] == final[voter.member_id]

    # -- closes: all or nothing, then the ones that did not happen ----------------------------------
    secretary = stack.client(stack.secretaries[1])
    in_flight_closes = []
    for proposal_id in effects:
        closes = [e for e in stack.events(proposal_id) if type(e).__name__ == "VotingClosed"]
        in_flight_closes.append(len(closes))
        revisions = [v for v in app.get_pole(stack.pole_id).strategy_versions if v["decision_id"] == proposal_id]
        assert len(closes) == len(revisions) <= 1, \
            f"half-applied close: {len(closes)} closes, {len(revisions)} revisions"
        answer = secretary.post(stack.proposal_url(proposal_id, "/close"), timeout=30)
        assert answer.status_code == (409 if closes else 200), answer.text
    print(f"[{stack.backend}] closes in flight at the kill that had committed: {in_flight_closes[:2]}")
    closed = secretary.post(stack.proposal_url(path="/close"), timeout=30)
    assert closed.status_code == 200, closed.text
    for proposal_id in effects:
        assert [type(e).__name__ for e in stack.events(proposal_id)].count("VotingClosed") == 1
        assert [v["decision_id"] for v in app.get_pole(stack.pole_id).strategy_versions].count(proposal_id) == 1

    # -- read models after catch-up -------------------------------------------------------------------
    head = stack.wait_projected()
    ballots = secretary.get(stack.proposal_url(path="/ballots"), timeout=30).json()
    assert {b["member_id"]: b["choice"] for b in ballots} == final
    assert {b["member_id"]: b["changes"] for b in ballots} == {m: len(c) - 1 for m, c in recorded.items()}
    colleges = {v.member_id: v.college for v in stack.voters}
    tally = secretary.get(stack.proposal_url(path="/tally"), timeout=30).json()["tally"]
    assert tally_counts(tally) == expected_counts(final, colleges)
    assert tally_counts(app.recount(stack.proposal_id).to_dict()) == expected_counts(final, colleges)
    assert secretary.get(stack.proposal_url(path="/tally/recount"), timeout=30).json()["matches"] is True
    with stack.system.engine.connect() as conn:
        projected_revisions = conn.execute(select(t.strategy_versions.c.decision_id)
                                           .where(t.strategy_versions.c.pole_id == stack.pole_id)).scalars().all()
        audit_rows = conn.execute(select(func.count()).select_from(t.audit)).scalar_one()
    assert sorted(d for d in projected_revisions if d) == sorted(effects)
    events = list(read_notifications(app))
    assert events[-1].id == head and audit_rows == len(events)  # every event projected exactly once
    phases.append(("checks", time.monotonic()))
    stack.rebuild_and_compare()
    phases.append(("rebuild", time.monotonic()))
    print(f"[{stack.backend}] " + ", ".join(f"{name} {end - begin:.1f} s"
                                            for (_, begin), (name, end) in zip(phases, phases[1:])))


def ignore_errors(call: Any, *args: Any) -> None:
    try:
        call(*args, timeout=30)
    except requests.RequestException:
        pass  # killed in flight: its outcome is checked from the events


def wait_until(condition: Any, timeout: float, what: Any) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what()}"
        time.sleep(0.02)


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    items = iter(haystack)
    return all(any(x == y for y in items) for x in needle)
