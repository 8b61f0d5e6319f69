"""The embedded SQLite store serves many simultaneous requests without running out of connections.

A web request holds one pooled connection for its reads (projections.queries.request_connection)
and takes a second one to write (a password change, a logout, a command's inline catch-up). With
SQLAlchemy's default pool (5 + 10 connections, 30 s timeout), 16 such requests at once could each
hold their read connection and wait for a second one that never came: a pool TimeoutError after
30 s, a 500 for every one of them. These tests run 32 at once, on a SQLite file store: through the
engine, through the app (Flask's test client in threads) and through a threaded server.
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
from infrastructure.system import bootstrap

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


class _Server:
    """The app, with THREADS accounts, behind a threaded server (as `collegia run` serves it)."""

    def __init__(self, make_settings) -> None:
        from web.accounts.store import users
        from web.app import create_app
        self.system = bootstrap(make_settings("sqlite"), create_key=True)
        app = create_app(system=self.system, test_config={"TESTING": True, "SECRET_KEY": "pool-test",
                                                          "WTF_CSRF_ENABLED": False})
        # A password check that takes a while, as a real one does (scrypt for the demo accounts;
        # PBKDF2 here, without scrypt's 32 MB per check).
        hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:100000")
        with self.system.engine.begin() as conn:
            conn.execute(insert(users), [{"email": f"user{i}@pool.example", "name": f"User {i}",
                                          "password_hash": hashed, "is_admin": False,
                                          "created_at": datetime(2026, 1, 1)} for i in range(THREADS)])
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_port

    def request(self, method: str, path: str, body: str | None = None,
                cookie: str | None = None) -> tuple[int, str | None]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        if cookie:
            headers["Cookie"] = cookie
        status, response_headers, _ = _http(self.port, method, path, body, headers)
        match = re.match(r"[^;]+", response_headers.get("set-cookie", ""))
        return status, match.group(0) if match else cookie

    def log_in(self, i: int) -> tuple[int, str | None]:
        return self.request("POST", "/login", f"email=user{i}%40pool.example&password={PASSWORD}")

    def close(self) -> None:
        self.server.shutdown()
        self.system.close()


def test_32_simultaneous_logins_through_a_real_server_give_no_server_error(make_settings):
    """32 users log in at the same moment through the login form, then open the page it sends them to."""
    server = _Server(make_settings)
    statuses: list[tuple[int, int]] = []
    try:
        def work(i: int, barrier: threading.Barrier) -> None:
            barrier.wait()
            status, cookie = server.log_in(i)
            after = server.request("GET", "/", cookie=cookie)[0] if status == 302 else 0
            statuses.append((status, after))

        errors = _run_together(work, timeout=120)
        assert not errors, [repr(e) for e in errors[:3]]
    finally:
        server.close()
    assert len(statuses) == THREADS
    assert not [s for s in statuses if s[0] >= 500 or s[1] >= 500], statuses
    # The login throttling may refuse some of 32 attempts from one address at once (401), never err.
    assert sum(1 for s, _ in statuses if s == 302) >= THREADS // 2, statuses


def test_32_users_change_their_password_at_once_without_server_error(make_settings):
    """A password change reads the user through the request's connection and keeps it while it checks
    the current password, counts the attempt, hashes the new one and writes it through a second
    connection: 32 at the same moment (Flask's test client in 32 threads, one address each, so that
    no throttling rule is in play)."""
    server = _Server(make_settings)
    statuses: list[int] = []
    try:
        clients = []
        for i in range(THREADS):
            client = server.app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"10.0.{i // 250}.{i % 250 + 1}"
            response = client.post("/login", data={"email": f"user{i}@pool.example", "password": PASSWORD})
            assert response.status_code == 302, response.status_code
            clients.append(client)

        def work(i: int, barrier: threading.Barrier) -> None:
            new = f"{PASSWORD}-new-{i}"
            barrier.wait()
            response = clients[i].post("/account/password", data={"current": PASSWORD, "new": new, "confirm": new})
            statuses.append(response.status_code)

        errors = _run_together(work, timeout=120)
        assert not errors, [repr(e) for e in errors[:3]]
    finally:
        server.close()
    assert sorted(statuses) == [302] * THREADS, statuses
