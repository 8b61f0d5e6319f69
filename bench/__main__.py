"""`make bench`: ballots/s and rebuild rate, each next to its anchor, on SQLite and PostgreSQL.

    python -m bench [--quick] [--members N] [--backends sqlite,postgresql]

Anchors, measured in the same run on the same kind of store:
- the bare `eventsourcing` get + command + save rate (a one-method aggregate);
- the raw notification-log read rate (sections of 1,000, no conversion).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Callable

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from governance import clock
from governance.sealing import BallotSealer
from projections.config import Settings
from projections.system import System, bootstrap

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
STATUTES = {"model": "scic", "colleges": [
    {"code": f"c{i}", "name": f"Collège {i}", "share": "10%"} for i in range(10)]}


class Counter(Aggregate):
    """The bare library's anchor: one aggregate, one command, one event."""

    @event("Created")
    def __init__(self) -> None:
        self.count = 0

    @event("Incremented")
    def increment(self) -> None:
        self.count += 1


class BareApp(Application):
    name = "Bare"


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def timed(func: Callable[[], int]) -> tuple[int, float]:
    started = time.perf_counter()
    count = func()
    return count, time.perf_counter() - started


def bare_rate(settings: Settings, n: int) -> float:
    app = BareApp(env=settings.event_store_env())
    ids = []
    for _ in range(50):
        counter = Counter()
        app.save(counter)
        ids.append(counter.id)

    def run() -> int:
        for i in range(n):
            counter = app.repository.get(ids[i % len(ids)])
            counter.increment()
            app.save(counter)
        return n
    count, seconds = timed(run)
    app.close()
    return rate(count, seconds)


def setup_vote(system: System, members: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    app = system.app
    pole = app.found_pole(name="Pôle bench", territory="Banc", legal_form="SCIC", statutes=STATUTES, actor="bench")
    ids = []
    for i in range(members):
        member = app.request_membership(pole, name=f"Membre {i}", kind="person", category="beneficiary",
                                        actor="bench")
        app.admit_member(pole, member, decision="CA", actor="bench")
        app.assign_college(pole, member, college=f"c{i % 10}", reason="bench", actor="bench")
        ids.append(member)
    proposal = app.draft_proposal(pole, title="Bench", text="Bench", actor="bench")
    app.open_voting(proposal, closes_at=clock.now() + timedelta(hours=2), actor="bench")
    return proposal, ids


def ballots_rate(system: System, proposal: uuid.UUID, members: list[uuid.UUID], rounds: int) -> float:
    choices = ("for", "against", "abstain")

    def run() -> int:
        n = 0
        for r in range(rounds):
            for i, member in enumerate(members):
                system.app.cast_ballot(proposal, member, choices[(i + r) % 3], actor="bench")
                n += 1
        return n
    count, seconds = timed(run)
    return rate(count, seconds)


def raw_read_rate(system: System) -> tuple[int, float]:
    recorder = system.app.recorder

    def run() -> int:
        start, n = 0, 0
        while True:
            section = recorder.select_notifications(start=start, limit=1000, inclusive_of_start=False)
            if not section:
                return n
            n += len(section)
            start = section[-1].id
    count, seconds = timed(run)
    return count, rate(count, seconds)


def bench_backend(backend: str, members: int, rounds: int) -> list[tuple[str, str, str, str]]:
    workdir = Path(tempfile.mkdtemp(prefix="collegia-bench-"))
    schemas = []

    def settings(tag: str) -> Settings:
        if backend == "sqlite":
            return Settings(database_url=f"sqlite:///{workdir}/{tag}.db", instance_dir=workdir,
                            ballot_key=BallotSealer.generate_key())
        schema = f"bench_{tag}_{uuid.uuid4().hex[:8]}"
        schemas.append(schema)
        return Settings(database_url=POSTGRES_URL, schema=schema, instance_dir=workdir,
                        ballot_key=BallotSealer.generate_key())
    try:
        bare_settings = settings("bare")
        bootstrap(bare_settings).close()  # creates the schema on PostgreSQL
        bare = bare_rate(bare_settings, members * rounds)

        inline = bootstrap(settings("inline"))
        proposal, ids = setup_vote(inline, members)
        with_projections = ballots_rate(inline, proposal, ids, rounds)

        plain = bootstrap(settings("plain"), project_inline=False)
        proposal2, ids2 = setup_vote(plain, members)
        without_projections = ballots_rate(plain, proposal2, ids2, rounds)
        plain.close()

        events, raw = raw_read_rate(inline)
        rebuilt, seconds = timed(inline.projector.rebuild)
        rebuild = rate(rebuilt, seconds)
        close_started = time.perf_counter()
        inline.app.close_voting(proposal, actor="bench")
        close_ms = (time.perf_counter() - close_started) * 1000
        inline.close()
        ballots = f"{members * rounds} ballots, {members} members"
        return [
            (backend, f"ballots/s, app service + inline projections ({ballots})", f"{with_projections:,.0f}",
             f"{with_projections / bare:.2f} × bare {bare:,.0f}/s"),
            (backend, "ballots/s, app service, event store only", f"{without_projections:,.0f}",
             f"{without_projections / bare:.2f} × bare {bare:,.0f}/s"),
            (backend, f"rebuild events/s ({events:,} events)", f"{rebuild:,.0f}",
             f"{rebuild / raw:.2f} × raw read {raw:,.0f}/s"),
            (backend, f"close with tally ({members} ballots, 10 colleges), incl. projection", f"{close_ms:,.0f} ms",
             ""),
        ]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if schemas:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                for schema in schemas:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="CI-sized run (checks the suite, not the figures)")
    parser.add_argument("--members", type=int, default=None)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    members = args.members or (30 if args.quick else 500)
    rounds = 1 if args.quick else 4
    rows = []
    for backend in args.backends.split(","):
        print(f"… {backend}", flush=True)
        rows += bench_backend(backend.strip(), members, rounds)
    widths = [max(len(r[i]) for r in rows + [("store", "figure", "value", "anchor (same run)")]) for i in range(4)]
    header = ("store", "figure", "value", "anchor (same run)")
    print()
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))


if __name__ == "__main__":
    main()
