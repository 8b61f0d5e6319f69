"""Configuration from the environment: which store, where, and the instance's ballot key."""

from __future__ import annotations

import base64
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

DEFAULT_URL = "sqlite:///instance/collegia.db"
PROJECTION_MODES = ("inline", "worker")
CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"  # AES-GCM from the `cryptography` package


@dataclass(frozen=True)
class Settings:
    """Everything an instance needs to know, read from `COLLEGIA_*` environment variables."""

    database_url: str = DEFAULT_URL
    schema: str | None = None
    instance_dir: Path = Path("instance")
    ballot_key: bytes | None = None
    aggregate_cache: int = 1000
    # "inline": every process brings the read models up to date after its own saves (the
    # embedded default). "worker": only `collegia project` writes them; web processes wait
    # for the worker to reach their own writes (read-your-writes) before rendering.
    projections: str = "inline"
    # Whether ordinary processes may create missing tables. In worker (production) mode
    # only the setup step (`collegia init`, `collegia db upgrade`) creates them.
    create_tables: bool = True
    poll_interval: float = 5.0
    read_your_writes_timeout: float = 2.0
    event_cipher_key: str | None = None
    # Mail (notifications/, docs/mail.md). Without an SMTP server, messages stay in the outbox.
    smtp_url: str | None = None  # smtp://user:password@host:port, smtps:// (implicit TLS), ?starttls=1
    smtp_ca_file: str | None = None  # a CA bundle to trust for the SMTP server's certificate (else the system's)
    mail_from: str = "Collegia <collegia@localhost>"
    base_url: str = "http://127.0.0.1:5000"  # where links in mail point
    mail_rate: float = 10.0  # messages per second at most (0: no limit)
    mail_retry_seconds: float = 30.0  # the first retry's delay after a temporary failure (doubling after)
    mail_poll_interval: float = 1.0  # seconds between two looks at the event log for new messages
    digest_hour: int = 7  # the daily digest leaves at this hour, Paris time
    secret: str | None = None  # COLLEGIA_SECRET_KEY (else the instance's key file)
    # Signing the minutes (issue 25, docs/signing.md). Without a timestamp authority, the demo one (NOT trusted).
    tsa_url: str | None = None  # RFC 3161 over HTTP(S); https://user:password@host/path for basic authentication
    tsa_ca_file: str | None = None  # PEM: the timestamp authority's root (and intermediates) to trust
    signing_ca_file: str | None = None  # PEM: the roots trusted for the certificates signatories bring (.p12, outside)
    # Webhooks (issue 26, docs/webhooks.md): HTTPS only, except http:// to a loopback address when this is on
    # (COLLEGIA_WEBHOOKS_ALLOW_HTTP_LOOPBACK, for development and tests; off by default).
    webhooks_allow_http_loopback: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        key = env.get("COLLEGIA_BALLOT_KEY")
        projections = (env.get("COLLEGIA_PROJECTIONS") or "inline").strip().lower()
        if projections not in PROJECTION_MODES:
            raise ValueError(f"COLLEGIA_PROJECTIONS must be one of {', '.join(PROJECTION_MODES)}, not {projections!r}")
        create_tables = env.get("COLLEGIA_CREATE_TABLES")
        return cls(
            database_url=env.get("COLLEGIA_DATABASE_URL", DEFAULT_URL),
            schema=env.get("COLLEGIA_DB_SCHEMA") or None,
            instance_dir=Path(env.get("COLLEGIA_INSTANCE_DIR", "instance")),
            ballot_key=base64.b64decode(key) if key else None,
            aggregate_cache=int(env.get("COLLEGIA_AGGREGATE_CACHE", "1000")),
            projections=projections,
            create_tables=(projections == "inline") if not create_tables else _truthy(create_tables),
            poll_interval=float(env.get("COLLEGIA_POLL_INTERVAL") or 5),
            read_your_writes_timeout=float(env.get("COLLEGIA_READ_YOUR_WRITES_TIMEOUT") or 2),
            event_cipher_key=env.get("COLLEGIA_EVENT_CIPHER_KEY") or None,
            smtp_url=env.get("COLLEGIA_SMTP_URL") or None,
            smtp_ca_file=env.get("COLLEGIA_SMTP_CA_FILE") or None,
            mail_from=env.get("COLLEGIA_MAIL_FROM") or cls.mail_from,
            base_url=(env.get("COLLEGIA_BASE_URL") or cls.base_url).rstrip("/"),
            mail_rate=float(env.get("COLLEGIA_MAIL_RATE") or cls.mail_rate),
            mail_retry_seconds=float(env.get("COLLEGIA_MAIL_RETRY_SECONDS") or cls.mail_retry_seconds),
            mail_poll_interval=float(env.get("COLLEGIA_MAIL_POLL_INTERVAL") or cls.mail_poll_interval),
            digest_hour=int(env.get("COLLEGIA_DIGEST_HOUR") or cls.digest_hour),
            secret=env.get("COLLEGIA_SECRET_KEY") or None,
            tsa_url=env.get("COLLEGIA_TSA_URL") or None,
            tsa_ca_file=env.get("COLLEGIA_TSA_CA_FILE") or None,
            signing_ca_file=env.get("COLLEGIA_SIGNING_CA_FILE") or None,
            webhooks_allow_http_loopback=_truthy(env.get("COLLEGIA_WEBHOOKS_ALLOW_HTTP_LOOPBACK") or "0"),
        )

    def secret_key(self) -> str:
        """The key signing sessions and links (web pages, mail): COLLEGIA_SECRET_KEY, else the instance's."""
        return self.secret or instance_secret(self.instance_dir)

    @property
    def projects_inline(self) -> bool:
        return self.projections == "inline"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql", "postgres:"))

    @property
    def backend(self) -> str:
        return "postgresql" if self.is_postgres else "sqlite"

    def event_store_env(self, create_tables: bool | None = None) -> dict[str, str]:
        """The `eventsourcing` persistence settings for this store.

        `create_tables` (default: the setting) lets the library create its tables; only one
        setup step should, never several workers at once."""
        create = self.create_tables if create_tables is None else create_tables
        # Cached aggregates are fast-forwarded from the store on every get, so several
        # processes sharing one store stay consistent.
        common = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache), "AGGREGATE_CACHE_FASTFORWARD": "y",
                  "CREATE_TABLE": "y" if create else "n"}
        if self.event_cipher_key:  # events and snapshots encrypted at rest (AES-GCM)
            common.update(CIPHER_TOPIC=CIPHER_TOPIC, CIPHER_KEY=self.event_cipher_key)
        from infrastructure.chain_store import chain_env  # the recorders keeping each pole's register chained
        common.update(chain_env(self))
        if not self.is_postgres:
            path = self._sqlite_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            return {**common, "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path),
                    "SQLITE_LOCK_TIMEOUT": "30"}
        url = urlparse(self.database_url)
        env = {
            **common,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_POOL_SIZE": "8",
            "POSTGRES_MAX_OVERFLOW": "16",
            "POSTGRES_PRE_PING": "y",  # survive a database restart: stale pooled connections are replaced
        }
        if self.schema:
            env["POSTGRES_SCHEMA"] = self.schema
        return env

    def read_model_url(self) -> str:
        """SQLAlchemy URL of the read models (a sibling SQLite file, or the same PostgreSQL database)."""
        if not self.is_postgres:
            path = self._sqlite_path()
            return f"sqlite:///{path.with_name(path.stem + '.read' + path.suffix)}"
        url = urlparse(self.database_url)
        return url._replace(scheme="postgresql+psycopg").geturl()

    def psycopg_url(self) -> str:
        """libpq URL of the PostgreSQL store (for LISTEN and administrative connections)."""
        url = urlparse(self.database_url)
        return url._replace(scheme="postgresql").geturl()

    def _sqlite_path(self) -> Path:
        raw = self.database_url.removeprefix("sqlite:///")
        return Path(raw)

    def load_ballot_key(self, create: bool = False) -> bytes:
        """The secret-ballot key: from the environment, else the instance's key file."""
        if self.ballot_key:
            return self.ballot_key
        path = self.instance_dir / "ballot.key"
        if path.exists():
            return base64.b64decode(path.read_text().strip())
        if not create:
            raise RuntimeError(
                f"no ballot key: set COLLEGIA_BALLOT_KEY or run 'collegia init' to create {path}")
        from governance.sealing import BallotSealer
        key = BallotSealer.generate_key()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.b64encode(key).decode())
        path.chmod(0o600)
        return key


def instance_secret(instance_dir: Path) -> str:
    """A per-instance key (sessions, signed links) kept beside the ballot key (created by `init` or on first start).

    Created atomically: web workers starting together all end up with the same key."""
    path = instance_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first
        else:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_hex(32))
    for _attempt in range(50):  # the creator may not have written it yet
        secret = path.read_text().strip()
        if secret:
            return secret
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty: delete it or set COLLEGIA_SECRET_KEY")



def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "y", "yes", "true", "on")
