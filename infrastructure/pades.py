"""PAdES signatures in the minutes' PDF: signing, the document timestamp, verification (issue 25).

Each signatory adds a PAdES signature (ETSI EN 319 142-1, /SubFilter ETSI.CAdES.detached) to the PDF the previous
one left, as an incremental update (`sign_pdf`): the signature covers the whole document as it is then, carries
the signer's name (/Name) and capacity (/Reason), an RFC 3161 signature timestamp (PAdES B-T), and the validation
data for its certificates — the chain and the CRLs — in the document security store (DSS, B-LT). The earlier
signatures stay valid: what comes after them is only signatures and validation data, which the difference
analysis of pyHanko recognises as allowed. `timestamp_document` closes the file with a document timestamp, after
putting the timestamp authority's own validation data in the DSS (B-LTA).

`verify_pdf` answers a `Report` for any bytes: each signature in order (who, capacity, claimed time, the
timestamp's time and authority, intact, trusted at the time the timestamp proves, revoked or expired, the part of
the file it covers and whether the changes after it are allowed), each document timestamp, and `altered` when
any signature's bytes no longer hash right or the file was changed after a signature in a way signing does not
do. It never raises: a file that is no PDF, or a PDF without signatures, gets a report saying so.

Everything runs offline (no fetching of certificates or revocation lists unless asked), with pyHanko's
synchronous entry points: the callers (the web page, `collegia verify-minutes`) are synchronous. Nothing here
imports the domain; pyHanko's types stay inside (the report is plain data). Docs: docs/signing.md.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import io
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Iterable, Sequence
from urllib.parse import unquote, urlsplit, urlunsplit

from asn1crypto import cms, crl as asn1_crl, ocsp as asn1_ocsp, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError, find_unique_cms_attribute
from pyhanko.sign.signers.pdf_signer import TimestampDSSContentSettings
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError
from pyhanko.sign.validation import DocumentSecurityStore, SignatureCoverageLevel, generic_cms
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule
from pyhanko_certvalidator.registry import SimpleCertificateStore

from infrastructure.pki import DEMO_TSA_NAME, asn1_certificate, asn1_private_key, unlock

log = logging.getLogger(__name__)

MD_ALGORITHM = "sha256"
SIGNATURE_FIELD = "Signature"  # fields are named Signature1, Signature2… unless the caller names them
TIMESTAMP_FIELD = "DocumentTimestamp"
TSA_TIMEOUT = 10  # seconds for a timestamp authority's answer

# Revocation information is required for every certificate below a trust root (the signer's, the timestamp
# authority's, any intermediate): a signature whose certificate's status the document cannot show is not
# reported trusted. This is what PAdES B-LT is for: the CRLs are in the file.
REQUIRE_REVOCATION = RevocationCheckingPolicy(RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
                                              RevocationCheckingRule.CRL_OR_OCSP_REQUIRED)
# When the certificate does not say where its status is published, do not require it (a validation context
# for signing with certificates brought from elsewhere).
CHECK_IF_DECLARED = RevocationCheckingPolicy(RevocationCheckingRule.CHECK_IF_DECLARED,
                                             RevocationCheckingRule.CHECK_IF_DECLARED)

COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: "whole document",
    SignatureCoverageLevel.ENTIRE_REVISION: "earlier revision",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "unclear",
    SignatureCoverageLevel.UNCLEAR: "unclear",
}
LATER_CHANGES = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "validation data and timestamps",
    ModificationLevel.FORM_FILLING: "signatures and form fields",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other changes",
}
# What a certificate problem means, by pyHanko's AdES sub-indication (ETSI EN 319 102-1).
TRUST_PROBLEMS = {
    "REVOKED_NO_POE": "the signer's certificate was revoked before the time of the signature",
    "REVOKED": "the signer's certificate was revoked before the time of the signature",
    "REVOKED_CA_NO_POE": "a certificate authority of the chain was revoked before the time of the signature",
    "OUT_OF_BOUNDS_NO_POE": "the certificate was not valid at the time of the signature (expired or not yet valid)",
    "OUT_OF_BOUNDS_NOT_REVOKED": "the certificate was not valid at the time of the signature "
                                 "(expired or not yet valid)",
    "EXPIRED": "the certificate had expired at the time of the signature",
    "NOT_YET_VALID": "the certificate was not yet valid at the time of the signature",
    "NO_CERTIFICATE_CHAIN_FOUND": "the certificate does not chain up to a trusted certificate authority",
    "CHAIN_CONSTRAINTS_FAILURE": "the certificate is not one for this use (key usage, constraints)",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "the certificate chain could not be validated "
                                         "(revocation information missing or unusable?)",
    "TRY_LATER": "no usable revocation information for the certificate at the time of the signature",
    "CRYPTO_CONSTRAINTS_FAILURE": "an algorithm of the signature or its certificates is not accepted",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "an algorithm of the signature or its certificates is no longer accepted",
    "NO_POE": "nothing proves the signature existed while its certificate was valid",
    "SIG_CONSTRAINTS_FAILURE": "the signature does not meet the constraints set for it",
}


class SignatureRefused(Exception):
    """A signature that could not be made: not a PDF that can be signed, a certificate that does not validate
    (untrusted, revoked, expired, not for signing), or no validation data. Nothing was signed."""


class TimestampUnavailable(SignatureRefused):
    """The timestamp authority did not answer, or answered with something that is not a timestamp. Nothing was
    signed: a signature without its timestamp would not reach PAdES B-T."""


# -- configuration -------------------------------------------------------------------------------------
def timestamper_for(url: str | None, demo: TimeStamper | None = None, *,
                    timeout: float = TSA_TIMEOUT) -> TimeStamper:
    """The timestamp authority to ask: RFC 3161 over HTTP at `url` (COLLEGIA_TSA_URL; credentials in the URL,
    https://user:password@host/path, are sent as HTTP basic authentication), else `demo` (pki.demo_tsa: the
    instance's own, for the demo only). `ValueError` if neither is given."""
    if url:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("a timestamp authority is named by an http:// or https:// URL")
        headers = None
        if parts.username is not None:  # sent as a header: pyHanko's `auth` uses aiohttp's deprecated BasicAuth
            credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode("utf-8")
            headers = {"Authorization": "Basic " + base64.b64encode(credentials).decode("ascii")}
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            if ":" in parts.hostname:  # an IPv6 address keeps its brackets
                netloc = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
            parts = parts._replace(netloc=netloc)
        return HTTPTimeStamper(urlunsplit(parts), timeout=timeout, headers=headers)
    if demo is None:
        raise ValueError("no timestamp authority: set COLLEGIA_TSA_URL, or give the demo one (pki.demo_tsa)")
    return demo


def validation_context(trust_roots: Iterable[Any], *, crls: Iterable[Any] = (), other_certs: Iterable[Any] = (),
                       ocsps: Iterable[bytes] = (), allow_fetching: bool = False,
                       require_revocation: bool = True, moment: datetime | None = None) -> ValidationContext:
    """A pyHanko validation context for signing (`sign_pdf`, `timestamp_document`): the trust roots (the pole's
    authority, the timestamp authority's root), the CRLs to embed (the pole authority's `crl()`, the TSA's),
    offline unless `allow_fetching`. `require_revocation`: refuse a certificate whose status the CRLs given do
    not show (so that every signature made reaches B-LT); otherwise only a certificate that names a CRL
    distribution point needs one. A context serves one operation: make a new one for each."""
    policy = REQUIRE_REVOCATION if require_revocation else CHECK_IF_DECLARED
    return ValidationContext(
        trust_roots=[asn1_certificate(root) for root in trust_roots],
        other_certs=[asn1_certificate(cert) for cert in other_certs],
        crls=[_asn1_crl(item) for item in crls],
        ocsps=[item if isinstance(item, asn1_ocsp.OCSPResponse) else asn1_ocsp.OCSPResponse.load(item)
               for item in ocsps],
        allow_fetching=allow_fetching,
        moment=moment,
        revinfo_policy=CertRevTrustPolicy(policy, retroactive_revinfo=True),
    )


# -- signing -------------------------------------------------------------------------------------------
def sign_pdf(pdf: bytes, *, key: Any, certificate: Any, chain: Sequence[Any] = (), signer_name: str,
             capacity_label: str, timestamper: TimeStamper, validation_context: ValidationContext,
             field_name: str | None = None, passphrase: str | None = None, location: str | None = None,
             contact: str | None = None) -> bytes:
    """`pdf` with one more PAdES signature, added as an incremental update (the earlier signatures keep their
    bytes, so they stay valid): it covers the whole document as it is, names the signer (/Name `signer_name`) and
    their capacity (/Reason `capacity_label`), carries a signature timestamp from `timestamper` (B-T), and the
    certificates and CRLs of `validation_context` go into the document security store (B-LT).

    `key`: the private key (a `cryptography` key, or an asn1crypto PrivateKeyInfo), or, with `passphrase`, the
    encrypted PKCS#8 `pki.issue_person` made, unlocked here (`pki.WrongPassphrase`, and nothing signed, if it
    does not open). `certificate` and `chain` (the certificates between it and the root): `cryptography`,
    asn1crypto or DER/PEM. The signer's certificate is validated first against `validation_context` (trusted,
    not revoked, not expired, key usage non-repudiation): `SignatureRefused` if it fails;
    `TimestampUnavailable` if the timestamp authority does not answer."""
    if passphrase is not None:
        key = unlock(key, passphrase)
    signing_key = asn1_private_key(key)
    signing_cert = asn1_certificate(certificate)
    chain_certs = [asn1_certificate(cert) for cert in chain]
    writer = _writer(pdf)
    name = field_name or _next_field_name(writer, SIGNATURE_FIELD)
    _check_field_name(name)
    signer = signers.SimpleSigner(signing_cert=signing_cert, signing_key=signing_key,
                                  cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain_certs]))
    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm=MD_ALGORITHM, subfilter=fields.SigSeedSubFilter.PADES,
        reason=capacity_label, name=signer_name, location=location, contact_info=contact,
        embed_validation_info=True, use_pades_lta=False, validation_context=validation_context,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper,
                                   new_field_spec=fields.SigFieldSpec(sig_field_name=name))
    try:
        output = pdf_signer.sign_pdf(writer, output=io.BytesIO())
    except TimestampRequestError as error:
        raise TimestampUnavailable(f"the timestamp authority did not give a timestamp: {error}") from error
    except (SigningError, PathBuildingError, PathValidationError, ValidationError) as error:
        raise SignatureRefused(_signing_problem(error)) from error
    return output.getvalue()


