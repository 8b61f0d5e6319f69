"""`make bench`: every performance target of issue #8, each next to its anchor measured in the same run.

    python -m bench [--quick] [--backends sqlite,postgresql] [--seed N] [--http-seconds S]

One run generates a network of poles (reproducible by seed; see bench/generate.py) into one
store per backend, then measures on each store:

- votes cast over HTTP (16 logged-in clients, gunicorn on the production configuration,
  worker mode) against the bare `eventsourcing` get + command + save rate on the same kind
  of store, and their 95th-percentile latency;
- the projection rebuild of the whole network against the raw notification-log read rate
  (sections of 1,000, no conversion), and the peak memory it takes;
- the tally of the big pole's 10,000-ballot proposal at close, and recomputed from every event (no snapshot)
  next to the bare replay of those events;
- the roster of the big pole as of a date, and its main pages over HTTP;
- the web workers' peak resident memory;
- mail (issue 19, bench/mail.py): a vote opened to the big pole's electorate until the SMTP server has
  accepted its last invitation, against the same messages pre-built and sent over one `smtplib` connection.

It prints ONE table: figure, value, anchor, ratio, target, met. The full run takes a few
minutes on a 2-core machine; `--quick` is CI-sized (it checks the suite, not the figures).
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Callable

import os

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench import mail, web
from bench.generate import START, GeneratedPole, generate_network
from infrastructure.application import StoredCollegia
from governance.proposal import Proposal
from governance.sealing import BallotSealer
from infrastructure.config import Settings
from projections.queries import Queries
from infrastructure.system import System, bootstrap
from web.app import create_app

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class Size:
    poles: int
    events: int
    pg_events: int  # PostgreSQL's store is written at ~3,000 events/s here: a smaller network fits the time
    big_members: int
    big_events: int
    huge_members: int  # issue 27: the very large pole (its open proposal holds a ballot per elector)
    huge_events: int
    http_seconds: float
    clients: int
    bare_commands: int
    repeat: int


FULL = Size(poles=50, events=1_000_000, pg_events=600_000, big_members=10_600, big_events=200_000,
            huge_members=50_000, huge_events=215_000, http_seconds=20, clients=16, bare_commands=3000, repeat=5)
QUICK = Size(poles=4, events=14_000, pg_events=14_000, big_members=400, big_events=5_000,
             huge_members=300, huge_events=1_500, http_seconds=3, clients=16, bare_commands=300, repeat=2)


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


@dataclass
class Row:
    store: str
    figure: str
    value: str
    anchor: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""


def rate_between(marks: list[tuple[int, float]], low: int, high: int) -> float:
    """Events per second between the `low`-th and `high`-th event applied, from (events done, time) marks taken
    after each section (interpolated within a section)."""
    def at(count: int) -> float:
        for (done0, t0), (done1, t1) in zip(marks, marks[1:]):
            if done0 <= count <= done1:
                return t0 + (t1 - t0) * (count - done0) / max(done1 - done0, 1)
        return marks[-1][1]
    return (high - low) / max(at(high) - at(low), 1e-9)


def timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def rss_mb() -> float:
    return web.rss_mb(os.getpid())


class PeakRSS:
    """Samples this process's resident memory while a block runs."""

    def __init__(self) -> None:
        self.peak = self.base = rss_mb()
        self._stop = threading.Event()

    def __enter__(self) -> "PeakRSS":
        self.base = self.peak = rss_mb()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def bare_rate(settings: Settings, n: int) -> float:
    """get + command + save per second on a one-method aggregate, same persistence settings."""
    app = BareApp(env=settings.event_store_env())
    ids = []
    for _ in range(50):
        counter = Counter()
        app.save(counter)
        ids.append(counter.id)

    def run() -> None:
        for i in range(n):
            counter = app.repository.get(ids[i % len(ids)])
            counter.increment()
            app.save(counter)
    seconds = timed(run)
    app.close()
    return n / seconds


def raw_read(system: System) -> tuple[int, float]:
    """Read the whole notification log in sections of 1,000, without converting anything."""
    recorder = system.app.recorder
    count = 0

    def run() -> None:
        nonlocal count
        start = 0
        while True:
            section = recorder.select_notifications(start=start, limit=1000, inclusive_of_start=False)
            if not section:
                return
            count += len(section)
            start = section[-1].id
    seconds = timed(run)
    return count, count / seconds


