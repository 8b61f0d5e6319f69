"""Who gets what: reminders, secret ballots, preferences and digests, members who left, durable planning."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

from sqlalchemy import update

from governance import clock
from infrastructure.accounts_tables import mail_tracking
from notifications import outbox
from notifications.kinds import CANCELLED, DIGESTED, HELD, IN_DIGEST, INVITATION, OFF, QUEUED, REMINDER, SENT
from notifications.planner import PLANNER, MailPlanner
from tests.mail.conftest import ACTOR, MEMBERS, deliver, paris
from web.accounts.store import Accounts

ELECTORS = sorted(v[2] for v in MEMBERS.values())


def naive(at):
    return at.replace(tzinfo=None)


# -- 2. reminders ---------------------------------------------------------------------------------
def test_reminder_only_for_who_has_not_voted_at_the_lead_time_and_never_twice(pole, sink):
    planner = pole.planner()
    outbox.set_reminder_hours(pole.engine, pole.pole, 6)
    proposal, closes_at = pole.open_vote("Charte du tiers-lieu")
    pole.app.grant_proxy(proposal, pole.members["beta"], pole.members["alpha"], actor=pole.emails["beta"],
                         represented=[pole.members["beta"]])
    pole.vote(proposal, "alpha", "for")  # Alice voted for her member, not yet for SCOP Beta's proxy
    pole.vote(proposal, "gamma", "against")
    pole.vote(proposal, "delta", "for", by="delta")
    planner.catch_up()
    closes = naive(closes_at)
    assert planner.plan_reminders(naive(clock.now())) == 0
    assert planner.plan_reminders(closes - timedelta(hours=6, minutes=1)) == 0, "reminded before the lead time"
    assert pole.rows(kind=REMINDER) == []
    assert planner.plan_reminders(closes - timedelta(hours=5)) == 3
    assert pole.recipients(kind=REMINDER) == ["alice@alpha.example", "bruno@beta.example", "emma@epsilon.example"]
    assert planner.plan_reminders(closes - timedelta(hours=4)) == 0, "reminded twice"
    pole.vote(proposal, "epsilon", "abstain")
    assert planner.plan_reminders(closes - timedelta(hours=1)) == 0
    deliver(pole.sender(sink))
    assert planner.plan_reminders(closes - timedelta(minutes=30)) == 0, "reminded twice after sending"
    reminders = {parseaddr(m.to)[1]: m for m in sink.received if "Rappel" in m.subject}
    assert sorted(reminders) == ["alice@alpha.example", "bruno@beta.example", "emma@epsilon.example"]
    alice = reminders["alice@alpha.example"]
    assert alice.subject.strip() == "Rappel : le vote « Charte du tiers-lieu » se termine bientôt"
    assert "vous n'avez pas encore voté pour SCOP Beta." in alice.text  # the proxy, not her own member
    assert "Régie Alpha" not in alice.text
    assert "vous n'avez pas encore voté pour Commune Epsilon." in reminders["emma@epsilon.example"].text
    assert [r["state"] for r in pole.rows(kind=REMINDER)] == [SENT] * 3


# -- 3. secret ballots ----------------------------------------------------------------------------
def test_no_mail_tells_a_secret_choice(pole, sink):
    planner = pole.planner()
    proposal, _ = pole.open_vote("Élection du comité", secret=True)
    planner.catch_up()
    pole.vote(proposal, "alpha", "for")
    pole.vote(proposal, "beta", "against")
    pole.vote(proposal, "gamma", "abstain")
    pole.vote(proposal, "delta", "abstain")  # college b unanimous: its count would tell each choice
    pole.vote(proposal, "epsilon", "against")  # college c has one member: its count would tell her choice
    pole.app.close_voting(proposal, actor=ACTOR)
    planner.catch_up()
    deliver(pole.sender(sink))
    received = sink.received
    assert len(received) == 10
    invitation = next(m for m in received if m.subject.strip().startswith("Vote ouvert"))
    assert "Ce vote est à bulletin secret" in invitation.text
    result = next(m for m in received if m.to.endswith("<emma@epsilon.example>") and "Résultat" in m.subject)
    assert "- Salariés : 1 pour, 1 contre, 0 abstention (votants : 2 sur 2)" in result.text  # mixed: published
    assert "- Usagers : détail non publié (il révélerait des bulletins secrets)" in result.text
    assert "- Collectivités : détail non publié (il révélerait des bulletins secrets)" in result.text
    assert "Ce vote était à bulletin secret : aucun choix n'est relié à un nom" in result.text
    for message in received:
        everything = "\n".join([str(message.message), message.subject, message.text, message.html or "",
                                 *(a[2].decode() for a in message.attachments)])
        assert "0 pour, 1 contre, 0 abstention" not in everything, "the one-member college's choice is mailed"
        assert "2 abstentions" not in everything, "the unanimous college's choices are mailed"
        assert not any(f'"{choice}"' in everything for choice in ("for", "against", "abstain"))


# -- 4. preferences -------------------------------------------------------------------------------
def test_preferences_off_digest_and_unsubscribe(pole, sink):
    planner = pole.planner()
    outbox.set_preferences(pole.engine, pole.users["alpha"], {INVITATION: OFF})
    outbox.set_preferences(pole.engine, pole.users["beta"], {INVITATION: IN_DIGEST})
    assert outbox.unsubscribe(pole.engine, pole.users["gamma"], INVITATION) == [INVITATION]
    first, _ = pole.open_vote("Plan de mobilité")
    second, _ = pole.open_vote("Statuts de la légumerie")
    planner.catch_up()
    assert pole.recipients(kind=INVITATION, state=QUEUED) == ["david@delta.example"] * 2 + [
        "emma@epsilon.example"] * 2
    assert pole.recipients(state=HELD) == ["bruno@beta.example"] * 2
    assert "alice@alpha.example" not in pole.recipients() and "chloe@gamma.example" not in pole.recipients()
    assert deliver(pole.sender(sink)) == 4
    assert planner.plan_digests(paris(0, 0) + timedelta(hours=1)) == 0, "a digest before its hour"
    assert planner.plan_digests(paris(1, 8)) == 1  # tomorrow after 07:00, Paris time
    assert [r["state"] for r in pole.rows(user_id=pole.users["beta"], kind=INVITATION)] == [DIGESTED] * 2
    assert planner.plan_digests(paris(1, 9)) == 0
    assert deliver(pole.sender(sink)) == 1
    (digest,) = [m for m in sink.received if m.to.endswith("<bruno@beta.example>")]
    assert digest.subject.strip().startswith("Collegia : votre résumé du ") and "(2 messages)" in digest.subject
    assert "== Vote ouvert : Plan de mobilité ==" in digest.text
    assert "== Vote ouvert : Statuts de la légumerie ==" in digest.text
    assert digest.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert {parseaddr(m.to)[1] for m in sink.received} == {"david@delta.example", "emma@epsilon.example",
                                                           "bruno@beta.example"}
    # Unsubscribing from the digest turns off what it gathered.
    assert outbox.unsubscribe(pole.engine, pole.users["beta"], "digest") == [INVITATION]
    pole.open_vote("Troisième vote")
    planner.catch_up()
    assert "bruno@beta.example" not in pole.recipients(kind=INVITATION, state=QUEUED)
    assert len(pole.rows(user_id=pole.users["beta"], state=HELD)) == 0


# -- 5. members who left ----------------------------------------------------------------------------
def test_no_invitation_for_a_member_who_left_or_lost_the_role(pole, sink):
    planner = pole.planner()
    accounts = Accounts(pole.engine)
    proposal, _ = pole.open_vote("Achat d'un camion")
    # While the planner is behind: Beta withdraws, David's role is revoked.
    pole.app.withdraw_member(pole.pole, pole.members["beta"], reason="départ", actor=ACTOR)
    accounts.revoke(pole.users["delta"], pole.pole, "member")
    planner.catch_up()
    assert pole.recipients(kind=INVITATION) == ["alice@alpha.example", "chloe@gamma.example",
                                                "emma@epsilon.example"]
    # A queued message whose person lost the role meanwhile is cancelled, never sent.
    accounts.revoke(pole.users["gamma"], pole.pole, "member")
    assert deliver(pole.sender(sink)) == 2
    assert sorted(parseaddr(m.to)[1] for m in sink.received) == ["alice@alpha.example", "emma@epsilon.example"]
    (chloe,) = pole.rows(recipient="chloe@gamma.example")
    assert chloe["state"] == CANCELLED and "no longer belongs" in chloe["last_error"]


def test_a_queued_message_is_not_sent_to_a_member_who_withdrew_meanwhile(pole, sink):
    planner = pole.planner()
    pole.open_vote("Achat d'un camion")
    planner.catch_up()
    assert len(pole.rows(state=QUEUED)) == 5
    pole.app.withdraw_member(pole.pole, pole.members["epsilon"], reason="départ", actor=ACTOR)
    deliver(pole.sender(sink))
    received = sorted(parseaddr(m.to)[1] for m in sink.received)
    (emma,) = pole.rows(recipient="emma@epsilon.example")
    assert "emma@epsilon.example" not in received and emma["state"] == CANCELLED, (
        "BUG (notifications/sender.py, Sender._cancel_departed): a member that withdrew from the pole after "
        "its invitation was queued still gets it; only the account's role is checked at send time, not "
        f"whether the member is still admitted (state {emma['state']!r})")


# -- 8. durable planning ----------------------------------------------------------------------------
def test_planning_survives_restarts_once_and_only_once(pole):
    planner = pole.planner()
    start = planner.position()
    first, _ = pole.open_vote("Premier vote")
    assert planner.catch_up() == 5
    assert MailPlanner(pole.app, pole.engine, pole.settings).catch_up() == 0  # a restart plans nothing new
    # Planned again from an earlier position (a crash, a second planner): the keys keep each message once.
    with pole.engine.begin() as conn:
        conn.execute(update(mail_tracking).where(mail_tracking.c.name == PLANNER).values(position=start))
    MailPlanner(pole.app, pole.engine, pole.settings).catch_up()
    assert pole.recipients(kind=INVITATION) == ELECTORS, "an invitation was planned twice"
    # While the planner is stopped: a vote opens, another opens and closes.
    second, _ = pole.open_vote("Deuxième vote")
    third, _ = pole.open_vote("Troisième vote")
    pole.app.close_voting(third, actor=ACTOR)
    restarted = MailPlanner(pole.app, pole.engine, pole.settings)
    assert restarted.catch_up() == 10
    assert sorted(r["recipient"] for r in pole.rows(about=second, kind=INVITATION)) == ELECTORS
    assert pole.rows(about=third, kind=INVITATION) == [], "an invitation to a vote closed meanwhile"
    assert sorted(r["recipient"] for r in pole.rows(about=third, kind="result")) == ELECTORS
    assert restarted.catch_up() == 0
    assert len(pole.rows()) == 15


def test_a_message_held_before_the_digest_hour_but_planned_after_the_digest_is_not_lost(pole):
    """A held message whose row was composed before the digest hour but committed after that day's digest
    was planned (a long planning section; the planner and the clock pass running side by side)."""
    planner = pole.planner()
    outbox.set_preferences(pole.engine, pole.users["beta"], {INVITATION: IN_DIGEST})
    pole.open_vote("Premier vote")
    planner.catch_up()
    assert planner.plan_digests(paris(1, 8)) == 1
    late, _ = pole.open_vote("Vote tardif")
    planner.catch_up()  # held, created before tomorrow's 07:00: it belongs to tomorrow's digest
    planner.plan_digests(paris(1, 8) + timedelta(minutes=30))
    (held,) = pole.rows(about=late, user_id=pole.users["beta"])
    digests = pole.rows(kind="digest")
    assert held["state"] == HELD or any("Vote tardif" in d["body_text"] for d in digests), (
        "BUG (notifications/planner.py, MailPlanner.plan_digests): the message was marked 'digested' although "
        "the day's digest key (digest:<user>:<day>) already existed, so outbox.queue skipped the new digest: "
        f"the message is in no digest and will never be sent (state {held['state']!r}, {len(digests)} digest)")
