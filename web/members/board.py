"""The board (issue 21): who sits on it on a given day, with their seats, officer roles and mandates (elected, or
co-opted and waiting for the next ordinary assembly's ratification, Code de commerce L225-24); each person's
mandates; the mandates ending within six months; for the secretary, the board's own records (a resignation or a
death, a co-optation, an officer appointed) and the mandates as CSV."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from governance import clock
from governance.board import RENEWAL_NOTICE_MONTHS, ending_within
from governance.convocation import paris_day
from web.dates import parse_day
from web.formatting import date_long
from web.edge import (MEMBER, SECRETARY, actor, app, attempt, current_statutes, is_secretary, member_of_pole,
                      pole_or_404, queries, require_pole_role, secretary_pole)
from web.labels import END_REASON_OPTIONS, MANDATE_BY_OPTIONS, options, seat_label

bp = Blueprint("board", __name__, template_folder="templates")
BASE = "/poles/<pole_id>/board"
SECRETARY_END_REASONS = ("resignation", "death")  # a removal is voted by the ordinary assembly, a term ends itself


class EndMandateForm(FlaskForm):
    mandate = SelectField(_l("Mandate"), validate_choice=False,
                          validators=[DataRequired(_l("Choose the mandate that ends."))])
    reason = SelectField(_l("Reason"), choices=options([(r, END_REASON_OPTIONS[r]) for r in SECRETARY_END_REASONS]))
    on = DateField(_l("Ended on"), validators=[DataRequired(_l("Give the date (YYYY-MM-DD)."))])
    decision = StringField(_l("Reference (letter, certificate…)"), validators=[DataRequired(), Length(max=500)])


class CooptForm(FlaskForm):
    member = SelectField(_l("Member co-opted"), validate_choice=False,
                         validators=[DataRequired(_l("Choose the member co-opted."))])
    replaces = SelectField(_l("Seat left vacant by"), validate_choice=False,
                           validators=[DataRequired(_l("Choose the vacant seat."))])
    on = DateField(_l("Sits from"), validators=[DataRequired(_l("Give the date (YYYY-MM-DD)."))])
    decision = StringField(_l("Decision of the board"), validators=[DataRequired(), Length(max=500)])


class OfficerForm(FlaskForm):
    mandate = SelectField(_l("Member of the board"), validate_choice=False,
                          validators=[DataRequired(_l("Choose the member of the board."))])
    role = SelectField(_l("Role"), validate_choice=False, validators=[DataRequired(_l("Choose the role."))])
    decision = StringField(_l("Decision of the board"), validators=[DataRequired(), Length(max=500)])


def today_in_paris() -> date:
    """Today in Paris by the governance clock (the mandates' days are Paris days)."""
    return paris_day(clock.now())


def _colleges(pole_id: str) -> dict[str, str]:
    return {c["code"]: c["name"] for c in current_statutes(pole_id).get("colleges", [])}


def _board_settings(pole_id: str) -> dict[str, Any] | None:
    return current_statutes(pole_id).get("board")


def _described(mandate: dict[str, Any], colleges: dict[str, str]) -> dict[str, Any]:
    """A mandate with its seat, origin and end in words."""
    by = MANDATE_BY_OPTIONS.get(mandate["by"], mandate["by"])
    if mandate["by"] == "cooptation":
        by = f"{by} — " + (_("ratified by the assembly") if mandate.get("ratified") else
                           _("to be ratified by the next ordinary assembly (art. L225-24)"))
    return {**mandate, "seat_words": seat_label(mandate["seat"], colleges), "by_words": by,
            "college_name": colleges.get(mandate["college"], mandate["college"] or "—"),
            "end_words": END_REASON_OPTIONS.get(mandate.get("end_reason") or "", "")}


def ending_soon(pole_id: str) -> list[dict[str, Any]]:
    """The mandates in office today whose term ends within six months (their renewal goes on the next AGO)."""
    colleges = _colleges(pole_id)
    return [_described(dict(m), colleges) for m in ending_within(queries().mandates(pole_id), today_in_paris(),
                                                                   RENEWAL_NOTICE_MONTHS)]


bp.add_app_template_global(ending_soon, "mandates_ending_soon")


@bp.get(BASE)
@login_required
def board(pole_id: str) -> Any:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    error, status = None, 200
    today = today_in_paris()
    try:
        day = parse_day(request.args.get("date")) or today
    except ValueError:
        day, status = today, 400
        error = _("“%(value)s” is not a date: use the date picker or the form YYYY-MM-DD.",
                  value=request.args.get("date", "")[:40])
    return _page(pole_id, day, today, error=error, status=status)


def _page(pole_id: str, day: date, today: date, *, error: str | None = None, status: int = 200,
          refusal: str | None = None, **forms: FlaskForm) -> Any:
    colleges = _colleges(pole_id)
    mandates = [_described(m, colleges) for m in queries().mandates(pole_id)]
    sitting = [_described(m, colleges) for m in queries().board_on(pole_id, day.isoformat())]
    people: dict[str, dict[str, Any]] = {}
    for m in sorted(mandates, key=lambda m: (m["name"].lower(), m["starts_on"])):
        people.setdefault(m["member_id"], {"name": m["name"], "member_id": m["member_id"], "mandates": []})
        people[m["member_id"]]["mandates"].append(m)
    secretary = is_secretary(pole_id)
    context: dict[str, Any] = {"pole": pole_or_404(pole_id), "day": day, "today": today, "sitting": sitting,
                               "people": list(people.values()), "settings": _board_settings(pole_id),
                               "secretary": secretary, "error": error, "refusal": refusal,
                               "ending": ending_soon(pole_id) if secretary else []}
    if secretary:
        context.update(_forms(pole_id, today, mandates, **forms))
    return render_template("board/board.html", **context), status


def _forms(pole_id: str, today: date, mandates: list[dict[str, Any]], **given: FlaskForm) -> dict[str, Any]:
    active = [m for m in mandates if m["status"] == "active"]
    settings = _board_settings(pole_id) or {}
    end_form = given.get("end_form") or EndMandateForm(prefix="end", formdata=None, data={"on": today})
    end_form.mandate.choices = options([("", _("Choose a mandate…"))] + [
        (m["id"], f"{m['name']} — {m['seat_words']}") for m in active])
    coopt_form = given.get("coopt_form") or CooptForm(prefix="coopt", formdata=None, data={"on": today})
    filled = {m.get("replaces") for m in mandates if m.get("replaces")}
    coopt_form.replaces.choices = options([("", _("Choose the vacant seat…"))] + [
        (m["id"], _("%(name)s (%(reason)s on %(date)s), until %(end)s", name=m["name"], reason=m["end_words"],
                    date=date_long(m["ended_on"]), end=date_long(m["ends_on"])))
        for m in mandates if m.get("end_reason") in SECRETARY_END_REASONS and m["id"] not in filled])
    coopt_form.member.choices = options([("", _("Choose a member…"))] + [
        (m["id"], m["name"]) for m in queries().members(pole_id, status="admitted")])
    officer_form = given.get("officer_form") or OfficerForm(prefix="officer", formdata=None)
    officer_form.mandate.choices = end_form.mandate.choices
    officer_form.role.choices = options([("", _("Choose a role…"))] + [(r, r) for r in settings.get("officers") or []])
    return {"end_form": end_form, "coopt_form": coopt_form, "officer_form": officer_form}


def _command(pole_id: str, command: Any, done: str, **forms: FlaskForm) -> Any:
    refusal = attempt(command)[1]
    today = today_in_paris()
    if refusal is not None:
        return _page(pole_id, today, today, refusal=refusal, status=422, **forms)
    flash(done, "success")
    return redirect(url_for(".board", pole_id=pole_id))


def _invalid(pole_id: str, **forms: FlaskForm) -> Any:
    today = today_in_paris()
    return _page(pole_id, today, today, refusal=_("Complete the highlighted fields."), status=422, **forms)


@bp.post(f"{BASE}/end")
@login_required
def end_mandate(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = EndMandateForm(prefix="end")
    if not form.validate_on_submit():
        return _invalid(pole_id, end_form=form)
    return _command(pole_id, lambda: app().end_mandate(pole_id, form.mandate.data, on=form.on.data,
                                                       reason=form.reason.data, decision=form.decision.data,
                                                       actor=actor()),
                    _("The end of the mandate is recorded."), end_form=form)


@bp.post(f"{BASE}/cooptation")
@login_required
def coopt(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = CooptForm(prefix="coopt")
    if not form.validate_on_submit():
        return _invalid(pole_id, coopt_form=form)
    return _command(pole_id, lambda: app().coopt(pole_id, form.member.data, replaces=form.replaces.data,
                                                 on=form.on.data, decision=form.decision.data, actor=actor()),
                    _("The co-optation is recorded; the next ordinary assembly ratifies it (Code de commerce, "
                      "art. L225-24)."), coopt_form=form)


@bp.post(f"{BASE}/officer")
@login_required
def appoint_officer(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = OfficerForm(prefix="officer")
    if not form.validate_on_submit():
        return _invalid(pole_id, officer_form=form)
    return _command(pole_id, lambda: app().appoint_officer(pole_id, form.mandate.data, role=form.role.data,
                                                           decision=form.decision.data, actor=actor()),
                    _("The officer is appointed."), officer_form=form)


@bp.get(f"{BASE}/members/<member_id>")
@login_required
def member_mandates(pole_id: str, member_id: str) -> Any:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    member = member_of_pole(pole_id, member_id)
    colleges = _colleges(pole_id)
    return render_template("board/member.html", pole=pole_or_404(pole_id), member=member,
                           mandates=[_described(m, colleges) for m in queries().mandates_of(pole_id, member_id)])


def _cell(value: Any) -> str:
    """Free text, neutralised so that a spreadsheet never runs it as a formula (as the register's export)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get(f"{BASE}/mandates.csv")
@login_required
def mandates_csv(pole_id: str) -> Response:
    pole = secretary_pole(pole_id)
    colleges = _colleges(pole_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Member"), _("Identifier"), _("College"), _("Seat"), _("Officer role"), _("From"),
                     _("Until"), _("By"), _("Decision"), _("Status"), _("Ended on"), _("End reason")])
    for m in queries().mandates(pole_id):
        d = _described(m, colleges)
        writer.writerow([_cell(m["name"]), m["member_id"], _cell(d["college_name"]), _cell(d["seat_words"]),
                         _cell(m.get("officer") or ""), m["starts_on"], m["ends_on"], _cell(d["by_words"]),
                         _cell(m.get("proposal_id") or ""), m["status"], m.get("ended_on") or "",
                         _cell(d["end_words"])])
    slug = unicodedata.normalize("NFKD", pole["name"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "pole"
    filename = f"mandats-{slug}-{today_in_paris().isoformat()}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
