"""The outbox and what people chose: queueing messages (idempotently), reading them for the outbox
pages, re-sending a failed one, preferences per kind, a pole's reminder lead time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from governance import clock
from governance.pole import ADMITTED
from infrastructure.accounts_tables import mail_messages, mail_pole_settings, mail_preferences, roles, users
from infrastructure.config import Settings
from notifications import compose
from notifications.kinds import (ACCOUNT_KINDS, BOUNCED, CANCELLED, CHOOSABLE, CONVOCATION, DEFAULT_REMINDER_HOURS,
                                 FAILED, HELD, IMMEDIATE, IN_DIGEST, MAX_REMINDER_HOURS, MODES, OFF, PRIORITY, QUEUED,
                                 SENT, TURNED_OFF)
from projections import tables as t

LIST_COLUMNS = (mail_messages.c.id, mail_messages.c.pole_id, mail_messages.c.recipient, mail_messages.c.kind,
                mail_messages.c.cause, mail_messages.c.subject, mail_messages.c.state, mail_messages.c.attempts,
                mail_messages.c.last_error, mail_messages.c.created_at, mail_messages.c.sent_at,
                mail_messages.c.next_attempt_at)


def now() -> datetime:
    """The time mail runs by, naive UTC as stored (governance.clock: tests and the demo can freeze it)."""
    return clock.now().astimezone(UTC).replace(tzinfo=None)


class InvalidChoice(ValueError):
    """A preference or setting outside what is offered (the pages show it as a form error)."""


def message(*, key: str, recipient: str, kind: str, cause: str, subject: str, text: str, settings: Settings,
            pole_id: str | None = None, user_id: int | None = None, position: int | None = None,
            about: str | None = None, ics: str | None = None, unsubscribe_url: str | None = None,
            locale: str = "fr", held: bool = False, at: datetime | None = None) -> dict[str, Any]:
    """One outbox row, composed: what the outbox shows is what is sent."""
    at = at or now()
    return {"dedupe_key": key[:200], "pole_id": pole_id, "user_id": user_id, "recipient": recipient, "kind": kind,
            "cause": cause[:200], "position": position, "about": about, "subject": subject[:300],
            "body_text": text, "body_html": compose.html_of(text, locale), "ics": ics,
            "unsubscribe_url": unsubscribe_url, "message_id": compose.message_id(key, settings.mail_from),
            "state": HELD if held else QUEUED, "priority": PRIORITY.get(kind, 1), "attempts": 0,
            "next_attempt_at": at, "last_error": None, "created_at": at, "sent_at": None}


def queue(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert messages, skipping any whose key is already in the outbox (planning twice sends once)."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(mail_messages).on_conflict_do_nothing(index_elements=["dedupe_key"])
    elif dialect == "sqlite":
        statement = sqlite.insert(mail_messages).on_conflict_do_nothing(index_elements=["dedupe_key"])
    else:  # pragma: no cover - the two stores Collegia supports
        raise RuntimeError(f"no idempotent insert for {dialect}")
    for start in range(0, len(rows), 1000):
        conn.execute(statement, list(rows[start:start + 1000]))


def known_keys(conn: Connection, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(conn.execute(select(mail_messages.c.dedupe_key)
                                  .where(mail_messages.c.dedupe_key.in_(keys[start:start + 500]))).scalars())
    return found


def departed(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> set[int]:
    """The ids of the messages whose person left: an account disabled, or, for a pole's message, no longer
    representing a member admitted in that pole (role revoked, member withdrawn or excluded since)."""
    people = [r for r in rows if r["user_id"] is not None]
    if not people:
        return set()
    user_ids = {r["user_id"] for r in people}
    active = set(conn.execute(select(users.c.id).where(users.c.id.in_(user_ids), users.c.is_active)).scalars())
    pole_ids = {r["pole_id"] for r in people if r["pole_id"] is not None}
    belonging = set() if not pole_ids else {(r.user_id, r.pole_id) for r in conn.execute(
        select(roles.c.user_id, roles.c.pole_id)
        .join(t.members, and_(t.members.c.id == roles.c.member_id, t.members.c.pole_id == roles.c.pole_id))
        .where(roles.c.user_id.in_(user_ids), roles.c.pole_id.in_(pole_ids), roles.c.role == "member",
               t.members.c.status == ADMITTED))}
    return {r["id"] for r in people if r["user_id"] not in active or (
        r["pole_id"] is not None and (r["user_id"], r["pole_id"]) not in belonging)}


# -- convocations (issue 20) -------------------------------------------------------------------
# The best delivery of a member's convocation when several accounts represent it: one that arrived convenes it.
DELIVERY_RANK = {SENT: 0, QUEUED: 1, FAILED: 2, BOUNCED: 3, CANCELLED: 4}


def convocation_key(assembly_id: str, version: int, member_id: str, user_id: int) -> str:
    """The key of a member's convocation to one person: once per `ConvocationSent` event (the assembly and its
    version), member and person, whatever restarts in between."""
    return f"{CONVOCATION}:{assembly_id}:{version}:{member_id}:{user_id}"


def convocation_deliveries(engine: Engine, assembly_id: str) -> dict[str, str]:
    """For each member convened by e-mail, its convocation's delivery: queued, sent, bounced, failed or cancelled;
    of several accounts representing it, the best (sent > queued > failed > bounced > cancelled). A member
    convened by post, or whom nobody represents with an account, is absent."""
    assembly_id = str(assembly_id)
    where = [mail_messages.c.kind == CONVOCATION, mail_messages.c.about == assembly_id]
    with engine.connect() as conn:
        # The pole's messages first (`pole_id` is indexed, `about` is not); a read model being rebuilt has no row
        # for the assembly yet: then the whole outbox is read, never an empty answer.
        pole_id = conn.execute(select(t.assemblies.c.pole_id).where(t.assemblies.c.id == assembly_id)).scalar()
        if pole_id is not None:
            where.append(mail_messages.c.pole_id == str(pole_id))
        rows = conn.execute(select(mail_messages.c.dedupe_key, mail_messages.c.state).where(*where)).all()
    best: dict[str, str] = {}
    for key, state in rows:
        member = key.split(":")[3]  # convocation_key: convocation:<assembly>:<version>:<member>:<person>
        if state in DELIVERY_RANK and (member not in best or DELIVERY_RANK[state] < DELIVERY_RANK[best[member]]):
            best[member] = state
    return best


# -- preferences ------------------------------------------------------------------------------
def modes(conn: Connection, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's choice for `kind` (immediate unless they chose otherwise)."""
    ids = list(user_ids)
    chosen: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chosen.update(conn.execute(select(mail_preferences.c.user_id, mail_preferences.c.mode).where(
            mail_preferences.c.kind == kind, mail_preferences.c.user_id.in_(ids[start:start + 500]))).all())
    return {user_id: chosen.get(user_id, IMMEDIATE) for user_id in ids}


