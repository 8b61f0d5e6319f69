"""Accounts, roles and representation over the API (issue 26): what platform administrators do on the admin pages
(web/admin/pages.py) — create an account (its owner is mailed the invitation to choose a password), grant and revoke
roles in poles (`member`: the representation of an admitted member), disable or enable an account, send a new
invitation — with the same store (`web.accounts.store.Accounts`), the same checks (`_check_grant`) and the same mails
(`web.accounts.recovery.send_invitation`, the planner's welcome) as the pages; and who represents which member of a
pole, for its board secretaries. The caller's own account is `GET /me` (web/api/poles.py).

No answer carries a password, its hash or an account link: the invitation's link goes to the person's mailbox only.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from governance.errors import NotFound
from web.accounts.recovery import INVITATION_HOURS, send_invitation
from web.accounts.store import User
from web.admin.pages import grant_and_welcome
from web.api.auth import ADMINS, SECRETARIES, user as caller
from web.api.errors import ApiProblem
from web.api.routing import Created, operation
from web.api.schemas.accounts import (ActiveSchema, RepresentativeSchema, RevokeQuery, RoleGrantSchema,
                                      UserCreateSchema, UserSchema)
from web.edge import accounts, queries
from web.networks.store import networks

TAG = "Accounts"  # the OpenAPI document's tags are web/api/openapi.py's TAGS
USER = "/users/<int:user_id>"


# -- reading accounts ----------------------------------------------------------------------------------------------
def person_of(user_id: int) -> User:
    """The account, or 404 (an id beyond the column's range too)."""
    person = accounts().get(user_id)
    if person is None:
        raise ApiProblem(404, f"No account {user_id}.")
    return person


def account_view(person: User) -> dict[str, Any]:
    row = accounts().account(person.id) or {}
    return {"id": person.id, "email": person.email, "name": person.name, "is_admin": person.is_admin,
            "is_active": person.is_active, "password_chosen": accounts().has_password(person.id),
            "created_at": row.get("created_at"),
            "roles": [{"pole_id": r.pole_id, "role": r.role, "member_id": r.member_id} for r in person.roles],
            "coordinates": networks().coordinated_by(person.id)}


@operation("/users", summary="List the accounts", tag=TAG, access=ADMINS, response=UserSchema, many=True,
           description="Every account, by name, with its roles in poles and the networks it coordinates.")
def list_users() -> list[dict[str, Any]]:
    return [account_view(person) for person in (accounts().get(row["id"]) for row in accounts().list_users())
            if person is not None]


@operation(USER, summary="Read an account and its roles", tag=TAG, access=ADMINS, response=UserSchema)
def get_user(user_id: int) -> dict[str, Any]:
    return account_view(person_of(user_id))


# -- the page's commands -------------------------------------------------------------------------------------------
@operation("/users", "POST", summary="Create an account: its owner is mailed an invitation", tag=TAG, access=ADMINS,
           body=UserCreateSchema, response=UserSchema, status=201,
           description=f"The account has no password: the person receives by mail a link to choose one, valid "
                       f"{INVITATION_HOURS} hours (the admin page's invitation, queued in the outbox). The answer is "
                       "the account (`id`), never a password nor the link. Give it a role next (`POST "
                       "/users/{user_id}/roles`). 422 `invalid_input` for an address that already has an account, or "
                       "an invalid address or name.")
def create_user(body: dict[str, Any]) -> Created:
    user_id = accounts().create_invited_user(body["email"], body["name"], is_admin=body["is_admin"])
    send_invitation(user_id)
    return Created(account_view(person_of(user_id)), url_for("api.get_user", user_id=user_id))


@operation(f"{USER}/roles", "POST", summary="Grant a role in a pole (or the representation of a member)", tag=TAG,
           access=ADMINS, body=RoleGrantSchema, response=UserSchema, status=201,
           description="`secretary`: the pole's board secretary. `member`: the representative of `member_id`, an "
                       "admitted member of that pole (422 `invalid_input` otherwise, a member of another pole too, or "
                       "one the person already represents); the person is then welcomed by mail, as on the admin "
                       "page. 422 `invalid_input` for a role the person already has in that pole, `not_found` for an "
                       "unknown pole. Answers the account with its roles.")
def grant_role(user_id: int, body: dict[str, Any]) -> Created:
    person = person_of(user_id)
    pole_id, role, member_id = body["pole_id"], body["role"], body["member_id"]
    if queries().pole(pole_id) is None:
        raise NotFound("no {kind} {id}", kind="pole", id=pole_id)
    grant_and_welcome(person, pole_id, role, member_id)
    return Created(account_view(person_of(person.id)), url_for("api.get_user", user_id=person.id))


@operation(f"{USER}/roles/<pole_id>/<role>", "DELETE", summary="Revoke a role in a pole", tag=TAG, access=ADMINS,
           status=204, query=RevokeQuery,
           description="`member` ends the representation of `member_id`, or, without it, every representation the "
                       "person holds in that pole; `secretary` their secretary role. 404 when the person does not "
                       "hold that role there (nothing changes). The person's tokens stay valid, with the roles left.")
def revoke_role(user_id: int, pole_id: str, role: str, query: dict[str, Any]) -> Response:
    person = person_of(user_id)
    member_id = query.get("member_id")
    if not accounts().revoke(person.id, pole_id, role, None if member_id is None else str(member_id)):
        raise ApiProblem(404, f"{person.name} does not hold the role {role!r} in pole {pole_id}"
                              + (f" for member {member_id}" if member_id else "") + ": nothing to revoke.")
    return Response(status=204)


@operation(f"{USER}/active", "PUT", summary="Disable or enable an account", tag=TAG, access=ADMINS,
           body=ActiveSchema, response=UserSchema,
           description="Disabling ends the person's sessions and deletes their API tokens at once (a request with one "
                       "answers 401); they cannot log in, nor get a token with their password. Enabling again restores "
                       "the login, not the deleted tokens. Setting the state the account already has changes nothing. "
                       "422 `invalid_input` for disabling your own account.")
def set_active(user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    person = person_of(user_id)
    active = body["active"]
    accounts().set_active(person.id, active, by=caller().id)  # not your own account (the store's guard)
    return account_view(person_of(person.id))


@operation(f"{USER}/invitation", "POST", summary="Send a new invitation", tag=TAG, access=ADMINS,
           response=UserSchema, errors=(409,),
           description=f"While the person has not chosen a password: a new link, valid {INVITATION_HOURS} hours, "
                       "mailed to them; the links sent before stop working. 409 once they have a password (a lost one "
                       "is reset from the login page) or while the account is disabled.")
def resend_invitation(user_id: int) -> dict[str, Any]:
    person = person_of(user_id)
    if not accounts().renew_invitation(person.id):  # refused by the store: disabled, or a password chosen already
        raise ApiProblem(409, "The account is disabled: enable it first." if not person.is_active else
                         f"{person.name} has already chosen a password: if it is lost, they can get a new one from "
                         "“Forgot your password?” on the login page.", kind="conflict")
    send_invitation(person.id)
    return account_view(person)


# -- a pole's representatives --------------------------------------------------------------------------------------
@operation("/poles/<pole_id>/representatives", summary="Who represents which member", tag="Members", access=SECRETARIES,
           response=RepresentativeSchema, many=True,
           description="The accounts holding the role `member` in the pole, one entry per member represented, by "
                       "member name: they vote, give proxies, comment and answer campaigns for that member.")
def list_representatives(pole_id: str) -> list[dict[str, Any]]:
    names = {m["id"]: m["name"] for m in queries().members(pole_id)}
    rows = [{"member_id": u["member_id"], "member_name": names.get(u["member_id"]), "user_id": u["id"],
             "name": u["name"], "email": u["email"]}
            for u in accounts().pole_users(pole_id) if u["role"] == "member" and u["member_id"]]
    return sorted(rows, key=lambda r: ((r["member_name"] or "").casefold(), r["name"].casefold(), r["user_id"]))
