"""Deliberation before the vote (issue 23): comments, replies, edits, withdrawals and hiding; members' amendments
(tabled, supported, admitted or rejected by the secretary); publishing a draft for discussion; the debate's summary;
the pole's open discussions. The proposal pages show all of it (web/votes/thread.py builds what they show).

Each command is one use case of governance/application.py, run with the person's `represented` members where the
domain decides who speaks for whom (a member they do not represent: 403). A refused command re-shows the proposal
page with the domain's rule, HTTP 422 (409 / 422 by kind are the API's), nothing stored."""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from web.edge import (MEMBER, SECRETARY, actor, app, attempt, caller, pole_or_404, queries, represented,
                      require_pole_role, secretary_pole)
from web.forms import ConfirmForm
from web.labels import CHOICE_OPTIONS, STATUS_OPTIONS
from web.votes.thread import (AmendmentForm, CommentForm, DecisionForm, EditCommentForm, HideForm, SummaryForm,
                              SupportForm, amended_effect, chosen_speaker, mentioned, posted_shares,
                              readable_proposal, speakers)
from web.votes.visits import visits

bp = Blueprint("deliberation", __name__, template_folder="templates")
Page = str | tuple[str, int] | Response
PROPOSAL = "/poles/<pole_id>/proposals/<proposal_id>"
MANAGE = "/poles/<pole_id>/manage/proposals/<proposal_id>"


def require_speaker(pole_id: str) -> None:
    """Comments, amendments and support are given by the pole's members' representatives and its secretaries, not by
    a platform admin reading the pole (403)."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    if not caller().roles_in(pole_id):
        abort(403, description="Only the pole's members and secretaries take part in its discussions.")


@bp.context_processor
def _labels() -> dict[str, Any]:
    """What the proposal pages re-shown by this blueprint's commands need (web/votes/pages.py, manage.py)."""
    from web.votes.manage import labels
    return {**labels(), "choice_options": CHOICE_OPTIONS}


# -- the pole's open discussions -------------------------------------------------------------------
@bp.get("/poles/<pole_id>/discussions")
@login_required
def discussions(pole_id: str) -> str:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    rows = queries().discussions(pole_id)
    seen = visits().last_seen(current_user.id, [r["id"] for r in rows])
    me = actor()
    for row in rows:
        comments = queries().comments(row["id"]) if row["comments"] else []
        since = seen.get(row["id"])
        row["new"] = sum(1 for c in comments if c["actor"] != me and (since is None or c["posted_at"] > since))
    return render_template("deliberation/discussions.html", pole=pole_or_404(pole_id), rows=rows,
                           status_options=STATUS_OPTIONS)


# -- comments --------------------------------------------------------------------------------------
@bp.post(f"{PROPOSAL}/comments")
@login_required
def post_comment(pole_id: str, proposal_id: str) -> Page:
    return _post(pole_id, proposal_id, "comment", None)


@bp.post(f"{PROPOSAL}/comments/<int:number>/reply")
@login_required
def reply(pole_id: str, proposal_id: str, number: int) -> Page:
    return _post(pole_id, proposal_id, f"reply-{number}", number)


def _post(pole_id: str, proposal_id: str, prefix: str, reply_to: int | None) -> Page:
    require_speaker(pole_id)
    p = readable_proposal(pole_id, proposal_id)
    form = CommentForm(prefix=prefix)
    choices = speakers(pole_id)
    form.speaker.choices = choices
    if not form.validate():
        return _again(pole_id, p, None, {prefix: form})
    member = chosen_speaker(form, choices)
    text = form.text.data or ""
    number, refusal = attempt(lambda: app().post_comment(
        p["id"], member_id=member, text=text, reply_to=reply_to, mentions=mentioned(pole_id, text), actor=actor(),
        represented=represented(pole_id)))
    if refusal is not None:
        return _again(pole_id, p, refusal, {prefix: form})
    flash(_("Your reply is posted.") if reply_to else _("Your comment is posted."), "success")
    return _back(pole_id, p, f"comment-{number}")


@bp.post(f"{PROPOSAL}/comments/<int:number>/edit")
@login_required
def edit_comment(pole_id: str, proposal_id: str, number: int) -> Page:
    require_speaker(pole_id)
    p = readable_proposal(pole_id, proposal_id)
    form = EditCommentForm(prefix=f"edit-{number}")
    return _comment_command(pole_id, p, form, f"edit-{number}", lambda: app().edit_comment(
        p["id"], number, text=form.text.data or "", actor=actor()), _("Your comment is changed; its earlier "
                                                                       "wording stays in its history."), number)


