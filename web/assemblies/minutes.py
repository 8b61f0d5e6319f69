"""Minutes (procès-verbal) of an assembly or an online vote: read, download as PDF, sign, correct."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import PasswordField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from governance.errors import DomainError
from infrastructure.eventlog import export_lines
from infrastructure.pdfa import archival_pdf
from governance.minutes import TIMESTAMP, latest_pdf, member_capacities, open_capacities
from infrastructure.minutes_signing import MinutesSigning
from web.formatting import date_long
from web.edge import MEMBER, SECRETARY, actor, app, caller, domain_message, is_secretary, queries, represented, \
    require_pole_role, system
from web.labels import (AMENDMENT_REASONS, ASSEMBLY_KIND_OPTIONS, ASSEMBLY_MODE_OPTIONS, ATTENDANCE_OPTIONS,
                        CAPACITY_OPTIONS, CHOICE_WORDS, CONVOCATION_OPTIONS, KIND_OPTIONS, METHOD_OPTIONS,
                        OUTCOME_OPTIONS, RESOLUTION_STATE_OPTIONS, RULE_WORDS, STATUS_OPTIONS, options, rule_label,
                        seat_label)

log = logging.getLogger(__name__)
bp = Blueprint("minutes", __name__, template_folder="templates")
BASE = "/poles/<pole_id>/minutes/<subject_id>"
# An amendment's course as the minutes and the register's export state it (issue 23; an amendment is masculine in
# French: « admis », « irrecevable », « caduc », « retiré »); "withdrawn" is shown when the amendment went with its
# resolution's withdrawal before being decided or voted.
# How a signature in the minutes' PDF was made (governance/minutes.py PDF_METHODS; issue 25).
PDF_METHOD_OPTIONS = {"pole-ca": _l("certificate from the pole's authority"), "pkcs12": _l("certificate brought"),
                      "external": _l("signed outside Collegia")}
AMENDMENT_COURSE_OPTIONS = {"tabled": _l("tabled, not examined yet"), "admitted": _l("admitted"),
                            "rejected": _l("inadmissible"), "lapsed": _l("lapsed"), "withdrawn": _l("withdrawn")}


def amendment_course(course: str | None, proposal_status: str | None) -> str:
    """An amendment's course (tabled, admitted, rejected, lapsed), or "withdrawn" when its proposal was withdrawn
    before it was decided or voted (with its resolution)."""
    if proposal_status == "withdrawn" and course in ("tabled", "admitted"):
        return "withdrawn"
    return course or ""


class SignForm(FlaskForm):
    capacity = SelectField(_l("Sign as"), choices=options(CAPACITY_OPTIONS))


class CorrectionForm(FlaskForm):
    corrects = SelectField(_l("Entry corrected"), validate_choice=False)
    text = TextAreaField(_l("Correction"), validators=[DataRequired(), Length(max=100_000)])


SIGNING_WAY_OPTIONS = {
    "pole-ca": _l("With my signing certificate from the pole (my passphrase)"),
    "pkcs12": _l("With a certificate I bring (.p12 or .pfx file)"),
    "external": _l("I signed the PDF outside Collegia (upload the signed file)"),
}


def signing() -> MinutesSigning:
    built = system()
    return MinutesSigning(built.settings, built.engine)


class PdfSignForm(FlaskForm):
    capacity = SelectField(_l("Sign as"), choices=options(CAPACITY_OPTIONS))
    method = RadioField(_l("How"), choices=options(SIGNING_WAY_OPTIONS), default="pole-ca")
    passphrase = PasswordField(_l("My passphrase"), validators=[Length(max=200)])
    p12 = FileField(_l("Certificate file (.p12, .pfx)"))
    p12_password = PasswordField(_l("The certificate file's password"), validators=[Length(max=200)])
    signed = FileField(_l("The PDF I signed"))


# -- who may sign what -----------------------------------------------------------------------------------
def pdf_capacities(pole_id: str, doc: dict[str, Any]) -> list[str]:
    """The capacities the current user may still sign this text's PDF in (who signs: web/assemblies/signing.py)."""
    if doc.get("status") != "closed":
        return []
    distinct = app().minutes_statutes(doc["subject_id"]).distinct_chair_and_secretary
    still = open_capacities(doc["signatures"], doc["digest"], caller().name,
                            distinct_chair_and_secretary=distinct)
    if is_secretary(pole_id):
        return still
    if doc["subject_type"] != "assembly":
        return []
    return member_capacities(still, app().get_assembly(doc["subject_id"]).attendance, represented(pole_id))


