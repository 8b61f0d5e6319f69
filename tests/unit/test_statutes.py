"""Statutes: the legal bounds `check_statutes` enforces, its warnings, and serialisation."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from governance.errors import DomainError, StatutesRuleBroken
from governance.statutes import Statutes, Threshold, check_statutes


def scic_statutes(**overrides: Any) -> dict[str, Any]:
    """Three SCIC colleges (40 / 30 / 30 %) and the legal defaults, with `overrides`."""
    return {"model": "scic", "colleges": [college("salaries", "40%", "Salariés"), college("usagers", "30%"),
                                          college("collectivites", "30%")], **overrides}


def college(code: str, share: str | None, name: str | None = None) -> dict[str, Any]:
    return {"code": code, "name": name or code.capitalize(), "share": share}


def check(data: dict[str, Any]) -> list[str]:
    return check_statutes(Statutes.from_dict(data))


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(StatutesRuleBroken) as info:
        check(data)
    return info.value.message


# -- accepted statutes ---------------------------------------------------------------

def test_three_college_scic_is_accepted_without_warning() -> None:
    assert check(scic_statutes()) == []


def test_scic_bounds_are_inclusive_at_ten_and_fifty_percent() -> None:
    data = scic_statutes(colleges=[college("a", "50%"), college("b", "40%"), college("c", "10%")])
    assert check(data) == []


def test_ten_colleges_of_ten_percent_is_the_scic_maximum() -> None:
    data = scic_statutes(colleges=[college(f"c{i}", "1/10") for i in range(10)])
    assert check(data) == []


@pytest.mark.parametrize(("count", "shares"), [(1, ["100%"]), (2, ["60%", "40%"])])
def test_fewer_than_three_colleges_is_only_a_warning(count: int, shares: list[str]) -> None:
    data = {"model": "weighted", "colleges": [college(f"c{i}", s) for i, s in enumerate(shares)]}
    warnings = check(data)
    assert warnings == [f"only {count} college(s): at least 3 is common practice"]


def test_one_member_one_vote_needs_no_colleges_and_ignores_shares() -> None:
    assert check({"model": "one_member_one_vote"}) == []
    statutes = Statutes.from_dict({"model": "one_member_one_vote", "colleges": [college("a", "80%")]})
    assert statutes.college("a").share is None
    assert check_statutes(statutes) == []


def test_weighted_model_may_leave_the_scic_bounds() -> None:
    data = {"model": "weighted", "colleges": [college("a", "70%"), college("b", "25%"), college("c", "5%")]}
    assert check(data) == []


def test_statutes_may_raise_thresholds() -> None:
    data = scic_statutes(thresholds={"ordinary": {"fraction": "60%", "strict": False},
                                     "extraordinary": {"fraction": "3/4", "strict": True}})
    statutes = Statutes.from_dict(data)
    assert check_statutes(statutes) == []
    assert statutes.thresholds["ordinary"] == Threshold(Fraction(3, 5), strict=False)
    assert statutes.thresholds["extraordinary"].describe() == "> 75.00 %"


def test_legal_defaults_fill_what_the_statutes_omit() -> None:
    statutes = Statutes.from_dict(scic_statutes())
    assert statutes.thresholds["ordinary"] == Threshold(Fraction(1, 2), strict=True)
    assert statutes.thresholds["extraordinary"] == Threshold(Fraction(2, 3), strict=False)
    assert statutes.quorum == {"ordinary": {"first": Fraction(1, 5), "second": Fraction(0)},
                               "extraordinary": {"first": Fraction(1, 4), "second": Fraction(1, 5)}}
    assert statutes.empty_college_rule == "proportional"
    assert statutes.max_proxies_per_holder == 1


# -- refusals ----------------------------------------------------------------------------

def test_unknown_governance_model_is_refused() -> None:
    message = refusal(scic_statutes(model="cooperative"))
    assert "unknown governance model 'cooperative'" in message
    assert "scic, weighted, one_member_one_vote" in message


@pytest.mark.parametrize("code", ["", "Salaries", "sal aries", "-x", "é", "a" * 41, "a/b"])
def test_bad_college_codes_are_refused(code: str) -> None:
    data = scic_statutes(colleges=[college(code, "40%", "Salariés"), college("b", "30%"), college("c", "30%")])
    assert refusal(data) == f"college code '{code}' must be 1–40 lowercase letters, digits, '-' or '_'"


def test_college_without_name_is_refused() -> None:
    data = scic_statutes(colleges=[college("a", "40%", ""), college("b", "30%"), college("c", "30%")])
    data["colleges"][0]["name"] = ""
    assert refusal(data) == "college 'a' needs a name of 1–120 characters"


def test_duplicate_college_code_is_refused() -> None:
    data = scic_statutes(colleges=[college("a", "40%"), college("b", "30%"), college("a", "30%")])
    assert refusal(data) == "college code 'a' is used twice"


@pytest.mark.parametrize(("shares", "total"), [
    (["40%", "30%", "20%"], "90.00 %"),
    (["40%", "30%", "40%"], "110.00 %"),
    (["1/3", "1/3", "1/3 "], None),  # exactly 1: accepted
    (["33.33%", "33.33%", "33.33%"], "99.99 %"),
])
def test_shares_must_sum_to_exactly_one(shares: list[str], total: str | None) -> None:
    data = scic_statutes(colleges=[college(c, s) for c, s in zip("abc", shares)])
    if total is None:
        assert check(data) == []
    else:
        assert refusal(data) == f"college shares sum to {total}; they must sum to exactly 100 %"


def test_scic_college_above_fifty_percent_is_refused() -> None:
    data = scic_statutes(colleges=[college("a", "51%", "Salariés"), college("b", "29%"), college("c", "20%")])
    assert refusal(data) == "college 'Salariés' would hold 51.00 %, above the 50 % maximum for a SCIC"


def test_scic_college_below_ten_percent_is_refused() -> None:
    data = scic_statutes(colleges=[college("a", "50%"), college("b", "41%"), college("c", "9%", "Financeurs")])
    assert refusal(data) == "college 'Financeurs' would hold 9.00 %, below the 10 % minimum for a SCIC"


@pytest.mark.parametrize("share", ["0%", "-10%", None])
def test_weighted_college_needs_a_positive_share(share: str | None) -> None:
    data = {"model": "weighted", "colleges": [college("a", share, "Salariés"), college("b", "100%")]}
    assert refusal(data) == "college 'Salariés' needs a share above 0 %"


def test_weighted_pole_needs_a_college() -> None:
    assert refusal({"model": "weighted", "colleges": []}) == "a 'weighted' pole needs at least one college with a share"


@pytest.mark.parametrize(("thresholds", "expected"), [
    ({"ordinary": {"fraction": "1/2", "strict": False}}, "the ordinary threshold must be above 50 %"),
    ({"ordinary": {"fraction": "40%", "strict": True}}, "the ordinary threshold must be above 50 %"),
    ({"extraordinary": {"fraction": "60%"}}, "the extraordinary threshold must be at least 2/3"),
    ({"extraordinary": {"fraction": "0.6666"}}, "the extraordinary threshold must be at least 2/3"),
    ({"ordinary": {"fraction": "101%", "strict": True}}, "the ordinary threshold cannot exceed 100 %"),
])
def test_thresholds_cannot_be_lowered_below_the_legal_floor(thresholds: dict[str, Any], expected: str) -> None:
    assert expected in refusal(scic_statutes(thresholds=thresholds))


def test_a_tie_never_passes_ordinary_and_two_thirds_passes_extraordinary() -> None:
    statutes = Statutes.from_dict(scic_statutes())
    assert not statutes.thresholds["ordinary"].is_met(Fraction(1, 2))
    assert statutes.thresholds["ordinary"].is_met(Fraction(1, 2) + Fraction(1, 10**9))
    assert statutes.thresholds["extraordinary"].is_met(Fraction(2, 3))
    assert not statutes.thresholds["extraordinary"].is_met(Fraction(2, 3) - Fraction(1, 10**9))


def test_unknown_resolution_kind_in_thresholds_is_refused() -> None:
    data = scic_statutes(thresholds={"budget": {"fraction": "60%"}})
    assert refusal(data) == "unknown resolution kind 'budget'"


@pytest.mark.parametrize(("quorum", "expected"), [
    ({"ordinary": {"first": "120%", "second": "0"}},
     "the ordinary quorum on first convocation must be between 0 % and 100 %"),
    ({"extraordinary": {"first": "1/4", "second": "-1/5"}},
     "the extraordinary quorum on second convocation must be between 0 % and 100 %"),
    ({"ordinary": {"first": "1/5"}}, "the ordinary quorum needs a value for first and second convocation"),
    ({"ordinary": {"first": "1/5", "second": "0", "third": "0"}},
     "the ordinary quorum needs a value for first and second convocation"),
])
def test_quorum_out_of_range_or_incomplete_is_refused(quorum: dict[str, Any], expected: str) -> None:
    assert refusal(scic_statutes(quorum=quorum)) == expected


def test_per_college_quorum_out_of_range_is_refused() -> None:
    assert refusal(scic_statutes(college_quorum={"ordinary": "3/2"})) == \
        "the per-college ordinary quorum must be between 0 % and 100 %"


@pytest.mark.parametrize("rule", ["majority", "merge_into", "proportional:salaries", "Proportional", ""])
def test_unknown_empty_college_rule_is_refused(rule: str) -> None:
    assert refusal(scic_statutes(empty_college_rule=rule)) == (
        f"unknown empty-college rule '{rule}' (proportional, equal, not_for or merge_into:<college>)")


@pytest.mark.parametrize("target", ["benevoles", ""])
def test_merge_into_an_unknown_college_is_refused(target: str) -> None:
    assert refusal(scic_statutes(empty_college_rule=f"merge_into:{target}")) == (
        f"the empty-college rule merges into '{target}', which is not a college")


@pytest.mark.parametrize("rule", ["proportional", "equal", "not_for", "merge_into:usagers"])
def test_every_known_empty_college_rule_is_accepted(rule: str) -> None:
    assert check(scic_statutes(empty_college_rule=rule)) == []


def test_negative_proxy_cap_and_unknown_deciding_body_are_refused() -> None:
    assert refusal(scic_statutes(max_proxies_per_holder=-1)) == "the proxy cap cannot be negative"
    assert refusal(scic_statutes(admission_by="mayor")) == "admission_by must be 'board' or 'assembly'"
    assert refusal(scic_statutes(exclusion_by="")) == "exclusion_by must be 'board' or 'assembly'"


@pytest.mark.parametrize("malformed", [
    {"thresholds": {"ordinary": {"strict": True}}},
    {"quorum": {"ordinary": "1/5"}},
    {"max_proxies_per_holder": "two"},
    {"colleges": "salaries"},
    {"colleges": ["salaries"]},
])
def test_malformed_statutes_data_is_refused_as_a_domain_error(malformed: dict[str, Any]) -> None:
    with pytest.raises(StatutesRuleBroken):
        check(scic_statutes(**malformed))


def test_a_non_numeric_share_is_refused_as_invalid_input() -> None:
    with pytest.raises(DomainError, match="'inf' is not a valid share"):
        check(scic_statutes(colleges=[college("a", "inf"), college("b", "30%"), college("c", "30%")]))


# -- serialisation ------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    scic_statutes(),
    scic_statutes(empty_college_rule="merge_into:usagers", max_proxies_per_holder=None, proxy_same_college=True,
                  admission_by="assembly", exclusion_by="board", college_quorum={"extraordinary": "1/10"},
                  thresholds={"ordinary": {"fraction": "3/5", "strict": False}},
                  quorum={"ordinary": {"first": "1/3", "second": "1/10"}}),
    {"model": "one_member_one_vote"},
    {"model": "weighted", "colleges": [college("a", "1/3"), college("b", "2/3")]},
])
def test_to_dict_from_dict_round_trip(data: dict[str, Any]) -> None:
    statutes = Statutes.from_dict(data)
    plain = statutes.to_dict()
    assert Statutes.from_dict(plain) == statutes
    assert Statutes.from_dict(plain).to_dict() == plain


def test_to_dict_keeps_shares_exact() -> None:
    plain = Statutes.from_dict({"model": "weighted", "colleges": [college("a", "1/3"), college("b", "2/3")]}).to_dict()
    assert [c["share"] for c in plain["colleges"]] == ["1/3", "2/3"]
    assert plain["thresholds"]["extraordinary"] == {"fraction": "2/3", "strict": False}


def test_yes_no_settings_from_forms_are_read_literally() -> None:
    statutes = Statutes.from_dict(scic_statutes(proxy_same_college="false",
                                                thresholds={"ordinary": {"fraction": "3/5", "strict": "true"}}))
    assert statutes.proxy_same_college is False
    assert statutes.thresholds["ordinary"].strict is True
    assert refusal(scic_statutes(proxy_same_college="maybe")).startswith("malformed statutes")


def test_categories_are_optional_and_serialised_only_when_listed() -> None:
    from governance.statutes import DEFAULT_CATEGORIES
    unlisted = Statutes.from_dict(scic_statutes())
    assert unlisted.categories == () and unlisted.category_choices == DEFAULT_CATEGORIES
    assert "categories" not in unlisted.to_dict()  # statutes recorded before the field read as they did
    listed = Statutes.from_dict(scic_statutes(categories=["employee", "beneficiary", "employee"]))
    assert listed.categories == ("employee", "beneficiary") == listed.category_choices
    assert Statutes.from_dict(listed.to_dict()) == listed


@pytest.mark.parametrize("categories", [["Salariés"], "employee"])
def test_malformed_categories_are_refused(categories: Any) -> None:
    assert "categor" in refusal(scic_statutes(categories=categories))
