"""Delivery over a real SMTP server: the server down then up, temporary and permanent refusals, the
embedded service, and `collegia mail` killed with SIGKILL mid-batch (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from email.utils import parseaddr
from pathlib import Path
from types import SimpleNamespace

import pytest

from infrastructure.system import bootstrap
from notifications import outbox
from notifications.kinds import BOUNCED, PASSWORD_RESET, QUEUED, SENT
from notifications.outbox import Outbox
from notifications.service import MailService
from tests.mail.conftest import BALLOT_KEY, MEMBERS, SECRET, deliver, wait_until
from web.accounts.store import Accounts

ELECTORS = sorted(v[2] for v in MEMBERS.values())
ROOT = Path(__file__).resolve().parents[2]


def invitations(pole, title="Budget 2027"):
    planner = pole.planner()
    pole.open_vote(title)
    assert planner.catch_up() == 5
    return pole.rows()


# -- 6. the server down, refusing for a while, refusing a recipient -----------------------------------
def test_server_down_then_up_loses_nothing_and_sends_once(pole, sink):
    rows = invitations(pole)
    sender = pole.sender(sink)
    sink.stop()
    assert sender.send_due() == 0
    head = pole.rows(id=rows[0]["id"])[0]
    # The server is down, not the message at fault: every message waits without spending an attempt.
    assert head["state"] == QUEUED and head["attempts"] == 0 and head["last_error"].startswith("server unavailable")
    assert sender.paused_for() > 0  # the sender tries again later
    assert sender.send_due() == 0  # paused: nothing tried, nothing lost
    for _ in range(20):  # a long outage: many tries of the server, still nothing failed
        sender._paused_until = 0.0
        assert sender.send_due() == 0
    assert all(r["state"] == QUEUED and r["attempts"] == 0 for r in pole.rows())
    sink.start()
    sender._paused_until = 0.0
    assert deliver(sender, expected=5) == 5
    assert deliver(sender) == 0
    assert sorted(m.message_id for m in sink.received) == sorted(r["message_id"] for r in rows)
    assert sorted(parseaddr(m.to)[1] for m in sink.received) == ELECTORS
    assert all(r["state"] == SENT and r["last_error"] is None for r in pole.rows())


def test_temporary_failure_then_success(pole, sink):
    rows = invitations(pole)
    sender = pole.sender(sink)
    sink.temporary_failure = "451 4.3.0 Try again later"
    assert sender.send_due() == 0
    first = pole.rows(id=rows[0]["id"])[0]
    assert (first["state"], first["attempts"]) == (QUEUED, 1)
    assert first["last_error"].startswith("451") and "Try again later" in first["last_error"]
    assert first["next_attempt_at"] > first["created_at"]
    sink.temporary_failure = None
    assert deliver(sender, expected=5) == 5
    assert sorted(m.message_id for m in sink.received) == sorted(r["message_id"] for r in rows)
    assert all(r["state"] == SENT for r in pole.rows())


def test_refused_recipient_bounces_with_the_answer_recorded(pole, sink):
    invitations(pole)
    sink.refuse_recipients = {"emma@epsilon.example"}
    assert deliver(pole.sender(sink)) == 4
    (emma,) = pole.rows(recipient="emma@epsilon.example")
    assert emma["state"] == BOUNCED and emma["last_error"] == "550 5.1.1 Mailbox unavailable"
    assert "emma@epsilon.example" not in {parseaddr(m.to)[1] for m in sink.received}
    sink.refuse_recipients = set()
    assert Outbox(pole.engine).resend(emma["id"])  # queued again from the outbox page
    assert deliver(pole.sender(sink)) == 1
    assert pole.rows(recipient="emma@epsilon.example")[0]["state"] == SENT


# -- 9. the embedded mode ---------------------------------------------------------------------------
def test_the_embedded_service_delivers_within_seconds(pole, sink):
    system = SimpleNamespace(settings=dataclasses.replace(pole.settings, smtp_url=sink.url), app=pole.app,
                             engine=pole.engine)
    service = MailService(system).start()
    try:
        started = time.monotonic()
        pole.open_vote("Vote en direct")
        received = sink.wait_for(5, timeout=10)
        elapsed = time.monotonic() - started
    finally:
        service.stop()
    assert sorted(parseaddr(m.to)[1] for m in received) == ELECTORS and elapsed < 10
    assert all(r["state"] == SENT for r in pole.rows())


# -- 7. `collegia mail` killed mid-batch ----------------------------------------------------------------
COUNT, KILL_AT = 60, 25


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sender_killed_mid_batch_then_restarted_sends_each_message_once(backend, make_settings, sink):
    settings = make_settings(backend)
    system = bootstrap(settings)
    Accounts(system.engine)  # the accounts' and mail tables
    with system.engine.begin() as conn:
        outbox.queue(conn, [outbox.message(
            key=f"bulk:{i}", recipient=f"person{i:02d}@example.org", kind=PASSWORD_RESET, cause="test",
            subject=f"Message {i}", text=f"Bonjour {i}\n", settings=settings) for i in range(COUNT)])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLLEGIA_DATABASE_URL": settings.database_url,
           "COLLEGIA_DB_SCHEMA": settings.schema or "", "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
           "COLLEGIA_BALLOT_KEY": base64.b64encode(BALLOT_KEY).decode(), "COLLEGIA_SECRET_KEY": SECRET,
           "COLLEGIA_SMTP_URL": sink.url, "COLLEGIA_MAIL_RATE": "0", "COLLEGIA_MAIL_POLL_INTERVAL": "0.2",
           "COLLEGIA_MAIL_RETRY_SECONDS": "0.05"}
    current: dict[str, subprocess.Popen] = {}
    killed = threading.Event()
    arrivals = []

    def start() -> subprocess.Popen:
        current["process"] = subprocess.Popen([sys.executable, "-m", "web.cli", "mail"], cwd=ROOT, env=env,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return current["process"]

    def kill_on_the_kth(received) -> None:
        arrivals.append(received.message_id)
        if len(arrivals) == KILL_AT and not killed.is_set():
            process = current["process"]
            os.kill(process.pid, signal.SIGKILL)
            process.wait()  # reaped: its socket is closed, the message in flight is dropped
            time.sleep(0.05)
            killed.set()

    sink.before_accept = kill_on_the_kth
    first = start()
    try:
        assert killed.wait(60), "the sender never reached the message to be killed on: " + (
            first.stderr.read().decode()[-2000:] if first.poll() is not None else "still running")
        assert first.returncode == -signal.SIGKILL
        accepted_before_restart = len(sink.received)
        assert accepted_before_restart == KILL_AT - 1
        second = start()
        wait_until(lambda: len(sink.received) >= COUNT and all(r["state"] == SENT for r in _rows(system)),
                   timeout=60, what="every message sent after the restart")
        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0
    finally:
        for process in current.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        if current.get("process") and current["process"].stderr:
            current["process"].stderr.close()
        first.stderr.close()
    rows = _rows(system)
    system.close()
    ids = [m.message_id for m in sink.received]
    assert len(ids) == len(set(ids)) == COUNT, f"{len(ids) - len(set(ids))} duplicate(s), {len(set(ids))} distinct"
    assert set(ids) == {r["message_id"] for r in rows}
    assert all(r["state"] == SENT and r["attempts"] == 1 for r in rows)


def _rows(system):
    from sqlalchemy import select

    from infrastructure.accounts_tables import mail_messages
    with system.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(mail_messages))]
