"""User accounts, roles per pole, login throttling and server-side session revocation.

Accounts are not governance facts: they live in their own tables (own metadata, so a
read-model rebuild never drops them), in the same database as the read models.

Throttling reserves an attempt before any password is checked: one transaction adds one to
the account's counter row and to the address's, each only while it is under its limit (a
conditional UPDATE, which the database serialises per row), so however many logins race,
across threads, web workers and processes, at most `MAX_FAILURES_PER_ACCOUNT` passwords of
one account are checked per window. A failed check keeps its reservation (it is the failure);
a successful one clears the account's counter and gives the address its reservation back.

Each account has a `session_generation`, copied into the session at login and compared on
every request (`web.extensions`); logging out, changing the password or disabling the account
moves it on, which ends every session of that user at once, copied cookies included.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, case, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import check_password_hash, generate_password_hash

from governance.base import clean_name
from governance.errors import InvalidInput
from projections.queries import read_connection

from infrastructure.accounts_tables import api_tokens, login_attempts, metadata, roles, users  # noqa: F401

# The signed-in user with their roles, read on every request: one statement, built once.
USER_WITH_ROLES = (select(users.c.id, users.c.email, users.c.name, users.c.is_admin, users.c.is_active,
                          users.c.session_generation, roles.c.pole_id, roles.c.role, roles.c.member_id)
                   .outerjoin(roles, roles.c.user_id == users.c.id)
                   .where(users.c.id == bindparam("id")).order_by(roles.c.id))

ROLES = ("secretary", "member")
MIN_PASSWORD_LENGTH = 12
# Throttling: this many failed logins within the window lock further attempts.
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 20
FAILURE_WINDOW = timedelta(minutes=15)
MAX_USER_ID = 2**31 - 1  # the id column's range (PostgreSQL `integer`): a larger id names no account
SESSION_GENERATION = "_generation"  # session key: the account's session generation at login
# "Forgot your password?": this many requests per address, and per client address, within the window
# (counted on the login counters' table, under their own kinds; a spent one sends nothing more).
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_IP = 10
# An account created by an admin has no password until its owner chooses one from the invitation: its
# hash is this prefix and random text, which werkzeug's check_password_hash refuses whatever is typed
# (no "$": it is not a "method$salt$hash" string, so it matches nothing, the empty password included).
UNUSABLE_PREFIX = "!"

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
    is_active: bool = True
    session_generation: int = 0

    is_authenticated = True
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

@dataclass(frozen=True)
class Login:
    """The outcome of a login attempt: the user, or why not (`locked_for`: throttled, nothing was checked)."""

    user: User | None = None
    locked_for: timedelta | None = None

@functools.cache
def _decoy_hash() -> str:
    """A hash to check unknown addresses' passwords against: every refusal costs the same time."""
    return generate_password_hash(secrets.token_urlsafe(16))

def _valid_id(user_id: int | str) -> int | None:
    try:
        key = int(user_id)
    except (TypeError, ValueError):
        return None
    return key if 0 < key <= MAX_USER_ID else None

def unusable_password_hash() -> str:
    """A password hash no password matches (random: each account's differs, and so do its links)."""
    return UNUSABLE_PREFIX + secrets.token_hex(20)


def password_fingerprint(password_hash: str, email: str) -> str:
    """What a single-use account link carries of the account's password hash and address: once the
    password changes, or the account moves to another address (a link sent to the old mailbox must not
    outlive the move), the fingerprint no longer matches and the link is refused. The hash is salted, so
    this says nothing of the password (and the link only goes to the account's own mailbox)."""
    return hashlib.sha256(f"{password_hash}\0{email}".encode()).hexdigest()[:16]


def clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 200 or any(c.isspace() for c in email):
        raise InvalidInput("a valid e-mail address is required")
    return email


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
        """An account with a password (the CLI's `create-admin`, the demo, tests)."""
        clean_email(email)
        check_password_policy(password)
        return self._insert_user(email, name, generate_password_hash(password), is_admin)

    def create_invited_user(self, email: str, name: str, *, is_admin: bool = False) -> int:
        """An account without a password (an admin's invitation): nobody can log in to it until its owner
        chooses a password from the link mailed to them."""
        return self._insert_user(email, name, unusable_password_hash(), is_admin)

    def _insert_user(self, email: str, name: str, password_hash: str, is_admin: bool) -> int:
        email = clean_email(email)
        if not name.strip() or len(name) > 200:
            raise InvalidInput("a name of 1–200 characters is required")
        name = clean_name(name, "name")  # NFC, nothing invisible or direction-changing (one name cannot mimic another)
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(users.c.id).where(users.c.email == email)).first():
                    raise InvalidInput("an account already exists for {email}", email=email)
                return int(conn.execute(insert(users).values(
                    email=email, name=name.strip(), password_hash=password_hash,
                    is_admin=is_admin, created_at=_now())).inserted_primary_key[0])
        except IntegrityError:  # the same address created at the same moment by another request: the unique index
            raise InvalidInput("an account already exists for {email}", email=email) from None

    def grant(self, user_id: int, pole_id: str, role: str, member_id: str | None = None) -> None:
        if role not in ROLES:
            raise InvalidInput("role must be one of {choices}", choices=", ".join(ROLES))
        if role == "member" and not member_id:
            raise InvalidInput("a member representative must be linked to a member")
        with self.engine.begin() as conn:
            conn.execute(insert(roles).values(user_id=user_id, pole_id=str(pole_id), role=role,
                                              member_id=None if member_id is None else str(member_id)))

    def revoke(self, user_id: int, pole_id: str, role: str, member_id: str | None = None) -> bool:
        """Withdraw a role (with `member_id`, only the representation of that member); False when the user did not
        hold it (nothing changed)."""
        where = [roles.c.user_id == user_id, roles.c.pole_id == str(pole_id), roles.c.role == role]
        if member_id is not None:
            where.append(roles.c.member_id == str(member_id))
        with self.engine.begin() as conn:
            return conn.execute(delete(roles).where(*where)).rowcount > 0

    def get(self, user_id: int | str) -> User | None:
        key = _valid_id(user_id)
        if key is None:
            return None
        with read_connection(self.engine) as conn:
            rows = conn.execute(USER_WITH_ROLES, {"id": key}).all()
        if not rows:
            return None
        first = rows[0]
        return User(first.id, first.email, first.name, first.is_admin,
                    tuple(Role(r.pole_id, r.role, r.member_id) for r in rows if r.role is not None),
                    is_active=first.is_active, session_generation=first.session_generation)

    # -- sessions, passwords, disabling ---------------------------------------------------
    def end_sessions(self, user_id: int) -> int:
        """End every session of this user (their next request is anonymous); the new generation."""
        with self.engine.begin() as conn:
            return self._next_generation(conn, user_id)

    @staticmethod
    def _next_generation(conn: Connection, user_id: int) -> int:
        return int(conn.execute(update(users).where(users.c.id == user_id)
                                .values(session_generation=users.c.session_generation + 1)
                                .returning(users.c.session_generation)).scalar_one())

    def _with_current_password(self, user_id: int, current: str, ip: str) -> User:
        """The active account whose current password is `current` (checked and throttled like a login)."""
        user = self.get(user_id)
        if user is None or not user.is_active:
            raise InvalidInput("this account is disabled")
        outcome = self.authenticate(user.email, current, ip)
        if outcome.locked_for:
            raise InvalidInput("too many failed attempts: try again later")
        if outcome.user is None:
            raise InvalidInput("the current password is wrong")
        return user

    def change_password(self, user_id: int, current: str, new: str, ip: str) -> int:
        """Set a new password, the current one being given (and throttled like a login); ends every
        session of the user. Returns the new session generation (for the session making the change)."""
        check_password_policy(new)
        self._with_current_password(user_id, current, ip)
        with self.engine.begin() as conn:
            conn.execute(update(users).where(users.c.id == user_id).values(password_hash=generate_password_hash(new)))
            return self._next_generation(conn, user_id)

    def set_active(self, user_id: int, active: bool, *, by: int | None = None) -> bool:
        """Disable (or re-enable) an account. Disabling ends its sessions and deletes its API tokens.
        False when it already was in that state. `by`: the administrator doing it, who may not disable their own
        account (nobody would be left to enable it again)."""
        if not active and by is not None and by == user_id:
            raise InvalidInput("You cannot disable your own account.")
        with self.engine.begin() as conn:
            changed = conn.execute(update(users).where(users.c.id == user_id, users.c.is_active == (not active))
                                   .values(is_active=active)).rowcount > 0
            if changed and not active:
                self._next_generation(conn, user_id)
                conn.execute(delete(api_tokens).where(api_tokens.c.user_id == user_id))
        return changed

    # -- account links (web/accounts/recovery.py): invitation, password reset, address change -------------
    def account(self, user_id: int | str) -> dict[str, Any] | None:
        """The account's row (with its password hash: for the links' fingerprints), or None."""
        key = _valid_id(user_id)
        if key is None:
            return None
        with read_connection(self.engine) as conn:
            row = conn.execute(select(users).where(users.c.id == key)).first()
        return dict(row._mapping) if row else None

    def has_password(self, user_id: int) -> bool:
        row = self.account(user_id)
        return bool(row) and not row["password_hash"].startswith(UNUSABLE_PREFIX)

    def renew_invitation(self, user_id: int) -> bool:
        """Before a new invitation: a new unusable hash, so that the links sent before no longer work.
        False (nothing changed) when the account has a password already or is disabled."""
        with self.engine.begin() as conn:
            return conn.execute(update(users).where(
                users.c.id == user_id, users.c.is_active, users.c.password_hash.startswith(UNUSABLE_PREFIX))
                .values(password_hash=unusable_password_hash())).rowcount > 0

    def set_password_from_link(self, user_id: int, fingerprint: str, new: str) -> int | None:
        """Set the password from a single-use link (invitation or reset): only while the account is active
        and its password hash is still the one the link was made for; ends every session of the user and
        forgets the account's failed logins. The new session generation, or None when the link no longer
        holds (already used, the password or the address changed since, the account disabled)."""
        check_password_policy(new)
        row = self.account(user_id)
        if row is None or not row["is_active"] or not hmac.compare_digest(
                password_fingerprint(row["password_hash"], row["email"]), str(fingerprint)):
            return None
        with self.engine.begin() as conn:
            # compare-and-set on the hash: of two uses of one link racing, one only succeeds
            generation = conn.execute(update(users).where(
                users.c.id == row["id"], users.c.password_hash == row["password_hash"], users.c.email == row["email"],
                users.c.is_active)
                .values(password_hash=generate_password_hash(new),
                        session_generation=users.c.session_generation + 1)
                .returning(users.c.session_generation)).scalar()
            if generation is None:
                return None
            conn.execute(delete(login_attempts).where(login_attempts.c.kind == "account",
                                                      login_attempts.c.subject == row["email"]))
        return int(generation)

    def reserve_reset_request(self, email: str, ip: str) -> str | None:
        """Count one "forgot your password?" request: None when it may go on, "address" when the client's
        address has spent its requests (nothing is counted), "account" when that e-mail address has (the
        page answers as usual, nothing is sent). Counted whether or not an account exists."""
        email, ip = email.strip().lower()[:200], (ip or "unknown")[:64]
        now = _now()
        since = now - FAILURE_WINDOW
        with self.engine.connect() as conn, conn.begin() as transaction:
            if self._count_attempt(conn, "reset-ip", ip, MAX_RESETS_PER_IP, now, since) is not None:
                transaction.rollback()
                return "address"
            if self._count_attempt(conn, "reset", email, MAX_RESETS_PER_ACCOUNT, now, since) is not None:
                return "account"  # the address's count stays: the request was made
        return None

    def check_email_change(self, user_id: int, new: str, current: str, ip: str) -> str:
        """Check a request to move the account to a new address (the current password given, throttled like
        a login): the new address, cleaned. Nothing changes until the link sent to it is opened."""
        new = clean_email(new)
        user = self._with_current_password(user_id, current, ip)
        if new == user.email:
            raise InvalidInput("this is already the address of your account")
        # Saying so tells a member who typed their password (throttled) that the address has an account:
        # accepted, as most sites do; sending nothing and saying nothing would leave them waiting for a
        # confirmation that never comes. Nothing is ever sent to that other account's address.
        if self.find_by_email(new):
            raise InvalidInput("this address is already used by another account")
        return new

    def change_email(self, user_id: int, old: str, new: str) -> int | None:
        """Move the account from `old` to `new` (confirmed from the new address): only while its address is
        still `old` (so a link works once) and `new` is free; ends every session of the user. The new
        session generation, or None when the link no longer holds."""
        new = clean_email(new)
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(users.c.id).where(users.c.email == new, users.c.id != user_id)).first():
                    raise InvalidInput("this address is already used by another account")
                return conn.execute(update(users).where(
                    users.c.id == user_id, users.c.email == old, users.c.is_active)
                    .values(email=new, session_generation=users.c.session_generation + 1)
                    .returning(users.c.session_generation)).scalar()
        except IntegrityError:  # taken meanwhile (the column is unique)
            raise InvalidInput("this address is already used by another account") from None

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
    def authenticate(self, email: str, password: str, ip: str) -> Login:
        """Check a login, throttled: an attempt is reserved on the account's and the address's
        counters first (refused at once when either is spent), then the password is checked.

        A disabled account is refused exactly like a wrong password; an unknown address costs
        the same password check."""
        email, ip = email.strip().lower()[:200], (ip or "unknown")[:64]
        locked, row = self._reserve(email, ip)
        if locked:
            return Login(locked_for=locked)
        matches = check_password_hash(row["password_hash"] if row else _decoy_hash(), password)
        if not (row and matches and row["is_active"]):
            return Login()  # the reservations stay: they are the failures
        with self.engine.begin() as conn:
            conn.execute(delete(login_attempts).where(login_attempts.c.kind == "account",
                                                      login_attempts.c.subject == email))
            conn.execute(update(login_attempts).where(
                login_attempts.c.kind == "address", login_attempts.c.subject == ip, login_attempts.c.attempts > 0)
                .values(attempts=login_attempts.c.attempts - 1))
        self.forget_expired_attempts()
        return Login(user=self.get(row["id"]))

    def _reserve(self, email: str, ip: str) -> tuple[timedelta | None, dict[str, Any] | None]:
        """In one transaction: one more attempt on the account's counter, then on the address's, each
        only if under its limit (else nothing is counted and the lock's remaining time is returned);
        and the account's row, read in the same transaction."""
        now = _now()
        since = now - FAILURE_WINDOW
        with self.engine.connect() as conn, conn.begin() as transaction:
            for kind, subject, limit in (("account", email, MAX_FAILURES_PER_ACCOUNT),
                                         ("address", ip, MAX_FAILURES_PER_IP)):
                started = self._count_attempt(conn, kind, subject, limit, now, since)
                if started is not None:
                    transaction.rollback()
                    return max(started + FAILURE_WINDOW - now, timedelta(seconds=1)), None
            row = conn.execute(select(users).where(users.c.email == email)).first()
            return None, dict(row._mapping) if row else None

    @staticmethod
    def _count_attempt(conn: Connection, kind: str, subject: str, limit: int, now: datetime,
                       since: datetime) -> datetime | None:
        """Count one attempt on a counter, atomically; None if counted, else when its full window started.

        The UPDATE's condition is evaluated on the row it locks (PostgreSQL re-reads a row a
        concurrent transaction changed; SQLite runs one writer at a time), so two racing
        attempts never both take the last one."""
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        expired = login_attempts.c.started_at <= since
        counter = (login_attempts.c.kind == kind) & (login_attempts.c.subject == subject)
        while True:
            conn.execute(dialect.insert(login_attempts).values(kind=kind, subject=subject, started_at=now,
                                                               attempts=0).on_conflict_do_nothing())
            counted = conn.execute(update(login_attempts)
                                   .where(counter, or_(expired, login_attempts.c.attempts < limit))
                                   .values(attempts=case((expired, 1), else_=login_attempts.c.attempts + 1),
                                           started_at=case((expired, now), else_=login_attempts.c.started_at)))
            if counted.rowcount == 1:
                return None
            started = conn.execute(select(login_attempts.c.started_at).where(counter)).scalar()
            if started is not None:
                return started
            # the row was deleted meanwhile (`forget_expired_attempts`): add it again

    def forget_expired_attempts(self) -> int:
        """Delete the counters whose window has passed (they would start again anyway)."""
        with self.engine.begin() as conn:
            return conn.execute(delete(login_attempts).where(
                login_attempts.c.started_at <= _now() - FAILURE_WINDOW)).rowcount
