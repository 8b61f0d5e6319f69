"""A real, small SMTP server that keeps what it receives: for tests, benchmarks
and local development.

It is not a mock: it listens on a loopback TCP port and speaks SMTP through
aiosmtpd, so the code under test goes through ``smtplib`` (TLS, AUTH, refusals
and all) exactly as it would against a real relay.

In a test::

    with SmtpSink() as sink:
        send_the_convocation(smtp_url=sink.url)
        (message,) = sink.wait_for(1)
        assert message.subject == "Convocation"
        assert "ordre du jour" in message.text

What it can model:

* ``tls="starttls"`` (STARTTLS required before anything else) or
  ``tls="smtps"`` (TLS from the first byte), with a throw-away self-signed
  certificate for 127.0.0.1 and localhost whose PEM is at ``ca_file``;
* ``username=``/``password=``: AUTH LOGIN/PLAIN is required before MAIL FROM;
* ``refuse_recipients``: RCPT TO these addresses is answered with a 550;
* ``temporary_failure``: every DATA is answered with that reply (e.g. a 451)
  and nothing is kept;
* ``before_accept``: a callable run in a worker thread once the message has
  been received but before it is kept and acknowledged; if the client has gone
  away by the time it returns (say the sending process was killed inside it),
  the message is dropped and no reply is sent, as a real server would when its
  client dies before the final 250;
* ``stop()`` then ``start()`` brings the server down and up again on the same
  port, so a test can check what the sender does while the relay is away.

Received messages are kept as raw bytes and parsed only when asked for (the
``Received.message`` family of properties), so a benchmark can push thousands
of messages through one connection without paying for parsing.

From a shell, a local SMTP server that prints each message it gets (for
``make run-postgres`` and friends)::

    python -m tools.smtp_sink --port 1025
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import email
import email.message
import email.policy
import hmac
import ipaddress
import logging
import os
import shutil
import socket
import ssl
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

__all__ = ["Received", "SmtpSink"]

_log = logging.getLogger(__name__)

TLS_MODES = ("none", "starttls", "smtps")
DATA_SIZE_LIMIT = 256 * 1024 * 1024
SERVER_NAME = "localhost"  # the banner/EHLO name; avoids socket.getfqdn() per connection


def _lf(text: str) -> str:
    # On the wire lines end with CRLF; a quoted-printable or 8bit part keeps them.
    return text.replace("\r\n", "\n")


@dataclass(eq=False)
class Received:
    """One message as the server received it: the envelope and the raw bytes."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes = field(repr=False)

    @cached_property
    def message(self) -> email.message.EmailMessage:
        """The parsed message (parsed on first access only)."""
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def _header(self, name: str) -> str | None:
        value = self.message[name]
        return None if value is None else str(value)

    @property
    def message_id(self) -> str | None:
        return self._header("Message-ID")

    @property
    def subject(self) -> str | None:
        return self._header("Subject")

    @property
    def to(self) -> str | None:
        return self._header("To")

    @property
    def text(self) -> str:
        """The text/plain body, decoded, with \\n line ends ("" when the message has none)."""
        part = self.message.get_body(preferencelist=("plain",))
        return "" if part is None else _lf(part.get_content())

    @property
    def html(self) -> str | None:
        """The text/html body, decoded, with \\n line ends, or None."""
        part = self.message.get_body(preferencelist=("html",))
        return None if part is None else _lf(part.get_content())

    @property
    def attachments(self) -> list[tuple[str | None, str, bytes]]:
        """(filename, content type, decoded bytes) of each attachment."""
        return [
            (part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b"")
            for part in self.message.iter_attachments()
        ]


# --------------------------------------------------------------------------- TLS


