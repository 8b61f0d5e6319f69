"""Delivering the outbox over SMTP.

One sender per store (`SenderLock`: an advisory lock on PostgreSQL, a file lock beside the SQLite
store), so that two processes never send the same message. The sender takes the due messages
(queued, their time reached), most urgent first, and sends them over one connection, paced to
`COLLEGIA_MAIL_RATE` messages per second. Each message is marked sent in its own transaction as
soon as the server has accepted it:

- a server that cannot take mail (unreachable, TLS refused, login or From refused, 421) pauses the
  sender: every message waits, none spends an attempt; the sender tries again after
  `COLLEGIA_MAIL_RETRY_SECONDS`, then twice as long each time, up to 10 minutes (an outage of any
  length loses nothing);
- a message refused for now (4xx to RCPT or DATA) waits for a later attempt,
  `COLLEGIA_MAIL_RETRY_SECONDS` after the first refusal and twice as long after each next one (up to
  6 hours), at most `MAX_ATTEMPTS` times (about a day and a half), then `failed` with the server's
  last answer;
- a refusal of the recipient (5xx to RCPT) marks it `bounced`, any other 5xx `failed`; a secretary
  or admin may queue it again from the outbox page;
- a message whose person no longer belongs to its pole is `cancelled`, never sent.

Killed at any point, the sender loses nothing: what was not marked sent is sent after a restart.
The one window SMTP itself leaves (RFC 1047: the server has accepted a message, the sender dies
before recording it) may send that one message twice; it keeps its Message-ID, so the reader's
mail client shows it once (docs/mail.md).
"""

from __future__ import annotations

import fcntl
import functools
import logging
import queue
import smtplib
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from email.utils import parseaddr
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from sqlalchemy import Engine, bindparam, select, update


from infrastructure.accounts_tables import mail_messages, users
from infrastructure.config import Settings
from notifications import compose, outbox
from notifications.kinds import BOUNCED, CANCELLED, DEPARTED, FAILED, QUEUED, SENT, UNAVAILABLE, UNCOMPOSABLE