def preferences(engine: Engine, user_id: int) -> dict[str, str]:
    with engine.connect() as conn:
        chosen = dict(conn.execute(select(mail_preferences.c.kind, mail_preferences.c.mode)
                                   .where(mail_preferences.c.user_id == user_id)).all())
    return {kind: chosen.get(kind, IMMEDIATE) for kind in CHOOSABLE}


def set_preferences(engine: Engine, user_id: int, choices: Mapping[str, str]) -> None:
    for kind, mode in choices.items():
        if kind not in CHOOSABLE or mode not in MODES:
            raise InvalidChoice(f"{kind}: {mode}")
    with engine.begin() as conn:
        conn.execute(delete(mail_preferences).where(mail_preferences.c.user_id == user_id,
                                                    mail_preferences.c.kind.in_(list(choices))))
        rows = [{"user_id": user_id, "kind": k, "mode": m} for k, m in choices.items() if m != IMMEDIATE]
        if rows:
            conn.execute(insert(mail_preferences), rows)
        # What waits follows the new choice: turned off, it is not sent; at once, it leaves the digest.
        waiting = and_(mail_messages.c.user_id == user_id, mail_messages.c.state.in_([QUEUED, HELD]))
        off = [k for k, m in choices.items() if m == OFF]
        if off:
            conn.execute(update(mail_messages).where(waiting, mail_messages.c.kind.in_(off))
                         .values(state=CANCELLED, last_error=TURNED_OFF))
        now_ = [k for k, m in choices.items() if m == IMMEDIATE]
        if now_:
            conn.execute(update(mail_messages).where(waiting, mail_messages.c.state == HELD,
                                                     mail_messages.c.kind.in_(now_)).values(state=QUEUED))


