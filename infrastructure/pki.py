"""The pole's own certificate authority, kept by the instance, for the signatures in the minutes' PDF (issue 25).

A pole that signs its minutes with Collegia's own keys needs certificates: `PoleCA` is a small certificate
authority per pole (its certificate, its private key encrypted under the instance's secret, the revocations it
recorded). It issues each signatory a personal certificate (`issue_person`) whose private key is encrypted
under a passphrase only the person knows (neither the passphrase nor the key in clear is ever stored), so the
key stays under the person's sole control: `unlock` opens it for one signature and refuses a wrong passphrase
(`WrongPassphrase`; the authority's own key under the instance's secret: `AuthorityUnreadable`). Revoking a
certificate is recorded in the authority's state (`PoleCA.revoke`) and published
in a fresh CRL signed by the authority (`PoleCA.crl`), which the signing code embeds in each signed PDF (PAdES
B-LT), so the PDF carries the proof that the certificate was not revoked when it signed.

For `make run` without any outside service, `demo_tsa` gives the pole a timestamp authority of its own, in this
process, whose certificate says in its name that it is a demo and not to be trusted: a real deployment names a
real RFC 3161 authority (COLLEGIA_TSA_URL, infrastructure/pades.py `timestamper_for`).

Keys are ECDSA on the P-256 curve (the authority's and the persons'): approved for signatures by ANSSI's RGS
(annex B1) and by ETSI TS 119 312 alongside RSA 3072, read by Acrobat and the EU's DSS validator, with keys made
in a millisecond (a certificate is issued while the person waits) and signatures of 64 bytes. Only the demo
timestamp authority's key is RSA 3072: pyHanko's in-process timestamper signs with RSA only.

X.509 is built with `cryptography`; pyHanko reads these certificates through asn1crypto (`asn1_certificate`,
`asn1_private_key`). Docs: docs/signing.md.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Iterable

from asn1crypto import algos as asn1_algos
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

FORMAT = "collegia-pole-ca/1"
CA_VALIDITY = timedelta(days=3653)  # ten years
PERSON_VALIDITY_DAYS = 3 * 365
CRL_VALIDITY = timedelta(days=7)  # a CRL's nextUpdate: a week after it was made
CLOCK_SKEW = timedelta(minutes=5)  # certificates start a little before now, for clocks slightly behind
MIN_PASSPHRASE = 8
# PBKDF2-HMAC-SHA256 rounds guarding a person's key (OWASP's 2023 figure). OpenSSL's default for an encrypted
# PKCS#8 (what `BestAvailableEncryption` gives) is 2048, too few for a passphrase a person chooses: the key file
# would fall to a dictionary attack if the database leaked. The instance's own secret, 32 random bytes, needs
# no such work factor: the authority's key keeps `BestAvailableEncryption`.
KDF_ITERATIONS = 600_000
MAX_NAME = 64  # RFC 5280's upper bound for a common name or an organisation's name (UTF-8 bytes here)

# Extended key usages of a person's certificate: document signing (RFC 9336) and e-mail protection, which
# Acrobat accepts for document signatures where it may not know the newer purpose.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
PERSON_PURPOSES = (DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION)

DEMO_TSA_NAME = "Collegia demo TSA \u2014 NOT TRUSTED"
DEMO_TSA_UNIT = "Autorit\u00e9 d'horodatage de d\u00e9monstration, non fiable"

REASONS = {  # the revocation reasons a pole records (RFC 5280 5.3.1; no "hold": a revocation is final)
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "privilege_withdrawn": x509.ReasonFlags.privilege_withdrawn,
}


class WrongPassphrase(ValueError):
    """The passphrase (or the instance's secret) does not open this key: nothing was unlocked, nothing signed."""

    def __init__(self, message: str = "wrong passphrase: the key was not unlocked") -> None:
        super().__init__(message)


class AuthorityUnreadable(Exception):
    """The instance's secret does not open a pole authority's key (COLLEGIA_SECRET_KEY changed without its backups):
    not a person's wrong passphrase, and not a ValueError, so that no handler of those takes it for one."""


class WeakPassphrase(ValueError):
    """A passphrase too short to protect a signing key."""


@dataclass(frozen=True)
class Revocation:
    serial: int
    when: datetime
    reason: str


class PoleCA:
    """A pole's certificate authority: its certificate, its key (in memory only once loaded), its revocations.

    Made by `create`, kept by `dump` (JSON bytes: the certificate, the key encrypted under the caller's secret,
    the revocations, the demo TSA if any) and read back by `load`."""

    def __init__(self, certificate: x509.Certificate, key: Any, *, revocations: Iterable[Revocation] = (),
                 crl_url: str | None = None, demo_tsa: tuple[x509.Certificate, Any] | None = None) -> None:
        self.certificate = certificate
        self._key = key
        self._revocations = {r.serial: r for r in revocations}
        self.crl_url = crl_url
        self._demo_tsa = demo_tsa

    # -- making, keeping, loading ---------------------------------------------------------------------
    @classmethod
    def create(cls, pole_name: str, *, instance_name: str = "Collegia", crl_url: str | None = None,
               now: datetime | None = None, validity: timedelta = CA_VALIDITY) -> "PoleCA":
        """A new authority for the pole `pole_name` (its certificate's CN; O= the instance). `crl_url`, where the
        instance will publish the authority's CRL, goes into the certificates it issues (their CRL distribution
        point): validators look for revocation information only for certificates that declare where it is."""
        now = _now(now)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, _short(f"{_clean(pole_name, 'pole name')} \u2014 signatures")),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _short(_clean(instance_name, "instance name"))),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Collegia pole certificate authority"),
        ])
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - CLOCK_SKEW).not_valid_after(now + validity)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(certificate, key, crl_url=crl_url)

    def dump(self, secret: str | bytes) -> bytes:
        """The authority's state as JSON bytes, its private keys encrypted under `secret` (the instance's)."""
        encryption = serialization.BestAvailableEncryption(_secret_bytes(secret))
        state: dict[str, Any] = {
            "format": FORMAT,
            "certificate": _pem(self.certificate),
            "key": self._key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           encryption).decode("ascii"),
            "crl_url": self.crl_url,
            "revocations": [{"serial": format(r.serial, "x"), "when": r.when.isoformat(), "reason": r.reason}
                            for r in sorted(self._revocations.values(), key=lambda r: (r.when, r.serial))],
            "demo_tsa": None,
        }
        if self._demo_tsa is not None:
            tsa_certificate, tsa_key = self._demo_tsa
            state["demo_tsa"] = {
                "certificate": _pem(tsa_certificate),
                "key": tsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             encryption).decode("ascii"),
            }
        return json.dumps(state, indent=1).encode("utf-8")

    @classmethod
    def load(cls, data: bytes | str, secret: str | bytes) -> "PoleCA":
        """The authority `dump` kept; `AuthorityUnreadable` if `secret` does not open its key."""
        state = json.loads(data)
        if state.get("format") != FORMAT:
            raise ValueError(f"not a pole certificate authority ({FORMAT})")
        password = _secret_bytes(secret)
        certificate = x509.load_pem_x509_certificate(state["certificate"].encode("ascii"))
        unreadable = AuthorityUnreadable("wrong secret: the authority's key was not unlocked")
        key = _load_key(state["key"].encode("ascii"), password, unreadable)
        demo_tsa = None
        if state.get("demo_tsa"):
            demo_tsa = (x509.load_pem_x509_certificate(state["demo_tsa"]["certificate"].encode("ascii")),
                        _load_key(state["demo_tsa"]["key"].encode("ascii"), password, unreadable))
        revocations = [Revocation(int(r["serial"], 16), datetime.fromisoformat(r["when"]), r["reason"])
                       for r in state.get("revocations", [])]
        return cls(certificate, key, revocations=revocations, crl_url=state.get("crl_url"), demo_tsa=demo_tsa)

    # -- what it says ---------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value

    @property
    def key_id(self) -> str:
        """The authority's key identifier (hex): what the certificates it issues name as their issuer's key
        (Authority Key Identifier, RFC 5280 §4.2.1.1), unlike a name anyone can copy."""
        return x509.SubjectKeyIdentifier.from_public_key(self.certificate.public_key()).digest.hex()

    @property
    def has_demo_tsa(self) -> bool:
        """Whether `demo_tsa` was made for this authority already (then kept in its state)."""
        return self._demo_tsa is not None

    @property
    def pole_name(self) -> str:
        return self.name.rsplit(" \u2014 ", 1)[0]

    def revocations(self) -> list[Revocation]:
        return sorted(self._revocations.values(), key=lambda r: (r.when, r.serial))

    def revocation(self, serial: int) -> Revocation | None:
        return self._revocations.get(serial)

    # -- revocation -----------------------------------------------------------------------------------
    def revoke(self, serial: int, when: datetime | None = None, reason: str = "unspecified") -> Revocation:
        """Record that the certificate `serial` is revoked from `when` (now by default; earlier for a key known
        compromised since then: signatures it made after `when` are then reported revoked). A certificate
        revoked once stays revoked: revoking it again changes nothing and answers the first revocation."""
        if reason not in REASONS:
            raise ValueError(f"a revocation's reason is one of {', '.join(REASONS)}")
        existing = self._revocations.get(serial)
        if existing is not None:
            return existing
        revocation = Revocation(int(serial), _now(when), reason)
        self._revocations[revocation.serial] = revocation
        return revocation

    def crl(self, *, now: datetime | None = None, valid_for: timedelta = CRL_VALIDITY) -> bytes:
        """A fresh CRL (DER) of the authority's revocations, signed by it: thisUpdate now, nextUpdate `valid_for`
        later, numbered by its time in milliseconds (so that each later CRL has a greater number without keeping
        a counter)."""
        now = _now(now)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(now).next_update(now + valid_for)
            .add_extension(x509.CRLNumber(int(now.timestamp() * 1000)), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                           critical=False)
        )
        for revocation in self.revocations():
            entry = x509.RevokedCertificateBuilder().serial_number(revocation.serial).revocation_date(revocation.when)
            if revocation.reason != "unspecified":
                entry = entry.add_extension(x509.CRLReason(REASONS[revocation.reason]), critical=False)
            builder = builder.add_revoked_certificate(entry.build())
        return builder.sign(self._key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    # -- issuing --------------------------------------------------------------------------------------
    def _issue(self, subject: x509.Name, public_key: Any, extensions: list[tuple[Any, bool]],
               not_before: datetime, not_after: datetime) -> x509.Certificate:
        not_after = min(not_after, self.certificate.not_valid_after_utc)
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                           critical=False)
        )
        if self.crl_url:
            point = x509.DistributionPoint([x509.UniformResourceIdentifier(self.crl_url)], None, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        return builder.sign(self._key, hashes.SHA256())


def issue_person(ca: PoleCA, name: str, email: str, passphrase: str, *, valid_days: int = PERSON_VALIDITY_DAYS,
                 now: datetime | None = None,
                 kdf_iterations: int = KDF_ITERATIONS) -> tuple[x509.Certificate, bytes]:
    """A signatory's certificate and private key: (the certificate, the key as an encrypted PKCS#8 PEM).

    The certificate names the person (CN, emailAddress; O the pole), for signatures only (key usage
    digitalSignature and nonRepudiation, critical: pyHanko's validation requires nonRepudiation; extended key
    usage document signing and e-mail protection). The key is encrypted under `passphrase` (PBES2: PBKDF2-HMAC-
    SHA256 with `kdf_iterations` rounds, AES-256-CBC), which is neither kept nor needed again until signing."""
    name = _clean(name, "name")
    email = _clean(email, "e-mail address")
    if "@" not in email or any(c.isspace() for c in email):
        raise ValueError("a signatory's certificate names an e-mail address")
    secret = _passphrase_bytes(passphrase)
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase(f"a passphrase protecting a signing key has at least {MIN_PASSPHRASE} characters")
    now = _now(now)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, _short(name)),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, email),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _short(ca.pole_name)),
    ])
    try:
        alt_name = x509.SubjectAlternativeName([x509.RFC822Name(email)])
    except ValueError as error:
        raise ValueError(f"this e-mail address cannot be put in a certificate: {error}") from error
    certificate = ca._issue(subject, key.public_key(), [
        (_key_usage(digital_signature=True, content_commitment=True), True),
        (x509.ExtendedKeyUsage(list(PERSON_PURPOSES)), False),
        (alt_name, False),
    ], now - CLOCK_SKEW, now + timedelta(days=valid_days))
    return certificate, encrypt_key(key, secret, iterations=kdf_iterations)


