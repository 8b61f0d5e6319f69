"""Security fixtures: the demo store prepared once for the access matrix, and a fresh copy per call.

`security_template` copies the web tests' demo store (`demo_template`) and adds what the matrix needs
to reach every route with real ids: an assembly convened now (the demo's only one is closed), a proxy
given by the member role's organisation on the open proposal, and one API token per role. It also logs
each browser role in once and keeps its session cookie and a CSRF token: both are valid in every copy
(same accounts, same SECRET_KEY), so each call costs one copy of the files, not a login.

The demo store already holds what issue 24's routes need: the pole's self-assessment campaigns (2025 closed,
2026 open, answers not shared), and the regional network it joined with its coordinator's account
(`create_demo_accounts` → `create_demo_network`), who holds no role in any pole.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest

from sqlalchemy import select, update

from governance import clock
from infrastructure.accounts_tables import mail_messages
from notifications import outbox
from notifications.links import Links
from web.accounts.store import password_fingerprint
from projections.queries import Queries
from infrastructure.system import System, bootstrap
from demo.referentiel import COORDINATOR, NETWORK_ID
from tests.web.conftest import *  # noqa: F401,F403  (demo_template, demo_system, app, client, as_role...)
from tests.web.conftest import (ADMIN_EMAIL, MEMBER_EMAIL, OUTSIDER_EMAIL, SECRETARY_EMAIL, _settings, create_app,
                                csrf_token, login)
from web.accounts.store import Accounts
from web.api.tokens import ApiTokens

ROLES = ("anonymous", "outsider", "member", "secretary", "admin", "coordinator")
COORDINATOR_EMAIL = COORDINATOR[0]  # the demo network's coordinator (issue 24): no role in any pole
EMAILS = {"outsider": OUTSIDER_EMAIL, "member": MEMBER_EMAIL, "secretary": SECRETARY_EMAIL, "admin": ADMIN_EMAIL,
          "coordinator": COORDINATOR_EMAIL}
OTHER_EMAIL = "julien.roux@jardins-gervanne.example"  # a demo member representative outside the matrix's roles
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test"}


@dataclass
class Prepared:
    """The prepared store's directory, the sample ids, and per role: session cookie, CSRF token, API token."""

    directory: Path
    samples: dict[str, str]
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, str] = field(default_factory=dict)


def _prepare(system: System, pole: str) -> dict[str, str]:
    """Add an assembly convened now, a proxy on the open proposal; return the sample ids by name."""
    app, queries = system.app, Queries(system.engine)
    proposals = queries.register(pole, limit=100)
    members = {m["name"]: m for m in queries.members(pole)}
    nadia = members["Régie de quartier Fontbarlettes"]["id"]  # represented by the member role
    elise = members["Communauté de communes du Val de Drôme"]["id"]
    requested = [m["id"] for m in members.values() if m["status"] == "requested"]
    opened = next(p["id"] for p in proposals if p["status"] == "open")
    app.grant_proxy(opened, nadia, elise, actor="Nadia Benali <%s>" % MEMBER_EMAIL)
    resolution = str(app.draft_proposal(pole, title="Résolution de l'assemblée", text="Texte.", actor="secretary"))
    assembly = str(app.convene_assembly(pole, kind="ordinary", held_at=clock.now() + timedelta(days=21),
                                        place="Saillans", mode="hybrid", convocation="first", agenda=[resolution],
                                        actor="secretary"))
    past = queries.assemblies(pole)
    past_assembly = next(a for a in past if a["status"] == "closed")
    other_pole = next(p["id"] for p in queries.poles() if p["id"] != pole)
    event = max(e["position"] for e in queries.audit(pole_id=pole, limit=10_000))
    campaigns = queries.campaigns(pole)  # the demo's self-assessments (issue 24): 2026 open, 2025 closed
    open_campaign = next(c for c in campaigns if not c["closed"])
    closed_campaign = next(c for c in campaigns if c["closed"])
    assert not open_campaign["individual_shared"] and not closed_campaign["individual_shared"], campaigns
    answered = [p["respondent"] for p in queries.campaign_participation(open_campaign["id"]) if p.get("answered_at")]
    assert nadia not in answered and elise not in answered, answered  # the demo's member logins have not answered
    with system.engine.begin() as conn:  # one failed message of the pole, one about an account (no pole)
        outbox.queue(conn, [outbox.message(key=f"matrix:{kind}", recipient=MEMBER_EMAIL, kind=kind, cause=cause,
                                           subject="Essai", text="Texte.", settings=system.settings, pole_id=where)
                            for kind, cause, where in (("invitation", "VotingOpened #1", pole),
                                                       ("password_reset", "account: password_reset", None))])
        conn.execute(update(mail_messages).values(state="failed"))
        messages = dict(conn.execute(select(mail_messages.c.dedupe_key, mail_messages.c.id)).all())
    member_user = Accounts(system.engine).find_by_email(MEMBER_EMAIL)["id"]
    unsubscribe = Links(system.settings).unsubscribe(member_user, "reminder").rsplit("/", 1)[1]
    # Valid account links of the member (the matrix follows a call that may change the store with a fresh copy).
    member_row = Accounts(system.engine).find_by_email(MEMBER_EMAIL)
    fingerprint = password_fingerprint(member_row["password_hash"], member_row["email"])
    links = Links(system.settings)
    return {
        "pole": pole, "other-pole": other_pole,
        "open": opened,
        "draft": next(p["id"] for p in proposals if p["status"] == "draft"),
        "closed": next(p["id"] for p in proposals if p["status"] == "closed" and not p["secret"]
                       and not p.get("assembly_id")),
        "secret": next(p["id"] for p in proposals if p["secret"]),
        "assembly": assembly, "resolution": resolution,
        "amendment": next(p["id"] for p in proposals if p.get("amends")),  # the demo's, tabled on its charter
        "past-assembly": past_assembly["id"], "past-resolution": past_assembly["agenda"][0],
        "nadia": nadia, "elise": elise, "requested": requested[0] if requested else nadia,
        "member-email": MEMBER_EMAIL, "demo-password": "Collegia-demo-2026",
        "style": "collegia.css", "event": str(event),
        "message": str(messages["matrix:invitation"]), "account-message": str(messages["matrix:password_reset"]),
        "unsubscribe": unsubscribe,
        "reset-token": links.sign("password-reset", [member_user, fingerprint]),
        "invitation-token": links.sign("account-invitation", [member_user, fingerprint]),
        "email-token": links.sign("email-change", [member_user, MEMBER_EMAIL, "nouvelle@adresse.example"]),
        "campaign": open_campaign["id"], "closed-campaign": closed_campaign["id"], "answered": answered[0],
        "network": str(NETWORK_ID),
    }