def timestamp_document(pdf: bytes, *, timestamper: TimeStamper, validation_context: ValidationContext,
                       field_name: str | None = None) -> bytes:
    """`pdf` closed by a document timestamp (PAdES B-LTA): first, in the same incremental update, the validation
    data of the timestamp authority (its chain, and every CRL of `validation_context`: pass the pole authority's
    fresh CRL, so that the status of the signers' certificates as of now is sealed too) go into the DSS, then
    the document timestamp covers everything, itself included. `TimestampUnavailable` / `SignatureRefused` as
    for `sign_pdf`."""
    writer = _writer(pdf)
    name = field_name or _next_field_name(writer, TIMESTAMP_FIELD)
    _check_field_name(name)
    stamper = signers.PdfTimeStamper(timestamper, field_name=name)
    try:
        output = stamper.timestamp_pdf(
            writer, MD_ALGORITHM, validation_context=validation_context, output=io.BytesIO(),
            dss_settings=TimestampDSSContentSettings(include_vri=False, update_before_ts=True),
        )
    except TimestampRequestError as error:
        raise TimestampUnavailable(f"the timestamp authority did not give a timestamp: {error}") from error
    except (SigningError, PathBuildingError, PathValidationError, ValidationError) as error:
        raise SignatureRefused(_signing_problem(error)) from error
    return output.getvalue()


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    if not isinstance(pdf, (bytes, bytearray)) or not _looks_like_pdf(bytes(pdf)):
        raise SignatureRefused("only a PDF can be signed")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(bytes(pdf)))
    except Exception as error:  # pyHanko's reading errors are of many kinds
        raise SignatureRefused(f"this PDF cannot be read to be signed: {error}") from error
    if writer.prev.encrypted:
        raise SignatureRefused("an encrypted PDF is not signed here")
    return writer