@bp.post(f"{PROPOSAL}/comments/<int:number>/withdraw")
@login_required
def withdraw_comment(pole_id: str, proposal_id: str, number: int) -> Page:
    require_speaker(pole_id)
    p = readable_proposal(pole_id, proposal_id)
    form = ConfirmForm(prefix=f"withdraw-{number}")
    return _comment_command(pole_id, p, form, f"withdraw-{number}", lambda: app().withdraw_comment(
        p["id"], number, actor=actor()), _("Your comment is withdrawn: it shows as withdrawn by its author."), number)


@bp.post(f"{PROPOSAL}/comments/<int:number>/hide")
@login_required
def hide_comment(pole_id: str, proposal_id: str, number: int) -> Page:
    require_pole_role(pole_id, SECRETARY)
    p = readable_proposal(pole_id, proposal_id)
    form = HideForm(prefix=f"hide-{number}")
    return _comment_command(pole_id, p, form, f"hide-{number}", lambda: app().hide_comment(
        p["id"], number, reason=form.reason.data or "", actor=actor()),
        _("The comment is hidden; everyone sees that it was, and why."), number)


def _comment_command(pole_id: str, p: dict[str, Any], form: Any, prefix: str, command: Callable[[], Any],
                     done: str, number: int) -> Page:
    if not form.validate():
        return _again(pole_id, p, None, {prefix: form})
    refusal = attempt(command)[1]
    if refusal is not None:
        return _again(pole_id, p, refusal, {prefix: form})
    flash(done, "success")
    return _back(pole_id, p, f"comment-{number}")


# -- amendments ------------------------------------------------------------------------------------
@bp.post(f"{PROPOSAL}/amendments")
@login_required
def table_amendment(pole_id: str, proposal_id: str) -> Page:
    require_speaker(pole_id)
    p = readable_proposal(pole_id, proposal_id)
    form = AmendmentForm(prefix="amendment")
    choices = speakers(pole_id, pole=False)
    form.speaker.choices = choices
    shares = posted_shares(request.form, p)
    forms = {"amendment": form, "shares": shares}
    if not form.validate():
        return _again(pole_id, p, None, forms)
    member = chosen_speaker(form, choices)
    amendment_id, refusal = attempt(lambda: app().table_amendment(
        p["id"], member_id=member or "", passage=form.passage.data or "", wording=form.wording.data or "",
        effect=amended_effect(p, shares), motive=form.motive.data or "", actor=actor(),
        represented=represented(pole_id)))
    if refusal is not None:
        return _again(pole_id, p, refusal, forms)
    flash(_("Your amendment is tabled. The secretary admits or rejects it, saying why; an admitted amendment is "
            "voted before the resolution."), "success")
    return _back(pole_id, p, "amendments")


@bp.post(f"{PROPOSAL}/support")
@login_required
def support_amendment(pole_id: str, proposal_id: str) -> Page:
    require_speaker(pole_id)
    amendment = readable_proposal(pole_id, proposal_id)
    parent = _parent(pole_id, amendment)
    k = (amendment["amendment"] or {}).get("number")
    form = SupportForm(prefix=f"support-{k}")
    choices = speakers(pole_id, pole=False)
    form.speaker.choices = choices
    if not form.validate():
        return _again(pole_id, parent, None, {f"support-{k}": form})
    member = chosen_speaker(form, choices)
    refusal = attempt(lambda: app().support_amendment(amendment["id"], member_id=member or "", actor=actor(),
                                                      represented=represented(pole_id)))[1]
    if refusal is not None:
        return _again(pole_id, parent, refusal, {f"support-{k}": form})
    flash(_("Your organisation supports amendment n° %(number)s.", number=k), "success")
    return _back(pole_id, parent, f"amendment-{k}")


@bp.post(f"{MANAGE}/admit")
@login_required
def admit_amendment(pole_id: str, proposal_id: str) -> Page:
    return _decide(pole_id, proposal_id, "admit")


@bp.post(f"{MANAGE}/reject")
@login_required
def reject_amendment(pole_id: str, proposal_id: str) -> Page:
    return _decide(pole_id, proposal_id, "reject")


