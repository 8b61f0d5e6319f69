"""Authentication by Bearer token only, the browser's role rules, and problem details for every refusal."""

from __future__ import annotations

from tests.api.conftest import Api, assert_problem
from tests.web.conftest import login


def test_no_token_is_401_with_a_bearer_challenge(api_as, pole_id):
    response = api_as(None).get(f"/poles/{pole_id}")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_or_another_scheme_is_401(app, pole_id, token_for):
    client = app.test_client()
    for header in ("Bearer clg_not-a-real-token", "Bearer ", "Basic YWRtaW46YWRtaW4=", f"Token {token_for('member')}"):
        response = client.get(f"/api/v1/poles/{pole_id}", headers={"Authorization": header})
        body = assert_problem(response, 401)
        assert "invalid_token" in response.headers["WWW-Authenticate"], (header, body)


def test_the_session_cookie_is_not_accepted_by_the_api(client, pole_id):
    assert login(client, "claire.martin@terres-de-liens-coop.example").status_code == 302
    assert client.get(f"/poles/{pole_id}/manage/members").status_code == 200  # logged in, in the browser
    assert_problem(client.get(f"/api/v1/poles/{pole_id}"), 401)
    assert_problem(client.post(f"/api/v1/poles/{pole_id}/members", json={}), 401)


def test_api_posts_need_no_csrf_token_but_a_bearer_token(api_as, pole_id, head):
    before = head()
    response = api_as("secretary").post(f"/poles/{pole_id}/members", json={
        "name": "Atelier vélo solidaire", "kind": "ess_enterprise", "category": "beneficiary",
        "representative": "Inès Martin"})
    assert response.status_code == 201, response.get_json()
    assert head() == before + 1


def test_a_token_acts_with_its_users_roles(api_as, pole_id):
    me = api_as("member").get("/me").get_json()
    assert me["email"] == "nadia.benali@regie-fontbarlettes.example" and not me["is_admin"]
    assert [(r["pole_id"], r["role"]) for r in me["roles"]] == [(pole_id, "member")]
    assert me["roles"][0]["member_id"]


def test_wrong_roles_are_403(api_as, pole_id, demo, head):
    before = head()
    assert_problem(api_as("outsider").get(f"/poles/{pole_id}"), 403)
    assert_problem(api_as("member").post(f"/poles/{pole_id}/proposals", json={"title": "T", "text": "x"}), 403)
    assert_problem(api_as("admin").post(f"/poles/{pole_id}/proposals/{demo['draft']}/open",
                                        json={"closes_at": "2100-01-01T12:00:00+00:00"}), 403)
    assert_problem(api_as("secretary").post("/poles", json={}), 403)
    assert head() == before


def test_admins_read_any_pole_but_do_not_act_in_it(api_as, pole_id):
    admin = api_as("admin")
    assert admin.get(f"/poles/{pole_id}").status_code == 200
    assert admin.get(f"/poles/{pole_id}/proposals").status_code == 200
    assert_problem(admin.post(f"/poles/{pole_id}/members", json={"name": "X", "kind": "person", "category": "c"}), 403)


def test_unknown_resources_and_paths_are_404_problems(api_as, pole_id):
    secretary = api_as("secretary")
    assert_problem(secretary.get("/poles/00000000-0000-4000-8000-000000000000"), 404)
    assert_problem(secretary.get(f"/poles/{pole_id}/proposals/00000000-0000-4000-8000-000000000000"), 404)
    assert_problem(secretary.get("/no/such/thing"), 404)


def test_a_known_path_with_another_method_is_405(api_as, pole_id):
    response = api_as("secretary").call("PATCH", f"/poles/{pole_id}")
    assert_problem(response, 405)
    assert response.headers["Allow"] == "GET"


def test_a_revoked_token_no_longer_works(app, accounts, api_as, pole_id):
    from web.api.tokens import ApiTokens
    store = ApiTokens(accounts.engine)
    user = accounts.find_by_email("claire.martin@terres-de-liens-coop.example")
    new = store.create(user["id"], "script")
    api = Api(app.test_client(), new.secret)
    assert api.get(f"/poles/{pole_id}").status_code == 200
    assert store.list(user["id"])[-1]["last_used_at"] is not None
    assert store.revoke(user["id"], new.id)
    assert_problem(api.get(f"/poles/{pole_id}"), 401)


def test_a_revoked_role_takes_effect_at_once(accounts, api_as, pole_id):
    secretary = api_as("secretary")
    assert secretary.get(f"/poles/{pole_id}").status_code == 200
    accounts.revoke(accounts.find_by_email("claire.martin@terres-de-liens-coop.example")["id"], pole_id, "secretary")
    assert_problem(secretary.get(f"/poles/{pole_id}"), 403)


def test_malformed_bodies_are_400_and_store_nothing(api_as, pole_id, head):
    secretary, before = api_as("secretary"), head()
    url = f"/api/v1/poles/{pole_id}/members"
    for data, content_type in (("{not json", "application/json"), ('{"name": NaN}', "application/json"),
                               ("name=x", "application/x-www-form-urlencoded")):
        response = secretary.client.post(url, data=data, content_type=content_type, headers=secretary.headers())
        assert_problem(response, 400)
    assert_problem(secretary.post(f"/poles/{pole_id}/members", json=["a", "list"]), 422, fields=("_body",))
    assert head() == before


def test_responses_are_not_cached(api_as, pole_id):
    assert api_as("member").get(f"/poles/{pole_id}").headers["Cache-Control"] == "no-store"


def test_a_disabled_users_tokens_are_refused_and_deleted(accounts, api_as, pole_id):
    from sqlalchemy import update
    from web.accounts.store import users
    from web.api.tokens import ApiTokens
    secretary = api_as("secretary")
    user_id = accounts.find_by_email("claire.martin@terres-de-liens-coop.example")["id"]
    assert secretary.get(f"/poles/{pole_id}").status_code == 200
    with accounts.engine.begin() as conn:  # disabled, its tokens still there: the token check refuses it
        conn.execute(update(users).where(users.c.id == user_id).values(is_active=False))
    assert_problem(secretary.get(f"/poles/{pole_id}"), 401)
    with accounts.engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(is_active=True))
    assert secretary.get(f"/poles/{pole_id}").status_code == 200
    assert accounts.set_active(user_id, False)  # what the admin page does: its tokens are deleted
    assert ApiTokens(accounts.engine).list(user_id) == []
    assert accounts.set_active(user_id, True)
    assert_problem(secretary.get(f"/poles/{pole_id}"), 401)  # enabling again does not bring them back


def test_a_token_id_beyond_the_ids_range_is_404(as_role, app):
    from tests.web.conftest import csrf_token
    client = as_role("member")
    token = csrf_token(client, "/account/tokens")
    assert client.post(f"/account/tokens/{'9' * 30}/revoke", data={"csrf_token": token}).status_code == 404
