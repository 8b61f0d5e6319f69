"""What waits follows the person: a kind turned off cancels its waiting messages, a digest leaves out the
poles the person has left, and a person linked to a member after its admission is welcomed (once)."""

from __future__ import annotations

from datetime import timedelta

from notifications import outbox
from notifications.kinds import CANCELLED, DIGEST, HELD, IMMEDIATE, IN_DIGEST, INVITATION, OFF, QUEUED, WELCOME
from tests.mail.conftest import ACTOR, paris
from web.accounts.store import Accounts


def test_turning_a_kind_off_cancels_what_waits_and_at_once_takes_it_out_of_the_digest(pole):
    planner = pole.planner()
    outbox.set_preferences(pole.engine, pole.users["beta"], {INVITATION: IN_DIGEST})
    pole.open_vote("Plan de mobilité")
    planner.catch_up()
    (alice,) = pole.rows(user_id=pole.users["alpha"], kind=INVITATION)
    (bruno,) = pole.rows(user_id=pole.users["beta"], kind=INVITATION)
    assert (alice["state"], bruno["state"]) == (QUEUED, HELD)
    outbox.set_preferences(pole.engine, pole.users["alpha"], {INVITATION: OFF})
    outbox.set_preferences(pole.engine, pole.users["beta"], {INVITATION: IMMEDIATE})
    assert pole.rows(id=alice["id"])[0]["state"] == CANCELLED
    assert pole.rows(id=bruno["id"])[0]["state"] == QUEUED
    outbox.unsubscribe(pole.engine, pole.users["gamma"], INVITATION)
    assert pole.rows(user_id=pole.users["gamma"], kind=INVITATION)[0]["state"] == CANCELLED


def test_a_digest_leaves_out_the_messages_of_a_pole_the_person_has_left(pole):
    planner = pole.planner()
    for key in ("beta", "gamma"):
        outbox.set_preferences(pole.engine, pole.users[key], {INVITATION: IN_DIGEST})
    pole.open_vote("Plan de mobilité")
    planner.catch_up()
    pole.app.withdraw_member(pole.pole, pole.members["beta"], reason="départ", actor=ACTOR)
    assert planner.plan_digests(paris(1, 8)) == 1  # Chloé's only
    (bruno,) = pole.rows(user_id=pole.users["beta"], kind=INVITATION)
    assert bruno["state"] == CANCELLED
    assert not pole.rows(user_id=pole.users["beta"], kind=DIGEST)
    assert len(pole.rows(user_id=pole.users["gamma"], kind=DIGEST)) == 1
    assert planner.plan_digests(paris(1, 8) + timedelta(minutes=1)) == 0  # nothing twice


def test_a_person_linked_to_an_admitted_member_is_welcomed_once(pole):
    planner = pole.planner()
    accounts = Accounts(pole.engine)
    user = accounts.create_user("hugo@alpha.example", "Hugo Alpha", "Motdepasse-2026")
    accounts.grant(user, pole.pole, "member", pole.members["alpha"])
    assert planner.welcome(user, pole.pole, pole.members["alpha"]) == 1
    assert planner.welcome(user, pole.pole, pole.members["alpha"]) == 1  # planned again: still one message
    (welcome,) = pole.rows(user_id=user, kind=WELCOME)
    assert welcome["subject"] == "Bienvenue à Pôle Test" and "Régie Alpha est désormais membre de Pôle Test" in welcome["body_text"]
    assert planner.welcome(user, pole.pole, pole.members["zeta"]) == 0  # not admitted: no welcome
