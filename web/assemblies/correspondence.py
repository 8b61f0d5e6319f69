"""Voting by correspondence before a general assembly, and members' consent to e-mail convocation (issue 20).

The law (docs/convocation-law.md holds each text): Code de commerce L225-107 I (every member may vote by
correspondence; a form giving no vote, or an abstention, is not a vote cast), R225-76 (one line per resolution in
the order of the agenda, for / against / abstention, and the warning, very visible), R225-77 (online forms until
the eve of the meeting at 15:00 Paris time; paper forms received at the latest `paper_form_days` before it),
L225-106 (a proxy sent without naming a holder: the chair votes for the resolutions the board presents), R225-85 III
(one way to take part unless the statutes allow another), R225-63 (consent to e-mail convocation).

Member side, for the members the signed-in person represents (`web.edge.represented`, as a proxy is given):
- `GET  …/assemblies/<a>/correspondence`: one section per member of the electorate the person represents: the form,
  or once received « Formulaire reçu le … » with its public choices; a secret resolution's choice is never shown
  (« vote secret : enregistré »), nor put in a flash message or a log line.
- `POST` same path: first the same form with the choices made and a box asking to confirm (sending is final,
  R225-85 III); with `confirm=yes`, `Collegia.record_correspondence_form(…, channel="online")`.

Secretary side:
- `GET  …/assemblies/<a>/correspondence/forms`: the electorate, who has a form (received on, online or paper,
  counted or set aside); no choice is shown.
- `GET|POST …/assemblies/<a>/correspondence/paper`: record a paper form with its day of receipt (same confirmation).
- `GET|POST /poles/<pole>/convocation-consents`: every admitted member's convocation channel and the history of its
  consents; record a signed paper consent to e-mail, or a return to post, with the form's date.

A refused command re-shows its form with the rule named (409 or 422 by its kind, `web.edge.refusal_status`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField
from wtforms.validators import InputRequired, ValidationError

from governance import clock
from governance.assembly import CHAIR, CONVENED, LIVE_FORM, ONLINE, PAPER, VOTES, Assembly
from governance.convocation import GIVEN
from web.assemblies.pages import BASE, Page, bp, names
from web.dates import PARIS, plausible
from web.edge import (MEMBER, SECRETARY, Refusal, actor, app, assembly_of_pole, attempt, is_secretary, queries,
                      refusal_status, represented, require_pole_role, secretary_pole)
from web.forms import ConfirmForm
from web.formatting import date_long
from web.labels import CHOICE_OPTIONS, KIND_OPTIONS, options

# What the form sends for each choice: codes of one length, as the ballot form does (web/votes/pages.py), so that
# the size of the request does not tell a secret choice. Full words are accepted too; nothing chosen: abstention.
WIRE = {"for": "for", "agt": "against", "abs": "abstain"}
CODES = {choice: code for code, choice in WIRE.items()}
CHANNEL_WORDS = {ONLINE: _l("online"), PAPER: _l("on paper")}
STATUS_WORDS = {LIVE_FORM: _l("counted"), "set_aside": _l("set aside: the member took part another way")}
WAY_WORDS = {VOTES: _l("a vote on each resolution"), CHAIR: _l("a proxy to the chair of the assembly")}
SECRET_RECORDED = _l("secret ballot: recorded")
# R225-76 al. 2 as amended by décret n° 2019-1486 (wording reconstructed, docs/convocation-law.md), and the verified
# text of L225-107 I al. 2, quoted beside it.
WARNING = _l("Any abstention expressed in the form or resulting from the absence of an indication of vote will not be "
             "considered as a vote cast (Code de commerce, art. R225-76).")
L225_107 = "« Les formulaires ne donnant aucun sens de vote ou exprimant une abstention ne sont pas considérés comme " \
           "des votes exprimés. » (Code de commerce, art. L. 225-107, I, al. 2)"


def paris_today() -> date:
    return clock.now().astimezone(PARIS).date()


def plausible_date(form: FlaskForm, field: DateField) -> None:
    if field.data is not None and not plausible(field.data):
        raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=2000, last=2100))


class PaperForm(FlaskForm):
    """A paper correspondence form the secretary records: whose, the day it was received, and what it says."""

    member = SelectField(_l("Member who signed the form"), validate_choice=False)
    received_on = DateField(_l("Day the form was received"),
                            validators=[InputRequired(_l("Give the day the form was received.")), plausible_date])
    way = RadioField(_l("The form gives"), choices=options(WAY_WORDS), default=VOTES)


class ConsentForm(FlaskForm):
    """A signed paper form about the convocation by e-mail (R225-63): an agreement, or a return to post."""

    member = SelectField(_l("Member"), validate_choice=False)
    entry = RadioField(_l("The form says"), default=GIVEN, choices=options({
        GIVEN: _l("The member agrees to be convened to general assemblies by e-mail"),
        "withdrawn": _l("The member asks to be convened by post again")}))
    on = DateField(_l("Date of the signed form"),
                   validators=[InputRequired(_l("Give the date of the signed form.")), plausible_date])


# -- what a page shows ----------------------------------------------------------------------------------------
def resolutions(a: Assembly) -> list[dict[str, Any]]:
    """The agenda in its order (R225-76): number, id, title, text, kind, whether the vote is secret."""
    rows = []
    for number, pid in enumerate(a.agenda, 1):
        p = queries().proposal(pid) or {}
        rows.append({"number": number, "id": pid, "title": p.get("title", pid), "text": p.get("text", ""),
                     "kind": p.get("kind", ""), "secret": bool(p.get("secret"))})
    return rows


def receipt(a: Assembly, member: str, agenda: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A member's form as its page shows it: never a secret resolution's choice."""
    form = a.forms.get(member)
    if form is None:
        return None
    lines = []
    if form["way"] == VOTES:
        for r in agenda:
            if r["secret"] or r["id"] in form["sealed"]:
                lines.append((r, str(SECRET_RECORDED)))
            else:
                choice = form["choices"].get(r["id"], "abstain")
                lines.append((r, str(CHOICE_OPTIONS.get(choice, choice))))
    return {"received_on": date.fromisoformat(form["received_on"]), "channel": form["channel"],
            "status": form["status"], "way": form["way"], "lines": lines}


