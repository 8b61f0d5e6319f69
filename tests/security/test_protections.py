"""The protections around access: CSRF on every state-changing form, login throttling by address, the password
policy, session expiry after 8 hours, HSTS over TLS only (see docs/security.md)."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
from itsdangerous.timed import TimestampSigner

from governance.errors import InvalidInput
from tests.security.conftest import Prepared, Store
from tests.security.policy import AUTOMATIC, DOC, build_call, outcome, parse_policy, send
from tests.web.conftest import MEMBER_EMAIL, login
from web.accounts.store import MAX_FAILURES_PER_IP, check_password_policy

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# RFC 8058 one-click unsubscribe: mail clients post it without a session; its signed token is the credential
# and it only turns one kind of mail off (tests/web/test_mail_pages.py checks it without a session or token).
CSRF_EXEMPT = {"mail.unsubscribe_now"}
PREFERRED = ("secretary", "member", "admin", "outsider", "anonymous")


def allowed_calls(url_map) -> list[tuple[str, str, object, str]]:
    """For every state-changing browser route of the app: (endpoint, method, policy row, a role allowed)."""
    policy = parse_policy()
    found = []
    for rule in url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            continue  # the API is CSRF-exempt: it ignores the session cookie and needs a Bearer token
        if rule.endpoint in CSRF_EXEMPT:
            continue
        for method in sorted((rule.methods - AUTOMATIC) & STATE_CHANGING):
            rows = [r for r in policy if (r.endpoint, r.method) == (rule.endpoint, method)]
            choice = next(((row, role) for row in rows for role in PREFERRED if row.expected[role] == "ok"), None)
            assert choice, f"{rule.endpoint} {method}: no role may call it in docs/security.md"
            found.append((rule.endpoint, method, *choice))
    return found


def test_every_state_changing_browser_route_needs_a_csrf_token(store: Store, prepared: Prepared):
    """Without its token a form post is refused (400) and stores nothing; with it, the same post is allowed."""
    calls = allowed_calls(store.app.url_map)
    assert len(calls) > 30
    failures = []
    for endpoint, method, row, role in calls:
        store.fresh()
        before = store.head()
        kwargs = dict(own_token=prepared.token_ids.get(role), csrf=prepared.csrf[role], api_token=None)
        bare = build_call(store.app.url_map, row, role, prepared.samples, with_csrf=False, **kwargs)
        assert not any(name.endswith("csrf_token") for name in bare.form)
        refused = send(store.client(role), bare)
        if refused.status_code != 400 or store.head() != before:
            failures.append(f"{endpoint} {method} as {role} without a CSRF token: {refused.status_code}, "
                            f"{store.head() - before} events stored")
            continue
        accepted = send(store.client(role), build_call(store.app.url_map, row, role, prepared.samples, **kwargs))
        if outcome(accepted) != "ok":
            failures.append(f"{endpoint} {method} as {role} with its CSRF token: {accepted.status_code}")
    assert not failures, "\n".join(failures)


def test_an_api_post_with_only_the_session_cookie_is_refused(store: Store, prepared: Prepared):
    """The API is exempt from CSRF because the browser's cookie is not a credential there."""
    pole = prepared.samples["pole"]
    before = store.head()
    response = store.client("secretary").post(f"/api/v1/poles/{pole}/proposals",
                                              json={"title": "Essai", "text": "Texte"})
    assert response.status_code == 401 and store.head() == before


def test_logins_from_one_address_are_throttled_across_accounts(client):
    for attempt in range(MAX_FAILURES_PER_IP):
        assert login(client, f"personne{attempt}@example.org", "Mauvais-mot-de-passe-1").status_code == 401
    assert login(client, MEMBER_EMAIL).status_code == 401  # the right password, from the same address
    assert client.get("/").status_code == 302
    elsewhere = client.application.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert login(elsewhere, MEMBER_EMAIL).status_code == 302


@pytest.mark.parametrize("password", ["Court-1", "seulementdeslettres", "1234567890123", "aaaaaaaa1111",
                                      "ab1ab1ab1ab1"])
def test_password_policy_refuses(password, app):
    with pytest.raises(InvalidInput):
        check_password_policy(password)
    with pytest.raises(InvalidInput):
        app.extensions["collegia.accounts"].create_user("nouvelle@example.org", "Nouvelle", password)


def test_password_policy_accepts_a_long_mixed_password(app):
    check_password_policy("Collegia-demo-2026")
    user = app.extensions["collegia.accounts"].create_user("nouvelle@example.org", "Nouvelle", "Passe-longue-42")
    row = app.extensions["collegia.accounts"].find_by_email("nouvelle@example.org")
    assert row["id"] == user and "Passe-longue-42" not in str(row)  # stored hashed


def _cookie_signed(app, data: dict, age: timedelta, monkeypatch) -> str:
    """The session cookie a browser would hold, signed `age` ago."""
    signed_at = int(time.time() - age.total_seconds())
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at)
        return app.session_interface.get_signing_serializer(app).dumps(data)


def test_the_session_expires_after_eight_hours(app, client, pole_id, monkeypatch):
    response = login(client, MEMBER_EMAIL)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert abs(expires - (datetime.now(timezone.utc) + timedelta(hours=8))) < timedelta(minutes=5)
    with client.session_transaction() as session:
        data = dict(session)
    page = f"/poles/{pole_id}/"
    for age, status in ((timedelta(hours=7, minutes=55), 200), (timedelta(hours=8, minutes=5), 302)):
        browser = app.test_client()
        browser.set_cookie("session", _cookie_signed(app, data, age, monkeypatch))
        response = browser.get(page)
        assert response.status_code == status, age
    assert "/login" in response.headers["Location"]


def test_hsts_only_over_tls(client):
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/login").headers
    api = client.get("/api/v1/", base_url="https://localhost")
    assert api.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_tests_docs_security_points_to_exist():
    """docs/security.md names the tests that check each protection: each must exist (`file::name`, `::name`)."""
    text = DOC.read_text(encoding="utf-8")
    root, missing, named = DOC.parents[1], [], 0
    for cell in re.findall(r"^\| [^|]+ \| [^|]+ \| (.+) \|$", text, re.M):
        current = None
        for ref in re.findall(r"`([^`]*::[\w\[\]-]+|tests/[\w/]+\.py)`", cell):
            path, _, name = ref.partition("::")
            current = path or current
            source = (root / current).read_text(encoding="utf-8") if current and (root / current).exists() else ""
            named += 1
            if not source or (name and f"def {name}(" not in source):
                missing.append(ref if path else f"{current}{ref}")
    assert named > 20 and not missing, missing
