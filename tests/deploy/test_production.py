"""End to end, the production mode: gunicorn with two web workers and the projection worker
on PostgreSQL, driven over HTTP like a browser.

1. `collegia init` and `collegia demo` in a fresh schema; the worker starts polling only
   (no LISTEN, a slow poll), so a page following a command shows the user's ballot only
   because the web process waits for the projections to reach it (read-your-writes).
2. Three members change their votes over and over, concurrently; the worker is killed
   (SIGKILL) in the middle and restarted (with LISTEN) while the commands go on.
3. Every database connection of these processes is cut (as by a PostgreSQL restart); the
   next vote still goes through and shows at once.
4. The read models reach the head of the event log, and equal a full rebuild, table by table.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import psycopg
import pytest
import requests
from sqlalchemy import create_engine, select

from projections import tables as t
from tests.deploy.conftest import POSTGRES_URL
from web.votes.pages import WIRE_CHOICES

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Collegia-demo-2026"
NADIA = "nadia.benali@regie-fontbarlettes.example"
ELISE = "elise.morel@valdedrome.example"
JULIEN = "julien.roux@jardins-gervanne.example"
OPEN_TITLE = "Budget 2027 de la légumerie mutualisée"
CHOICES = ("for", "against", "abstain")
CHANGES_PER_MEMBER = 12


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """The processes this test starts, stopped (and killed if need be) in every case."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self.generation = 0

    def cli(self, *args: str, timeout: float = 60) -> str:
        done = subprocess.run([sys.executable, "-m", "web.cli", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"collegia {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        self.generation += 1
        log = open(self.logs / f"{name}-{self.generation}.log", "wb")
        self.running[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True)
        log.close()
        return self.running[name]

    def start_worker(self, *options: str) -> subprocess.Popen[bytes]:
        return self.start("worker", [sys.executable, "-m", "web.cli", "project", "--no-closer", *options])

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.running.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def log_tail(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                         for path in sorted(self.logs.glob("*.log")))


@pytest.fixture
def production(pg_schema: str, tmp_path: Path) -> Iterator[tuple[Processes, str]]:
    port = free_port()
    env = {**os.environ,
           "COLLEGIA_DATABASE_URL": POSTGRES_URL, "COLLEGIA_DB_SCHEMA": pg_schema,
           "COLLEGIA_PROJECTIONS": "worker", "COLLEGIA_INSTANCE_DIR": str(tmp_path / "instance"),
           "COLLEGIA_BIND": f"127.0.0.1:{port}", "COLLEGIA_WEB_WORKERS": "2",
           "COLLEGIA_READ_YOUR_WRITES_TIMEOUT": "5", "COLLEGIA_LOG_LEVEL": "warning",
           "PGAPPNAME": f"collegia-{pg_schema}"}  # names our processes' connections (see below)
    env.pop("COLLEGIA_SECRET_KEY", None)
    (tmp_path / "logs").mkdir()
    processes = Processes(env, tmp_path / "logs")
    try:
        yield processes, f"http://127.0.0.1:{port}"
    finally:
        processes.stop_all()


def wait_for_http(base: str, processes: Processes, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/login", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # gunicorn listens before its workers have booted
        assert processes.running["web"].poll() is None, "gunicorn exited:\n" + processes.log_tail()
        time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time:\n" + processes.log_tail())


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def checked_choice(html: str) -> str | None:
    """The ballot choice the proposal page shows as the member's current vote (from the read models)."""
    for tag in re.findall(r"<input[^>]*>", html):
        if 'name="choice"' in tag and re.search(r"\bchecked\b", tag):
            return WIRE_CHOICES[re.search(r'value="([^"]+)"', tag).group(1)]  # the form's one-length codes
    return None


def log_in(base: str, email: str) -> requests.Session:
    """Through the real login form, with its CSRF token."""
    browser = requests.Session()
    form = browser.get(f"{base}/login", timeout=10).text
    answer = browser.post(f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf(form)},
                          timeout=10, allow_redirects=False)
    assert answer.status_code == 302, f"login of {email} refused ({answer.status_code})"
    return browser


def vote(browser: requests.Session, url: str, token: str, choice: str, follow: bool = True) -> requests.Response:
    answer = browser.post(f"{url}/ballot", data={"choice": choice, "csrf_token": token}, timeout=20,
                          allow_redirects=follow)
    assert answer.status_code == (200 if follow else 302), answer.text[-2000:]
    return answer


def dump(engine: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, sorted, without surrogate keys or the tracking rows' per-rebuild token; each
    cell with whether it is SQL NULL (a JSON 'null' decodes to None too, and must not stand for it)."""
    result = {}
    with engine.connect() as conn:
        for table in t.metadata.sorted_tables:
            columns = [c for c in table.c if not (table is t.member_periods and c.name == "id")
                       and c is not t.tracking.c.generation]
            rows = conn.execute(select(*columns, *(c.is_(None) for c in columns))).all()
            result[table.name] = sorted((tuple(repr(v) for v in row) for row in rows))
    return result


def positions(schema: str) -> tuple[int, int, int]:
    """(lowest projection position, last notification id, number of events)."""
    with psycopg.connect(POSTGRES_URL) as conn:
        low = conn.execute(f'SELECT min(position) FROM "{schema}".rm_tracking').fetchone()[0]
        head, count = conn.execute(f'SELECT max(notification_id), count(*) FROM "{schema}".collegia_events').fetchone()
    return low, head, count


def test_production_mode_end_to_end(production: tuple[Processes, str], pg_schema: str) -> None:
    processes, base = production
    try:
        scenario(processes, base, pg_schema)
    except BaseException:
        print(processes.log_tail())  # shown by pytest with the failure
        raise


def scenario(processes: Processes, base: str, schema: str) -> None:
    started = time.monotonic()

    # -- setup step, then the processes: the worker polls slowly, no LISTEN ------------------------
    assert "schema revision" in processes.cli("init")
    check = subprocess.run([sys.executable, "-m", "web.cli", "db", "check"], cwd=ROOT, env=processes.env,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, ("the read-model tables differ from the latest Alembic revision: write one "
                                   "('collegia db revision -m ...', docs/deployment.md)\n" + check.stdout)
    assert "Demo pole loaded" in processes.cli("demo")
    worker = processes.start_worker("--no-listen", "--poll", "1.5")
    processes.start("web", [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")])
    wait_for_http(base, processes)
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                           connect_args={"options": f"-csearch_path={schema}"})
    try:
        with engine.connect() as conn:
            proposal_id, pole_id = conn.execute(select(t.proposals.c.id, t.proposals.c.pole_id)
                                                .where(t.proposals.c.title == OPEN_TITLE)).one()
        url = f"{base}/poles/{pole_id}/proposals/{proposal_id}"

        # -- read-your-writes: the page after the ballot shows it ---------------------------------
        nadia = log_in(base, NADIA)
        page = nadia.get(url, timeout=10).text
        assert checked_choice(page) is None  # Nadia has not voted yet
        for choice in ("against", "for", "abstain"):
            shown = vote(nadia, url, csrf(page), choice).text
            assert checked_choice(shown) == choice, "the page after the command does not show the user's ballot"
        tokens = {NADIA: csrf(page)}
        browsers = {NADIA: nadia}
        for email in (ELISE, JULIEN):
            browsers[email] = log_in(base, email)
            tokens[email] = csrf(browsers[email].get(url, timeout=10).text)

        # -- commands go on while the worker is killed and restarted ------------------------------
        done = {email: 0 for email in browsers}
        failures: list[BaseException] = []

        def keep_voting(email: str) -> None:
            try:
                for i in range(CHANGES_PER_MEMBER):
                    vote(browsers[email], url, tokens[email], CHOICES[i % 3], follow=False)
                    done[email] += 1
                    time.sleep(0.05)
            except BaseException as error:  # reported by the main thread
                failures.append(error)

        voters = [threading.Thread(target=keep_voting, args=(email,)) for email in browsers]
        for voter in voters:
            voter.start()
        while sum(done.values()) < CHANGES_PER_MEMBER and not failures:
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait(5)
        time.sleep(0.3)  # commands keep coming while no worker runs
        processes.start_worker("--poll", "1")
        for voter in voters:
            voter.join(60)
        assert not failures, failures
        assert sum(done.values()) == 3 * CHANGES_PER_MEMBER

        last = CHOICES[(CHANGES_PER_MEMBER - 1) % 3]
        assert checked_choice(nadia.get(url, timeout=10).text) == last
        shown = vote(nadia, url, tokens[NADIA], "against").text  # read-your-writes with the restarted worker
        assert checked_choice(shown) == "against"

        # -- all our connections cut, as by a database restart (only ours: other tests share the server)
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            cut = conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE application_name = %s", (f"collegia-{schema}",)).fetchone()[0]
        assert cut > 0
        shown = vote(nadia, url, tokens[NADIA], "for").text
        assert checked_choice(shown) == "for"

        # -- convergence, then the same rows as a full rebuild --------------------------------------
        deadline = time.monotonic() + 30
        while (current := positions(schema))[0] < current[1]:
            assert time.monotonic() < deadline, f"projections stuck at {current}"
            time.sleep(0.2)
        with engine.connect() as conn:
            ballots = dict(conn.execute(select(t.ballots.c.member_id, t.ballots.c.choice)
                                        .where(t.ballots.c.proposal_id == proposal_id)).all())
            audit_rows = len(conn.execute(select(t.audit.c.position)).all())
        assert audit_rows == current[2]  # every event projected once
        assert sorted(ballots.values()).count(last) >= 2  # Élise and Julien ended on their last change
        worker = processes.running["worker"]
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(15) == 0, "the worker did not stop cleanly on SIGTERM"
        projected = dump(engine)
        processes.cli("rebuild")
        rebuilt = dump(engine)
        for table in projected:
            assert projected[table] == rebuilt[table], f"{table} differs from a full rebuild"
    finally:
        engine.dispose()
    assert time.monotonic() - started < 100
