"""The accounts' tables (users, roles per pole, login-attempt counters, API tokens): not governance
facts, so not events; in the read models' database, with their own metadata (a read-model rebuild never
drops them), versioned by the Alembic revisions of migrations/. `web.accounts.store` and `web.api.tokens`
work on them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, true

DISPLAY_PREFIX = 12  # an API token's shown prefix: "clg_" and the first 8 random characters
MAX_TOKEN_NAME = 100

metadata = MetaData()

users = Table(
    "web_users", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(200), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    # A disabled account cannot log in, its sessions and API tokens end (an admin re-enables it).
    Column("is_active", Boolean, nullable=False, default=True, server_default=true()),
    # Stored in the session at login; moving it on ends every session of the user (logout, new password).
    Column("session_generation", Integer, nullable=False, default=0, server_default="0"),
)

roles = Table(
    "web_roles", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("pole_id", String(36), nullable=False),
    Column("role", String(20), nullable=False),  # "secretary" or "member"
    Column("member_id", String(36)),  # the member this user represents (role "member")
)

# One counter per account ("account", e-mail) and per client address ("address", IP): the
# attempts reserved since `started_at`; a counter whose window has passed starts again at 1.
login_attempts = Table(
    "web_login_attempts", metadata,
    Column("kind", String(10), primary_key=True),
    Column("subject", String(200), primary_key=True),
    Column("started_at", DateTime, nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
)

api_tokens = Table(
    "web_api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("name", String(MAX_TOKEN_NAME), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(DISPLAY_PREFIX), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
)
