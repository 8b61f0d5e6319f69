"""Convening an assembly, the secretary's side (issue 20; the law: docs/convocation-law.md).

- The pole's identity as a convocation states it (Code de commerce R225-66, R123-237 1° and 2°).
- The convocation page: the text as it would be sent now, what the identity still lacks, how each member would
  be convened (R225-63), the notice (R225-69), and the button that sends it (after a confirmation).
- The convocation register, the proof of convocation: when it was sent, the fingerprint and the text, each
  member's channel and the rule that decided it, the delivery of each e-mail, the posting of the letters, the
  notice kept per channel; as a page and as CSV. The letters to print and the post office's deposit list (PDF),
  made from the text recorded when it was sent, never regenerated.
- The documents made available to the members (R225-83, R225-89): uploaded by the secretary, stored by their
  SHA-256, downloaded by the members of the pole, always as an attachment.
- Technical incidents of the remote link during the session (R225-99).

Routes on the `assemblies` blueprint of web/assemblies/pages.py, added when web/assemblies/__init__.py imports
this module.
"""

from __future__ import annotations

import copy
import hashlib

import csv
import io
import logging
from datetime import date, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from governance import clock
from governance.assembly import CLOSED, CONVENED, Assembly, earliest_meeting_day
from governance.convocation import (EMAIL, IDENTITY_FIELDS, POST, consent_deadline, french_date, missing_identity,
                                    paris_day, required_identity)
from infrastructure.contacts import postal_addresses
from infrastructure.documents import (MAX_DOCUMENT_BYTES, DocumentCorrupted, check_document, load_document,
                                      store_document)
from notifications.links import Links
from notifications.outbox import convocation_deliveries
from notifications.planner import people
from notifications.postal import Letter, Sender, letters_pdf, post_office_list_pdf
from web.assemblies.pages import BASE, DOCUMENT_DAYS, Page, bp, document_rows, names
from web.dates import MIN_YEAR, MAX_YEAR, ParisDateTimeField, plausible
from web.edge import (MEMBER, SECRETARY, actor, app, assembly_of_pole, attempt, queries, refusal_status,
                      require_pole_role, secretary_pole, system)
from web.formatting import date_long
from web.forms import ConfirmForm
from web.labels import options
from web.mail.forms import state_label

logger = logging.getLogger(__name__)

IDENTITY_PATH = "/poles/<pole_id>/manage/identity"
# An upload carries the file and a small form around it: the app's MAX_CONTENT_LENGTH (2 MB) is raised for it only.
UPLOAD_LIMIT = MAX_DOCUMENT_BYTES + 256 * 1024
KIND_CODES = {"ordinary": "AGO", "extraordinary": "AGE", "mixed": "AGM"}  # in file names
KIND_TITLES = {"ordinary": "ordinaire", "extraordinary": "extraordinaire", "mixed": "mixte"}  # in the PDF (French)

CHANNEL_WORDS = {EMAIL: _l("e-mail"), POST: _l("post")}
IDENTITY_LABELS = {
    "acronym": _l("Acronym"),
    "registered_office": _l("Registered office"),
    "capital": _l("Share capital"),
    "rcs_number": _l("Registration number (SIREN)"),
    "rcs_city": _l("City of the RCS registry"),
    "questions_email": _l("E-mail address for written questions"),
}


@bp.record_once
def _larger_uploads(state: Any) -> None:
    """Let a document upload exceed the app's request limit, before anything reads the form (the CSRF check does,
    in the app's first hooks): the limit of this one route is the document's limit and a little form."""
    def allow() -> None:
        if request.endpoint == "assemblies.documents" and request.method == "POST":
            request.max_content_length = UPLOAD_LIMIT
    state.app.before_request_funcs.setdefault(None, []).insert(0, allow)


# -- words -----------------------------------------------------------------------------------------
def reason_words(recipient: dict[str, Any], consent_days: int) -> str:
    """The rule that decided how one member was (or would be) convened, in the user's language (R225-63)."""
    reason, on = recipient.get("reason"), recipient.get("consent_on")
    day = date_long(date.fromisoformat(on)) if on else ""
    words = {
        "consent": lambda: _("e-mail: consent of %(date)s (art. R225-63, at least %(days)s days before the "
                             "assembly)", date=day, days=consent_days),
        "no_consent": lambda: _("post: no consent to electronic convocation (art. R225-63)"),
        "consent_too_late": lambda: _("post: consent of %(date)s, fewer than %(days)s days before the assembly "
                                      "(art. R225-63 para. 2)", date=day, days=consent_days),
        "withdrawn": lambda: _("post: return to post asked on %(date)s (art. R225-63 para. 3)", date=day),
        "late_withdrawal": lambda: _("post: return to post asked late, on %(date)s, honoured (sending by post is "
                                     "always lawful)", date=day),
        "email_not_in_statutes": lambda: _("post: the statutes provide only for post"),
        "no_address": lambda: _("post: no e-mail address known"),
    }
    return words[reason]() if reason in words else str(reason)


