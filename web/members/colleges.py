"""Colleges and weights: each college's share, head count and the weight of one member's vote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from fractions import Fraction
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import FieldList, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from governance.errors import DomainError
from governance.compliance import statutes_findings
from governance.power import college_indices, member_indices
from governance.statutes import Statutes, check_statutes
from web.charts import Bar, bar_chart
from governance.tally import Tally
from web.edge import (MEMBER, SECRETARY, app, domain_message, is_secretary, proposal_of_pole, queries,
                      require_pole_role, translated)
from web.dates import noon, read_as_of
from web.formatting import pct
from web.members.forms import convocation_settings
from web.labels import (BODY_WORDS, CONVOCATION_WORDS, KIND_OPTIONS, KIND_WORDS, MODEL_LABELS, OUTCOME_WORDS,
                        PARTICIPATION_CHANGE_HEADING, PARTICIPATION_CHANGE_WORDS, RULE_OPTIONS, options, rule_label)
from web.formatting import share_text

bp = Blueprint("colleges", __name__, template_folder="templates")


@bp.get("/poles/<pole_id>/colleges")
@login_required
def colleges(pole_id: str) -> tuple[str, int] | str:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    pole = queries().pole(pole_id)
    day, as_of, error = read_as_of()
    if error:
        return render_template("colleges/colleges.html", pole=pole, day=day, shown=noon(day), error=error), 400
    power = queries().power(pole_id, as_of)
    chart = power and bar_chart(
        _("Share of the votes per college"),
        _("For each college, its share of the votes and the weight of one member's vote."),
        [Bar(row.name, _bar_value(row, power), _bar_text(row, power)) for row in power.colleges])
    analysis = power and power_analysis(power.statutes, {row.code: row.members for row in power.colleges})
    return render_template("colleges/colleges.html", pole=pole, day=day, shown=noon(day), power=power, chart=chart,
                           versions=_versions(pole_id), secretary=is_secretary(pole_id),
                           labels=_labels(), rule_label=rule_label, analysis=analysis,
                           convocation_settings=convocation_settings)


# -- voting power: Banzhaf and Shapley–Shubik indices per college, and what they mean -------
NOTABLE_GAP = Fraction(5, 100)  # Banzhaf this far from the nominal share is worth a sentence


@dataclass(frozen=True)
class PowerRow:
    code: str
    name: str
    share: Fraction
    banzhaf: Fraction
    shapley_shubik: Fraction
    members: int
    nominal_weight: Fraction | None
    pole_power: Fraction
    has_veto: bool
    is_dictator: bool
    is_dummy: bool


def power_analysis(statutes: Statutes, head_counts: dict[str, int]) -> dict[str, Any]:
    """Per resolution kind: indices per college, a chart and plain-language findings; or why there are none."""
    if not statutes.is_weighted or not statutes.colleges:
        return {"skipped": _("Under one member, one vote, every member weighs the same: there is no college "
                             "power to compare.")}
    kinds = []
    for kind in statutes.thresholds:
        try:
            colleges = college_indices(statutes, kind)
            members = {m.college: m for m in member_indices(statutes, kind, head_counts)}
        except DomainError as error:
            return {"skipped": domain_message(error)}
        rows = [PowerRow(c.code, c.name, c.share, c.banzhaf, c.shapley_shubik, members[c.code].members,
                         members[c.code].nominal_weight, members[c.code].pole_power, c.has_veto, c.is_dictator,
                         c.is_dummy) for c in colleges]
        word = str(KIND_WORDS.get(kind, kind))
        threshold = statutes.thresholds[kind]
        kinds.append({
            "kind": kind, "word": word, "label": str(KIND_OPTIONS.get(kind, kind)), "threshold": threshold,
            "rows": rows,
            "findings": _power_findings(rows, word),
            "chart": bar_chart(
                _("Power to decide a %(kind)s resolution, per college", kind=word),
                _("For each college, its Banzhaf power index (bar) and its nominal share of the votes (marker)."),
                [Bar(r.name, r.banzhaf, _("%(power)s · share %(share)s", power=_compact(r.banzhaf),
                                          share=_compact(r.share)), marker=r.share) for r in rows]),
        })
    return {"kinds": kinds}


def _power_findings(rows: list[PowerRow], kind: str) -> list[str]:
    found = []
    for r in rows:
        if r.is_dictator:
            found.append(_("With these weights, the college “%(college)s” adopts any %(kind)s resolution on its own.",
                           college=r.name, kind=kind))
        elif r.has_veto:
            found.append(_("With these weights, the college “%(college)s” can block any %(kind)s resolution on "
                           "its own.", college=r.name, kind=kind))
        if r.is_dummy:
            found.append(_("With these weights, the college “%(college)s” never decides a %(kind)s vote: whatever "
                           "it votes, the other colleges settle the outcome.", college=r.name, kind=kind))
        elif abs(r.banzhaf - r.share) >= NOTABLE_GAP:
            found.append(_("The college “%(college)s” holds %(share)s of the votes but %(power)s of the power to "
                           "decide a %(kind)s resolution (Banzhaf index).", college=r.name, share=pct(r.share),
                           power=pct(r.banzhaf), kind=kind))
    return found


def _bar_value(row: Any, power: Any) -> Fraction:
    if row.share is not None:
        return row.share
    return (row.member_weight or 0) * row.members


def _bar_text(row: Any, power: Any) -> str:
    """Short enough for the chart's value column: '30 % · 10 %' (the table has every decimal)."""
    share = _compact(_bar_value(row, power))
    if row.member_weight is None:
        return _("%(share)s · no member", share=share)
    return f"{share} · {_compact(row.member_weight)}"


