"""The board secretary's area: draft, open, close and withdraw proposals; decide on members and colleges."""

from __future__ import annotations

import math
from dataclasses import dataclass, field as dc_field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any, Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (BooleanField, DateTimeLocalField, FieldList, Form, FormField, IntegerField, RadioField,
                     SelectChoice, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from governance.errors import DomainError
from governance.pole import MEMBER_KINDS
from governance.proposal import Proposal
from web.charts import Bar, bar_chart
from web.context import SECRETARY, actor, app, domain_message, pole_or_404, queries, require_pole_role

bp = Blueprint("secretary", __name__)

PARIS = ZoneInfo("Europe/Paris")
COLLEGE_ROWS = 10  # a SCIC has at most 10 colleges (each ≥ 10 %)
BASE = "/poles/<pole_id>/manage"

KIND_LABELS = {"ordinary": _l("Ordinary resolution"), "extraordinary": _l("Extraordinary resolution")}
CONVOCATION_LABELS = {"first": _l("First convocation"), "second": _l("Second convocation")}
EFFECT_LABELS = {"none": _l("None: a decision without automatic effect"), "admit_member": _l("Admit a member"),
                 "exclude_member": _l("Exclude a member"), "amend_statutes": _l("Amend the statutes"),
                 "revise_strategy": _l("Revise the shared strategy")}
MEMBER_KIND_LABELS = {
    "ess_enterprise": _l("Social-economy enterprise"),
    "company": _l("Company"), "local_authority": _l("Local authority"), "research": _l("Research centre"),
    "higher_education": _l("Higher-education body"), "training": _l("Training body"),
    "person": _l("Natural person"), "other": _l("Other")}
EMPTY_RULE_LABELS = {
    "proportional": _l("Proportional: its share goes to the colleges that voted, in proportion to their shares"),
    "equal": _l("Equal: its share is split equally between the colleges that voted"),
    "not_for": _l("Not in favour: its share counts as not in favour"),
    "merge_into": _l("Merge: its share goes to the college named below")}
BODY_LABELS = {"board": _l("The board"), "assembly": _l("The assembly (by a vote)")}
STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Voting open"), "closed": _l("Closed"),
                 "withdrawn": _l("Withdrawn"), "requested": _l("Request pending"), "admitted": _l("Member"),
                 "refused": _l("Request refused"), "excluded": _l("Excluded")}
OUTCOME_LABELS = {"adopted": _l("Adopted"), "rejected": _l("Rejected"), "no_quorum": _l("No quorum")}
CATEGORY_SUGGESTIONS = ("employee", "producer", "beneficiary", "public_body", "supporter", "partner")


def options(labels: dict[str, Any] | list[tuple[str, Any]]) -> list[SelectChoice]:
    """Select or radio options from (value, label) pairs."""
    pairs = labels.items() if isinstance(labels, dict) else labels
    return [SelectChoice(value, label) for value, label in pairs]


