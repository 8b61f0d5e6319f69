"""Deliberation before the vote (issue 23): comments, replies, edits, withdrawals and hiding; members' amendments
(tabled, supported, admitted or rejected by the secretary); publishing a draft for discussion; the debate's summary;
the pole's open discussions. The proposal pages show all of it (web/votes/thread.py builds what they show).

Each command is one use case of governance/application.py, run with the person's `represented` members where the
domain decides who speaks for whom (a member they do not represent: 403). A refused command re-shows the proposal
page with the domain's rule, HTTP 422 (409 / 422 by kind are the API's), nothing stored."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

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
T = TypeVar("T")
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
    p = _proposal(pole_id, proposal_id)
    form, choices = _speaking(CommentForm(prefix=prefix), pole_id)

    def post() -> int:
        text = form.text.data or ""
        return app().post_comment(p["id"], member_id=chosen_speaker(form, choices), text=text, reply_to=reply_to,
                                  mentions=mentioned(pole_id, text), actor=actor(), represented=represented(pole_id))
    return _run(pole_id, p, prefix, form, post,
                _("Your reply is posted.") if reply_to else _("Your comment is posted."),
                lambda number: f"comment-{number}")


@bp.post(f"{PROPOSAL}/comments/<int:number>/edit")
@login_required
def edit_comment(pole_id: str, proposal_id: str, number: int) -> Page:
    p = _proposal(pole_id, proposal_id)
    form = EditCommentForm(prefix=f"edit-{number}")
    return _run(pole_id, p, f"edit-{number}", form, lambda: app().edit_comment(
        p["id"], number, text=form.text.data or "", actor=actor()),
        _("Your comment is changed; its earlier wording stays in its history."), f"comment-{number}")


@bp.post(f"{PROPOSAL}/comments/<int:number>/withdraw")
@login_required
def withdraw_comment(pole_id: str, proposal_id: str, number: int) -> Page:
    p = _proposal(pole_id, proposal_id)
    form = ConfirmForm(prefix=f"withdraw-{number}")
    return _run(pole_id, p, f"withdraw-{number}", form, lambda: app().withdraw_comment(
        p["id"], number, actor=actor()), _("Your comment is withdrawn: it shows as withdrawn by its author."),
        f"comment-{number}")


@bp.post(f"{PROPOSAL}/comments/<int:number>/hide")
@login_required
def hide_comment(pole_id: str, proposal_id: str, number: int) -> Page:
    p = _proposal(pole_id, proposal_id, secretary=True)
    form = HideForm(prefix=f"hide-{number}")
    return _run(pole_id, p, f"hide-{number}", form, lambda: app().hide_comment(
        p["id"], number, reason=form.reason.data or "", actor=actor()),
        _("The comment is hidden; everyone sees that it was, and why."), f"comment-{number}")


# -- amendments ------------------------------------------------------------------------------------
@bp.post(f"{PROPOSAL}/amendments")
@login_required
def table_amendment(pole_id: str, proposal_id: str) -> Page:
    p = _proposal(pole_id, proposal_id)
    form, choices = _speaking(AmendmentForm(prefix="amendment"), pole_id, pole=False)
    shares = posted_shares(request.form, p)
    return _run(pole_id, p, "amendment", form, lambda: app().table_amendment(
        p["id"], member_id=chosen_speaker(form, choices) or "", passage=form.passage.data or "",
        wording=form.wording.data or "", effect=amended_effect(p, shares), motive=form.motive.data or "",
        actor=actor(), represented=represented(pole_id)),
        _("Your amendment is tabled. The secretary admits or rejects it, saying why; an admitted amendment is voted "
          "before the resolution."), "amendments", shares=shares)


@bp.post(f"{PROPOSAL}/support")
@login_required
def support_amendment(pole_id: str, proposal_id: str) -> Page:
    amendment, parent, k = _amendment(pole_id, proposal_id)
    form, choices = _speaking(SupportForm(prefix=f"support-{k}"), pole_id, pole=False)
    return _run(pole_id, parent, f"support-{k}", form, lambda: app().support_amendment(
        amendment["id"], member_id=chosen_speaker(form, choices) or "", actor=actor(),
        represented=represented(pole_id)),
        _("Your organisation supports amendment n° %(number)s.", number=k), f"amendment-{k}")


@bp.post(f"{MANAGE}/admit")
@login_required
def admit_amendment(pole_id: str, proposal_id: str) -> Page:
    amendment, parent, k = _amendment(pole_id, proposal_id, secretary=True)
    form = DecisionForm(prefix=f"admit-{k}")
    return _run(pole_id, parent, f"admit-{k}", form, lambda: app().admit_amendment(
        amendment["id"], reason=form.reason.data or "", actor=actor()),
        _("Amendment n° %(number)s is admitted: it is voted before the resolution.", number=k), f"amendment-{k}")


@bp.post(f"{MANAGE}/reject")
@login_required
def reject_amendment(pole_id: str, proposal_id: str) -> Page:
    amendment, parent, k = _amendment(pole_id, proposal_id, secretary=True)
    form = DecisionForm(prefix=f"reject-{k}")
    return _run(pole_id, parent, f"reject-{k}", form, lambda: app().reject_amendment(
        amendment["id"], reason=form.reason.data or "", actor=actor()),
        _("Amendment n° %(number)s is rejected; the reason is shown to everyone.", number=k), f"amendment-{k}")


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
    p = _proposal(pole_id, proposal_id, secretary=True)
    form = SummaryForm(prefix="summary")
    return _run(pole_id, p, "summary", form, lambda: app().summarise_debate(
        p["id"], summary=form.summary.data or "", actor=actor()),
        _("The summary of the debate is saved: the minutes state it."), "debate-summary")


# -- the steps every command shares ---------------------------------------------------------------------
def _proposal(pole_id: str, proposal_id: str, *, secretary: bool = False) -> dict[str, Any]:
    """Whether the person may send this command (a speaker of the pole: `require_speaker`; or its secretary: 403
    otherwise), then the proposal as members and secretaries may read it (404 otherwise)."""
    if secretary:
        secretary_pole(pole_id)
    else:
        require_speaker(pole_id)
    return readable_proposal(pole_id, proposal_id)


def _amendment(pole_id: str, proposal_id: str, *, secretary: bool = False) -> tuple[dict[str, Any], dict[str, Any],
                                                                                      int | None]:
    """An amendment (`_proposal`), the resolution it amends, whose page its commands go back to (404 when the
    proposal is not an amendment), and its number, which names its forms and its place on that page."""
    amendment = _proposal(pole_id, proposal_id, secretary=secretary)
    if not amendment.get("amends"):
        abort(404, description="This proposal is not an amendment.")
    return amendment, readable_proposal(pole_id, amendment["amends"]), (amendment["amendment"] or {}).get("number")


def _speaking(form: Any, pole_id: str, *, pole: bool = True) -> tuple[Any, list[SelectChoice]]:
    """A form naming who speaks, offering whom the person may speak for (`speakers`); the command reads the one
    chosen with `chosen_speaker` once the form is valid (403 for one the person may not name)."""
    choices = speakers(pole_id, pole=pole)
    form.speaker.choices = choices
    return form, choices


def _run(pole_id: str, p: dict[str, Any], prefix: str, form: Any, command: Callable[[], T], done: str,
         anchor: str | Callable[[T], str], **posted: Any) -> Page:
    """Validate `form` (named by its `prefix` on the page), run the domain's command, flash `done` and go back to the
    page of `p` at `anchor` (given the command's result when it names what the command made). The form's errors, or
    the domain's refusal, re-show that page with the person's input (the form, and any other `posted` values such as
    the amendment's college shares), HTTP 422, nothing stored."""
    forms = {prefix: form, **posted}
    if not form.validate():
        return _again(pole_id, p, None, forms)
    result, refusal = attempt(command)
    if refusal is not None:
        return _again(pole_id, p, refusal, forms)
    flash(done, "success")
    return _back(pole_id, p, anchor(result) if callable(anchor) else anchor)


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

