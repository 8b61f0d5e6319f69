"""The board secretary's area: draft, open, close and withdraw proposals; decide on members and colleges."""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from web.edge import (SECRETARY, actor, app, attempt, member_of_pole, pole_or_404, proposal_of_pole, queries,
                      require_pole_role)
from web.labels import (BODY_OPTIONS, CATEGORY_LABELS, CONVOCATION_OPTIONS, EFFECT_OPTIONS, KIND_OPTIONS,
                        MEMBER_KIND_LABELS, MEMBER_STATUS_OPTIONS, OUTCOME_OPTIONS, STATUS_OPTIONS, options)
from web.secretary_editor import ProposalEditor, current_statutes
from web.secretary_forms import MEMBER_ACTIONS, AssignForm, ConfirmForm, OpenVotingForm, ReasonForm, RequestForm
from web.secretary_panel import secretary_panel

bp = Blueprint("secretary", __name__)
bp.add_app_template_global(secretary_panel, "secretary_panel")
BASE = "/poles/<pole_id>/manage"


def secretary_context(pole_id: str) -> dict[str, Any]:
    """The pole row, checked for the secretary role."""
    require_pole_role(pole_id, SECRETARY)
    return pole_or_404(pole_id)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"kind_options": KIND_OPTIONS, "effect_options": EFFECT_OPTIONS, "status_options": STATUS_OPTIONS,
            "outcome_options": OUTCOME_OPTIONS, "member_kind_labels": MEMBER_KIND_LABELS,
            "member_status_options": MEMBER_STATUS_OPTIONS, "convocation_options": CONVOCATION_OPTIONS,
            "body_options": BODY_OPTIONS}


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


@bp.route(f"{BASE}/proposals/new", methods=["GET", "POST"])
@login_required
def new_proposal(pole_id: str) -> Any:
    pole = secretary_context(pole_id)
    editor = ProposalEditor(pole_id)
    form = editor.form()
    if not form.validate_on_submit():
        return editor.render(pole, form, status=422 if request.method == "POST" else 200)
    proposal_id, refusal = attempt(lambda: app().draft_proposal(
        pole_id, title=form.title.data, text=form.text.data, kind=form.kind.data, effect=editor.effect(form),
        secret=form.secret.data, actor=actor()))
    if refusal is not None:
        return editor.render(pole, form, refusal, 422)
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
    refusal = attempt(lambda: app().amend_proposal(
        proposal_id, title=form.title.data, text=form.text.data, kind=form.kind.data, effect=editor.effect(form),
        secret=form.secret.data, actor=actor()))[1]
    if refusal is not None:
        return editor.render(pole, form, refusal, 422)
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
    refusal = attempt(lambda: app().open_voting(proposal_id, closes_at=form.closes_at.utc(),
                                                   convocation=form.convocation.data, actor=actor()))[1]
    if refusal is not None:
        return _proposal_page(pole, p, refusal, 422, open_form=form)
    flash(_("Voting is open. The electorate, the college weights and the rules are now frozen."), "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


@bp.post(f"{BASE}/proposals/<proposal_id>/close")
@login_required
def close_voting(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_context(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    if not ConfirmForm(prefix="close").validate_on_submit():
        abort(400)
    result, refusal = attempt(lambda: app().close_voting(proposal_id, actor=actor()))
    if refusal is not None:
        return _proposal_page(pole, p, refusal, 422)
    flash(_("The vote is closed: %(outcome)s.", outcome=OUTCOME_OPTIONS.get(result.outcome, result.outcome)),
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
    refusal = attempt(lambda: app().withdraw_proposal(proposal_id, reason=form.reason.data or "", actor=actor()))[1]
    if refusal is not None:
        return _proposal_page(pole, p, refusal, 422, withdraw_form=form)
    flash(_("The proposal is withdrawn; ballots already cast will not be counted."), "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


def describe_effect(effect: dict[str, Any] | None) -> dict[str, Any] | None:
    """An effect with what a reader needs: the member's name, the new colleges in percent."""
    if not effect:
        return None
    described = dict(effect, label=EFFECT_OPTIONS.get(effect["type"], effect["type"]))
    if "member_id" in effect:
        member = queries().member(effect["member_id"])
        described["member_name"] = member["name"] if member else effect["member_id"]
    return described


# -- members ----------------------------------------------------------------------------
@bp.get(f"{BASE}/members")
@login_required
def members(pole_id: str) -> Any:
    return _members_page(secretary_context(pole_id))


def _member_form(action: str, member_id: str, colleges: list[tuple[str, str]], **kwargs: Any) -> FlaskForm:
    """The form of one decision on one member; the college choice offers the colleges in force."""
    form = MEMBER_ACTIONS[action](prefix=f"{action}-{member_id}", **kwargs)
    if isinstance(form, AssignForm):
        form.college.choices = options(colleges)
    return form


def _colleges(statutes: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["code"], c["name"]) for c in statutes.get("colleges", [])]


def _members_page(pole: dict[str, Any], refusal: str | None = None, status: int = 200,
                  bound: dict[tuple[str, str], FlaskForm] | None = None,
                  request_form: RequestForm | None = None) -> Any:
    bound = bound or {}
    pole_id = pole["id"]
    statutes = current_statutes(pole_id)
    colleges = _colleges(statutes)
    everyone = queries().members(pole_id)

    def forms(action: str, member_id: str) -> FlaskForm:
        return bound.get((action, member_id)) or _member_form(action, member_id, colleges, formdata=None)
    return render_template(
        "secretary/members.html", pole=pole, refusal=refusal, statutes=statutes, colleges=dict(colleges),
        version=queries().statutes_as_of(pole_id), forms=forms,
        requested=[m for m in everyone if m["status"] == "requested"],
        roster=[m for m in everyone if m["status"] == "admitted"],
        former=sorted((m for m in everyone if m["status"] in ("refused", "withdrawn", "excluded")),
                      key=lambda m: m["updated_at"], reverse=True),
        request_form=request_form or RequestForm(formdata=None), categories=_categories(everyone)), status


def _categories(everyone: list[dict[str, Any]]) -> list[str]:
    return sorted({m["category"] for m in everyone} | set(CATEGORY_LABELS))


@bp.post(f"{BASE}/members/request")
@login_required
def record_request(pole_id: str) -> Any:
    pole = secretary_context(pole_id)
    form = RequestForm()
    if not form.validate_on_submit():
        return _members_page(pole, status=422, request_form=form)
    refusal = attempt(lambda: app().request_membership(
        pole_id, name=form.name.data, kind=form.kind.data, category=form.category.data,
        representative=form.representative.data or "", actor=actor()))[1]
    if refusal is not None:
        return _members_page(pole, refusal, 422, request_form=form)
    flash(_("The request of %(name)s is recorded: it now awaits a decision.", name=form.name.data), "success")
    return redirect(url_for(".members", pole_id=pole_id))


def _member_command(pole_id: str, member_id: str, action: str, command: Callable[[Any], None],
                    done: str) -> Any:
    """Validate the member's form, run the use case, and redirect — or re-render with 422."""
    pole = secretary_context(pole_id)
    member = member_of_pole(pole_id, member_id)
    form = _member_form(action, member_id, _colleges(current_statutes(pole_id)))
    if not form.validate_on_submit():
        return _members_page(pole, status=422, bound={(action, member_id): form})
    refusal = attempt(lambda: command(form))[1]
    if refusal is not None:
        return _members_page(pole, refusal, 422, bound={(action, member_id): form})
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
