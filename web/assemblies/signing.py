"""Signing the minutes' PDF in the browser, and verifying any minutes PDF (issue 25, docs/signing.md).

- « Mon certificat de signature » (`/poles/<id>/signing`): a member or secretary sets a passphrase; the pole's
  authority issues their certificate, their key is kept encrypted under that passphrase, which is never stored
  (infrastructure/signing_keys.py). A new passphrase revokes the certificate before it.
- Signing (`.../minutes/<id>/sign-pdf`): in a capacity the person may still sign, one of three ways (the register
  records which: `governance/minutes.py` PDF_METHODS) — with their certificate from the pole (`pole-ca`, the
  passphrase opens the key for this signature only), with a certificate they bring (`pkcs12`: a .p12 read in
  memory and never kept), or a PDF they signed outside Collegia and upload back (`external`: accepted only if it
  is the minutes' PDF as Collegia gave it plus one valid signature, `pades.check_addition`). Each signature is
  added to the PDF the previous one left; the register's `MinutesSigned` names the file by its SHA-256.
- The document timestamp (`.../timestamp`): a secretary closes the signed PDF (PAdES B-LTA).
- The verification page (`/minutes/verify`), open to anyone holding a PDF (a bank, a notary, a registry): each
  signature and timestamp, and whether the file is the one the register recorded.

Who signs: a board secretary in any capacity; a member's representative only an assembly's minutes, and only as
chair or scrutineer of a session the member attended (in the room or remotely): the chair and the scrutineers
are members present (Code de commerce R225-101), the secretary may be anyone the bureau designates.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from governance.errors import DomainError
from infrastructure import pades, pki
from infrastructure.minutes_signing import MAX_PDF_BYTES, MAX_PKCS12_BYTES, NoCertificate, Signed
from web.assemblies.minutes import PdfSignForm, current_pdf, document, page, pdf_form, pdf_state, signing
from web.edge import MEMBER, SECRETARY, actor, app, domain_message, queries, require_pole_role
from web.labels import CAPACITY_OPTIONS

log = logging.getLogger(__name__)
bp = Blueprint("signing", __name__, template_folder="templates")
BASE = "/poles/<pole_id>/minutes/<subject_id>"
UPLOAD_LIMIT = MAX_PDF_BYTES + 256 * 1024
UPLOAD_ENDPOINTS = {"signing.sign_pdf", "signing.verify"}


@bp.record_once
def _larger_uploads(state: Any) -> None:
    """A signed PDF uploaded back, or one to verify, may exceed the app's request limit (2 MB): these routes
    allow a PDF's limit and a little form, before anything reads the form (the CSRF check does)."""
    def allow() -> None:
        if request.endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
            request.max_content_length = UPLOAD_LIMIT
    state.app.before_request_funcs.setdefault(None, []).insert(0, allow)


# -- forms ---------------------------------------------------------------------------------------------
class PassphraseForm(FlaskForm):
    passphrase = PasswordField(_l("Passphrase"), validators=[
        DataRequired(), Length(min=pki.MIN_PASSPHRASE, max=200,
                               message=_l("At least %(min)d characters.", min=pki.MIN_PASSPHRASE))])
    confirm = PasswordField(_l("The passphrase again"), validators=[
        DataRequired(), EqualTo("passphrase", message=_l("The two passphrases differ."))])


class VerifyForm(FlaskForm):
    file = FileField(_l("Minutes PDF"))


# -- my signing certificate --------------------------------------------------------------------------------
@bp.route("/poles/<pole_id>/signing", methods=["GET", "POST"])
@login_required
def certificate(pole_id: str) -> Any:
    _require_role_in_pole(pole_id)
    pole = queries().pole(pole_id)
    form = PassphraseForm(prefix="key")
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                signing().keys.issue(current_user.id, pole_id, pole["name"], name=current_user.name,
                                     email=current_user.email, passphrase=form.passphrase.data)
            except (pki.WeakPassphrase, ValueError) as error:
                form.passphrase.errors = [_("This passphrase cannot protect a key: %(reason)s", reason=str(error))]
                status = 422
            else:
                flash(_("Your signing certificate is ready. Keep your passphrase: nobody can reset it, not even "
                        "the platform."), "success")
                return redirect(url_for(".certificate", pole_id=pole_id, next=request.args.get("next")))
        else:
            status = 422
    held = signing().keys.certificate(current_user.id, pole_id)
    details = _certificate_details(held) if held else None
    back = request.args.get("next") if (request.args.get("next") or "").startswith("/poles/") else None
    return render_template("signing/certificate.html", pole=pole, form=form, held=details, back=back,
                           confirm=FlaskForm(formdata=None)), status


