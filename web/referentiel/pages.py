"""The PTCE référentiel's pages (issue 24): the pole's référentiel, its campaigns, answering one, the results.

- `framework`: the versions (1 = the Labo de l'ESS seed, with its source; the pole's own), and for the secretary the
  form of a new version from the latest (`Collegia.adopt_referentiel`).
- `campaigns`: the pole's campaigns, a « Respond » link where the person answers; for the secretary the form that
  opens one (`Collegia.open_campaign`) and the button that closes one (`Collegia.close_campaign`, confirmed first).
- `campaign`: the answer form of a respondent (a member organisation answers through its representative: the
  members they represent, web.edge `represented`; a named person for themself), prefilled with its saved answers
  (`Collegia.own_answers`: the respondent's own only); for the others, and after the close, the campaign's status
  and participation (who answered and when for the secretary, the counts for the members: never what).
- `results` (closed campaigns): the gaps first, the respondents per college, the radars, the tables, the small-group
  warning, the justifications (anonymous), the change since the previous closed campaign; for the secretary the
  forms that draft a strategy revision from an objective (`Collegia.draft_revision_from_campaign`), and each
  respondent's answers only when the campaign said at its opening that they are shared (`Collegia.campaign_answers`).
- `results_csv`: the results per indicator and college. There is no export of individual answers, shared or not:
  the sharing promised at the opening is with the secretary, on Collegia (the results page shows them); a file
  leaves the platform, its access checks and its register, and outlives the secretary's mandate.

A refused command re-shows its page with the domain's reason, HTTP 422, nothing stored (web/edge.py `attempt`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from fractions import Fraction
from typing import Any

from babel.numbers import format_decimal as babel_decimal
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from governance import clock
from governance.assessment import CLOSED, NO_COLLEGE, OPEN, PLANNED, summary
from governance.referentiel import ACHIEVEMENT, IMPORTANCE, SCALES, Referentiel, Stats, normalised
from web.edge import (MEMBER, SECRETARY, accounts, actor, app, attempt, caller, current_statutes, is_secretary,
                      pole_or_404, queries, represented, require_pole_role, secretary_pole)
from web.forms import ConfirmForm
from web.formatting import date_long
from web.labels import STATUS_OPTIONS as PROPOSAL_STATUS_OPTIONS
from web.referentiel.charts import movement_svg, radar_svg
from web.referentiel.forms import (MEMBERS, PEOPLE, OpenCampaignForm, RevisionForm, answer_form, field_name,
                                   posted_answers, posted_version, version_form)

bp = Blueprint("referentiel", __name__, template_folder="templates")
Page = str | tuple[Any, ...] | Response
BASE = "/poles/<pole_id>/referentiel"
CAMPAIGN = f"{BASE}/campaigns/<campaign_id>"
ENDED = "ended"  # open, its closing day past, not closed yet: no more answers, the results wait for the secretary

STATUS_OPTIONS = {PLANNED: _l("Planned"), OPEN: _l("Open to answers"), ENDED: _l("Answers closed, results to come"),
                  CLOSED: _l("Closed, results published")}
SCALE_OPTIONS = {IMPORTANCE: _l("Importance"), ACHIEVEMENT: _l("Achievement")}
SCALE_WORDS = {IMPORTANCE: _l("importance"), ACHIEVEMENT: _l("achievement")}
RADAR_TITLES = {ACHIEVEMENT: _l("Median achievement per principal objective"),
                IMPORTANCE: _l("Median importance per principal objective")}
MODE_WORDS = {MEMBERS: _l("every member organisation, in its college"), PEOPLE: _l("named people")}
OUTSIDE = _l("Outside the colleges")
EVERYONE = _l("All respondents")


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"status_options": STATUS_OPTIONS, "scale_options": SCALE_OPTIONS, "scale_words": SCALE_WORDS,
            "mode_words": MODE_WORDS, "figure": figure, "distribution_text": distribution_text,
            "field_name": field_name, "IMPORTANCE": IMPORTANCE, "ACHIEVEMENT": ACHIEVEMENT}


# -- small helpers ---------------------------------------------------------------------------------------
def figure(value: Fraction | float | None, places: int = 2) -> str:
    """A median or a mean as the page writes it ('3,5', '3,67'), '—' when nobody rated."""
    if value is None:
        return "—"
    return format_decimal(float(value), format="#,##0." + "#" * places)


def distribution_text(st: Stats) -> str:
    """'2 × 4 · 1 × 6': how many gave each value (the values nobody gave left out)."""
    return " · ".join(f"{count} × {value}" for value, count in sorted(st.distribution.items()) if count) or "—"


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def status_of(row: dict[str, Any], today: date | None = None) -> str:
    """The campaign's status as its page says it (governance/assessment.py `Campaign.status`, with `ENDED`)."""
    if row["closed"]:
        return CLOSED
    day = today or clock.today()
    if day < _day(row["opens_on"]):
        return PLANNED
    return ENDED if day > _day(row["closes_on"]) else OPEN