def encrypt_key(key: Any, passphrase: str | bytes, *, iterations: int = KDF_ITERATIONS) -> bytes:
    """`key` as an encrypted PKCS#8 PEM (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC), readable by OpenSSL and
    `cryptography` alike (`unlock`)."""
    secret = passphrase if isinstance(passphrase, bytes) else _passphrase_bytes(passphrase)
    plain = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    salt, iv = os.urandom(16), os.urandom(16)
    derived = PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations).derive(secret)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(derived), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    info = asn1_keys.EncryptedPrivateKeyInfo({
        "encryption_algorithm": {
            "algorithm": "pbes2",
            "parameters": {
                "key_derivation_func": {"algorithm": "pbkdf2", "parameters": {
                    "salt": asn1_algos.Pbkdf2Salt(name="specified", value=salt), "iteration_count": iterations,
                    "prf": {"algorithm": "sha256"}}},
                "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv},
            },
        },
        "encrypted_data": encrypted,
    })
    body = base64.encodebytes(info.dump()).decode("ascii").replace("\n", "")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + "\n".join(lines)
            + "\n-----END ENCRYPTED PRIVATE KEY-----\n").encode("ascii")


def unlock(encrypted_key: bytes, passphrase: str) -> Any:
    """The private key `issue_person` encrypted, opened with the person's passphrase (a `cryptography` key,
    kept in memory for one signature); `WrongPassphrase` if the passphrase does not open it."""
    if not isinstance(passphrase, str) or not passphrase:
        raise WrongPassphrase()
    return _load_key(encrypted_key, _passphrase_bytes(passphrase), WrongPassphrase())


