"""Accounts, their roles in poles and the members they represent (issue 26): what platform administrators send and
read, and a pole's representatives as its secretaries read them. No answer here ever carries a password, its hash or
an account link's secret."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from web.accounts.store import ROLES
from web.api.schemas.common import QuerySchema, UtcDateTime, free_text, one_of
from web.api.schemas.poles import RoleSchema

MAX_EMAIL = 200  # the accounts' column, and the page's field
MAX_PERSON_NAME = 200


# -- requests ------------------------------------------------------------------------------------------------------
class UserCreateSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(1, MAX_EMAIL), metadata={
        "description": "The person's e-mail address: the invitation goes there, and it is their login. Stored in "
                       "lower case; one account per address (422 `invalid_input` for an address already used).",
        "example": "lou.martin@ferme-trois-becs.example"})
    name = free_text("The person's full name, as events will name them.", MAX_PERSON_NAME)
    is_admin = fields.Boolean(load_default=False, metadata={
        "description": "Whether the person administers the platform. Default: false."})


class RoleGrantSchema(Schema):
    pole_id = fields.String(required=True, validate=validate.Length(1, 36), metadata={"description": "The pole."})
    role = one_of(ROLES, "`secretary` (the pole's board secretary) or `member` (the representative of the member "
                         "`member_id`).", required=True)
    member_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 36), metadata={
        "description": "Role `member` only, and required there: the admitted member of that pole the person "
                       "represents (they then vote, give proxies and comment for it). Default: null (role "
                       "`secretary`)."})

    @validates_schema
    def member_for_representatives_only(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("role") == "secretary" and data.get("member_id") is not None:
            raise ValidationError("A board secretary represents no member: leave member_id out, or grant the role "
                                  "`member`.", "member_id")


class ActiveSchema(Schema):
    active = fields.Boolean(required=True, metadata={
        "description": "false: disable the account (its API tokens are deleted at once, its sessions end, it cannot "
                       "log in); true: enable it again (its earlier tokens stay deleted)."})


# -- answers -------------------------------------------------------------------------------------------------------
class UserSchema(Schema):
    """An account as administrators read it."""

    id = fields.Integer(required=True, metadata={"description": "The account's id (`user_id` in the paths)."})
    email = fields.String(required=True)
    name = fields.String(required=True)
    is_admin = fields.Boolean(required=True, metadata={"description": "A platform administrator."})
    is_active = fields.Boolean(required=True, metadata={"description": "false: disabled (no login, no token)."})
    password_chosen = fields.Boolean(required=True, metadata={
        "description": "Whether the person chose their password; false: the invitation is still pending (a new one "
                       "may be sent)."})
    created_at = UtcDateTime(required=True)
    roles = fields.List(fields.Nested(RoleSchema), required=True, metadata={
        "description": "Their roles per pole: one entry per member represented (`member`), one for `secretary`."})
    coordinates = fields.List(fields.String(), required=True, metadata={
        "description": "The ids of the regional networks they coordinate."})


class RepresentativeSchema(Schema):
    """Who represents which member of the pole (the accounts holding the role `member`)."""

    member_id = fields.String(required=True)
    member_name = fields.String(required=True, allow_none=True, metadata={
        "description": "The member's name (null if the member is no longer on the pole's roster)."})
    user_id = fields.Integer(required=True, metadata={"description": "The representative's account."})
    name = fields.String(required=True, metadata={"description": "The representative's name."})
    email = fields.String(required=True, metadata={"description": "The representative's e-mail address."})


class RevokeQuery(QuerySchema):
    member_id = fields.UUID(metadata={"description": "With `member`: only the representation of this member. "
                                                     "Default: every representation the person holds in the pole."})
