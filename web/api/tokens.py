"""Personal API tokens: random, shown once, stored only as a SHA-256 hash with a short display prefix.

The table lives on the accounts' metadata (accounts are not governance facts, and a
read-model rebuild never drops them).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from governance.base import clean_name
from governance.errors import InvalidInput
from infrastructure.accounts_tables import ALL_SCOPES_TEXT, DISPLAY_PREFIX, MAX_TOKEN_NAME, api_tokens

TOKEN_PREFIX = "clg_"
MAX_TOKENS_PER_USER = 20
MAX_NAME = MAX_TOKEN_NAME
LAST_USED_PRECISION = timedelta(minutes=1)  # at most one write per token and minute
MAX_TOKEN_ID = 2**31 - 1  # the id column's range (PostgreSQL `integer`): a larger id names no token
# What a token may do (issue 26), always within its user's roles: "read" every GET; "vote" a member
# representative's commands (ballots, proxies, comments, candidacies, answers); "secretary" a board secretary's
# commands; "admin" a platform administrator's operations (reads included).
SCOPES = tuple(ALL_SCOPES_TEXT.split())
DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 366

@dataclass(frozen=True)
class NewToken:
    """A token just created: `secret` is shown to its owner once and never stored."""

    id: int
    name: str
    secret: str


@dataclass(frozen=True)
class Bearer:
    """Who a presented token acts for, and what it may do."""

    user_id: int
    scopes: frozenset[str]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokens:
    """Token storage and checks, bound to the accounts' engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        api_tokens.create(engine, checkfirst=True)

    def create(self, user_id: int, name: str, *, scopes: Any = SCOPES,
               lifetime_days: int | None = DEFAULT_LIFETIME_DAYS) -> NewToken:
        """A new token for this user, with these scopes, expiring after `lifetime_days` (None: never, for tokens
        made by the tests and the command line only); its secret is returned here and nowhere else."""
        chosen = [scope for scope in SCOPES if scope in set(scopes)]
        if not chosen or set(scopes) - set(SCOPES):
            raise InvalidInput("a token needs one or more scopes among {scopes}", scopes=", ".join(SCOPES))
        if lifetime_days is not None and not 1 <= lifetime_days <= MAX_LIFETIME_DAYS:
            raise InvalidInput("a token lives 1 to {maximum} days", maximum=MAX_LIFETIME_DAYS)
        name = (name or "").strip()
        if not name or len(name) > MAX_NAME:
            raise InvalidInput("a token name of 1–{maximum} characters is required", maximum=MAX_NAME)
        name = clean_name(name, "token name", max_length=MAX_NAME)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as conn:
            held = conn.execute(select(func.count()).where(api_tokens.c.user_id == user_id)).scalar_one()
            if held >= MAX_TOKENS_PER_USER:
                raise InvalidInput("you already have {maximum} tokens: revoke one first", maximum=MAX_TOKENS_PER_USER)
            token_id = conn.execute(insert(api_tokens).values(
                user_id=user_id, name=name, token_hash=token_hash(secret), prefix=secret[:DISPLAY_PREFIX],
                created_at=now, scopes=" ".join(chosen),
                expires_at=now + timedelta(days=lifetime_days) if lifetime_days is not None else None,
            )).inserted_primary_key[0]
        return NewToken(int(token_id), name, secret)

    def list(self, user_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.prefix, api_tokens.c.created_at,
                       api_tokens.c.last_used_at, api_tokens.c.scopes, api_tokens.c.expires_at)
                .where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.created_at, api_tokens.c.id))]
        now = _now()
        for row in rows:
            row["scopes"] = row["scopes"].split()
            row["expired"] = row["expires_at"] is not None and row["expires_at"] <= now
        return rows

    def revoke(self, user_id: int, token_id: int) -> bool:
        """Delete one of the user's tokens; False when it is not theirs (or already gone, or no id at all)."""
        if not 0 < token_id <= MAX_TOKEN_ID:
            return False
        with self.engine.begin() as conn:
            return conn.execute(delete(api_tokens).where(
                api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)).rowcount == 1

    def bearer(self, secret: str) -> Bearer | None:
        """Who a presented token acts for and its scopes (and note its use), or None when it is unknown, revoked or
        expired."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        digest = token_hash(secret)
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens.c.id, api_tokens.c.user_id, api_tokens.c.last_used_at,
                                      api_tokens.c.scopes, api_tokens.c.expires_at)
                               .where(api_tokens.c.token_hash == digest)).first()
        now = _now()
        if row is None or (row.expires_at is not None and row.expires_at <= now):
            return None
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
            with self.engine.begin() as conn:
                conn.execute(update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=now))
        return Bearer(int(row.user_id), frozenset(row.scopes.split()))
