"""tools/smtp_sink.py: a real SMTP server, exercised with smtplib (no mocks)."""

import os
import signal
import smtplib
import ssl
import subprocess
import sys
import threading
from email.message import EmailMessage

import pytest

from tools.smtp_sink import SmtpSink


def _message(to="alice@example.org", subject="Convocation"):
    message = EmailMessage()
    message["From"] = "Collegia <noreply@example.org>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = "<m1@example.org>"
    message.set_content("Bonjour,\nl'assemblée a lieu jeudi.\n")
    message.add_alternative("<p>L'assemblée a lieu <b>jeudi</b>.</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf",
                           filename="ordre-du-jour.pdf")
    return message


def test_plain_send_and_parse():
    with SmtpSink() as sink:
        assert sink.url == f"smtp://127.0.0.1:{sink.port}" and sink.ca_file is None
        with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
            client.send_message(_message())
            for i in range(20):
                client.sendmail("a@example.org", ["b@example.org"], f"Subject: n{i}\r\n\r\nx\r\n")
        first, *others = sink.wait_for(21)
    assert first.mail_from == "noreply@example.org" and first.rcpt_tos == ["alice@example.org"]
    assert (first.subject, first.to, first.message_id) == (
        "Convocation", "alice@example.org", "<m1@example.org>")
    assert first.text == "Bonjour,\nl'assemblée a lieu jeudi.\n"
    assert first.html == "<p>L'assemblée a lieu <b>jeudi</b>.</p>\n"
    assert first.attachments == [("ordre-du-jour.pdf", "application/pdf", b"%PDF-1.4 fake")]
    assert [r.subject for r in others] == [f"n{i}" for i in range(20)]
    assert others[0].html is None and others[0].attachments == []
    sink.clear()
    assert sink.received == []
    with pytest.raises(AssertionError, match="expected at least 1 message.*0 arrived"):
        sink.wait_for(1, timeout=0.05)


def test_stop_then_start_on_the_same_port():
    sink = SmtpSink().start()
    try:
        port = sink.port
        idle = smtplib.SMTP(sink.host, port, timeout=5)
        sink.stop()
        with pytest.raises(smtplib.SMTPServerDisconnected):
            idle.noop()  # stop() closed the open connection, not only the listener
        with pytest.raises(ConnectionRefusedError):
            smtplib.SMTP(sink.host, port, timeout=5)
        sink.start()
        assert sink.port == port
        with smtplib.SMTP(sink.host, port, timeout=5) as client:
            client.send_message(_message())
        assert len(sink.wait_for(1)) == 1
    finally:
        sink.stop()


def test_refused_recipients():
    with SmtpSink() as sink, smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
        sink.refuse_recipients = {"gone@example.org"}
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.send_message(_message(to="gone@example.org"))
        assert refused.value.recipients["gone@example.org"][0] == 550
        partly = client.sendmail("a@example.org", ["Gone@example.org", "bob@example.org"],
                                 "Subject: s\r\n\r\nx\r\n")
        assert partly == {"Gone@example.org": (550, b"5.1.1 Mailbox unavailable")}
        assert sink.wait_for(1)[0].rcpt_tos == ["bob@example.org"]


def test_temporary_failure_stores_nothing():
    with SmtpSink() as sink, smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
        sink.temporary_failure = "451 4.3.0 Try again later"
        with pytest.raises(smtplib.SMTPDataError) as failed:
            client.send_message(_message())
        assert failed.value.smtp_code == 451
        assert sink.received == []
        sink.temporary_failure = None
        client.send_message(_message())
        assert len(sink.wait_for(1)) == 1


def test_starttls_with_auth():
    with SmtpSink(tls="starttls", username="app", password="p@ss:w/rd") as sink:
        assert sink.url == f"smtp://app:p%40ss%3Aw%2Frd@127.0.0.1:{sink.port}?starttls=1"
        context = ssl.create_default_context(cafile=sink.ca_file)
        with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:  # no STARTTLS yet
                client.sendmail("a@example.org", ["b@example.org"], "x")
            assert refused.value.smtp_code == 530
            client.starttls(context=context)
            with pytest.raises(smtplib.SMTPSenderRefused):  # TLS but no AUTH yet
                client.sendmail("a@example.org", ["b@example.org"], "x")
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("app", "wrong")
            client.login("app", "p@ss:w/rd")
            client.send_message(_message())
        assert sink.wait_for(1)[0].subject == "Convocation"


def test_smtps_implicit_tls_with_auth():
    with SmtpSink(tls="smtps", username="app", password="secret") as sink:
        assert sink.url == f"smtps://app:secret@127.0.0.1:{sink.port}"
        context = ssl.create_default_context(cafile=sink.ca_file)
        with smtplib.SMTP_SSL("localhost", sink.port, timeout=5, context=context) as client:
            client.login("app", "secret")
            client.send_message(_message())
        assert sink.wait_for(1)[0].attachments[0][0] == "ordre-du-jour.pdf"


def test_before_accept_runs_before_the_message_is_stored():
    seen = []
    with SmtpSink() as sink, smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
        def hook(received):
            seen.append((received.subject, len(sink.received),
                         threading.current_thread() is threading.main_thread()))
        sink.before_accept = hook
        client.send_message(_message())
        assert [r.subject for r in sink.wait_for(1)] == ["Convocation"]
    assert seen == [("Convocation", 0, False)]


SENDER = """
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30) as client:
    client.sendmail("a@example.org", ["b@example.org"], "Subject: doomed\\r\\n\\r\\nx\\r\\n")
"""


def test_message_dropped_when_the_sender_dies_before_the_reply():
    with SmtpSink() as sink:
        sender = subprocess.Popen([sys.executable, "-c", SENDER, str(sink.port)])
        hook_done = threading.Event()

        def kill_sender(received):
            assert received.subject == "doomed"
            os.kill(sender.pid, signal.SIGKILL)
            sender.wait()  # once reaped, its socket is closed
            hook_done.set()

        sink.before_accept = kill_sender
        try:
            assert hook_done.wait(10)
        finally:
            if sender.poll() is None:
                sender.kill()
                sender.wait()
        assert sender.returncode == -signal.SIGKILL
        sink.before_accept = None
        with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
            client.sendmail("a@example.org", ["b@example.org"], "Subject: later\r\n\r\nx\r\n")
        assert [r.subject for r in sink.wait_for(1)] == ["later"]