# -- forms ------------------------------------------------------------------------------
class CollegeRow(Form):
    """One college of a statutes amendment; a fully blank row is ignored."""

    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    share = StringField(_l("Share"), validators=[Optional(), Length(max=40)])

    def is_blank(self) -> bool:
        return not any((f.data or "").strip() for f in (self.code, self.name, self.share))


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the resolution"), validators=[DataRequired(), Length(max=100_000)])
    kind = RadioField(_l("Kind of resolution"), choices=options(KIND_LABELS), default="ordinary")
    secret = BooleanField(_l("Secret ballot: record who voted, never how"))
    effect_type = RadioField(_l("What happens once it is adopted"), choices=options(EFFECT_LABELS),
                             default="none")
    admit_member = SelectField(_l("Member to admit"), choices=[], validate_choice=False)
    exclude_member = SelectField(_l("Member to exclude"), choices=[], validate_choice=False)
    exclusion_reasons = TextAreaField(_l("Reasons for the exclusion"), validators=[Length(max=5000)])
    strategy_text = TextAreaField(_l("New text of the shared strategy"), validators=[Length(max=100_000)])
    colleges = FieldList(FormField(CollegeRow), min_entries=COLLEGE_ROWS)
    empty_college_rule = SelectField(_l("When a college casts no vote"), choices=options(EMPTY_RULE_LABELS))
    merge_into = StringField(_l("College receiving the share (its code), for the merge rule"),
                             validators=[Optional(), Length(max=40)])
    max_proxies = IntegerField(_l("Proxies one member may hold"), validators=[Optional(), NumberRange(min=0)])
    proxy_same_college = BooleanField(_l("A proxy holder must be in the principal's college"))
    admission_by = SelectField(_l("Who admits new members"), choices=options(BODY_LABELS))
    exclusion_by = SelectField(_l("Who excludes members"), choices=options(BODY_LABELS))

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then what the chosen effect needs."""
        valid = super().validate(extra_validators)
        required: dict[str, list[tuple[Any, str]]] = {
            "admit_member": [(self.admit_member, _("Choose the member to admit."))],
            "exclude_member": [(self.exclude_member, _("Choose the member to exclude.")),
                               (self.exclusion_reasons, _("State the reasons for the exclusion."))],
            "revise_strategy": [(self.strategy_text, _("Write the new text of the shared strategy."))],
        }
        for f, message in required.get(self.effect_type.data, []):
            offered = {c.value for c in f.choices} if isinstance(f, SelectField) else None
            if not (f.data or "").strip() or (offered is not None and f.data not in offered):
                f.errors.append(message)
                valid = False
        if self.effect_type.data == "amend_statutes":
            valid &= self._validate_colleges()
        return valid

    def _validate_colleges(self) -> bool:
        valid = True
        rows = [row.form for row in self.colleges]
        for row in rows:
            if not row.is_blank() and not all((f.data or "").strip() for f in (row.code, row.name)):
                row.code.errors.append(_("Give this college a code and a name, or clear the whole row."))
                valid = False
        if not valid:
            self.colleges.errors.append(_("Complete or clear the highlighted college rows."))
        if all(row.is_blank() for row in rows):
            self.colleges.errors.append(_("The statutes need at least one college."))
            valid = False
        if self.empty_college_rule.data == "merge_into" and not (self.merge_into.data or "").strip():
            self.merge_into.errors.append(_("Name the college that receives the share of a silent college."))
            valid = False
        return valid


class OpenVotingForm(FlaskForm):
    closes_at = DateTimeLocalField(_l("Voting closes on (Paris time)"), validators=[DataRequired()],
                                   format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
    convocation = RadioField(_l("Convocation"), choices=options(CONVOCATION_LABELS), default="first")


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=1000)])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""


class RequestForm(FlaskForm):
    name = StringField(_l("Name of the applicant"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of member"), choices=options([(k, MEMBER_KIND_LABELS[k]) for k in MEMBER_KINDS]))
    category = StringField(_l("Category of associate"), validators=[DataRequired(), Length(max=60)],
                           render_kw={"list": "categories"})
    representative = StringField(_l("Representative (a named person, for a legal entity)"),
                                 validators=[Optional(), Length(max=200)])


class AdmitForm(FlaskForm):
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])


class RefuseForm(FlaskForm):
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])
    reasons = TextAreaField(_l("Reasons for the refusal"), validators=[DataRequired(), Length(max=5000)])


class AssignForm(FlaskForm):
    college = SelectField(_l("College"), choices=[])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class ExcludeForm(FlaskForm):
    reasons = TextAreaField(_l("Reasons for the exclusion"), validators=[DataRequired(), Length(max=5000)])
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])


MEMBER_ACTIONS: dict[str, type[FlaskForm]] = {"admit": AdmitForm, "refuse": RefuseForm, "assign": AssignForm,
                                              "withdraw": ReasonForm, "exclude": ExcludeForm}


# -- helpers ----------------------------------------------------------------------------
def share_text(value: Any) -> str:
    """A stored share ('3/10') as the secretary would type it: '30%', or '1/3' when not decimal."""
    if value in (None, ""):
        return ""
    percent = Fraction(str(value)) * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return str(Fraction(str(value)))
    text = format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def paris_to_utc(local: datetime) -> datetime:
    """A `datetime-local` value is the secretary's wall-clock time in Paris."""
    return local.replace(tzinfo=PARIS).astimezone(UTC)