def campaign_of_pole(pole_id: str, campaign_id: str) -> dict[str, Any]:
    """The campaign's read-model row, if it is this pole's; 404 otherwise."""
    row = queries().campaign(campaign_id)
    if row is None or str(row["pole_id"]) != str(pole_id):
        abort(404, description=f"No campaign {campaign_id} in this pole.")
    return row


def respondents_of(row: dict[str, Any]) -> dict[str, str]:
    """Who is asked to answer (respondent id → college), from the row, else from the campaign itself."""
    listed = row.get("respondents")
    if isinstance(listed, dict):
        return {str(k): v or "" for k, v in listed.items()}
    return {r["id"]: r["college"] for r in app().get_campaign(row["id"]).respondents}


def answerable(pole_id: str, row: dict[str, Any]) -> list[str]:
    """The respondents the person answers for: the members they represent (members mode), or themself (people)."""
    respondents = respondents_of(row)
    if row["mode"] == PEOPLE:
        return [actor()] if actor() in respondents else []
    return [m for m in represented(pole_id) if m in respondents]


def college_names(pole_id: str) -> dict[str, str]:
    """College code → name (the statutes in force), "" → outside the colleges."""
    names = {c["code"]: c.get("name") or c["code"] for c in current_statutes(pole_id).get("colleges") or []}
    return {**names, NO_COLLEGE: str(OUTSIDE)}


def respondent_names(pole_id: str, row: dict[str, Any], ids: list[str]) -> dict[str, str]:
    """How a respondent is named: its member's name (members mode), the person as the campaign named them."""
    if row["mode"] == PEOPLE:
        return {i: i for i in ids}
    index = queries().member_name_index(pole_id)
    return {i: index.get(i, i) for i in ids}


def _versions(pole_id: str) -> list[Referentiel]:
    latest = app().referentiel(pole_id)
    return [app().referentiel(pole_id, n) for n in range(1, latest.version + 1)]


def _slug(pole: dict[str, Any]) -> str:
    slug = unicodedata.normalize("NFKD", pole["name"]).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "pole"