def why_closed(a: Assembly, *, channel: str = ONLINE) -> str | None:
    """Why no form can be sent now (the domain refuses it again), or None."""
    if not a.statutes.correspondence_voting:
        return _("The statutes do not admit voting by correspondence.")
    if a.status != CONVENED:
        return _("The meeting has started: correspondence forms are no longer received (Code de commerce L225-107 I).")
    if a.convocation_sent is None:
        return _("The form will be available here once the convocation is sent (Code de commerce R225-75).")
    if channel == ONLINE and not a.statutes.online_forms:
        return _("The statutes do not provide for taking part by electronic means: send a signed paper form to the "
                 "registered office (Code de commerce R225-77).")
    if channel == ONLINE and clock.now() > a.form_deadline(ONLINE):
        return _("Forms filled in online were received until %(deadline)s (Code de commerce R225-77).",
                 deadline=online_deadline(a))
    return None


def online_deadline(a: Assembly) -> str:
    deadline = a.form_deadline(ONLINE)
    return _("%(day)s at %(time)s, Paris time", day=date_long(deadline.date()), time=f"{deadline:%H:%M}")


def member_state(a: Assembly, member: str, member_names: dict[str, str]) -> str | None:
    """Why this member cannot send a form now, from its own part in the assembly (R225-85 III), or None."""
    form = a.forms.get(member)
    change = a.statutes.participation_change_allowed
    if a.proxies_held_by(member):
        return _("This member holds the proxy of other members: it votes for them at the meeting, not by "
                 "correspondence.")
    if form is not None and form["status"] == LIVE_FORM and not change:
        return _("The form is received: this member can no longer take part another way, the statutes do not allow "
                 "it (Code de commerce R225-85 III).")
    proxy = a.proxies.get(member)
    if proxy and proxy["status"] == "active" and not change:
        return _("This member gave its proxy to %(holder)s: it can no longer take part another way, the statutes do "
                 "not allow it (Code de commerce R225-85 III).", holder=member_names.get(proxy["holder"], ""))
    if a.attendance.get(member) in ("present", "remote"):
        return _("This member takes part in the meeting itself.")
    return None