def load_pkcs12(data: bytes, passphrase: str) -> tuple[Any, x509.Certificate, list[x509.Certificate]]:
    """A certificate the person brings (a PKCS#12 / .p12 / .pfx file): (key, certificate, chain), or
    `WrongPassphrase`; `ValueError` for a file that holds no key and certificate."""
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, _passphrase_bytes(passphrase or ""))
    except ValueError as error:
        if "password" in str(error).lower() or "mac" in str(error).lower():
            raise WrongPassphrase() from error
        raise ValueError(f"not a PKCS#12 file holding a key and its certificate: {error}") from error
    if key is None or certificate is None:
        raise ValueError("this PKCS#12 file holds no private key with its certificate")
    return key, certificate, list(chain)


def demo_tsa(ca: PoleCA) -> Any:
    """An in-process RFC 3161 timestamp authority for the demo (`make run` without any outside service):
    pyHanko's `DummyTimeStamper` with a certificate issued by the pole's authority, named "Collegia demo TSA —
    NOT TRUSTED" (extended key usage timeStamping, critical). Its timestamps prove nothing a third party should
    rely on: the instance dates them itself. Made once per authority and kept in its state (`dump` it again)."""
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if ca._demo_tsa is None:
        now = _now(None)
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)  # DummyTimeStamper signs RSA only
        subject = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, DEMO_TSA_NAME),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_TSA_UNIT),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _short(ca.pole_name)),
        ])
        certificate = ca._issue(subject, key.public_key(), [
            (_key_usage(digital_signature=True), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True),
        ], now - CLOCK_SKEW, ca.certificate.not_valid_after_utc)
        ca._demo_tsa = (certificate, key)
    certificate, key = ca._demo_tsa
    return DummyTimeStamper(tsa_cert=asn1_certificate(certificate), tsa_key=asn1_private_key(key),
                            certs_to_embed=SimpleCertificateStore.from_certs([asn1_certificate(ca.certificate)]))


