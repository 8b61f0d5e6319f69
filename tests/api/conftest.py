"""API fixtures: the demo pole behind a Flask test client, and Bearer tokens for the demo logins."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.web.conftest import *  # noqa: F401,F403  (demo_template, demo_system, pole_id, client, as_role...)
from tests.web.conftest import (ADMIN_EMAIL, DEMO_PASSWORD, MEMBER_EMAIL, OUTSIDER_EMAIL, SECRETARY_EMAIL,
                                VOTED_MEMBER_EMAIL, create_app)
from web.api import bp as api_bp, tokens_bp
from web.api.tokens import ApiTokens

EMAILS = {"admin": ADMIN_EMAIL, "secretary": SECRETARY_EMAIL, "member": MEMBER_EMAIL,
          "voted_member": VOTED_MEMBER_EMAIL, "outsider": OUTSIDER_EMAIL}


@pytest.fixture
def app(demo_system):
    """The web app with the API (registered here until web/app.py registers it)."""
    system, _ = demo_system
    app = create_app(system=system, test_config={"TESTING": True, "SECRET_KEY": "test"})
    if "api" not in app.blueprints:
        app.register_blueprint(api_bp)
    if "api_tokens" not in app.blueprints:
        app.register_blueprint(tokens_bp)
    return app


@pytest.fixture
def accounts(app):
    return app.extensions["collegia.accounts"]


@pytest.fixture
def token_for(accounts) -> Callable[[str], str]:
    """A new API token for a user, by demo role ('admin', 'secretary'...) or e-mail address."""
    store = ApiTokens(accounts.engine)

    def make(who: str) -> str:
        user = accounts.find_by_email(EMAILS.get(who, who))
        assert user, who
        return store.create(user["id"], "tests").secret
    return make


class Api:
    """The test client speaking JSON with a Bearer token."""

    def __init__(self, client: Any, token: str | None) -> None:
        self.client, self.token = client, token

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def call(self, method: str, path: str, json: Any = None, **kwargs: Any) -> Any:
        url = path if path.startswith("/api/") else "/api/v1" + path
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return self.client.open(url, method=method, json=json, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("PUT", path, json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)


@pytest.fixture
def api_as(app, token_for) -> Callable[[str | None], Api]:
    """An API client for a demo role ('admin', 'secretary', 'member', 'voted_member', 'outsider') or None."""
    def make(who: str | None) -> Api:
        return Api(app.test_client(), token_for(who) if who else None)
    return make


@pytest.fixture
def head(app) -> Callable[[], int]:
    """The event store's last position: unchanged after a refused command."""
    return lambda: app.extensions["collegia"].app.recorder.max_notification_id() or 0


@pytest.fixture
def demo(app, pole_id) -> dict[str, Any]:
    """Ids of the demo's members and proposals, by name and title."""
    queries = app.extensions["collegia.queries"]
    members = {m["name"]: m["id"] for m in queries.members(pole_id)}
    proposals = {p["title"]: p for p in queries.register(pole_id, limit=100)}
    by_status = lambda status: [p for p in proposals.values() if p["status"] == status]  # noqa: E731
    return {"members": members, "proposals": proposals,
            "open": by_status("open")[0]["id"], "draft": by_status("draft")[0]["id"],
            "secret": next(p["id"] for p in proposals.values() if p["secret"]),
            "closed": next(p["id"] for p in proposals.values() if p["status"] == "closed" and not p["secret"])}


def assert_problem(response: Any, status: int, *, rule: str | None = None, fields: tuple[str, ...] = ()) -> dict:
    """An RFC 9457 problem with this status (and rule, and field errors); returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("/api/v1/docs#")
    if rule is not None:
        assert body["rule"] == rule, body
    for name in fields:
        assert body["errors"].get(name), body
    return body


def small_pole(app: Any, api_as: Callable[[str | None], Any], accounts: Any, *, name: str, territory: str, domain: str,
               colleges: list[dict[str, str]], members: dict[str, str]) -> dict[str, Any]:
    """A SCIC pole founded through the API (admission by the board), its members (persons, each in the college
    named by `members`) requested, admitted and assigned by its secretary; returns its id, members by name, the
    secretary's client and `user(email, role, *member_ids)`, which makes an account (with that role for those
    members; none when role is None) and returns its API client."""
    tokens, client = ApiTokens(accounts.engine), app.test_client()
    created = api_as("admin").post("/poles", json={
        "name": name, "territory": territory, "legal_form": "SCIC SAS",
        "statutes": {"model": "scic", "admission_by": "board", "colleges": colleges}})
    assert created.status_code == 201, created.get_json()
    pole_id = created.get_json()["id"]

    def user(email: str, role: str | None, *member_ids: str) -> Api:
        user_id = accounts.create_user(email, email.split("@")[0], DEMO_PASSWORD)
        for member_id in (member_ids or (None,)) if role else ():
            accounts.grant(user_id, pole_id, role, member_id)
        return Api(client, tokens.create(user_id, "tests").secret)

    secretary = user(f"secretariat@{domain}", "secretary")
    ids = {}
    for member, college in members.items():
        member_id = secretary.post(f"/poles/{pole_id}/members", json={
            "name": member, "kind": "person", "category": college}).get_json()["id"]
        secretary.post(f"/poles/{pole_id}/members/{member_id}/admit", json={"decision": "Conseil"})
        secretary.post(f"/poles/{pole_id}/members/{member_id}/assign", json={"college": college, "reason": "Statuts"})
        ids[member] = member_id
    return {"id": pole_id, "members": ids, "secretary": secretary, "user": user}