def _require_role_in_pole(pole_id: str) -> None:
    """A member's representative or a secretary of the pole (an administrator has no signing certificate in a
    pole where they hold no role)."""
    if not require_pole_role(pole_id, MEMBER, SECRETARY):
        abort(403, description="Only the pole's members and secretaries hold signing certificates.")


def _certificate_details(held: dict[str, Any]) -> dict[str, Any]:
    from cryptography import x509
    cert = x509.load_pem_x509_certificate(held["certificate"].encode())
    return {"subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(),
            "serial": format(cert.serial_number, "x"), "sha256": held["sha256"],
            "not_before": cert.not_valid_before_utc, "not_after": cert.not_valid_after_utc}


@bp.post("/poles/<pole_id>/signing/revoke")
@login_required
def revoke(pole_id: str) -> Any:
    _require_role_in_pole(pole_id)
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    pole = queries().pole(pole_id)
    if signing().keys.revoke(current_user.id, pole_id, pole["name"], reason="key_compromise"):
        flash(_("Your signing certificate is revoked: signatures made before stay valid, no new one can be made "
                "with it."), "success")
    return redirect(url_for(".certificate", pole_id=pole_id))


@bp.get("/poles/<pole_id>/signing/authority.pem")
def authority_certificate(pole_id: str) -> Response:
    """The pole's authority's certificate, for anyone who checks its minutes elsewhere (`collegia verify-minutes
    --trust`, Acrobat's trusted certificates). 404 until the pole's first signing certificate made it."""
    from infrastructure.pki import certificate_pem
    pole = queries().pole(pole_id) or abort(404)
    if not signing().keys.has_authority(pole_id):
        abort(404)
    ca = signing().authority(pole_id, pole["name"])
    response = make_response(certificate_pem(ca.certificate))
    response.headers["Content-Type"] = "application/x-pem-file"
    response.headers["Content-Disposition"] = f'attachment; filename="autorite-{str(pole_id)[:8]}.pem"'
    return response


# -- signing the minutes' PDF ------------------------------------------------------------------------------
@bp.post(f"{BASE}/sign-pdf")
@login_required
def sign_pdf(pole_id: str, subject_id: str) -> Any:
    doc = document(pole_id, subject_id)
    form = pdf_form(pole_id, doc, PdfSignForm(prefix="pdf"))
    if not form.capacity.choices:
        abort(403, description="You may not sign these minutes.")

    def refused(message: str, status: int = 422) -> Any:
        return page(pole_id, doc, message, status, pdf_form_=form)

    if not form.validate_on_submit():
        return refused(_("Choose in what capacity and how you sign."))
    state = pdf_state(doc)
    if state["closed"]:
        return refused(_("The signed PDF of these minutes is closed by its document timestamp: a correction makes "
                         "a new text to sign."), 409)
    pole = queries().pole(pole_id)
    label = str(CAPACITY_OPTIONS[form.capacity.data])
    method = form.method.data
    base = current_pdf(doc)
    service = signing()
    try:
        if method == "pole-ca":
            if not form.passphrase.data:
                return refused(_("Give your passphrase: it opens your signing key for this signature."))
            signed = service.sign_with_pole_certificate(
                base, pole_id=pole_id, pole_name=pole["name"], user_id=current_user.id,
                passphrase=form.passphrase.data, signer_name=current_user.name, capacity_label=label)
        elif method == "pkcs12":
            data = _upload(form.p12, MAX_PKCS12_BYTES)
            if data is None:
                return refused(_("Choose your certificate file (.p12 or .pfx, at most 64 kB)."))
            signed = service.sign_with_pkcs12(base, pole_id=pole_id, pole_name=pole["name"], p12=data,
                                              password=form.p12_password.data or "", signer_name=current_user.name,
                                              capacity_label=label)
        else:
            uploaded = _upload(form.signed, MAX_PDF_BYTES)
            if uploaded is None:
                return refused(_("Choose the PDF you signed (at most 20 MB)."))
            addition = service.check_external(base, uploaded)
            if not addition.accepted or addition.signature is None:
                return refused(_("This PDF was not accepted: %(reasons)s",
                                 reasons="; ".join(addition.reasons)))
            signature = addition.signature
            signed = Signed(pdf=uploaded, sha256=service.store(uploaded),
                            certificate_sha256=signature["certificate_sha256"], subject=signature["signer"])
    except pki.WrongPassphrase:
        return refused(_("Wrong passphrase: nothing was signed."))
    except NoCertificate:
        return refused(_("You have no signing certificate for this pole yet: set your passphrase first."))
    except pades.TimestampUnavailable as error:
        log.warning("timestamp authority unavailable: %s", error)
        return refused(_("The timestamp authority did not answer: nothing was signed. Try again later."), 503)
    except pades.SignatureRefused as error:
        return refused(_("The signature was not made: %(detail)s", detail=str(error)))
    except ValueError as error:  # a file that is not a PKCS#12
        return refused(_("This certificate file cannot be read: %(detail)s", detail=str(error)))
    previous = state["last"]["sha256"] if state["last"] else None
    try:
        app().sign_minutes(subject_id, signer=current_user.name, capacity=form.capacity.data, actor=actor(),
                           pdf={"sha256": signed.sha256, "previous": previous, "method": method,
                                "certificate": signed.certificate_sha256, "subject": signed.subject})
    except DomainError as error:
        return refused(domain_message(error))
    flash(_("You signed the minutes' PDF. Download it to keep it, or check it on the verification page."),
          "success")
    return redirect(url_for("minutes.show", pole_id=pole_id, subject_id=subject_id))