def _compact(value: Fraction) -> str:
    return pct(value, 0) if (value * 100).denominator == 1 else pct(value)


def _versions(pole_id: str) -> list[dict[str, Any]]:
    rows = queries().statutes_versions(pole_id)
    for row in rows:
        row["parsed"] = Statutes.from_dict(row["statutes"])
    return list(reversed(rows))


def _labels() -> dict[str, dict[str, Any]]:
    return {"model": MODEL_LABELS, "body": BODY_WORDS, "kind": KIND_WORDS, "convocation": CONVOCATION_WORDS,
            "participation_change": PARTICIPATION_CHANGE_WORDS}


# -- the amendment comparison used on a statutes-amendment proposal's page ---------------
@dataclass(frozen=True)
class CollegeChange:
    code: str
    name: str
    current: Fraction | None
    proposed: Fraction | None
    status: str  # "kept", "new" or "removed"

    @property
    def change(self) -> str:
        if self.status != "kept" or self.current is None or self.proposed is None:
            return "—"
        points = (self.proposed - self.current) * 100
        if points == 0:
            return _("unchanged")
        sign = "+" if points > 0 else "−"
        return _("%(sign)s%(points)s points", sign=sign, points=format_decimal(float(abs(points)), "#,##0.00"))


@bp.app_template_global("amendment_comparison")
def amendment_comparison(current: Statutes | dict[str, Any], proposed: Statutes | dict[str, Any],
                         pole_id: str | None = None, exclude: str | None = None) -> dict[str, Any]:
    """College shares side by side, the rules that change, the findings on the proposed statutes, the power
    indices before and after, and (given the pole) its past decisions that would have flipped."""
    current = current if isinstance(current, Statutes) else Statutes.from_dict(current)
    proposed = proposed if isinstance(proposed, Statutes) else Statutes.from_dict(proposed)
    rows = []
    for college in current.colleges:
        new = next((c for c in proposed.colleges if c.code == college.code), None)
        rows.append(CollegeChange(college.code, new.name if new else college.name, college.share,
                                  new.share if new else None, "kept" if new else "removed"))
    rows += [CollegeChange(c.code, c.name, None, c.share, "new")
             for c in proposed.colleges if not current.has_college(c.code)]
    return {"colleges": rows, "rules": _rule_changes(current, proposed), "findings": _findings(proposed),
            "power": _power_before_after(current, proposed),
            "flips": None if pole_id is None else _flipped_decisions(pole_id, proposed, exclude)}


MAX_SIMULATED = 50  # past decisions recounted under proposed statutes


def _power_before_after(current: Statutes, proposed: Statutes) -> list[dict[str, Any]]:
    """Per resolution kind, each college's Banzhaf index in force and proposed (empty when not computable)."""
    tables = []
    for kind in proposed.thresholds:
        try:
            before = {c.code: c for c in college_indices(current, kind)} if current.is_weighted else {}
            after = college_indices(proposed, kind) if proposed.is_weighted else []
        except DomainError:
            return []
        if not after:
            return []
        codes = [c.code for c in after] + [code for code in before if code not in {c.code for c in after}]
        by_code = {c.code: c for c in after}
        tables.append({"kind": kind, "label": str(KIND_OPTIONS.get(kind, kind)), "rows": [
            {"name": (by_code.get(code) or before[code]).name,
             "current": before[code].banzhaf if code in before else None,
             "proposed": by_code[code].banzhaf if code in by_code else None} for code in codes]})
    return tables