def pdf_state(doc: dict[str, Any]) -> dict[str, Any]:
    """The signed PDF of this text: its last file (None before the first signature in the PDF), how many
    signatures it holds, whether its document timestamp closed it."""
    entries = sorted([*doc["signatures"], *doc.get("timestamps", [])], key=lambda e: e["number"])
    last = latest_pdf(entries, doc["digest"])
    signed = [e for e in doc["signatures"] if e["current"] and e.get("pdf")]
    return {"last": last, "signatures": signed, "closed": bool(last and last["kind"] == TIMESTAMP)}


def pdf_form(pole_id: str, doc: dict[str, Any], form: PdfSignForm | None = None) -> PdfSignForm:
    form = form or PdfSignForm(prefix="pdf", formdata=None)
    allowed = pdf_capacities(pole_id, doc)
    form.capacity.choices = [choice for choice in options(CAPACITY_OPTIONS) if choice.value in allowed]
    return form


def current_pdf(doc: dict[str, Any]) -> bytes:
    """The PDF the next signature goes into: the last signed one of this text, else the minutes' PDF fresh."""
    last = pdf_state(doc)["last"]
    if last is None:
        return minutes_pdf(doc)
    stored = signing().load(last["sha256"])
    if stored is None:  # the register names a file the documents table lost: a restore without it
        log.error("the signed PDF %s of minutes %s is missing from the documents table", last["sha256"],
                  doc["subject_id"])
        abort(503, description=_("The signed PDF these minutes' register names (SHA-256 %(sha)s) is missing from "
                                 "this instance's stored documents: restore them from the backup. Nothing was "
                                 "signed.", sha=last["sha256"]))
    return stored


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"assembly_kind_options": ASSEMBLY_KIND_OPTIONS, "assembly_mode_options": ASSEMBLY_MODE_OPTIONS,
            "attendance_options": ATTENDANCE_OPTIONS, "capacity_options": CAPACITY_OPTIONS,
            "convocation_options": CONVOCATION_OPTIONS, "kind_options": KIND_OPTIONS,
            "outcome_options": OUTCOME_OPTIONS, "status_options": STATUS_OPTIONS,
            "resolution_state_options": RESOLUTION_STATE_OPTIONS, "rule_words": RULE_WORDS,
            "rule_label": rule_label, "method_options": METHOD_OPTIONS, "seat_label": seat_label,
            "choice_words": CHOICE_WORDS, "amendment_course_options": AMENDMENT_COURSE_OPTIONS,
            "amendment_reasons": AMENDMENT_REASONS, "amendment_course": amendment_course,
            "pdf_method_options": PDF_METHOD_OPTIONS}


def document(pole_id: str, subject_id: str) -> dict[str, Any]:
    """The minutes, computed from the events; 404 unless they belong to this pole."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    try:
        doc = app().minutes(subject_id)
    except DomainError:
        abort(404)
    if doc["pole_id"] != str(pole_id):
        abort(404)
    if doc["subject_type"] == "proposal" and doc["status"] == "draft" and not is_secretary(pole_id):
        abort(404)  # drafts are for secretaries only, as on the vote pages
    return doc


def _distinct_chair_and_secretary(doc: dict[str, Any]) -> bool:
    """The statutes' choice, read where `sign_minutes` reads it (the statutes frozen with the assembly or vote)."""
    return app().minutes_statutes(doc["subject_id"]).distinct_chair_and_secretary


def _sign_form(doc: dict[str, Any], form: SignForm | None = None) -> SignForm:
    """The signing form offering only the capacities the current user may still sign this text in."""
    form = form or SignForm(prefix="sign", formdata=None)
    still = open_capacities(doc["signatures"], doc["digest"], caller().name,
                            distinct_chair_and_secretary=_distinct_chair_and_secretary(doc))
    form.capacity.choices = [choice for choice in options(CAPACITY_OPTIONS) if choice.value in still]
    return form


def page(pole_id: str, doc: dict[str, Any], refusal: str | None = None, status: int = 200,
         sign_form: SignForm | None = None, correction_form: CorrectionForm | None = None,
         pdf_form_: Any = None) -> Any:
    """The minutes' page: the text, and the forms the user may use (sign in the register, sign the PDF, correct),
    `refusal` saying why a command was refused (with `status`)."""
    secretary = is_secretary(pole_id)
    correction_form = correction_form or CorrectionForm(prefix="fix", formdata=None)
    correction_form.corrects.choices = [(str(e["number"]), _("Entry %(number)s", number=e["number"]))
                                        for e in doc["signatures"] + doc["corrections"]]
    service = signing()
    return render_template("minutes/show.html", pole=queries().pole(pole_id), doc=doc, refusal=refusal,
                           secretary=secretary, sign_form=_sign_form(doc, sign_form) if secretary else None,
                           correction_form=correction_form, pdf_form=pdf_form(pole_id, doc, pdf_form_),
                           pdf=pdf_state(doc), demo_tsa=service.demo_tsa, confirm=FlaskForm(formdata=None),
                           has_certificate=service.keys.certificate(caller().id, pole_id) is not None,
                           **_labels()), status  # also rendered from signing's routes


