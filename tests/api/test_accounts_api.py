"""Issue 26: accounts, roles, representation and regional networks administered over the API, as on the admin pages
(web/admin/pages.py): the same store, checks and mails; a non-administrator is refused everywhere."""

from __future__ import annotations

import base64
import re
from typing import Any

from sqlalchemy import select

from infrastructure.accounts_tables import mail_messages
from notifications.kinds import ACCOUNT_INVITATION, WELCOME
from tests.api.conftest import EMAILS, Api, assert_problem
from web.accounts.store import password_fingerprint
from web.api.routing import OPERATIONS

REPRESENTED = "Régie de quartier Fontbarlettes"  # has not voted on the demo's open proposal
EMAIL = "lou.martin@ferme-trois-becs.example"
PASSWORD = "Trois-becs-2026!"
ADMIN_OPERATIONS = ("list_users", "get_user", "create_user", "grant_role", "revoke_role", "set_active",
                    "resend_invitation", "declare_network", "list_coordinators", "appoint_coordinator",
                    "dismiss_coordinator")


def outbox(app: Any, email: str) -> list[dict[str, Any]]:
    """The messages queued for `email`, oldest first."""
    with app.extensions["collegia"].engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(mail_messages.c.kind, mail_messages.c.body_text, mail_messages.c.user_id, mail_messages.c.pole_id)
            .where(mail_messages.c.recipient == email).order_by(mail_messages.c.id))]


def basic(client: Any, email: str, password: str) -> Any:
    credentials = base64.b64encode(f"{email}:{password}".encode()).decode()
    return client.post("/api/v1/tokens", json={"name": "outil"}, headers={"Authorization": f"Basic {credentials}"})


