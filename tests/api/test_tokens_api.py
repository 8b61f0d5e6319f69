"""Issue 26: a first token without a browser (HTTP Basic with the account's e-mail and password, throttled as logins
are), then tokens listed and revoked over the API."""

from __future__ import annotations

import base64
from datetime import date

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


def test_a_token_does_only_what_its_scopes_allow_within_its_roles(app, api_as, pole_id, demo, head):
    """Issue 26: scopes narrow a token (never widen its user's roles); RFC 6750's insufficient_scope names the one
    missing; a token creates tokens only with scopes it has; omitted, a token has every scope for 90 days."""
    secretary = api_as("secretary")
    reader = secretary.post("/tokens", json={"name": "lecture", "scopes": ["read"], "expires_in_days": 7}).get_json()
    assert reader["scopes"] == ["read"] and not reader["expired"]
    assert reader["expires_at"][:10] > reader["created_at"][:10]
    client, bearer = app.test_client(), {"Authorization": f"Bearer {reader['token']}"}
    assert client.get(f"/api/v1/poles/{pole_id}/members", headers=bearer).status_code == 200
    before = head()
    refused = client.post(f"/api/v1/poles/{pole_id}/proposals/{demo['open']}/close", headers=bearer)
    body = assert_problem(refused, 403)
    assert body["type"].endswith("insufficient-scope") and "secretary" in body["detail"]
    assert 'error="insufficient_scope", scope="secretary"' in refused.headers["WWW-Authenticate"]
    assert head() == before
    # Asking for more than it has is refused; a narrower or equal set is fine.
    assert_problem(client.post("/api/v1/tokens", json={"name": "plus", "scopes": ["read", "vote"]}, headers=bearer),
                   403)
    assert client.post("/api/v1/tokens", json={"name": "pareil", "scopes": ["read"]}, headers=bearer).status_code == 201
    # A scope grants nothing the roles do not: a member's admin-scoped token still cannot found a pole.
    everything = api_as("member").post("/tokens", json={"name": "tout"}).get_json()
    assert everything["scopes"] == ["read", "vote", "secretary", "admin"]
    made, expires = everything["created_at"][:10], everything["expires_at"][:10]
    assert (date.fromisoformat(expires) - date.fromisoformat(made)).days == 90
    assert_problem(client.post("/api/v1/poles", json={}, headers={"Authorization": f"Bearer {everything['token']}"}),
                   403)
    # Unknown scopes and lifetimes out of range are named.
    assert_problem(secretary.post("/tokens", json={"name": "x", "scopes": ["root"]}), 422, fields=("scopes.0",))
    assert_problem(secretary.post("/tokens", json={"name": "x", "expires_in_days": 0}), 422,
                   fields=("expires_in_days",))
    assert_problem(secretary.post("/tokens", json={"name": "x", "scopes": []}), 422, fields=("scopes",))


def test_an_expired_token_is_refused_and_listed_as_expired(app, api_as, accounts):
    from sqlalchemy import update

    from infrastructure.accounts_tables import api_tokens
    member = api_as("member")
    made = member.post("/tokens", json={"name": "court", "expires_in_days": 1}).get_json()
    bearer = {"Authorization": f"Bearer {made['token']}"}
    client = app.test_client()
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    with accounts.engine.begin() as conn:  # a day later
        conn.execute(update(api_tokens).where(api_tokens.c.id == made["id"])
                     .values(expires_at=api_tokens.c.created_at))
    refused = assert_problem(client.get("/api/v1/me", headers=bearer), 401)
    assert "expired" in refused["detail"]
    listed = {t["id"]: t for t in member.get("/tokens").get_json()}
    assert listed[made["id"]]["expired"] is True
