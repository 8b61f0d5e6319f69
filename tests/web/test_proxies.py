"""The client's address behind the reverse proxy (COLLEGIA_TRUSTED_PROXIES): what login throttling counts."""

from __future__ import annotations

import pytest

from tests.web.conftest import MEMBER_EMAIL, VOTED_MEMBER_EMAIL, login
from web.accounts.store import MAX_FAILURES_PER_IP
from web.trusted_proxies import apply_trusted_proxies

PROXY = "127.0.0.1"  # nginx on the same machine: every request comes from it


def behind_proxy(app, forwarded_for: str):
    """A browser whose requests reach the app through the proxy, which names it in X-Forwarded-For."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client


def lock_out(client) -> None:
    for attempt in range(MAX_FAILURES_PER_IP):
        assert login(client, f"personne{attempt}@example.org", "Mauvais-mot-2026").status_code == 401
    assert login(client, MEMBER_EMAIL).status_code == 401  # locked: even the right password


def test_one_client_locked_out_does_not_lock_the_others_behind_the_same_proxy(app, monkeypatch):
    monkeypatch.setenv("COLLEGIA_TRUSTED_PROXIES", "1")
    apply_trusted_proxies(app)
    lock_out(behind_proxy(app, "203.0.113.1"))
    assert login(behind_proxy(app, "203.0.113.2"), VOTED_MEMBER_EMAIL).status_code == 302
    assert login(behind_proxy(app, "203.0.113.2"), MEMBER_EMAIL).status_code == 302  # nor the account


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(app, monkeypatch):
    monkeypatch.delenv("COLLEGIA_TRUSTED_PROXIES", raising=False)
    apply_trusted_proxies(app)  # the default: no proxy trusted
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for attempt in range(MAX_FAILURES_PER_IP):  # a new forged address on every attempt does not help
        attacker.environ_base["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{attempt}"
        login(attacker, f"personne{attempt}@example.org", "Mauvais-mot-2026")
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.200"
    assert login(attacker, MEMBER_EMAIL).status_code == 401


def test_only_the_configured_number_of_hops_is_trusted(app, monkeypatch):
    """With one trusted hop, the address nginx appended counts, not what the client wrote before it."""
    monkeypatch.setenv("COLLEGIA_TRUSTED_PROXIES", "1")
    apply_trusted_proxies(app)
    for attempt in range(MAX_FAILURES_PER_IP):
        login(behind_proxy(app, f"10.0.0.{attempt}, 203.0.113.1"), f"personne{attempt}@example.org", "Faux-mot-2026")
    assert login(behind_proxy(app, "10.9.9.9, 203.0.113.1"), MEMBER_EMAIL).status_code == 401


@pytest.mark.parametrize("value", ["-1", "un", "1.5", "²", "١"])
def test_a_wrong_setting_stops_the_start(app, monkeypatch, value):
    monkeypatch.setenv("COLLEGIA_TRUSTED_PROXIES", value)
    with pytest.raises(ValueError, match="COLLEGIA_TRUSTED_PROXIES"):
        apply_trusted_proxies(app)


def test_the_app_factory_applies_the_setting(app, monkeypatch):
    """`create_app` itself trusts the configured hops: the address nginx appended is the client's."""
    from web.app import create_app
    monkeypatch.setenv("COLLEGIA_TRUSTED_PROXIES", "1")
    built = create_app(app.extensions["collegia"], {"TESTING": True})
    seen = {}

    @built.get("/_test/address")
    def address():
        from flask import request
        seen["address"] = request.remote_addr
        return ""

    behind_proxy(built, "203.0.113.9").get("/_test/address")
    assert seen["address"] == "203.0.113.9"