def unsubscribe(engine: Engine, user_id: int, kind: str) -> list[str]:
    """Turn a kind off (the digest: every kind the person gets in a digest); the kinds turned off."""
    current = preferences(engine, user_id)
    if kind == "digest":
        kinds = [k for k, m in current.items() if m == IN_DIGEST]
    elif kind in CHOOSABLE:
        kinds = [kind]
    else:
        raise InvalidChoice(kind)
    set_preferences(engine, user_id, {k: OFF for k in kinds})
    return kinds


def set_locale(engine: Engine, user_id: int, locale: str) -> None:
    if locale not in compose.LOCALES:
        raise InvalidChoice(locale)
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(locale=locale))


# -- a pole's settings ------------------------------------------------------------------------
def reminder_hours(conn: Connection, pole_id: str) -> int:
    value = conn.execute(select(mail_pole_settings.c.reminder_hours)
                         .where(mail_pole_settings.c.pole_id == str(pole_id))).scalar()
    return DEFAULT_REMINDER_HOURS if value is None else int(value)


def set_reminder_hours(engine: Engine, pole_id: str, hours: int) -> None:
    """The lead time of the reminders before a vote closes, 0 (no reminder) to two weeks."""
    if not isinstance(hours, int) or not 0 <= hours <= MAX_REMINDER_HOURS:
        raise InvalidChoice(str(hours))
    with engine.begin() as conn:
        conn.execute(delete(mail_pole_settings).where(mail_pole_settings.c.pole_id == str(pole_id)))
        conn.execute(insert(mail_pole_settings).values(pole_id=str(pole_id), reminder_hours=hours))


# -- the outbox pages -------------------------------------------------------------------------
class Outbox:
    """What the outbox pages read and do. A pole's outbox holds its messages; the messages about
    accounts (no pole) are the platform admins' alone."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def messages(self, pole_id: str | None, *, state: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        where = [mail_messages.c.pole_id.is_(None) if pole_id is None else mail_messages.c.pole_id == str(pole_id)]
        if state:
            where.append(mail_messages.c.state == state)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(*LIST_COLUMNS).where(and_(*where)).order_by(mail_messages.c.id.desc())
                .limit(limit).offset(offset))]

    def counts(self, pole_id: str | None) -> dict[str, int]:
        where = mail_messages.c.pole_id.is_(None) if pole_id is None else mail_messages.c.pole_id == str(pole_id)
        with self.engine.connect() as conn:
            return dict(conn.execute(select(mail_messages.c.state, func.count())
                                     .where(where).group_by(mail_messages.c.state)).all())

    def get(self, message_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(mail_messages).where(mail_messages.c.id == message_id)).first()
        return dict(row._mapping) if row else None

    def resend(self, message_id: int) -> bool:
        """Queue a failed or bounced message again (its attempts start over); False otherwise."""
        with self.engine.begin() as conn:
            return conn.execute(update(mail_messages).where(
                mail_messages.c.id == message_id, mail_messages.c.state.in_([FAILED, BOUNCED]))
                .values(state=QUEUED, attempts=0, next_attempt_at=now(), last_error=None)).rowcount > 0


def queue_account_message(engine: Engine, settings: Settings, *, key: str, user_id: int | None, recipient: str,
                          kind: str, template: str, locale: str = "fr", **context: Any) -> None:
    """A message about an account (invitation, password reset, address change): queued at once,
    never subject to preferences; `key` makes it once per request (a new link is a new key)."""
    assert kind in ACCOUNT_KINDS, kind
    subject, text = compose.render(template, locale, **context)
    with engine.begin() as conn:
        queue(conn, [message(key=key, recipient=recipient, kind=kind, cause=f"account: {kind}", subject=subject,
                             text=text, settings=settings, user_id=user_id, locale=locale)])