def _decide(pole_id: str, proposal_id: str, what: str) -> Page:
    secretary_pole(pole_id)
    amendment = readable_proposal(pole_id, proposal_id)
    parent = _parent(pole_id, amendment)
    k = (amendment["amendment"] or {}).get("number")
    form = DecisionForm(prefix=f"{what}-{k}")
    if not form.validate():
        return _again(pole_id, parent, None, {f"{what}-{k}": form})
    reason = form.reason.data or ""
    if what == "admit":
        command = lambda: app().admit_amendment(amendment["id"], reason=reason, actor=actor())  # noqa: E731
        done = _("Amendment n° %(number)s is admitted: it is voted before the resolution.", number=k)
    else:
        command = lambda: app().reject_amendment(amendment["id"], reason=reason, actor=actor())  # noqa: E731
        done = _("Amendment n° %(number)s is rejected; the reason is shown to everyone.", number=k)
    refusal = attempt(command)[1]
    if refusal is not None:
        return _again(pole_id, parent, refusal, {f"{what}-{k}": form})
    flash(done, "success")
    return _back(pole_id, parent, f"amendment-{k}")


def _parent(pole_id: str, amendment: dict[str, Any]) -> dict[str, Any]:
    if not amendment.get("amends"):
        abort(404, description="This proposal is not an amendment.")
    return readable_proposal(pole_id, amendment["amends"])


# -- the secretary: publish, summarise ---------------------------------------------------------------
@bp.post(f"{MANAGE}/publish")
@login_required
def publish(pole_id: str, proposal_id: str) -> Page:
    from web.votes.manage import confirmed
    pole = secretary_pole(pole_id)
    p = readable_proposal(pole_id, proposal_id)
    form = ConfirmForm(prefix="publish")
    if not form.validate():
        abort(400)
    if not confirmed() and p["status"] == "draft" and not p.get("published"):
        return render_template(
            "secretary/confirm.html", pole=pole, p=p, form=form, carried=[],
            action=url_for(".publish", pole_id=pole_id, proposal_id=p["id"]), heading=_("Publish for discussion"),
            message=_("Publish « %(title)s » for discussion? Members will read it, comment on it and may table "
                      "amendments until its vote closes. Its text can then only change by an amendment the members "
                      "vote.", title=p["title"]),
            cancel=url_for("secretary.proposal", pole_id=pole_id, proposal_id=p["id"]))
    refusal = attempt(lambda: app().publish_for_discussion(p["id"], actor=actor()))[1]
    if refusal is not None:
        return _again(pole_id, p, refusal, {}, secretary=True)
    flash(_("The draft is published for discussion: members can comment and table amendments."), "success")
    return redirect(url_for("secretary.proposal", pole_id=pole_id, proposal_id=p["id"]))


@bp.post(f"{MANAGE}/summary")
@login_required
def summarise(pole_id: str, proposal_id: str) -> Page:
    secretary_pole(pole_id)
    p = readable_proposal(pole_id, proposal_id)
    form = SummaryForm(prefix="summary")
    if not form.validate():
        return _again(pole_id, p, None, {"summary": form})
    refusal = attempt(lambda: app().summarise_debate(p["id"], summary=form.summary.data or "", actor=actor()))[1]
    if refusal is not None:
        return _again(pole_id, p, refusal, {"summary": form})
    flash(_("The summary of the debate is saved: the minutes state it."), "success")
    return _back(pole_id, p, "debate-summary")


# -- where a command goes back to ---------------------------------------------------------------------
def _secretary_view(secretary: bool | None = None) -> bool:
    """Whether the form was on the secretary's page of the proposal (its hidden `view` field)."""
    return secretary if secretary is not None else request.form.get("view") == "secretary"


def _back(pole_id: str, p: dict[str, Any], anchor: str) -> Response:
    endpoint = "secretary.proposal" if _secretary_view() else "votes.proposal"
    return redirect(url_for(endpoint, pole_id=pole_id, proposal_id=p["id"], _anchor=anchor))


def _again(pole_id: str, p: dict[str, Any], refusal: str | None, forms: dict[str, Any],
           secretary: bool | None = None) -> Page:
    """The proposal page again, with the refusal (or the form's errors) and the person's input, HTTP 422."""
    if _secretary_view(secretary):
        from web.votes.manage import _proposal_page as secretary_page
        return secretary_page(secretary_pole(pole_id), p, refusal, 422, deliberation_forms=forms)
    from web.votes.pages import _proposal_page
    return _proposal_page(pole_id, p, refusal=refusal, status=422, deliberation_forms=forms)

