"""Elections to the board and the board's own decisions (issue 21): the secretary drafts an election, records and
withdraws candidacies, addresses a draft to the board; a member stands for election (or withdraws) on an election
on a convened assembly's agenda. Ballots go through the vote page's route (web/votes/pages.py `cast`), results
are web/votes/results.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from governance.errors import DomainError
from governance.statutes import MAX_SEATS, Board, Statutes
from web.edge import (MEMBER, SECRETARY, actor, app, attempt, current_statutes, is_secretary, pole_or_404,
                      proposal_of_pole, queries, refusal_status, represented, require_pole_role, secretary_pole)
from web.forms import ConfirmForm
from web.labels import METHOD_OPTIONS, options, seat_label
from web.votes.manage import labels as secretary_labels
from web.votes.standing import member_name, member_names

bp = Blueprint("elections", __name__, template_folder="templates")
bp.context_processor(secretary_labels)  # the secretary's proposal page is re-shown from here with a refusal
MANAGE = "/poles/<pole_id>/manage/proposals/<proposal_id>"
SEATS_MESSAGE = _l("Give a number between %(min)s and %(max)s.")


class ElectionForm(FlaskForm):
    """An election's draft; one `reserved_<college>` field per college of the statutes is added by `election_form`."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the resolution"), validators=[DataRequired(), Length(max=100_000)])
    seats = IntegerField(_l("Seats to fill"), validators=[InputRequired(), NumberRange(min=1, max=MAX_SEATS,
                                                                                       message=SEATS_MESSAGE)])


class CandidateForm(FlaskForm):
    member = SelectField(_l("Member standing for election"), validate_choice=False,
                         validators=[DataRequired(_l("Choose the member who stands for election."))])


def board_of(statutes: dict[str, Any]) -> Board | None:
    try:
        return Statutes.from_dict(statutes).board
    except (DomainError, ValueError, TypeError, ZeroDivisionError):  # checked when recorded; a page never fails
        return None


def election_form(pole_id: str, formdata: Any = "post") -> tuple[ElectionForm, list[tuple[str, str]]]:
    """The election form with one reserved-seats field per college, prefilled with the statutes' reserved seats."""
    statutes = current_statutes(pole_id)
    board = board_of(statutes)
    colleges = [(c["code"], c["name"]) for c in statutes.get("colleges", [])]

    class Form(ElectionForm):
        pass

    for code, name in colleges:
        setattr(Form, f"reserved_{code}", IntegerField(
            name, default=(board.reserved.get(code, 0) if board else 0),
            validators=[Optional(), NumberRange(min=0, max=MAX_SEATS, message=SEATS_MESSAGE)]))
    data = {"seats": board.seats if board else 1, "title": _("Election of the %(board)s", board=board.name)
            if board else ""}
    form = Form(data=data) if request.method == "GET" or formdata is None else Form()
    return form, colleges