def _engine() -> Any:
    return system().engine


def _reachable(pole_id: str) -> set[str]:
    """The members with an e-mail address on file: an active account representing them (the mail's recipients,
    notifications/planner.py `people`)."""
    with _engine().connect() as conn:
        return {person.member_id for person in people(conn, pole_id)}


def _assembly_url(pole_id: str, assembly_id: str) -> str:
    """The assembly page's absolute address, under the instance's public address (COLLEGIA_BASE_URL), as in mail."""
    return Links(system().settings).assembly(pole_id, assembly_id)


def _sorted_members(pole_id: str, member_ids: Any) -> tuple[list[str], dict[str, str]]:
    member_names = names(pole_id)
    return sorted(member_ids, key=lambda m: member_names.get(m, m).lower()), member_names


def file_stem(a: Assembly) -> str:
    """'convocation-AGO-2027-01-19': the start of every file of this assembly's convocation."""
    return f"convocation-{KIND_CODES.get(a.kind, a.kind)}-{paris_day(a.held_at).isoformat()}"


def _attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                                      "X-Content-Type-Options": "nosniff"})


def _sent_or_404(a: Assembly) -> dict[str, Any]:
    sent = a.convocation_sent
    if sent is None:
        abort(404, description="The convocation of this assembly has not been sent through Collegia.")
    return sent


# -- the pole's identity (R225-66, R123-237) --------------------------------------------------------
class IdentityForm(FlaskForm):
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=200)])
    registered_office = TextAreaField(_l("Registered office (address, one line per line of the address)"),
                                      validators=[Optional(), Length(max=1200)])
    capital = StringField(_l("Share capital"), validators=[Optional(), Length(max=200)])
    rcs_number = StringField(_l("Registration number (SIREN)"), validators=[Optional(), Length(max=200)])
    rcs_city = StringField(_l("City of the RCS registry"), validators=[Optional(), Length(max=200)])
    questions_email = StringField(_l("E-mail address for written questions"),
                                  validators=[Optional(), Length(max=200)])


def _back_to_assembly(pole_id: str) -> str | None:
    """The assembly whose convocation page sent the secretary here (`?assembly=`), if it is this pole's."""
    wanted = request.args.get("assembly", "")
    return wanted if wanted and any(a["id"] == wanted for a in queries().assemblies(pole_id)) else None


@bp.route(IDENTITY_PATH, methods=["GET", "POST"])
@login_required
def pole_identity(pole_id: str) -> Page:
    pole = secretary_pole(pole_id)
    domain_pole = app().get_pole(pole_id)
    form = IdentityForm() if request.method == "POST" else IdentityForm(formdata=None, data=domain_pole.identity)
    back = _back_to_assembly(pole_id)
    refusal = None
    if form.validate_on_submit():
        fields = {name: (form[name].data or "") for name in IDENTITY_FIELDS}
        refusal = attempt(lambda: app().record_pole_identity(pole_id, actor=actor(), **fields))[1]
        if refusal is None:
            flash(_("The pole's identity is recorded: convocations will state it."), "success")
            if back:
                return redirect(url_for(".convocation", pole_id=pole_id, assembly_id=back))
            return redirect(url_for(".pole_identity", pole_id=pole_id))
    status = (refusal_status(refusal.error) if refusal is not None else 422) if request.method == "POST" else 200
    required = required_identity(domain_pole.legal_form)
    return render_template("convocation/identity.html", pole=pole, form=form, refusal=refusal, back=back,
                           required=required, legal_form=domain_pole.legal_form,
                           missing=missing_identity(domain_pole.identity, domain_pole.legal_form)), status


