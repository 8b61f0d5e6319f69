"""Webhooks (issue 26, docs/webhooks.md): a pole's events POSTed, signed, to the HTTPS endpoints its secretary
registered.

The same shape as the mail (docs/mail.md), for programs instead of people:

- `WebhookPlanner.catch_up` follows the event log from its own position (`mail_tracking`, row "webhooks") and
  writes, in one transaction with the new position, one delivery row per (event, hook) whose pole and kind match,
  under a unique idempotency key: after a crash or restart it resumes where it stopped, nothing is planned twice,
  nothing is missed. A hook receives only the events recorded after its registration (`after_position`).
- `Deliverer.deliver_due` POSTs each due delivery (its body composed once, when planned), signed with the hook's
  secret (HMAC-SHA256 over "<timestamp>.<body>"), and records the answer: 2xx delivered; anything else waits for
  a next attempt, `RETRY_SECONDS` after the first failure and twice as long after each next one (at most
  `MAX_DELAY`), `MAX_ATTEMPTS` in all, then failed. Each attempt is claimed first (a conditional update of the
  row), so that two processes never POST the same attempt; a process killed mid-request leaves the claim to
  expire (`CLAIM`) and the attempt is made again, with the same idempotency key.
- Only HTTPS, to a public address: the host is resolved at each attempt and the connection made to the address
  checked (no private, loopback, link-local… destination: SSRF); http:// to a loopback address only when
  COLLEGIA_WEBHOOKS_ALLOW_HTTP_LOOPBACK is on (development, tests). Redirects are not followed.
- The payload holds ids and public facts only: a closed vote's outcome and per-college counts as its result mail
  gives them (a secret ballot's college whose counts would reveal its voters' choices is not published), never a
  ballot's choice, never who voted; as on the page and in the mail, the weighted result and the other colleges'
  counts can sometimes let a reader work a hidden college's counts out (docs/webhooks.md).

`WebhookService` runs both in a thread of `collegia run` and `collegia project`.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import os
import secrets as random
import socket
import ssl
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Iterable, Sequence
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from governance.assembly import Assembly
from governance.errors import InvalidInput, StateConflict
from governance.minutes import Minutes
from governance.pole import Pole
from governance.proposal import Proposal
from infrastructure.accounts_tables import mail_tracking
from infrastructure.config import Settings
from infrastructure.webhook_tables import MAX_URL, webhook_deliveries as wd, webhooks as wh
from notifications import tracking
from notifications.outbox import now  # the mail's clock: naive UTC as stored (governance.clock)

logger = logging.getLogger("collegia.webhooks")

TRACKING = "webhooks"  # the planner's row in mail_tracking
SECTION = 1000
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
STATES = (PENDING, DELIVERED, FAILED)
MAX_ATTEMPTS = 8  # 30 s, 1 min, 2, 4, 8, 16, 32 min apart: about an hour of trying, then failed
RETRY_SECONDS = 30.0
MAX_DELAY = timedelta(hours=6)
TIMEOUT = 5.0  # seconds to connect, and to read the answer
CLAIM = timedelta(seconds=60)  # an attempt claimed by a process that died is made again after this
REPLAY_WINDOW = 300  # seconds: a receiver refuses a timestamp further than this from its clock (docs/webhooks.md)
BATCH = 50
MAX_HOOKS_PER_POLE = 20
ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER = ("Collegia-Webhook-Id", "Collegia-Webhook-Timestamp",
                                                 "Collegia-Webhook-Signature")
PING = "ping"

PROPOSAL_OPENED, PROPOSAL_CLOSED = "proposal.opened", "proposal.closed"
MEMBER_ADMITTED, MEMBER_WITHDRAWN, MEMBER_EXCLUDED = "member.admitted", "member.withdrawn", "member.excluded"
ASSEMBLY_CONVENED, MINUTES_SIGNED = "assembly.convened", "minutes.signed"
KINDS = (PROPOSAL_OPENED, PROPOSAL_CLOSED, MEMBER_ADMITTED, MEMBER_WITHDRAWN, MEMBER_EXCLUDED, ASSEMBLY_CONVENED,
         MINUTES_SIGNED)


TOPICS = {tracking.topic(event): kind for event, kind in (
    (Proposal.VotingOpened, PROPOSAL_OPENED), (Proposal.VotingOpenedInAssembly, PROPOSAL_OPENED),
    (Proposal.BoardVotingOpened, PROPOSAL_OPENED), (Proposal.VotingClosed, PROPOSAL_CLOSED),
    (Pole.MemberAdmitted, MEMBER_ADMITTED), (Pole.MemberWithdrew, MEMBER_WITHDRAWN),
    (Pole.MemberExcluded, MEMBER_EXCLUDED), (Assembly.AssemblyConvened, ASSEMBLY_CONVENED),
    (Minutes.MinutesSigned, MINUTES_SIGNED))}


class WebhookStateConflict(StateConflict):
    """The delivery's state refuses the command (only a failed delivery is queued again)."""

    rule = "webhook"


