"""The mail figure (issue 19): a vote opened to the big pole's electorate, until its last invitation is
accepted by an SMTP server, against the same messages sent straight over one SMTP connection.

- **figure**: every admitted member of the big pole gets a member-representative account (bulk-inserted
  into `web_users` / `web_roles`: mail goes to accounts); a mail planner is set up (it starts at the log's
  end), a proposal is drafted; then the clock starts, the vote is opened (`Collegia.open_voting`: the
  `VotingOpened` event), and the product does what `MailService`'s two threads do, in this thread:
  `MailPlanner.catch_up()` (one invitation per person, composed and queued in the outbox), then
  `Sender.send_due()` (its default batch) until the outbox is empty, to a loopback `tools.smtp_sink`
  server, no pacing (`mail_rate=0`); the clock stops when the sink holds every message. Messages per
  second, with the planning and sending shares.
- **anchor**, same run: the same outbox rows composed as `EmailMessage`s beforehand
  (`notifications.compose.email_message`), then sent with `smtplib` over one connection to a fresh sink,
  nothing else (no database, no templates): what delivering those messages costs at the least here.

    python -m bench.mail [--backends sqlite,postgresql] [--members 10600]

runs this figure alone, on a store holding just a big pole (about a minute); `make bench` runs it as one
row of the full table (after the other figures of the big pole).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import multiprocessing
import pstats
import smtplib
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from multiprocessing.connection import Connection
from typing import Callable

from sqlalchemy import delete, func, insert, select
from werkzeug.security import generate_password_hash

from infrastructure.accounts_tables import mail_messages, mail_tracking, metadata, roles, users
from infrastructure.system import System
from notifications import compose
from notifications.kinds import HELD, QUEUED, SENT
from notifications.planner import PLANNER, MailPlanner
from notifications.sender import Sender
from tools.smtp_sink import SmtpSink

PASSWORD = "Bench-mail-2026"
SINK_TIMEOUT = 120.0


class SinkProcess:
    """A `tools.smtp_sink.SmtpSink` in a child process of its own: a relay is another process, it does not
    share the sender's interpreter (in this process, aiosmtpd's thread would take its CPU under the GIL)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # nothing of this process's engines and threads
        self._conn, child = context.Pipe()
        from bench.mail import _serve_sink  # by its module's name, also when this module runs as __main__
        self._process = context.Process(target=_serve_sink, args=(child,), daemon=True)

    def __enter__(self) -> "SinkProcess":
        self._process.start()
        self.url = self._conn.recv()
        return self

    def wait_for(self, count: int, timeout: float = SINK_TIMEOUT) -> int:
        """Wait until the sink holds `count` messages (`SmtpSink.wait_for`); how many it holds."""
        self._conn.send(("wait", count, timeout))
        answer = self._conn.recv()
        if isinstance(answer, str):
            raise AssertionError(answer)
        return answer

    def __exit__(self, *_: object) -> None:
        try:
            self._conn.send(("stop", 0, 0))
            self._conn.recv()
        finally:
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()


def _serve_sink(conn: Connection) -> None:
    sink = SmtpSink().start()
    conn.send(sink.url)
    while True:
        command, count, timeout = conn.recv()
        if command == "stop":
            sink.stop()
            conn.send(len(sink.received))
            return
        try:
            conn.send(len(sink.wait_for(count, timeout=timeout)))
        except AssertionError as error:
            conn.send(str(error))


@dataclass(frozen=True)
class MailFigure:
    messages: int
    electorate: int
    seconds: float  # VotingOpened → the sink holds the last message
    open_seconds: float  # the open_voting command alone
    plan_seconds: float  # MailPlanner.catch_up
    send_seconds: float  # Sender.send_due until the outbox is empty, and the sink has them all
    anchor_seconds: float  # the same messages, pre-built, over one smtplib connection

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    @property
    def anchor_rate(self) -> float:
        return self.messages / self.anchor_seconds


def electorate_accounts(system: System, pole_id: str) -> int:
    """One account per admitted member not yet represented, bulk-inserted; the number of accounts added."""
    metadata.create_all(system.engine)  # the accounts' and mail's tables (in `make bench`, create_app made them)
    pole = system.app.get_pole(pole_id)
    admitted = [m for m in pole.members if pole.is_admitted(m)]
    password_hash = generate_password_hash(PASSWORD)  # one hash for all: these accounts never log in
    now = datetime.now(UTC).replace(tzinfo=None)
    with system.engine.begin() as conn:
        represented = set(conn.execute(select(roles.c.member_id).where(
            roles.c.pole_id == pole_id, roles.c.role == "member")).scalars())
        todo = [m for m in admitted if m not in represented]
        rows = [{"email": f"rep-{m}@mail-bench.example", "name": f"Représentant {i:05d}",
                 "password_hash": password_hash, "is_admin": False, "created_at": now, "is_active": True,
                 "session_generation": 0, "locale": "fr" if i % 5 else "en"} for i, m in enumerate(todo)]
        for start in range(0, len(rows), 1000):
            conn.execute(insert(users), rows[start:start + 1000])
        ids = dict(conn.execute(select(users.c.email, users.c.id)
                                .where(users.c.email.like("rep-%@mail-bench.example"))).all())
        grants = [{"user_id": ids[f"rep-{m}@mail-bench.example"], "pole_id": pole_id, "role": "member",
                   "member_id": m} for m in todo]
        for start in range(0, len(grants), 1000):
            conn.execute(insert(roles), grants[start:start + 1000])
    return len(todo)


