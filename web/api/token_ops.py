"""Personal API tokens over the API (issue 26): an integrator obtains a first token without a browser, from the
account's e-mail and password (HTTP Basic, throttled as logins are), and lists and revokes their tokens. The same
store as the browser page `/account/tokens` (web/api/tokens.py): a token's secret is shown once, kept as a hash."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from marshmallow import Schema, fields, validate

from web.api.auth import ANY_TOKEN, scopes, tokens, user
from web.api.errors import ApiProblem
from web.api.routing import Created, operation
from web.api.schemas.common import UtcDateTime
from web.api.tokens import (DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS, MAX_NAME, MAX_TOKEN_ID, MAX_TOKENS_PER_USER,
                            SCOPES)


class TokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, MAX_NAME),
                         metadata={"description": "What the token is for (your tool's name)."})
    scopes = fields.List(fields.String(validate=validate.OneOf(SCOPES)), validate=validate.Length(1, len(SCOPES)),
                         load_default=list(SCOPES),
                         metadata={"description": "What the token may do, within your roles: `read` (every GET), "
                                                  "`vote` (ballots, proxies, comments, candidacies, answers), "
                                                  "`secretary` (a secretary's commands), `admin` (a platform "
                                                  "administrator's operations). Default: all four. A token can only "
                                                  "create tokens with scopes it has itself (403 otherwise).",
                                   "default": list(SCOPES)})
    expires_in_days = fields.Integer(validate=validate.Range(1, MAX_LIFETIME_DAYS), load_default=DEFAULT_LIFETIME_DAYS,
                                     metadata={"description": f"Days until the token stops working (1–"
                                                              f"{MAX_LIFETIME_DAYS}). Default: "
                                                              f"{DEFAULT_LIFETIME_DAYS}.",
                                               "default": DEFAULT_LIFETIME_DAYS})


class TokenSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True, metadata={"description": "The token's first characters, to recognise it."})
    created_at = UtcDateTime(required=True)
    last_used_at = UtcDateTime(required=True, allow_none=True)
    scopes = fields.List(fields.String(), required=True, metadata={"description": "What the token may do."})
    expires_at = UtcDateTime(required=True, allow_none=True,
                             metadata={"description": "When it stops working (null: never, for a token made before "
                                                      "expiry existed)."})
    expired = fields.Boolean(required=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(required=True, metadata={"description": "The secret: shown this once, never again. Send "
                                                                   "it as `Authorization: Bearer <token>`."})


@operation("/tokens", "POST", summary="Create a personal token", tag="Account", access=ANY_TOKEN, basic=True,
           body=TokenCreateSchema, response=NewTokenSchema, status=201, errors=(429,),
           description="Authenticated by a token, or by your e-mail and password (HTTP Basic) to get a first token "
                       f"without a browser. At most {MAX_TOKENS_PER_USER} tokens per person (422 beyond). The token "
                       "acts with your roles, narrowed by its scopes, until it expires.")
def create_token(body: dict[str, Any]) -> Created:
    beyond = set(body["scopes"]) - scopes()
    if beyond:
        raise ApiProblem(403, f"This token cannot create a token with scopes it lacks: {', '.join(sorted(beyond))}.",
                         kind="insufficient-scope")
    made = tokens().create(user().id, body["name"], scopes=body["scopes"], lifetime_days=body["expires_in_days"])
    row = next(t for t in tokens().list(user().id) if t["id"] == made.id)
    return Created({**row, "token": made.secret}, url_for("api.list_tokens"))


@operation("/tokens", summary="List your personal tokens (never their secrets)", tag="Account", access=ANY_TOKEN,
           response=TokenSchema, many=True)
def list_tokens() -> list[dict[str, Any]]:
    return tokens().list(user().id)


@operation("/tokens/<int:token_id>", "DELETE", summary="Revoke one of your tokens", tag="Account",
           access=ANY_TOKEN, status=204,
           description="The token stops working at once; revoking the one you call with is allowed.")
def revoke_token(token_id: int) -> Response:
    if not 0 < token_id <= MAX_TOKEN_ID or not tokens().revoke(user().id, token_id):
        raise ApiProblem(404, f"You have no token {token_id}.")
    return Response(status=204)