def posted_choices(agenda: list[dict[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """The choices posted (`choice-<proposal id>`: a wire code or a full word; nothing: no indication) and the
    titles of the resolutions whose value was not a choice."""
    chosen, wrong = {}, []
    for r in agenda:
        value = request.form.get(f"choice-{r['id']}", "")
        if value in ("", None):
            continue
        choice = WIRE.get(value, value)
        if choice not in CODES:
            wrong.append(r["title"])
        else:
            chosen[r["id"]] = choice
    return chosen, wrong


def form_page(pole_id: str, a: Assembly, *, pending: dict[str, Any] | None = None, refusal: str | None = None,
              status: int = 200) -> Page:
    """The member's page: a section per member represented in the electorate. `pending`: the form just filled in,
    to confirm or to correct (`member`, `way`, `choices`)."""
    member_names = names(pole_id)
    agenda = resolutions(a)
    mine = [m for m in represented(pole_id) if m in a.electorate]
    sections = [{"member": m, "name": member_names.get(m, m), "receipt": receipt(a, m, agenda),
                 "blocked": member_state(a, m, member_names)} for m in mine]
    html = render_template(
        "correspondence/form.html", pole=queries().pole(pole_id), a=a, agenda=agenda, sections=sections,
        closed=why_closed(a), deadline=online_deadline(a), paper_deadline=a.form_deadline(PAPER),
        pending=pending, refusal=refusal, codes=CODES, choice_options=CHOICE_OPTIONS, kind_options=KIND_OPTIONS,
        warning=WARNING, quote=L225_107, confirm=ConfirmForm(formdata=None), channel_words=CHANNEL_WORDS,
        status_words=STATUS_WORDS, secretary=is_secretary(pole_id))
    # The confirmation step shows the member's own choices again, secret ones included: never kept in a cache
    # (a shared computer's browser, a proxy) where someone else could read them.
    return html, status, {"Cache-Control": "private, no-store"}


# -- the member's form, online --------------------------------------------------------------------------------
@bp.get(f"{BASE}/<assembly_id>/correspondence")
@login_required
def correspondence_form(pole_id: str, assembly_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    return form_page(pole_id, assembly_of_pole(pole_id, assembly_id))


@bp.post(f"{BASE}/<assembly_id>/correspondence")
@login_required
def send_correspondence_form(pole_id: str, assembly_id: str) -> Page:
    """The member's form: shown again to confirm, then recorded (`confirm=yes`). Only the representative of the
    member sends it (403 otherwise); the domain checks every rule again."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    a = assembly_of_pole(pole_id, assembly_id)
    member = request.form.get("member", "")
    mine = represented(pole_id)
    if member not in mine:
        abort(403, description="You do not represent this member.")
    way = request.form.get("way", VOTES)
    way = way if way in (VOTES, CHAIR) else VOTES
    agenda = resolutions(a)
    chosen, wrong = posted_choices(agenda) if way == VOTES else ({}, [])
    pending = {"member": member, "way": way, "choices": chosen}
    if not ConfirmForm().validate_on_submit():
        return form_page(pole_id, a, pending=pending, status=422,
                         refusal=_("The form was incomplete or has expired: please try again."))
    if wrong:
        return form_page(pole_id, a, pending=pending, status=422,
                         refusal=_("Choose for, against or abstention on: %(titles)s.", titles=", ".join(wrong)))
    if request.form.get("confirm") != "yes":
        return form_page(pole_id, a, pending={**pending, "confirming": True})
    _done, refusal = attempt(lambda: app().record_correspondence_form(
        a.id, member, way=way, choices=chosen, channel=ONLINE, represented=mine, actor=actor()))
    if refusal is not None:
        return form_page(pole_id, app().get_assembly(assembly_id), pending=pending, refusal=refusal,
                         status=refusal_status(refusal.error))
    flash(_("Your correspondence form is received for %(name)s.", name=names(pole_id).get(member, "")), "success")
    return redirect(url_for(".correspondence_form", pole_id=pole_id, assembly_id=assembly_id) + f"#form-{member}")


# -- the secretary: the forms received, a paper form ---------------------------------------------------------
@bp.get(f"{BASE}/<assembly_id>/correspondence/forms")
@login_required
def correspondence_forms(pole_id: str, assembly_id: str) -> Page:
    pole = secretary_pole(pole_id)
    a = assembly_of_pole(pole_id, assembly_id)
    member_names = names(pole_id)
    electors = sorted(a.electorate, key=lambda m: member_names.get(m, m).lower())
    rows = [{"member": m, "name": member_names.get(m, m), "form": a.forms.get(m)} for m in electors]
    return render_template(
        "correspondence/forms.html", pole=pole, a=a, rows=rows, counted=len(a.live_forms()),
        deadline=online_deadline(a), paper_deadline=a.form_deadline(PAPER), closed=why_closed(a, channel=PAPER),
        channel_words=CHANNEL_WORDS, status_words=STATUS_WORDS, way_words=WAY_WORDS, date_of=date.fromisoformat)


@bp.route(f"{BASE}/<assembly_id>/correspondence/paper", methods=["GET", "POST"])
@login_required
def paper_correspondence_form(pole_id: str, assembly_id: str) -> Page:
    """The secretary records a signed paper form with its day of receipt (R225-77: counted when received on or
    before the cut-off); confirmed first, like the member's own."""
    pole = secretary_pole(pole_id)
    a = assembly_of_pole(pole_id, assembly_id)
    member_names = names(pole_id)
    electors = sorted(a.electorate, key=lambda m: member_names.get(m, m).lower())
    form = PaperForm() if request.method == "POST" else PaperForm(formdata=None, received_on=paris_today())
    form.member.choices = options([("", _("— choose a member —")), *((m, member_names.get(m, m)) for m in electors)])
    agenda = resolutions(a)
    chosen, wrong = posted_choices(agenda) if request.method == "POST" and form.way.data == VOTES else ({}, [])
    refusal: str | None = None
    status, confirming = 200, False
    if request.method == "POST":
        if not form.validate_on_submit() or form.member.data not in a.electorate:
            if form.member.data not in a.electorate:
                form.member.errors = [*form.member.errors, _("Choose the member who signed the form.")]
            if form.csrf_token.errors:
                refusal = _("The form was incomplete or has expired: please try again.")
            status = 422
        elif wrong:
            refusal, status = _("Choose for, against or abstention on: %(titles)s.", titles=", ".join(wrong)), 422
        elif request.form.get("confirm") != "yes":
            confirming = True
        else:
            _done, refused = attempt(lambda: app().record_correspondence_form(
                a.id, form.member.data, way=form.way.data, choices=chosen, channel=PAPER,
                received_on=form.received_on.data, actor=actor()))
            if refused is None:
                flash(_("Paper form recorded for %(name)s.", name=member_names.get(form.member.data, "")), "success")
                return redirect(url_for(".correspondence_forms", pole_id=pole_id, assembly_id=assembly_id))
            refusal, status = refused, refusal_status(refused.error)
            a = app().get_assembly(assembly_id)
    return render_template(
        "correspondence/paper.html", pole=pole, a=a, form=form, agenda=agenda, chosen=chosen, refusal=refusal,
        confirming=confirming, codes=CODES, choice_options=CHOICE_OPTIONS, kind_options=KIND_OPTIONS,
        warning=WARNING, paper_deadline=a.form_deadline(PAPER), closed=why_closed(a, channel=PAPER),
        member_name=member_names.get(form.member.data or "", "")), status


# -- consent to e-mail convocation (R225-63): the secretary records signed paper forms --------------------------
def consent_state(history: list[dict[str, Any]]) -> dict[str, Any]:
    """A member's convocation channel from its consents, as pages say it: e-mail since an agreement, or post (never
    agreed, or a return to post asked on a day)."""
    last = history[-1] if history else None
    return {"email": bool(last) and last["entry"] == GIVEN, "on": date.fromisoformat(last["on"]) if last else None,
            "channel": last["channel"] if last else None, "entry": last["entry"] if last else None}


@bp.route("/poles/<pole_id>/convocation-consents", methods=["GET", "POST"])
@login_required
def convocation_consents(pole_id: str) -> Page:
    pole = secretary_pole(pole_id)
    aggregate = app().get_pole(pole_id)
    member_names = names(pole_id)
    admitted = sorted((m for m in aggregate.members if aggregate.is_admitted(m)),
                      key=lambda m: member_names.get(m, m).lower())
    form = ConsentForm() if request.method == "POST" else ConsentForm(
        formdata=None, member=request.args.get("member", ""), on=paris_today())
    form.member.choices = options([("", _("— choose a member —")), *((m, member_names.get(m, m)) for m in admitted)])
    refusal: Refusal | str | None = None
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit() or form.member.data not in admitted:
            if form.member.data not in admitted:
                form.member.errors = [*form.member.errors, _("Choose an admitted member.")]
            if form.csrf_token.errors:
                refusal = _("The form was incomplete or has expired: please try again.")
            status = 422
        else:
            given = form.entry.data == GIVEN
            member = form.member.data
            _done, refusal = attempt(lambda: (
                app().give_convocation_consent(pole_id, member, channel=PAPER, given_on=form.on.data, actor=actor())
                if given else
                app().withdraw_convocation_consent(pole_id, member, channel=PAPER, asked_on=form.on.data,
                                                   actor=actor())))
            if refusal is None:
                flash(_("%(name)s: agreement to e-mail convocation recorded, dated %(date)s.", name=member_names.get(
                    member, ""), date=date_long(form.on.data)) if given else
                      _("%(name)s: return to post recorded, dated %(date)s.", name=member_names.get(member, ""),
                        date=date_long(form.on.data)), "success")
                return redirect(url_for(".convocation_consents", pole_id=pole_id, member=member))
            status = refusal_status(refusal.error)
    shown = request.args.get("member") or form.member.data
    rows = [{"member": m, "name": member_names.get(m, m), "state": consent_state(aggregate.consent_history(m))}
            for m in admitted]
    return render_template(
        "correspondence/consents.html", pole=pole, form=form, rows=rows, refusal=refusal,
        statutes=aggregate.statutes, channel_words=CHANNEL_WORDS,
        history=aggregate.consent_history(shown) if shown in admitted else None,
        shown_name=member_names.get(shown or "", ""), date_of=date.fromisoformat), status