# -- the convocation page ----------------------------------------------------------------------------
def _convocation_page(pole_id: str, a: Assembly, refusal: Any = None, status: int = 200) -> Page:
    domain_pole = app().get_pole(pole_id)
    now = clock.now()
    statutes = a.statutes
    needed = statutes.notice_days[a.convocation]
    meeting = paris_day(a.held_at)
    sent = a.convocation_sent
    routes: dict[str, dict[str, Any]] = {}
    preview = ""
    if sent is None and a.status == CONVENED:
        routes = app().convocation_routes(a.id, reachable=_reachable(pole_id))
        preview = app().convocation_text(a.id, assembly_url=_assembly_url(pole_id, str(a.id)))
    members, member_names = _sorted_members(pole_id, routes)
    addresses = postal_addresses(_engine(), pole_id)
    notice = {"needed": needed, "meeting": meeting, "latest": meeting - timedelta(days=needed),
              "left": (meeting - paris_day(now)).days,
              "earliest": earliest_meeting_day(statutes, a.convocation, now)}
    return render_template(
        "convocation/convocation.html", pole=queries().pole(pole_id), a=a, sent=sent, routes=routes,
        members=members, names=member_names, addresses=addresses, preview=preview, notice=notice,
        missing=missing_identity(domain_pole.identity, domain_pole.legal_form), identity_labels=IDENTITY_LABELS,
        consent_deadline=consent_deadline(statutes, a.held_at), consent_days=statutes.consent_days,
        reason_words=reason_words, channel_words=CHANNEL_WORDS, form=ConfirmForm(formdata=None),
        by_email=sum(1 for r in routes.values() if r["channel"] == EMAIL), refusal=refusal), status


@bp.get(f"{BASE}/<assembly_id>/convocation")
@login_required
def convocation(pole_id: str, assembly_id: str) -> Page:
    require_pole_role(pole_id, SECRETARY)
    return _convocation_page(pole_id, assembly_of_pole(pole_id, assembly_id))


@bp.post(f"{BASE}/<assembly_id>/convocation/send")
@login_required
def send_convocation(pole_id: str, assembly_id: str) -> Page:
    """Send the convocation: first a confirmation saying what becomes final (only a POST carrying `confirm=yes`
    sends); when the assembly or the pole already refuses it (identity missing, notice too short, already sent),
    the command runs at once and the page shows the rule."""
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    if not ConfirmForm().validate_on_submit():
        return _convocation_page(pole_id, a, _("The form was incomplete or has expired: please try again."), 422)
    reachable = _reachable(pole_id)
    if request.form.get("confirm") != "yes" and _sendable(pole_id, a):
        routes = app().convocation_routes(a.id, reachable=reachable)
        by_email = sum(1 for r in routes.values() if r["channel"] == EMAIL)
        message = _("Send the convocation now? %(email)s members will be convened by e-mail and %(post)s by post. "
                    "Its text, its fingerprint and each member's channel are recorded in the register and cannot "
                    "be changed; the notice runs from today for e-mails and from the posting date for letters.",
                    email=by_email, post=len(routes) - by_email)
        return render_template("assemblies/confirm.html", pole=queries().pole(pole_id), a=a,
                               heading=_("Send the convocation"), message=message, action=request.path,
                               form=ConfirmForm(formdata=None),
                               cancel=url_for(".convocation", pole_id=pole_id, assembly_id=assembly_id))
    routes, refusal = attempt(lambda: app().send_convocation(
        a.id, reachable=reachable, assembly_url=_assembly_url(pole_id, assembly_id), actor=actor()))
    if refusal is not None:
        return _convocation_page(pole_id, app().get_assembly(assembly_id), refusal, refusal_status(refusal.error))
    by_email = sum(1 for r in (routes or {}).values() if r["channel"] == EMAIL)
    by_post = len(routes or {}) - by_email
    flash(_("The convocation is sent: %(email)s members by e-mail, %(post)s by post.", email=by_email, post=by_post)
          + (" " + _("Print the letters, post them and record the posting date.") if by_post else ""), "success")
    return redirect(url_for(".convocation_register", pole_id=pole_id, assembly_id=assembly_id))


def _sendable(pole_id: str, a: Assembly) -> bool:
    """Whether sending would be accepted now (else it runs at once, to show the rule, without a confirmation)."""
    if a.status != CONVENED or a.convocation_sent is not None:
        return False
    domain_pole = app().get_pole(pole_id)
    if missing_identity(domain_pole.identity, domain_pole.legal_form):
        return False
    return (paris_day(a.held_at) - paris_day(clock.now())).days >= a.statutes.notice_days[a.convocation]


