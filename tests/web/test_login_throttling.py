"""Login throttling holds under concurrency: threads, processes, SQLite and PostgreSQL.

At most MAX_FAILURES_PER_ACCOUNT passwords are checked per account and window, however many
logins race; once they are spent even the right password is refused; another account is not locked.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import psycopg
import pytest

import web.accounts.store
from infrastructure.config import Settings
from infrastructure.system import bootstrap
from tests.web.conftest import csrf_token
from tests.web.login_burst import TEST_CONFIG, burst, prepare
from web.accounts.store import MAX_FAILURES_PER_ACCOUNT, Accounts
from web.app import create_app

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[2]
EMAIL, OTHER_EMAIL, PASSWORD, WRONG = "cible@pole.example", "voisine@pole.example", "Bon-mot-de-passe-1", "Faux-1234"


def _postgres_or_skip() -> None:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and does not answer at {POSTGRES_URL}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The COLLEGIA_* variables of an empty store (a fresh PostgreSQL schema, dropped afterwards)."""
    env = {"COLLEGIA_INSTANCE_DIR": str(tmp_path), "COLLEGIA_SECRET_KEY": "test",
           "COLLEGIA_BALLOT_KEY": base64.b64encode(b"k" * 32).decode()}
    if request.param == "sqlite":
        yield {**env, "COLLEGIA_DATABASE_URL": f"sqlite:///{tmp_path}/c.db"}
        return
    _postgres_or_skip()
    schema = f"w_{uuid.uuid4().hex[:12]}"
    yield {**env, "COLLEGIA_DATABASE_URL": POSTGRES_URL, "COLLEGIA_DB_SCHEMA": schema}
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def app(store_env: dict[str, str]) -> Iterator[Any]:
    """The web app on that store, with two accounts."""
    system = bootstrap(Settings.from_env(store_env))
    accounts = Accounts(system.engine)
    accounts.create_user(EMAIL, "Cible", PASSWORD)
    accounts.create_user(OTHER_EMAIL, "Voisine", PASSWORD)
    yield create_app(system=system, test_config=TEST_CONFIG)
    system.close()


def login_from(app: Any, email: str, password: str, address: str = "127.0.0.1") -> str:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return burst([(client, csrf_token(client))], email, password)[0]


def test_a_burst_of_concurrent_logins_checks_at_most_the_limit(app):
    outcomes = burst(prepare(app, 16), EMAIL, WRONG)
    assert outcomes.count("checked") == MAX_FAILURES_PER_ACCOUNT, outcomes
    assert outcomes.count("locked") == 16 - MAX_FAILURES_PER_ACCOUNT, outcomes
    assert login_from(app, EMAIL, PASSWORD) == "locked"  # the right password too, once the limit is spent
    assert login_from(app, OTHER_EMAIL, PASSWORD, "192.0.2.9") == "in"  # another account is not locked


def test_the_right_password_sent_during_a_burst_past_the_limit_is_refused(app, monkeypatch):
    """The right password arrives while 16 wrong ones are being checked: the limit is already spent."""
    real_check = web.accounts.store.check_password_hash
    started = threading.Semaphore(0)

    def slow_check(hashed: str, password: str) -> bool:
        if password == WRONG:
            started.release()
            time.sleep(0.5)
        return real_check(hashed, password)
    monkeypatch.setattr(web.accounts.store, "check_password_hash", slow_check)
    wrong = prepare(app, 16)
    right = prepare(app, 1)
    results: list[str] = []
    attackers = threading.Thread(target=lambda: results.extend(burst(wrong, EMAIL, WRONG)))
    attackers.start()
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert started.acquire(timeout=30)  # the limit's worth of wrong passwords are being checked
    time.sleep(0.1)
    assert burst(right, EMAIL, PASSWORD) == ["locked"]
    attackers.join(120)
    assert results.count("checked") == MAX_FAILURES_PER_ACCOUNT, results


def test_two_processes_bursting_on_one_account_check_at_most_the_limit(app, store_env):
    env = {**os.environ, **store_env, "COLLEGIA_CREATE_TABLES": "0", "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, "-m", "tests.web.login_burst", EMAIL, WRONG, "8"], cwd=ROOT,
                                  env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for _ in range(2)]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready"
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        outcomes = [o for process in processes for o in json.loads(process.stdout.readline())]
    finally:
        for process in processes:
            process.stdin.close()
            process.wait(60)
    assert outcomes.count("checked") == MAX_FAILURES_PER_ACCOUNT, outcomes
    assert outcomes.count("locked") == 16 - MAX_FAILURES_PER_ACCOUNT, outcomes
    assert login_from(app, EMAIL, PASSWORD) == "locked"

