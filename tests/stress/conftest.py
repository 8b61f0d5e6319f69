"""Stress fixtures: the production processes (gunicorn with 2 web workers × 4 threads, and the
projection worker) on a fresh store of each backend, with a pole of many members, each
represented by a web user holding an API token, and two board secretaries.

The store is populated in this process, through the application and the accounts code,
before any server starts (fast); everything after that goes over HTTP on loopback.
Processes are started with the helpers of tests/deploy/test_production.py and always
stopped (killed if need be), including on failure.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable, Iterator
from unittest import mock
from uuid import UUID

import psycopg
import pytest
import requests
from requests.adapters import HTTPAdapter
from werkzeug.security import generate_password_hash

from governance import clock
from infrastructure.config import Settings
from projections.projector import projected_position
from infrastructure.system import System, bootstrap
from tests.deploy.conftest import POSTGRES_URL, require_postgres  # noqa: F401  (fixture)
from tests.deploy.test_production import PASSWORD, ROOT, Processes, dump, free_port, wait_for_http
from web.accounts.store import Accounts
from web.api.tokens import ApiTokens

CHOICES = ("for", "against", "abstain")
STATUTES = {
    "model": "scic",
    "colleges": [
        {"code": "salaries", "name": "Salariés et producteurs", "share": "40%"},
        {"code": "usagers", "name": "Usagers et bénéficiaires", "share": "35%"},
        {"code": "collectivites", "name": "Collectivités territoriales", "share": "25%"},
    ],
    "admission_by": "board",
    "exclusion_by": "assembly",
}
COLLEGES = [c["code"] for c in STATUTES["colleges"]]
SETUP_ACTOR = "stress setup"


@dataclass
class Voter:
    member_id: str
    college: str
    token: str


@dataclass
class Stack:
    """One instance in the production configuration, and what the tests need to drive it."""

    backend: str
    env: dict[str, str]
    base: str
    processes: Processes
    system: System  # this process's view of the same store (verification only, no projection)
    pole_id: str
    voters: list[Voter]
    secretaries: list[str]  # API tokens of two board secretaries
    proposal_id: str  # an open vote, electorate = every voter
    sessions: list[requests.Session] = field(default_factory=list)

    # -- processes ---------------------------------------------------------------------------
    def start_worker(self) -> None:
        options = ("--poll", "1") if self.backend == "postgres" else ("--poll", "0.1")
        self.processes.start_worker(*options)

    def start_web(self) -> None:
        self.processes.start("web", [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")])

    def start(self) -> None:
        self.start_worker()
        self.start_web()
        wait_for_http(self.base, self.processes, timeout=60)

    def kill(self, name: str) -> None:
        """kill -9 the process group (gunicorn: its master and every web worker)."""
        process = self.processes.running[name]
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
        process.wait(10)

    # -- HTTP --------------------------------------------------------------------------------
    def client(self, token: str) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=4, max_retries=0))
        self.sessions.append(session)
        return session

    def url(self, path: str = "") -> str:
        return f"{self.base}/api/v1/poles/{self.pole_id}{path}"

    def proposal_url(self, proposal_id: str | None = None, path: str = "") -> str:
        return self.url(f"/proposals/{proposal_id or self.proposal_id}{path}")

    # -- the store, seen from this process ----------------------------------------------------
    def events(self, proposal_id: str | None = None) -> list[Any]:
        return list(self.system.app.repository.event_store.get(UUID(proposal_id or self.proposal_id)))

    def head(self) -> int:
        return self.system.app.recorder.max_notification_id() or 0

    def wait_projected(self, timeout: float = 60) -> int:
        """Until every projection reached the head of the event log; returns the head."""
        deadline = time.monotonic() + timeout
        while True:
            head = self.head()
            low = projected_position(self.system.engine)
            if low >= head:
                return head
            assert time.monotonic() < deadline, f"projections stuck at {low} < {head}:\n{self.processes.log_tail()}"
            time.sleep(0.1)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        return dump(self.system.engine)

    def tracebacks(self) -> str:
        """Every traceback the processes logged (the servers' side of a 5xx)."""
        found = []
        for path in sorted(self.processes.logs.glob("*.log")):
            lines = path.read_text(errors="replace").splitlines()
            for i, line in enumerate(lines):
                if line.startswith("Traceback"):
                    end = next((j for j in range(i + 1, len(lines)) if lines[j] and not lines[j][0].isspace()), i)
                    found.append(f"--- {path.name}\n" + "\n".join(lines[max(0, i - 1):end + 1]))
        return "\n".join(found)

    def rebuild_and_compare(self) -> None:
        """Stop the worker cleanly, then: the read models equal a full rebuild, table by table."""
        worker = self.processes.running["worker"]
        worker.terminate()
        assert worker.wait(20) == 0, "the worker did not stop cleanly on SIGTERM"
        projected = self.dump()
        self.processes.cli("rebuild", timeout=120)
        rebuilt = self.dump()
        for table in projected:
            assert projected[table] == rebuilt[table], f"{table} differs from a full rebuild"


def populate(settings: Settings, voters: int) -> tuple[System, str, list[tuple[str, str]], str, list[int], list[int]]:
    """A pole whose `voters` founding members are admitted and in a college, an open vote, and accounts."""
    system = bootstrap(settings, project_inline=False, create_tables=False)
    founders = [{"member_id": uuid.uuid4(), "name": f"Membre {i:03d}", "kind": "person", "category": "usager",
                 "college": COLLEGES[i % len(COLLEGES)]} for i in range(voters)]
    app = system.app
    pole_id = str(app.found_pole(name="Pôle sous charge", territory="Drôme", legal_form="SCIC SA",
                                 statutes=STATUTES, founders=founders, actor=SETUP_ACTOR))
    proposal_id = str(app.draft_proposal(pole_id, title="Budget sous charge", text="Deux cents votants.",
                                         actor=SETUP_ACTOR))
    app.open_voting(proposal_id, closes_at=clock.now() + timedelta(hours=2), actor=SETUP_ACTOR)
    system.projector.catch_up()
    accounts, tokens = Accounts(system.engine), ApiTokens(system.engine)
    members = [(str(f["member_id"]), f["college"]) for f in founders]
    one_hash = generate_password_hash(PASSWORD)  # scrypt once, not 200 times
    voter_users, secretary_users = [], []
    with mock.patch("web.accounts.store.generate_password_hash", return_value=one_hash):
        for i, (member_id, _) in enumerate(members):
            user_id = accounts.create_user(f"votant{i:03d}@stress.example", f"Votant {i:03d}", PASSWORD)
            accounts.grant(user_id, pole_id, "member", member_id)
            voter_users.append(user_id)
        for i in range(2):
            user_id = accounts.create_user(f"secretaire{i}@stress.example", f"Secrétaire {i}", PASSWORD)
            accounts.grant(user_id, pole_id, "secretary")
            secretary_users.append(user_id)
    return system, pole_id, members, proposal_id, voter_users, secretary_users


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        request.getfixturevalue("require_postgres")
    return request.param


@pytest.fixture
def make_stack(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[str, int], Stack]]:
    """Factory: a populated store of the backend and its running processes, torn down in every case."""
    built: list[tuple[Stack | None, Processes, System | None, str | None]] = []

    def make(backend: str, voters: int) -> Stack:
        port = free_port()
        schema = f"s_{uuid.uuid4().hex[:12]}" if backend == "postgres" else None
        env = {**os.environ, "COLLEGIA_PROJECTIONS": "worker",
               "COLLEGIA_INSTANCE_DIR": str(tmp_path / "instance"),
               "COLLEGIA_BIND": f"127.0.0.1:{port}", "COLLEGIA_WEB_WORKERS": "2", "COLLEGIA_WEB_THREADS": "4",
               "COLLEGIA_LOG_LEVEL": "warning"}
        for name in ("COLLEGIA_SECRET_KEY", "COLLEGIA_BALLOT_KEY", "COLLEGIA_READ_YOUR_WRITES_TIMEOUT",
                     "COLLEGIA_CREATE_TABLES", "COLLEGIA_EVENT_CIPHER_KEY"):
            env.pop(name, None)
        if backend == "postgres":
            env.update(COLLEGIA_DATABASE_URL=POSTGRES_URL, COLLEGIA_DB_SCHEMA=schema,
                       PGAPPNAME=f"collegia-{schema}")
        else:
            env["COLLEGIA_DATABASE_URL"] = f"sqlite:///{tmp_path / 'store' / 'collegia.db'}"
            env.pop("COLLEGIA_DB_SCHEMA", None)
        logs = tmp_path / "logs"
        logs.mkdir(exist_ok=True)
        processes = Processes(env, logs)
        entry: list[Any] = [None, processes, None, schema]
        built.append(entry)  # type: ignore[arg-type]
        t0 = time.monotonic()
        processes.cli("init", timeout=120)
        t1 = time.monotonic()
        system, pole_id, members, proposal_id, voter_users, secretary_users = populate(Settings.from_env(env), voters)
        entry[2] = system
        tokens = ApiTokens(system.engine)
        voter_list = [Voter(member_id, college, tokens.create(user_id, "stress").secret)
                      for (member_id, college), user_id in zip(members, voter_users)]
        secretaries = [tokens.create(user_id, "stress").secret for user_id in secretary_users]
        stack = Stack(backend, env, f"http://127.0.0.1:{port}", processes, system, pole_id, voter_list, secretaries,
                      proposal_id)
        entry[0] = stack
        t2 = time.monotonic()
        stack.start()
        print(f"[{backend}] init {t1 - t0:.1f} s, populate {t2 - t1:.1f} s, start {time.monotonic() - t2:.1f} s")
        return stack

    try:
        yield make
    finally:
        for stack, processes, system, schema in built:
            if stack is not None:
                for session in stack.sessions:
                    session.close()
            processes.stop_all()
            if system is not None:
                system.close()
            if schema is not None:
                with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def tally_counts(tally: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per college: {for, against, abstain, participants} from a tally's JSON form."""
    return {c["code"]: {"for": c["votes_for"], "against": c["votes_against"], "abstain": c["abstentions"],
                        "participants": c["participants"]} for c in tally["colleges"]}


def expected_counts(last: dict[str, str], colleges: dict[str, str]) -> dict[str, dict[str, int]]:
    counts = {code: {"for": 0, "against": 0, "abstain": 0, "participants": 0} for code in COLLEGES}
    for member_id, choice in last.items():
        counts[colleges[member_id]][choice] += 1
        counts[colleges[member_id]]["participants"] += 1
    return counts
