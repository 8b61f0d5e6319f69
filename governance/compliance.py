"""Findings on a pole's power distribution: the SCIC rules that are advice rather than refusals."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from governance.numbers import percent
from governance.statutes import SCIC_MAX_SHARE, SCIC_MIN_SHARE, Advice, Statutes, compliance_warnings

# Loi 1947, art. 19 septies: a SCIC has at least 3 categories of associates, among them
# the employees (or producers) and the beneficiaries.
SCIC_MIN_CATEGORIES = 3
SCIC_REQUIRED_CATEGORIES = (("employee", "producer"), ("beneficiary",))


@dataclass(frozen=True)
class Finding:
    level: str  # "ok" or "warning"
    message: Advice


@dataclass(frozen=True)
class CollegePower:
    code: str
    name: str
    share: Fraction | None
    members: int
    member_weight: Fraction | None  # the weight of one member's vote in the whole pole


def college_power(statutes: Statutes, head_counts: Mapping[str, int]) -> list[CollegePower]:
    """Share, head count and the resulting weight of one member's vote, per college."""
    total = sum(head_counts.values())
    rows = []
    for college in statutes.colleges:
        n = head_counts.get(college.code, 0)
        if statutes.is_weighted:
            weight = college.share / n if n and college.share is not None else None
        else:
            weight = Fraction(1, total) if n else None
        rows.append(CollegePower(college.code, college.name, college.share, n, weight))
    return rows


def findings(statutes: Statutes, head_counts: Mapping[str, int], categories: set[str]) -> list[Finding]:
    """Every compliance finding for these statutes and this membership."""
    return statutes_findings(statutes) + membership_findings(statutes, head_counts, categories)


def statutes_findings(statutes: Statutes) -> list[Finding]:
    """Findings on the statutes alone (for valid statutes: `check_statutes` refuses the others)."""
    result = [Finding("warning", w) for w in compliance_warnings(statutes)]
    if statutes.is_weighted:
        total = sum((c.share or 0 for c in statutes.colleges), Fraction(0))
        result.append(Finding("ok", Advice("college shares sum to {total}", total=percent(total, 0))))
    if statutes.model == "scic":
        result.append(Finding("ok", Advice("every college holds between {minimum} and {maximum} of the votes",
                                           minimum=percent(SCIC_MIN_SHARE, 0), maximum=percent(SCIC_MAX_SHARE, 0))))
    return result


def membership_findings(statutes: Statutes, head_counts: Mapping[str, int], categories: set[str]) -> list[Finding]:
    """Findings on who the members are: SCIC categories of associates, empty colleges."""
    result = []
    if statutes.model == "scic":
        if len(categories) < SCIC_MIN_CATEGORIES:
            result.append(Finding("warning", Advice(
                "a SCIC needs at least {minimum} categories of associates; members cover {count}",
                minimum=SCIC_MIN_CATEGORIES, count=len(categories))))
        for group in SCIC_REQUIRED_CATEGORIES:
            if not categories & set(group):
                result.append(Finding("warning", Advice("a SCIC needs associates in category {categories}",
                                                        categories=" / ".join(group))))
    for college in statutes.colleges:
        if head_counts.get(college.code, 0) == 0:
            result.append(Finding("warning", Advice(
                "college '{college}' has no members: its share follows the empty-college rule ({rule})",
                college=college.name, rule=statutes.empty_college_rule)))
    return result
