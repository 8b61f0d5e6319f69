"""Who is calling: a Bearer token only (never the session cookie), and the same role rules as the browser."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Callable

from flask import current_app, g, request

from web.accounts.store import User
from web.api.errors import ApiProblem
from web.api.tokens import SCOPES, ApiTokens
from web.edge import MEMBER, SECRETARY, accounts, pole_or_404, require_pole_role

CHALLENGE = 'Bearer realm="collegia"'
TOKENS_EXTENSION = "collegia.api_tokens"


def tokens() -> ApiTokens:
    """The token store of this app (created with its table on first use)."""
    store = current_app.extensions.get(TOKENS_EXTENSION)
    if store is None:
        store = current_app.extensions[TOKENS_EXTENSION] = ApiTokens(accounts().engine)
    return store


def authenticate(*, basic: bool = False) -> None:
    """Resolve `Authorization: Bearer <token>` to its user, or refuse with 401. `basic`: this operation (creating a
    token, issue 26) also takes `Authorization: Basic` with the account's e-mail and password, throttled as logins
    are, so that a first token is obtained without a browser."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if basic and scheme.lower() == "basic":
        g.api_user = _basic_user(secret.strip())
        g.api_scopes = frozenset(SCOPES)  # the password's holder may do all their roles allow
        return
    if not header:
        raise ApiProblem(401, "This API needs a token: send 'Authorization: Bearer <token>' "
                              "(create one on /account/tokens).", headers={"WWW-Authenticate": CHALLENGE})
    bearer = tokens().bearer(secret.strip()) if scheme.lower() == "bearer" else None
    user = accounts().get(bearer.user_id) if bearer is not None else None
    if user is None or not user.is_active:  # a disabled account's tokens (deleted when it was disabled) are refused
        raise ApiProblem(401, "The token is unknown, revoked or expired.",
                         headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'})
    g.api_user = user
    g.api_scopes = bearer.scopes  # type: ignore[union-attr]


def scopes() -> frozenset[str]:
    """What the calling token may do (issue 26): checked against each operation's scope in routing.py."""
    return g.get("api_scopes", frozenset())


def require_scope(scope: str | None) -> None:
    """403 `insufficient_scope` (RFC 6750 §3.1) when the token lacks the operation's scope."""
    if scope is not None and scope not in scopes():
        raise ApiProblem(403, f"This token lacks the scope '{scope}' this operation needs: create a token with it.",
                         kind="insufficient-scope",
                         headers={"WWW-Authenticate": f'{CHALLENGE}, error="insufficient_scope", scope="{scope}"'})


def _basic_user(credentials: str) -> User:
    """The account named by HTTP Basic credentials (RFC 7617: base64 of `email:password`), checked like a login on
    the page: the same throttling per account and per address, the same answer for an unknown address."""
    from web.accounts.login import client_address
    challenge = {"WWW-Authenticate": f'Basic realm="collegia", charset="UTF-8", {CHALLENGE}'}
    try:
        email, sep, password = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        sep = ""
    if not sep:
        raise ApiProblem(401, "Basic credentials are base64 of 'email:password'.", headers=challenge)
    login = accounts().authenticate(email, password, client_address())
    if login.locked_for is not None:
        seconds = max(1, int(login.locked_for.total_seconds()))
        raise ApiProblem(429, f"Too many failed logins: try again in {seconds} s.",
                         headers={"Retry-After": str(seconds)})
    if login.user is None:
        raise ApiProblem(401, "Wrong e-mail address or password.", headers=challenge)
    return login.user


def user() -> User:
    """The token's user (set by `authenticate`); the shared edge's `caller()` answers it on the API."""
    return g.api_user


def require_admin() -> None:
    if not user().is_admin:
        raise ApiProblem(403, "Only platform administrators may do this.")


def can_read(pole_id: str) -> dict[str, Any]:
    """Members and secretaries of the pole read; platform admins too (the browser's rule: web/edge.py)."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    return pole_or_404(pole_id)


def secretary_of(pole_id: str) -> dict[str, Any]:
    """Board secretaries act on proposals and members."""
    require_pole_role(pole_id, SECRETARY)
    return pole_or_404(pole_id)


@dataclass(frozen=True)
class Access:
    """Who may call an operation: checked before the request is parsed, and described in the reference."""

    description: str
    check: Callable[..., object]
    public: bool = False
    scope: str | None = None  # the token scope its commands need (None: "vote"; GETs need "read"; see Operation)
    unscoped: bool = False  # any token may call it, whatever its scopes (a person's own tokens and account)

    def __call__(self, **path: Any) -> None:
        self.check(**path)


PUBLIC = Access("anyone, without a token", lambda **_: None, public=True)
ANY_TOKEN = Access("any valid token", lambda **_: None, unscoped=True)
ADMINS = Access("platform administrators", lambda **_: require_admin(), scope="admin")
READERS = Access("members and secretaries of the pole, platform administrators",
                 lambda pole_id, **_: can_read(pole_id))
SECRETARIES = Access("board secretaries of the pole", lambda pole_id, **_: secretary_of(pole_id), scope="secretary")
VOTERS = Access("member representatives: for the members they represent, or whose proxy one of those holds",
                lambda pole_id, **_: can_read(pole_id))
PRINCIPALS = Access("representatives of the member giving (or having given) its proxy",
                    lambda pole_id, **_: can_read(pole_id))
LOG_READERS = Access("board secretaries (their pole's events), platform administrators (any pole, or the whole "
                     "log)", lambda **_: None)
