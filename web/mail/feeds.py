"""A person's private calendar feed: its secret URL (stored only as a SHA-256 of its token, one per person,
replaced to revoke it) and the events it lists — the closing times of the open online votes where a member
the person represents is in the frozen electorate, and the general assemblies of their poles that are
convened or in session. Nothing secret is in it: titles, times, places and links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

import icalendar
from sqlalchemy import Engine, delete, insert, select

from governance.errors import DomainError
from infrastructure.accounts_tables import calendar_feeds, roles, users
from notifications import compose
from notifications.links import Links
from notifications.planner import MEETING_LENGTH
from projections import tables as t

ASSEMBLY_LENGTH = MEETING_LENGTH  # the same event as the convocation's calendar file (same UID, same length)
ASSEMBLY_STATES = ("convened", "in_session")
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # a token is 43 characters; anything much longer is not one (no hashing of megabytes)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class CalendarFeeds:
    """The feeds' table: create (replacing any older feed of the person), revoke, find the person of a token."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def created_at(self, user_id: int) -> datetime | None:
        with self.engine.connect() as conn:
            return conn.execute(select(calendar_feeds.c.created_at)
                                .where(calendar_feeds.c.user_id == user_id)).scalar()

    def create(self, user_id: int) -> str:
        """A new secret token for this person; their previous feed URL stops working. Returned once, never stored."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.engine.begin() as conn:
            conn.execute(delete(calendar_feeds).where(calendar_feeds.c.user_id == user_id))
            conn.execute(insert(calendar_feeds).values(user_id=user_id, token_hash=token_hash(token),
                                                       created_at=_now()))
        return token

    def revoke(self, user_id: int) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(delete(calendar_feeds).where(calendar_feeds.c.user_id == user_id)).rowcount > 0

    def owner(self, token: str) -> dict[str, Any] | None:
        """The active account whose feed this token is (id, locale), or None."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(users.c.id, users.c.locale).join(calendar_feeds, calendar_feeds.c.user_id == users.c.id)
                               .where(calendar_feeds.c.token_hash == token_hash(token), users.c.is_active)).first()
        return dict(row._mapping) if row else None


def represented(engine: Engine, user_id: int) -> dict[str, set[str]]:
    """The admitted members each pole's role of the person represents: pole id → member ids."""
    with engine.connect() as conn:
        rows = conn.execute(select(roles.c.pole_id, roles.c.member_id).where(
            roles.c.user_id == user_id, roles.c.role == "member", roles.c.member_id.is_not(None))).all()
        wanted = {str(r.member_id) for r in rows}
        admitted = set() if not wanted else {str(m) for m in conn.execute(select(t.members.c.id).where(
            t.members.c.id.in_(list(wanted)), t.members.c.status == "admitted")).scalars()}
    poles: dict[str, set[str]] = {}
    for row in rows:
        if str(row.member_id) in admitted:
            poles.setdefault(str(row.pole_id), set()).add(str(row.member_id))
    return poles


def build(engine: Engine, app: Any, links: Links, user_id: int, locale: str) -> str:
    """The person's calendar (RFC 5545), in their mail's language."""
    french = compose.locale_of(locale) == "fr"
    poles = represented(engine, user_id)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Collegia//Collegia//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Collegia")
    if not poles:
        return cal.to_ical().decode()
    with engine.connect() as conn:
        names = dict(conn.execute(select(t.poles.c.id, t.poles.c.name).where(t.poles.c.id.in_(list(poles)))).all())
        votes = conn.execute(select(t.proposals.c.id, t.proposals.c.pole_id, t.proposals.c.title,
                                    t.proposals.c.closes_at).where(
            t.proposals.c.pole_id.in_(list(poles)), t.proposals.c.status == "open",
            t.proposals.c.assembly_id.is_(None)).order_by(t.proposals.c.closes_at, t.proposals.c.id)).all()
        assemblies = conn.execute(select(t.assemblies.c.id, t.assemblies.c.pole_id, t.assemblies.c.kind,
                                         t.assemblies.c.held_at, t.assemblies.c.place).where(
            t.assemblies.c.pole_id.in_(list(poles)), t.assemblies.c.status.in_(ASSEMBLY_STATES))
            .order_by(t.assemblies.c.held_at, t.assemblies.c.id)).all()
    for vote in votes:
        try:
            electorate = app.get_proposal(vote.id).electorate
        except DomainError:  # pragma: no cover - a read model row always has its aggregate
            continue
        if vote.closes_at is None or not poles[str(vote.pole_id)] & set(electorate):
            continue
        pole = names.get(vote.pole_id, "")
        summary = (f"Clôture du vote : {vote.title}" if french else f"Vote closes: {vote.title}")
        description = (f"Pôle {pole} : votez avant la clôture." if french else f"Pole {pole}: vote before it closes.")
        cal.add_component(compose.calendar_event(f"vote-{vote.id}@collegia", summary, vote.closes_at,
                                                 links.proposal(str(vote.pole_id), str(vote.id)), description))
    for assembly in assemblies:
        pole = names.get(assembly.pole_id, "")
        kind = _assembly_kind(assembly.kind, french)
        summary = f"{kind} — {pole}"
        event = compose.calendar_event(f"assembly-{assembly.id}@collegia", summary, assembly.held_at,
                                       links.url(f"/poles/{assembly.pole_id}/assemblies/{assembly.id}"),
                                       duration=ASSEMBLY_LENGTH)
        event.add("location", assembly.place)
        cal.add_component(event)
    return cal.to_ical().decode()


def _assembly_kind(kind: str, french: bool) -> str:
    if french:
        return {"ordinary": "Assemblée générale ordinaire", "extraordinary": "Assemblée générale extraordinaire",
                "mixed": "Assemblée générale mixte"}.get(kind, "Assemblée générale")
    return {"ordinary": "Ordinary general meeting", "extraordinary": "Extraordinary general meeting",
            "mixed": "Mixed general meeting"}.get(kind, "General meeting")
