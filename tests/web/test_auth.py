"""Logging in and out, throttling, CSRF, session cookie and security headers."""

from __future__ import annotations

from tests.web.conftest import MEMBER_EMAIL, csrf_token, login
from web.accounts.demo import DEMO_PASSWORD
from web.accounts.store import MAX_FAILURES_PER_ACCOUNT


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


# -- sessions end on the server ---------------------------------------------------------------
def logged_in(app, email: str = MEMBER_EMAIL):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def can_read(client, pole_id: str) -> bool:
    response = client.get(f"/poles/{pole_id}/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_logout_ends_every_session_of_the_user_copied_cookies_included(app, client, pole_id):
    assert login(client, MEMBER_EMAIL).status_code == 302
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)  # taken before logout
    other_device = logged_in(app)
    assert can_read(copy, pole_id) and can_read(other_device, pole_id)
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")}).status_code == 302
    assert not can_read(copy, pole_id) and not can_read(other_device, pole_id)
    assert can_read(logged_in(app), pole_id)  # logging in again works


def change_password(client, current: str, new: str, confirm: str | None = None):
    return client.post("/account/password", data={"current": current, "new": new, "confirm": confirm or new,
                                                   "csrf_token": csrf_token(client, "/account/password")})


def test_changing_the_password_needs_the_current_one_and_ends_the_other_sessions(app, pole_id):
    me, other_device = logged_in(app), logged_in(app)
    for current, new, confirm in (("Mauvais-mot-2026", "Nouveau-mot-2026", None),  # wrong current password
                                  (DEMO_PASSWORD, "court1!", None),  # the policy
                                  (DEMO_PASSWORD, "Nouveau-mot-2026", "Autre-mot-2026")):  # confirmation differs
        response = change_password(me, current, new, confirm)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and ('role="alert"' in page or 'class="error"' in page), (current, new)
    assert can_read(other_device, pole_id) and login(app.test_client(), MEMBER_EMAIL).status_code == 302
    assert change_password(me, DEMO_PASSWORD, "Nouveau-mot-2026").status_code == 302
    assert can_read(me, pole_id)  # the session that changed it goes on
    assert not can_read(other_device, pole_id)
    assert login(app.test_client(), MEMBER_EMAIL).status_code == 401
    assert login(app.test_client(), MEMBER_EMAIL, "Nouveau-mot-2026").status_code == 302


def test_an_incomplete_login_lists_its_errors_at_the_top_with_links_to_the_fields(client):
    """Issue 18: every form that fails shows, above it, each field's error linking to that field."""
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": "", "password": ""})
    page = response.get_data(as_text=True)
    summary = page.split('class="refusal error-summary"')[1].split("</div>")[0]
    assert 'href="#email"' in summary and 'href="#password"' in summary
    assert page.index("error-summary") < page.index('id="email"')