def _upload(field: Any, limit: int) -> bytes | None:
    storage = field.data
    if storage is None or not getattr(storage, "filename", None):
        return None
    data = storage.read(limit + 1)
    return data if 0 < len(data) <= limit else None


@bp.post(f"{BASE}/timestamp")
@login_required
def timestamp(pole_id: str, subject_id: str) -> Any:
    """A secretary closes the signed PDF with its document timestamp (PAdES B-LTA)."""
    require_pole_role(pole_id, SECRETARY)
    doc = document(pole_id, subject_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    state = pdf_state(doc)
    if state["last"] is None or state["closed"]:
        return page(pole_id, doc, _("Only a PDF signed and not yet closed takes the document timestamp."), 409)
    pole = queries().pole(pole_id)
    try:
        stamped = signing().timestamp(current_pdf(doc), pole_id=pole_id, pole_name=pole["name"])
    except pades.TimestampUnavailable as error:
        log.warning("timestamp authority unavailable: %s", error)
        return page(pole_id, doc, _("The timestamp authority did not answer: nothing was added. Try again later."),
                    503)
    except pades.SignatureRefused as error:
        return page(pole_id, doc, _("The timestamp was not added: %(detail)s", detail=str(error)), 422)
    try:
        app().timestamp_minutes(subject_id, pdf={"sha256": stamped.sha256, "previous": state["last"]["sha256"],
                                                 "tsa": stamped.tsa}, actor=actor())
    except DomainError as error:
        return page(pole_id, doc, domain_message(error), 422)
    flash(_("The signed PDF is closed by its document timestamp."), "success")
    return redirect(url_for("minutes.show", pole_id=pole_id, subject_id=subject_id))


# -- verification -----------------------------------------------------------------------------------------------
@bp.route("/minutes/verify", methods=["GET", "POST"])
def verify() -> Any:
    """Anyone holding a minutes PDF checks it here: no account needed (a bank, a notary, a registry)."""
    form = VerifyForm()
    report, recorded, problem, status = None, [], None, 200
    if request.method == "POST":
        data = _upload(form.file, MAX_PDF_BYTES) if form.validate_on_submit() else None
        if data is None:
            problem, status = _("Choose a PDF file (at most 20 MB)."), 422
        else:
            service = signing()
            report = service.verify(data).to_dict()
            recorded = _recorded(hashlib.sha256(data).hexdigest())
            authority_ids = pole_authority_ids()
            for signature in report["signatures"]:
                signature["legal_level"] = legal_level(signature, authority_ids)
                signature["reason_words"] = reason_words(signature.get("reason_code"))
    return render_template("signing/verify.html", form=form, report=report, recorded=recorded, problem=problem,
                           demo_tsa=signing().demo_tsa), status


# Why a signature is not valid, by the report's `reason_code` (infrastructure/pades.py; the AdES sub-indications of
# ETSI EN 319 102-1): the page speaks French, the report's sentences stay for the CLI.
REASON_WORDS = {
    "NOT_INTACT": _l("the signed bytes no longer match: the document was changed"),
    "SIGNATURE_INVALID": _l("the signature value does not verify"),
    "UNREADABLE": _l("the signature cannot be read"),
    "REVOKED": _l("the certificate was revoked before the signature"),
    "REVOKED_NO_POE": _l("the certificate was revoked before the signature"),
    "REVOKED_CA_NO_POE": _l("a certification authority of the chain was revoked before the signature"),
    "EXPIRED": _l("the certificate had expired at the time of the signature"),
    "NOT_YET_VALID": _l("the certificate was not yet valid at the time of the signature"),
    "OUT_OF_BOUNDS_NO_POE": _l("the certificate was not valid at the time of the signature"),
    "OUT_OF_BOUNDS_NOT_REVOKED": _l("the certificate was not valid at the time of the signature"),
    "NO_CERTIFICATE_CHAIN_FOUND": _l("the certificate does not lead to a trusted certification authority"),
    "UNTRUSTED": _l("the certificate does not lead to a trusted certification authority"),
    "TRY_LATER": _l("no revocation information shows the certificate's status at the time of the signature"),
}


def reason_words(code: str | None) -> str:
    """A report's reason code in the page's language (a timestamp's problem: « horodatage : … »)."""
    if not code:
        return ""
    if code.startswith("TIMESTAMP_"):
        return _("timestamp: %(reason)s", reason=reason_words(code.removeprefix("TIMESTAMP_")))
    return str(REASON_WORDS.get(code, _("not trusted (%(code)s)", code=code)))


def pole_authority_ids() -> set[str]:
    """The key identifiers of the poles' authorities this instance keeps (those it can read)."""
    return {ca.key_id for ca in signing().keys.authorities(skip_unreadable=True)}


def by_pole_authority(signature: dict[str, Any], authority_ids: set[str]) -> bool:
    """Whether a valid signature's certificate was issued by one of the poles' authorities: by the issuer's key
    identifier, not its name (another authority may call itself the same)."""
    return bool(signature.get("valid")) and signature.get("issuer_key_id") in authority_ids


def legal_level(signature: dict[str, Any], authority_ids: set[str]) -> str:
    """What a valid signature can be said to reach in law, honestly (docs/minutes-signature-law.md §7): never
    "qualified", which needs a qualified certificate on a qualified device (eIDAS art. 3(12), 29) that this page
    does not check against the EU trusted list."""
    if not signature.get("valid"):
        return ""
    if by_pole_authority(signature, authority_ids):
        return _("advanced electronic signature at best (eIDAS art. 26), by the pole's own authority: not qualified")
    return _("an advanced electronic signature if the certificate identifies the signatory (eIDAS art. 26); "
             "qualified only with a qualified certificate on a qualified device, not checked here")


def _recorded(sha256: str) -> list[dict[str, Any]]:
    """The register's entries that name this exact file (a signature's or the document timestamp's PDF)."""
    found = []
    for entry in queries().minutes_entries_by_pdf(sha256):
        pole = queries().pole(entry["pole_id"])
        found.append({**entry, "pole": pole["name"] if pole else entry["pole_id"]})
    return found



@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"capacity_options": CAPACITY_OPTIONS}


@bp.errorhandler(pki.AuthorityUnreadable)
def _authority_unreadable(error: pki.AuthorityUnreadable) -> tuple[str, int]:
    """The pole authority's key, which the instance's secret no longer opens (COLLEGIA_SECRET_KEY changed without its
    backups): never said as the person's wrong passphrase, whatever the page was doing."""
    log.error("a pole's signing authority cannot be opened with this instance's secret: %s", error)
    return render_template("errors/error.html", code=503, message=_(
        "The pole's signing authority cannot be opened with this instance's secret: nothing was signed. Tell the "
        "platform's administrator (was COLLEGIA_SECRET_KEY changed?).")), 503
