"""The aggregate base: every event carries its actor and takes its time from `governance.clock`."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from eventsourcing.domain import Aggregate

from governance import clock
from governance.errors import InvalidInput

MAX_TEXT = 100_000
MAX_NAME = 200


class GovernanceAggregate(Aggregate):
    """Aggregate whose events are timestamped by the (freezable) governance clock."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, Aggregate.Created):
        pass


def clean_text(value: object, field: str, *, max_length: int = MAX_NAME, required: bool = True) -> str:
    """Normalise free text from users; refuse empty (when required), oversized or control characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text")
    text = value.strip()
    if required and not text:
        raise InvalidInput(f"{field} is required")
    if len(text) > max_length:
        raise InvalidInput(f"{field} is too long ({len(text)} characters, at most {max_length})")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text):
        raise InvalidInput(f"{field} contains control characters")
    return text


def clean_actor(actor: object) -> str:
    """Every event names who did it."""
    return clean_text(actor, "actor", max_length=MAX_NAME)
