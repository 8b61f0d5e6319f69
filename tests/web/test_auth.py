"""Logging in and out, throttling, CSRF, session cookie and security headers."""

from __future__ import annotations

from tests.web.conftest import MEMBER_EMAIL, csrf_token, login
from web.accounts import MAX_FAILURES_PER_ACCOUNT


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_page_is_french_by_default_with_labelled_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "<h1>Se connecter</h1>" in page
    assert '<label for="email">' in page and '<label for="password">' in page


def test_member_logs_in_and_out(client):
    response = login(client, MEMBER_EMAIL)
    assert response.status_code == 302
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").status_code in (200, 302)
    token = csrf_token(client, client.get("/", follow_redirects=True).request.path)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client):
    response = login(client, MEMBER_EMAIL, "wrong-password-123")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert 'value="' + MEMBER_EMAIL + '"' in page  # what the user typed is kept


def test_login_is_throttled_after_repeated_failures(client):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        login(client, MEMBER_EMAIL, "wrong-password-123")
    response = login(client, MEMBER_EMAIL)  # even the right password is refused while locked
    assert response.status_code == 401
    assert client.get("/").status_code == 302


def test_forms_without_a_csrf_token_are_refused(client):
    response = client.post("/login", data={"email": MEMBER_EMAIL, "password": "x"})
    assert response.status_code == 400


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_open_redirect_after_login_is_refused(client):
    response = client.post("/login?next=https://evil.example/", data={
        "email": MEMBER_EMAIL, "password": "Collegia-demo-2026", "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and "evil.example" not in response.headers["Location"]


def test_english_is_available(client):
    token = csrf_token(client)
    client.post("/language", data={"language": "en", "csrf_token": token, "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page
