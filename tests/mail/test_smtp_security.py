"""COLLEGIA_SMTP_URL's forms against a real server: STARTTLS with a login (`smtp://user:password@host:port
?starttls=1`), implicit TLS (`smtps://`), the server's certificate checked against COLLEGIA_SMTP_CA_FILE (a
server whose certificate is not trusted gets nothing: the message stays queued, with the TLS error)."""

from __future__ import annotations

import dataclasses

import pytest

from notifications.sender import Sender, SmtpTarget
from tests.mail.conftest import deliver
from tools.smtp_sink import SmtpSink


def test_the_url_forms_are_read() -> None:
    assert SmtpTarget.parse("smtp://alice:p%40ss@mail.example:2525?starttls=1") == SmtpTarget(
        "mail.example", 2525, implicit_tls=False, starttls=True, username="alice", password="p@ss")
    assert SmtpTarget.parse("smtps://mail.example") == SmtpTarget("mail.example", 465, True, False, None, None)
    assert SmtpTarget.parse("smtp://mail.example").port == 25
    with pytest.raises(ValueError):
        SmtpTarget.parse("http://mail.example")


@pytest.mark.parametrize("tls", ["starttls", "smtps"])
def test_mail_goes_over_tls_with_a_login(pole, tls: str) -> None:
    planner = pole.planner()
    pole.open_vote("Budget 2027")
    assert planner.catch_up()
    with SmtpSink(tls=tls, username="collegia", password="s3cret-mot") as sink:
        settings = dataclasses.replace(pole.settings, smtp_url=sink.url, smtp_ca_file=sink.ca_file, mail_rate=0)
        sent = deliver(Sender(pole.engine, settings))
        assert sent == len(pole.rows()) and len(sink.wait_for(sent)) == sent
        assert {r["state"] for r in pole.rows()} == {"sent"}


def test_an_untrusted_certificate_sends_nothing(pole) -> None:
    planner = pole.planner()
    pole.open_vote("Budget 2027")
    assert planner.catch_up()
    with SmtpSink(tls="starttls") as sink:
        settings = dataclasses.replace(pole.settings, smtp_url=sink.url, smtp_ca_file=None, mail_rate=0)
        assert Sender(pole.engine, settings).send_due() == 0
        assert sink.received == []
    first = pole.rows()[0]
    assert first["state"] == "queued" and "CERTIFICATE_VERIFY_FAILED" in first["last_error"]


def test_a_wrong_password_sends_nothing_and_fails_no_message(pole) -> None:
    """The server's login refused is the configuration's fault: the messages wait (queued, the answer recorded,
    retried later), none is marked failed one after the other."""
    planner = pole.planner()
    pole.open_vote("Budget 2027")
    assert planner.catch_up()
    with SmtpSink(tls="starttls", username="collegia", password="s3cret-mot") as sink:
        url = sink.url.replace("s3cret-mot", "faux")
        settings = dataclasses.replace(pole.settings, smtp_url=url, smtp_ca_file=sink.ca_file, mail_rate=0)
        assert Sender(pole.engine, settings).send_due() == 0
        assert sink.received == []
    rows = pole.rows()
    assert [r["state"] for r in rows] == ["queued"] * len(rows)
    assert rows[0]["last_error"] == "server unavailable: 535 5.7.8 Authentication credentials invalid"
    assert all(r["attempts"] == 0 for r in rows)  # no message spent an attempt: the sender waits
