"""Mail fixtures: a small pole with accounts (built once, copied per test), a real SMTP sink, settings.

The pole "Pôle Test" has three weighted colleges: a (Régie Alpha, SCOP Beta), b (Asso Gamma,
Mairie Delta) and c (Commune Epsilon alone, so that its count would give a secret ballot away).
Each member has one account representing it; a secretary has an account without a member; Coop
Zeta has asked to join (not admitted yet) and its future representative already has an account.
PostgreSQL stores (the kill test) follow tests/integration/conftest.py: required when CI=true.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

import psycopg
import pytest
from sqlalchemy import select

from governance import clock
from governance.sealing import BallotSealer
from infrastructure.accounts_tables import mail_messages, users
from infrastructure.config import Settings
from infrastructure.system import System, bootstrap
from notifications.planner import MailPlanner
from notifications.sender import Sender
from tools.smtp_sink import SmtpSink
from web.accounts.store import Accounts

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BALLOT_KEY = BallotSealer.generate_key()
MAIL_FROM = "Collegia Test <ne-pas-repondre@collegia.example>"
BASE_URL = "https://collegia.example"
SECRET = "mail-tests-secret-key"
PASSWORD = "Correct-horse-battery-9"
SECRETARY_EMAIL = "claire@pole.example"
ACTOR = "claire@pole.example"

THREE_COLLEGES = {"model": "scic", "colleges": [
    {"code": "a", "name": "Salariés", "share": "40%"},
    {"code": "b", "name": "Usagers", "share": "35%"},
    {"code": "c", "name": "Collectivités", "share": "25%"}]}
# key: (member's name, college, representative's e-mail, representative's name)
MEMBERS = {
    "alpha": ("Régie Alpha", "a", "alice@alpha.example", "Alice Arnaud"),
    "beta": ("SCOP Beta", "a", "bruno@beta.example", "Bruno Blanc"),
    "gamma": ("Asso Gamma", "b", "chloe@gamma.example", "Chloé Colin"),
    "delta": ("Mairie Delta", "b", "david@delta.example", "David Dumas"),
    "epsilon": ("Commune Epsilon", "c", "emma@epsilon.example", "Emma Evrard"),
}
NEWCOMER = ("zeta", "Coop Zeta", "gaston@zeta.example", "Gaston Zola")


def mail_settings(directory: Path, **changes: Any) -> Settings:
    settings = Settings(database_url=f"sqlite:///{directory}/collegia.db", instance_dir=directory,
                        ballot_key=BALLOT_KEY, mail_from=MAIL_FROM, base_url=BASE_URL, secret=SECRET, mail_rate=0,
                        mail_retry_seconds=0.05, mail_poll_interval=0.1)
    return dataclasses.replace(settings, **changes)


def minute(delta: timedelta) -> datetime:
    """Now + delta, whole minutes (a calendar file keeps seconds, not microseconds)."""
    return (clock.now() + delta).replace(second=0, microsecond=0)


@dataclasses.dataclass
class Pole:
    """A copy of the test pole: its system, ids, and the mail pieces wired to it."""

    system: System
    settings: Settings
    pole: str
    members: dict[str, str]  # key → member id
    users: dict[str, int]  # key (member key, "secretary") → user id
    emails: dict[str, str]  # key → e-mail

    @property
    def app(self) -> Any:
        return self.system.app

    @property
    def engine(self) -> Any:
        return self.system.engine

    def planner(self) -> MailPlanner:
        planner = MailPlanner(self.app, self.engine, self.settings)
        planner.ensure_position()
        return planner

    def sender(self, sink: SmtpSink) -> Sender:
        return Sender(self.engine, dataclasses.replace(self.settings, smtp_url=sink.url, mail_rate=0))

    def open_vote(self, title: str = "Budget 2027", *, secret: bool = False,
                  closes_in: timedelta = timedelta(days=2), text: str | None = None) -> tuple[str, datetime]:
        proposal = self.app.draft_proposal(self.pole, title=title, text=text or f"Adopter « {title} ».",
                                           secret=secret, actor=ACTOR)
        closes_at = minute(closes_in)
        self.app.open_voting(proposal, closes_at=closes_at, actor=ACTOR)
        return str(proposal), closes_at

    def vote(self, proposal: str, key: str, choice: str, *, by: str | None = None) -> None:
        """`by` (a member key) votes `choice` for member `key` (in person, or with `key`'s proxy)."""
        by = by or key
        self.app.cast_ballot(proposal, self.members[key], choice, actor=self.emails[by],
                             represented=[self.members[by]])

    def rows(self, **where: Any) -> list[dict[str, Any]]:
        query = select(mail_messages).order_by(mail_messages.c.id)
        for column, value in where.items():
            query = query.where(mail_messages.c[column] == value)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def recipients(self, **where: Any) -> list[str]:
        return sorted(r["recipient"] for r in self.rows(**where))

    def key_of(self, email: str) -> str:
        return next(k for k, e in self.emails.items() if e == email)


def _build_pole(directory: Path) -> dict[str, Any]:
    system = bootstrap(mail_settings(directory))
    app = system.app
    pole = app.found_pole(name="Pôle Test", territory="Drôme", legal_form="SCIC", statutes=THREE_COLLEGES,
                          actor="admin@collegia.example")
    accounts = Accounts(system.engine)
    members, user_ids, emails = {}, {}, {}
    for key, (name, college, email, person) in MEMBERS.items():
        member = app.request_membership(pole, name=name, kind="ess_enterprise", category="beneficiary",
                                        representative=person, actor=email)
        app.admit_member(pole, member, decision="CA du 1er mars", actor=ACTOR)
        app.assign_college(pole, member, college=college, reason="adhésion", actor=ACTOR)
        members[key] = str(member)
    key, name, email, person = NEWCOMER
    members[key] = str(app.request_membership(pole, name=name, kind="ess_enterprise", category="beneficiary",
                                              representative=person, actor=email))
    for key, (email, person) in {**{k: (v[2], v[3]) for k, v in MEMBERS.items()},
                                 NEWCOMER[0]: (NEWCOMER[2], NEWCOMER[3])}.items():
        user_ids[key] = accounts.create_user(email, person, PASSWORD)
        accounts.grant(user_ids[key], str(pole), "member", members[key])
        emails[key] = email
    user_ids["secretary"] = accounts.create_user(SECRETARY_EMAIL, "Claire Martin", PASSWORD)
    accounts.grant(user_ids["secretary"], str(pole), "secretary")
    emails["secretary"] = SECRETARY_EMAIL
    system.close()
    return {"pole": str(pole), "members": members, "users": user_ids, "emails": emails}


@pytest.fixture(scope="session")
def pole_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    directory = tmp_path_factory.mktemp("mail-pole")
    return directory, _build_pole(directory)


def copy_pole(template: tuple[Path, dict[str, Any]], directory: Path) -> Pole:
    source, ids = template
    shutil.copytree(source, directory)
    settings = mail_settings(directory)
    return Pole(system=bootstrap(settings), settings=settings, **ids)


@pytest.fixture
def pole(pole_template, tmp_path: Path) -> Iterator[Pole]:
    """A fresh copy of the test pole; its mail planner is set up (at the log's end)."""
    built = copy_pole(pole_template, tmp_path / "store")
    built.planner()
    yield built
    built.system.close()


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.before_accept = None
    server.stop()


def wait_until(condition: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


def deliver(sender: Sender, expected: int | None = None, timeout: float = 10.0) -> int:
    """Run the sender until nothing is due (or `expected` have been sent); the number sent."""
    sent = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent += sender.send_due()
        if expected is None and not sender.due():
            break
        if expected is not None and sent >= expected:
            break
        time.sleep(0.02)
    sender.close()
    return sent


# -- stores of both backends (after tests/integration/conftest.py) -----------------------------------
from tests.integration.conftest import require_postgres  # noqa: E402,F401  (a fixture, shared)


@pytest.fixture
def make_settings(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[str], Settings]]:
    """Factory of mail settings for a fresh, empty store of the given backend."""
    schemas: list[str] = []

    def make(backend: str) -> Settings:
        directory = tmp_path / uuid.uuid4().hex[:8]
        if backend == "sqlite":
            return mail_settings(directory)
        request.getfixturevalue("require_postgres")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        schemas.append(schema)
        return mail_settings(directory, database_url=POSTGRES_URL, schema=schema)

    yield make
    if schemas:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def user_id(engine: Any, email: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(users.c.id).where(users.c.email == email)).scalar_one()


def paris(day_offset: int, hour: int) -> datetime:
    """Naive UTC of `hour`:00 Paris time, `day_offset` days from today (Paris)."""
    from zoneinfo import ZoneInfo
    local = datetime.now(UTC).astimezone(ZoneInfo("Europe/Paris"))
    at = (local + timedelta(days=day_offset)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return at.astimezone(UTC).replace(tzinfo=None)