@bp.get(BASE)
@login_required
def show(pole_id: str, subject_id: str) -> Any:
    return page(pole_id, document(pole_id, subject_id))


@bp.get(f"{BASE}.pdf")
@login_required
def pdf(pole_id: str, subject_id: str) -> Response:
    """The minutes as an archival PDF/A-3 (issue 25, infrastructure/pdfa.py), the register's extract of the meeting
    embedded: the events the minutes are computed from, as `collegia export` writes them (secret choices sealed).
    Once signed in their PDF, the last signed file of the text (web/assemblies/signing.py)."""
    doc = document(pole_id, subject_id)
    day = doc["held_at"][:10] if doc["held_at"] else "vote"
    response = make_response(current_pdf(doc))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="proces-verbal-{day}-{subject_id[:8]}.pdf"'
    return response


def meeting_extract(subject_id: str) -> bytes:
    """The register's events the minutes are computed from, up to the versions they read, as JSON lines."""
    sources = app().minutes_sources(subject_id)
    lines = []
    for line in export_lines(app()):
        event = json.loads(line)
        if event["version"] <= sources.get(event["aggregate_id"], 0):
            lines.append(line + "\n")
    return "".join(lines).encode()


def minutes_pdf(doc: dict[str, Any]) -> bytes:
    """The minutes' PDF/A-3: same minutes, same bytes (its dates are the meeting's, never the download's)."""
    held = datetime.fromisoformat(doc["held_at"]) if doc["held_at"] else datetime(1970, 1, 1, tzinfo=UTC)
    meeting = (_("General assembly of %(day)s", day=date_long(held)) if doc["subject_type"] == "assembly"
               else _("Online vote closed on %(day)s", day=date_long(held)))
    html = render_template("minutes/pdf.html", doc=doc, **_labels())  # also rendered from signing's routes
    return archival_pdf(html, base_url=request.url_root, title=_("Minutes — %(pole)s — %(meeting)s",
                                                                 pole=doc["pole"], meeting=meeting),
                        pole=doc["pole"], meeting=meeting, date=held, lang=str(get_locale() or "fr"),
                        attachments=[(f"registre-{doc['subject_id'][:8]}.jsonl", meeting_extract(doc["subject_id"]),
                                      _("The register's events these minutes are computed from"))])


@bp.post(f"{BASE}/sign")
@login_required
def sign(pole_id: str, subject_id: str) -> Any:
    require_pole_role(pole_id, SECRETARY)
    doc = document(pole_id, subject_id)
    form = SignForm(prefix="sign")
    if not form.validate_on_submit():
        return page(pole_id, doc, _("Choose in what capacity you sign."), 422, sign_form=form)
    try:
        app().sign_minutes(subject_id, signer=caller().name, capacity=form.capacity.data, actor=actor())
    except DomainError as error:
        return page(pole_id, doc, domain_message(error), 422, sign_form=form)
    flash(_("You signed the minutes."), "success")
    return redirect(url_for(".show", pole_id=pole_id, subject_id=subject_id))


@bp.post(f"{BASE}/correct")
@login_required
def correct(pole_id: str, subject_id: str) -> Any:
    require_pole_role(pole_id, SECRETARY)
    doc = document(pole_id, subject_id)
    form = CorrectionForm(prefix="fix")
    if not form.validate_on_submit():
        return page(pole_id, doc, _("Write the correction and choose the entry it corrects."), 422,
                     correction_form=form)
    try:
        number = int(form.corrects.data or 0)
        app().correct_minutes(subject_id, text=form.text.data, corrects=number, actor=actor())
    except ValueError:
        return page(pole_id, doc, _("Write the correction and choose the entry it corrects."), 422,
                     correction_form=form)
    except DomainError as error:
        return page(pole_id, doc, domain_message(error), 422, correction_form=form)
    flash(_("The correction is added to the minutes; the earlier entries stay as they were."), "success")
    return redirect(url_for(".show", pole_id=pole_id, subject_id=subject_id))