@bp.route("/poles/<pole_id>/manage/elections/new", methods=["GET", "POST"])
@login_required
def new_election(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    form, colleges = election_form(pole_id)
    board = board_of(current_statutes(pole_id))

    def render(refusal: str | None = None, status: int = 200) -> Any:
        return render_template("elections/new.html", pole=pole, form=form, colleges=colleges, board=board,
                               refusal=refusal, method_options=METHOD_OPTIONS), status
    if not form.validate_on_submit():
        return render(status=422 if request.method == "POST" else 200)
    reserved = {code: getattr(form, f"reserved_{code}").data or 0 for code, _name in colleges}
    proposal_id, refusal = attempt(lambda: app().draft_election(
        pole_id, title=form.title.data, text=form.text.data, seats=form.seats.data,
        reserved={code: n for code, n in reserved.items() if n}, actor=actor()))
    if refusal is not None:
        return render(refusal, 422)
    flash(_("The election is drafted. Record the candidacies, then open the vote or put it on an assembly's "
            "agenda."), "success")
    return redirect(url_for("secretary.proposal", pole_id=pole_id, proposal_id=proposal_id))


# -- the secretary's commands on a draft --------------------------------------------------------------
def _secretary_draft(pole_id: str, proposal_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    pole = secretary_pole(pole_id)
    return pole, proposal_of_pole(pole_id, proposal_id)


def _back_to_draft(pole: dict[str, Any], p: dict[str, Any], command: Any, done: str,
                   **forms: FlaskForm) -> Any:
    from web.votes.manage import _proposal_page
    refusal = attempt(command)[1]
    if refusal is not None:
        return _proposal_page(pole, p, refusal, 422, **forms)
    flash(done, "success")
    return redirect(url_for("secretary.proposal", pole_id=pole["id"], proposal_id=p["id"]))


@bp.post(f"{MANAGE}/candidates")
@login_required
def add_candidate(pole_id: str, proposal_id: str) -> Any:
    pole, p = _secretary_draft(pole_id, proposal_id)
    form = CandidateForm(prefix="candidate")
    form.member.choices = _admitted_choices(pole_id)
    if not form.validate_on_submit():
        from web.votes.manage import _proposal_page
        return _proposal_page(pole, p, _("Choose the member who stands for election."), 422, candidate_form=form)
    name = member_name(member_names(pole_id, [form.member.data]), form.member.data)
    return _back_to_draft(pole, p, lambda: app().declare_candidate(p["id"], form.member.data, actor=actor()),
                          _("The candidacy of %(name)s is recorded.", name=name), candidate_form=form)


@bp.post(f"{MANAGE}/candidates/withdraw")
@login_required
def remove_candidate(pole_id: str, proposal_id: str) -> Any:
    pole, p = _secretary_draft(pole_id, proposal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    member = request.form.get("member", "")
    return _back_to_draft(pole, p, lambda: app().withdraw_candidacy(p["id"], member, actor=actor()),
                          _("The candidacy is withdrawn."))


@bp.post(f"{MANAGE}/board")
@login_required
def address_to_board(pole_id: str, proposal_id: str) -> Any:
    pole, p = _secretary_draft(pole_id, proposal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _back_to_draft(pole, p, lambda: app().address_to_board(p["id"], actor=actor()),
                          _("The draft is addressed to the board: its members will vote on it, one person one "
                            "vote (Code de commerce, art. L225-37)."))


def _admitted_choices(pole_id: str, exclude: set[str] | None = None) -> list[tuple[str, str]]:
    return options([("", _("Choose a member…"))] + [
        (m["id"], m["name"]) for m in sorted(queries().members(pole_id), key=lambda m: m["name"].lower())
        if m["status"] == "admitted" and m["id"] not in (exclude or set())])


def election_panel(p: dict[str, Any]) -> dict[str, Any]:
    """What the secretary's proposal page shows about an election or the deciding body: the candidates, the form
    recording a candidacy, whether the draft may be addressed to the board."""
    pole_id = p["pole_id"]
    statutes = current_statutes(pole_id)
    board = board_of(statutes)
    colleges = {c["code"]: c["name"] for c in statutes.get("colleges", [])}
    election = p.get("election") or None
    candidates = list((election or {}).get("candidates") or [])
    form = CandidateForm(prefix="candidate", formdata=None)
    form.member.choices = _admitted_choices(pole_id, {c["member_id"] for c in candidates})
    return {"board": board, "election": election, "candidates": candidates, "colleges": colleges,
            "candidate_form": form, "confirm": ConfirmForm(formdata=None), "method_options": METHOD_OPTIONS,
            "seat_label": seat_label,
            "can_address": board is not None and p["status"] == "draft" and p.get("body") != "board"
            and election is None and not p.get("assembly_id") and not p["secret"]}


bp.add_app_template_global(election_panel, "election_panel")


# -- a member's own candidacy -----------------------------------------------------------------------
def election_of_pole(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """An election of this pole that the caller may see: a draft only for secretaries, or once it is on a convened
    assembly's agenda (members were convened on it); 404 otherwise."""
    p = queries().proposal(proposal_id)
    if p is None or p["pole_id"] != str(pole_id) or (
            p["status"] == "draft" and not p.get("assembly_id") and not is_secretary(pole_id)):
        abort(404, description=f"No proposal {proposal_id} in this pole.")
    return p


@bp.get("/poles/<pole_id>/elections/<proposal_id>/candidacy")
@login_required
def candidacy(pole_id: str, proposal_id: str) -> Any:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    p = election_of_pole(pole_id, proposal_id)
    if not p.get("election"):
        abort(404, description="This proposal is not an election.")
    if p["status"] != "draft":
        return redirect(url_for("votes.proposal", pole_id=pole_id, proposal_id=proposal_id))
    return _candidacy_page(pole_id, p)


def _candidacy_page(pole_id: str, p: dict[str, Any], refusal: str | None = None, status: int = 200) -> Any:
    statutes = current_statutes(pole_id)
    colleges = {c["code"]: c["name"] for c in statutes.get("colleges", [])}
    election = p.get("election") or {"candidates": [], "seats": 0, "reserved": {}}
    standing = {c["member_id"] for c in election["candidates"]}
    mine = current_user.members_in(pole_id)
    names = member_names(pole_id, mine)
    return render_template("elections/candidacy.html", pole=pole_or_404(pole_id), p=p, election=election,
                           colleges=colleges, board=board_of(statutes), refusal=refusal,
                           mine=[{"id": m, "name": member_name(names, m), "standing": m in standing} for m in mine],
                           confirm=ConfirmForm(formdata=None)), status


def _own_candidacy(pole_id: str, proposal_id: str, withdraw: bool) -> Any:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    p = election_of_pole(pole_id, proposal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    mine = represented(pole_id)
    member = request.form.get("member") or (mine[0] if len(mine) == 1 else "")
    if withdraw:
        command = lambda: app().withdraw_candidacy(p["id"], member, actor=actor(), represented=mine)  # noqa: E731
        done = _("Your candidacy is withdrawn.")
    else:
        command = lambda: app().declare_candidate(p["id"], member, actor=actor(), represented=mine)  # noqa: E731
        done = _("Your candidacy is recorded.")
    refusal = attempt(command)[1]
    if refusal is not None:
        return _candidacy_page(pole_id, p, refusal, refusal_status(refusal.error))
    flash(done, "success")
    return redirect(url_for(".candidacy", pole_id=pole_id, proposal_id=p["id"]))


@bp.post("/poles/<pole_id>/elections/<proposal_id>/candidacy")
@login_required
def declare(pole_id: str, proposal_id: str) -> Any:
    return _own_candidacy(pole_id, proposal_id, withdraw=False)


@bp.post("/poles/<pole_id>/elections/<proposal_id>/candidacy/withdraw")
@login_required
def withdraw(pole_id: str, proposal_id: str) -> Any:
    return _own_candidacy(pole_id, proposal_id, withdraw=True)