def measure(system: System, pole_id: str, log: Callable[[str], None], profile: bool = False) -> MailFigure:
    """The figure and its anchor on this store (see the module docstring)."""
    added = electorate_accounts(system, pole_id)
    log(f"mail: {added:,} member accounts bulk-inserted")
    sink = SinkProcess().__enter__()
    settings = dataclasses.replace(system.settings, smtp_url=sink.url, mail_rate=0,
                                   mail_from="Collegia <collegia@bench.example>")
    with system.engine.begin() as conn:
        # A new planner, at the log's end (the bench's `collegia project` worker ran one during the HTTP figures:
        # the vote it saw closed would be mailed too), and nothing else waiting in the outbox.
        conn.execute(delete(mail_tracking).where(mail_tracking.c.name == PLANNER))
        conn.execute(delete(mail_messages).where(mail_messages.c.state.in_([QUEUED, HELD])))
    planner = MailPlanner(system.app, system.engine, settings)
    planner.ensure_position()  # set up before the vote opens
    app = system.app
    proposal = app.draft_proposal(pole_id, title="Budget de la plateforme logistique",
                                  text="Le pôle consacre 120 000 € à la plateforme logistique commune. " * 4,
                                  actor="bench")
    sender = Sender(system.engine, settings)
    profiler = cProfile.Profile() if profile else None
    try:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        app.open_voting(proposal, closes_at=datetime.now(UTC) + timedelta(days=7), actor="bench")
        opened = time.perf_counter()
        planned = planner.catch_up()
        if not planned:
            raise RuntimeError("mail: the planner planned nothing for the vote opened")
        planned_at = time.perf_counter()
        sent = 0
        while sent < planned:
            done = sender.send_due()
            if not done:
                raise RuntimeError(f"mail: the sender stopped after {sent:,} of {planned:,} messages: "
                                   + repr(_states(system, str(proposal))))
            sent += done
        sink.wait_for(planned)
        finished = time.perf_counter()
        if profiler:
            profiler.disable()
    finally:
        sender.close()
        sink.__exit__()
    log(f"mail: {planned:,} invitations planned in {planned_at - opened:.1f} s, sent in {finished - planned_at:.1f} s")
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
    electorate = len(app.get_proposal(proposal).electorate)
    with system.engine.connect() as conn:
        outbox = [dict(r._mapping) for r in conn.execute(
            select(mail_messages, users.c.name.label("recipient_name"))
            .outerjoin(users, users.c.id == mail_messages.c.user_id)
            .where(mail_messages.c.about == str(proposal)).order_by(mail_messages.c.id))]
    left = sum(1 for r in outbox if r["state"] != SENT)
    if left or len(outbox) != planned:
        raise RuntimeError(f"mail: {planned:,} planned, {len(outbox):,} about the vote: {_states(system, str(proposal))}")
    anchor = anchor_seconds(outbox, settings.mail_from)
    return MailFigure(messages=planned, electorate=electorate, seconds=finished - started,
                      open_seconds=opened - started, plan_seconds=planned_at - opened,
                      send_seconds=finished - planned_at, anchor_seconds=anchor)


def _states(system: System, proposal: str) -> dict[str, int]:
    with system.engine.connect() as conn:
        return dict(conn.execute(select(mail_messages.c.state, func.count()).where(mail_messages.c.about == proposal)
                                 .group_by(mail_messages.c.state)).all())


def anchor_seconds(outbox: list[dict], mail_from: str) -> float:
    """The same messages, composed beforehand, sent with smtplib over one connection to a fresh sink."""
    messages = [(compose.email_message(row, mail_from, row["recipient_name"]), row["recipient"]) for row in outbox]
    sender = parseaddr(mail_from)[1]
    with SinkProcess() as sink:
        host, port = sink.url.removeprefix("smtp://").rsplit(":", 1)
        started = time.perf_counter()
        with smtplib.SMTP(host, int(port), timeout=30) as smtp:
            for message, recipient in messages:
                smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        sink.wait_for(len(messages))
        return time.perf_counter() - started


def main() -> None:
    """This figure alone, on a store holding just a big pole (`--members` requests, ≈ 95 % admitted)."""
    import shutil
    import tempfile
    from pathlib import Path

    import psycopg

    from bench.__main__ import POSTGRES_URL, label, make_settings
    from bench.generate import generate_network
    from infrastructure.system import bootstrap

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--members", type=int, default=10_600)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the figure (slower)")
    args = parser.parse_args()
    began = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="collegia-bench-mail-"))
    schemas: list[str] = []
    try:
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            settings = make_settings(backend, workdir, "mail", schemas)
            system = bootstrap(settings, project_inline=False)
            try:
                # The big pole alone: its membership (3 events per member) and a few small proposals.
                (big,) = generate_network([system.app], args.seed, 1, 0, args.members, args.members * 3 + 2_000)
                system.projector.catch_up()  # the sender reads the roster from the read models
                log(f"{label(backend)}: big pole generated ({big.members:,} requests, {big.events:,} events)")
                figure = measure(system, str(big.pole_id), log, profile=args.profile)
            finally:
                system.close()
            log(f"{label(backend)}: {figure.messages:,} messages in {figure.seconds:.1f} s, "
                f"{figure.rate:,.0f}/s (open {figure.open_seconds * 1000:.0f} ms, plan {figure.plan_seconds:.1f} s, "
                f"send {figure.send_seconds:.1f} s); anchor {figure.anchor_rate:,.0f}/s; "
                f"ratio {figure.rate / figure.anchor_rate:.2f} (target ≥ 0.5)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if schemas:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                for schema in schemas:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()