def default_closing_time() -> datetime:
    """A week from now, at 18:00 Paris time."""
    return (datetime.now(PARIS) + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0,
                                                                 tzinfo=None)


def proposal_of_pole(pole_id: str, proposal_id: str) -> dict[str, Any]:
    p = queries().proposal(proposal_id)
    if p is None or p["pole_id"] != str(pole_id):
        abort(404)
    return p


def member_of_pole(pole_id: str, member_id: str) -> dict[str, Any]:
    m = queries().member(member_id)
    if m is None or m["pole_id"] != str(pole_id):
        abort(404)
    return m


def current_statutes(pole_id: str) -> dict[str, Any]:
    version = queries().statutes_as_of(pole_id)
    return dict(version["statutes"]) if version else {"model": "scic", "colleges": []}


def secretary_context(pole_id: str) -> dict[str, Any]:
    """The pole row, checked for the secretary role."""
    require_pole_role(pole_id, SECRETARY)
    return pole_or_404(pole_id)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "effect_labels": EFFECT_LABELS, "status_labels": STATUS_LABELS,
            "outcome_labels": OUTCOME_LABELS, "member_kind_labels": MEMBER_KIND_LABELS,
            "convocation_labels": CONVOCATION_LABELS, "body_labels": BODY_LABELS}


# -- proposals --------------------------------------------------------------------------
@bp.get(f"{BASE}/proposals")
@login_required
def proposals(pole_id: str) -> str:
    pole = secretary_context(pole_id)
    groups = [(status, queries().register(pole_id, status=status, limit=500))
              for status in ("draft", "open", "closed", "withdrawn")]
    return render_template("secretary/proposals.html", pole=pole, groups=groups,
                           close_form=ConfirmForm(prefix="close", formdata=None))


@bp.get(f"{BASE}/proposals/<proposal_id>")
@login_required
def proposal(pole_id: str, proposal_id: str) -> str:
    return _proposal_page(secretary_context(pole_id), proposal_of_pole(pole_id, proposal_id))


def _proposal_page(pole: dict[str, Any], p: dict[str, Any], refusal: str | None = None, status: int = 200,
                   **forms: FlaskForm) -> Any:
    aggregate = app().get_proposal(p["id"])
    return render_template("secretary/proposal.html", pole=pole, p=p, proposal=aggregate, refusal=refusal,
                           effect=describe_effect(p["effect"]), **forms), status


