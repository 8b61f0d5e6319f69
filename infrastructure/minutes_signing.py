"""The instance's side of signing the minutes' PDF (issue 25): which keys, which timestamp authority, which trust.

`infrastructure/pades.py` signs, timestamps and verifies bytes; `infrastructure/signing_keys.py` keeps the poles'
authorities and the people's certificates. This module puts them together with the instance's settings, for the
web pages and `collegia verify-minutes` alike:

- the timestamp authority: `COLLEGIA_TSA_URL` (RFC 3161 over HTTP), its root in `COLLEGIA_TSA_CA_FILE`; without
  a URL, the pole's demo authority (`pki.demo_tsa`: dated by the instance's own clock, named NOT TRUSTED, reported
  as such by every verification), so that `make run` signs without any outside service;
- what a verification trusts: every pole authority of the instance (with its current CRL), the TSA's roots, and the
  roots of the certificates signatories bring (`COLLEGIA_SIGNING_CA_FILE`);
- the signed PDFs, kept in the documents table by their SHA-256 (infrastructure/documents.py): the register's
  `MinutesSigned` events name them, so the PDF and the hash chain vouch for each other.

Nothing here imports the domain or Flask: the callers record the signature (`Collegia.sign_minutes(pdf=...)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from sqlalchemy import Engine

from infrastructure import pades, pki
from infrastructure.config import Settings
from infrastructure.documents import load_document, store_document
from infrastructure.signing_keys import SigningKeys

PDF = "application/pdf"
MAX_PDF_BYTES = 20 * 1024 * 1024  # a signed minutes PDF uploaded back, or one to verify
MAX_PKCS12_BYTES = 64 * 1024  # a .p12 holds a key and a few certificates


class NoCertificate(Exception):
    """The person has no certificate in force for this pole: they set a passphrase first."""


def read_certificates(path: str | None) -> list[x509.Certificate]:
    """The certificates of a PEM bundle (a setting's file); none when no file is set. `ValueError` names the
    file when it cannot be read, so that a wrong setting stops the instance with a clear message."""
    if not path:
        return []
    try:
        certificates = x509.load_pem_x509_certificates(Path(path).read_bytes())
    except (OSError, ValueError) as error:
        raise ValueError(f"the certificates in {path} cannot be read: {error}") from error
    return list(certificates)


@dataclass
class Signed:
    """A PDF with one more signature (or the document timestamp), and what the register records of it."""

    pdf: bytes
    sha256: str
    certificate_sha256: str | None = None
    subject: str | None = None
    tsa: str | None = None


class MinutesSigning:
    """Signing and verifying the minutes' PDF with this instance's keys, settings and stored files."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings, self.engine = settings, engine
        self.keys = SigningKeys.for_instance(engine, settings.secret_key())
        self.tsa_roots = read_certificates(settings.tsa_ca_file)
        self.brought_roots = read_certificates(settings.signing_ca_file)

    # -- which authority dates the signatures ------------------------------------------------------------
    @property
    def demo_tsa(self) -> bool:
        """No timestamp authority is configured: the demo one (not trusted) dates the signatures."""
        return not self.settings.tsa_url

    def authority(self, pole_id: str, pole_name: str) -> pki.PoleCA:
        return self.keys.authority(pole_id, pole_name)

    def timestamper(self, pole_id: str, pole_name: str) -> Any:
        if self.settings.tsa_url:
            return pades.timestamper_for(self.settings.tsa_url)
        return self.keys.demo_timestamper(pole_id, pole_name)

    def signing_context(self, ca: pki.PoleCA, *, brought: bool = False) -> Any:
        """The validation context a signature is made with: the pole's authority and its fresh CRL, the TSA's
        roots; the roots of brought certificates for a .p12. A real TSA's (or a brought certificate's)
        revocation data is fetched from where its certificate says, so that it is embedded too (B-LT)."""
        roots = [ca.certificate, *self.tsa_roots, *(self.brought_roots if brought else [])]
        fetch = bool(self.settings.tsa_url) or brought
        return pades.validation_context(roots, crls=[ca.crl()], allow_fetching=fetch, require_revocation=not brought)

    # -- signing -------------------------------------------------------------------------------------------
    def sign_with_pole_certificate(self, pdf: bytes, *, pole_id: str, pole_name: str, user_id: int,
                                   passphrase: str, signer_name: str, capacity_label: str) -> Signed:
        """A signature with the person's certificate from the pole's authority, their key opened by their
        passphrase for this signature only (`pki.WrongPassphrase`, `NoCertificate`, `pades.SignatureRefused`)."""
        held = self.keys.certificate(user_id, pole_id)
        if held is None:
            raise NoCertificate("set a passphrase first: it makes your signing certificate")
        ca = self.authority(pole_id, pole_name)
        certificate = x509.load_pem_x509_certificate(held["certificate"].encode())
        signed = pades.sign_pdf(pdf, key=held["encrypted_key"], passphrase=passphrase, certificate=certificate,
                                chain=[ca.certificate], signer_name=signer_name, capacity_label=capacity_label,
                                timestamper=self.timestamper(pole_id, pole_name),
                                validation_context=self.signing_context(ca))
        return self._signed(signed, certificate)

    def sign_with_pkcs12(self, pdf: bytes, *, pole_id: str, pole_name: str, p12: bytes, password: str,
                         signer_name: str, capacity_label: str) -> Signed:
        """A signature with a certificate the person brings (.p12 / .pfx read in memory, never stored): it must
        chain to `COLLEGIA_SIGNING_CA_FILE` (or the pole's authority). `pki.WrongPassphrase`, `ValueError` (not
        a PKCS#12), `pades.SignatureRefused`."""
        key, certificate, chain = pki.load_pkcs12(p12, password)
        ca = self.authority(pole_id, pole_name)
        signed = pades.sign_pdf(pdf, key=key, certificate=certificate, chain=chain, signer_name=signer_name,
                                capacity_label=capacity_label, timestamper=self.timestamper(pole_id, pole_name),
                                validation_context=self.signing_context(ca, brought=True))
        return self._signed(signed, certificate)

    def check_external(self, previous: bytes, uploaded: bytes) -> pades.Addition:
        """A PDF signed outside Collegia, uploaded back: accepted only if it is `previous` plus one valid
        signature (`pades.check_addition`), checked against everything this instance trusts."""
        roots, crls = self.trust()
        return pades.check_addition(previous, uploaded, trust_roots=roots, crls=crls, allow_fetching=True)

    def timestamp(self, pdf: bytes, *, pole_id: str, pole_name: str) -> Signed:
        """The document timestamp closing the signed PDF (B-LTA), the pole authority's fresh CRL sealed in."""
        ca = self.authority(pole_id, pole_name)
        stamped = pades.timestamp_document(pdf, timestamper=self.timestamper(pole_id, pole_name),
                                           validation_context=self.signing_context(ca))
        report = pades.verify_pdf(stamped, trust_roots=[ca.certificate, *self.tsa_roots], crls=[ca.crl()])
        tsa = report.timestamps[-1].get("tsa") if report.timestamps else None
        return Signed(pdf=stamped, sha256=self.store(stamped), tsa=tsa or self.settings.tsa_url or pki.DEMO_TSA_NAME)

    def _signed(self, pdf: bytes, certificate: Any) -> Signed:
        cert = pki.crypto_certificate(certificate)
        names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        subject = str(names[0].value) if names else cert.subject.rfc4514_string()
        return Signed(pdf=pdf, sha256=self.store(pdf), certificate_sha256=pki.certificate_sha256(cert),
                      subject=subject)

    # -- the stored PDFs ----------------------------------------------------------------------------------
    def store(self, pdf: bytes) -> str:
        return store_document(self.engine, pdf, PDF)

    def load(self, sha256: str) -> bytes | None:
        found = load_document(self.engine, sha256)
        return found[0] if found else None

    # -- verification -------------------------------------------------------------------------------------
    def trust(self) -> tuple[list[Any], list[bytes]]:
        """What a verification on this instance trusts: every pole authority (and its current CRL), the TSA's
        roots, the roots of brought certificates. An authority the instance's secret no longer opens (the
        secret was changed) is left out: its signatures are then reported untrusted, never a failure."""
        roots: list[Any] = [*self.tsa_roots, *self.brought_roots]
        crls: list[bytes] = []
        for ca in self.keys.authorities(skip_unreadable=True):
            roots.append(ca.certificate)
            crls.append(ca.crl())
        return roots, crls

    def verify(self, pdf: bytes, *, extra_roots: list[Any] | None = None, instance: bool = True) -> pades.Report:
        roots, crls = self.trust() if instance else ([], [])
        return pades.verify_pdf(pdf, trust_roots=[*roots, *(extra_roots or [])], crls=crls)