def recount_from_events(system: System, proposal_id: uuid.UUID) -> float:
    """Seconds to rebuild the proposal from its events alone (no snapshot) and tally it."""
    app = system.app

    def run() -> None:
        aggregate = None
        for e in app.events.get(proposal_id):
            aggregate = e.mutate(aggregate)
        assert isinstance(aggregate, Proposal)
        aggregate.count(app.sealer.unseal)
    return timed(run)


def fresh_recount(system: System, proposal_id: uuid.UUID) -> float:
    """Seconds `Collegia.recount` takes in a process that never saw the proposal (empty cache)."""
    app = StoredCollegia(env=system.settings.event_store_env(create_tables=False), sealer=system.app.sealer)
    try:
        return timed(lambda: app.recount(proposal_id))
    finally:
        app.close()


def fmt_rate(value: float) -> str:
    return f"{value:,.0f}/s"


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def check(ok: bool) -> str:
    return "yes" if ok else "NO"


def make_settings(backend: str, workdir: Path, tag: str, schemas: list[str]) -> Settings:
    key = BallotSealer.generate_key()
    if backend == "sqlite":
        return Settings(database_url=f"sqlite:///{workdir}/{tag}.db", instance_dir=workdir, ballot_key=key)
    schema = f"bench_{tag}_{uuid.uuid4().hex[:8]}"
    schemas.append(schema)
    return Settings(database_url=POSTGRES_URL, schema=schema, instance_dir=workdir, ballot_key=key)


def label(backend: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend]