# -- where a hook may point ------------------------------------------------------------------------------------
def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    ip = ipaddress.ip_address(text.split("%", 1)[0])
    return ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip


def _loopback_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


# IPv6 prefixes that carry an IPv4 address a gateway reaches for us (NAT64, RFC 6052 and 8215; 6to4, RFC 3056):
# Python counts them global, but they can lead back to a private IPv4 network.
WRAPPING_IPV4 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16"))


def address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_loopback: bool) -> bool:
    """A public unicast address; a loopback one only when allowed (tests, development)."""
    if ip.is_loopback:
        return allow_loopback
    if ip.version == 6 and any(ip in network for network in WRAPPING_IPV4):
        return False
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, allow_http_loopback: bool) -> str:
    """The URL a hook may have, or InvalidInput (422): https:// to a public host (no credentials in it); http:// (or
    https://) to a loopback address only when `allow_http_loopback`. A host given by name is resolved at each
    delivery (`Deliverer`), where a private answer is refused too."""
    url = url.strip()
    if len(url) > MAX_URL:
        raise InvalidInput("a webhook's URL has at most {maximum} characters", maximum=MAX_URL)
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        raise InvalidInput("this is not a valid URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidInput("a webhook's URL starts with https:// and names a host")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput("a webhook's URL carries no user name or password: the signature authenticates Collegia")
    if port == 0:
        raise InvalidInput("this is not a valid URL")
    try:
        literal = _address(host.strip("[]"))
    except ValueError:
        literal = None
    loopback = _loopback_name(host) if literal is None else literal.is_loopback
    if loopback:
        if not allow_http_loopback:
            raise InvalidInput("a webhook cannot point at this machine (a loopback address)")
        return url
    if parts.scheme != "https":
        raise InvalidInput("a webhook's URL must use https://")
    if literal is not None and not address_allowed(literal, allow_loopback=False):
        raise InvalidInput("a webhook cannot point at a private, link-local or reserved address")
    return url


def check_kinds(kinds: Iterable[str]) -> list[str]:
    chosen = sorted(set(kinds))
    unknown = [k for k in chosen if k not in KINDS]
    if not chosen or unknown:
        raise InvalidInput("choose event kinds among {kinds}", kinds=", ".join(KINDS))
    return chosen


# -- secrets and signatures ------------------------------------------------------------------------------------
class SecretBox:
    """The hooks' signing secrets, encrypted (AES-GCM) under a key derived from the instance's secret
    (COLLEGIA_SECRET_KEY, or the instance's key file), kept apart from its other uses. Changing that secret makes
    the kept ones unreadable: the hooks must then be registered again."""

    def __init__(self, instance_secret: str) -> None:
        self._aead = AESGCM(hashlib.sha256(b"collegia:webhooks:" + instance_secret.encode()).digest())

    def seal(self, secret: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, secret.encode(), b"collegia-webhook")

    def open(self, sealed: bytes) -> str:
        return self._aead.decrypt(bytes(sealed[:12]), bytes(sealed[12:]), b"collegia-webhook").decode()


def new_secret() -> str:
    return "whsec_" + random.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`v1=` and the hex HMAC-SHA256 of "<timestamp>.<body>" under the hook's secret."""
    return "v1=" + hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, timestamp: str, signed: str, *, at: float | None = None,
           window: int = REPLAY_WINDOW) -> bool:
    """What a receiver checks (docs/webhooks.md has the same lines to copy): the timestamp within `window` seconds
    of its clock, and the signature, compared in constant time."""
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if at is None else at) - stamp) > window:
        return False
    return any(hmac.compare_digest(signature(secret, stamp, body), s.strip()) for s in signed.split(","))


