"""Each kind of message, as it reaches a real SMTP server: French text, recipients, headers, parts, .ics.

One scenario (built once for the module): a vote opened, a proxy given, ballots cast, the vote closed,
its minutes signed by the secretary then the chair, a member admitted; the planner plans, the sender
delivers to an SmtpSink, and each test reads what arrived.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from email.utils import parseaddr, parsedate_to_datetime

import icalendar
import pytest

from tests.mail.conftest import ACTOR, BASE_URL, MAIL_FROM, MEMBERS, NEWCOMER, SECRETARY_EMAIL, copy_pole, deliver
from tools.smtp_sink import SmtpSink

TITLE = "Budget 2027 de la légumerie"


@pytest.fixture(scope="module")
def scenario(pole_template, tmp_path_factory):
    pole = copy_pole(pole_template, tmp_path_factory.mktemp("kinds") / "store")
    planner = pole.planner()
    app = pole.app
    proposal, closes_at = pole.open_vote(TITLE, text="Adopter le budget 2027 de la légumerie mutualisée.")
    app.grant_proxy(proposal, pole.members["beta"], pole.members["alpha"], actor=pole.emails["beta"],
                    represented=[pole.members["beta"]])
    pole.vote(proposal, "alpha", "for")
    pole.vote(proposal, "beta", "for", by="alpha")
    pole.vote(proposal, "gamma", "for")
    pole.vote(proposal, "delta", "against")
    planner.catch_up()  # invitations and the proxy's notice: planned while the vote is open
    app.close_voting(proposal, actor=ACTOR)
    app.sign_minutes(proposal, signer="Claire Martin", capacity="secretary", actor=ACTOR)
    planner.catch_up()
    before_chair = {r["kind"] for r in pole.rows()}
    app.sign_minutes(proposal, signer="Paul Durand", capacity="chair", actor=ACTOR)
    planner.catch_up()
    app.admit_member(pole.pole, pole.members["zeta"], decision="CA du 2 avril", actor=ACTOR)
    app.assign_college(pole.pole, pole.members["zeta"], college="b", reason="adhésion", actor=ACTOR)
    planner.catch_up()
    with SmtpSink() as sink:
        sent = deliver(pole.sender(sink))
        received = list(sink.received)
    rows = pole.rows()
    pole.system.close()
    return {"pole": pole, "proposal": proposal, "closes_at": closes_at, "received": received, "rows": rows,
            "sent": sent, "before_chair": before_chair}


def by_subject(scenario, prefix):
    return {parseaddr(m.to)[1]: m for m in scenario["received"] if subject(m).startswith(prefix)}


def subject(message):
    """The Subject as a reader sees it (a long encoded one is folded onto the next line: Python keeps
    the folding space, mail clients do not show it)."""
    return message.subject.strip()


ELECTORS = sorted(v[2] for v in MEMBERS.values())


def test_every_planned_message_arrives_once_with_its_message_id(scenario):
    rows, received = scenario["rows"], scenario["received"]
    assert scenario["sent"] == len(rows) == len(received) == 5 + 1 + 5 + 5 + 1
    assert all(r["state"] == "sent" for r in rows)
    assert sorted(m.message_id for m in received) == sorted(r["message_id"] for r in rows)
    assert len({m.message_id for m in received}) == len(received)
    assert SECRETARY_EMAIL not in {parseaddr(m.to)[1] for m in received}  # a secretary is no member


def test_common_headers_and_parts(scenario):
    for message in scenario["received"]:
        assert message.message["From"] == MAIL_FROM
        assert message.mail_from == parseaddr(MAIL_FROM)[1]
        assert message.rcpt_tos == [parseaddr(message.to)[1]]
        assert message.message_id.endswith("@collegia.example>")
        date = parsedate_to_datetime(message.message["Date"])
        assert abs(date - date.now(UTC)) < timedelta(minutes=5)
        assert message.message["Auto-Submitted"] == "auto-generated"
        unsubscribe = message.message["List-Unsubscribe"].strip()
        assert unsubscribe.startswith(f"<{BASE_URL}/mail/unsubscribe/") and unsubscribe.endswith(">")
        assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe[1:-1] in message.text  # the footer carries the same link
        assert message.text.startswith("Bonjour ")
        assert message.html and message.html.startswith("<!DOCTYPE html>") and 'lang="fr"' in message.html
        assert "Message envoyé automatiquement" in message.text and "Message envoyé automatiquement" in message.html


def test_invitation(scenario):
    invitations = by_subject(scenario, "Vote ouvert : ")
    assert sorted(invitations) == ELECTORS  # not the secretary, not the member who asked to join
    pole, proposal = scenario["pole"], scenario["proposal"]
    alice = invitations["alice@alpha.example"]
    assert subject(alice) == f"Vote ouvert : {TITLE}"
    assert alice.to == "Alice Arnaud <alice@alpha.example>"
    url = f"{BASE_URL}/poles/{pole.pole}/proposals/{proposal}"
    assert "Bonjour Alice Arnaud," in alice.text
    assert "Un vote est ouvert à Pôle Test et vous pouvez y prendre part pour Régie Alpha" in alice.text
    assert f"« {TITLE} »" in alice.text and "Adopter le budget 2027 de la légumerie mutualisée." in alice.text
    assert f"Pour voter : {url}" in alice.text
    assert f'<a href="{url}">' in alice.html and TITLE in alice.html
    assert "Le vote est ouvert jusqu'au " in alice.text and "(heure de Paris)" in alice.text
    assert "bulletin secret" not in alice.text
    (attachment,) = alice.attachments
    name, content_type, data = attachment
    assert (name, content_type) == ("collegia.ics", "text/calendar")
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == scenario["closes_at"]
    assert str(event["summary"]) == f"Clôture du vote : {TITLE}"
    assert str(event["url"]) == url


def test_proxy_holder_is_told(scenario):
    notices = by_subject(scenario, "Procuration reçue : ")
    assert list(notices) == ["alice@alpha.example"]
    notice = notices["alice@alpha.example"]
    assert subject(notice) == f"Procuration reçue : {TITLE}"
    assert f"SCOP Beta vous a confié sa procuration pour le vote « {TITLE} » à Pôle Test" in notice.text
    assert f"/poles/{scenario['pole'].pole}/proposals/{scenario['proposal']}" in notice.text
    assert icalendar.Calendar.from_ical(notice.attachments[0][2]).walk("VEVENT")[0].decoded(
        "dtstart") == scenario["closes_at"]


def test_result(scenario):
    results = by_subject(scenario, "Résultat du vote : ")
    assert sorted(results) == ELECTORS
    result = results["emma@epsilon.example"]
    assert subject(result) == f"Résultat du vote : {TITLE} (adoptée)"
    assert f"Le vote « {TITLE} » à Pôle Test est clos : adoptée." in result.text
    assert "Participation : 4 sur 5 membres appelés à voter." in result.text
    assert "- Salariés : 2 pour, 0 contre, 0 abstention (votants : 2 sur 2)" in result.text
    assert "- Usagers : 1 pour, 1 contre, 0 abstention (votants : 2 sur 2)" in result.text
    assert f"Le détail du résultat : {BASE_URL}/poles/" in result.text
    assert result.attachments == []


def test_minutes_notice_once_chair_and_secretary_have_signed(scenario):
    assert "minutes" not in scenario["before_chair"], "the secretary's signature alone announced the minutes"
    notices = by_subject(scenario, "Procès-verbal signé : ")
    assert sorted(notices) == ELECTORS
    notice = notices["bruno@beta.example"]
    assert subject(notice) == f"Procès-verbal signé : {TITLE}"
    assert f"Le procès-verbal « {TITLE} » de Pôle Test est signé et consultable :" in notice.text
    assert f"{BASE_URL}/poles/{scenario['pole'].pole}/minutes/{scenario['proposal']}" in notice.text


def test_welcome_on_admission(scenario):
    welcomes = by_subject(scenario, "Bienvenue à ")
    assert list(welcomes) == [NEWCOMER[2]]
    welcome = welcomes[NEWCOMER[2]]
    assert subject(welcome) == "Bienvenue à Pôle Test"
    assert "Coop Zeta est désormais membre de Pôle Test." in welcome.text
    assert f"{BASE_URL}/poles/{scenario['pole'].pole}/" in welcome.text


def test_account_messages_carry_no_unsubscribe_headers(pole, sink):
    from notifications import outbox
    from notifications.kinds import PASSWORD_RESET
    outbox.queue_account_message(pole.engine, pole.settings, key="reset:1", user_id=pole.users["alpha"],
                                 recipient="alice@alpha.example", kind=PASSWORD_RESET, template="password_reset",
                                 name="Alice Arnaud", url=f"{BASE_URL}/reset/abc", minutes=30)
    assert deliver(pole.sender(sink)) == 1
    (message,) = sink.received
    assert message.message["List-Unsubscribe"] is None and message.message["List-Unsubscribe-Post"] is None
    assert message.message["Auto-Submitted"] == "auto-generated" and message.html