def bench_store(backend: str, system: System, network: list[GeneratedPole], bare: float, size: Size,
                workdir: Path, log: Callable[[str], None], figures: dict[str, float]) -> list[Row]:
    store = label(backend)
    rows: list[Row] = []
    big = network[0]
    pole_id = str(big.pole_id)
    events, raw = raw_read(system)
    log(f"{store}: raw read {raw:,.0f}/s; rebuilding {events:,} events")
    marks: list[tuple[int, float]] = []  # (events applied, when): the rebuild's progress, from its start (0)

    def progress(n: int) -> None:
        marks.append(((marks[-1][0] if marks else 0) + n, time.perf_counter()))
    with PeakRSS() as memory:
        seconds = timed(lambda: system.projector.rebuild(progress=progress))
    rate = events / seconds
    rows.append(Row(store, f"rebuild, {events:,} events, {len(network)} poles", fmt_rate(rate),
                    f"raw read {fmt_rate(raw)}", f"{rate / raw:.2f}", "≥ 0.25", check(rate / raw >= 0.25)))
    # The poles were written one after another (the big pole first, then the very large one, then the others):
    # the rate over each one's stretch of the log is the rebuild's rate per pole size.
    sized = [(p, sum(q.events for q in network[:i])) for i, p in enumerate(network)]
    small = [(p, start) for p, start in sized if p.big_proposal is None]
    if small:
        small_rate = rate_between(marks, small[0][1], events)
        for pole, start in sized[:len(sized) - len(small)]:
            pole_rate = rate_between(marks, start, start + pole.events)
            rows.append(Row(store, f"rebuild rate over one pole of {pole.events:,} events ({pole.members:,} members)",
                            fmt_rate(pole_rate), f"{len(small)} poles of ~{small[0][0].events:,}: "
                            f"{fmt_rate(small_rate)}", f"{pole_rate / small_rate:.2f}", "≥ 0.9 (no drop)",
                            check(pole_rate >= 0.9 * small_rate)))
    growth = memory.peak - memory.base
    rows.append(Row(store, "rebuild, memory growth (streams)", f"{growth:,.0f} MB", f"RSS before {memory.base:,.0f} MB",
                    "", "< 300 MB", check(growth < 300)))

    # Roster as of a date, on the big pole (median of `repeat`).
    queries = Queries(system.engine)
    as_of = START + timedelta(days=300)
    times = [timed(lambda: queries.roster(pole_id, as_of)) for _ in range(size.repeat + 1)][1:]
    roster = len(queries.roster(pole_id, as_of))
    rows.append(Row(store, f"roster as of a date ({big.members:,} members, ~{big.events:,} events; {roster:,} rows)",
                    fmt_ms(statistics.median(times)), "", "", "< 100 ms", check(statistics.median(times) < 0.1)))

    # Over HTTP: gunicorn (production configuration, worker mode) and the projection worker.
    open_proposal = str(big.proposals[-1])
    members = big.admitted[:size.clients * 3]
    aggregate = system.app.get_proposal(open_proposal)
    open_ballots = len(aggregate.ballots)
    voters = [m for m in members if m in aggregate.electorate][:size.clients]
    create_app(system)  # the setup step's share: every web table exists before the workers start
    emails = web.make_accounts(system, pole_id, voters, secretary=True)
    # Issue 27: the very large pole. Its proposal holding a ballot per elector is closed first (the tally at close,
    # in a fresh application), so that its pages are measured with a decided vote of that size.
    huge = next((p for p in network[1:] if p.big_proposal is not None), None)
    huge_rows: list[Row] = []
    huge_email = ""
    if huge is not None:
        assert huge.big_proposal is not None
        huge_email = web.make_accounts(system, str(huge.pole_id), huge.admitted[:1], secretary=True)[0]
        close_system = bootstrap(system.settings, project_inline=False, create_tables=False)
        try:
            ballots = len(close_system.app.get_proposal(huge.big_proposal).ballots)
            close = timed(lambda: close_system.app.close_voting(huge.big_proposal, actor="bench"))
        finally:
            close_system.close()
        huge_rows.append(Row(store, f"{huge.members:,}-member pole, tally at close ({ballots:,} ballots, 10 colleges)",
                             fmt_ms(close), "", "",
                             "< 50 ms", check(close < 0.05)))
    server = web.Server(system, workdir)
    log(f"{store}: starting gunicorn and the projection worker")
    server.start()
    try:
        paths = {"dashboard": f"/poles/{pole_id}/", f"proposal (open, {open_ballots:,} ballots)":
                 f"/poles/{pole_id}/proposals/{open_proposal}",
                 "register page (50 rows)": f"/poles/{pole_id}/register",
                 "colleges": f"/poles/{pole_id}/colleges",
                 # Issue 27: at a date, a page of rows and the counts per college from the database.
                 "roster at a date (a page of 200 rows, counts per college)":
                     f"/poles/{pole_id}/roster?as_of={as_of.date().isoformat()}",
                 "colleges at a date": f"/poles/{pole_id}/colleges?as_of={as_of.date().isoformat()}"}
        pages = web.page_times(server.base, emails[0], paths, size.repeat)
        for name, seconds in pages.items():
            rows.append(Row(store, f"page: {name}, median", fmt_ms(seconds), "", "", "< 150 ms",
                            check(seconds < 0.15)))
        if huge is not None:
            web.wait_projected(system)  # the close above
            huge_id, decided = str(huge.pole_id), str(huge.big_proposal)
            late = (START + timedelta(days=700)).date().isoformat()  # every member admitted by then
            huge_pages = web.page_times(server.base, huge_email, {
                "roster at a date (a page of 200 rows, counts per college)": f"/poles/{huge_id}/roster?as_of={late}",
                "dashboard": f"/poles/{huge_id}/",
                f"proposal (closed, {huge.members:,} members voted)": f"/poles/{huge_id}/proposals/{decided}",
                "minutes of that vote": f"/poles/{huge_id}/minutes/{decided}",
                "register page (50 rows)": f"/poles/{huge_id}/register",
                "colleges": f"/poles/{huge_id}/colleges",
                "colleges at a date": f"/poles/{huge_id}/colleges?as_of={late}"}, size.repeat)
            for name, seconds in huge_pages.items():
                limit = 0.1 if name.startswith("roster") else 0.15
                huge_rows.append(Row(store, f"{huge.members:,}-member pole, page: {name}, median", fmt_ms(seconds),
                                     "", "", f"< {limit * 1000:.0f} ms", check(seconds < limit)))
        log(f"{store}: {size.clients} clients voting for {size.http_seconds:g} s")
        cpu: dict[str, tuple[float, float, float]] = {}
        votes, elapsed, latencies, errors = web.vote_over_http(
            server.base, pole_id, open_proposal, emails, size.http_seconds,
            phase=lambda name: cpu.__setitem__(name, (*server.cpu(), web.cpu_seconds(os.getpid()))))
        if errors > votes:
            raise RuntimeError(f"{errors} vote(s) failed over HTTP:\n" + server.log_tail())
        throughput = votes / elapsed
        p95 = web.percentile(latencies, 95)
        votes_at = len(rows)  # the votes' rows go here once the floor they are compared with is measured
        used = [(after - before) / max(votes, 1) for before, after in zip(cpu["start"], cpu["stop"])]
        figures["worker CPU per vote"] = used[1]
        web.wait_projected(system)
        # What the web stack alone costs: the same posts to routes that do no governance work (bench/floor.py),
        # once the projection worker has caught up with the votes (it would share the cores otherwise).
        floor_seconds = max(1.0, size.http_seconds / 4)
        floor_cpu: dict[str, tuple[float, float]] = {}
        floors: list[float] = []
        for name, path in (("  floor: same posts, no proposal read, no command (user, role, CSRF, form, flash, "
                            "redirect)", web.floor_ballot_path(pole_id, open_proposal)),
                           ("  floor: same posts to a Flask route that does nothing", web.FLOOR_NOTHING)):
            log(f"{store}: {name.strip()}")
            posts, elapsed, _, failed = web.vote_over_http(
                server.base, pole_id, open_proposal, emails, floor_seconds,
                phase=lambda when: floor_cpu.__setitem__(when, server.cpu()), post_to=path)
            if failed > posts:
                raise RuntimeError(f"{failed} floor post(s) failed:\n" + server.log_tail())
            web_cpu = (floor_cpu["stop"][0] - floor_cpu["start"][0]) / max(posts, 1)
            rate = posts / elapsed
            floors.append(rate)
            rows.append(Row(store, name + (f" ({failed} failed)" if failed else ""),
                            f"{fmt_rate(rate)} ({fmt_ms(web_cpu)} web CPU)", f"bare {fmt_rate(bare)}",
                            f"{rate / bare:.2f}", "(info)", ""))
        # Issue 27's anchor: the floor route doing everything a ballot post does around the command.
        rows[votes_at:votes_at] = [
            Row(store, f"votes over HTTP, {size.clients} clients, {votes:,} votes" + (f" ({errors} failed)" if errors
                                                                                     else ""),
                fmt_rate(throughput), f"floor route {fmt_rate(floors[0])}", f"{throughput / floors[0]:.2f}", "≥ 0.7",
                check(throughput / floors[0] >= 0.7)),
            Row(store, "votes over HTTP, p95 latency", fmt_ms(p95), "", "", "< 100 ms", check(p95 < 0.1)),
            Row(store, "  CPU per vote: web workers / projection worker / the 16 clients",
                " / ".join(fmt_ms(x) for x in used), f"bare {fmt_rate(bare)}", "", "(info)", "")]
        rows.append(Row(store, f"web worker peak RSS ({server.web_workers} workers × "
                        f"{os.environ.get('COLLEGIA_WEB_THREADS') or 4} threads)", f"{server.peak_rss:,.0f} MB",
                        "", "", "< 300 MB", check(server.peak_rss < 300)))
    except Exception:
        print(server.log_tail(), flush=True)
        raise
    finally:
        server.stop()

    rows += huge_rows
    # The 10,000-ballot proposal: close it (command: load, tally, save), then recount.
    close_system = bootstrap(system.settings, project_inline=False, create_tables=False)
    try:
        target = big.big_proposal or big.proposals[-1]
        ballots = len(close_system.app.get_proposal(target).ballots)
        close = timed(lambda: close_system.app.close_voting(target, actor="bench"))
        recount = min(fresh_recount(close_system, target) for _ in range(size.repeat))
        replay = recount_from_events(close_system, target)
    finally:
        close_system.close()
    rows.append(Row(store, f"tally at close ({ballots:,} ballots, 10 colleges)", fmt_ms(close), "", "", "< 50 ms",
                    check(close < 0.05)))
    # Since issue 15 a recount trusts no snapshot (they are outside the register's chain): its anchor is the
    # library's own replay of every event plus the tally, measured here in the same run.
    rows.append(Row(store, "tally recomputed from every event (Collegia.recount, no snapshot, fresh process)",
                    fmt_ms(recount), f"bare replay + tally {fmt_ms(replay)}", f"{recount / replay:.2f} ×",
                    "≤ 1.2 × bare", check(recount <= 1.2 * replay)))

    # Mail: a vote opened to the big pole's whole electorate (one account each), to the last invitation accepted.
    mail_system = bootstrap(system.settings, project_inline=False, create_tables=False)
    try:
        log(f"{store}: mail to the big pole's electorate")
        figure = mail.measure(mail_system, pole_id, log)
    finally:
        mail_system.close()
    ratio = figure.rate / figure.anchor_rate
    rows.append(Row(store, f"mail: vote opened → {figure.messages:,} invitations accepted by SMTP "
                    f"(plan {figure.plan_seconds:.1f} s, send {figure.send_seconds:.1f} s)", fmt_rate(figure.rate),
                    f"smtplib, pre-built {fmt_rate(figure.anchor_rate)}", f"{ratio:.2f}", "≥ 0.5",
                    check(ratio >= 0.5)))
    return rows


