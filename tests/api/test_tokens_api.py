"""Issue 26: a first token without a browser (HTTP Basic with the account's e-mail and password, throttled as logins
are), then tokens listed and revoked over the API."""

from __future__ import annotations

import base64

from tests.api.conftest import assert_problem
from tests.web.conftest import MEMBER_EMAIL
from web.accounts.demo import DEMO_PASSWORD


def basic(email: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()}


def test_a_first_token_from_email_and_password_then_listed_used_and_revoked(app, api_as):
    client = app.test_client()
    made = client.post("/api/v1/tokens", json={"name": "tableau de bord"}, headers=basic(MEMBER_EMAIL, DEMO_PASSWORD))
    assert made.status_code == 201, made.get_json()
    token = made.get_json()
    assert token["token"].startswith("clg_") and token["name"] == "tableau de bord"
    bearer = {"Authorization": f"Bearer {token['token']}"}
    assert client.get("/api/v1/me", headers=bearer).get_json()["email"] == MEMBER_EMAIL
    listed = client.get("/api/v1/tokens", headers=bearer).get_json()
    assert token["id"] in [t["id"] for t in listed] and all("token" not in t for t in listed)
    # A second token from the first; the first revoked stops working at once.
    second = client.post("/api/v1/tokens", json={"name": "script"}, headers=bearer).get_json()
    assert client.delete(f"/api/v1/tokens/{token['id']}", headers=bearer).status_code == 204
    assert_problem(client.get("/api/v1/me", headers=bearer), 401)
    other = {"Authorization": f"Bearer {second['token']}"}
    assert_problem(client.delete(f"/api/v1/tokens/{token['id']}", headers=other), 404)
    # Another person's token is not yours to revoke.
    theirs = api_as("secretary").get("/tokens").get_json()[0]["id"]
    assert_problem(client.delete(f"/api/v1/tokens/{theirs}", headers=other), 404)


def test_basic_credentials_are_checked_and_throttled_like_logins(app):
    client = app.test_client()
    assert_problem(client.post("/api/v1/tokens", json={"name": "x"}, headers=basic(MEMBER_EMAIL, "wrong")), 401)
    assert_problem(client.post("/api/v1/tokens", json={"name": "x"}, headers={"Authorization": "Basic !!"}), 401)
    for _ in range(4):
        client.post("/api/v1/tokens", json={"name": "x"}, headers=basic(MEMBER_EMAIL, "wrong"))
    locked = client.post("/api/v1/tokens", json={"name": "x"}, headers=basic(MEMBER_EMAIL, DEMO_PASSWORD))
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    # Basic is for creating a token only: every other operation wants a token.
    assert_problem(client.get("/api/v1/me", headers=basic(MEMBER_EMAIL, DEMO_PASSWORD)), 401)