# -- the convocation register (proof of convocation) --------------------------------------------------
class PostingForm(FlaskForm):
    posted_on = DateField(_l("Day the letters were posted"), validators=[DataRequired()])

    def validate_posted_on(self, field: DateField) -> None:
        if field.data and not plausible(field.data):
            raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=MIN_YEAR, last=MAX_YEAR))


def delivery_words(recipient: dict[str, Any], state: str | None, posted_on: str | None) -> str:
    """How one member's convocation stands: the e-mail's state in the outbox, or the letter posted or to post."""
    if recipient["channel"] == POST:
        return _("posted on %(date)s", date=date_long(date.fromisoformat(posted_on))) if posted_on else _("to post")
    if state is None:
        return _("not in the outbox")
    return str(state_label(state))


def _deliveries(a: Assembly) -> dict[str, str]:
    """Each member's convocation e-mail state in the outbox (queued, sent, bounced, failed, cancelled)."""
    return {str(m): s for m, s in convocation_deliveries(_engine(), str(a.id)).items()}


def _register_rows(pole_id: str, a: Assembly, sent: dict[str, Any]) -> list[dict[str, Any]]:
    members, member_names = _sorted_members(pole_id, sent["recipients"])
    deliveries = _deliveries(a)
    addresses = postal_addresses(_engine(), pole_id)
    days = a.statutes.consent_days
    rows = []
    for member in members:
        recipient = sent["recipients"][member]
        delivery = delivery_words(recipient, deliveries.get(member), sent["posted_on"])
        rows.append({"member": member, "name": member_names.get(member, member), "channel": recipient["channel"],
                     "channel_words": str(CHANNEL_WORDS.get(recipient["channel"], recipient["channel"])),
                     "reason": reason_words(recipient, days), "delivery": delivery,
                     "has_address": bool(addresses.get(member))})
    return rows


def _register_page(pole_id: str, a: Assembly, form: PostingForm | None = None, refusal: Any = None,
                   status: int = 200) -> Page:
    sent = a.convocation_sent
    rows = _register_rows(pole_id, a, sent) if sent else []
    by_post = sum(1 for r in rows if r["channel"] == POST)
    if form is None:
        form = PostingForm(formdata=None, posted_on=paris_day(clock.now()))
    return render_template("convocation/register.html", pole=queries().pole(pole_id), a=a, sent=sent, rows=rows,
                           by_post=by_post, by_email=len(rows) - by_post, notice=a.notice_kept(), form=form,
                           posted_on=date.fromisoformat(sent["posted_on"]) if sent and sent["posted_on"] else None,
                           refusal=refusal, channel_words=CHANNEL_WORDS,
                           posting_deadline=paris_day(a.held_at) - timedelta(
                               days=a.statutes.notice_days[a.convocation]),
                           missing_addresses=[r for r in rows if r["channel"] == POST and not r["has_address"]]), status


@bp.get(f"{BASE}/<assembly_id>/convocation/register")
@login_required
def convocation_register(pole_id: str, assembly_id: str) -> Page:
    require_pole_role(pole_id, SECRETARY)
    return _register_page(pole_id, assembly_of_pole(pole_id, assembly_id))


@bp.get(f"{BASE}/<assembly_id>/convocation/register.csv")
@login_required
def convocation_register_csv(pole_id: str, assembly_id: str) -> Response:
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    sent = _sent_or_404(a)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    sent_at = sent["sent_at"].astimezone(clock.PARIS).strftime("%Y-%m-%d %H:%M")
    writer.writerow([_("Member"), _("Identifier"), _("Channel"), _("Rule applied"), _("Delivery"),
                     _("Sent at (Paris time)"), _("Fingerprint of the text (SHA-256)")])
    for row in _register_rows(pole_id, a, sent):
        writer.writerow([_spreadsheet_safe(row["name"]), row["member"], row["channel_words"], row["reason"],
                         row["delivery"], sent_at, sent["sha256"]])
    return _attachment("\ufeff" + out.getvalue(), "text/csv", f"{file_stem(a)}-registre.csv")