logger = logging.getLogger("collegia.mail")
MAX_ATTEMPTS = 12  # of a message refused for a while (4xx): 30 s, 1 min, … up to 6 h apart, about 1.5 days
MAX_PAUSE = 600.0  # seconds at most between two tries of a server that cannot take mail
BATCH = 200  # due messages read at once (new urgent ones are looked for again after each batch)
IDLE_CLOSE = 30.0  # seconds an unused SMTP connection stays open
ADVISORY_KEY = 0x6D61696C  # "mail"
COMPOSED_AHEAD = 32  # messages composed ahead of the one being sent


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> "SmtpTarget":
        """`smtp://user:password@host:port`, `smtps://…` (implicit TLS), `smtp://…?starttls=1`."""
        parsed = urlparse(url)
        if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
            raise ValueError("COLLEGIA_SMTP_URL must look like smtp://user:password@host:port or smtps://host:port")
        query = parse_qs(parsed.query)
        starttls = (query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes", "y", "on"))
        implicit = parsed.scheme == "smtps"
        return cls(host=parsed.hostname, port=parsed.port or (465 if implicit else 587 if starttls else 25),
                   implicit_tls=implicit, starttls=starttls and not implicit,
                   username=unquote(parsed.username) if parsed.username else None,
                   password=unquote(parsed.password) if parsed.password else None)


class SenderLock:
    """Held by the one process sending a store's mail; others wait as standby."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine, self.settings = engine, settings
        self._conn: Any = None
        self._file: Any = None

    def acquire(self) -> bool:
        if self.settings.is_postgres:
            import psycopg
            conn = psycopg.connect(self.settings.psycopg_url(), autocommit=True, connect_timeout=10)
            key = ADVISORY_KEY ^ zlib.crc32((self.settings.schema or "").encode())  # one lock per store (schema)
            if conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
                self._conn = conn
                return True
            conn.close()
            return False
        database = self.settings._sqlite_path()  # beside the store it guards, wherever the instance directory is
        path = database.with_name(database.name + ".mail-sender.lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        file = open(path, "a+")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.close()
            return False
        self._file = file
        return True

    def held(self) -> bool:
        """Whether this process still holds the lock (a PostgreSQL connection that dropped has lost it)."""
        if self._file is not None:
            return True
        if self._conn is None:
            return False
        try:
            self._conn.execute("SELECT 1")
            return True
        except Exception:
            self.release()
            return False

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None
        if self._file is not None:
            self._file.close()
            self._file = None


class Sender:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        if not settings.smtp_url:
            raise ValueError("no SMTP server: set COLLEGIA_SMTP_URL (messages stay in the outbox meanwhile)")
        self.engine = engine
        self.settings = settings
        self.target = SmtpTarget.parse(settings.smtp_url)
        self.interval = 1.0 / settings.mail_rate if settings.mail_rate > 0 else 0.0
        self._smtp: smtplib.SMTP | None = None
        self._last_use = 0.0
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._pause_delay = 0.0
        self.stopping = threading.Event()

    # -- the connection ---------------------------------------------------------------------------
    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.smtp_ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self._smtp is not None and time.monotonic() - self._last_use < IDLE_CLOSE:
            return self._smtp
        self.close()
        target = self.target
        if target.implicit_tls:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port, timeout=30, context=self._tls_context())
        else:
            smtp = smtplib.SMTP(target.host, target.port, timeout=30)
            if target.starttls:
                smtp.starttls(context=self._tls_context())
        if target.username:
            smtp.login(target.username, target.password or "")
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _pace(self) -> None:
        if self.interval:
            wait = self._next_slot - time.monotonic()
            if wait > 0:
                self.stopping.wait(wait)
            self._next_slot = max(self._next_slot, time.monotonic()) + self.interval

    # -- sending --------------------------------------------------------------------------------
    def due(self, limit: int = BATCH) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(mail_messages, users.c.name.label("recipient_name"))
                .outerjoin(users, users.c.id == mail_messages.c.user_id)
                .where(mail_messages.c.state == QUEUED, mail_messages.c.next_attempt_at <= outbox.now())
                .order_by(mail_messages.c.priority, mail_messages.c.id).limit(limit))]

    def _cancel_departed(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Drop (cancelled) the messages whose person left since they were planned (`outbox.departed`)."""
        with self.engine.begin() as conn:
            gone = outbox.departed(conn, rows)
            if gone:
                conn.execute(update(mail_messages).where(mail_messages.c.id.in_(gone), mail_messages.c.state == QUEUED)
                             .values(state=CANCELLED, last_error=DEPARTED))
        return [r for r in rows if r["id"] not in gone]

    def send_due(self, limit: int = BATCH) -> int:
        """Send what is due (one batch); the number sent. Raises nothing on SMTP trouble: the messages
        stay queued for later and the error is recorded on them.

        The next messages are composed in a second thread while the server answers the current one (the
        composing is Python work, the waiting is not: together they take about half the time). Each message
        is still marked sent, in its own transaction, before the next one is handed to the server."""
        if self.paused_for():
            return 0
        rows = self._cancel_departed(self.due(limit))
        if not rows:
            return 0
        ready: queue.Queue[tuple[dict[str, Any], bytes | Exception] | None] = queue.Queue(maxsize=COMPOSED_AHEAD)
        abandon = threading.Event()
        sender = _address(self.settings.mail_from)

        def compose_ahead() -> None:
            for row in rows:
                if abandon.is_set():
                    break
                try:
                    data: bytes | Exception = compose.email_bytes(row, self.settings.mail_from, row.get("recipient_name"))
                except Exception as error:  # reported on that message, the others go on
                    data = error
                ready.put((row, data))
            ready.put(None)

        # Each mark is a transaction of its own, one statement on a connection held for the batch (one round
        # trip to the database per message, not four): it is recorded before the next message is sent.
        marks = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        threading.Thread(target=compose_ahead, name="mail-compose", daemon=True).start()
        count = 0
        item: tuple[dict[str, Any], bytes | Exception] | None = None
        mark = update(mail_messages).where(mail_messages.c.id == bindparam("message")).values(
            state=SENT, sent_at=bindparam("at"), attempts=bindparam("tries"), last_error=None)
        try:
            while (item := ready.get()) is not None:
                row, data = item
                if self.stopping.is_set():
                    break
                if isinstance(data, Exception):
                    self._failed(row, 554, f"{UNCOMPOSABLE}{data!r}", FAILED)
                    continue
                self._pace()
                try:
                    self._connect().sendmail(sender, [row["recipient"]], data)
                except smtplib.SMTPRecipientsRefused as error:
                    code, answer = next(iter(error.recipients.values()))
                    self._failed(row, code, answer, BOUNCED)
                    continue
                except (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused, smtplib.SMTPConnectError,
                        smtplib.SMTPHeloError) as error:
                    # The server's account, our From or the connection refused: no message is at fault, all wait.
                    self._pause(row, f"{error.smtp_code} {_text(error.smtp_error)}")
                    break
                except smtplib.SMTPResponseException as error:  # this message refused (DATA, or 4xx to RCPT)
                    if error.smtp_code == 421:  # the server closes the connection: it is unavailable, not the message
                        self._pause(row, f"{error.smtp_code} {_text(error.smtp_error)}")
                        break
                    self._failed(row, error.smtp_code, error.smtp_error, FAILED)
                    if error.smtp_code >= 500:
                        continue
                    self.close()
                    break  # a temporary trouble: the rest waits for the next pass
                except (OSError, smtplib.SMTPException) as error:  # unreachable, disconnected, TLS…
                    self._pause(row, str(error) or type(error).__name__)
                    break
                self._last_use = time.monotonic()
                marks.execute(mark, {"message": row["id"], "at": outbox.now(), "tries": row["attempts"] + 1})
                self._pause_delay = 0.0
                count += 1
        finally:
            marks.close()
            abandon.set()
            while item is not None:  # stopped early: let the composing thread finish
                item = ready.get()
        return count

    def paused_for(self) -> float:
        """Seconds the sender waits before trying the server again (0 when it is not paused)."""
        return max(self._paused_until - time.monotonic(), 0.0)

    def _pause(self, row: dict[str, Any], error: str) -> None:
        """The server cannot take mail now (unreachable, TLS, login, our From refused): every message waits, none
        spends an attempt; the sender tries again after a delay doubling up to MAX_PAUSE. The answer is recorded
        on the message at the head of the queue, for the outbox page."""
        self.close()
        self._pause_delay = min(self._pause_delay * 2, MAX_PAUSE) if self._pause_delay else \
            max(self.settings.mail_retry_seconds, 0.01)
        self._paused_until = time.monotonic() + self._pause_delay
        with self.engine.begin() as conn:
            conn.execute(update(mail_messages).where(mail_messages.c.id == row["id"])
                         .values(last_error=f"{UNAVAILABLE}{error}"[:500]))
        logger.warning("mail: the SMTP server cannot take mail (%s); trying again in %.1f s", error[:200],
                       self._pause_delay)

    def _failed(self, row: dict[str, Any], code: int | None, answer: Any, final: str) -> None:
        """Record a failure: permanent (5xx) at once, temporary until the attempts are spent."""
        text = _text(answer)
        error = (f"{code} {text}" if code else text)[:500]
        attempts = row["attempts"] + 1
        permanent = code is not None and code >= 500
        values: dict[str, Any] = {"attempts": attempts, "last_error": error}
        if permanent or attempts >= MAX_ATTEMPTS:
            values["state"] = final if permanent else FAILED
        else:
            delay = self.settings.mail_retry_seconds * 2 ** (attempts - 1)
            values["next_attempt_at"] = outbox.now() + timedelta(seconds=min(delay, 6 * 3600))
        with self.engine.begin() as conn:
            conn.execute(update(mail_messages).where(mail_messages.c.id == row["id"]).values(**values))
        logger.warning("mail %d to %s: %s (%s)", row["id"], _masked(row["recipient"]), error,
                       values.get("state", "will retry"))

    def next_due_in(self) -> float | None:
        """Seconds until the next queued message is due (None when none is queued)."""
        with self.engine.connect() as conn:
            first = conn.execute(select(mail_messages.c.next_attempt_at).where(mail_messages.c.state == QUEUED)
                                 .order_by(mail_messages.c.next_attempt_at).limit(1)).scalar()
        if first is None:
            return None
        return max((first - outbox.now()).total_seconds(), 0.0)


def _text(answer: Any) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


@functools.lru_cache(maxsize=8)
def _address(mail_from: str) -> str:
    return parseaddr(mail_from)[1] or mail_from


def _masked(address: str) -> str:
    """An address as logs show it: enough to tell messages apart, not a list of members' addresses."""
    local, _, domain = address.partition("@")
    return f"{local[:2]}…@{domain}"