def _flipped_decisions(pole_id: str, proposed: Statutes, exclude: str | None) -> dict[str, Any]:
    """The pole's last closed decisions whose outcome would differ under the proposed statutes."""
    decisions = [d for d in queries().decisions(pole_id, limit=MAX_SIMULATED)
                 if d["status"] == "closed" and d["id"] != exclude]
    flipped, skipped = [], 0
    statutes = proposed.to_dict()
    for d in decisions:
        try:
            recorded, simulated = app().what_if(d["id"], statutes)
        except DomainError:
            skipped += 1
            continue
        if recorded.outcome != simulated.outcome:
            flipped.append({"id": d["id"], "title": d["title"], "recorded": recorded, "simulated": simulated,
                            "recorded_word": str(OUTCOME_WORDS.get(recorded.outcome, recorded.outcome)),
                            "simulated_word": str(OUTCOME_WORDS.get(simulated.outcome, simulated.outcome))})
    return {"checked": len(decisions) - skipped, "skipped": skipped, "flipped": flipped}


def _rule_changes(current: Statutes, proposed: Statutes) -> list[dict[str, Any]]:
    def describe(s: Statutes) -> dict[str, str]:
        cap = s.max_proxies_per_holder
        return {
            _("Governance model"): str(MODEL_LABELS.get(s.model, s.model)),
            _("Empty or silent college"): rule_label(s.empty_college_rule, s),
            _("Proxies one member may hold"): _("no limit") if cap is None else str(cap),
            _("Proxy holder in the same college"): _("required") if s.proxy_same_college else _("not required"),
            str(PARTICIPATION_CHANGE_HEADING): str(PARTICIPATION_CHANGE_WORDS[bool(s.participation_change_allowed)]),
            **{_("Threshold, %(kind)s resolutions", kind=KIND_WORDS.get(k, k)):
               ("> " if t.strict else "≥ ") + pct(t.fraction) for k, t in s.thresholds.items()},
            **{_("Quorum, %(kind)s, %(convocation)s", kind=KIND_WORDS.get(k, k),
                 convocation=CONVOCATION_WORDS.get(c, c)): pct(q)
               for k, per in s.quorum.items() for c, q in per.items()},
            _("Admission decided by"): str(BODY_WORDS.get(s.admission_by, s.admission_by)),
            _("Exclusion decided by"): str(BODY_WORDS.get(s.exclusion_by, s.exclusion_by)),
            **{_("Notice of convocation (days), %(convocation)s", convocation=CONVOCATION_WORDS.get(c, c)): str(days)
               for c, days in s.notice_days.items()},  # Code de commerce R225-69
            **dict(convocation_settings(s)),  # R225-63, R225-77, L225-107
        }
    before, after = describe(current), describe(proposed)
    return [{"label": k, "current": before.get(k, "—"), "proposed": v, "changed": before.get(k) != v}
            for k, v in after.items()]


def _findings(statutes: Statutes) -> list[dict[str, str]]:
    try:
        check_statutes(statutes)
    except DomainError as error:
        return [{"level": "bad", "message": domain_message(error)}]
    found = [{"level": "ok", "message": _("The proposed statutes respect the legal rules checked by Collegia.")}]
    return found + [{"level": f.level, "message": translated(f.message)} for f in statutes_findings(statutes)]


# -- what-if: a closed decision recounted under other statutes (nothing is recorded) --------
SIMULATED_RULES = ("proportional", "equal", "not_for")


class WhatIfForm(FlaskForm):
    source = RadioField(_l("Statutes to simulate"), choices=options([
        ("version", _l("A version of the pole's statutes")), ("shares", _l("The shares typed below"))]),
        default="version")
    version = SelectField(_l("Statutes version"), choices=[])
    shares = FieldList(StringField(_l("Share"), validators=[Optional(), Length(max=40)]))
    empty_college_rule = SelectField(_l("When a college casts no vote (typed shares)"),
                                     choices=options([(r, RULE_OPTIONS[r]) for r in SIMULATED_RULES]))