class ProposalEditor:
    """What the proposal form offers: members to admit or exclude, the statutes and strategy in force."""

    def __init__(self, pole_id: str, p: dict[str, Any] | None = None) -> None:
        self.pole_id, self.p = pole_id, p
        effect = (p or {}).get("effect") or {}
        self.statutes = dict(effect["statutes"]) if effect.get("type") == "amend_statutes" \
            else current_statutes(pole_id)
        strategies = queries().strategy_versions(pole_id)
        self.strategy = strategies[-1]["text"] if strategies else ""
        members = queries().members(pole_id)
        self.requested = [m for m in members if m["status"] == "requested"]
        self.admitted = [m for m in members if m["status"] == "admitted"]
        self.names = {m["id"]: m["name"] for m in members}

    def form(self) -> ProposalForm:
        form = ProposalForm(data=self.initial_data()) if request.method == "GET" else ProposalForm()
        placeholder = [("", _("— choose a member —"))]
        effect = (self.p or {}).get("effect") or {}
        for f, members in ((form.admit_member, self.requested), (form.exclude_member, self.admitted)):
            choices = [(m["id"], f"{m['name']} ({m['category']})") for m in members]
            if effect.get("member_id") and effect["member_id"] not in dict(choices):
                choices.append((effect["member_id"], self.names.get(effect["member_id"], effect["member_id"])))
            f.choices = options(placeholder + choices)
        return form

    def initial_data(self) -> dict[str, Any]:
        s = self.statutes
        rule = str(s.get("empty_college_rule", "proportional"))
        data: dict[str, Any] = {
            "kind": "ordinary", "effect_type": "none", "strategy_text": self.strategy,
            "colleges": [{"code": c["code"], "name": c["name"], "share": share_text(c.get("share"))}
                         for c in s.get("colleges", [])],
            "empty_college_rule": rule.split(":", 1)[0], "merge_into": rule.split(":", 1)[1] if ":" in rule else "",
            "max_proxies": s.get("max_proxies_per_holder", 1), "proxy_same_college": s.get("proxy_same_college"),
            "admission_by": s.get("admission_by", "board"), "exclusion_by": s.get("exclusion_by", "assembly")}
        if self.p is None:
            wanted = request.args.get("effect", "none")
            if wanted in EFFECT_LABELS:
                data["effect_type"] = wanted
            if wanted in ("admit_member", "exclude_member"):
                data[wanted] = request.args.get("member", "")
            if wanted == "amend_statutes":
                data["kind"] = "extraordinary"
            return data
        effect = self.p.get("effect") or {}
        data.update(title=self.p["title"], text=self.p["text"], kind=self.p["kind"], secret=self.p["secret"],
                    effect_type=effect.get("type", "none"))
        if effect.get("type") == "admit_member":
            data["admit_member"] = effect["member_id"]
        elif effect.get("type") == "exclude_member":
            data.update(exclude_member=effect["member_id"], exclusion_reasons=effect.get("reasons", ""))
        elif effect.get("type") == "revise_strategy":
            data["strategy_text"] = effect["text"]
        return data

    def effect(self, form: ProposalForm) -> dict[str, Any] | None:
        """The effect dict the domain expects, from the form."""
        kind = form.effect_type.data
        if kind == "admit_member":
            return {"type": kind, "member_id": form.admit_member.data}
        if kind == "exclude_member":
            return {"type": kind, "member_id": form.exclude_member.data, "reasons": form.exclusion_reasons.data}
        if kind == "revise_strategy":
            return {"type": kind, "text": form.strategy_text.data}
        if kind == "amend_statutes":
            return {"type": kind, "statutes": self.amended_statutes(form)}
        return None

    def amended_statutes(self, form: ProposalForm) -> dict[str, Any]:
        """The full statutes dict: the fields this form exposes replaced, the others carried over."""
        rule = form.empty_college_rule.data
        if rule == "merge_into":
            rule = f"merge_into:{form.merge_into.data.strip()}"
        colleges = [{"code": r.form.code.data.strip(), "name": r.form.name.data.strip(),
                     "share": (r.form.share.data or "").strip() or None}
                    for r in form.colleges if not r.form.is_blank()]
        return {**self.statutes, "colleges": colleges, "empty_college_rule": rule,
                "max_proxies_per_holder": form.max_proxies.data, "proxy_same_college": form.proxy_same_college.data,
                "admission_by": form.admission_by.data, "exclusion_by": form.exclusion_by.data}

    def render(self, pole: dict[str, Any], form: ProposalForm, refusal: str | None = None, status: int = 200) -> Any:
        return render_template("secretary/proposal_form.html", pole=pole, form=form, p=self.p, refusal=refusal,
                               statutes=self.statutes), status