@pytest.fixture(scope="session")
def prepared(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    directory = tmp_path_factory.mktemp("security-template")
    shutil.rmtree(directory)
    shutil.copytree(demo_template, directory)
    system = bootstrap(_settings(directory))
    try:
        samples = _prepare(system, (directory / "pole_id").read_text())
        web = create_app(system=system, test_config=TEST_CONFIG)
        accounts = Accounts(system.engine)
        store = ApiTokens(system.engine)
        result = Prepared(directory, samples)
        for role, email in EMAILS.items():
            client = web.test_client()
            assert login(client, email).status_code == 302, role
            result.csrf[role] = csrf_token(client, "/account/tokens")  # puts the raw token in the session
            result.cookies[role] = client.get_cookie("session").value
            token = store.create(accounts.find_by_email(email)["id"], "matrix")
            result.tokens[role], result.token_ids[role] = token.secret, str(token.id)
        anonymous = web.test_client()
        result.csrf["anonymous"] = csrf_token(anonymous, "/login")
        result.cookies["anonymous"] = anonymous.get_cookie("session").value
        other = accounts.find_by_email(OTHER_EMAIL)
        samples["other-token"] = str(store.create(other["id"], "someone else's").id)
        samples["user"] = str(accounts.find_by_email(MEMBER_EMAIL)["id"])
        samples["coordinator-user"] = str(accounts.find_by_email(COORDINATOR_EMAIL)["id"])
        (directory / "samples.json").write_text(json.dumps(samples))
    finally:
        system.close()
    return result


class Store:
    """Fresh copies of the prepared store, each behind its own app; closed at the end of the test."""

    def __init__(self, prepared: Prepared, tmp_path: Path) -> None:
        self.prepared, self.tmp_path, self.count = prepared, tmp_path, 0
        self.systems: list[System] = []
        self.app: Any = None
        self.fresh()

    def fresh(self) -> Any:
        """A new copy of the prepared store and an app on it (the previous one is closed)."""
        if self.systems:
            self.systems.pop().close()
        self.count += 1
        directory = self.tmp_path / f"store-{self.count}"
        shutil.copytree(self.prepared.directory, directory)
        system = bootstrap(_settings(directory))
        self.systems.append(system)
        self.app = create_app(system=system, test_config=TEST_CONFIG)
        return self.app

    def client(self, role: str) -> Any:
        """A browser client of the current app with `role`'s session (anonymous: a session with a CSRF token)."""
        client = self.app.test_client()
        client.set_cookie("session", self.prepared.cookies[role])
        return client

    def head(self) -> int:
        return self.app.extensions["collegia"].app.recorder.max_notification_id() or 0

    def close(self) -> None:
        while self.systems:
            self.systems.pop().close()


@pytest.fixture
def store(prepared: Prepared, tmp_path: Path) -> Iterator[Store]:
    s = Store(prepared, tmp_path)
    yield s
    s.close()