# -- conversions between cryptography and asn1crypto (pyHanko) ---------------------------------------------
def asn1_certificate(certificate: Any) -> asn1_x509.Certificate:
    """A certificate as pyHanko reads it, from a `cryptography` certificate, an asn1crypto one, or DER/PEM."""
    if isinstance(certificate, asn1_x509.Certificate):
        return certificate
    if isinstance(certificate, x509.Certificate):
        return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    if isinstance(certificate, (bytes, bytearray)):
        data = bytes(certificate)
        if data.lstrip().startswith(b"-----BEGIN"):
            data = x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
        return asn1_x509.Certificate.load(data)
    raise TypeError(f"not a certificate: {type(certificate).__name__}")


def crypto_certificate(certificate: Any) -> x509.Certificate:
    if isinstance(certificate, x509.Certificate):
        return certificate
    return x509.load_der_x509_certificate(asn1_certificate(certificate).dump())


def asn1_private_key(key: Any) -> asn1_keys.PrivateKeyInfo:
    """A private key as pyHanko reads it, from a `cryptography` key or an asn1crypto PrivateKeyInfo."""
    if isinstance(key, asn1_keys.PrivateKeyInfo):
        return key
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return asn1_keys.PrivateKeyInfo.load(der)


def certificate_pem(certificate: Any) -> bytes:
    return crypto_certificate(certificate).public_bytes(serialization.Encoding.PEM)


