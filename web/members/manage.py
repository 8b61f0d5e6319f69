"""The board secretary's decisions on members: requests recorded, admitted or refused, a college assigned,
withdrawals and exclusions (when the statutes leave them to the board: governance/pole.py)."""

from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from infrastructure.accounts_tables import MAX_POSTAL_ADDRESS
from infrastructure.contacts import postal_address as read_postal_address, postal_addresses, set_postal_address
from web.edge import actor, app, attempt, current_statutes, member_of_pole, queries, secretary_pole, system
from governance.statutes import Statutes
from web.labels import (BODY_OPTIONS, CATEGORY_LABELS, MEMBER_KIND_LABELS, MEMBER_STATUS_OPTIONS, category_options,
                        options)
from web.members.forms import MEMBER_ACTIONS, AssignForm, RequestForm

bp = Blueprint("members", __name__, template_folder="templates")
BASE = "/poles/<pole_id>/manage"


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"member_kind_labels": MEMBER_KIND_LABELS, "member_status_options": MEMBER_STATUS_OPTIONS,
            "body_options": BODY_OPTIONS, "category_labels": CATEGORY_LABELS}


@bp.get(f"{BASE}/members")
@login_required
def index(pole_id: str) -> Any:
    return _members_page(secretary_pole(pole_id))


def _member_form(action: str, member_id: str, colleges: list[tuple[str, str]], **kwargs: Any) -> FlaskForm:
    """The form of one decision on one member; the college choice offers the colleges in force."""
    form = MEMBER_ACTIONS[action](prefix=f"{action}-{member_id}", **kwargs)
    if isinstance(form, AssignForm):
        form.college.choices = options(colleges)
    return form


def _colleges(statutes: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["code"], c["name"]) for c in statutes.get("colleges", [])]


def _request_form(statutes: dict[str, Any], **kwargs: Any) -> RequestForm:
    """The membership request form; its categories are the statutes' (or the default list)."""
    form = RequestForm(**kwargs)
    form.category.choices = [("", _("— choose a category —"))] + category_options(
        Statutes.from_dict(statutes).category_choices)
    return form


def _members_page(pole: dict[str, Any], refusal: str | None = None, status: int = 200,
                  bound: dict[tuple[str, str], FlaskForm] | None = None,
                  request_form: RequestForm | None = None) -> Any:
    bound = bound or {}
    pole_id = pole["id"]
    statutes = current_statutes(pole_id)
    colleges = _colleges(statutes)
    everyone = queries().members(pole_id)
    refused_at = next((f"member-{member_id}" for (_action, member_id) in bound), None)  # the form that failed

    def forms(action: str, member_id: str) -> FlaskForm:
        return bound.get((action, member_id)) or _member_form(action, member_id, colleges, formdata=None)
    return render_template(
        "members/manage.html", pole=pole, refusal=refusal, statutes=statutes, colleges=dict(colleges),
        version=queries().statutes_as_of(pole_id), forms=forms,
        requested=[m for m in everyone if m["status"] == "requested"],
        roster=[m for m in everyone if m["status"] == "admitted"],
        former=sorted((m for m in everyone if m["status"] in ("refused", "withdrawn", "excluded")),
                      key=lambda m: m["updated_at"], reverse=True),
        request_form=request_form or _request_form(statutes, formdata=None), refused_at=refused_at,
        addresses=postal_addresses(system().engine, pole_id)), status


@bp.post(f"{BASE}/members/request")
@login_required
def record_request(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    form = _request_form(current_statutes(pole_id))
    if not form.validate_on_submit():
        return _members_page(pole, status=422, request_form=form)
    refusal = attempt(lambda: app().request_membership(
        pole_id, name=form.name.data, kind=form.kind.data, category=form.category.data,
        representative=form.representative.data or "", actor=actor()))[1]
    if refusal is not None:
        return _members_page(pole, refusal, 422, request_form=form)
    flash(_("The request of %(name)s is recorded: it now awaits a decision.", name=form.name.data), "success")
    return redirect(url_for(".index", pole_id=pole_id))


def _member_command(pole_id: str, member_id: str, action: str, command: Callable[[Any], None],
                    done: str) -> Any:
    """Validate the member's form, run the use case, and redirect — or re-render with 422."""
    pole = secretary_pole(pole_id)
    member = member_of_pole(pole_id, member_id)
    form = _member_form(action, member_id, _colleges(current_statutes(pole_id)))
    if not form.validate_on_submit():
        return _members_page(pole, status=422, bound={(action, member_id): form})
    refusal = attempt(lambda: command(form))[1]
    if refusal is not None:
        return _members_page(pole, refusal, 422, bound={(action, member_id): form})
    flash(done % {"name": member["name"]}, "success")
    return redirect(url_for(".index", pole_id=pole_id))


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
def withdraw(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "withdraw", lambda f: app().withdraw_member(
        pole_id, member_id, reason=f.reason.data or "", actor=actor()),
        _("The withdrawal of %(name)s is recorded."))


@bp.post(f"{BASE}/members/<member_id>/exclude")
@login_required
def exclude(pole_id: str, member_id: str) -> Any:
    return _member_command(pole_id, member_id, "exclude", lambda f: app().exclude_member(
        pole_id, member_id, reasons=f.reasons.data, decision=f.decision.data, actor=actor()),
        _("%(name)s is excluded."))


# -- postal addresses (convocations by post, issue 20): contact data, kept out of the event log --------------
class AddressForm(FlaskForm):
    # A little room above the stored limit: lines and spaces are trimmed before infrastructure.contacts checks it.
    address = TextAreaField(_l("Postal address"), validators=[Optional(), Length(max=2 * MAX_POSTAL_ADDRESS)])


def _safe_back(pole_id: str) -> str | None:
    """Where to return after saving (`?back=`): a page of this pole only."""
    back = request.args.get("back", "")
    safe = back.startswith(f"/poles/{pole_id}/") and "//" not in back and "\\" not in back and back.isprintable()
    return back if safe else None


@bp.route(f"{BASE}/members/<member_id>/address", methods=["GET", "POST"])
@login_required
def postal_address(pole_id: str, member_id: str) -> Any:
    """The member's postal address, where convocations by post are sent (Code de commerce R225-63, R225-67);
    emptied, it is erased."""
    pole = secretary_pole(pole_id)
    member = member_of_pole(pole_id, member_id)
    engine = system().engine
    back = _safe_back(pole_id)
    if request.method == "GET":
        form = AddressForm(formdata=None, address=read_postal_address(engine, pole_id, member_id))
        return render_template("members/address.html", pole=pole, member=member, form=form, back=back, refusal=None)
    form = AddressForm()
    refusal = None
    if form.validate_on_submit():
        refusal = attempt(lambda: set_postal_address(engine, pole_id, member_id, form.address.data or ""))[1]
        if refusal is None:
            kept = (form.address.data or "").strip()
            flash(_("The postal address of %(name)s is recorded.", name=member["name"]) if kept
                  else _("The postal address of %(name)s is erased.", name=member["name"]), "success")
            return redirect(back or url_for(".index", pole_id=pole_id, _anchor=f"member-{member_id}"))
    return render_template("members/address.html", pole=pole, member=member, form=form, back=back,
                           refusal=refusal), 422
