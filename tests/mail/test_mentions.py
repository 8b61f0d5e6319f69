"""Mentions in a discussion, as they reach a real SMTP server (issue 23, docs/mail.md « Mentions »).

One scenario (built once for the module): a proposal published for discussion; Alice (Régie Alpha, who also
represents SCOP Beta) mentions members in a long comment; a comment hidden and one withdrawn before the planner
reaches them; the secretary mentions two members Alice represents (Hugo represents Régie Alpha too); the vote
opens and a member votes before the planner plans. Delta turned mentions off, Epsilon takes them in the digest.
The planner plans (twice over the same events), the sender delivers to an SmtpSink, and each test reads what
arrived.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

import pytest
from sqlalchemy import update

from infrastructure.accounts_tables import mail_tracking
from notifications import outbox
from notifications.kinds import DIGESTED, IN_DIGEST, MENTION, OFF
from notifications.planner import EXCERPT_LENGTH, PLANNER
from tests.mail.conftest import ACTOR, BASE_URL, copy_pole, deliver, minute, paris
from tools.smtp_sink import SmtpSink
from web.accounts.store import Accounts

TITLE = "Charte de la légumerie"
HUGO = "hugo@alpha.example"
LONG = ("Je propose que Asso Gamma et SCOP Beta relisent l'article 3 de la charte avant la fin du mois, "
        "en particulier ce qui touche aux horaires de la légumerie et au partage des chambres froides. " * 4
        ).strip() + " FIN-DU-COMMENTAIRE"


@pytest.fixture(scope="module")
def scenario(pole_template, tmp_path_factory):
    pole = copy_pole(pole_template, tmp_path_factory.mktemp("mentions") / "store")
    planner = pole.planner()
    start = planner.position()
    app, m = pole.app, pole.members
    accounts = Accounts(pole.engine)
    accounts.grant(pole.users["alpha"], pole.pole, "member", m["beta"])  # Alice: Alpha and Beta
    hugo = accounts.create_user(HUGO, "Hugo Huet", "Motdepasse-2026")  # Régie Alpha's second representative
    accounts.grant(hugo, pole.pole, "member", m["alpha"])
    outbox.set_preferences(pole.engine, pole.users["delta"], {MENTION: OFF})
    outbox.set_preferences(pole.engine, pole.users["epsilon"], {MENTION: IN_DIGEST})
    proposal = str(app.draft_proposal(pole.pole, title=TITLE, text="Adopter la charte.", actor=ACTOR))
    app.publish_for_discussion(proposal, actor=ACTOR)
    alice = f"Alice Arnaud <{pole.emails['alpha']}>"  # as the pages name the actor
    said = app.post_comment(proposal, member_id=m["alpha"], text=LONG, actor=alice,
                            mentions=[m["alpha"], m["beta"], m["gamma"], m["delta"], m["epsilon"]])
    hidden = app.post_comment(proposal, member_id=m["beta"], text="Asso Gamma, un mot hors sujet.",
                              actor=pole.emails["beta"], mentions=[m["gamma"]])
    app.hide_comment(proposal, hidden, reason="Hors sujet.", actor=ACTOR)
    withdrawn = app.post_comment(proposal, member_id=m["gamma"], text="Mairie Delta, une erreur de ma part.",
                                 actor=pole.emails["gamma"], mentions=[m["delta"], m["beta"]])
    app.withdraw_comment(proposal, withdrawn, actor=pole.emails["gamma"])
    secretary = app.post_comment(proposal, member_id=None, text="Régie Alpha et SCOP Beta : merci pour la relecture.",
                                 actor=ACTOR, mentions=[m["alpha"], m["beta"]])
    late = app.post_comment(proposal, member_id=m["alpha"], text="Commune Epsilon, TEXTE-MASQUÉ-APRÈS.", actor=alice,
                            mentions=[m["epsilon"]])
    app.open_voting(proposal, closes_at=minute(timedelta(days=2)), actor=ACTOR)
    pole.vote(proposal, "gamma", "for")  # voted before the mentions are planned: nothing about it in them
    planner.catch_up()
    app.hide_comment(proposal, late, reason="Hors sujet.", actor=ACTOR)  # after planning, before the digest
    planner.catch_up()
    with pole.engine.begin() as conn:  # a planner reading the same events again plans nothing new
        conn.execute(update(mail_tracking).where(mail_tracking.c.name == PLANNER).values(position=start))
    planner.catch_up()
    digests = planner.plan_digests(paris(1, 8))
    with SmtpSink() as sink:
        deliver(pole.sender(sink))
        received = list(sink.received)
    rows = pole.rows(kind=MENTION)
    pole.system.close()
    return {"pole": pole, "proposal": proposal, "received": received, "rows": rows, "digests": digests,
            "numbers": {"said": said, "hidden": hidden, "withdrawn": withdrawn, "secretary": secretary, "late": late}}


def mentions(scenario):
    """The mention mails that arrived, by recipient: a list each (one per comment)."""
    out: dict[str, list] = {}
    for message in scenario["received"]:
        if message.subject.strip().startswith("Vous êtes cité dans une discussion"):
            out.setdefault(parseaddr(message.to)[1], []).append(message)
    return out


def test_a_mention_arrives_in_french_with_the_author_the_title_an_excerpt_and_the_link(scenario):
    pole = scenario["pole"]
    (chloe,) = mentions(scenario)[pole.emails["gamma"]]
    assert chloe.subject.strip() == f"Vous êtes cité dans une discussion : {TITLE}"
    text = " ".join(chloe.text.split())
    assert text.startswith("Bonjour Chloé Colin,")
    assert (f"Dans la discussion de la proposition « {TITLE} » à Pôle Test, Régie Alpha a cité Asso Gamma, "
            "que vous représentez :") in text
    assert "« Je propose que Asso Gamma et SCOP Beta relisent l'article 3" in text
    assert "FIN-DU-COMMENTAIRE" not in text  # an excerpt: the comment's first ~300 characters
    quoted = text.split("« Je propose", 1)[1].split(" »", 1)[0]
    assert len("Je propose" + quoted) <= EXCERPT_LENGTH + 2 and quoted.endswith("…")
    url = f"{BASE_URL}/poles/{pole.pole}/proposals/{scenario['proposal']}#comment-{scenario['numbers']['said']}"
    assert f"Lire la discussion et y répondre : {url}" in chloe.text
    assert f'href="{url}"' in chloe.html
    assert chloe.message["List-Unsubscribe"].startswith(f"<{BASE_URL}/mail/unsubscribe/")
    assert f"{BASE_URL}/account/notifications" in chloe.text


def test_one_message_per_person_and_comment_never_to_the_author(scenario):
    pole, numbers = scenario["pole"], scenario["numbers"]
    received = mentions(scenario)
    # Comment 1 (Alice, for Régie Alpha): she represents Beta too, but wrote it: Bruno is told about Beta, not her;
    # Régie Alpha mentioning itself tells neither her nor Hugo, its other representative.
    # The secretary's comment mentions Alpha and Beta: Alice gets one message naming both, Bruno and Hugo one.
    assert {email: len(messages) for email, messages in received.items()} == {
        pole.emails["alpha"]: 1, pole.emails["beta"]: 2, pole.emails["gamma"]: 1, HUGO: 1}
    (hugo,) = received[HUGO]
    assert "le secrétariat a cité Régie Alpha, que vous représentez" in " ".join(hugo.text.split())
    (alice,) = received[pole.emails["alpha"]]
    assert "le secrétariat a cité Régie Alpha et SCOP Beta, que vous représentez" in " ".join(alice.text.split())
    assert alice.text.count("merci pour la relecture") == 1
    keys = sorted(r["dedupe_key"] for r in scenario["rows"] if r["state"] != "cancelled")
    assert len(keys) == len(set(keys)) == 6  # Chloé, Bruno ×2, Alice, Hugo, Emma (digest); Delta turned them off
    assert not [r for r in scenario["rows"] if r["user_id"] == pole.users["alpha"]
                and f":{numbers['said']}:" in r["dedupe_key"]]


def test_a_comment_hidden_or_withdrawn_before_planning_mentions_nobody(scenario):
    numbers = scenario["numbers"]
    causes = {r["dedupe_key"].split(":")[2] for r in scenario["rows"] if r["state"] != "cancelled"}
    assert causes == {str(numbers["said"]), str(numbers["secretary"])}
    for message in scenario["received"]:
        assert "hors sujet" not in message.text and "une erreur de ma part" not in message.text
        assert "TEXTE-MASQUÉ-APRÈS" not in message.text  # hidden after planning: its held mention is cancelled
    (late,) = [r for r in scenario["rows"] if r["dedupe_key"].split(":")[2] == str(numbers["late"])]
    assert late["state"] == "cancelled"


def test_mentions_turned_off_are_not_sent_and_digested_ones_join_the_digest(scenario):
    pole = scenario["pole"]
    assert pole.emails["delta"] not in mentions(scenario)
    assert not [r for r in scenario["rows"] if r["user_id"] == pole.users["delta"]]
    (emma,) = [r for r in scenario["rows"] if r["user_id"] == pole.users["epsilon"] and r["state"] != "cancelled"]
    assert emma["state"] == DIGESTED
    assert scenario["digests"] == 1
    (digest,) = [m for m in scenario["received"] if parseaddr(m.to)[1] == pole.emails["epsilon"]
                 and m.subject.strip().startswith("Collegia : votre résumé")]
    assert f"== Vous êtes cité dans une discussion : {TITLE} ==" in digest.text
    assert "Régie Alpha a cité Commune Epsilon" in " ".join(digest.text.split())


def test_nothing_in_a_mention_says_whether_anyone_voted(scenario):
    for message in mentions(scenario).values():
        for mail in message:
            assert "vot" not in mail.text.lower() and "vot" not in mail.subject.lower()
