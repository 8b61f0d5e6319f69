"""The embedded SQLite store serves many simultaneous requests without running out of connections.

A web request holds one pooled connection for its reads (projections.queries.request_connection)
and takes a second one for a write (an account's login, a command's inline catch-up). With
SQLAlchemy's default pool (5 + 10 connections, 30 s timeout), 16 such requests at once could
each hold their read connection and wait for a second one that never came: a pool TimeoutError
after 30 s, a 500 for every one of them. These tests hold 32 at once, on a SQLite file store.
"""

from __future__ import annotations

import http.client
import re
import threading
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select, text
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from projections.queries import read_connection, request_connection
from projections.system import bootstrap

THREADS = 32
PASSWORD = "Pool-test-password-2026"

probe_metadata = MetaData()
probe = Table("pool_probe", probe_metadata, Column("id", Integer, primary_key=True),
              Column("thread", Integer, nullable=False), Column("note", String(40), nullable=False))


def _run_together(work: Any, count: int = THREADS, timeout: float = 60) -> list[BaseException]:
    """Run `work(i, barrier)` in `count` threads at once; the errors they raised."""
    barrier = threading.Barrier(count, timeout=timeout * 3 / 4)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            work(i, barrier)
        except BaseException as error:  # noqa: BLE001 (reported below)
            with lock:
                errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "threads still waiting for a connection"
    # The first error first (a pool TimeoutError), then the others it broke the barrier for.
    return sorted(errors, key=lambda e: isinstance(e, threading.BrokenBarrierError))


def test_32_requests_each_holding_a_read_connection_also_write_at_once(make_settings):
    """Each thread does what a login does: reads through its request connection, keeps it, and
    writes through a second connection; all 32 hold their read connection at the same time."""
    system = bootstrap(make_settings("sqlite"))
    try:
        probe_metadata.create_all(system.engine)

        def work(i: int, barrier: threading.Barrier) -> None:
            with request_connection(system.engine):
                with read_connection(system.engine) as conn:  # the request's connection, kept until its end
                    conn.execute(select(func.count()).select_from(probe)).scalar()
                barrier.wait()  # all 32 requests hold their read connection now
                with system.engine.begin() as conn:  # and each writes meanwhile
                    conn.execute(insert(probe).values(thread=i, note="written"))
                with read_connection(system.engine) as conn:
                    assert conn.execute(select(probe.c.note).where(probe.c.thread == i)).scalar() == "written"

        errors = _run_together(work)
        assert not errors, [repr(e) for e in errors[:3]]
        with system.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(probe)).scalar() == THREADS
    finally:
        system.close()


def test_the_sqlite_store_keeps_its_wal_journal_and_busy_timeout(make_settings):
    """Sizing the pool changes nothing of how each connection is set up."""
    system = bootstrap(make_settings("sqlite"))
    try:
        with system.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30_000
    finally:
        system.close()


def _http(port: int, method: str, path: str, body: str | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        conn.close()


def test_32_simultaneous_logins_through_a_real_server_give_no_server_error(make_settings):
    """32 users log in at the same moment through the login form of a threaded server, then open
    the page it sends them to: reads and writes of accounts, two connections per request."""
    from web.accounts import users
    from web.app import create_app

    system = bootstrap(make_settings("sqlite"), create_key=True)
    app = create_app(system=system, test_config={"TESTING": True, "SECRET_KEY": "pool-test",
                                                 "WTF_CSRF_ENABLED": False})
    # A password check that takes a while, as a real one does (scrypt for the demo accounts; PBKDF2 here,
    # without scrypt's 32 MB per check): each login holds its read connection meanwhile.
    hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:100000")
    with system.engine.begin() as conn:
        conn.execute(insert(users), [{"email": f"user{i}@pool.example", "name": f"User {i}", "password_hash": hashed,
                                      "is_admin": False, "created_at": datetime(2026, 1, 1)}
                                     for i in range(THREADS)])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    statuses: list[tuple[int, int]] = []
    try:
        def work(i: int, barrier: threading.Barrier) -> None:
            body = f"email=user{i}%40pool.example&password={PASSWORD}"
            barrier.wait()
            status, headers, page = _http(server.server_port, "POST", "/login", body,
                                          {"Content-Type": "application/x-www-form-urlencoded"})
            after = 0
            if status == 302:
                cookie = re.match(r"[^;]+", headers.get("set-cookie", "")).group(0)
                after, _, page = _http(server.server_port, "GET", "/", headers={"Cookie": cookie})
            statuses.append((status, after))

        errors = _run_together(work, timeout=120)
        assert not errors, [repr(e) for e in errors[:3]]
    finally:
        server.shutdown()
        system.close()
    assert len(statuses) == THREADS
    assert not [s for s in statuses if s[0] >= 500 or s[1] >= 500], statuses
    # The login throttling may refuse some (429 / 401) but never errs; most get in.
    assert sum(1 for s, _ in statuses if s == 302) >= THREADS // 2, statuses
