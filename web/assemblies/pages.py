"""General assemblies: convene (secretary), attendance and proxies, the session, room ballots."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from governance import clock
from governance.assembly import (ATTENDANCE_MODES, IN_SESSION, PENDING, VOTING, Assembly, earliest_meeting_day,
                                 paris_day)
from governance.errors import DomainError, ProxyRuleBroken
from governance.statutes import CONVOCATIONS
from governance.tally import CHOICES
from web.edge import (MEMBER, SECRETARY, actor, app, assembly_of_pole, attempt, is_secretary, queries,
                      require_pole_role)
from web.dates import PARIS, ParisDateTimeField
from web.forms import ConfirmForm
from web.labels import (ASSEMBLY_KIND_OPTIONS, ASSEMBLY_MODE_OPTIONS, ASSEMBLY_STATUS_OPTIONS, ATTENDANCE_OPTIONS,
                        CHOICE_OPTIONS, CONVOCATION_OPTIONS, KIND_OPTIONS, KIND_WORDS, OUTCOME_OPTIONS,
                        RESOLUTION_STATE_OPTIONS, STATUS_OPTIONS, options)

bp = Blueprint("assemblies", __name__, template_folder="templates")
BASE = "/poles/<pole_id>/assemblies"
Page = str | tuple[str, int] | Response


class ConveneForm(FlaskForm):
    kind = RadioField(_l("Kind of assembly"), choices=options(ASSEMBLY_KIND_OPTIONS), default="ordinary")
    held_at = ParisDateTimeField(_l("Date and time (Paris time)"), validators=[DataRequired()])
    mode = SelectField(_l("How members take part"), choices=options(ASSEMBLY_MODE_OPTIONS), default="hybrid")
    place = StringField(_l("Place (or video-conference link)"), validators=[Optional(), Length(max=200)])
    convocation = RadioField(_l("Convocation"), choices=options(CONVOCATION_OPTIONS), default="first")
    agenda = SelectMultipleField(_l("Agenda: the draft resolutions put to the assembly's vote"),
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                 validate_choice=False)


class AttendanceForm(FlaskForm):
    member = SelectField(_l("Member"), validate_choice=False)
    mode = RadioField(_l("Takes part"), validate_choice=False,
                      choices=options({k: v for k, v in ATTENDANCE_OPTIONS.items() if k in ATTENDANCE_MODES}))


class ProxyForm(FlaskForm):
    principal = SelectField(_l("Member giving its proxy"), validate_choice=False)
    holder = SelectField(_l("Member holding the proxy"), validate_choice=False)


class PrincipalForm(FlaskForm):
    principal = SelectField(_l("Member"), validate_choice=False)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"assembly_kind_options": ASSEMBLY_KIND_OPTIONS, "assembly_mode_options": ASSEMBLY_MODE_OPTIONS,
            "assembly_status_options": ASSEMBLY_STATUS_OPTIONS, "attendance_options": ATTENDANCE_OPTIONS,
            "convocation_options": CONVOCATION_OPTIONS, "kind_options": KIND_OPTIONS,
            "outcome_options": OUTCOME_OPTIONS, "status_options": STATUS_OPTIONS,
            "resolution_state_options": RESOLUTION_STATE_OPTIONS, "choice_options": CHOICE_OPTIONS}


def names(pole_id: str) -> dict[str, str]:
    """Member id → 'Name (representative)' for every member of the pole."""
    result = {}
    for m in queries().members(pole_id):
        rep = m["representative"]
        result[m["id"]] = f"{m['name']} ({rep})" if rep and rep != m["name"] else m["name"]
    return result


# -- documents made available (R225-83, R225-89; uploaded and downloaded in convocation.py) ----------
# R225-89: the documents are made available to the members at least fifteen days before the meeting.
DOCUMENT_DAYS = 15


def size_words(size: int) -> str:
    if size < 1024:
        return ngettext("%(num)d byte", "%(num)d bytes", size)
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(size / 1024, format="#,##0.#"))
    return _("%(size)s MB", size=format_decimal(size / (1024 * 1024), format="#,##0.#"))


def document_rows(a: Assembly) -> list[dict[str, Any]]:
    """The assembly's documents, each with its size in words and whether it came late (R225-89)."""
    meeting = paris_day(a.held_at)
    return [{**document, "size_words": size_words(document["size"]),
             "late": (meeting - paris_day(document["made_available_at"])).days < DOCUMENT_DAYS}
            for document in a.documents]


