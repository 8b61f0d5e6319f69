"""Concurrent logins on one account, for tests/web/test_login_throttling.py; also run as a process:

    python -m tests.web.login_burst EMAIL PASSWORD THREADS   (the store from the COLLEGIA_* variables)

prints "ready" once its clients hold their CSRF tokens, waits for a line on standard input, sends its
burst, and prints the outcomes as one JSON list.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from tests.web.conftest import csrf_token

TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test"}
LOCKED = ("Trop de tentatives", "Too many failed attempts")
WRONG = ("mot de passe incorrect", "wrong password")


def outcome(response: Any) -> str:
    """"in" (logged in), "locked" (refused before any password check) or "checked" (the password was checked)."""
    page = response.get_data(as_text=True)
    if response.status_code == 302:
        return "in"
    if response.status_code == 401 and any(text in page for text in LOCKED):
        return "locked"
    if response.status_code == 401 and any(text in page for text in WRONG):
        return "checked"
    return f"unexpected {response.status_code}"


def prepare(app: Any, count: int) -> list[tuple[Any, str]]:
    """`count` browsers on the login page, each with its CSRF token."""
    clients = [app.test_client() for _ in range(count)]
    return [(client, csrf_token(client)) for client in clients]


def burst(clients: list[tuple[Any, str]], email: str, password: str) -> list[str]:
    """Every client posts the same login at once (released together by a barrier); the outcomes."""
    barrier, results = threading.Barrier(len(clients)), [""] * len(clients)

    def attempt(index: int) -> None:
        client, token = clients[index]
        barrier.wait()
        try:
            results[index] = outcome(client.post("/login", data={"email": email, "password": password,
                                                                 "csrf_token": token}))
        except Exception as error:  # noqa: BLE001  (reported, not swallowed)
            results[index] = f"error {error!r}"

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def main(email: str, password: str, count: int) -> None:
    from infrastructure.system import bootstrap
    from web.app import create_app
    system = bootstrap()
    try:
        clients = prepare(create_app(system=system, test_config=TEST_CONFIG), count)
        print("ready", flush=True)
        sys.stdin.readline()
        print(json.dumps(burst(clients, email, password)), flush=True)
    finally:
        system.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