def generate_into(settings: Settings, size: Size, seed: int) -> list[GeneratedPole]:
    """Generate the network into one store (run in its own process)."""
    system = bootstrap(settings, project_inline=False, create_tables=False)
    events = size.pg_events if settings.is_postgres else size.events
    try:
        return generate_network([system.app], seed, size.poles, events, size.big_members, size.big_events,
                                huge_members=size.huge_members, huge_events=size.huge_events)
    finally:
        system.close()


def run(size: Size, backends: list[str], seed: int, log: Callable[[str], None]) -> list[Row]:
    workdir = Path(tempfile.mkdtemp(prefix="collegia-bench-"))
    schemas: list[str] = []
    systems: dict[str, System] = {}
    rows: list[Row] = []
    try:
        bares = {}
        settings = {}
        figures: dict[str, dict[str, float]] = {}
        for backend in backends:
            bare_settings = make_settings(backend, workdir, "bare", schemas)
            bootstrap(bare_settings).close()  # creates the PostgreSQL schema
            bares[backend] = bare_rate(bare_settings, size.bare_commands)
            log(f"{label(backend)}: bare get + command + save {bares[backend]:,.0f}/s")
            settings[backend] = make_settings(backend, workdir, "network", schemas)
            bootstrap(settings[backend], project_inline=False).close()  # the store's tables
        log(f"generating {size.poles} poles (seed {seed}): " + ", ".join(
            f"{size.pg_events if b == 'postgresql' else size.events:,} events into {label(b)}" for b in backends)
            + ", one process per store")
        started = time.perf_counter()
        # One process per store, side by side (the same seed gives the same network; aggregate ids
        # are the library's random UUIDs, so they differ from store to store).
        with multiprocessing.get_context("fork").Pool(len(backends)) as pool:
            jobs = {b: pool.apply_async(generate_into, (settings[b], size, seed)) for b in backends}
            networks = {b: job.get() for b, job in jobs.items()}
        log(f"  generated in {time.perf_counter() - started:,.0f} s")
        for backend in backends:
            systems[backend] = bootstrap(settings[backend], project_inline=False)
            figures[backend] = {}
            rows += bench_store(backend, systems[backend], networks[backend], bares[backend], size, workdir, log,
                                figures[backend])
        if {"sqlite", "postgresql"} <= set(figures):
            # Issue 27: the projection worker's CPU per vote on PostgreSQL against SQLite's, in the same run.
            pg, lite = figures["postgresql"]["worker CPU per vote"], figures["sqlite"]["worker CPU per vote"]
            rows.append(Row("both", "projection worker CPU per vote, PostgreSQL (anchor: SQLite)", fmt_ms(pg),
                            f"SQLite {fmt_ms(lite)}", f"{pg / max(lite, 1e-9):.2f}", "≤ 1.5",
                            check(pg <= 1.5 * lite)))
    finally:
        for system in systems.values():
            system.close()
        shutil.rmtree(workdir, ignore_errors=True)
        if schemas:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                for schema in schemas:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return rows


