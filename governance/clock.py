"""The time of governance facts: real UTC time, or a frozen time for replays and demos."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Iterator
from zoneinfo import ZoneInfo

# The time zone of the pole's days (a convocation's sending day, a meeting's day, what pages and mail show).
PARIS = ZoneInfo("Europe/Paris")

_frozen: ContextVar[datetime | None] = ContextVar("collegia_frozen_time", default=None)


def now() -> datetime:
    """Return the current time, timezone-aware (UTC unless frozen)."""
    return _frozen.get() or datetime.now(UTC)


def today() -> date:
    """The pole's day now: Paris's calendar day, which differs from UTC's between 22:00 or 23:00 UTC and midnight."""
    return now().astimezone(PARIS).date()


@contextmanager
def frozen_time(at: datetime) -> Iterator[None]:
    """Record every event inside the block as happening at `at` (demo loads, tests)."""
    if at.tzinfo is None:
        raise ValueError("frozen_time needs a timezone-aware datetime")
    token = _frozen.set(at)
    try:
        yield
    finally:
        _frozen.reset(token)