def _next_field_name(writer: IncrementalPdfFileWriter, stem: str) -> str:
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)}
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"


def _check_field_name(name: str) -> None:
    if not name or "." in name or not name.isprintable() or len(name) > 100:
        raise SignatureRefused("a signature field's name is printable, without dots, at most 100 characters")


def _signing_problem(error: Exception) -> str:
    causes = [str(error)]
    cause = error.__cause__ or error.__context__
    while cause is not None and len(causes) < 4:
        causes.append(str(cause))
        cause = cause.__cause__ or cause.__context__
    return "the signature was not made: " + " — ".join(c for c in causes if c)


# -- verification --------------------------------------------------------------------------------------
@dataclass
class Report:
    """What `verify_pdf` found, as plain JSON-serialisable data (`to_dict`, `to_json`).

    `signatures`: one dict per signature, in signing order; `timestamps`: one per document timestamp; `altered`:
    a signature's bytes no longer hash right, or the file was changed after a signature in a way that signing
    does not do; `valid`: signed, not altered, every signature and timestamp valid; `problems`: sentences."""

    is_pdf: bool
    readable: bool
    signed: bool = False
    altered: bool = False
    valid: bool = False
    revisions: int = 0
    signatures: list[dict[str, Any]] = field(default_factory=list)
    timestamps: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    verified_at: str = ""
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


