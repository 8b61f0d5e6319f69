"""Colleges and weights: each college's share, head count and the weight of one member's vote."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flask import Blueprint, render_template
from flask_babel import format_decimal, gettext as _
from flask_login import login_required

from governance.errors import DomainError
from governance.compliance import statutes_findings
from governance.statutes import Statutes, check_statutes
from web.charts import Bar, bar_chart
from web.context import MEMBER, SECRETARY, domain_message, is_secretary, queries, require_pole_role, translated
from web.dates import noon, read_as_of
from web.formatting import pct
from web.labels import BODY_WORDS, CONVOCATION_WORDS, KIND_WORDS, MODEL_LABELS, rule_label

bp = Blueprint("colleges", __name__)


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
    return render_template("colleges/colleges.html", pole=pole, day=day, shown=noon(day), power=power, chart=chart,
                           versions=_versions(pole_id), secretary=is_secretary(pole_id),
                           labels=_labels(), rule_label=rule_label)


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
    return {"model": MODEL_LABELS, "body": BODY_WORDS, "kind": KIND_WORDS, "convocation": CONVOCATION_WORDS}


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
def amendment_comparison(current: Statutes | dict[str, Any], proposed: Statutes | dict[str, Any]) -> dict[str, Any]:
    """College shares side by side, the rules that change, and the findings on the proposed statutes."""
    current = current if isinstance(current, Statutes) else Statutes.from_dict(current)
    proposed = proposed if isinstance(proposed, Statutes) else Statutes.from_dict(proposed)
    rows = []
    for college in current.colleges:
        new = next((c for c in proposed.colleges if c.code == college.code), None)
        rows.append(CollegeChange(college.code, new.name if new else college.name, college.share,
                                  new.share if new else None, "kept" if new else "removed"))
    rows += [CollegeChange(c.code, c.name, None, c.share, "new")
             for c in proposed.colleges if not current.has_college(c.code)]
    return {"colleges": rows, "rules": _rule_changes(current, proposed), "findings": _findings(proposed)}


def _rule_changes(current: Statutes, proposed: Statutes) -> list[dict[str, Any]]:
    def describe(s: Statutes) -> dict[str, str]:
        cap = s.max_proxies_per_holder
        return {
            _("Governance model"): str(MODEL_LABELS.get(s.model, s.model)),
            _("Empty or silent college"): rule_label(s.empty_college_rule, s),
            _("Proxies one member may hold"): _("no limit") if cap is None else str(cap),
            _("Proxy holder in the same college"): _("required") if s.proxy_same_college else _("not required"),
            **{_("Threshold, %(kind)s resolutions", kind=KIND_WORDS.get(k, k)):
               ("> " if t.strict else "≥ ") + pct(t.fraction) for k, t in s.thresholds.items()},
            **{_("Quorum, %(kind)s, %(convocation)s", kind=KIND_WORDS.get(k, k),
                 convocation=CONVOCATION_WORDS.get(c, c)): pct(q)
               for k, per in s.quorum.items() for c, q in per.items()},
            _("Admission decided by"): str(BODY_WORDS.get(s.admission_by, s.admission_by)),
            _("Exclusion decided by"): str(BODY_WORDS.get(s.exclusion_by, s.exclusion_by)),
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
