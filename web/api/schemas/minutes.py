"""Minutes (procès-verbal) of an assembly, their signatures in the register and in the PDF, the signing certificate,
and the public verification of a minutes PDF (issue 25, issue 26).

A PDF travels base64-encoded in a JSON string (RFC 4648, standard alphabet): the API takes JSON bodies only. A
passphrase is a secret: no answer ever carries it."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from governance.minutes import CAPACITIES, PDF_METHODS
from infrastructure.minutes_signing import MAX_PDF_BYTES, MAX_PKCS12_BYTES
from infrastructure.pki import MIN_PASSPHRASE
from web.api.schemas.common import UtcDateTime, free_text, one_of

MAX_PASSPHRASE = 200  # the page's limit (web/assemblies/signing.py PassphraseForm, PdfSignForm)
CAPACITY = "The capacity: `chair` (président·e de séance), `secretary` (secrétaire de séance) or `scrutineer`."


def base64_length(decoded: int) -> int:
    """The length of the base64 text of `decoded` bytes."""
    return 4 * ((decoded + 2) // 3)


def upload_limit(decoded: int) -> int:
    """The body an operation uploading a file of at most `decoded` bytes reads (`max_body`): the file in base64, and
    a little JSON around it."""
    return base64_length(decoded) + 256 * 1024


class Base64File(fields.String):
    """A file as base64 text in JSON, loaded as its bytes; refused when it is not base64, empty or over `limit`."""

    def __init__(self, limit: int, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(min=1, max=base64_length(limit) + 4), **kwargs)
        self.limit = limit

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bytes:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            decoded = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("Not base64 (RFC 4648, standard alphabet).") from None
        if not 0 < len(decoded) <= self.limit:
            raise ValidationError(f"The file must hold 1 to {self.limit} bytes.")
        return decoded


def pdf_field(description: str, **kwargs: Any) -> Base64File:
    return Base64File(MAX_PDF_BYTES, metadata={
        "description": f"{description} Base64-encoded (RFC 4648), at most {MAX_PDF_BYTES // (1024 * 1024)} MB once "
                       f"decoded.", "format": "byte"}, **kwargs)


# -- requests ------------------------------------------------------------------------------------------------
class RegisterSignatureSchema(Schema):
    capacity = one_of(CAPACITIES, CAPACITY, required=True)


class CorrectionSchema(Schema):
    corrects = fields.Integer(strict=True, required=True, validate=validate.Range(1, 1_000_000), metadata={
        "description": "The number of the entry (a signature or an earlier correction) it corrects."})
    text = free_text("The correction (rectificatif); the earlier entries stay as they were.", 100_000)


class PdfSignatureSchema(Schema):
    capacity = one_of(CAPACITIES, CAPACITY, required=True)
    method = one_of(PDF_METHODS, "How: `pole-ca` with your signing certificate from the pole (`passphrase`), "
                                 "`pkcs12` with a certificate you bring (`p12`, `p12_password`), `external` a PDF you "
                                 "signed outside Collegia (`signed_pdf`). Default: `pole-ca`.",
                    load_default="pole-ca")
    passphrase = fields.String(load_default=None, validate=validate.Length(min=1, max=MAX_PASSPHRASE), metadata={
        "description": "Method `pole-ca` only (required there): the passphrase that opens your signing key for this "
                       "signature. Never stored, never answered. Default: none.", "writeOnly": True})
    p12 = Base64File(MAX_PKCS12_BYTES, load_default=None, metadata={
        "description": f"Method `pkcs12` only (required there): your certificate file (.p12 / .pfx), base64-encoded, "
                       f"at most {MAX_PKCS12_BYTES // 1024} kB; read in memory, never kept. Default: none.",
        "format": "byte", "writeOnly": True})
    p12_password = fields.String(load_default="", validate=validate.Length(max=MAX_PASSPHRASE), metadata={
        "description": "Method `pkcs12` only: the certificate file's password. Default: empty.", "writeOnly": True})
    signed_pdf = pdf_field("Method `external` only (required there): the minutes' PDF as Collegia gives it (GET "
                           "…/minutes/pdf) plus your one valid signature. Default: none.", load_default=None)

    @validates_schema
    def _what_the_method_needs(self, data: dict[str, Any], **_: Any) -> None:
        needed = {"pole-ca": "passphrase", "pkcs12": "p12", "external": "signed_pdf"}[data["method"]]
        if data.get(needed) is None:
            raise ValidationError(f"Method {data['method']} needs {needed}.", needed)


class PassphraseSchema(Schema):
    passphrase = fields.String(required=True, validate=validate.Length(min=MIN_PASSPHRASE, max=MAX_PASSPHRASE),
                               metadata={"description": f"The passphrase your signing key is kept under "
                                                        f"({MIN_PASSPHRASE} to {MAX_PASSPHRASE} characters). Never "
                                                        f"stored: nobody can reset it, not even the platform.",
                                         "writeOnly": True})


class VerifySchema(Schema):
    pdf = pdf_field("The minutes PDF to check.", required=True)


# -- responses --------------------------------------------------------------------------------------------------
class PdfEntrySchema(Schema):
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 of the PDF this entry left."})
    previous = fields.String(allow_none=True, metadata={"description": "SHA-256 of the PDF it was added to (null: "
                                                                       "the first signature, on a fresh PDF)."})
    method = fields.String(allow_none=True, metadata={"description": "Signatures: how it was made (`pole-ca`, "
                                                                    "`pkcs12`, `external`)."})
    certificate = fields.String(allow_none=True, metadata={"description": "Signatures: SHA-256 of the signer's "
                                                                         "certificate."})
    subject = fields.String(allow_none=True, metadata={"description": "Signatures: the certificate's name."})
    tsa = fields.String(allow_none=True, metadata={"description": "The document timestamp: its authority."})


class SignatureEntrySchema(Schema):
    number = fields.Integer(required=True, metadata={"description": "The entry's number in the minutes' register."})
    signer = fields.String(required=True, metadata={"description": "Who signed (the account's name)."})
    capacity = fields.String(required=True, metadata={"description": CAPACITY})
    at = UtcDateTime(required=True)
    digest = fields.String(required=True, metadata={"description": "SHA-256 of the text signed."})
    current = fields.Boolean(required=True, metadata={"description": "Whether it signs the current text (a "
                                                                     "correction makes a new one)."})
    pdf = fields.Nested(PdfEntrySchema, allow_none=True, metadata={
        "description": "A signature made in the PDF (null: in the register only)."})


class CorrectionEntrySchema(Schema):
    number = fields.Integer(required=True)
    corrects = fields.Integer(required=True, metadata={"description": "The entry it corrects."})
    text = fields.String(required=True)
    at = UtcDateTime(required=True)


class TimestampEntrySchema(Schema):
    number = fields.Integer(required=True)
    at = UtcDateTime(required=True)
    digest = fields.String(required=True, metadata={"description": "SHA-256 of the text whose PDF it closed."})
    current = fields.Boolean(required=True)
    pdf = fields.Nested(PdfEntrySchema, required=True)


class SignedPdfSchema(Schema):
    sha256 = fields.String(allow_none=True, metadata={"description": "SHA-256 of the current text's last signed "
                                                                    "(or timestamped) PDF; null before its first "
                                                                    "signature in the PDF."})
    signatures = fields.Integer(required=True, metadata={"description": "Signatures of the current text it holds."})
    closed = fields.Boolean(required=True, metadata={"description": "Closed by its document timestamp: it takes no "
                                                                    "more signature."})


class MinutesSchema(Schema):
    subject_type = fields.String(required=True, metadata={"description": "`assembly`."})
    subject_id = fields.String(required=True, metadata={"description": "The assembly's id."})
    status = fields.String(required=True, metadata={"description": "The assembly's status (minutes are signed "
                                                                   "once it is `closed`)."})
    state = one_of(("unsigned", "signed", "pdf_signed", "timestamped"),
                   "`unsigned`; `signed` (in the register only); `pdf_signed` (the current text's PDF carries "
                   "signatures); `timestamped` (that PDF is closed by its document timestamp).", required=True)
    held_at = UtcDateTime(allow_none=True)
    digest = fields.String(required=True, metadata={"description": "SHA-256 of the current text (corrections "
                                                                   "included, signatures excluded)."})
    signatures = fields.List(fields.Nested(SignatureEntrySchema), required=True)
    corrections = fields.List(fields.Nested(CorrectionEntrySchema), required=True)
    timestamps = fields.List(fields.Nested(TimestampEntrySchema), required=True)
    pdf = fields.Nested(SignedPdfSchema, required=True)
    can_sign_pdf = fields.List(fields.String(), required=True, metadata={
        "description": "The capacities you may still sign the current text's PDF in (empty: none)."})
    html_url = fields.String(required=True, metadata={"description": "The minutes' page (browser)."})
    pdf_url = fields.String(required=True, metadata={"description": "The PDF download of this API (the last signed "
                                                                   "file once signed in the PDF)."})


class EntryCreatedSchema(Schema):
    number = fields.Integer(required=True, metadata={"description": "The new entry's number in the minutes' "
                                                                    "register."})
    minutes = fields.Nested(MinutesSchema, required=True, metadata={"description": "The minutes, as GET answers."})


class CertificateSchema(Schema):
    subject = fields.String(required=True)
    issuer = fields.String(required=True, metadata={"description": "The pole's signing authority."})
    serial = fields.String(required=True, metadata={"description": "Hexadecimal."})
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 of the certificate."})
    not_before = UtcDateTime(required=True)
    not_after = UtcDateTime(required=True)


class VerifiedTimestampSchema(Schema):
    time = fields.String(allow_none=True)
    tsa = fields.String(allow_none=True, metadata={"description": "The timestamp authority's name."})
    demo_tsa = fields.Boolean(metadata={"description": "The instance's demo authority: NOT TRUSTED."})
    intact = fields.Boolean()
    valid = fields.Boolean()
    trusted = fields.Boolean()
    reason_code = fields.String(allow_none=True, metadata={"description": "Why it is not valid (see the "
                                                                          "signature's `reason_code`)."})


class VerifiedSignatureSchema(Schema):
    index = fields.Integer(required=True)
    name = fields.String(allow_none=True, metadata={"description": "The signatory's name the signature states."})
    capacity = fields.String(allow_none=True, metadata={"description": "The capacity the signature states, as "
                                                                       "written in the PDF."})
    signer = fields.String(allow_none=True, metadata={"description": "The certificate's common name."})
    issuer = fields.String(allow_none=True)
    certificate_sha256 = fields.String(allow_none=True)
    claimed_time = fields.String(allow_none=True)
    checked_at = fields.String(allow_none=True, metadata={"description": "`timestamp` (checked at the time its "
                                                                        "timestamp proves) or `present`."})
    checked_at_time = fields.String(allow_none=True)
    timestamp = fields.Nested(VerifiedTimestampSchema, allow_none=True)
    intact = fields.Boolean(required=True)
    valid = fields.Boolean(required=True)
    trusted = fields.Boolean(required=True)
    revoked = fields.Boolean(required=True)
    expired = fields.Boolean(required=True)
    level = fields.String(allow_none=True, metadata={"description": "The PAdES level reached (B-B, B-T, B-LT, "
                                                                   "B-LTA)."})
    reason_code = fields.String(allow_none=True, metadata={
        "description": "Why it is not valid, an AdES sub-indication (ETSI EN 319 102-1): `NOT_INTACT`, "
                       "`SIGNATURE_INVALID`, `UNREADABLE`, `REVOKED`, `EXPIRED`, `UNTRUSTED`, `TRY_LATER`…, "
                       "prefixed `TIMESTAMP_` for its timestamp's; null when valid."})
    reason = fields.String(allow_none=True, metadata={"description": "The same in an English sentence."})
    legal_level = fields.String(allow_none=True, metadata={
        "description": "What a valid signature reaches in law (docs/minutes-signature-law.md §7): "
                       "`advanced_pole_authority` (an advanced electronic signature at best, eIDAS art. 26, by the "
                       "pole's own authority: not qualified), `advanced_if_identified` (advanced if the certificate "
                       "identifies the signatory; qualified only with a qualified certificate on a qualified "
                       "device, not checked here); null when not valid. Never `qualified`."})


class VerifiedDocumentTimestampSchema(VerifiedTimestampSchema):
    index = fields.Integer(required=True)


class RecordedEntrySchema(Schema):
    pole_id = fields.String(required=True)
    pole = fields.String(required=True, metadata={"description": "The pole's name."})
    subject_type = fields.String(required=True, metadata={"description": "`assembly` or `proposal` (an online "
                                                                         "vote)."})
    subject_id = fields.String(required=True)
    number = fields.Integer(required=True)
    type = fields.String(required=True, metadata={"description": "`signature` or `timestamp`."})
    signer = fields.String(allow_none=True)
    capacity = fields.String(allow_none=True)
    at = UtcDateTime(required=True)


class VerificationSchema(Schema):
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 of the file checked."})
    is_pdf = fields.Boolean(required=True)
    readable = fields.Boolean(required=True)
    signed = fields.Boolean(required=True)
    altered = fields.Boolean(required=True, metadata={"description": "Changed after a signature."})
    valid = fields.Boolean(required=True, metadata={"description": "Signed, not altered, every signature and "
                                                                   "timestamp valid."})
    revisions = fields.Integer(required=True)
    signatures = fields.List(fields.Nested(VerifiedSignatureSchema), required=True)
    timestamps = fields.List(fields.Nested(VerifiedDocumentTimestampSchema), required=True)
    problems = fields.List(fields.String(), required=True, metadata={"description": "English sentences."})
    verified_at = fields.String(required=True)
    demo_tsa = fields.Boolean(required=True, metadata={"description": "This instance dates signatures with its "
                                                                      "demo timestamp authority (NOT TRUSTED)."})
    recorded = fields.List(fields.Nested(RecordedEntrySchema), required=True, metadata={
        "description": "The entries of this instance's registers that name this exact file (empty: none)."})