def verify_pdf(pdf: bytes, *, trust_roots: Iterable[Any], crls: Iterable[Any] = (),
               allow_fetching: bool = False, now: datetime | None = None) -> Report:
    """The report on every signature and document timestamp in `pdf` (see `Report`). Never raises.

    A timestamp is checked at its own time: the authority's certificate chains to `trust_roots`, was valid and
    not revoked then. A signature's certificate is checked at the time its signature timestamp proves (when
    that timestamp is valid; otherwise at the present time, which the report says), with the certificates and
    revocation lists in the document (DSS, the signature's own) and `crls` (e.g. the pole authority's current
    CRL: a certificate revoked since, with a revocation date before the signature, is then reported revoked).
    Offline unless `allow_fetching`. `now`: the present time for the checks made at the present (tests)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    report = Report(is_pdf=False, readable=False, verified_at=_iso(moment))
    try:
        if not isinstance(pdf, (bytes, bytearray)) or not _looks_like_pdf(bytes(pdf)):
            report.problems.append("this file is not a PDF")
            report.summary = "not a PDF"
            return report
        report.is_pdf = True
        roots = [asn1_certificate(root) for root in trust_roots]
        extra_crls = [_asn1_crl(item) for item in crls]
        asyncio.run(_verify(bytes(pdf), report, roots, extra_crls, allow_fetching, now and moment))
    except Exception as error:  # the report must come back whatever the file holds
        log.warning("verifying a PDF failed", exc_info=error)
        report.problems.append(f"the verification could not be completed: {_short_error(error)}")
        if report.signed:
            report.altered = True
    report.valid = (report.signed and not report.altered
                    and all(s.get("valid") for s in report.signatures)
                    and all(t.get("valid") for t in report.timestamps))
    report.summary = _summary(report)
    return report


@dataclass
class Addition:
    """Whether an uploaded PDF is the minutes' PDF with one more valid signature (`check_addition`)."""

    accepted: bool
    reasons: list[str]
    signature: dict[str, Any] | None  # the added signature's entry of the report (signer, capacity…)
    report: Report

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def check_addition(previous: bytes, uploaded: bytes, *, trust_roots: Iterable[Any], crls: Iterable[Any] = (),
                   allow_fetching: bool = False, now: datetime | None = None) -> Addition:
    """A PDF signed outside Collegia and uploaded back, checked before it is accepted: it must be `previous` (the
    minutes' PDF as Collegia gave it, the last signed one) byte for byte, followed by incremental updates adding
    exactly one signature, valid, without any change that signing does not make, the earlier signatures still
    valid. Whether the signer is the member and the capacity the one expected is the caller's to compare
    (`signature["signer"]`, `["capacity"]`, `["certificate_sha256"]`)."""
    trust_roots, crls = list(trust_roots), list(crls)
    report = verify_pdf(uploaded, trust_roots=trust_roots, crls=crls, allow_fetching=allow_fetching, now=now)
    reasons: list[str] = []
    previous_revisions = 0
    try:
        previous_revisions = PdfFileReader(io.BytesIO(bytes(previous))).xrefs.total_revisions
    except Exception as error:
        reasons.append(f"the minutes' own PDF cannot be read: {_short_error(error)}")
    if not isinstance(uploaded, (bytes, bytearray)) or not bytes(uploaded).startswith(bytes(previous)):
        reasons.append("this PDF is not the minutes' PDF with a signature added: its first bytes differ "
                       "(another document, or the minutes were changed)")
    added = [s for s in report.signatures if s["revision"] is not None and s["revision"] >= previous_revisions]
    earlier = [s for s in report.signatures if s not in added]
    signature = added[0] if len(added) == 1 else None
    if len(added) != 1:
        reasons.append(f"this PDF adds {len(added)} signatures to the minutes, not one")
    elif not signature["valid"]:
        reasons.append(f"the added signature is not valid: {signature['reason'] or 'not trusted'}")
    if not all(s["valid"] for s in earlier):
        reasons.append("an earlier signature of the minutes is no longer valid in this PDF")
    if report.altered:
        reasons.append("this PDF was changed in a way signing does not do")
    if not report.readable:
        reasons.append("this file is not a readable PDF")
    return Addition(accepted=not reasons, reasons=reasons, signature=signature, report=report)


