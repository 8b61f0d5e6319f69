"""Where the instance keeps the poles' signing authorities and their members' signing certificates (issue 25).

A pole's authority (`infrastructure.pki.PoleCA`) is made on first use and kept in `web_pole_authorities`, its key
encrypted under the instance's secret. A person's certificate is issued by it when they set a passphrase; their key
is kept encrypted under that passphrase, which is never stored: the instance cannot sign for them (docs/signing.md,
docs/minutes-signature-law.md on eIDAS art. 26 c). A person has at most one certificate in force per pole: a new
one (a forgotten passphrase) revokes the one before, which stays listed for the signatures it made.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from infrastructure.accounts_tables import pole_authorities as pa, signing_certificates as sc
from infrastructure.pki import AuthorityUnreadable, PoleCA, certificate_pem, certificate_sha256, demo_tsa, issue_person
from projections.queries import read_connection

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class SigningKeys:
    """The poles' authorities and the people's certificates, in the accounts' database."""

    def __init__(self, engine: Engine, secret: str) -> None:
        self.engine, self._secret = engine, secret

    @classmethod
    def for_instance(cls, engine: Engine, instance_secret: str) -> "SigningKeys":
        """The store under a key derived from the instance's secret (COLLEGIA_SECRET_KEY, or the instance's key
        file), kept apart from its other uses (sessions, signed links). Changing that secret makes the kept
        authorities unreadable: keep it with the store's backups."""
        return cls(engine, hashlib.sha256(b"collegia:pole-authorities:" + instance_secret.encode()).hexdigest())

    # -- the authorities --------------------------------------------------------------------------------------
    def authority(self, pole_id: str, pole_name: str) -> PoleCA:
        """The pole's authority, made and kept on first use."""
        with read_connection(self.engine) as conn:
            row = conn.execute(select(pa.c.authority).where(pa.c.pole_id == str(pole_id))).first()
        if row is not None:
            return PoleCA.load(row.authority, self._secret)
        ca = PoleCA.create(pole_name)
        with self.engine.begin() as conn:
            now = _now()
            conn.execute(insert(pa).values(pole_id=str(pole_id), authority=ca.dump(self._secret), created_at=now,
                                           changed_at=now))
        return ca

    def has_authority(self, pole_id: str) -> bool:
        with read_connection(self.engine) as conn:
            return conn.execute(select(pa.c.pole_id).where(pa.c.pole_id == str(pole_id))).first() is not None

    def authorities(self, *, skip_unreadable: bool = False) -> list[PoleCA]:
        """Every pole's authority (the certificates a minutes PDF signed on this instance chains to).
        `skip_unreadable`: leave out an authority the instance's secret no longer opens (the secret was changed)
        instead of raising `AuthorityUnreadable` — a verification then reports its signatures untrusted."""
        with read_connection(self.engine) as conn:
            rows = conn.execute(select(pa.c.authority).order_by(pa.c.pole_id)).all()
        found = []
        for row in rows:
            try:
                found.append(PoleCA.load(row.authority, self._secret))
            except AuthorityUnreadable:
                if not skip_unreadable:
                    raise
                log.warning("a pole's signing authority cannot be opened with this instance's secret: skipped")
        return found

    def demo_timestamper(self, pole_id: str, pole_name: str) -> Any:
        """The pole's demo timestamp authority (`pki.demo_tsa`), kept with its authority once made: for an
        instance without COLLEGIA_TSA_URL only. Its timestamps are dated by the instance itself: NOT TRUSTED."""
        ca = self.authority(pole_id, pole_name)
        made = ca.has_demo_tsa
        stamper = demo_tsa(ca)
        if not made:
            self._keep(pole_id, ca)
        return stamper

    def _keep(self, pole_id: str, ca: PoleCA) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(pa).where(pa.c.pole_id == str(pole_id)).values(authority=ca.dump(self._secret),
                                                                                changed_at=_now()))

    # -- the people's certificates ----------------------------------------------------------------------------
    def certificate(self, user_id: int, pole_id: str) -> dict[str, Any] | None:
        """The person's certificate in force for this pole (None if they have none)."""
        with read_connection(self.engine) as conn:
            row = conn.execute(select(sc).where(sc.c.user_id == user_id, sc.c.pole_id == str(pole_id),
                                                sc.c.revoked_at.is_(None)).order_by(sc.c.id.desc())).first()
        return dict(row._mapping) if row else None

    def certificates(self, pole_id: str) -> list[dict[str, Any]]:
        """Every certificate the pole's authority issued, the revoked ones too, oldest first."""
        with read_connection(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(sc).where(sc.c.pole_id == str(pole_id)).order_by(sc.c.id))]

    def issue(self, user_id: int, pole_id: str, pole_name: str, *, name: str, email: str,
              passphrase: str) -> dict[str, Any]:
        """A certificate for the person, its key under `passphrase`; the one in force before is revoked
        (superseded). Raises `infrastructure.pki.WeakPassphrase` for a passphrase too short."""
        ca = self.authority(pole_id, pole_name)
        certificate, encrypted = issue_person(ca, name, email, passphrase)
        previous = self.certificate(user_id, pole_id)
        if previous is not None:
            ca.revoke(int(previous["serial"]), reason="superseded")
            self._keep(pole_id, ca)
        now = _now()
        with self.engine.begin() as conn:
            if previous is not None:
                conn.execute(update(sc).where(sc.c.id == previous["id"]).values(revoked_at=now))
            conn.execute(insert(sc).values(user_id=user_id, pole_id=str(pole_id), serial=str(certificate.serial_number),
                                           sha256=certificate_sha256(certificate),
                                           certificate=certificate_pem(certificate).decode(), encrypted_key=encrypted,
                                           created_at=now))
        found = self.certificate(user_id, pole_id)
        assert found is not None
        return found

    def revoke(self, user_id: int, pole_id: str, pole_name: str, *, reason: str = "unspecified") -> bool:
        """Revoke the person's certificate in force for this pole (a key compromised, a member gone); False if
        they have none."""
        current = self.certificate(user_id, pole_id)
        if current is None:
            return False
        ca = self.authority(pole_id, pole_name)
        ca.revoke(int(current["serial"]), reason=reason)
        self._keep(pole_id, ca)
        with self.engine.begin() as conn:
            conn.execute(update(sc).where(sc.c.id == current["id"]).values(revoked_at=_now()))
        return True