# -- list and convocation --------------------------------------------------------------------
@bp.get(BASE)
@login_required
def index(pole_id: str) -> str:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    return render_template("assemblies/index.html", pole=queries().pole(pole_id),
                           assemblies=queries().assemblies(pole_id))


def _drafts(pole_id: str) -> list[dict[str, Any]]:
    return [p for p in queries().register(pole_id, status="draft", limit=500)
            if not p.get("assembly_id") and not p.get("amends")]  # an amendment joins its resolution's, once admitted


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def new(pole_id: str) -> Page:
    require_pole_role(pole_id, SECRETARY)
    pole = queries().pole(pole_id)
    drafts = _drafts(pole_id)
    form = ConveneForm()
    form.agenda.choices = [(p["id"], f"{p['title']} ({KIND_WORDS.get(p['kind'], p['kind'])})") for p in drafts]
    if request.method == "GET":
        form.held_at.data = (datetime.now(PARIS) + timedelta(days=21)).replace(
            hour=18, minute=0, second=0, microsecond=0, tzinfo=None)
    refusal = None
    if form.validate_on_submit():
        chosen = [p for p in form.agenda.data or [] if p in {d["id"] for d in drafts}]
        assembly_id, refusal = attempt(lambda: app().convene_assembly(
            pole_id, kind=form.kind.data, held_at=form.held_at.utc(), place=form.place.data or "",
            mode=form.mode.data, convocation=form.convocation.data, agenda=chosen, actor=actor()))
        if refusal is None:
            flash(_("The assembly is convened. Its electorate and rules are now frozen."), "success")
            return redirect(url_for(".assembly", pole_id=pole_id, assembly_id=assembly_id))
    status = 422 if request.method == "POST" else 200
    # Code de commerce R225-69: the earliest lawful day for each convocation if it is sent today (the statutes may
    # lengthen the 15 then 10 days); convening checks it again (governance.assembly.check_notice).
    statutes = app().get_pole(pole_id).statutes
    earliest = {conv: (earliest_meeting_day(statutes, conv, clock.now()), statutes.notice_days[conv])
                for conv in CONVOCATIONS}
    return render_template("assemblies/new.html", pole=pole, form=form, drafts=drafts, refusal=refusal,
                           earliest=earliest), status