def _write_self_signed_certificate(directory: str) -> tuple[str, str]:
    """Write a throw-away certificate for 127.0.0.1/localhost; return (cert, key) paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path = os.path.join(directory, "smtp-sink-cert.pem")
    key_path = os.path.join(directory, "smtp-sink-key.pem")
    with open(cert_path, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return cert_path, key_path


# ---------------------------------------------------------------------- aiosmtpd


class _SMTP(SMTP):
    """aiosmtpd's SMTP protocol, keeping a registry of live connections so that
    stop() can close them (aiosmtpd's Controller.stop() only closes the listener)."""

    def __init__(self, handler: Any, *, connections: set, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._connections = connections

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._connections.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        self._connections.discard(self)
        super().connection_lost(error)


class _Controller(Controller):
    """A Controller that binds its own listening socket: with port 0 the port the
    kernel picked is known before aiosmtpd's readiness self-connection (which
    connects to ``self.port``), and there is exactly one listening socket."""

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.connections: set[_SMTP] = set()

    def factory(self) -> SMTP:
        return _SMTP(self.handler, connections=self.connections, **self.SMTP_kwargs)

    def _create_server(self):  # type: ignore[override]
        return self._bind_and_serve()

    async def _bind_and_serve(self) -> asyncio.AbstractServer:
        family, type_, proto, _, address = socket.getaddrinfo(
            self.hostname, self.port, type=socket.SOCK_STREAM
        )[0]
        sock = socket.socket(family, type_, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            server = await self.loop.create_server(
                self._factory_invoker, sock=sock, ssl=self.ssl_context, backlog=128
            )
        except BaseException:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        return server

    async def close_connections(self) -> None:
        assert self.server is not None
        self.server.close()
        for protocol in list(self.connections):
            if protocol.transport is not None:
                protocol.transport.abort()
        for _ in range(3):  # let connection_lost() and the cancelled handlers run
            await asyncio.sleep(0)


def _client_gone(server: SMTP) -> bool:
    transport = server.transport
    return transport is None or transport.is_closing() or server._reader.at_eof()


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self._sink.username is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refused = self._sink.refuse_recipients
        if refused and address.lower() in {r.lower() for r in refused}:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        sink = self._sink
        failure = sink.temporary_failure
        if failure:
            return failure
        received = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        hook = sink.before_accept
        if hook is not None:
            try:
                # If the client goes away meanwhile, aiosmtpd's eof_received()
                # cancels this coroutine: the message is then never stored.
                await asyncio.get_running_loop().run_in_executor(None, hook, received)
            except Exception as error:
                _log.exception("SmtpSink.before_accept raised")
                return f"451 4.3.0 before_accept raised {type(error).__name__}"
            if _client_gone(server):
                # No reply, nothing stored; aiosmtpd closes the connection.
                raise asyncio.CancelledError
        sink._store(received)
        return "250 2.0.0 OK"


# -------------------------------------------------------------------------- sink


class SmtpSink:
    """A loopback SMTP server that stores every message it accepts (see the module docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tls: str = "none",
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        if tls not in TLS_MODES:
            raise ValueError(f"tls must be one of {TLS_MODES}, not {tls!r}")
        if (username is None) != (password is None):
            raise ValueError("give both username and password, or neither")
        self.host = host
        self.port = port
        self.tls = tls
        self.username = username
        self.password = password
        self.received: list[Received] = []
        self.refuse_recipients: set[str] = set()
        self.temporary_failure: str | None = None
        self.before_accept: Callable[[Received], None] | None = None
        self._condition = threading.Condition(threading.Lock())
        self._controller: _Controller | None = None
        self._cert_path: str | None = None
        self._key_path: str | None = None
        if tls != "none":
            directory = tempfile.mkdtemp(prefix="smtp-sink-")
            weakref.finalize(self, shutil.rmtree, directory, True)
            self._cert_path, self._key_path = _write_self_signed_certificate(directory)

    # ---- life cycle

    def start(self) -> SmtpSink:
        """Listen (on a free port the first time, on the same port afterwards)."""
        if self._controller is not None:
            return self
        logger = logging.getLogger("mail.log")  # aiosmtpd logs every command at INFO
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)
        kwargs: dict[str, Any] = {
            "hostname": self.host,
            "port": self.port,
            "server_hostname": SERVER_NAME,
            "data_size_limit": DATA_SIZE_LIMIT,
            "enable_SMTPUTF8": True,
            "ready_timeout": 10.0,
        }
        if self.tls == "smtps":
            kwargs["ssl_context"] = self._server_ssl_context()
        elif self.tls == "starttls":
            kwargs["tls_context"] = self._server_ssl_context()
            kwargs["require_starttls"] = True
        if self.username is not None:
            kwargs["authenticator"] = self._authenticate
            # aiosmtpd only counts STARTTLS as TLS: with implicit TLS (smtps) it
            # would refuse AUTH with a 538 unless auth_require_tls is False.
            kwargs["auth_require_tls"] = self.tls == "starttls"
        controller = _Controller(_Handler(self), **kwargs)
        try:
            controller.start()
        except BaseException:
            controller.stop(no_assert=True)
            if not controller.loop.is_closed():
                controller.loop.close()
            raise
        self.port = controller.port
        self._controller = controller
        return self

    def stop(self) -> None:
        """Close the listener and every open connection; the received messages are kept."""
        controller, self._controller = self._controller, None
        if controller is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(
                controller.close_connections(), controller.loop
            ).result(timeout=5)
        except Exception:  # the loop is gone already; Controller.stop() still cleans up
            _log.exception("SmtpSink: closing the connections failed")
        controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._controller is not None

    # ---- addresses

    @property
    def url(self) -> str:
        """smtp://[user:password@]host:port[?starttls=1], or smtps://… for implicit TLS."""
        if not self.port:
            raise RuntimeError("SmtpSink.url: the port is known once start() has been called")
        scheme = "smtps" if self.tls == "smtps" else "smtp"
        userinfo = ""
        if self.username is not None:
            userinfo = f"{quote(self.username, safe='')}:{quote(self.password or '', safe='')}@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = "?starttls=1" if self.tls == "starttls" else ""
        return f"{scheme}://{userinfo}{host}:{self.port}{query}"

    @property
    def ca_file(self) -> str | None:
        """PEM of the self-signed certificate to trust (None without TLS)."""
        return self._cert_path

    # ---- messages

    def _store(self, received: Received) -> None:
        with self._condition:
            self.received.append(received)
            self._condition.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait until at least `count` messages have arrived; return them all (a copy)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while len(self.received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"SmtpSink: expected at least {count} message(s) within {timeout:g} s, "
                        f"{len(self.received)} arrived"
                    )
                self._condition.wait(remaining)
            return list(self.received)

    def clear(self) -> None:
        with self._condition:
            self.received.clear()

    def _take(self, timeout: float) -> list[Received]:
        """Remove and return what has arrived, waiting up to `timeout` for something."""
        with self._condition:
            if not self.received:
                self._condition.wait(timeout)
            taken = list(self.received)
            self.received.clear()
            return taken

    # ---- internals

    def _server_ssl_context(self) -> ssl.SSLContext:
        assert self._cert_path and self._key_path
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self._cert_path, self._key_path)
        return context

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            assert self.username is not None and self.password is not None
            if hmac.compare_digest(auth_data.login, self.username.encode()) and hmac.compare_digest(
                auth_data.password, self.password.encode()
            ):
                return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)


# -------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.smtp_sink",
        description="A local SMTP server that prints each message it receives.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--tls", choices=TLS_MODES, default="none")
    parser.add_argument("--username")
    parser.add_argument("--password")
    args = parser.parse_args(argv)
    sink = SmtpSink(
        args.host, args.port, tls=args.tls, username=args.username, password=args.password
    )
    with sink:
        print(f"SMTP sink listening on {sink.url}", flush=True)
        if sink.ca_file:
            print(f"CA certificate: {sink.ca_file}", flush=True)
        try:
            while True:
                for received in sink._take(timeout=1.0):
                    print(
                        f"{datetime.datetime.now():%H:%M:%S} From: {received.message['From']}"
                        f" | To: {received.to} | Subject: {received.subject}"
                        f" | envelope {received.mail_from} -> {', '.join(received.rcpt_tos)}"
                        f" | {len(received.data)} bytes",
                        flush=True,
                    )
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
