"""The regional networks the instance declares and their coordinators (issue 24).

A network (e.g. a CRESS's regional cell) is a platform setting, like an account: the administrator declares it and
appoints its coordinators (accounts, by e-mail address); its rows live in the accounts' tables
(`web_networks`, `web_network_coordinators`, infrastructure/accounts_tables.py; Alembic revision 0013_networks).
A pole joins one only by its own decision (a proposal with the effect `join_network`): that fact is the pole's
event, never a row here. What a coordinator reads of a pole is `web.networks.shared.shared_view`.

Being a coordinator is not a role in a pole: `Networks.coordinated_by(user_id)` says which networks a person
coordinates (the pages ask it; `web.accounts.store.User` knows nothing of networks), and a coordinator with no role
in a pole gets 403 on every page of it, as anyone else.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from governance.base import MAX_NAME, clean_name, clean_text
from governance.errors import InvalidInput
from infrastructure.accounts_tables import network_coordinators as nc, networks as nw, users
from projections.queries import read_connection

MAX_DESCRIPTION = 2000
EXTENSION = "collegia.networks"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def network_key(network_id: object) -> str | None:
    """The network id as stored (a UUID's text), or None when it cannot name one."""
    try:
        return str(uuid.UUID(str(network_id)))
    except ValueError:
        return None


class Networks:
    """The declared networks and who coordinates them, bound to one engine (the accounts')."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def declare(self, name: str, description: str = "", *, network_id: object = None) -> str:
        """A new network; its id (a new UUID, unless `network_id` names one: the demo's network is always the same).
        Two networks never share a name (whatever its case) nor an id."""
        name = clean_name(name, "name", max_length=MAX_NAME)
        description = clean_text(description, "description", max_length=MAX_DESCRIPTION, required=False)
        key = str(uuid.uuid4()) if network_id is None else network_key(network_id)
        if key is None:
            raise InvalidInput("a network's id is a UUID")
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(nw.c.id).where(func.lower(nw.c.name) == name.lower())).first():
                    raise InvalidInput("a network named {name} already exists", name=name)
                if conn.execute(select(nw.c.id).where(nw.c.id == key)).first():
                    raise InvalidInput("a network with this id already exists")
                conn.execute(insert(nw).values(id=key, name=name, description=description, created_at=_now()))
        except IntegrityError:  # declared meanwhile under the same name (the column is unique)
            raise InvalidInput("a network named {name} already exists", name=name) from None
        return key

    def get(self, network_id: object) -> dict[str, Any] | None:
        key = network_key(network_id)
        if key is None:
            return None
        with read_connection(self.engine) as conn:
            row = conn.execute(select(nw).where(nw.c.id == key)).first()
        return dict(row._mapping) if row else None

    def all(self) -> list[dict[str, Any]]:
        """Every network, by name."""
        with read_connection(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(select(nw).order_by(nw.c.name, nw.c.id))]

    def appoint(self, user_id: int, network_id: str) -> None:
        """Make the account a coordinator of the network (refused when it already is one)."""
        key = network_key(network_id)
        try:
            with self.engine.begin() as conn:
                if key is None or not conn.execute(select(nw.c.id).where(nw.c.id == key)).first():
                    raise InvalidInput("there is no such network")
                if not conn.execute(select(users.c.id).where(users.c.id == int(user_id))).first():
                    raise InvalidInput("there is no such account")
                if conn.execute(select(nc.c.user_id).where(nc.c.user_id == int(user_id),
                                                           nc.c.network_id == key)).first():
                    raise InvalidInput("this person already coordinates this network")
                conn.execute(insert(nc).values(user_id=int(user_id), network_id=key))
        except IntegrityError:  # appointed meanwhile
            raise InvalidInput("this person already coordinates this network") from None

    def dismiss(self, user_id: int, network_id: str) -> bool:
        """End a coordinator's appointment; False when the person did not coordinate the network."""
        key = network_key(network_id)
        if key is None:
            return False
        with self.engine.begin() as conn:
            return conn.execute(delete(nc).where(nc.c.user_id == int(user_id), nc.c.network_id == key)).rowcount > 0

    def coordinated_by(self, user_id: int) -> list[str]:
        """The ids of the networks this account coordinates."""
        with read_connection(self.engine) as conn:
            return [r.network_id for r in conn.execute(
                select(nc.c.network_id).where(nc.c.user_id == int(user_id)).order_by(nc.c.network_id))]

    def coordinators(self, network_id: str) -> list[dict[str, Any]]:
        """The network's coordinators' accounts: id, email, name, is_active; by name."""
        key = network_key(network_id)
        if key is None:
            return []
        with read_connection(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(users.c.id, users.c.email, users.c.name, users.c.is_active)
                .join(nc, nc.c.user_id == users.c.id).where(nc.c.network_id == key)
                .order_by(users.c.name, users.c.id))]


def networks() -> Networks:
    """The app's networks store (`current_app.extensions["collegia.networks"]`), made on first use from the engine
    the accounts are bound to."""
    store = current_app.extensions.get(EXTENSION)
    if store is None:
        store = current_app.extensions[EXTENSION] = Networks(current_app.extensions["collegia.accounts"].engine)
    return store
