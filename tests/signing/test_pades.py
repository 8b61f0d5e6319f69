"""PAdES signatures in the minutes' PDF (issue 25): infrastructure/pades.py and infrastructure/pki.py.

The signatures are made with a throw-away PKI and a real RFC 3161 timestamp authority on a loopback port
(conftest.py: certomancer), and with the pole's own authority of pki.py and its demo timestamp authority.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import pem
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from infrastructure import pades, pki

from .conftest import PASSPHRASES, sign_as, sign_unchecked, small_pdf


def verify(pdf: bytes, test_pki, **kwargs):
    return pades.verify_pdf(pdf, trust_roots=[test_pki.root], **kwargs)


# -- two signatories in turn, then the document timestamp ------------------------------------------------
def test_two_signatories_sign_in_turn_and_both_signatures_validate(test_pki, signed_by_chair, signed_by_both,
                                                                    unsigned_pdf):
    assert signed_by_both.startswith(signed_by_chair) and signed_by_chair.startswith(unsigned_pdf)
    report = verify(signed_by_both, test_pki)
    assert report.valid and not report.altered and report.signed, report.to_json(indent=1)
    first, second = report.signatures
    assert [first["signer"], second["signer"]] == ["Alice Martin", "Bruno Petit"]
    assert [first["capacity"], second["capacity"]] == ["président·e de séance", "secrétaire de séance"]
    assert [first["field"], second["field"]] == ["Signature1", "Signature2"]
    for signature in (first, second):
        assert signature["intact"] and signature["trusted"] and signature["valid"]
        assert not signature["revoked"] and not signature["expired"] and signature["reason"] is None
        assert signature["timestamp"]["valid"] and signature["timestamp"]["tsa"] == "Test Time Stamping Authority"
        assert not signature["timestamp"]["demo_tsa"]
        assert signature["checked_at"] == "timestamp"
        assert signature["level"] == "B-LT"  # the timestamp (B-T) and the CRLs in the document (B-LT)
        assert signature["signer_email"].endswith("@example.org")
    # The chair's signature covers the revision she signed; what came after is a signature and validation data.
    assert first["coverage"] == "earlier revision" and first["changes_allowed"] is True
    assert first["later_changes"] in ("signatures and form fields", "validation data and timestamps")
    # The secretary's signature covers everything but the DSS update that followed it.
    assert second["coverage"] == "earlier revision" and second["later_changes"] == "validation data and timestamps"
    assert first["revision"] < second["revision"] < report.revisions
    assert report.summary == "2 signatures, all valid"


def test_the_timestamp_authority_was_asked_over_http(test_pki, signed_by_both):
    # at least one token per signature, plus pyHanko's first request to size the signature
    assert test_pki.requests.get("tsa", 0) >= 3


def test_the_first_signature_alone_covers_the_whole_document(test_pki, signed_by_chair):
    report = verify(signed_by_chair, test_pki)
    (signature,) = report.signatures
    # Signed, then the DSS in its own revision: the signature covers all but its validation data.
    assert signature["valid"] and signature["later_changes"] == "validation data and timestamps"


def test_the_document_timestamp_validates(test_pki, timestamped, signed_by_both):
    assert timestamped.startswith(signed_by_both)
    report = verify(timestamped, test_pki)
    assert report.valid and not report.altered, report.to_json(indent=1)
    (stamp,) = report.timestamps
    assert stamp["valid"] and stamp["intact"] and stamp["trusted"]
    assert stamp["coverage"] == "whole document" and stamp["field"] == "DocumentTimestamp1"
    assert stamp["tsa"] == "Test Time Stamping Authority"
    assert all(s["valid"] and s["level"] == "B-LTA" for s in report.signatures)
    assert report.summary == "2 signatures and 1 document timestamp, all valid"


def test_the_report_is_plain_json(test_pki, timestamped):
    data = json.loads(verify(timestamped, test_pki).to_json())
    assert data["valid"] and len(data["signatures"]) == 2 and len(data["timestamps"]) == 1


def test_an_untrusted_root_leaves_the_signatures_intact_but_not_valid(test_pki, signed_by_both, pole):
    report = pades.verify_pdf(signed_by_both, trust_roots=[pole.ca.certificate])
    assert report.signed and not report.altered and not report.valid
    for signature in report.signatures:
        assert signature["intact"] and not signature["trusted"] and not signature["valid"]
        assert signature["reason_code"] in ("NO_CERTIFICATE_CHAIN_FOUND", "TIMESTAMP_NO_CERTIFICATE_CHAIN_FOUND")


# -- alterations --------------------------------------------------------------------------------------------
def test_one_byte_changed_in_the_signed_text_is_reported(test_pki, timestamped):
    position = timestamped.index(b"adoptee")
    changed = timestamped[:position] + b"rejete " + timestamped[position + 7:]
    assert len(changed) == len(timestamped)
    report = verify(changed, test_pki)
    assert report.altered and not report.valid, report.to_json(indent=1)
    assert all(not s["intact"] and not s["valid"] for s in report.signatures)
    assert all(not t["intact"] for t in report.timestamps)
    assert report.signatures[0]["reason_code"] == "NOT_INTACT"
    assert report.summary.startswith("ALTERED")


def test_a_single_flipped_byte_is_reported(test_pki, signed_by_both):
    position = signed_by_both.index(b"resolution 1")
    changed = bytearray(signed_by_both)
    changed[position + len(b"resolution ")] ^= 0x01  # "1" becomes "0"
    report = verify(bytes(changed), test_pki)
    assert report.altered and not any(s["intact"] for s in report.signatures)


def _append_update(pdf: bytes, change) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return pdf + out.getvalue()[len(pdf):] if out.getvalue().startswith(pdf) else out.getvalue()


def test_an_incremental_update_adding_page_text_is_reported(test_pki, timestamped):
    from pyhanko.pdf_utils import generic

    def add_text(writer):
        stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 56 700 Td (Resolution 2 adoptee.) Tj ET")
        writer.add_stream_to_page(0, writer.add_object(stream))

    changed = _append_update(timestamped, add_text)
    report = verify(changed, test_pki)
    assert report.altered and not report.valid, report.to_json(indent=1)
    for entry in [*report.signatures, *report.timestamps]:
        assert entry["intact"]  # their bytes are untouched…
        assert entry["changes_allowed"] is False and entry["later_changes"] == "other changes"  # …but not the page


def test_an_incremental_update_rewriting_the_page_text_is_reported(test_pki, signed_by_both):
    def rewrite(writer):
        page = writer.root["/Pages"]["/Kids"][0]
        contents_ref = page.raw_get("/Contents")
        stream = contents_ref.get_object()
        stream._data = stream.data.replace(b"adoptee", b"rejetee")
        stream._encoded_data = None
        writer.mark_update(contents_ref)

    changed = _append_update(signed_by_both, rewrite)
    assert b"rejetee" in changed
    report = verify(changed, test_pki)
    assert report.altered and not report.valid
    assert all(s["intact"] and s["changes_allowed"] is False for s in report.signatures)


# -- revoked and expired certificates ---------------------------------------------------------------------
def test_a_signature_by_a_certificate_revoked_before_signing_is_reported(test_pki, http_tsa, unsigned_pdf):
    signed = sign_unchecked(test_pki, unsigned_pdf, "revoked", http_tsa)
    report = verify(signed, test_pki)
    assert not report.valid and not report.altered, report.to_json(indent=1)
    (signature,) = report.signatures
    assert signature["intact"] and signature["revoked"] and not signature["trusted"] and not signature["valid"]
    assert signature["revocation"]["date"] == "2021-06-01T00:00:00+00:00"
    assert signature["revocation"]["reason"] == "key_compromise"
    assert "revoked" in signature["reason"] and signature["timestamp"]["valid"]


def test_a_signature_by_an_expired_certificate_is_reported(test_pki, http_tsa, unsigned_pdf):
    signed = sign_unchecked(test_pki, unsigned_pdf, "expired", http_tsa)
    report = verify(signed, test_pki)
    assert not report.valid and not report.altered, report.to_json(indent=1)
    (signature,) = report.signatures
    assert signature["intact"] and signature["expired"] and not signature["revoked"] and not signature["valid"]
    assert signature["reason_code"] == "EXPIRED" and "2021-01-01" in signature["reason"]


@pytest.mark.parametrize("label", ["revoked", "expired"])
def test_sign_pdf_refuses_a_revoked_or_expired_certificate(test_pki, http_tsa, unsigned_pdf, label):
    with pytest.raises(pades.SignatureRefused, match="certificate could not be validated"):
        sign_as(test_pki, unsigned_pdf, label, "secrétaire", http_tsa)


def test_sign_pdf_refuses_without_revocation_information(test_pki, http_tsa, unsigned_pdf):
    with pytest.raises(pades.SignatureRefused, match="no revocation information"):
        pades.sign_pdf(unsigned_pdf, key=test_pki.key("chair"), certificate=test_pki.cert("chair"),
                       chain=[test_pki.cert("interm")], signer_name="Alice Martin", capacity_label="chair",
                       timestamper=http_tsa, validation_context=pades.validation_context([test_pki.root]))


def test_an_unreachable_timestamp_authority_signs_nothing(test_pki, unsigned_pdf):
    dead = pades.timestamper_for(test_pki.base_url + "/nowhere/tsa/none", timeout=2)
    with pytest.raises(pades.TimestampUnavailable):
        sign_as(test_pki, unsigned_pdf, "chair", "chair", dead)


# -- reports for anything -----------------------------------------------------------------------------------
@pytest.mark.parametrize("data", [b"", b"hello", b"\x89PNG\r\n\x1a\n" + bytes(100), "a string", None])
def test_garbage_gets_a_report_not_an_exception(test_pki, data):
    report = verify(data, test_pki)
    assert not report.is_pdf and not report.signed and not report.valid and not report.altered
    assert report.summary == "not a PDF" and report.problems == ["this file is not a PDF"]


def test_a_broken_pdf_gets_a_report(test_pki, signed_by_both):
    for data in (b"%PDF-1.7\n" + bytes(range(256)) * 4, signed_by_both[: len(signed_by_both) // 2]):
        report = verify(data, test_pki)
        assert report.is_pdf and not report.valid
        assert report.problems


def test_an_unsigned_pdf_gets_a_report(test_pki, unsigned_pdf):
    report = verify(unsigned_pdf, test_pki)
    assert report.is_pdf and report.readable and not report.signed and not report.altered and not report.valid
    assert report.signatures == [] and report.summary == "no signature"
    assert report.problems == ["this PDF holds no signature"]


def test_a_weasyprint_pdf_takes_two_signatures(test_pki, http_tsa):
    from weasyprint import HTML

    pdf = HTML(string="<html lang='fr'><body><h1>Procès-verbal</h1><p>La résolution 1 est adoptée.</p>"
                      "</body></html>").write_pdf()
    signed = sign_as(test_pki, sign_as(test_pki, pdf, "chair", "président·e", http_tsa), "secretary",
                     "secrétaire", http_tsa)
    report = verify(signed, test_pki)
    assert report.valid and [s["signer"] for s in report.signatures] == ["Alice Martin", "Bruno Petit"]


def test_timestamper_for():
    from pyhanko.sign.timestamps import HTTPTimeStamper

    stamper = pades.timestamper_for("https://tsa.example.org/rfc3161")
    assert isinstance(stamper, HTTPTimeStamper) and stamper.url == "https://tsa.example.org/rfc3161"
    assert "Authorization" not in stamper.request_headers()
    with_credentials = pades.timestamper_for("https://user:p%40ss@tsa.example.org:8443/ts")
    assert with_credentials.url == "https://tsa.example.org:8443/ts"
    assert with_credentials.request_headers()["Authorization"] == "Basic " + base64.b64encode(b"user:p@ss").decode()
    assert with_credentials.request_headers()["Content-Type"] == "application/timestamp-query"
    demo = object()
    assert pades.timestamper_for(None, demo) is demo and pades.timestamper_for("", demo) is demo
    with pytest.raises(ValueError):
        pades.timestamper_for(None)
    with pytest.raises(ValueError):
        pades.timestamper_for("ftp://tsa.example.org/")


# -- the pole's own authority ---------------------------------------------------------------------------------
def test_the_pole_authority_is_a_ca_kept_under_the_instance_secret(pole):
    cert = pole.ca.certificate
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.startswith("Pôle coopératif du Trégor")
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Collegia"
    assert 3600 < (cert.not_valid_after_utc - cert.not_valid_before_utc).days < 3700
    kept = pole.ca.dump("instance secret")
    assert b"PRIVATE KEY-----" in kept and b"BEGIN PRIVATE KEY" not in kept  # only encrypted keys
    loaded = pki.PoleCA.load(kept, "instance secret")
    assert loaded.certificate == cert and loaded.crl_url == pole.ca.crl_url
    assert loaded._demo_tsa[0] == pole.ca._demo_tsa[0]  # the demo TSA is kept with it
    with pytest.raises(pki.AuthorityUnreadable):
        pki.PoleCA.load(kept, "another secret")


def test_a_person_certificate_is_for_signatures_and_its_key_under_the_passphrase(pole):
    cert, encrypted = pole.chair
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    purposes = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert pki.DOCUMENT_SIGNING in purposes and ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Alice Martin"
    assert cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)[0].value == "alice@example.org"
    assert cert.issuer == pole.ca.certificate.subject
    cert.verify_directly_issued_by(pole.ca.certificate)
    _kind, _headers, der = pem.unarmor(encrypted)
    algorithm = asn1_keys.EncryptedPrivateKeyInfo.load(der)["encryption_algorithm"]
    assert algorithm["algorithm"].native == "pbes2"
    assert algorithm["parameters"]["key_derivation_func"]["parameters"]["iteration_count"].native >= 600_000
    assert PASSPHRASES["chair"].encode() not in encrypted
    key = pki.unlock(encrypted, PASSPHRASES["chair"])
    assert key.public_key() == cert.public_key()


def test_a_wrong_passphrase_is_refused_and_nothing_is_signed(pole, unsigned_pdf):
    cert, encrypted = pole.chair
    with pytest.raises(pki.WrongPassphrase, match="wrong passphrase"):
        pki.unlock(encrypted, "la présidente signe pas")
    calls = []

    class Watching:  # a timestamper that would be asked only if signing went ahead
        def __getattr__(self, name):
            calls.append(name)
            return getattr(pole.tsa, name)

    with pytest.raises(pki.WrongPassphrase):
        pades.sign_pdf(unsigned_pdf, key=encrypted, passphrase=PASSPHRASES["secretary"], certificate=cert,
                       signer_name="Alice Martin", capacity_label="présidente", timestamper=Watching(),
                       validation_context=pole.context())
    assert calls == []
    with pytest.raises(pki.WeakPassphrase):
        pki.issue_person(pole.ca, "Eve", "eve@example.org", "short")


def test_the_pole_authority_signs_the_minutes_with_its_demo_tsa(pole, unsigned_pdf):
    chair, secretary = pole.chair, pole.secretary
    once = pades.sign_pdf(unsigned_pdf, key=chair[1], passphrase=PASSPHRASES["chair"], certificate=chair[0],
                          signer_name="Alice Martin", capacity_label="présidente de séance", timestamper=pole.tsa,
                          validation_context=pole.context())
    twice = pades.sign_pdf(once, key=secretary[1], passphrase=PASSPHRASES["secretary"], certificate=secretary[0],
                           signer_name="Bruno Petit", capacity_label="secrétaire de séance", timestamper=pole.tsa,
                           validation_context=pole.context())
    closed = pades.timestamp_document(twice, timestamper=pole.tsa, validation_context=pole.context())
    report = pades.verify_pdf(closed, trust_roots=[pole.ca.certificate])
    assert report.valid, report.to_json(indent=1)
    assert [s["signer"] for s in report.signatures] == ["Alice Martin", "Bruno Petit"]
    assert all(s["level"] == "B-LTA" for s in report.signatures)
    assert report.signatures[0]["certificate_sha256"] == pki.certificate_sha256(chair[0])
    for stamp in [*(s["timestamp"] for s in report.signatures), *report.timestamps]:
        assert stamp["tsa"] == "Collegia demo TSA — NOT TRUSTED" and stamp["demo_tsa"]
    tsa_cert = pole.ca._demo_tsa[0]
    purposes = tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert purposes.critical and list(purposes.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    # Verified against another pole's authority, nothing is trusted.
    other = pki.PoleCA.create("Autre pôle")
    assert not pades.verify_pdf(closed, trust_roots=[other.certificate]).valid


def test_revocation_in_the_pole_crl(pole, unsigned_pdf):
    ca = pki.PoleCA.create("Pôle révoqué")
    cert, encrypted = pki.issue_person(ca, "Chloé Durand", "chloe@example.org", "une phrase secrète")
    tsa = pki.demo_tsa(ca)

    def sign():
        return pades.sign_pdf(unsigned_pdf, key=encrypted, passphrase="une phrase secrète", certificate=cert,
                              signer_name="Chloé Durand", capacity_label="scrutatrice", timestamper=tsa,
                              validation_context=pades.validation_context([ca.certificate], crls=[ca.crl()]))

    signed = sign()
    signed_at = datetime.fromisoformat(
        pades.verify_pdf(signed, trust_roots=[ca.certificate]).signatures[0]["timestamp"]["time"])
    # Revoked after the signature: the signature made before stays valid, even with the new CRL.
    ca.revoke(cert.serial_number, signed_at + timedelta(seconds=2), "affiliation_changed")
    after = pades.verify_pdf(signed, trust_roots=[ca.certificate], crls=[ca.crl()])
    assert after.valid and not after.signatures[0]["revoked"], after.to_json(indent=1)
    # The CRL lists it, signed by the authority, with its reason.
    crl = x509.load_der_x509_crl(ca.crl())
    assert crl.is_signature_valid(ca.certificate.public_key())
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.affiliation_changed
    # Once revoked, the certificate signs no more.
    with pytest.raises(pades.SignatureRefused, match="revoked"):
        sign()
    # A key known compromised since before the signature: revoked from then, the signature is reported.
    ca2 = pki.PoleCA.load(ca.dump("s"), "s")
    ca2._revocations.clear()
    ca2.revoke(cert.serial_number, signed_at - timedelta(hours=1), "key_compromise")
    before = pades.verify_pdf(signed, trust_roots=[ca.certificate], crls=[ca2.crl()])
    assert not before.valid and before.signatures[0]["revoked"]
    assert before.signatures[0]["revocation"]["reason"] == "key_compromise"
    with pytest.raises(ValueError):
        ca.revoke(1, reason="because")


def test_a_pkcs12_brought_by_the_person_is_read(pole):
    cert, encrypted = pole.secretary
    key = pki.unlock(encrypted, PASSPHRASES["secretary"])
    p12 = pkcs12.serialize_key_and_certificates(b"bruno", key, cert, [pole.ca.certificate],
                                                serialization.BestAvailableEncryption(b"p12 secret"))
    loaded_key, loaded_cert, chain = pki.load_pkcs12(p12, "p12 secret")
    assert loaded_cert == cert and chain == [pole.ca.certificate]
    with pytest.raises(pki.WrongPassphrase):
        pki.load_pkcs12(p12, "not it")


def test_names_too_long_for_a_certificate_are_cut(pole):
    ca = pki.PoleCA.create("Société coopérative d'intérêt collectif " * 4)
    name = ca.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert len(name.encode()) <= 64 and name.endswith("…")
    cert, _key = pki.issue_person(ca, "Marie-Élisabeth " * 8, "m@example.org", "assez longue phrase")
    assert len(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.encode()) <= 64


def test_years_later_the_signatures_hold_by_their_timestamps(test_pki, timestamped):
    report = verify(timestamped, test_pki, now=datetime(2150, 1, 1, tzinfo=UTC))  # every certificate expired
    assert report.valid, report.to_json(indent=1)
    assert all(s["checked_at"] == "timestamp" for s in report.signatures)


def test_a_signature_without_timestamp_is_checked_at_the_present(test_pki, unsigned_pdf):
    signed = sign_unchecked(test_pki, unsigned_pdf, "chair", None)
    today = verify(signed, test_pki)
    (signature,) = today.signatures
    assert signature["valid"] and signature["timestamp"] is None and signature["level"] == "B-B"
    assert signature["checked_at"] == "present" and "claim" in signature["reason"]
    later = verify(signed, test_pki, now=datetime(2099, 6, 1, tzinfo=UTC))  # the signer's certificate expired
    (signature,) = later.signatures
    assert not later.valid and signature["expired"] and signature["reason_code"] == "EXPIRED"


def test_only_a_pdf_is_signed(test_pki, http_tsa):
    with pytest.raises(pades.SignatureRefused, match="only a PDF"):
        sign_as(test_pki, b"not a pdf", "chair", "chair", http_tsa)


# -- a PDF signed outside Collegia and uploaded back ---------------------------------------------------------
def test_an_uploaded_pdf_with_one_more_valid_signature_is_accepted(test_pki, signed_by_chair, signed_by_both):
    addition = pades.check_addition(signed_by_chair, signed_by_both, trust_roots=[test_pki.root])
    assert addition.accepted and addition.reasons == [], addition.reasons
    assert addition.signature["signer"] == "Bruno Petit" and addition.signature["capacity"] == "secrétaire de séance"
    json.dumps(addition.to_dict())


def test_an_uploaded_pdf_that_is_not_the_same_minutes_is_refused(test_pki, http_tsa, signed_by_chair,
                                                                  signed_by_both, unsigned_pdf):
    other = sign_as(test_pki, small_pdf(b"(Un autre document.) Tj"), "secretary", "secrétaire", http_tsa)
    refused = pades.check_addition(unsigned_pdf, other, trust_roots=[test_pki.root])
    assert not refused.accepted and "first bytes differ" in refused.reasons[0]
    two = pades.check_addition(unsigned_pdf, signed_by_both, trust_roots=[test_pki.root])
    assert not two.accepted and two.reasons == ["this PDF adds 2 signatures to the minutes, not one"]
    none = pades.check_addition(signed_by_chair, signed_by_chair, trust_roots=[test_pki.root])
    assert not none.accepted and none.signature is None


def test_an_uploaded_pdf_signed_by_a_revoked_certificate_or_changed_is_refused(test_pki, http_tsa, unsigned_pdf,
                                                                               signed_by_chair):
    revoked = pades.check_addition(unsigned_pdf, sign_unchecked(test_pki, unsigned_pdf, "revoked", http_tsa),
                                   trust_roots=[test_pki.root])
    assert not revoked.accepted and "revoked" in revoked.reasons[0]

    from pyhanko.pdf_utils import generic

    def add_text(writer):
        stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 56 700 Td (Ajout.) Tj ET")
        writer.add_stream_to_page(0, writer.add_object(stream))

    changed = _append_update(sign_as(test_pki, signed_by_chair, "secretary", "secrétaire", http_tsa), add_text)
    refused = pades.check_addition(signed_by_chair, changed, trust_roots=[test_pki.root])
    assert not refused.accepted and "changed in a way signing does not do" in refused.reasons[-1]
