"""User accounts, roles per pole, and login throttling.

Accounts are not governance facts: they live in their own tables (own metadata, so a
read-model rebuild never drops them), in the same database as the read models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (Boolean, Column, DateTime, Engine, ForeignKey, Integer, MetaData, String, Table,
                        bindparam, delete, func, insert, select)
from werkzeug.security import check_password_hash, generate_password_hash

from governance.errors import InvalidInput
from projections.queries import read_connection

metadata = MetaData()

users = Table(
    "web_users", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(200), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
)

roles = Table(
    "web_roles", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("pole_id", String(36), nullable=False),
    Column("role", String(20), nullable=False),  # "secretary" or "member"
    Column("member_id", String(36)),  # the member this user represents (role "member")
)

login_failures = Table(
    "web_login_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(200), nullable=False, index=True),
    Column("ip", String(64), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
)

# The signed-in user with their roles, read on every request: one statement, built once.
USER_WITH_ROLES = (select(users.c.id, users.c.email, users.c.name, users.c.is_admin,
                          roles.c.pole_id, roles.c.role, roles.c.member_id)
                   .outerjoin(roles, roles.c.user_id == users.c.id)
                   .where(users.c.id == bindparam("id")).order_by(roles.c.id))

ROLES = ("secretary", "member")
MIN_PASSWORD_LENGTH = 12
# Throttling: this many failed logins within the window lock further attempts.
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 20
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Role:
    pole_id: str
    role: str
    member_id: str | None


@dataclass(frozen=True)
class User:
    """The logged-in person, as Flask-Login sees them."""

    id: int
    email: str
    name: str
    is_admin: bool
    roles: tuple[Role, ...]

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    def roles_in(self, pole_id: str) -> set[str]:
        return {r.role for r in self.roles if r.pole_id == str(pole_id)}

    def members_in(self, pole_id: str) -> list[str]:
        """Members of the pole this user represents."""
        return [r.member_id for r in self.roles if r.pole_id == str(pole_id) and r.member_id]

    def poles(self) -> list[str]:
        return sorted({r.pole_id for r in self.roles})


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def check_password_policy(password: str) -> None:
    """At least 12 characters, not all of one kind."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("the password must have at least {minimum} characters", minimum=MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha() or len(set(password)) < 5:
        raise InvalidInput("the password must mix letters with digits or symbols")


class Accounts:
    """Account storage and checks, bound to one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def create_user(self, email: str, name: str, password: str, *, is_admin: bool = False) -> int:
        email = email.strip().lower()
        if "@" not in email or len(email) > 200:
            raise InvalidInput("a valid e-mail address is required")
        if not name.strip() or len(name) > 200:
            raise InvalidInput("a name of 1–200 characters is required")
        check_password_policy(password)
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.id).where(users.c.email == email)).first():
                raise InvalidInput("an account already exists for {email}", email=email)
            return int(conn.execute(insert(users).values(
                email=email, name=name.strip(), password_hash=generate_password_hash(password),
                is_admin=is_admin, created_at=_now())).inserted_primary_key[0])

    def grant(self, user_id: int, pole_id: str, role: str, member_id: str | None = None) -> None:
        if role not in ROLES:
            raise InvalidInput("role must be one of {choices}", choices=", ".join(ROLES))
        if role == "member" and not member_id:
            raise InvalidInput("a member representative must be linked to a member")
        with self.engine.begin() as conn:
            conn.execute(insert(roles).values(user_id=user_id, pole_id=str(pole_id), role=role,
                                              member_id=None if member_id is None else str(member_id)))

    def revoke(self, user_id: int, pole_id: str, role: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(roles).where(roles.c.user_id == user_id, roles.c.pole_id == str(pole_id),
                                             roles.c.role == role))

    def get(self, user_id: int | str) -> User | None:
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None
        with read_connection(self.engine) as conn:
            rows = conn.execute(USER_WITH_ROLES, {"id": key}).all()
        if not rows:
            return None
        first = rows[0]
        return User(first.id, first.email, first.name, first.is_admin,
                    tuple(Role(r.pole_id, r.role, r.member_id) for r in rows if r.role is not None))

    def find_by_email(self, email: str) -> dict[str, Any] | None:
        with read_connection(self.engine) as conn:
            row = conn.execute(select(users).where(users.c.email == email.strip().lower())).first()
        return dict(row._mapping) if row else None

    def list_users(self) -> list[dict[str, Any]]:
        with read_connection(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(select(users).order_by(users.c.name))]

    def pole_users(self, pole_id: str) -> list[dict[str, Any]]:
        with read_connection(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(users.c.id, users.c.email, users.c.name, roles.c.role, roles.c.member_id)
                .join(roles, roles.c.user_id == users.c.id).where(roles.c.pole_id == str(pole_id))
                .order_by(users.c.name))]

    # -- login with throttling -------------------------------------------------------
    def locked_for(self, email: str, ip: str) -> timedelta | None:
        """How long logins stay locked for this account or address, or None."""
        since = _now() - FAILURE_WINDOW
        with read_connection(self.engine) as conn:
            by_account = conn.execute(select(func.count(), func.min(login_failures.c.at)).where(
                login_failures.c.email == email.strip().lower(), login_failures.c.at > since)).one()
            by_ip = conn.execute(select(func.count(), func.min(login_failures.c.at)).where(
                login_failures.c.ip == ip, login_failures.c.at > since)).one()
        for (count, first), limit in ((by_account, MAX_FAILURES_PER_ACCOUNT), (by_ip, MAX_FAILURES_PER_IP)):
            if count >= limit:
                return max(first + FAILURE_WINDOW - _now(), timedelta(seconds=1))
        return None

    def authenticate(self, email: str, password: str, ip: str) -> User | None:
        """The user if the password matches; records a failure otherwise."""
        row = self.find_by_email(email)
        if row and check_password_hash(row["password_hash"], password):
            with self.engine.begin() as conn:
                conn.execute(delete(login_failures).where(login_failures.c.email == row["email"]))
            return self.get(row["id"])
        with self.engine.begin() as conn:
            conn.execute(insert(login_failures).values(email=email.strip().lower()[:200], ip=ip[:64], at=_now()))
        return None
