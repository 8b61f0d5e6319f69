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
from infrastructure.accounts_tables import DISPLAY_PREFIX, MAX_TOKEN_NAME, api_tokens

TOKEN_PREFIX = "clg_"
MAX_TOKENS_PER_USER = 20
MAX_NAME = MAX_TOKEN_NAME
LAST_USED_PRECISION = timedelta(minutes=1)  # at most one write per token and minute
MAX_TOKEN_ID = 2**31 - 1  # the id column's range (PostgreSQL `integer`): a larger id names no token

@dataclass(frozen=True)
class NewToken:
    """A token just created: `secret` is shown to its owner once and never stored."""

    id: int
    name: str
    secret: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokens:
    """Token storage and checks, bound to the accounts' engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        api_tokens.create(engine, checkfirst=True)

    def create(self, user_id: int, name: str) -> NewToken:
        """A new token for this user; its secret is returned here and nowhere else."""
        name = (name or "").strip()
        if not name or len(name) > MAX_NAME:
            raise InvalidInput("a token name of 1–{maximum} characters is required", maximum=MAX_NAME)
        name = clean_name(name, "token name", max_length=MAX_NAME)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            held = conn.execute(select(func.count()).where(api_tokens.c.user_id == user_id)).scalar_one()
            if held >= MAX_TOKENS_PER_USER:
                raise InvalidInput("you already have {maximum} tokens: revoke one first", maximum=MAX_TOKENS_PER_USER)
            token_id = conn.execute(insert(api_tokens).values(
                user_id=user_id, name=name, token_hash=token_hash(secret), prefix=secret[:DISPLAY_PREFIX],
                created_at=_now())).inserted_primary_key[0]
        return NewToken(int(token_id), name, secret)

    def list(self, user_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.prefix, api_tokens.c.created_at,
                       api_tokens.c.last_used_at)
                .where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.created_at, api_tokens.c.id))]

    def revoke(self, user_id: int, token_id: int) -> bool:
        """Delete one of the user's tokens; False when it is not theirs (or already gone, or no id at all)."""
        if not 0 < token_id <= MAX_TOKEN_ID:
            return False
        with self.engine.begin() as conn:
            return conn.execute(delete(api_tokens).where(
                api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)).rowcount == 1

    def user_id_for(self, secret: str) -> int | None:
        """The owner of a presented token (and note its use), or None."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        digest = token_hash(secret)
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens.c.id, api_tokens.c.user_id, api_tokens.c.last_used_at)
                               .where(api_tokens.c.token_hash == digest)).first()
        if row is None:
            return None
        now = _now()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
            with self.engine.begin() as conn:
                conn.execute(update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=now))
        return int(row.user_id)