def _spreadsheet_safe(value: str) -> str:
    """A name, neutralised so that a spreadsheet never runs it as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.post(f"{BASE}/<assembly_id>/convocation/posting")
@login_required
def record_posting(pole_id: str, assembly_id: str) -> Page:
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    form = PostingForm()
    if not form.validate_on_submit():
        return _register_page(pole_id, a, form, status=422)
    refusal = attempt(lambda: app().record_posting(a.id, posted_on=form.posted_on.data, actor=actor()))[1]
    if refusal is not None:
        return _register_page(pole_id, app().get_assembly(assembly_id), form, refusal, refusal_status(refusal.error))
    flash(_("The posting date of the letters is recorded."), "success")
    return redirect(url_for(".convocation_register", pole_id=pole_id, assembly_id=assembly_id))


# -- the postal batch: letters and the post office's list ---------------------------------------------
def _postal_batch(pole_id: str, a: Assembly) -> tuple[Sender, list[tuple[str, str, tuple[str, ...]]], str,
                                                       dict[str, Any]]:
    """The sender, (member, addressee, address lines) for every member convened by post, the title, the record."""
    sent = _sent_or_404(a)
    domain_pole = app().get_pole(pole_id)
    identity = domain_pole.identity
    acronym = identity.get("acronym", "").strip()
    sender = Sender(name=f"{domain_pole.name}{f' ({acronym})' if acronym else ''}",
                    address_lines=tuple(line for line in identity.get("registered_office", "").splitlines()
                                        if line.strip()))
    by_post = [m for m, r in sent["recipients"].items() if r["channel"] == POST]
    members = sorted(by_post, key=lambda m: (domain_pole.members.get(m, {}).get("name") or m).lower())
    addresses = postal_addresses(_engine(), pole_id)
    batch = []
    for member in members:
        name = domain_pole.members.get(member, {}).get("name") or member
        lines = [line for line in addresses.get(member, "").splitlines() if line.strip()]
        # An address usually starts with its addressee ("Mairie de Crest", "Mme Lucie Garnier"): then that line
        # is the addressee, not printed twice in the envelope's window.
        if lines and " ".join(name.casefold().split()) in " ".join(lines[0].casefold().split()):
            batch.append((member, lines[0], tuple(lines[1:])))
        else:
            batch.append((member, name, tuple(lines)))
    title = (f"Convocation à l'assemblée générale {KIND_TITLES.get(a.kind, a.kind)} du "
             f"{french_date(paris_day(a.held_at))}")
    return sender, batch, title, sent


@bp.get(f"{BASE}/<assembly_id>/convocation/letters.pdf")
@login_required
def convocation_letters(pole_id: str, assembly_id: str) -> Response:
    """One letter per member convened by post, each with the text recorded when the convocation was sent."""
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    sender, batch, title, sent = _postal_batch(pole_id, a)
    letters = [Letter(member_name=addressee, address_lines=address, text=sent["text"],
                      reference=f"{title} — {addressee.splitlines()[0]} — SHA-256 {sent['sha256'][:16]}")
               for _member, addressee, address in batch]
    pdf = letters_pdf(sender, letters, title=title, created=sent["sent_at"])
    return _attachment(pdf, "application/pdf", f"{file_stem(a)}-courriers.pdf")


@bp.get(f"{BASE}/<assembly_id>/convocation/post-office.pdf")
@login_required
def convocation_post_office_list(pole_id: str, assembly_id: str) -> Response:
    """The deposit list handed over at the post office with the letters."""
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    sender, batch, title, sent = _postal_batch(pole_id, a)
    pdf = post_office_list_pdf(sender, [(addressee, address) for _member, addressee, address in batch], title=title,
                               created=sent["sent_at"])
    return _attachment(pdf, "application/pdf", f"{file_stem(a)}-liste-de-depot.pdf")


# -- documents made available to the members (R225-83, R225-89) ----------------------------------------
class DocumentForm(FlaskForm):
    file = FileField(_l("Document"), validators=[FileRequired(_l("Choose a file."))])
    proposal = SelectField(_l("Resolution it concerns"), validate_choice=False, default="")


def _documents_page(pole_id: str, a: Assembly, form: DocumentForm | None = None, refusal: Any = None,
                    status: int = 200) -> Page:
    form = form or DocumentForm(formdata=None)
    proposals = {p: queries().proposal(p) for p in a.agenda}
    form.proposal.choices = options([("", _("The whole assembly"))] + [
        (p, f"{number}. {row['title']}" if row else p) for number, (p, row) in enumerate(proposals.items(), 1)])
    return render_template("convocation/documents.html", pole=queries().pole(pole_id), a=a, form=form,
                           refusal=refusal, documents=document_rows(a), proposals=proposals,
                           document_days=DOCUMENT_DAYS, closed=a.status == CLOSED,
                           limit_mb=MAX_DOCUMENT_BYTES // (1024 * 1024)), status


@bp.route(f"{BASE}/<assembly_id>/documents", methods=["GET", "POST"])
@login_required
def documents(pole_id: str, assembly_id: str) -> Page:
    """The secretary adds a document: checked (its kind confirmed by its content), stored by its SHA-256, then
    recorded as made available from now."""
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    if request.method == "GET":
        return _documents_page(pole_id, a)
    form = DocumentForm()
    if not form.validate_on_submit():
        return _documents_page(pole_id, a, form, status=422)
    upload = form.file.data
    content = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    proposal_id = form.proposal.data or None  # one not on the agenda is refused by the rule, not dropped

    def make_available() -> str:
        media_type, name = check_document(upload.filename or "", content)
        # The assembly's rules first, on a copy (closed, already there, too many): a refused document stores no byte.
        copy.deepcopy(a).make_document_available(
            sha256=hashlib.sha256(content).hexdigest(), name=name, size=len(content), media_type=media_type,
            proposal_id=proposal_id, actor=actor())
        sha256 = store_document(_engine(), content, media_type)
        app().make_document_available(a.id, sha256=sha256, name=name, size=len(content), media_type=media_type,
                                      proposal_id=proposal_id, actor=actor())
        return name

    name, refusal = attempt(make_available)
    if refusal is not None:
        return _documents_page(pole_id, app().get_assembly(assembly_id), form, refusal, refusal_status(refusal.error))
    flash(_("« %(name)s » is made available to the members from now.", name=name), "success")
    return redirect(url_for(".documents", pole_id=pole_id, assembly_id=assembly_id))


@bp.get(f"{BASE}/<assembly_id>/documents/<sha256>")
@login_required
def download_document(pole_id: str, assembly_id: str, sha256: str) -> Response:
    """A document of this assembly, for the members of the pole: always an attachment, with its recorded type."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    document = next((d for d in a.documents if d["sha256"] == sha256), None)
    if document is None:
        abort(404, description="No such document for this assembly.")
    try:
        stored = load_document(_engine(), sha256)
    except DocumentCorrupted:
        logger.error("document %s of assembly %s no longer matches its fingerprint: not served", sha256, assembly_id)
        abort(409, description=_("This document was changed in the database since it was made available: it is "
                                 "not served. Tell your pole's secretary."))
    if stored is None:
        abort(404, description="No such document for this assembly.")
    response = send_file(io.BytesIO(stored[0]), mimetype=document["media_type"], as_attachment=True,
                         download_name=document["name"], etag=False, conditional=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- technical incidents (R225-99) -----------------------------------------------------------------------
class IncidentForm(FlaskForm):
    started_at = ParisDateTimeField(_l("Start (Paris time)"), validators=[DataRequired()])
    ended_at = ParisDateTimeField(_l("End (Paris time)"), validators=[Optional()])
    description = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=2000)])