def test_an_admin_invites_a_representative_who_votes_until_the_role_is_revoked_and_the_account_disabled(
        app, api_as, accounts, pole_id, demo, head):
    admin = api_as("admin")
    created = admin.post("/users", json={"email": "  Lou.Martin@ferme-trois-becs.example", "name": "Lou Martin"})
    assert created.status_code == 201, created.get_json()
    account = created.get_json()
    user_id = account["id"]
    assert created.headers["Location"].endswith(f"/api/v1/users/{user_id}")
    assert account | {"created_at": None} == {
        "id": user_id, "email": EMAIL, "name": "Lou Martin", "is_admin": False, "is_active": True,
        "password_chosen": False, "created_at": None, "roles": [], "coordinates": []}
    # The invitation is in the outbox, with its link; the answer carries no link nor password.
    [invitation] = outbox(app, EMAIL)
    assert invitation["kind"] == ACCOUNT_INVITATION and invitation["user_id"] == user_id
    link = re.search(r"/account/invitation/(\S+)", invitation["body_text"]).group(1)
    answer = created.get_data(as_text=True)
    assert link not in answer and accounts.account(user_id)["password_hash"] not in answer and "hash" not in answer
    # A new invitation while no password is chosen: a second message, with another link.
    again = admin.post(f"/users/{user_id}/invitation")
    assert again.status_code == 200 and again.get_json()["password_chosen"] is False
    assert [m["kind"] for m in outbox(app, EMAIL)] == [ACCOUNT_INVITATION] * 2
    assert link not in outbox(app, EMAIL)[1]["body_text"]

    # The role: representing a member of the demo pole (the person is welcomed by mail, as from the page).
    member_id = demo["members"][REPRESENTED]
    granted = admin.post(f"/users/{user_id}/roles", json={"pole_id": pole_id, "role": "member", "member_id": member_id})
    assert granted.status_code == 201, granted.get_json()
    assert granted.get_json()["roles"] == [{"pole_id": pole_id, "role": "member", "member_id": member_id}]
    assert [m["kind"] for m in outbox(app, EMAIL)][-1] == WELCOME
    assert admin.get(f"/users/{user_id}").get_json()["roles"] == granted.get_json()["roles"]
    assert user_id in [u["id"] for u in admin.get("/users").get_json()]
    representatives = api_as("secretary").get(f"/poles/{pole_id}/representatives")
    assert representatives.status_code == 200
    assert {"member_id": member_id, "member_name": REPRESENTED, "user_id": user_id, "name": "Lou Martin",
            "email": EMAIL} in representatives.get_json()
    assert_problem(api_as("member").get(f"/poles/{pole_id}/representatives"), 403)

    # The person chooses a password (the invitation link's browser step, done through the store), then takes a
    # token with it over HTTP Basic and votes for the member they represent.
    row = accounts.account(user_id)
    assert accounts.set_password_from_link(user_id, password_fingerprint(row["password_hash"], row["email"]),
                                           PASSWORD) is not None
    assert_problem(admin.post(f"/users/{user_id}/invitation"), 409)  # a password is chosen: no more invitations
    issued = basic(app.test_client(), EMAIL, PASSWORD)
    assert issued.status_code == 201, issued.get_json()
    lou = Api(app.test_client(), issued.get_json()["token"])
    assert lou.get("/me").get_json()["roles"] == [{"pole_id": pole_id, "role": "member", "member_id": member_id}]
    ballot = lou.post(f"/poles/{pole_id}/proposals/{demo['open']}/ballots", json={"member_id": member_id,
                                                                                  "choice": "against"})
    assert ballot.status_code == 201, ballot.get_json()

    # Revoked: the token stays valid, but no longer votes (nor reads the pole).
    assert admin.delete(f"/users/{user_id}/roles/{pole_id}/member").status_code == 204
    assert_problem(admin.delete(f"/users/{user_id}/roles/{pole_id}/member"), 404)  # nothing left to revoke
    before = head()
    assert_problem(lou.post(f"/poles/{pole_id}/proposals/{demo['open']}/ballots",
                            json={"member_id": member_id, "choice": "for"}), 403)
    assert head() == before and lou.get("/me").status_code == 200

    # Disabled: the token is refused; enabled again: the password gives a new token, the old one stays deleted.
    disabled = admin.put(f"/users/{user_id}/active", json={"active": False})
    assert disabled.status_code == 200 and disabled.get_json()["is_active"] is False
    assert_problem(lou.get("/me"), 401)
    assert_problem(basic(app.test_client(), EMAIL, PASSWORD), 401)
    assert "disabled" in assert_problem(admin.post(f"/users/{user_id}/invitation"), 409)["detail"]
    enabled = admin.put(f"/users/{user_id}/active", json={"active": True})
    assert enabled.status_code == 200 and enabled.get_json()["is_active"] is True
    assert_problem(lou.get("/me"), 401)
    assert basic(app.test_client(), EMAIL, PASSWORD).status_code == 201


def test_an_admin_declares_a_network_and_appoints_then_dismisses_its_coordinator(api_as):
    admin = api_as("admin")
    declared = admin.post("/networks", json={"name": "Réseau des pôles du Diois"})
    assert declared.status_code == 201, declared.get_json()
    network = declared.get_json()
    assert network | {"created_at": None} == {"id": network["id"], "name": "Réseau des pôles du Diois",
                                              "description": "", "created_at": None, "poles": 0}
    assert declared.headers["Location"].endswith(f"/api/v1/networks/{network['id']}")
    assert_problem(admin.post("/networks", json={"name": "RÉSEAU des pôles du Diois"}), 422, rule="invalid_input")
    coordinators = f"/networks/{network['id']}/coordinators"
    assert_problem(admin.post(coordinators, json={"email": "personne@nulle-part.example"}), 422, rule="not_found")

    appointed = admin.post(coordinators, json={"email": EMAILS["member"].upper()})
    assert appointed.status_code == 201, appointed.get_json()
    person = appointed.get_json()
    assert person["email"] == EMAILS["member"] and person["is_active"] is True
    assert_problem(admin.post(coordinators, json={"email": EMAILS["member"]}), 422, rule="invalid_input")
    assert admin.get(coordinators).get_json() == [person]
    assert admin.get(f"/users/{person['id']}").get_json()["coordinates"] == [network["id"]]
    # The coordinator now reads the network (and only as a coordinator: no admin operation).
    assert api_as("member").get(f"/networks/{network['id']}").status_code == 200

    assert admin.delete(f"{coordinators}/{person['id']}").status_code == 204
    assert_problem(admin.delete(f"{coordinators}/{person['id']}"), 404)
    assert admin.get(coordinators).get_json() == []
    assert_problem(api_as("member").get(f"/networks/{network['id']}"), 403, rule="not_permitted")
    assert_problem(admin.get("/networks/00000000-0000-4000-8000-000000000000/coordinators"), 404)


