"""Mail in the background: the planner and the sender as threads of a long-running process.

`collegia run` (the embedded mode) and `collegia project` (the production worker) start a
`MailService`; `collegia mail` runs one alone. The planner looks at the event log every
`COLLEGIA_MAIL_POLL_INTERVAL` seconds (1 by default) and plans reminders and digests every
`CLOCK_EVERY` seconds; the sender, only when `COLLEGIA_SMTP_URL` is set and this process holds the
store's sender lock, is woken as soon as something is planned. Without an SMTP server the messages
stay in the outbox (queued), readable on the outbox pages. No command waits for mail.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from notifications.planner import MailPlanner
from notifications.sender import Sender, SenderLock

logger = logging.getLogger("collegia.mail")
CLOCK_EVERY = 30.0  # seconds between two looks for reminders and digests due
MAX_BACKOFF = 60.0


class MailService:
    def __init__(self, system: Any, *, send: bool | None = None, clock_every: float = CLOCK_EVERY) -> None:
        self.system = system
        self.settings = system.settings
        self.planner = MailPlanner(system.app, system.engine, system.settings)
        self.sending = bool(self.settings.smtp_url) if send is None else send
        self.sender = Sender(system.engine, system.settings) if self.sending else None
        self.lock = SenderLock(system.engine, system.settings)
        self.clock_every = clock_every
        self.stopping = threading.Event()
        self.wake_sender = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> "MailService":
        self.planner.ensure_position()
        self.threads = [threading.Thread(target=self._plan_loop, name="mail-planner", daemon=True)]
        if self.sender is not None:
            self.threads.append(threading.Thread(target=self._send_loop, name="mail-sender", daemon=True))
        for thread in self.threads:
            thread.start()
        logger.info("mail: planner started%s", ", sending to " + self.sender.target.host if self.sender else
                    " (no COLLEGIA_SMTP_URL: messages stay in the outbox)")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.wake_sender.set()
        if self.sender is not None:
            self.sender.stopping.set()
        for thread in self.threads:
            thread.join(timeout)
        if self.sender is not None:
            self.sender.close()
        self.lock.release()

    def _plan_loop(self) -> None:
        backoff = 0.5
        last_clock = float("-inf")
        while not self.stopping.is_set():
            try:
                planned = self.planner.catch_up()
                if time.monotonic() - last_clock >= self.clock_every:
                    planned += self.planner.plan_reminders() + self.planner.plan_digests()
                    last_clock = time.monotonic()
            except Exception:
                logger.exception("mail planner failed; retrying in %.1f s", backoff)
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 0.5
            if planned:
                logger.info("mail: %d message(s) planned", planned)
                self.wake_sender.set()
            self.stopping.wait(self.settings.mail_poll_interval)

    def _send_loop(self) -> None:
        assert self.sender is not None
        backoff = 0.5
        while not self.stopping.is_set():
            if not self.lock.held():
                if not self.lock.acquire():
                    self.stopping.wait(5.0)  # another process sends this store's mail: stand by
                    continue
                logger.info("mail: this process sends the store's mail")
            self.wake_sender.clear()
            try:
                sent = self.sender.send_due()
                wait = self.sender.paused_for() or (0.0 if sent else (self.sender.next_due_in() or 5.0))
            except Exception:
                logger.exception("mail sender failed; retrying in %.1f s", backoff)
                wait, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
            else:
                backoff = 0.5
            if wait:
                self.wake_sender.wait(min(wait, 5.0))
