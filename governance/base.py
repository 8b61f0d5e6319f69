"""The aggregate base: every event carries its actor and takes its time from `governance.clock`."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from governance import clock
from governance.errors import InvalidInput

MAX_TEXT = 100_000
MAX_NAME = 200


class GovernanceAggregate(Aggregate):
    """Aggregate whose events are timestamped by the (freezable) governance clock.

    State convention: nested entries (a member, a ballot, a proxy) are replaced, never
    mutated in place. Copying an aggregate (the repository copies cached aggregates
    before each command) then only needs to duplicate the top-level containers, which
    keeps commands on a proposal with thousands of ballots cheap.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> "GovernanceAggregate":
        clone = object.__new__(type(self))
        for name, value in self.__dict__.items():
            if isinstance(value, dict):
                value = dict(value)
            elif isinstance(value, list):
                value = list(value)
            clone.__dict__[name] = value
        return clone

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
        raise InvalidInput("{field} must be text", field=field)
    text = value.strip()
    if required and not text:
        raise InvalidInput("{field} is required", field=field)
    if len(text) > max_length:
        raise InvalidInput("{field} is too long ({length} characters, at most {maximum})",
                           field=field, length=len(text), maximum=max_length)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text):
        raise InvalidInput("{field} contains control characters", field=field)
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise InvalidInput("{field} contains an invalid character (a lone surrogate)", field=field)
    return text


def clean_actor(actor: object) -> str:
    """Every event names who did it."""
    return clean_text(actor, "actor", max_length=MAX_NAME)