@bp.route(f"{BASE}/proposals/new", methods=["GET", "POST"])
@login_required
def new_proposal(pole_id: str) -> Any:
    pole = secretary_context(pole_id)
    editor = ProposalEditor(pole_id)
    form = editor.form()
    if not form.validate_on_submit():
        return editor.render(pole, form, status=422 if request.method == "POST" else 200)
    try:
        proposal_id = app().draft_proposal(pole_id, title=form.title.data, text=form.text.data,
                                           kind=form.kind.data, effect=editor.effect(form),
                                           secret=form.secret.data, actor=actor())
    except DomainError as error:
        return editor.render(pole, form, domain_message(error), 422)
    flash(_("The draft is saved. Open the vote when it is ready."), "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


@bp.route(f"{BASE}/proposals/<proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_context(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    if p["status"] != "draft" and request.method == "GET":
        flash(_("Only a draft can be edited."), "error")
        return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))
    editor = ProposalEditor(pole_id, p)
    form = editor.form()
    if not form.validate_on_submit():
        return editor.render(pole, form, status=422 if request.method == "POST" else 200)
    try:
        app().amend_proposal(proposal_id, title=form.title.data, text=form.text.data, kind=form.kind.data,
                             effect=editor.effect(form), secret=form.secret.data, actor=actor())
    except DomainError as error:
        return editor.render(pole, form, domain_message(error), 422)
    flash(_("The draft is updated."), "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


@bp.post(f"{BASE}/proposals/<proposal_id>/open")
@login_required
def open_voting(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_context(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    form = OpenVotingForm(prefix="open")
    if not form.validate_on_submit():
        return _proposal_page(pole, p, status=422, open_form=form)
    try:
        app().open_voting(proposal_id, closes_at=paris_to_utc(form.closes_at.data),
                          convocation=form.convocation.data, actor=actor())
    except DomainError as error:
        return _proposal_page(pole, p, domain_message(error), 422, open_form=form)
    flash(_("Voting is open. The electorate, the college weights and the rules are now frozen."), "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


@bp.post(f"{BASE}/proposals/<proposal_id>/close")
@login_required
def close_voting(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_context(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    if not ConfirmForm(prefix="close").validate_on_submit():
        abort(400)
    try:
        result = app().close_voting(proposal_id, actor=actor())
    except DomainError as error:
        return _proposal_page(pole, p, domain_message(error), 422)
    flash(_("The vote is closed: %(outcome)s.", outcome=OUTCOME_LABELS.get(result.outcome, result.outcome)),
          "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


@bp.post(f"{BASE}/proposals/<proposal_id>/withdraw")
@login_required
def withdraw(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_context(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    form = ReasonForm(prefix="withdraw")
    if not form.validate_on_submit():
        return _proposal_page(pole, p, status=422, withdraw_form=form)
    try:
        app().withdraw_proposal(proposal_id, reason=form.reason.data or "", actor=actor())
    except DomainError as error:
        return _proposal_page(pole, p, domain_message(error), 422, withdraw_form=form)
    flash(_("The proposal is withdrawn; ballots already cast will not be counted."), "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


def describe_effect(effect: dict[str, Any] | None) -> dict[str, Any] | None:
    """An effect with what a reader needs: the member's name, the new colleges in percent."""
    if not effect:
        return None
    described = dict(effect, label=EFFECT_LABELS.get(effect["type"], effect["type"]))
    if "member_id" in effect:
        member = queries().member(effect["member_id"])
        described["member_name"] = member["name"] if member else effect["member_id"]
    return described


# -- the live panel, included by the member's proposal page --------------------------------
@dataclass
class CollegeParticipation:
    code: str
    name: str
    share: Fraction | None
    electors: int = 0
    participants: int = 0
    counts: dict[str, int] = dc_field(default_factory=lambda: {"for": 0, "against": 0, "abstain": 0})

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.participants, self.electors) if self.electors else None


@dataclass
class Participation:
    """Live participation and quorum of an open (or closed) vote, per college of the frozen electorate."""

    secret: bool
    colleges: list[CollegeParticipation]
    electors: int
    participants: int
    quorum: Fraction
    quorum_required: int
    college_quorum: Fraction | None
    proxies_used: int
    proxies_active: int

    @property
    def quorum_reached(self) -> bool:
        return self.electors > 0 and self.participants >= self.quorum * self.electors

    def college_quorum_required(self, college: CollegeParticipation) -> int | None:
        if self.college_quorum is None or not college.electors:
            return None
        return math.ceil(self.college_quorum * college.electors)


def participation(p: dict[str, Any], proposal: Proposal) -> Participation | None:
    """Per college: electors, participants and — for public ballots only — the choices so far."""
    if proposal.rules is None:
        return None
    statutes = proposal.frozen_statutes
    rows = {c.code: CollegeParticipation(c.code, c.name, c.share) for c in statutes.colleges}
    for code in proposal.electorate.values():
        rows.setdefault(code, CollegeParticipation(code, code or _("All members"), None)).electors += 1
    for ballot in queries().ballots(p["id"]):
        code = proposal.electorate.get(ballot["member_id"])
        if code is None:
            continue
        rows[code].participants += 1
        if not p["secret"] and ballot["choice"] in rows[code].counts:  # secret choices are never read
            rows[code].counts[ballot["choice"]] += 1
    if p["secret"]:
        for row in rows.values():
            row.counts = {}
    electors = len(proposal.electorate)
    quorum = statutes.quorum[p["kind"]][p["convocation"] or proposal.convocation]
    proxies = queries().proxies(p["id"])
    return Participation(
        secret=bool(p["secret"]), colleges=list(rows.values()), electors=electors,
        participants=sum(r.participants for r in rows.values()), quorum=quorum,
        quorum_required=math.ceil(quorum * electors), college_quorum=statutes.college_quorum.get(p["kind"]),
        proxies_used=sum(1 for x in proxies if x["status"] == "used"),
        proxies_active=sum(1 for x in proxies if x["status"] == "active"))


def participation_chart(part: Participation) -> Markup:
    """Participation rate per college and overall; the dashed line on the total marks the quorum."""
    bars = [Bar(c.name, c.rate or Fraction(0), f"{c.participants} / {c.electors}") for c in part.colleges]
    total = Fraction(part.participants, part.electors) if part.electors else Fraction(0)
    bars.append(Bar(_("All colleges"), total, f"{part.participants} / {part.electors}", marker=part.quorum))
    return bar_chart(_("Participation per college"),
                     _("Share of each college's electors who have taken part; the dashed line on the last bar "
                       "is the quorum. The same figures are in the table below."), bars)


@bp.app_template_global("secretary_panel")
def secretary_panel(p: dict[str, Any], proposal: Proposal) -> dict[str, Any]:
    """What `_proposal_panel.html` shows; the action forms only for the pole's secretary."""
    roles = current_user.roles_in(p["pole_id"]) if current_user.is_authenticated else set()
    is_secretary = SECRETARY in roles
    open_form = OpenVotingForm(prefix="open", formdata=None, data={"closes_at": default_closing_time()})
    part = participation(p, proposal)
    return {"participation": part, "chart": participation_chart(part) if part else None, "is_secretary": is_secretary,
            "visible": is_secretary or current_user.is_authenticated and current_user.is_admin,
            "open_form": open_form, "close_form": ConfirmForm(prefix="close", formdata=None),
            "withdraw_form": ReasonForm(prefix="withdraw", formdata=None),
            "convocation_labels": CONVOCATION_LABELS, "kind_labels": KIND_LABELS}


# -- members ----------------------------------------------------------------------------
@bp.get(f"{BASE}/members")
@login_required
def members(pole_id: str) -> Any:
    return _members_page(secretary_context(pole_id))


def _member_form(action: str, member_id: str, bound: dict[tuple[str, str], FlaskForm],
                 colleges: list[tuple[str, str]]) -> FlaskForm:
    form = bound.get((action, member_id)) or MEMBER_ACTIONS[action](prefix=f"{action}-{member_id}", formdata=None)
    if isinstance(form, AssignForm):
        form.college.choices = options(colleges)
    return form


def _members_page(pole: dict[str, Any], refusal: str | None = None, status: int = 200,
                  bound: dict[tuple[str, str], FlaskForm] | None = None,
                  request_form: RequestForm | None = None) -> Any:
    bound = bound or {}
    pole_id = pole["id"]
    statutes = current_statutes(pole_id)
    colleges = [(c["code"], c["name"]) for c in statutes.get("colleges", [])]
    everyone = queries().members(pole_id)
    return render_template(
        "secretary/members.html", pole=pole, refusal=refusal, statutes=statutes, colleges=dict(colleges),
        version=queries().statutes_as_of(pole_id),
        forms=partial(_member_form, bound=bound, colleges=colleges),
        requested=[m for m in everyone if m["status"] == "requested"],
        roster=[m for m in everyone if m["status"] == "admitted"],
        former=sorted((m for m in everyone if m["status"] in ("refused", "withdrawn", "excluded")),
                      key=lambda m: m["updated_at"], reverse=True),
        request_form=request_form or RequestForm(formdata=None), categories=_categories(everyone)), status


def _categories(everyone: list[dict[str, Any]]) -> list[str]:
    return sorted({m["category"] for m in everyone} | set(CATEGORY_SUGGESTIONS))


@bp.post(f"{BASE}/members/request")
@login_required
def record_request(pole_id: str) -> Any:
    pole = secretary_context(pole_id)
    form = RequestForm()
    if not form.validate_on_submit():
        return _members_page(pole, status=422, request_form=form)
    try:
        app().request_membership(pole_id, name=form.name.data, kind=form.kind.data, category=form.category.data,
                                 representative=form.representative.data or "", actor=actor())
    except DomainError as error:
        return _members_page(pole, domain_message(error), 422, request_form=form)
    flash(_("The request of %(name)s is recorded: it now awaits a decision.", name=form.name.data), "success")
    return redirect(url_for(".members", pole_id=pole_id))


def _member_command(pole_id: str, member_id: str, action: str, command: Callable[[Any], None],
                    done: str) -> Any:
    """Validate the member's form, run the use case, and redirect — or re-render with 422."""
    pole = secretary_context(pole_id)
    member = member_of_pole(pole_id, member_id)
    form = MEMBER_ACTIONS[action](prefix=f"{action}-{member_id}")
    if isinstance(form, AssignForm):
        form.college.choices = options([(c["code"], c["name"]) for c in current_statutes(pole_id).get("colleges", [])])
    if not form.validate_on_submit():
        return _members_page(pole, status=422, bound={(action, member_id): form})
    try:
        command(form)
    except DomainError as error:
        return _members_page(pole, domain_message(error), 422, bound={(action, member_id): form})
    flash(done % {"name": member["name"]}, "success")
    return redirect(url_for(".members", pole_id=pole_id))


@bp.post(f"{BASE}/members/<member_id>/admit")
@login_required
def admit(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "admit", lambda f: app().admit_member(
        pole_id, member_id, decision=f.decision.data, actor=actor()),
        _("%(name)s is admitted. Assign them to a college so that they can vote."))


@bp.post(f"{BASE}/members/<member_id>/refuse")
@login_required
def refuse(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "refuse", lambda f: app().refuse_member(
        pole_id, member_id, decision=f.decision.data, reasons=f.reasons.data, actor=actor()),
        _("The request of %(name)s is refused."))


@bp.post(f"{BASE}/members/<member_id>/assign")
@login_required
def assign(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "assign", lambda f: app().assign_college(
        pole_id, member_id, college=f.college.data, reason=f.reason.data, actor=actor()),
        _("%(name)s is assigned to the new college."))


@bp.post(f"{BASE}/members/<member_id>/withdraw")
@login_required
def withdraw_member(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "withdraw", lambda f: app().withdraw_member(
        pole_id, member_id, reason=f.reason.data or "", actor=actor()),
        _("The withdrawal of %(name)s is recorded."))


@bp.post(f"{BASE}/members/<member_id>/exclude")
@login_required
def exclude(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "exclude", lambda f: app().exclude_member(
        pole_id, member_id, reasons=f.reasons.data, decision=f.decision.data, actor=actor()),
        _("%(name)s is excluded."))