def _incidents_page(pole_id: str, a: Assembly, form: IncidentForm | None = None, refusal: Any = None,
                    status: int = 200) -> Page:
    return render_template("convocation/incidents.html", pole=queries().pole(pole_id), a=a,
                           form=form or IncidentForm(formdata=None), refusal=refusal), status


@bp.route(f"{BASE}/<assembly_id>/incidents", methods=["GET", "POST"])
@login_required
def incidents(pole_id: str, assembly_id: str) -> Page:
    """The secretary records a technical incident of the video or telephone link: the minutes state it."""
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    if request.method == "GET":
        return _incidents_page(pole_id, a)
    form = IncidentForm()
    if not form.validate_on_submit():
        return _incidents_page(pole_id, a, form, status=422)
    ended = form.ended_at.utc() if form.ended_at.data else None
    refusal = attempt(lambda: app().record_incident(a.id, started_at=form.started_at.utc(), ended_at=ended,
                                                    description=form.description.data, actor=actor()))[1]
    if refusal is not None:
        return _incidents_page(pole_id, app().get_assembly(assembly_id), form, refusal, refusal_status(refusal.error))
    flash(_("The incident is recorded: the minutes will state it."), "success")
    return redirect(url_for(".assembly", pole_id=pole_id, assembly_id=assembly_id) + "#incidents-title")