def test_refusals_store_nothing(app, api_as, accounts, pole_id, demo, head):
    admin = api_as("admin")
    me = admin.get("/me").get_json()
    member = accounts.find_by_email(EMAILS["member"])
    network = admin.post("/networks", json={"name": "Réseau d'essai"}).get_json()["id"]
    paths = {"user_id": str(member["id"]), "pole_id": pole_id, "role": "member", "network_id": network}
    bodies = {"create_user": {"email": "x@y.example", "name": "X"},
              "grant_role": {"pole_id": pole_id, "role": "secretary"}, "set_active": {"active": False},
              "declare_network": {"name": "Autre"}, "appoint_coordinator": {"email": EMAILS["member"]}}
    users, roles = len(accounts.list_users()), accounts.get(member["id"]).roles
    for who in ("secretary", "member", "outsider"):
        caller = api_as(who)
        for name in ADMIN_OPERATIONS:
            op = OPERATIONS[name]
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: paths[m.group(1)], op.rule)
            assert_problem(caller.call(op.method, path, bodies.get(name)), 403)
    assert len(accounts.list_users()) == users and accounts.get(member["id"]).roles == roles
    assert accounts.get(member["id"]).is_active and len(admin.get("/networks").get_json()) == 2

    before = head()
    # Unknown fields, a missing member, a member for a secretary: the body is refused by field.
    assert_problem(admin.post("/users", json={"email": "x@y.example", "name": "X", "password": "secret-2026!"}), 422,
                   fields=("password",))
    assert_problem(admin.post(f"/users/{member['id']}/roles", json={"pole_id": pole_id, "role": "secretary",
                                                                     "member_id": demo["members"][REPRESENTED]}),
                   422, fields=("member_id",))
    assert_problem(admin.put(f"/users/{member['id']}/active", json={"active": False, "why": "x"}), 422,
                   fields=("why",))
    assert_problem(admin.post("/networks", json={"name": "N", "coordinators": []}), 422, fields=("coordinators",))
    # A duplicate address, whatever its case, says so.
    duplicate = assert_problem(admin.post("/users", json={"email": EMAILS["secretary"].upper(), "name": "Autre"}),
                               422, rule="invalid_input")
    assert "already exists" in duplicate["detail"] and EMAILS["secretary"] in duplicate["detail"]
    # Roles: a member of another pole, a member not admitted, one already represented, an unknown pole.
    other_pole = next(p["id"] for p in app.extensions["collegia.queries"].poles() if p["id"] != pole_id)
    stranger = app.extensions["collegia.queries"].members(other_pole)[0]["id"]
    grant = f"/users/{member['id']}/roles"
    for body, rule in (({"pole_id": pole_id, "role": "member", "member_id": stranger}, "invalid_input"),
                       ({"pole_id": pole_id, "role": "member"}, "invalid_input"),
                       ({"pole_id": pole_id, "role": "member", "member_id": demo["members"][REPRESENTED]},
                        "invalid_input"),
                       ({"pole_id": pole_id, "role": "chair"}, None),
                       ({"pole_id": "00000000-0000-4000-8000-000000000000", "role": "secretary"}, "not_found")):
        assert_problem(admin.post(grant, json=body), 422, rule=rule)
    # Yourself: not disabled; unknown accounts: 404.
    assert_problem(admin.put(f"/users/{me['id']}/active", json={"active": False}), 422, rule="invalid_input")
    assert_problem(admin.get("/users/2147483648"), 404)
    assert_problem(admin.post("/users/999999/invitation"), 404)
    assert len(accounts.list_users()) == users and accounts.get(member["id"]).roles == roles
    assert accounts.get(me["id"]).is_active and head() == before
