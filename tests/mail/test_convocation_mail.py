"""The convocation of a general assembly by e-mail (issue 20), through a real SMTP server.

A pole of three members: Régie Alpha and SCOP Beta agreed on paper, long before, to be convened by e-mail;
Asso Gamma agreed online only today, too late for this meeting (R225-63: 35 days before it), so it is
convened by post although it has an account and an address. The convocation is sent; the planner plans,
the sender delivers to an SmtpSink, and the tests read what arrived and what the outbox says.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

import icalendar
import pytest
from sqlalchemy import insert, update

from governance import clock
from governance.convocation import MONTHS
from infrastructure.accounts_tables import mail_preferences, mail_tracking
from notifications import outbox
from notifications.kinds import BOUNCED, CHOOSABLE, CONVOCATION, IN_DIGEST, OFF, QUEUED, SENT
from notifications.planner import MailPlanner
from tests.mail.conftest import ACTOR, BASE_URL, PASSWORD, THREE_COLLEGES, Pole, copy_pole, deliver, minute
from web.accounts.store import Accounts

POLE_NAME = "Coop des Monts"
PLACE = "Salle des fêtes, 12 rue des Écoles, 26400 Crest"
# key: (member's name, college, representative's e-mail, representative's name)
MEMBERS = {"alpha": ("Régie Alpha", "a", "alice@monts.example", "Alice Arnaud"),
           "beta": ("SCOP Beta", "b", "bruno@monts.example", "Bruno Blanc"),
           "gamma": ("Asso Gamma", "c", "chloe@monts.example", "Chloé Colin")}
BY_EMAIL = sorted(MEMBERS[k][2] for k in ("alpha", "beta"))
IDENTITY = {"registered_office": "2 place de la Mairie\n26400 Crest", "capital": "variable",
            "rcs_number": "912 345 678", "rcs_city": "Romans"}


@dataclasses.dataclass
class Convened:
    store: Pole
    planner: MailPlanner
    pole: str
    members: dict[str, str]
    users: dict[str, int]
    assembly: str
    held_at: Any
    start: int  # the planner's position before the convocation was sent

    def stored(self) -> dict[str, Any]:
        """The convocation as the `ConvocationSent` event recorded it."""
        return self.store.app.get_assembly(self.assembly).convocation_sent

    def deliveries(self) -> dict[str, str]:
        return {self.key_of(m): state for m, state in
                outbox.convocation_deliveries(self.store.engine, self.assembly).items()}

    def key_of(self, member_id: str) -> str:
        return next(k for k, m in self.members.items() if m == member_id)


@pytest.fixture
def convened(pole_template, tmp_path) -> Convened:
    store = copy_pole(pole_template, tmp_path / "store")
    app, accounts = store.app, Accounts(store.engine)
    pole = str(app.found_pole(name=POLE_NAME, territory="Drôme", legal_form="SCIC SAS", statutes=THREE_COLLEGES,
                              actor="admin@collegia.example"))
    members, users = {}, {}
    for key, (name, college, email, person) in MEMBERS.items():
        member = app.request_membership(pole, name=name, kind="ess_enterprise", category="beneficiary",
                                        representative=person, actor=email)
        app.admit_member(pole, member, decision="CA du 1er mars", actor=ACTOR)
        app.assign_college(pole, member, college=college, reason="adhésion", actor=ACTOR)
        members[key] = str(member)
        users[key] = accounts.create_user(email, person, PASSWORD)
        accounts.grant(users[key], pole, "member", members[key])
    planner = store.planner()  # mail starts here: the members' admissions are history
    app.record_pole_identity(pole, actor=ACTOR, **IDENTITY)
    today = clock.now().astimezone(clock.PARIS).date()
    app.give_convocation_consent(pole, members["alpha"], channel="paper", given_on=today - timedelta(days=60),
                                 actor=ACTOR)
    app.give_convocation_consent(pole, members["beta"], channel="paper", given_on=today - timedelta(days=40),
                                 actor=ACTOR)
    app.give_convocation_consent(pole, members["gamma"], channel="online", actor=MEMBERS["gamma"][2])  # too late
    proposal = app.draft_proposal(pole, title="Approbation des comptes 2026",
                                  text="Approuver les comptes de l'exercice 2026.", actor=ACTOR)
    held_at = minute(timedelta(days=20))
    assembly = str(app.convene_assembly(pole, kind="ordinary", held_at=held_at, place=PLACE, mode="in_person",
                                        convocation="first", agenda=[proposal], actor=ACTOR))
    start = planner.position()
    routes = app.send_convocation(assembly, reachable=list(members.values()), actor=ACTOR)
    assert {k: routes[m]["channel"] for k, m in members.items()} == {"alpha": "email", "beta": "email",
                                                                      "gamma": "post"}
    yield Convened(store, planner, pole, members, users, assembly, held_at, start)
    store.system.close()


def arrived(sink) -> dict[str, Any]:
    return {parseaddr(m.to)[1]: m for m in sink.received}


def convocations(convened: Convened) -> list[dict[str, Any]]:
    return convened.store.rows(kind=CONVOCATION)


# -- who gets it, and what ------------------------------------------------------------------------------
def test_the_members_convened_by_email_get_the_stored_text_its_fingerprint_links_and_the_meeting(convened, sink):
    store = convened.store
    stored = convened.stored()
    # The pole's identity changes after the sending: the mail still carries the text the event recorded.
    store.app.record_pole_identity(convened.pole, actor=ACTOR, registered_office="1 avenue Nouvelle\n26000 Valence")
    assert store.app.convocation_text(convened.assembly) != stored["text"]
    assert convened.planner.catch_up() == 2
    assert deliver(store.sender(sink)) == 2
    received = arrived(sink)
    assert sorted(received) == BY_EMAIL
    day = convened.held_at.astimezone(clock.PARIS).date()
    subject = f"Convocation : assemblée générale ordinaire du {day.day}{'er' if day.day == 1 else ''} " \
              f"{MONTHS[day.month - 1]} {day.year} — {POLE_NAME}"
    fingerprint = hashlib.sha256(stored["text"].encode("utf-8")).hexdigest()
    assert fingerprint == stored["sha256"]
    base = f"{BASE_URL}/poles/{convened.pole}/assemblies/{convened.assembly}"
    for key in ("alpha", "beta"):
        message = received[MEMBERS[key][2]]
        assert message.subject.strip() == subject
        text = message.text
        assert stored["text"] in text and "1 avenue Nouvelle" not in text
        assert f"{stored['text']}\n\nEmpreinte SHA-256 de cette convocation : {fingerprint}\n" in text
        assert MEMBERS[key][0] in text  # the member this convocation is for
        for url in (base, f"{base}#documents-title", f"{base}/correspondence"):
            assert f" {url}\n" in text
        assert f'href="{base}/correspondence"' in message.html
        # A legal notice: no unsubscribe header or link, sent first.
        assert message.message["List-Unsubscribe"] is None and "/mail/unsubscribe/" not in text
        (ics_name, ics_type, ics_bytes), = message.attachments
        assert (ics_name, ics_type) == ("collegia.ics", "text/calendar")
        event = icalendar.Calendar.from_ical(ics_bytes).walk("VEVENT")[0]
        assert event.decoded("dtstart") == convened.held_at
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=3)
        assert str(event["location"]) == PLACE and str(event["url"]) == base
        assert str(event["summary"]) == f"Assemblée générale ordinaire — {POLE_NAME}"
    rows = convocations(convened)
    assert all(r["priority"] == 0 and r["unsubscribe_url"] is None and r["state"] == SENT for r in rows)


def test_the_member_convened_by_post_gets_no_email_in_its_place(convened, sink):
    # Asso Gamma consented to e-mail, has an account and an address: the law still convenes it by post (R225-63).
    assert convened.stored()["recipients"][convened.members["gamma"]]["reason"] == "consent_too_late"
    convened.planner.catch_up()
    deliver(convened.store.sender(sink))
    assert MEMBERS["gamma"][2] not in arrived(sink)
    assert convened.store.rows(user_id=convened.users["gamma"]) == []
    assert sorted(r["recipient"] for r in convocations(convened)) == BY_EMAIL


def test_an_english_reader_gets_the_french_legal_text_under_an_english_subject(convened, sink):
    outbox.set_locale(convened.store.engine, convened.users["beta"], "en")
    convened.planner.catch_up()
    deliver(convened.store.sender(sink))
    message = arrived(sink)[MEMBERS["beta"][2]]
    assert message.subject.strip().startswith("Notice of meeting: ordinary general meeting of ")
    assert convened.stored()["text"] in message.text
    assert f"SHA-256 fingerprint of this notice: {convened.stored()['sha256']}" in message.text


# -- a legal notice, not a newsletter -------------------------------------------------------------------------
def test_mail_preferences_neither_hold_nor_cancel_a_convocation(convened, sink):
    engine, users = convened.store.engine, convened.users
    outbox.set_preferences(engine, users["alpha"], {kind: OFF for kind in CHOOSABLE})
    outbox.set_preferences(engine, users["beta"], {kind: IN_DIGEST for kind in CHOOSABLE})
    with engine.begin() as conn:  # even a stored choice for the kind (no page offers it) is not obeyed
        conn.execute(insert(mail_preferences).values(user_id=users["alpha"], kind=CONVOCATION, mode=OFF))
    with pytest.raises(outbox.InvalidChoice):
        outbox.set_preferences(engine, users["alpha"], {CONVOCATION: OFF})
    with pytest.raises(outbox.InvalidChoice):
        outbox.unsubscribe(engine, users["alpha"], CONVOCATION)
    assert convened.planner.catch_up() == 2
    assert [r["state"] for r in convocations(convened)] == [QUEUED, QUEUED]  # not held for a digest
    # Turning everything off once it is queued, or the digest hour, leaves it queued.
    outbox.set_preferences(engine, users["alpha"], {kind: OFF for kind in CHOOSABLE})
    outbox.unsubscribe(engine, users["beta"], "digest")
    assert convened.planner.plan_digests(outbox.now() + timedelta(days=2)) == 0
    assert deliver(convened.store.sender(sink)) == 2
    assert sorted(arrived(sink)) == BY_EMAIL


# -- once, whatever restarts --------------------------------------------------------------------------------
def test_planning_again_or_restarting_never_sends_twice(convened, sink):
    store = convened.store
    assert convened.planner.catch_up() == 2
    assert deliver(store.sender(sink)) == 2
    assert MailPlanner(store.app, store.engine, store.settings).catch_up() == 0  # a restarted process
    with store.engine.begin() as conn:  # the position lost: the convocation's event planned again
        conn.execute(update(mail_tracking).values(position=convened.start))
    MailPlanner(store.app, store.engine, store.settings).catch_up()
    assert len(convocations(convened)) == 2
    assert deliver(store.sender(sink)) == 0
    assert sorted(parseaddr(m.to)[1] for m in sink.received) == BY_EMAIL
    assert len({m.message_id for m in sink.received}) == 2


def test_no_convocation_is_mailed_once_the_meeting_has_begun(convened, sink):
    with clock.frozen_time(convened.held_at + timedelta(minutes=10)):  # the planner was stopped until now
        convened.store.app.open_session(convened.assembly, actor=ACTOR)
        assert convened.planner.catch_up() == 0
    assert convocations(convened) == []


# -- the register's view of the deliveries ------------------------------------------------------------------
def test_deliveries_say_queued_then_sent_or_bounced_per_member(convened, sink):
    assert convened.deliveries() == {}
    convened.planner.catch_up()
    assert convened.deliveries() == {"alpha": QUEUED, "beta": QUEUED}
    sink.refuse_recipients = {MEMBERS["beta"][2]}
    assert deliver(convened.store.sender(sink)) == 1
    assert convened.deliveries() == {"alpha": SENT, "beta": BOUNCED}  # Asso Gamma, by post: not in it


def test_a_member_with_two_accounts_counts_as_convened_when_one_arrived(convened, sink):
    accounts = Accounts(convened.store.engine)
    second = accounts.create_user("direction@alpha-regie.example", "Direction Alpha", PASSWORD)
    accounts.grant(second, convened.pole, "member", convened.members["alpha"])
    assert convened.planner.catch_up() == 3  # one message per member and person
    sink.refuse_recipients = {MEMBERS["alpha"][2], MEMBERS["beta"][2]}
    assert deliver(convened.store.sender(sink)) == 1
    assert sorted(arrived(sink)) == ["direction@alpha-regie.example"]
    assert convened.deliveries() == {"alpha": SENT, "beta": BOUNCED}

