"""Helpers for the register-chain tests: a chained system, and direct SQL tampering with a store."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator

import psycopg

from infrastructure.application import StoredCollegia as Collegia
from governance.sealing import BallotSealer
from infrastructure.chain_store import CHAIN_TABLE, chain_env
from infrastructure.config import Settings
from projections.projector import Projector
from infrastructure.system import System, read_model_engine

SECOND_POLE = {"name": "Autre pôle", "territory": "Ailleurs", "legal_form": "Association", "actor": "admin",
               "statutes": {"model": "one_member_one_vote", "colleges": []},
               "founders": [{"name": "Association Ailleurs", "kind": "ess_enterprise", "category": "beneficiary",
                             "representative": "Om Ailleurs"}]}


def chained_bootstrap(settings: Settings, project_inline: bool = True) -> System:
    """infrastructure.system.bootstrap, with the store keeping the register's chain (chain_env)."""
    engine = read_model_engine(settings)
    app = Collegia(env={**settings.event_store_env(), **chain_env(settings)},
                   sealer=BallotSealer(settings.load_ballot_key(create=True)))
    projector = Projector(app, engine)
    projector.create_tables()
    if project_inline:
        app.subscribe(projector.catch_up)
    return System(settings=settings, app=app, engine=engine, projector=projector)


class Tamperer:
    """Edits a store behind the application's back, with plain SQL (as an intruder with database access would)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.postgres = settings.is_postgres
        self.events = "collegia_events" if self.postgres else "stored_events"
        self.position = "notification_id" if self.postgres else "rowid"

    @contextmanager
    def connect(self) -> Iterator[Any]:
        if self.postgres:
            with psycopg.connect(self.settings.database_url,
                                 options=f"-csearch_path={self.settings.schema}") as conn:
                yield conn
        else:
            conn = sqlite3.connect(self.settings.database_url.removeprefix("sqlite:///"), timeout=30)
            try:
                yield conn
                conn.commit()
            finally:
                conn.close()

    def _q(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def rows(self) -> list[tuple[int, str, int, str, bytes]]:
        """(position, originator_id, version, topic, state) in log order."""
        with self.connect() as conn:
            cur = conn.execute(f"SELECT {self.position}, originator_id, originator_version, topic, state "
                               f"FROM {self.events} ORDER BY {self.position}")
            return [(p, str(o), v, t, bytes(s)) for p, o, v, t, s in cur.fetchall()]

    def links(self) -> dict[int, tuple[str, int]]:
        """position → (pole, seq), from the chain table."""
        with self.connect() as conn:
            cur = conn.execute(f"SELECT notification_id, pole_id, seq FROM {CHAIN_TABLE}")
            return {p: (pole, seq) for p, pole, seq in cur.fetchall()}

    def set_state(self, position: int, state: bytes) -> None:
        with self.connect() as conn:
            conn.execute(self._q(f"UPDATE {self.events} SET state=? WHERE {self.position}=?"), (state, position))

    def set_topic(self, position: int, topic: str) -> None:
        with self.connect() as conn:
            conn.execute(self._q(f"UPDATE {self.events} SET topic=? WHERE {self.position}=?"), (topic, position))

    def delete(self, position: int) -> None:
        with self.connect() as conn:
            conn.execute(self._q(f"DELETE FROM {self.events} WHERE {self.position}=?"), (position,))

    def swap(self, a: int, b: int) -> None:
        """Swap two events' places in the log."""
        with self.connect() as conn:
            for old, new in ((a, -1), (b, a), (-1, b)):
                conn.execute(self._q(f"UPDATE {self.events} SET {self.position}=? WHERE {self.position}=?"),
                             (new, old))

    def restore(self, row: tuple[int, str, int, str, bytes]) -> None:
        """Put an event back as it was (after a deletion or an edit)."""
        position, originator, version, topic, state = row
        with self.connect() as conn:
            conn.execute(self._q(f"DELETE FROM {self.events} WHERE {self.position}=?"), (position,))
            if self.postgres:
                conn.execute(f"INSERT INTO {self.events} (originator_id, originator_version, topic, state, "
                             "notification_id) VALUES (%s, %s, %s, %s, %s)",
                             (originator, version, topic, state, position))
            else:
                conn.execute(f"INSERT INTO {self.events} (rowid, originator_id, originator_version, topic, state) "
                             "VALUES (?, ?, ?, ?, ?)", (position, originator, version, topic, state))

    def insert_event(self, originator: str, version: int, topic: str, state: bytes) -> None:
        """Slip an event into the log without going through the application."""
        with self.connect() as conn:
            conn.execute(self._q(f"INSERT INTO {self.events} (originator_id, originator_version, topic, state) "
                                 "VALUES (?, ?, ?, ?)"), (originator, version, topic, state))

    def set_link_hash(self, pole: str, seq: int, value: str) -> None:
        with self.connect() as conn:
            conn.execute(self._q(f"UPDATE {CHAIN_TABLE} SET entry_hash=? WHERE pole_id=? AND seq=?"),
                         (value, pole, seq))

    def delete_link(self, pole: str, seq: int) -> None:
        with self.connect() as conn:
            conn.execute(self._q(f"DELETE FROM {CHAIN_TABLE} WHERE pole_id=? AND seq=?"), (pole, seq))


THREE_COLLEGES = {"model": "scic", "colleges": [
    {"code": "a", "name": "Salariés", "share": "40%"},
    {"code": "b", "name": "Usagers", "share": "35%"},
    {"code": "c", "name": "Collectivités", "share": "25%"}]}


def pole_with_a_vote(app: Any, members: int) -> tuple[str, Any, list[Any]]:
    """(pole id, proposal id, member ids): a pole of `members` members in three colleges, and a vote open
    for an hour in which every one of them voted for."""
    from datetime import timedelta

    from governance import clock
    pole = app.found_pole(name="Pôle test", territory="Ici", legal_form="SCIC", statutes=THREE_COLLEGES,
                          actor="admin")
    ids = []
    for i in range(members):
        member = app.request_membership(pole, name=f"Membre {i}", kind="person", category="beneficiary", actor="rep")
        app.admit_member(pole, member, decision="CA", actor="sec")
        app.assign_college(pole, member, college="abc"[i % 3], reason="adhésion", actor="sec")
        ids.append(member)
    proposal = app.draft_proposal(pole, title="Budget", text="Adopter le budget", actor="sec")
    app.open_voting(proposal, closes_at=clock.now() + timedelta(hours=1), actor="sec")
    for member in ids:
        app.cast_ballot(proposal, member, "for", actor="rep")
    return str(pole), proposal, ids


def integrity_page(system: Any, pole: str, admin: str, password: str) -> Any:
    """The register's integrity page of `pole`, in English, as the platform admin `admin` (an account of
    `system`) sees it: the response."""
    from web.app import create_app
    from web.audit.verify import bp
    flask_app = create_app(system=system, test_config={"TESTING": True, "SECRET_KEY": "test",
                                                       "WTF_CSRF_ENABLED": False})
    if bp.name not in flask_app.blueprints:
        flask_app.register_blueprint(bp)
    client = flask_app.test_client()
    client.post("/language", data={"language": "en", "next": "/login"})
    assert client.post("/login", data={"email": admin, "password": password}).status_code == 302
    return client.get(f"/poles/{pole}/register/verify")

