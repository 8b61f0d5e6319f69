"""A follower's position in the event log (`mail_tracking`, one row per follower: the mail planner, the webhooks'
planner), read and started the same way for each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, select

from infrastructure.accounts_tables import mail_tracking


def topic(cls: type) -> str:
    """The stored topic of an event class, as the log names it (what a follower picks its events by)."""
    return f"{cls.__module__}:{cls.__qualname__}"


def position(engine: Engine, name: str) -> int | None:
    """The follower's position, None before it first started."""
    with engine.connect() as conn:
        return conn.execute(select(mail_tracking.c.position).where(mail_tracking.c.name == name)).scalar()


def ensure_position(engine: Engine, app: Any, name: str) -> int:
    """The follower's position; a new follower starts at the log's end (history is not replayed to people nor
    programs). Two starting at once keep the first row."""
    found = position(engine, name)
    if found is None:
        start = app.recorder.max_notification_id() or 0
        with engine.begin() as conn:
            if conn.execute(select(mail_tracking.c.position).where(mail_tracking.c.name == name)).first() is None:
                conn.execute(insert(mail_tracking).values(name=name, position=start))
        found = position(engine, name)
    assert found is not None
    return found