def _cell(value: Any) -> str:
    """Free text, neutralised so that a spreadsheet never runs it as a formula (as the other exports)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- the référentiel and its versions ----------------------------------------------------------------------
@bp.get(BASE)
@login_required
def framework(pole_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    return _framework_page(pole_id)


@bp.post(f"{BASE}/versions")
@login_required
def adopt(pole_id: str) -> Page:
    secretary_pole(pole_id)
    latest = app().referentiel(pole_id)
    form = version_form(latest, prefix="version")
    if not form.validate():
        return _framework_page(pole_id, form=form, status=422)
    number, refusal = attempt(lambda: app().adopt_referentiel(pole_id, referentiel=posted_version(form, latest),
                                                               actor=actor()))
    if refusal is not None:
        return _framework_page(pole_id, form=form, refusal=refusal, status=422)
    flash(_("Version %(version)s of the référentiel is adopted: the next campaigns can use it.", version=number),
          "success")
    return redirect(url_for(".framework", pole_id=pole_id, _anchor=f"version-{number}"))


def _framework_page(pole_id: str, form: Any = None, refusal: str | None = None, status: int = 200) -> Page:
    versions = _versions(pole_id)
    secretary = is_secretary(pole_id)
    if secretary and form is None:
        form = version_form(versions[-1], prefix="version", formdata=None)
    return render_template("referentiel/framework.html", pole=pole_or_404(pole_id), versions=versions,
                           latest=versions[-1], secretary=secretary, form=form if secretary else None,
                           refusal=refusal), status


# -- the campaigns -------------------------------------------------------------------------------------------
@bp.get(f"{BASE}/campaigns")
@login_required
def campaigns(pole_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    return _campaigns_page(pole_id)


@bp.post(f"{BASE}/campaigns")
@login_required
def open_campaign(pole_id: str) -> Page:
    secretary_pole(pole_id)
    form = _open_form(pole_id)
    if not form.validate():
        return _campaigns_page(pole_id, form=form, status=422)
    people = [{"id": p, "college": college} for p, college in _people(pole_id)
              if p in (form.people.data or [])] if form.mode.data == PEOPLE else None
    campaign_id, refusal = attempt(lambda: app().open_campaign(
        pole_id, title=form.title.data or "", opens_on=form.opens_on.data, closes_on=form.closes_on.data,
        version=form.version.data, mode=form.mode.data, people=people, individual_shared=form.shared.data == "yes",
        actor=actor()))
    if refusal is not None:
        return _campaigns_page(pole_id, form=form, refusal=refusal, status=422, anchor="open-campaign")
    flash(_("The campaign « %(title)s » is open to its respondents from %(day)s.", title=form.title.data,
            day=date_long(form.opens_on.data)), "success")
    return redirect(url_for(".campaign", pole_id=pole_id, campaign_id=str(campaign_id)))


@bp.post(f"{CAMPAIGN}/close")
@login_required
def close(pole_id: str, campaign_id: str) -> Page:
    pole = secretary_pole(pole_id)
    row = campaign_of_pole(pole_id, campaign_id)
    form = ConfirmForm(prefix="close")
    if not form.validate():
        abort(400)
    if request.form.get("confirm") != "yes" and not row["closed"]:
        return render_template(
            "referentiel/confirm.html", pole=pole, form=form, heading=_("Close the campaign"),
            action=url_for(".close", pole_id=pole_id, campaign_id=row["id"]),
            cancel=url_for(".campaign", pole_id=pole_id, campaign_id=row["id"]),
            message=_("Close « %(title)s »? %(answered)s of %(invited)s respondents answered. Nobody can answer or "
                      "change an answer after the close; the results are computed then and cannot change.",
                      title=row["title"], answered=row["answered"], invited=row["invited"]))
    refusal = attempt(lambda: app().close_campaign(row["id"], actor=actor()))[1]
    if refusal is not None:
        return _campaigns_page(pole_id, refusal=refusal, status=422)
    flash(_("The campaign is closed: its results are frozen."), "success")
    return redirect(url_for(".results", pole_id=pole_id, campaign_id=row["id"]))


def _people(pole_id: str) -> list[tuple[str, str]]:
    """The pole's accounts a campaign may name (as their events name them: 'Name <e-mail>'), each with the college
    it is counted in: the college of the first member it represents, else outside the colleges."""
    colleges = {m["id"]: m.get("college") or NO_COLLEGE for m in queries().members(pole_id, status="admitted")}
    people: dict[str, str] = {}
    for user in accounts().pole_users(pole_id):
        ident = f"{user['name']} <{user['email']}>"
        college = colleges.get(user.get("member_id") or "", NO_COLLEGE)
        if not people.get(ident):
            people[ident] = college
    return sorted(people.items(), key=lambda p: p[0].casefold())


def _open_form(pole_id: str, **kwargs: Any) -> OpenCampaignForm:
    form = OpenCampaignForm(prefix="open", **kwargs)
    versions = _versions(pole_id)
    form.version.choices = [SelectChoice(v.version, _("Version %(version)s — %(title)s", version=v.version,
                                                      title=v.title)) for v in reversed(versions)]
    if form.version.data is None:
        form.version.data = versions[-1].version
    names = college_names(pole_id)
    form.people.choices = [SelectChoice(ident, f"{ident} — {names.get(college, college)}")
                           for ident, college in _people(pole_id)]
    return form


def _campaigns_page(pole_id: str, form: OpenCampaignForm | None = None, refusal: str | None = None,
                    status: int = 200, anchor: str | None = None) -> Page:
    rows = queries().campaigns(pole_id)
    secretary = is_secretary(pole_id)
    today = clock.today()
    for row in rows:
        row["status"] = status_of(row, today)
        row["answers_for"] = answerable(pole_id, row) if row["status"] == OPEN and caller().roles_in(pole_id) \
            else []
    if secretary and form is None:
        form = _open_form(pole_id, formdata=None)
    return render_template("referentiel/campaigns.html", pole=pole_or_404(pole_id), rows=rows, secretary=secretary,
                           form=form if secretary else None, refusal=refusal, refusal_anchor=anchor,
                           close_form=ConfirmForm(prefix="close", formdata=None)), status


# -- one campaign: answering, or its status --------------------------------------------------------------
@bp.route(CAMPAIGN, methods=["GET", "POST"])
@login_required
def campaign(pole_id: str, campaign_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    row = campaign_of_pole(pole_id, campaign_id)
    mine = answerable(pole_id, row) if caller().roles_in(pole_id) else []
    chosen = request.values.get("for") or (mine[0] if mine else None)
    open_now = status_of(row) == OPEN
    if request.method == "GET":
        return _campaign_page(pole_id, row, mine, chosen if chosen in mine else None)
    if chosen not in mine:
        abort(403, description="You do not answer this campaign for this respondent.")
    framework = Referentiel.from_dict(row["referentiel"])
    form = answer_form(framework, prefix="answer")
    if not open_now:
        return _campaign_page(pole_id, row, mine, chosen, form=form, status=422, refusal=_(
            "The campaign does not take answers now (it is open from %(opens)s to %(closes)s, until it is closed).",
            opens=date_long(_day(row["opens_on"])), closes=date_long(_day(row["closes_on"]))))
    if not form.validate():
        return _campaign_page(pole_id, row, mine, chosen, form=form, status=422)
    refusal = attempt(lambda: app().answer_campaign(
        row["id"], respondent=chosen, answers=posted_answers(form, framework), actor=actor(),
        represented=represented(pole_id) if row["mode"] == MEMBERS else None))[1]
    if refusal is not None:
        return _campaign_page(pole_id, row, mine, chosen, form=form, status=422, refusal=refusal)
    flash(_("Your answers are saved. You can change them until the campaign closes."), "success")
    return redirect(url_for(".campaign", pole_id=pole_id, campaign_id=row["id"], **({"for": chosen}
                                                                                    if len(mine) > 1 else {})))


def _campaign_page(pole_id: str, row: dict[str, Any], mine: list[str], chosen: str | None, form: Any = None,
                   refusal: str | None = None, status: int = 200) -> Page:
    state = status_of(row)
    framework = Referentiel.from_dict(row["referentiel"])
    secretary = is_secretary(pole_id)
    participation = queries().campaign_participation(row["id"])
    answered = {p["respondent"]: p for p in participation if p.get("answered_at")}
    saved_at = answered.get(chosen, {}).get("answered_at") if chosen else None
    if state == OPEN and chosen and form is None:
        form = answer_form(framework, app().own_answers(row["id"], respondent=chosen), prefix="answer",
                           formdata=None)
    names = respondent_names(pole_id, row, sorted(set(mine) | (set(respondents_of(row)) if secretary else set())))
    context: dict[str, Any] = {"pole": pole_or_404(pole_id), "row": row, "state": state, "framework": framework,
                               "mine": mine, "chosen": chosen,
                               "form": form if chosen and (state == OPEN or form is not None) else None,
                               "refusal": refusal, "names": names, "saved_at": saved_at, "secretary": secretary,
                               "college_names": college_names(pole_id),
                               "close_form": ConfirmForm(prefix="close", formdata=None)}
    if secretary:  # who answered and when, who has not yet: never what
        respondents = respondents_of(row)
        context["participation"] = sorted(
            ({"name": names.get(r, r), "college": respondents.get(r, p.get("college") or NO_COLLEGE),
              "answered_at": p["answered_at"], "changes": p.get("changes") or 0} for r, p in answered.items()),
            key=lambda p: p["answered_at"])
        context["waiting"] = sorted(names.get(r, r) for r in respondents if r not in answered)
    # The form shows the respondent's own answers again (sealed ones included): never kept in a cache (a shared
    # computer's browser, a proxy) where someone else could read them.
    return render_template("referentiel/campaign.html", **context), status, {"Cache-Control": "private, no-store"}


# -- the results -------------------------------------------------------------------------------------------
@bp.get(f"{CAMPAIGN}/results")
@login_required
def results(pole_id: str, campaign_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    row = campaign_of_pole(pole_id, campaign_id)
    if not row["closed"] or row.get("results") is None:
        flash(_("The results are published when the campaign is closed."), "info")
        return redirect(url_for(".campaign", pole_id=pole_id, campaign_id=row["id"]))
    return _results_page(pole_id, row)


@bp.post(f"{CAMPAIGN}/revisions")
@login_required
def draft_revision(pole_id: str, campaign_id: str) -> Page:
    secretary_pole(pole_id)
    row = campaign_of_pole(pole_id, campaign_id)
    if not row["closed"] or row.get("results") is None:  # a stale or crafted form: no results to draft from yet
        flash(_("A revision of the strategy is drafted from a closed campaign's results: this one is not closed."),
              "error")
        return redirect(url_for(".campaign", pole_id=pole_id, campaign_id=row["id"]))
    objective = request.form.get("objective", "")
    framework = Referentiel.from_dict(row["referentiel"])
    if objective not in {o.id for o in framework.objectives}:
        abort(404, description=f"No objective {objective} in this campaign's référentiel.")
    form = RevisionForm(prefix=f"revise-{objective}")
    if not form.validate():
        return _results_page(pole_id, row, revision_forms={objective: form}, status=422)
    proposal_id, refusal = attempt(lambda: app().draft_revision_from_campaign(
        row["id"], objective=objective, title=form.title.data or "", text=form.text.data or "", actor=actor()))
    if refusal is not None:
        return _results_page(pole_id, row, revision_forms={objective: form}, refusal=refusal, status=422)
    flash(_("The proposal to revise the shared strategy is drafted: review it, then open its vote or publish it for "
            "discussion."), "success")
    return redirect(url_for("secretary.proposal", pole_id=pole_id, proposal_id=str(proposal_id)))


def _groups(pole_id: str, results_: dict[str, Any]) -> list[tuple[str, str]]:
    """The colleges that answered (code, name), in the statutes' order, then those no longer in them."""
    names = college_names(pole_id)
    present = list((results_.get("colleges") or {}).keys())
    order = [c for c in names if c in present and c != NO_COLLEGE] + sorted(
        c for c in present if c not in names) + ([NO_COLLEGE] if NO_COLLEGE in present else [])
    return [(code, names.get(code, code)) for code in order]


