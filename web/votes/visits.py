"""When a person last read a proposal's discussion (issue 23): the comments posted since are marked « nouveau ».

A screen's state, kept in the web's own table `web_discussion_visits` (infrastructure/accounts_tables.py), not a
governance fact: reading a page records no event (docs/architecture.md, « No GET writes » is about the register).
Times are naive UTC, as the read models' `posted_at`, taken from the governance clock (which tests may freeze)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Iterable

from flask import current_app
from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from governance import clock
from infrastructure.accounts_tables import discussion_visits as v
from projections.queries import read_connection

BATCH = 500  # ids per query (SQLite's bound parameters)


class Visits:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def last_seen(self, user_id: int, proposal_ids: Iterable[str]) -> dict[str, datetime]:
        """When the person last read each of these discussions (absent: never)."""
        ids = [str(p) for p in proposal_ids]
        seen: dict[str, datetime] = {}
        with read_connection(self.engine) as conn:
            for start in range(0, len(ids), BATCH):
                seen.update(tuple(row) for row in conn.execute(
                    select(v.c.proposal_id, v.c.seen_at).where(v.c.user_id == user_id,
                                                               v.c.proposal_id.in_(ids[start:start + BATCH]))))
        return seen

    def seen(self, user_id: int, proposal_id: str, at: datetime | None = None) -> None:
        """The person has just read the discussion (a later time than the one kept only)."""
        when = (at or clock.now()).astimezone(UTC).replace(tzinfo=None)
        with self.engine.begin() as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            conn.execute(dialect.insert(v).values(user_id=user_id, proposal_id=str(proposal_id), seen_at=when)
                         .on_conflict_do_nothing())
            conn.execute(update(v).where(v.c.user_id == user_id, v.c.proposal_id == str(proposal_id),
                                         v.c.seen_at < when).values(seen_at=when))


def visits() -> Visits:
    """The app's visits store (made on first use, beside the accounts')."""
    store = current_app.extensions.get("collegia.visits")
    if store is None:
        store = current_app.extensions["collegia.visits"] = Visits(current_app.extensions["collegia"].engine)
    return store