def _closed_proposal(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """A closed proposal of this pole (the shared lookup, web/edge.py), 404 for any other."""
    proposal = proposal_of_pole(pole_id, proposal_id)
    if proposal["status"] != "closed":
        abort(404)
    return proposal


@bp.get("/poles/<pole_id>/what-if")
@login_required
def what_if_list(pole_id: str) -> str:
    """The pole's closed decisions, each with a link to simulate it under other statutes."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    decisions = [d for d in queries().decisions(pole_id, limit=200) if d["status"] == "closed"]
    return render_template("colleges/what_if_list.html", pole=queries().pole(pole_id), decisions=decisions,
                           outcomes=OUTCOME_WORDS)


@bp.route("/poles/<pole_id>/proposals/<proposal_id>/what-if", methods=["GET", "POST"])
@login_required
def what_if(pole_id: str, proposal_id: str) -> tuple[str, int] | str:
    """Recount a closed decision under another statutes version or typed shares; stores nothing."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    proposal = _closed_proposal(pole_id, proposal_id)
    versions = queries().statutes_versions(pole_id)
    frozen = next((v["statutes"] for v in versions if v["version"] == proposal["statutes_version"]),
                  versions[-1]["statutes"])
    colleges = list(frozen.get("colleges") or [])
    rule = frozen.get("empty_college_rule", "proportional")
    form = WhatIfForm(data=None if request.method == "POST" else {
        "version": str(versions[-1]["version"]), "shares": [share_text(c.get("share")) for c in colleges],
        "empty_college_rule": rule if rule in SIMULATED_RULES else "proportional"})
    form.version.choices = options([(str(v["version"]), _("Version %(version)s", version=v["version"]))
                                    for v in reversed(versions)])
    while len(form.shares) < len(colleges):
        form.shares.append_entry()
    for entry, college in zip(form.shares, colleges):
        entry.label.text = college["name"]
    recorded = Tally.from_dict(proposal["tally"])
    page = {"pole": queries().pole(pole_id), "proposal": proposal, "form": form, "recorded": recorded,
            "outcomes": OUTCOME_WORDS, "weighted": bool(colleges) and frozen.get("model") != "one_member_one_vote"}
    if request.method == "GET" or not form.validate_on_submit():
        status = 200 if request.method == "GET" else 422
        return render_template("colleges/what_if.html", **page), status
    if form.source.data == "version":
        statutes = next(v["statutes"] for v in versions if str(v["version"]) == form.version.data)
    else:
        statutes = {**frozen, "empty_college_rule": form.empty_college_rule.data,
                    "colleges": [{**c, "share": (e.data or "").strip() or None}
                                 for c, e in zip(colleges, form.shares)]}
    try:
        recorded, simulated = app().what_if(proposal_id, statutes)
    except DomainError as error:
        return render_template("colleges/what_if.html", **page, error=domain_message(error)), 422
    return render_template("colleges/what_if.html", **{**page, "recorded": recorded}, simulated=simulated,
                           rows=_compared_rows(recorded, simulated), flipped=recorded.outcome != simulated.outcome)


def _compared_rows(recorded: Tally, simulated: Tally) -> list[dict[str, Any]]:
    """One row per college of either tally: effective weights side by side, the share in favour."""
    after = {c.code: c for c in simulated.colleges}
    rows = [{"name": c.name or c.code, "before": c, "after": after.get(c.code)} for c in recorded.colleges]
    known = {c.code for c in recorded.colleges}
    rows += [{"name": c.name or c.code, "before": None, "after": c} for c in simulated.colleges if c.code not in known]
    return rows


@bp.get("/poles/<pole_id>/strategy")
@login_required
def strategy(pole_id: str) -> tuple[str, int] | str:
    """The shared strategy in force at a date, and every version with who proposed it, its decision and a diff."""
    require_pole_role(pole_id, MEMBER, SECRETARY)
    pole = queries().pole(pole_id)
    day, as_of, error = read_as_of()
    versions = queries().strategy_versions(pole_id)
    limit = None if as_of is None else as_of.astimezone(UTC).replace(tzinfo=None)
    in_force = [v for v in versions if limit is None or v["adopted_at"] <= limit]
    return render_template("colleges/strategy.html", pole=pole, day=day, error=error,
                           current=in_force[-1] if in_force else None,
                           versions=list(reversed(versions))), 400 if error else 200