def _share(value: Fraction | None, points: int) -> float | None:
    share = normalised(value, points)
    return None if share is None else float(share)


def _previous(pole_id: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The pole's closed campaign closed last before this one (None when this one is its first)."""
    closed = [c for c in queries().campaigns(pole_id) if c["closed"] and c["id"] != row["id"]
              and c.get("results") is not None and c.get("closed_at") and row.get("closed_at")
              and c["closed_at"] < row["closed_at"]]
    return max(closed, key=lambda c: c["closed_at"]) if closed else None


def _results_page(pole_id: str, row: dict[str, Any], revision_forms: dict[str, Any] | None = None,
                  refusal: str | None = None, status: int = 200) -> Page:
    results_ = row["results"]
    framework = Referentiel.from_dict(row["referentiel"])
    points = {s: framework.scale(s).points for s in SCALES}
    groups = _groups(pole_id, results_)
    everyone = summary(framework, results_)
    per_college = [(code, name, summary(framework, results_, code)) for code, name in groups]
    all_groups = [(None, str(EVERYONE), everyone)] + per_college
    secretary = is_secretary(pole_id)
    wording = {i.id: i.wording for i in framework.indicators}
    # the small-group warning: a group whose ratings of an indicator (or objective) are all alike
    revealing: list[dict[str, Any]] = []
    for code, name, s in all_groups:
        items = sorted({i for i, st in s["indicators"].items() for sc in SCALES if st[sc].reveals})
        if items:
            revealing.append({"name": name, "items": items})
    gaps = [g for g in everyone["gaps"] if g["gap"] > 0]
    axes = [(o.id, o.title) for o in framework.objectives]
    radars = []
    for scale in (ACHIEVEMENT, IMPORTANCE):
        series = [{"label": name, "style": "all" if code is None else None,
                   "values": [_share(s["objectives"][o.id][scale].median, points[scale]) for o in framework.objectives]}
                  for code, name, s in all_groups]
        title = str(RADAR_TITLES[scale])
        radars.append({"scale": scale, "title": title, "series": series, "svg": radar_svg(
            axes, series, title, _("The median of each group's ratings, as a share of the scale (1 to %(points)s).",
                                   points=points[scale]))})
    previous = _previous(pole_id, row)
    movement = None
    if previous is not None:
        movement = _movement(framework, everyone, previous)
    individual = None
    if secretary and row["individual_shared"]:
        answers = app().campaign_answers(row["id"])
        names = respondent_names(pole_id, row, sorted(answers))
        individual = sorted(({"name": names.get(r, r), "answers": a} for r, a in answers.items()),
                            key=lambda x: x["name"].casefold())
    revisions = queries().campaign_revisions(row["id"])
    forms = {}
    if secretary:
        for o in framework.objectives:
            forms[o.id] = (revision_forms or {}).get(o.id) or RevisionForm(
                prefix=f"revise-{o.id}", formdata=None,
                title=_("Revise the shared strategy: %(objective)s", objective=o.title)[:200],
                text=_revision_text(row, o.id, o.title, everyone, points))
    general_items = {g.id: [(g.title, [(name, s["generals"][g.id]) for _code, name, s in all_groups])] + [
        (f"{o.id}. {o.title}", [(name, s["objectives"][o.id]) for _code, name, s in all_groups]) for o in g.objectives]
        for g in framework.generals}
    indicator_items = {o.id: [(f"{i.id} — {i.wording}",
                               [(name, s["indicators"][i.id]) for _code, name, s in all_groups])
                              for i in o.indicators] for o in framework.objectives}
    return render_template(
        "referentiel/results.html", general_items=general_items, indicator_items=indicator_items,
        proposal_status_options=PROPOSAL_STATUS_OPTIONS, pole=pole_or_404(pole_id), row=row, framework=framework,
        points=points,
        everyone=everyone, per_college=per_college, all_groups=all_groups, gaps=gaps, wording=wording,
        revealing=revealing, radars=radars, justifications=results_.get("justifications") or {},
        invited=results_.get("invited", row.get("invited")), previous=previous, movement=movement,
        individual=individual, revisions=revisions, secretary=secretary, revision_forms=forms,
        opened_forms=set(revision_forms or {}), refusal=refusal), status, \
        {"Cache-Control": "private, no-store"} if individual is not None else {}


def _revision_text(row: dict[str, Any], objective: str, title: str, everyone: dict[str, Any],
                   points: dict[str, int]) -> str:
    """The draft text of a revision: the objective's wording, and where the campaign found it."""
    st = everyone["objectives"][objective]
    return f"{objective}. {title}\n\n" + _(
        "Campaign « %(campaign)s »: median importance %(importance)s out of %(importance_points)s, median achievement "
        "%(achievement)s out of %(achievement_points)s.", campaign=row["title"],
        importance=figure(st[IMPORTANCE].median),
        importance_points=points[IMPORTANCE], achievement=figure(st[ACHIEVEMENT].median),
        achievement_points=points[ACHIEVEMENT])


def _movement(framework: Referentiel, now: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """Per principal objective present in both campaigns: the achievement median and mean before → after, and the
    movement chart (each campaign's mean as a share of its own scale: a pole's scale may change between versions)."""
    before_framework = Referentiel.from_dict(previous["referentiel"])
    before = summary(before_framework, previous["results"])
    points_now, points_before = framework.achievement.points, before_framework.achievement.points
    known = {o.id for o in before_framework.objectives}
    rows = []
    for o in framework.objectives:
        if o.id not in known:
            continue
        b, a = before["objectives"][o.id][ACHIEVEMENT], now["objectives"][o.id][ACHIEVEMENT]
        rows.append({"id": o.id, "title": o.title, "before": b, "after": a,
                     "before_share": _share(b.mean, points_before), "after_share": _share(a.mean, points_now)})
    chart_rows = [{"label": f"{r['id']} — {r['title']}", "before": r["before_share"], "after": r["after_share"],
                   "text": _("median %(before)s → %(after)s · mean %(mean_before)s → %(mean_after)s",
                             before=figure(r["before"].median), after=figure(r["after"].median),
                             mean_before=figure(r["before"].mean), mean_after=figure(r["after"].mean))}
                  for r in rows]
    svg = movement_svg(chart_rows, _("Achievement per principal objective since « %(title)s »",
                                     title=previous["title"]),
                       _("Each objective's mean achievement as a share of its scale, in the earlier campaign (circle) "
                         "and in this one (square)."), before=previous["title"], after=_("This campaign"))
    return {"rows": rows, "svg": svg, "points_before": points_before, "points_now": points_now}


@bp.get(f"{CAMPAIGN}/results.csv")
@login_required
def results_csv(pole_id: str, campaign_id: str) -> Response:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    row = campaign_of_pole(pole_id, campaign_id)
    if not row["closed"] or row.get("results") is None:
        abort(404, description="This campaign has no results yet: they are computed when it closes.")
    results_ = row["results"]
    framework = Referentiel.from_dict(row["referentiel"])
    width = max(framework.scale(s).points for s in SCALES)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("College"), _("General objective"), _("Principal objective"), _("Indicator"), _("Wording"),
                     _("Scale"), _("Respondents who rated"), _("Median"), _("Mean")]
                    + [str(v) for v in range(1, width + 1)])
    groups = [(None, str(EVERYONE))] + _groups(pole_id, results_)
    for code, name in groups:
        s = summary(framework, results_, code)
        for general in framework.generals:
            for objective in general.objectives:
                for indicator in objective.indicators:
                    for scale in SCALES:
                        st = s["indicators"][indicator.id][scale]
                        writer.writerow([_cell(name), general.id, objective.id, indicator.id,
                                         _cell(indicator.wording), str(SCALE_WORDS[scale]), st.n,
                                         _number(st.median), _number(st.mean)]
                                        + [st.distribution.get(v, 0) if v <= framework.scale(scale).points else ""
                                           for v in range(1, width + 1)])
    pole = pole_or_404(pole_id)
    filename = f"referentiel-{_slug(pole)}-{_day(row['closes_on']).isoformat()}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _number(value: Fraction | None) -> str:
    """A median or a mean for a French spreadsheet ('3,5', '3,6667'); empty when nobody rated."""
    return "" if value is None else babel_decimal(float(value), "0.####", locale="fr")