async def _verify(pdf: bytes, report: Report, roots: list[asn1_x509.Certificate],
                  extra_crls: list[asn1_crl.CertificateList], allow_fetching: bool,
                  present: datetime | None) -> None:
    reader = _reader(pdf, report)
    if reader is None:
        return
    report.readable = True
    report.revisions = reader.xrefs.total_revisions
    filled = list(fields.enumerate_sig_fields(reader, filled_status=True))
    if not filled:
        report.problems.append("this PDF holds no signature")
        return
    report.signed = True
    try:
        embedded = list(reader.embedded_signatures)
    except Exception as error:
        report.problems.append(f"the signatures cannot be read: {_short_error(error)}")
        report.altered = True
        return
    if len(filled) > len(embedded):
        report.problems.append("a signature of a kind this verifier does not read is in the file")
        report.altered = True

    dss_certs, dss_crls, dss_ocsps = _read_dss(reader, report)
    knowledge = _Knowledge(roots, dss_certs, dss_crls + extra_crls, dss_ocsps, allow_fetching, present)
    timestamps = [sig for sig in embedded if sig.sig_object_type == "/DocTimeStamp"]
    signatures = [sig for sig in embedded if sig.sig_object_type != "/DocTimeStamp"]

    for sig in timestamps:
        report.timestamps.append(await _check_timestamp(sig, knowledge, len(report.timestamps) + 1))
    for sig in signatures:
        report.signatures.append(await _check_signature(sig, knowledge, len(report.signatures) + 1,
                                                        report.timestamps))
    for entry in [*report.signatures, *report.timestamps]:
        if not entry["intact"] or entry["changes_allowed"] is False or entry["coverage"] == "unclear":
            report.altered = True
    if report.altered:
        report.problems.append("the document was altered after it was signed")


def _reader(pdf: bytes, report: Report) -> PdfFileReader | None:
    try:
        return PdfFileReader(io.BytesIO(pdf))
    except Exception as strict_error:
        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            reader.xrefs.total_revisions  # noqa: B018 - reading the cross-references is the test
        except Exception:
            report.problems.append(f"this PDF cannot be read: {_short_error(strict_error)}")
            report.summary = "unreadable PDF"
            return None
        report.problems.append(f"this PDF was read leniently (it breaks the PDF syntax: "
                               f"{_short_error(strict_error)})")
        return reader


def _read_dss(reader: PdfFileReader, report: Report) -> tuple[list, list, list]:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS (NoDSSFoundError), or one that cannot be read
        return [], [], []
    certs, crls, ocsps = [], [], []
    try:
        certs = list(dss.load_certs())
        for ref in dss.crls:
            crls.append(asn1_crl.CertificateList.load(ref.get_object().data))
        for ref in dss.ocsps:
            ocsps.append(asn1_ocsp.OCSPResponse.load(ref.get_object().data))
    except Exception as error:
        report.problems.append(f"the document security store could not be fully read: {_short_error(error)}")
    return certs, crls, ocsps


@dataclass
class _Knowledge:
    """What the verification knows: trust roots, certificates and revocation information (the document's and the
    caller's); makes one validation context per moment."""

    roots: list[asn1_x509.Certificate]
    certs: list[asn1_x509.Certificate]
    crls: list[asn1_crl.CertificateList]
    ocsps: list[asn1_ocsp.OCSPResponse]
    allow_fetching: bool
    present: datetime | None  # the present time of the checks that have no other (None: the clock's)

    def context(self, moment: datetime | None, *, crls: Sequence[Any] = (), ocsps: Sequence[Any] = (),
                certs: Sequence[Any] = ()) -> ValidationContext:
        return ValidationContext(
            trust_roots=self.roots, other_certs=[*self.certs, *certs], crls=[*self.crls, *crls],
            ocsps=[*self.ocsps, *ocsps], moment=moment, allow_fetching=self.allow_fetching,
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVOCATION, retroactive_revinfo=True),
        )