def payload(key: str, kind: str, pole_id: str, occurred_at: datetime, data: dict[str, Any]) -> str:
    stamp = occurred_at if occurred_at.tzinfo else occurred_at.replace(tzinfo=UTC)
    return json.dumps({"id": key, "kind": kind, "pole_id": str(pole_id),
                       "occurred_at": stamp.astimezone(UTC).isoformat(), "data": data},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return value


def _insert_ignoring_duplicates(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert deliveries, skipping any whose idempotency key is already there (planning twice delivers once)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        statement = postgresql.insert(wd).on_conflict_do_nothing(index_elements=["idempotency_key"])
    elif conn.dialect.name == "sqlite":
        statement = sqlite.insert(wd).on_conflict_do_nothing(index_elements=["idempotency_key"])
    else:  # pragma: no cover - the two stores Collegia supports
        raise RuntimeError(f"no idempotent insert for {conn.dialect.name}")
    conn.execute(statement, list(rows))


def _delivery_row(hook_id: int, key: str, kind: str, body: str, position: int | None, at: datetime) -> dict[str, Any]:
    return {"hook_id": hook_id, "idempotency_key": key, "position": position, "kind": kind, "body": body,
            "state": PENDING, "attempts": 0, "next_attempt_at": at, "created_at": at}


# -- the hooks, as the API manages them -------------------------------------------------------------------------
HOOK_COLUMNS = (wh.c.id, wh.c.pole_id, wh.c.url, wh.c.kinds, wh.c.created_by, wh.c.created_at)
DELIVERY_COLUMNS = (wd.c.id, wd.c.hook_id, wd.c.idempotency_key, wd.c.position, wd.c.kind, wd.c.state,
                    wd.c.attempts, wd.c.next_attempt_at, wd.c.last_status, wd.c.last_error, wd.c.delivered_at,
                    wd.c.created_at)


def _hook(row: Any) -> dict[str, Any]:
    hook = dict(row._mapping)
    hook["kinds"] = json.loads(hook["kinds"])
    return hook


def _delivery(row: Any) -> dict[str, Any]:
    delivery = dict(row._mapping)
    if delivery["state"] != PENDING:
        delivery["next_attempt_at"] = None
    return delivery


class Webhooks:
    """A store's hooks and their deliveries (the tables are made on first use where the settings allow it)."""

    def __init__(self, engine: Engine, settings: Settings, instance_secret: str) -> None:
        self.engine, self.settings = engine, settings
        self.box = SecretBox(instance_secret)
        if settings.create_tables:
            wh.metadata.create_all(engine, tables=[wh, wd])

    def register(self, pole_id: str, url: str, kinds: Iterable[str], *, actor: str,
                 after_position: int) -> tuple[dict[str, Any], str]:
        """A new hook and its secret (shown once): it receives the events after `after_position` (the log's end)."""
        url = check_url(url, allow_http_loopback=self.settings.webhooks_allow_http_loopback)
        chosen = check_kinds(kinds)
        secret = new_secret()
        with self.engine.begin() as conn:
            if len(conn.execute(select(wh.c.id).where(wh.c.pole_id == str(pole_id))).all()) >= MAX_HOOKS_PER_POLE:
                raise InvalidInput("a pole has at most {maximum} webhooks: delete one first",
                                   maximum=MAX_HOOKS_PER_POLE)
            hook_id = conn.execute(insert(wh).values(
                pole_id=str(pole_id), url=url, kinds=json.dumps(chosen), secret=self.box.seal(secret),
                after_position=after_position, created_by=actor, created_at=now())).inserted_primary_key[0]
        hook = self.get(pole_id, hook_id)
        assert hook is not None
        return hook, secret

    def list(self, pole_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [_hook(r) for r in conn.execute(select(*HOOK_COLUMNS).where(wh.c.pole_id == str(pole_id))
                                                   .order_by(wh.c.id))]

    def get(self, pole_id: str, hook_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*HOOK_COLUMNS).where(wh.c.id == hook_id, wh.c.pole_id == str(pole_id))).first()
        return None if row is None else _hook(row)

    def delete(self, pole_id: str, hook_id: int) -> bool:
        """Forget a hook and its deliveries (those still pending are never sent)."""
        with self.engine.begin() as conn:
            if conn.execute(select(wh.c.id).where(wh.c.id == hook_id, wh.c.pole_id == str(pole_id))).first() is None:
                return False
            conn.execute(delete(wd).where(wd.c.hook_id == hook_id))
            conn.execute(delete(wh).where(wh.c.id == hook_id))
        return True

    def deliveries(self, hook_id: int) -> list[dict[str, Any]]:
        """The hook's deliveries, newest first."""
        with self.engine.connect() as conn:
            return [_delivery(r) for r in conn.execute(select(*DELIVERY_COLUMNS).where(wd.c.hook_id == hook_id)
                                                       .order_by(wd.c.id.desc()))]

    def delivery(self, hook_id: int, delivery_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*DELIVERY_COLUMNS).where(wd.c.id == delivery_id,
                                                               wd.c.hook_id == hook_id)).first()
        return None if row is None else _delivery(row)

    def requeue(self, hook_id: int, delivery_id: int) -> dict[str, Any]:
        """A failed delivery queued again (its attempts counted afresh, the same idempotency key and body)."""
        with self.engine.begin() as conn:
            moved = conn.execute(update(wd).where(wd.c.id == delivery_id, wd.c.hook_id == hook_id,
                                                  wd.c.state == FAILED)
                                 .values(state=PENDING, attempts=0, next_attempt_at=now())).rowcount
        found = self.delivery(hook_id, delivery_id)
        if not moved and found is not None:
            raise WebhookStateConflict("only a failed delivery is queued again; this one is {state}",
                                       state=found["state"])
        assert found is not None
        return found

    def ping(self, hook: dict[str, Any]) -> dict[str, Any]:
        """A test delivery to the hook, queued now."""
        key = f"ping_{uuid.uuid4().hex}"
        at = now()
        body = payload(key, PING, hook["pole_id"], at, {"hook_id": hook["id"]})
        with self.engine.begin() as conn:
            conn.execute(insert(wd).values(**_delivery_row(hook["id"], key, PING, body, None, at)))
            delivery_id = conn.execute(select(wd.c.id).where(wd.c.idempotency_key == key)).scalar_one()
        found = self.delivery(hook["id"], delivery_id)
        assert found is not None
        return found


# -- the planner -------------------------------------------------------------------------------------------------
class WebhookPlanner:
    """Turns the events the hooks want into delivery rows, from its position in the event log."""

    def __init__(self, app: Any, engine: Engine) -> None:
        self.app, self.engine = app, engine

    def ensure_position(self) -> int:
        """The planner's position; a new planner starts at the log's end."""
        return tracking.ensure_position(self.engine, self.app, TRACKING)

    def _hooks(self) -> dict[str, list[tuple[int, set[str], int]]]:
        by_pole: dict[str, list[tuple[int, set[str], int]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(select(wh.c.id, wh.c.pole_id, wh.c.kinds, wh.c.after_position)):
                by_pole.setdefault(row.pole_id, []).append((row.id, set(json.loads(row.kinds)), row.after_position))
        return by_pole

    def catch_up(self) -> int:
        """Plan the deliveries of every event after the position; the number of deliveries planned."""
        planned = 0
        while True:
            start = self.ensure_position()
            end = self.app.recorder.max_notification_id() or 0
            if end <= start:
                return planned
            hooks = self._hooks()  # read after `end`: a hook registered later starts after it
            wanted = {kind for pole in hooks.values() for _, kinds, _ in pole for kind in kinds}
            notifications = self.app.recorder.select_notifications(
                start=start, limit=SECTION, stop=end, topics=list(TOPICS), inclusive_of_start=False)
            new_position = notifications[-1].id if len(notifications) == SECTION else end
            rows: list[dict[str, Any]] = []
            for notification in notifications:
                if TOPICS[notification.topic] not in wanted:
                    continue
                try:
                    rows.extend(self._plan(notification, hooks))
                except (DBAPIError, OSError):
                    raise  # the database or the disk, for now: the section is planned again, nothing skipped
                except Exception:  # an event that can never be composed (a bug): logged, the others go on
                    logger.exception("webhooks: event %d (%s) could not be planned", notification.id,
                                     notification.topic)
            with self.engine.begin() as conn:
                moved = conn.execute(update(mail_tracking).where(
                    mail_tracking.c.name == TRACKING, mail_tracking.c.position == start)
                    .values(position=new_position)).rowcount
                if not moved:  # another planner moved first: it planned these (the keys would skip them anyway)
                    continue
                _insert_ignoring_duplicates(conn, rows)
            planned += len(rows)

    def _plan(self, notification: Any, hooks: dict[str, list[tuple[int, set[str], int]]]) -> list[dict[str, Any]]:
        kind = TOPICS[notification.topic]
        event = self.app.mapper.to_domain_event(notification)
        composed = self.compose(kind, event)
        if composed is None:
            return []
        pole_id, data = composed
        at = now()
        rows = []
        for hook_id, kinds, after in hooks.get(pole_id, []):
            if kind in kinds and notification.id > after:
                key = f"evt_{notification.id}_{hook_id}"
                rows.append(_delivery_row(hook_id, key, kind, payload(key, kind, pole_id, event.timestamp, data),
                                          notification.id, at))
        return rows

    # -- composing: ids and public facts only ---------------------------------------------------------------
    def compose(self, kind: str, event: Any) -> tuple[str, dict[str, Any]] | None:
        """(the pole's id, the payload's data) of an event, or None when it delivers nothing."""
        if kind == PROPOSAL_OPENED:
            proposal: Proposal = self.app.get_proposal(event.originator_id, version=event.originator_version)
            return str(proposal.pole_id), {
                "proposal_id": str(proposal.id), "title": proposal.title, "proposal_kind": proposal.kind,
                "secret": bool(proposal.secret), "body": proposal.body, "assembly_id": proposal.assembly_id,
                "closes_at": _iso(proposal.closes_at), "electorate": len(proposal.electorate)}
        if kind == PROPOSAL_CLOSED:
            return self._closed(event)
        if kind in (MEMBER_ADMITTED, MEMBER_WITHDRAWN, MEMBER_EXCLUDED):
            pole: Pole = self.app.get_pole(event.originator_id, version=event.originator_version)
            member = pole.members.get(str(event.member_id), {})
            data = {"member_id": str(event.member_id), "name": member.get("name")}
            if kind != MEMBER_WITHDRAWN:
                data.update(decision=event.decision,
                            proposal_id=None if event.proposal_id is None else str(event.proposal_id))
            return str(pole.id), data
        if kind == ASSEMBLY_CONVENED:
            return str(event.pole_id), {
                "assembly_id": str(event.originator_id), "assembly_kind": event.kind, "held_at": _iso(event.held_at),
                "place": event.place, "mode": event.mode, "convocation": event.convocation,
                "agenda": [str(p) for p in event.agenda]}
        if kind == MINUTES_SIGNED:
            return self._signed(event)
        return None  # pragma: no cover - every kind above

    def _closed(self, event: Any) -> tuple[str, dict[str, Any]]:
        """The result as the result mail gives it: the outcome, the weighted result and threshold, the turnout, and
        per college the counts unless, in a secret ballot, they would reveal its voters' choices; an election's
        elected candidates. Never a ballot, never who voted."""
        proposal: Proposal = self.app.get_proposal(event.originator_id, version=event.originator_version)
        tally = event.tally
        details = tally.get("details") or {}
        elected = [{"name": c["name"], "seat": c["seat"]} for c in details.get("candidates", [])
                   if c.get("elected")] if details.get("election") else None
        colleges = [] if elected is not None else [
            {"code": c["code"], "name": c["name"], "electorate": c["electorate"],
             **({"published": False, "participants": None, "votes_for": None, "votes_against": None,
                 "abstentions": None} if proposal.secret and c["reveals_ballots"] else
                {"published": True, "participants": c["participants"], "votes_for": c["votes_for"],
                 "votes_against": c["votes_against"], "abstentions": c["abstentions"]})}
            for c in tally["colleges"]]
        return str(proposal.pole_id), {
            "proposal_id": str(proposal.id), "title": proposal.title, "proposal_kind": proposal.kind,
            "secret": bool(proposal.secret), "body": proposal.body, "assembly_id": proposal.assembly_id,
            "outcome": event.outcome, "automatic": bool(event.automatic), "closed_at": _iso(event.closed_at),
            "result": tally["result"], "threshold": tally["threshold"], "threshold_met": tally["threshold_met"],
            "quorum_met": tally["quorum_met"], "participants": tally["participants"], "entitled": tally["entitled"],
            "colleges": colleges, "elected": elected}

    def _signed(self, event: Any) -> tuple[str, dict[str, Any]] | None:
        """Minutes signed, once: by the signature that completes the chair's and the secretary's on one document
        (as the minutes mail)."""
        minutes: Minutes = self.app.repository.get(event.originator_id, version=event.originator_version)
        same = [s for s in minutes.signatures() if s["digest"] == event.digest]
        needed = {"chair", "secretary"}
        before = {s["capacity"] for s in same if s["number"] != event.number}
        if not needed <= {s["capacity"] for s in same} or needed <= before:
            return None
        return str(minutes.pole_id), {
            "minutes_id": str(minutes.id), "subject_type": minutes.subject_type, "subject_id": str(minutes.subject_id),
            "sha256": event.digest, "signatures": [{"capacity": s["capacity"], "at": _iso(s["at"])} for s in same]}


# -- the deliverer -----------------------------------------------------------------------------------------------
class RefusedDestination(Exception):
    """The host resolves to an address a hook may not reach (private, loopback, link-local…)."""


class _Connection(http.client.HTTPConnection):
    """http.client's connection to an address checked beforehand (no second lookup: no DNS rebinding)."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _TlsConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class Deliverer:
    """POSTs the due deliveries, signed, and records each answer."""

    def __init__(self, engine: Engine, settings: Settings, instance_secret: str, *,
                 retry_seconds: float = RETRY_SECONDS, max_attempts: int = MAX_ATTEMPTS) -> None:
        self.engine, self.settings = engine, settings
        self.box = SecretBox(instance_secret)
        self.retry_seconds, self.max_attempts, self.timeout = retry_seconds, max_attempts, TIMEOUT

    def due(self, at: datetime, limit: int = BATCH) -> list[Any]:
        with self.engine.connect() as conn:
            return conn.execute(select(wd.c.id, wd.c.idempotency_key, wd.c.body, wd.c.attempts, wd.c.next_attempt_at,
                                       wh.c.url, wh.c.secret).join(wh, wh.c.id == wd.c.hook_id)
                                .where(wd.c.state == PENDING, wd.c.next_attempt_at <= at)
                                .order_by(wd.c.next_attempt_at, wd.c.id).limit(limit)).all()

    def next_due_in(self) -> float | None:
        """Seconds until the next pending delivery is due (None: nothing pending)."""
        with self.engine.connect() as conn:
            first = conn.execute(select(wd.c.next_attempt_at).where(wd.c.state == PENDING)
                                 .order_by(wd.c.next_attempt_at).limit(1)).scalar()
        return None if first is None else max(0.0, (first - now()).total_seconds())

    def deliver_due(self, at: datetime | None = None, stopping: threading.Event | None = None) -> int:
        """Make one attempt of each due delivery (claimed first); the number of attempts made."""
        made = 0
        for row in self.due(at or now()):
            if stopping is not None and stopping.is_set():
                break
            if self._claim(row):
                self._attempt(row)
                made += 1
        return made

    def _claim(self, row: Any) -> bool:
        """This process makes the attempt: the row's attempt count and due time move together, or another process
        claimed it first."""
        with self.engine.begin() as conn:
            return conn.execute(update(wd).where(
                wd.c.id == row.id, wd.c.state == PENDING, wd.c.attempts == row.attempts,
                wd.c.next_attempt_at == row.next_attempt_at)
                .values(attempts=row.attempts + 1, next_attempt_at=now() + CLAIM)).rowcount == 1

    def _attempt(self, row: Any) -> None:
        attempts = row.attempts + 1
        status: int | None = None
        try:
            secret = self.box.open(row.secret)
        except Exception:
            self._record(row.id, attempts, FAILED, None, "the hook's secret cannot be read with this instance's secret "
                         "key (it changed?): register the hook again")
            return
        try:
            status = self.post(row.url, row.body.encode(), row.idempotency_key, secret)
        except RefusedDestination as refused:
            self._record(row.id, attempts, FAILED, None, str(refused))
            return
        except (OSError, http.client.HTTPException) as error:
            error_text = f"{type(error).__name__}: {error}"[:500]
        else:
            if 200 <= status < 300:
                self._record(row.id, attempts, DELIVERED, status, None)
                return
            error_text = f"the receiver answered {status}"
        if attempts >= self.max_attempts:
            self._record(row.id, attempts, FAILED, status, error_text)
            return
        delay = min(timedelta(seconds=self.retry_seconds * 2 ** (attempts - 1)), MAX_DELAY)
        self._record(row.id, attempts, PENDING, status, error_text, next_attempt_at=now() + delay)

    def _record(self, delivery_id: int, attempts: int, state: str, status: int | None, error: str | None,
                next_attempt_at: datetime | None = None) -> None:
        """The outcome of attempt number `attempts`; dropped when the row has moved on since (a receiver so slow that
        the claim expired and another process attempted again: the later attempt's outcome stands)."""
        values: dict[str, Any] = {"state": state, "last_status": status, "last_error": error}
        if state == DELIVERED:
            values["delivered_at"] = now()
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        with self.engine.begin() as conn:
            conn.execute(update(wd).where(wd.c.id == delivery_id, wd.c.attempts == attempts).values(**values))

    def destination(self, url: str) -> tuple[str, str, int, str]:
        """(scheme, host, port, address to connect to): the host resolved now, every address it has checked."""
        allow = self.settings.webhooks_allow_http_loopback
        try:
            check_url(url, allow_http_loopback=allow)
        except InvalidInput as refused:
            raise RefusedDestination(refused.message) from None
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [info[4][0] for info in infos]
        if not addresses or not all(address_allowed(_address(a), allow_loopback=allow) for a in addresses):
            raise RefusedDestination(f"{host} resolves to a private, loopback, link-local or reserved address")
        if parts.scheme == "http" and not all(_address(a).is_loopback for a in addresses):
            raise RefusedDestination("http:// only to a loopback address")
        return parts.scheme, host, port, addresses[0]

    def post(self, url: str, body: bytes, key: str, secret: str) -> int:
        """POST the body to the hook's URL, signed; the receiver's status (redirects are not followed)."""
        scheme, host, port, address = self.destination(url)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        timestamp = int(time.time())
        connection_class = _TlsConnection if scheme == "https" else _Connection
        connection = connection_class(host, address, port, self.timeout)
        try:
            connection.request("POST", path, body=body, headers={
                "Content-Type": "application/json", "User-Agent": "Collegia-Webhooks/1", ID_HEADER: key,
                TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)})
            response = connection.getresponse()
            response.read(65536)
            return response.status
        finally:
            connection.close()


# -- in the background ------------------------------------------------------------------------------------------
MAX_BACKOFF = 60.0


class WebhookService:
    """The planner and the deliverer in one thread: plan what the log holds, then deliver what is due."""

    def __init__(self, system: Any, *, poll_interval: float | None = None,
                 retry_seconds: float = RETRY_SECONDS) -> None:
        self.system = system
        self.settings = system.settings
        secret = self.settings.secret_key()
        self.store = Webhooks(system.engine, self.settings, secret)  # makes the tables where allowed
        self.planner = WebhookPlanner(system.app, system.engine)
        self.deliverer = Deliverer(system.engine, self.settings, secret, retry_seconds=retry_seconds)
        self.poll_interval = self.settings.mail_poll_interval if poll_interval is None else poll_interval
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> "WebhookService":
        self.planner.ensure_position()
        self.thread = threading.Thread(target=self._loop, name="webhooks", daemon=True)
        self.thread.start()
        logger.info("webhooks: started")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _loop(self) -> None:
        backoff = 0.5
        while not self.stopping.is_set():
            try:
                self.planner.catch_up()
                self.deliverer.deliver_due(stopping=self.stopping)
                due_in = self.deliverer.next_due_in()
            except Exception:
                logger.exception("webhooks failed; retrying in %.1f s", backoff)
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 0.5
            self.stopping.wait(self.poll_interval if due_in is None else min(max(due_in, 0.05), self.poll_interval))
