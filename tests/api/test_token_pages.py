"""The browser pages where a user creates (seeing it once), lists and revokes their own API tokens."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from tests.api.conftest import Api, assert_problem
from tests.web.conftest import csrf_token
from web.api.tokens import api_tokens

PAGE = "/account/tokens"


def create(client, name: str = "Tableau de bord du réseau"):
    return client.post(PAGE, data={"name": name, "csrf_token": csrf_token(client, PAGE)})


def shown_token(page: str) -> str:
    match = re.search(r'id="new-token-value" readonly value="(clg_[^"]+)"', page)
    assert match, "no token on the page"
    return match.group(1)


def test_anonymous_users_are_sent_to_the_login_page(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(PAGE, data={"name": "x"}).status_code in (302, 400)


def test_create_a_token_shown_once_and_stored_hashed(as_role, app, pole_id):
    client = as_role("secretary")
    response = create(client)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    secret = shown_token(response.get_data(as_text=True))
    again = client.get(PAGE).get_data(as_text=True)
    assert secret not in again and "Tableau de bord du réseau" in again and secret[:12] in again
    # Its scopes and expiry in French words (issue 26), never the API's codes.
    assert "voter pour les membres représentés, agir comme secrétaire du conseil, administrer la plateforme" in again
    assert "vote, secretary" not in again and "pendant 90 jours" in again
    with app.extensions["collegia.accounts"].engine.connect() as conn:
        row = conn.execute(select(api_tokens)).one()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest() and row.prefix == secret[:12]
    assert secret not in str(tuple(row))
    assert Api(app.test_client(), secret).get(f"/poles/{pole_id}").status_code == 200


def test_the_list_shows_when_a_token_was_last_used(as_role, english, app, pole_id):
    client = as_role("member")
    secret = shown_token(create(client).get_data(as_text=True))
    assert ">never<" in client.get(PAGE).get_data(as_text=True)
    Api(app.test_client(), secret).get(f"/poles/{pole_id}")
    assert ">never<" not in client.get(PAGE).get_data(as_text=True)


def test_revoke_a_token(as_role, app, pole_id):
    client = as_role("secretary")
    secret = shown_token(create(client).get_data(as_text=True))
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', client.get(PAGE).get_data(as_text=True)).group(1)
    response = client.post(f"{PAGE}/{token_id}/revoke", data={"csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 302
    assert_problem(Api(app.test_client(), secret).get(f"/poles/{pole_id}"), 401)
    assert "clg_" not in client.get(PAGE).get_data(as_text=True)


def test_forms_need_their_csrf_token(as_role):
    client = as_role("secretary")
    assert client.post(PAGE, data={"name": "sans jeton"}).status_code == 400
    create(client)
    token_id = re.search(r'/account/tokens/(\d+)/revoke', client.get(PAGE).get_data(as_text=True)).group(1)
    assert client.post(f"{PAGE}/{token_id}/revoke").status_code == 400


def test_nobody_revokes_someone_elses_token(as_role, app, token_for, accounts):
    token_for("member")
    nadia = accounts.find_by_email("nadia.benali@regie-fontbarlettes.example")["id"]
    token_id = app.extensions["collegia.accounts"].engine.connect().execute(
        select(api_tokens.c.id).where(api_tokens.c.user_id == nadia)).scalar_one()
    client = as_role("secretary")
    assert client.post(f"{PAGE}/{token_id}/revoke", data={"csrf_token": csrf_token(client, PAGE)}).status_code == 404


def test_a_token_needs_a_name(as_role):
    client = as_role("secretary")
    response = create(client, name="")
    assert response.status_code == 422 and "clg_" not in response.get_data(as_text=True)


def test_the_token_and_reference_pages_are_sound_and_accessible(as_role):
    from tests.web.test_crawl import crawl
    pages = crawl(as_role("secretary"), PAGE)
    assert {PAGE, "/api/v1/docs"} <= set(pages)
    for path in (PAGE, "/api/v1/docs"):
        audit = pages[path]
        assert audit.html_lang in ("fr", "en")
        for field in audit.fields:
            assert field.get("id") in audit.label_targets or field.get("wrapped"), (path, field)


def test_every_scope_has_its_words_on_the_page() -> None:
    """The token page names scopes in words (web/labels.py); a scope without them would show its code."""
    from web.api.tokens import SCOPES
    from web.labels import SCOPE_LABELS
    assert set(SCOPE_LABELS) == set(SCOPES)