async def _check_timestamp(sig: Any, knowledge: _Knowledge, index: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"index": index, "field": _field_name(sig), "time": None, "tsa": None,
                             "tsa_subject": None, "demo_tsa": False, "intact": False, "valid": False,
                             "trusted": False, "revision": _revision(sig), "coverage": "unclear",
                             "later_changes": None, "changes_allowed": None, "reason": None, "reason_code": None}
    try:
        gen_time = _tst_time(sig.signed_data)
        entry["time"] = _iso(gen_time)
        context = knowledge.context(gen_time)
        try:
            status = await async_validate_pdf_timestamp(sig, validation_context=context)
        finally:
            await context.aclose()
        _describe_modifications(entry, status)
        entry.update(_describe_tsa(status.signing_cert))
        entry["intact"] = bool(status.intact)
        entry["trusted"] = bool(status.trusted)
        entry["valid"] = bool(status.intact and status.valid and status.trusted)
        if not entry["valid"]:
            entry["reason_code"], entry["reason"] = _trust_reason(status, what="timestamp", moment=gen_time)
    except Exception as error:
        log.warning("a document timestamp could not be verified", exc_info=error)
        entry["reason_code"] = "UNREADABLE"
        entry["reason"] = f"this timestamp could not be verified: {_short_error(error)}"
    return entry


async def _check_signature(sig: Any, knowledge: _Knowledge, index: int,
                           timestamps: list[dict[str, Any]]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "index": index, "field": _field_name(sig), "signer": None, "signer_subject": None, "signer_email": None,
        "issuer": None, "issuer_key_id": None, "certificate_sha256": None, "certificate_serial": None, "name": None,
        "capacity": None,
        "location": None, "claimed_time": None, "timestamp": None, "checked_at": None, "checked_at_time": None,
        "intact": False, "valid": False, "trusted": False, "revoked": False, "revocation": None,
        "expired": False, "reason": None, "reason_code": None, "revision": _revision(sig), "coverage": "unclear",
        "later_changes": None, "changes_allowed": None, "level": None,
    }
    try:
        sig_object = sig.sig_object
        entry["name"] = _pdf_text(sig_object.get("/Name"))
        entry["capacity"] = _pdf_text(sig_object.get("/Reason"))
        entry["location"] = _pdf_text(sig_object.get("/Location"))
        claimed = sig.self_reported_timestamp
        entry["claimed_time"] = _iso(claimed) if claimed else None
        cert = sig.signer_cert
        entry.update(_describe_signer(cert))

        # The revocation information a non-PAdES signature (Acrobat's adbe.pkcs7.detached) carries inside.
        own_crls, own_ocsps = _adobe_revinfo(sig)
        tokens = list(generic_cms.extract_tst_data_iter(sig.signer_info, signed=False))
        tst_time = _tst_time(tokens[0]) if tokens else None
        ts_context = knowledge.context(tst_time, crls=own_crls, ocsps=own_ocsps)
        signer_context = knowledge.context(tst_time, crls=own_crls, ocsps=own_ocsps)
        try:
            status = await async_validate_pdf_signature(sig, signer_validation_context=signer_context,
                                                        ts_validation_context=ts_context)
        finally:
            await signer_context.aclose()
            await ts_context.aclose()
        ts_status = status.timestamp_validity
        ts_ok = bool(ts_status is not None and ts_status.intact and ts_status.valid and ts_status.trusted)
        if ts_status is not None:
            entry["timestamp"] = {"time": _iso(ts_status.timestamp), "intact": bool(ts_status.intact),
                                  "trusted": bool(ts_status.trusted), "valid": ts_ok,
                                  **_describe_tsa(ts_status.signing_cert)}
            if not ts_ok:
                code, text = _trust_reason(ts_status, what="timestamp", moment=tst_time)
                entry["timestamp"]["reason_code"], entry["timestamp"]["reason"] = code, text
        if ts_ok:
            entry["checked_at"], entry["checked_at_time"] = "timestamp", _iso(ts_status.timestamp)
        else:
            # No valid timestamp proves when the signature was made: its certificate is checked as of now.
            present = knowledge.context(knowledge.present, crls=own_crls, ocsps=own_ocsps)
            try:
                status = await async_validate_pdf_signature(sig, signer_validation_context=present,
                                                            ts_validation_context=present, skip_diff=True)
            finally:
                await present.aclose()
            entry["checked_at"], entry["checked_at_time"] = "present", _iso(present.moment)
        _describe_modifications(entry, status)
        entry["intact"] = bool(status.intact)
        entry["trusted"] = bool(status.trusted)
        entry["valid"] = bool(status.intact and status.valid and status.trusted
                              and (ts_status is None or ts_ok))
        if status.revocation_details is not None:
            details = status.revocation_details
            entry["revoked"] = True
            entry["revocation"] = {"date": _iso(details.revocation_date),
                                   "reason": str(details.revocation_reason.native or "unspecified"),
                                   "authority": bool(details.ca_revoked)}
        if not status.intact:
            entry["reason_code"] = "NOT_INTACT"
            entry["reason"] = "the signed bytes were changed after signing: the signature no longer matches them"
        elif not status.valid:
            entry["reason_code"] = "SIGNATURE_INVALID"
            entry["reason"] = "the signature value does not verify with the signer's certificate"
        elif not status.trusted:
            entry["reason_code"], entry["reason"] = _trust_reason(status, what="certificate",
                                                                  moment=_parse(entry["checked_at_time"]))
            entry["expired"] = entry["reason_code"] in ("EXPIRED", "CHAIN_EXPIRED", "OUT_OF_BOUNDS_NO_POE",
                                                        "OUT_OF_BOUNDS_NOT_REVOKED")
        elif ts_status is not None and not ts_ok:
            entry["reason_code"] = "TIMESTAMP_" + (entry["timestamp"].get("reason_code") or "INVALID")
            entry["reason"] = "the signature's timestamp is not valid: " + (entry["timestamp"].get("reason") or "")
        elif ts_status is None:
            entry["reason"] = "no timestamp: the signing time is the signer's claim only"
        entry["level"] = _level(entry, sig, knowledge, timestamps)
    except Exception as error:
        log.warning("a signature could not be verified", exc_info=error)
        entry["reason_code"] = "UNREADABLE"
        entry["reason"] = f"this signature could not be verified: {_short_error(error)}"
    return entry


