"""The board secretary's proposals: draft, amend, open, close and withdraw (members: web/members/manage.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from governance.proposal import DRAFT, OPEN
from web.edge import actor, app, attempt, proposal_of_pole, queries, secretary_pole
from web.labels import (BODY_OPTIONS, CONVOCATION_OPTIONS, EFFECT_OPTIONS, KIND_OPTIONS, MEMBER_KIND_LABELS,
                        MEMBER_STATUS_OPTIONS, OUTCOME_OPTIONS, STATUS_OPTIONS, rule_label)
from web.votes.editor import ProposalEditor
from web.forms import ConfirmForm
from web.votes.forms import OpenVotingForm, ReasonForm
from web.votes.panel import secretary_panel
from web.votes.thread import deliberation_context

bp = Blueprint("secretary", __name__, template_folder="templates")
bp.add_app_template_global(secretary_panel, "secretary_panel")
BASE = "/poles/<pole_id>/manage"


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
    pole = secretary_pole(pole_id)
    groups = [(status, queries().register(pole_id, status=status, limit=500))
              for status in ("draft", "open", "closed", "withdrawn")]
    return render_template("secretary/proposals.html", pole=pole, groups=groups,
                           close_form=ConfirmForm(prefix="close", formdata=None))


@bp.get(f"{BASE}/proposals/<proposal_id>")
@login_required
def proposal(pole_id: str, proposal_id: str) -> str:
    return _proposal_page(secretary_pole(pole_id), proposal_of_pole(pole_id, proposal_id), mark_seen=True)


def _proposal_page(pole: dict[str, Any], p: dict[str, Any], refusal: str | None = None, status: int = 200,
                   deliberation_forms: dict[str, Any] | None = None, mark_seen: bool = False,
                   **forms: FlaskForm) -> Any:
    aggregate = app().get_proposal(p["id"])
    colleges = aggregate.frozen_statutes if aggregate.rules else None  # to name a merge target, once frozen
    deliberation = deliberation_context(pole["id"], p, aggregate, deliberation_forms, mark_seen=mark_seen)
    return render_template("secretary/proposal.html", pole=pole, p=p, proposal=aggregate, refusal=refusal,
                           effect=describe_effect(p["effect"]), rule_label=rule_label, frozen=colleges,
                           **deliberation, **forms), status


@bp.route(f"{BASE}/proposals/new", methods=["GET", "POST"])
@login_required
def new_proposal(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
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
    pole = secretary_pole(pole_id)
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
    pole = secretary_pole(pole_id)
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


def confirmed() -> bool:
    """Whether this POST carries the confirmation of an irreversible act (`confirm=yes`, from the confirmation page)."""
    return request.form.get("confirm") == "yes"


def _confirmation(pole: dict[str, Any], p: dict[str, Any], form: FlaskForm, *, action: str, heading: str,
                  message: str, carried: list[tuple[str, str]] | None = None) -> Any:
    """The page asking to confirm an irreversible act: what becomes final, Confirm (posting the same form with
    `confirm=yes`, the user's input carried) or Cancel. Works without JavaScript; nothing is stored."""
    return render_template("secretary/confirm.html", pole=pole, p=p, form=form, action=action, heading=heading,
                           message=message, carried=carried or [],
                           cancel=url_for(".proposal", pole_id=pole["id"], proposal_id=p["id"]))


@bp.post(f"{BASE}/proposals/<proposal_id>/close")
@login_required
def close_voting(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_pole(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    form = ConfirmForm(prefix="close")
    if not form.validate_on_submit():
        abort(400)
    if not confirmed() and app().get_proposal(proposal_id).status == OPEN:
        return _confirmation(pole, p, form, action=url_for(".close_voting", pole_id=pole_id, proposal_id=proposal_id),
                             heading=_("Close the vote now"),
                             message=_("Close the vote now? Ballots can no longer be cast or changed; the result "
                                       "will be computed and recorded, and the effect applied if the proposal is "
                                       "adopted. This cannot be undone."))
    result, refusal = attempt(lambda: app().close_voting(proposal_id, actor=actor()))
    if refusal is not None:
        return _proposal_page(pole, p, refusal, 422)
    flash(_("The vote is closed: %(outcome)s.", outcome=OUTCOME_OPTIONS.get(result.outcome, result.outcome)),
          "success")
    return redirect(url_for(".proposal", pole_id=pole_id, proposal_id=proposal_id))


@bp.post(f"{BASE}/proposals/<proposal_id>/withdraw")
@login_required
def withdraw(pole_id: str, proposal_id: str) -> Any:
    pole = secretary_pole(pole_id)
    p = proposal_of_pole(pole_id, proposal_id)
    form = ReasonForm(prefix="withdraw")
    if not form.validate_on_submit():
        return _proposal_page(pole, p, status=422, withdraw_form=form)
    if not confirmed() and app().get_proposal(proposal_id).status in (DRAFT, OPEN):
        return _confirmation(pole, p, form, action=url_for(".withdraw", pole_id=pole_id, proposal_id=proposal_id),
                             heading=_("Withdraw the proposal"),
                             message=_("Withdraw the proposal « %(title)s »? It will never be voted on, and ballots "
                                       "already cast will not be counted. This cannot be undone.", title=p["title"]),
                             carried=[(form.reason.name, form.reason.data or "")])
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
