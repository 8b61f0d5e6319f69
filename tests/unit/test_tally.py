"""The one tally function on hand-computed votes: every empty-college rule, quorum, thresholds."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest

from governance.statutes import Statutes
from governance.tally import ADOPTED, NO_QUORUM, REJECTED, Tally, tally


def statutes(rule: str = "proportional", model: str = "weighted", **extra: Any) -> Statutes:
    """Colleges a 50 %, b 30 %, c 20 %."""
    return Statutes.from_dict({"model": model, "empty_college_rule": rule, **extra, "colleges": [
        {"code": "a", "name": "Salariés", "share": "1/2"},
        {"code": "b", "name": "Usagers", "share": "3/10"},
        {"code": "c", "name": "Collectivités", "share": "1/5"}]})


# Electorate: a1..a5 in a, b1..b3 in b, c1..c2 in c (10 entitled).
ELECTORATE = {**{f"a{i}": "a" for i in range(1, 6)}, **{f"b{i}": "b" for i in range(1, 4)},
              **{f"c{i}": "c" for i in range(1, 3)}}
# a: 3 for, 1 against, 1 abstains -> 3/4 in favour; b: 1 for, 1 against -> 1/2; c: silent.
SILENT_C = {"a1": "for", "a2": "for", "a3": "for", "a4": "against", "a5": "abstain", "b1": "for", "b2": "against"}


def college_row(result: Tally, code: str) -> Any:
    return next(row for row in result.colleges if row.code == code)


@pytest.mark.parametrize(("rule", "weights", "expected", "applied"), [
    # shares of the voting colleges rescaled: a 5/8, b 3/8 -> 5/8*3/4 + 3/8*1/2 = 21/32
    ("proportional", {"a": F(5, 8), "b": F(3, 8), "c": 0}, F(21, 32), "proportional"),
    # c's 1/5 split equally: a 1/2+1/10, b 3/10+1/10 -> 3/5*3/4 + 2/5*1/2 = 13/20
    ("equal", {"a": F(3, 5), "b": F(2, 5), "c": 0}, F(13, 20), "equal"),
    # c's 1/5 counts as not in favour: 1/2*3/4 + 3/10*1/2 = 21/40
    ("not_for", {"a": F(1, 2), "b": F(3, 10), "c": 0}, F(21, 40), "not_for"),
    # c's share goes to b: 1/2*3/4 + 1/2*1/2 = 5/8
    ("merge_into:b", {"a": F(1, 2), "b": F(1, 2), "c": 0}, F(5, 8), "merge_into:b"),
    # target is the silent college itself: falls back to proportional, and says so
    ("merge_into:c", {"a": F(5, 8), "b": F(3, 8), "c": 0}, F(21, 32),
     "merge_into:c (target empty, fell back to proportional)"),
])
def test_each_empty_college_rule_by_hand(rule: str, weights: dict[str, F], expected: F, applied: str) -> None:
    result = tally(statutes(rule), "ordinary", "first", ELECTORATE, SILENT_C)
    assert result.result == expected
    assert {row.code: row.effective_weight for row in result.colleges} == weights
    assert result.rule_applied == applied
    assert result.empty_colleges == ("c",)


def test_every_intermediate_figure_is_shown() -> None:
    result = tally(statutes(), "ordinary", "first", ELECTORATE, SILENT_C)
    a, b, c = (college_row(result, code) for code in "abc")
    assert (a.electorate, a.participants, a.votes_for, a.votes_against, a.abstentions, a.cast) == (5, 5, 3, 1, 1, 4)
    assert (a.share, a.share_in_favour) == (F(1, 2), F(3, 4))
    assert (b.electorate, b.participants, b.cast, b.share_in_favour) == (3, 2, 2, F(1, 2))
    assert (c.electorate, c.participants, c.cast, c.share_in_favour) == (2, 0, 0, None)
    assert a.name == "Salariés"
    assert (result.entitled, result.participants) == (10, 7)


def test_no_empty_college_applies_no_rule() -> None:
    choices = {**SILENT_C, "c1": "against"}
    result = tally(statutes("equal"), "ordinary", "first", ELECTORATE, choices)
    # 1/2*3/4 + 3/10*1/2 + 1/5*0 = 21/40
    assert result.result == F(21, 40)
    assert result.rule_applied == "none"
    assert result.empty_colleges == ()


def test_abstentions_are_not_votes_cast() -> None:
    only_abstain_in_b = {"a1": "for", "a2": "against", "b1": "abstain", "b2": "abstain", "c1": "for"}
    result = tally(statutes("proportional"), "ordinary", "first", ELECTORATE, only_abstain_in_b)
    # b is silent (no votes cast): a 1/2 -> 5/7, c 1/5 -> 2/7; 5/7*1/2 + 2/7*1 = 9/14
    assert result.empty_colleges == ("b",)
    assert result.result == F(9, 14)
    assert college_row(result, "b").participants == 2


def test_one_member_one_vote_ignores_colleges() -> None:
    omov = statutes(model="one_member_one_vote")
    result = tally(omov, "ordinary", "first", ELECTORATE, SILENT_C)
    # 4 for, 2 against among 6 votes cast
    assert result.result == F(4, 6)
    assert result.model == "one_member_one_vote"
    assert result.rule_applied == "one_member_one_vote"
    assert sum(row.effective_weight for row in result.colleges) == 1


def test_one_member_one_vote_without_colleges() -> None:
    omov = Statutes.from_dict({"model": "one_member_one_vote"})
    electorate = {"m1": "", "m2": "", "m3": ""}
    result = tally(omov, "ordinary", "first", electorate, {"m1": "for", "m2": "against", "m3": "for"})
    assert result.result == F(2, 3)
    assert result.outcome == ADOPTED


def test_ordinary_tie_fails() -> None:
    choices = {"a1": "for", "a2": "against", "b1": "for", "b2": "against", "c1": "for", "c2": "against"}
    result = tally(statutes(), "ordinary", "first", ELECTORATE, choices)
    assert result.result == F(1, 2)
    assert not result.threshold_met
    assert result.outcome == REJECTED


def test_extraordinary_passes_at_exactly_two_thirds() -> None:
    electorate = {"a1": "a", "a2": "a", "a3": "a", "b1": "b", "b2": "b", "b3": "b", "c1": "c", "c2": "c", "c3": "c"}
    choices = {m: "for" for m in electorate} | {"a3": "against", "b3": "against", "c3": "against"}
    result = tally(statutes(), "extraordinary", "first", electorate, choices)
    assert result.result == F(2, 3)
    assert (result.threshold, result.threshold_strict) == (F(2, 3), False)
    assert result.outcome == ADOPTED


def test_quorum_is_a_head_count_including_abstentions() -> None:
    # ordinary first convocation: 1/5 of 10 entitled = 2 participants needed
    one = tally(statutes(), "ordinary", "first", ELECTORATE, {"a1": "for"})
    assert (one.participants, one.quorum, one.quorum_met, one.outcome) == (1, F(1, 5), False, NO_QUORUM)
    two = tally(statutes(), "ordinary", "first", ELECTORATE, {"a1": "for", "c2": "abstain"})
    assert (two.quorum_met, two.outcome) == (True, ADOPTED)
    # second convocation: no quorum
    second = tally(statutes(), "ordinary", "second", ELECTORATE, {"a1": "for"})
    assert (second.quorum, second.quorum_met, second.outcome) == (0, True, ADOPTED)


def test_extraordinary_quorum_defaults() -> None:
    two_of_ten = {"a1": "for", "b1": "for"}
    assert tally(statutes(), "extraordinary", "first", ELECTORATE, two_of_ten).outcome == NO_QUORUM  # needs 1/4
    assert tally(statutes(), "extraordinary", "second", ELECTORATE, two_of_ten).outcome == ADOPTED  # needs 1/5


def test_per_college_quorum() -> None:
    st = statutes(college_quorum={"ordinary": "1/2"})
    # a: 5/5, b: 2/3, c: 0/2 -> c misses its quorum
    result = tally(st, "ordinary", "first", ELECTORATE, {**SILENT_C, "b3": "abstain"})
    assert [college_row(result, c).quorum_met for c in "abc"] == [True, True, False]
    assert result.outcome == NO_QUORUM
    result = tally(st, "ordinary", "first", ELECTORATE, {**SILENT_C, "c1": "abstain"})
    assert result.quorum_met


def test_nobody_voting_has_no_result() -> None:
    result = tally(statutes(), "ordinary", "second", ELECTORATE, {})
    assert result.result is None
    assert not result.threshold_met
    assert result.outcome == REJECTED
    assert tally(statutes(), "ordinary", "first", ELECTORATE, {}).outcome == NO_QUORUM


def test_unanimous_college_is_flagged_as_revealing_ballots() -> None:
    result = tally(statutes(), "ordinary", "first", ELECTORATE,
                   {"a1": "for", "a2": "against", "b1": "for", "b2": "for", "c1": "abstain"})
    assert [college_row(result, c).reveals_ballots for c in "abc"] == [False, True, True]


def test_ballots_outside_the_electorate_are_ignored() -> None:
    result = tally(statutes(), "ordinary", "second", ELECTORATE, {**SILENT_C, "intruder": "against"})
    assert result.participants == 7
    assert result.result == F(21, 32)


@pytest.mark.parametrize("rule", ["proportional", "equal", "not_for", "merge_into:a"])
def test_tally_round_trips_through_plain_data(rule: str) -> None:
    result = tally(statutes(rule, college_quorum={"ordinary": "1/3"}), "ordinary", "first", ELECTORATE, SILENT_C)
    plain = result.to_dict()
    assert plain["result"] == str(result.result)
    assert isinstance(plain["colleges"], list) and isinstance(plain["colleges"][0]["effective_weight"], str)
    assert Tally.from_dict(plain) == result


def test_empty_tally_round_trips() -> None:
    result = tally(statutes(), "ordinary", "first", ELECTORATE, {})
    assert Tally.from_dict(result.to_dict()) == result