def _describe_modifications(entry: dict[str, Any], status: Any) -> None:
    entry["coverage"] = COVERAGE.get(status.coverage, "unclear")
    level = status.modification_level
    entry["later_changes"] = LATER_CHANGES.get(level) if level is not None else None
    allowed = status.docmdp_ok
    if allowed is None and level is not None:  # pyHanko leaves it unset for document timestamps
        allowed = level != ModificationLevel.OTHER
    entry["changes_allowed"] = allowed


def _describe_signer(cert: asn1_x509.Certificate) -> dict[str, Any]:
    subject = cert.subject.native
    emails = [subject.get("email_address")] if subject.get("email_address") else []
    try:
        for name in cert.subject_alt_name_value or []:
            if name.name == "rfc822_name":
                emails.append(name.native)
    except Exception:
        pass
    return {"signer": _common_name(cert.subject), "signer_subject": cert.subject.human_friendly,
            "signer_email": emails[0] if emails else None, "issuer": cert.issuer.human_friendly,
            "issuer_key_id": cert.authority_key_identifier.hex() if cert.authority_key_identifier else None,
            "certificate_sha256": cert.sha256.hex(), "certificate_serial": format(cert.serial_number, "x")}


def _describe_tsa(cert: asn1_x509.Certificate | None) -> dict[str, Any]:
    if cert is None:
        return {"tsa": None, "tsa_subject": None, "demo_tsa": False}
    name = _common_name(cert.subject)
    return {"tsa": name, "tsa_subject": cert.subject.human_friendly,
            "demo_tsa": "NOT TRUSTED" in (name or "") or name == DEMO_TSA_NAME}


def _common_name(name: asn1_x509.Name) -> str:
    native = name.native
    common = native.get("common_name")
    if isinstance(common, list):
        common = common[-1]
    return str(common) if common else name.human_friendly