def table(rows: list[Row]) -> str:
    header = Row("store", "figure", "value", "anchor (same run)", "ratio", "target", "met")
    cells = [[r.store, r.figure, r.value, r.anchor, r.ratio, r.target, r.met] for r in [header] + rows]
    widths = [max(len(c[i]) for c in cells) for i in range(7)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells[1:]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="CI-sized run (checks the suite, not the figures)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--events", type=int, help="events in the whole network (SQLite; default 1,000,000)")
    parser.add_argument("--pg-events", type=int, help="events in PostgreSQL's network (default 400,000)")
    parser.add_argument("--http-seconds", type=float)
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if args.events:
        size = Size(**{**size.__dict__, "events": args.events})
    if args.pg_events:
        size = Size(**{**size.__dict__, "pg_events": args.pg_events})
    if args.http_seconds:
        size = Size(**{**size.__dict__, "http_seconds": args.http_seconds})
    began = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", flush=True)
    rows = run(size, [b.strip() for b in args.backends.split(",") if b.strip()], args.seed, log)
    print()
    print(table(rows))
    missed = sum(1 for r in rows if r.met == "NO")
    print(f"\n{len(rows) - missed} of {len(rows)} rows meet their target; total {time.perf_counter() - began:.0f} s"
          f"{' (quick: sizes too small for the targets to mean anything)' if args.quick else ''}")


if __name__ == "__main__":
    main()