# -- the assembly page -----------------------------------------------------------------------
@bp.get(f"{BASE}/<assembly_id>")
@login_required
def assembly(pole_id: str, assembly_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    return _page(pole_id, assembly_of_pole(pole_id, assembly_id))


def _page(pole_id: str, a: Assembly, refusal: str | None = None, status: int = 200, *,
          offer_without_proxy: bool = False, **forms: FlaskForm) -> Page:
    """The assembly page; `offer_without_proxy`: the refusal was a correction to absent that would bring a proxy
    back beyond the statutes, so the attendance form offers to record the absence without that proxy."""
    member_names = names(pole_id)
    electors = sorted(a.electorate, key=lambda m: member_names.get(m, m).lower())
    elector_choices = [(m, member_names.get(m, m)) for m in electors]
    attendance_form = forms.get("attendance_form") or AttendanceForm(prefix="att", formdata=None)
    attendance_form.member.choices = elector_choices
    proxy_form = forms.get("proxy_form") or ProxyForm(prefix="proxy", formdata=None)
    proxy_form.principal.choices = proxy_form.holder.choices = elector_choices
    mine = [m for m in current_user.members_in(pole_id) if m in a.electorate]
    my_proxy_form = forms.get("my_proxy_form") or ProxyForm(prefix="mine", formdata=None)
    my_proxy_form.principal.choices = [(m, member_names.get(m, m)) for m in mine]
    my_proxy_form.holder.choices = [c for c in elector_choices if c[0] not in mine]
    proposals = {p: queries().proposal(p) for p in a.agenda}
    kinds = sorted({p["kind"] for p in proposals.values() if p})
    numbering = agenda_numbers(a, proposals)
    return render_template(
        "assemblies/assembly.html", pole=queries().pole(pole_id), a=a, row=queries().assembly(str(a.id)),
        names=member_names, electors=electors, proposals=proposals, quorums=[a.quorum(k) for k in kinds],
        attending=a.attending(), represented=a.represented(), mine=mine, secretary=is_secretary(pole_id),
        college_names={c.code: c.name for c in a.statutes.colleges},
        attendance_form=attendance_form, proxy_form=proxy_form, my_proxy_form=my_proxy_form,
        confirm=ConfirmForm(formdata=None), refusal=refusal, offer_without_proxy=offer_without_proxy,
        numbering=numbering,
        documents=document_rows(a), document_days=DOCUMENT_DAYS), status


def agenda_numbers(a: Assembly, proposals: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each agenda item's number: resolutions numbered in order; an admitted amendment (issue 23), voted just before
    its resolution, is not a resolution of its own (L225-105 al. 3): « Amendement n° k à la résolution n° N »."""
    amended = getattr(a, "amendments", None) or {}
    numbers: dict[str, dict[str, Any]] = {}
    resolution = 0
    for pid in a.agenda:
        if pid not in amended:
            resolution += 1
            numbers[pid] = {"resolution": resolution}
    for pid, parent in amended.items():
        row = proposals.get(pid) or {}
        numbers[pid] = {"amendment": (row.get("amendment") or {}).get("number"), "parent": parent,
                        "parent_number": numbers.get(parent, {}).get("resolution"),
                        "parent_title": (proposals.get(parent) or {}).get("title", "")}
    return numbers


def _command(pole_id: str, assembly_id: str, run: Callable[[Assembly], Any], done: str,
             secretary_only: bool = True, offer: Callable[[DomainError], bool] | None = None,
             confirm: Callable[[Assembly], tuple[str, str] | None] | None = None, **forms: FlaskForm) -> Page:
    """Run one use case for the assembly; on refusal re-show the page with the rule and HTTP 422 (`offer`: whether
    that refusal lets the attendance form offer to record the absence without the proxy). An irreversible act
    (`confirm`: its heading and what becomes final, or None when the assembly's state already refuses it) first
    shows a confirmation page; only a POST carrying `confirm=yes` runs it."""
    require_pole_role(pole_id, SECRETARY) if secretary_only else require_pole_role(pole_id, MEMBER, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    if not all(f.validate_on_submit() for f in (list(forms.values()) or [ConfirmForm()])):
        return _page(pole_id, a, _("The form was incomplete or has expired: please try again."), 422, **forms)
    asked = confirm(a) if confirm and request.form.get("confirm") != "yes" else None
    if asked is not None:
        heading, message = asked
        return render_template("assemblies/confirm.html", pole=queries().pole(pole_id), a=a, heading=heading,
                               message=message, action=request.path, form=ConfirmForm(formdata=None),
                               cancel=url_for(".assembly", pole_id=pole_id, assembly_id=assembly_id))
    refusal = attempt(lambda: run(a))[1]
    if refusal is not None:
        return _page(pole_id, app().get_assembly(assembly_id), refusal, 422,
                     offer_without_proxy=bool(offer and offer(refusal.error)), **forms)
    flash(done, "success")
    return redirect(url_for(".assembly", pole_id=pole_id, assembly_id=assembly_id))


@bp.post(f"{BASE}/<assembly_id>/attendance")
@login_required
def attendance(pole_id: str, assembly_id: str) -> Page:
    """Record how a member takes part. A correction to absent brings back the proxy its presence set aside;
    when the statutes forbid that (cap per holder…) the refusal offers to record the absence without the proxy,
    a second button posting `restore_proxy=0` (the proxy is then revoked)."""
    form = AttendanceForm(prefix="att")
    form.member.choices = []
    mode = form.mode.data if form.mode.data in ATTENDANCE_MODES else ""
    restore = request.form.get("restore_proxy", "1") != "0"
    return _command(pole_id, assembly_id, lambda a: app().record_attendance(
        a.id, form.member.data, mode, actor=actor(), restore_proxy=restore),
        _("Attendance recorded.") if restore or mode != "absent" else
        _("Absence recorded, without bringing the member's proxy back."),
        offer=lambda error: mode == "absent" and restore and isinstance(error, ProxyRuleBroken),
        attendance_form=form)


@bp.route(f"{BASE}/<assembly_id>/attendance/sheet", methods=["GET", "POST"])
@login_required
def attendance_sheet(pole_id: str, assembly_id: str) -> Page:
    """The attendance of every elector in one submit: one status per member; each change runs the one use case
    (`record_attendance`), so every rule holds as for a single member. A refused row is shown at the top with
    its rule and keeps the status chosen, for the secretary to fix; the accepted rows are recorded."""
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    member_names = names(pole_id)
    electors = sorted(a.electorate, key=lambda m: member_names.get(m, m).lower())
    form = ConfirmForm(prefix="sheet")
    current = {m: a.attendance.get(m) or "absent" for m in electors}
    chosen = dict(current)
    refusals: list[tuple[str, str]] = []
    recorded = 0
    if request.method == "POST":
        if not form.validate_on_submit():
            refusals.append(("", _("The form was incomplete or has expired: please try again.")))
        else:
            for m in electors:
                # Only the rows the secretary changed from what the sheet showed are applied: a status recorded
                # meanwhile (a member joining remotely, another secretary) is never undone by a stale row.
                shown = request.form.get(f"was-{m}", current[m])
                mode = request.form.get(f"sheet-{m}", shown)
                if mode not in ATTENDANCE_MODES:
                    mode = shown
                chosen[m] = mode
                if mode == shown or mode == current[m]:
                    chosen[m] = current[m] if mode == shown else mode
                    continue
                if shown != current[m]:
                    chosen[m] = current[m]
                    refusals.append((m, _("%(name)s: recorded as %(now)s since this sheet was shown; nothing changed "
                                          "for this member, check the row and submit again.",
                                          name=member_names.get(m, m),
                                          now=ATTENDANCE_OPTIONS.get(current[m], current[m]))))
                    continue
                refusal = attempt(lambda m=m, mode=mode: app().record_attendance(a.id, m, mode, actor=actor()))[1]
                if refusal is None:
                    recorded += 1
                else:
                    refusals.append((m, str(refusal)))
            if not refusals:
                flash(ngettext("Attendance recorded for %(num)d member.", "Attendance recorded for %(num)d members.",
                               recorded), "success")
                return redirect(url_for(".assembly", pole_id=pole_id, assembly_id=assembly_id))
            a = app().get_assembly(assembly_id)
    shown = {m: a.attendance.get(m) or "absent" for m in electors}  # what this sheet shows, sent back as was-*
    return render_template("assemblies/attendance_sheet.html", pole=queries().pole(pole_id), a=a,
                           electors=electors, names=member_names, chosen=chosen, shown=shown, form=form,
                           refusals=refusals,
                           recorded=recorded, represented=a.represented(), modes=ATTENDANCE_MODES,
                           college_names={c.code: c.name for c in a.statutes.colleges}), (422 if refusals else 200)


@bp.post(f"{BASE}/<assembly_id>/remote")
@login_required
def join_remotely(pole_id: str, assembly_id: str) -> Page:
    """A member's representative joins the session remotely, for their organisation(s)."""
    def run(a: Assembly) -> None:
        mine = [m for m in current_user.members_in(pole_id) if m in a.electorate]
        if not mine:
            abort(403)
        for member_id in mine:
            app().record_attendance(a.id, member_id, "remote", actor=actor())
    return _command(pole_id, assembly_id, run, _("You take part remotely: you can vote on each resolution "
                                                 "put to the vote from now on."), secretary_only=False)


@bp.post(f"{BASE}/<assembly_id>/proxies")
@login_required
def give_proxy(pole_id: str, assembly_id: str) -> Page:
    """The secretary records a proxy received on paper, or a member gives its own."""
    own = request.form.get("own") == "1"
    form = ProxyForm(prefix="mine" if own else "proxy")
    form.principal.choices = form.holder.choices = []

    def run(a: Assembly) -> None:
        if own and form.principal.data not in current_user.members_in(pole_id):
            abort(403)
        app().give_assembly_proxy(a.id, form.principal.data, form.holder.data, actor=actor())
    return _command(pole_id, assembly_id, run, _("Proxy recorded for the whole assembly."),
                    secretary_only=not own, **{"my_proxy_form" if own else "proxy_form": form})


@bp.post(f"{BASE}/<assembly_id>/proxies/revoke")
@login_required
def revoke_proxy(pole_id: str, assembly_id: str) -> Page:
    principal = request.form.get("principal", "")
    own = principal in current_user.members_in(pole_id)
    return _command(pole_id, assembly_id, lambda a: app().revoke_assembly_proxy(a.id, principal, actor=actor()),
                    _("Proxy revoked."), secretary_only=not own)


@bp.post(f"{BASE}/<assembly_id>/open")
@login_required
def open_session(pole_id: str, assembly_id: str) -> Page:
    return _command(pole_id, assembly_id, lambda a: app().open_session(a.id, actor=actor()),
                    _("The session is open. Record attendance, then put each resolution to the vote."))


def _title(proposal_id: str) -> str:
    row = queries().proposal(proposal_id)
    return row["title"] if row else proposal_id


@bp.post(f"{BASE}/<assembly_id>/resolutions/<proposal_id>/vote")
@login_required
def put_to_vote(pole_id: str, assembly_id: str, proposal_id: str) -> Page:
    def confirm(a: Assembly) -> tuple[str, str] | None:
        if a.status != IN_SESSION or a.resolutions.get(proposal_id) != PENDING:
            return None  # the assembly refuses it: the command runs and shows the rule
        return (_("Put to the vote"),
                _("Put « %(title)s » to the vote? The attendance and the proxies of this moment are frozen for this "
                  "resolution: a member arriving later will not vote on it. This cannot be undone.",
                  title=_title(proposal_id)))
    return _command(pole_id, assembly_id, lambda a: app().put_to_vote(a.id, proposal_id, actor=actor()),
                    _("The quorum is reached: the resolution is put to the vote."), confirm=confirm)


@bp.post(f"{BASE}/<assembly_id>/resolutions/<proposal_id>/close")
@login_required
def close_resolution(pole_id: str, assembly_id: str, proposal_id: str) -> Page:
    def run(a: Assembly) -> None:
        if proposal_id not in a.resolutions:
            abort(404)
        app().close_voting(proposal_id, actor=actor())

    def confirm(a: Assembly) -> tuple[str, str] | None:
        if a.resolutions.get(proposal_id) != VOTING:
            return None
        return (_("Close the vote now"),
                _("Close the vote now? Ballots can no longer be cast or changed; the result will be computed and "
                  "recorded, and the effect applied if the proposal is adopted. This cannot be undone."))
    return _command(pole_id, assembly_id, run, _("The vote is closed and its result recorded."), confirm=confirm)


@bp.post(f"{BASE}/<assembly_id>/close")
@login_required
def close_session(pole_id: str, assembly_id: str) -> Page:
    def confirm(a: Assembly) -> tuple[str, str] | None:
        if a.status != IN_SESSION or VOTING in a.resolutions.values():
            return None  # refused (a resolution is being voted): the command runs and shows the rule
        return (_("Close the session"),
                _("Close the session? No resolution can be put to the vote any more, attendance and proxies become "
                  "final, and the minutes can be signed. This cannot be undone."))
    return _command(pole_id, assembly_id, lambda a: app().close_session(a.id, actor=actor()),
                    _("The session is closed. The minutes can now be signed."), confirm=confirm)


# -- ballots cast in the room --------------------------------------------------------------
@bp.route(f"{BASE}/<assembly_id>/resolutions/<proposal_id>/ballots", methods=["GET", "POST"])
@login_required
def room_ballots(pole_id: str, assembly_id: str, proposal_id: str) -> Page:
    require_pole_role(pole_id, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    if proposal_id not in a.resolutions:
        abort(404)
    proposal = app().get_proposal(proposal_id)
    member_names = names(pole_id)
    # A member whose correspondence form counts voted by it when the resolution was put to the vote
    # (governance/application.py `_cast_forms`): not a row to record, only a line saying so.
    by_form = [m for m in proposal.attendees or [] if m in a.live_forms()]
    rows = sorted((m for m in proposal.attendees or [] if m not in by_form),
                  key=lambda m: member_names.get(m, m).lower())
    form = ConfirmForm()
    refusal = None
    chosen = {m: request.form.get(f"ballot-{m}", "") for m in rows} if request.method == "POST" else {}
    if request.method == "POST":
        ballots = {m: c for m, c in chosen.items() if c in CHOICES}
        if not form.validate_on_submit():
            refusal = _("The form was incomplete or has expired: please try again.")
        elif not ballots:
            refusal = _("Choose for, against or abstain for at least one member.")
        else:
            count, refusal = attempt(lambda: app().record_room_ballots(proposal_id, ballots, actor=actor()))
            if refusal is None:
                flash(_("%(count)s ballots recorded.", count=count), "success")
                return redirect(url_for(".assembly", pole_id=pole_id, assembly_id=assembly_id))
    modes = a.attending()
    return render_template("assemblies/ballots.html", pole=queries().pole(pole_id), a=a, proposal=proposal,
                           rows=rows, names=member_names, modes=modes, represented=proposal.proxies,
                           by_form=sorted(member_names.get(m, m) for m in by_form),
                           chosen=chosen, form=form, refusal=refusal), (422 if refusal else 200)