def _trust_reason(status: Any, *, what: str, moment: datetime | None = None) -> tuple[str, str]:
    """A code and a sentence for a signature or timestamp whose certificate is not trusted at `moment`: revoked,
    then out of its validity (the signer's, then an authority's of the chain: pyHanko reports the latter as a
    general failure, or as stale revocation information when that check comes first), then pyHanko's
    sub-indication."""
    if not status.intact:
        return "NOT_INTACT", f"the {what}'s bytes no longer match what was signed"
    if not status.valid:
        return "SIGNATURE_INVALID", f"the {what}'s signature value does not verify"
    indication = status.trust_problem_indic
    code = getattr(indication, "name", None) or ("UNTRUSTED" if status.validation_path is None else "INVALID")
    text = TRUST_PROBLEMS.get(code, f"the {what} is not trusted ({code})")
    if what == "timestamp":
        text = text.replace("the signer's certificate", "the timestamp authority's certificate")
    if status.revocation_details is not None:
        details = status.revocation_details
        reason = details.revocation_reason.native or "unspecified"
        return code, text + f" (revoked on {_iso(details.revocation_date)}, reason: {reason})"
    if moment is None:
        return code, text
    owner = "the signer's" if what == "certificate" else "the timestamp authority's"
    validity = status.signing_cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if moment > not_after:
        return "EXPIRED", f"{owner} certificate had expired on {_iso(not_after)}, before {_iso(moment)}"
    if moment < not_before:
        return "NOT_YET_VALID", f"{owner} certificate was valid only from {_iso(not_before)}"
    path = status.validation_path
    for cert in path.iter_certs(include_root=True) if path is not None else ():
        validity = cert["tbs_certificate"]["validity"]
        if not validity["not_before"].native <= moment <= validity["not_after"].native:
            return "CHAIN_EXPIRED", (f"the certificate of the authority {cert.subject.human_friendly} was not valid "
                                     f"on {_iso(moment)} (valid {_iso(validity['not_before'].native)} to "
                                     f"{_iso(validity['not_after'].native)})")
    return code, text


def _level(entry: dict[str, Any], sig: Any, knowledge: _Knowledge, timestamps: list[dict[str, Any]]) -> str:
    """The PAdES baseline level the signature reaches, as far as this verification sees: B-B (signed), B-T (a
    valid signature timestamp), B-LT (and revocation information for its certificate in the document), B-LTA
    (and a valid document timestamp after it)."""
    if not entry["timestamp"] or not entry["timestamp"]["valid"]:
        return "B-B"
    issuer = sig.signer_cert.issuer
    has_revinfo = any(c["tbs_cert_list"]["issuer"] == issuer for c in knowledge.crls) or bool(knowledge.ocsps)
    if not has_revinfo:
        return "B-T"
    if any(t["valid"] and t["revision"] is not None and entry["revision"] is not None
           and t["revision"] > entry["revision"] for t in timestamps):
        return "B-LTA"
    return "B-LT"


def _adobe_revinfo(sig: Any) -> tuple[list, list]:
    try:
        archival = find_unique_cms_attribute(sig.signer_info["signed_attrs"], "adobe_revocation_info_archival")
    except Exception:
        return [], []
    crls = list(archival["crl"]) if archival["crl"] else []
    ocsps = list(archival["ocsp"]) if archival["ocsp"] else []
    return crls, ocsps


def _tst_time(signed_data: cms.SignedData) -> datetime:
    content = signed_data["encap_content_info"]["content"]
    info = content.parsed if not isinstance(content, tsp.TSTInfo) else content
    return info["gen_time"].native


def _field_name(sig: Any) -> str | None:
    try:
        return str(sig.field_name)
    except Exception:
        return None


def _revision(sig: Any) -> int | None:
    try:
        return int(sig.signed_revision)
    except Exception:
        return None


def _pdf_text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        value = value.get_object()
    except AttributeError:
        pass
    return str(value)


def _summary(report: Report) -> str:
    if not report.is_pdf:
        return "not a PDF"
    if not report.readable:
        return "unreadable PDF"
    if not report.signed:
        return "no signature"
    count = len(report.signatures)
    what = f"{count} signature{'s' if count != 1 else ''}"
    if report.timestamps:
        what += f" and {len(report.timestamps)} document timestamp{'s' if len(report.timestamps) != 1 else ''}"
    if report.altered:
        return f"ALTERED: {what}, the document was changed after signing"
    if report.valid:
        return f"{what}, all valid"
    invalid = sum(1 for s in report.signatures if not s.get("valid"))
    invalid += sum(1 for t in report.timestamps if not t.get("valid"))
    return f"{what}, {invalid} not valid"


# -- helpers -------------------------------------------------------------------------------------------
def _looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _asn1_crl(item: Any) -> asn1_crl.CertificateList:
    if isinstance(item, asn1_crl.CertificateList):
        return item
    if isinstance(item, x509.CertificateRevocationList):
        return asn1_crl.CertificateList.load(item.public_bytes(serialization.Encoding.DER))
    data = bytes(item)
    if data.lstrip().startswith(b"-----BEGIN"):
        data = x509.load_pem_x509_crl(data).public_bytes(serialization.Encoding.DER)
    return asn1_crl.CertificateList.load(data)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _short_error(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


__all__ = ["Addition", "Report", "SignatureRefused", "TimestampUnavailable", "check_addition", "sign_pdf",
           "timestamp_document", "timestamper_for", "validation_context", "verify_pdf"]
