"""No secret reaches the logs: passwords (right or wrong), API tokens (valid or not), keys, session cookies."""

from __future__ import annotations

import base64
import logging
import re
import secrets

from tests.web.conftest import BALLOT_KEY, DEMO_PASSWORD, SECRETARY_EMAIL, csrf_token, login

WRONG_PASSWORD = "Mauvais-mot-de-passe-2026"
FORGED_TOKEN = "clg_forged0123456789abcdefghijklmnopqrstuvwxyz"


def test_no_secret_reaches_the_logs(app, client, pole_id, caplog):
    app.config["SECRET_KEY"] = secrets.token_hex(24)  # a real key, not the fixtures' short one
    caplog.set_level(logging.DEBUG)
    login(client, SECRETARY_EMAIL, WRONG_PASSWORD)
    assert login(client, SECRETARY_EMAIL).status_code == 302
    session_cookie = client.get_cookie("session").value
    page = client.post("/account/tokens", data={"csrf_token": csrf_token(client, "/account/tokens"),
                                                "name": "tableau de bord"}).get_data(as_text=True)
    token = re.search(r'id="new-token-value" readonly value="([^"]+)"', page).group(1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {FORGED_TOKEN}"}).status_code == 401
    # A failing request logs its error: make one happen with a secret nearby.
    client.post(f"/poles/{pole_id}/manage/proposals/new", data={"csrf_token": "x" * 40, "title": "t"})

    logged = "\n".join(f"{record.getMessage()} {record.exc_text or ''} {record.args!r}" for record in caplog.records)
    assert caplog.records, "the run above logs something (otherwise this test checks nothing)"
    hidden = {"the demo password": DEMO_PASSWORD, "a wrong password": WRONG_PASSWORD, "the API token": token,
               "a forged token": FORGED_TOKEN, "the session cookie": session_cookie,
               "the Flask secret key": str(app.config["SECRET_KEY"]),
               "the ballot key": base64.b64encode(BALLOT_KEY).decode()}
    leaked = [name for name, secret in hidden.items() if secret and secret in logged]
    assert not leaked, f"secrets in the logs: {leaked}"