def certificate_sha256(certificate: Any) -> str:
    """The SHA-256 of the certificate's DER (hex), as the register records it (MinutesSigned's `pdf`)."""
    return crypto_certificate(certificate).fingerprint(hashes.SHA256()).hex()


# -- helpers --------------------------------------------------------------------------------------------
def _key_usage(*, digital_signature: bool = False, content_commitment: bool = False, key_cert_sign: bool = False,
               crl_sign: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=digital_signature, content_commitment=content_commitment,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=key_cert_sign, crl_sign=crl_sign, encipher_only=False, decipher_only=False)


def _load_key(pem: bytes, password: bytes, wrong: Exception) -> Any:
    try:
        return serialization.load_pem_private_key(pem, password=password)
    except (ValueError, TypeError) as error:
        raise wrong from error


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(microsecond=0)
    if now.tzinfo is None:
        raise ValueError("a time given to the certificate authority carries its time zone")
    return now.astimezone(UTC)


def _clean(text: str, what: str) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).strip()
    if not text or any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise ValueError(f"a certificate needs a readable {what}")
    return text


def _short(text: str) -> str:
    """`text` cut to fit a name's 64 (cryptography counts them in UTF-8 bytes), an ellipsis marking the cut."""
    if len(text.encode("utf-8")) <= MAX_NAME:
        return text
    while len((text + "\u2026").encode("utf-8")) > MAX_NAME:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _passphrase_bytes(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _secret_bytes(secret: str | bytes) -> bytes:
    data = secret if isinstance(secret, bytes) else secret.encode("utf-8")
    if not data:
        raise ValueError("the authority's key is kept under a secret: none was given")
    return data


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
