"""Power indices: hand-computed cases and the properties any index must have."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.errors import InvalidInput
from governance.power import college_indices, decisive_in_majority, member_indices
from governance.statutes import Statutes


def statutes(*weights: int, ordinary: str | None = None) -> Statutes:
    total = sum(weights)
    data = {"model": "weighted",
            "colleges": [{"code": f"c{i}", "name": f"C{i}", "share": Fraction(w, total)} for i, w in enumerate(weights)]}
    if ordinary:
        data["thresholds"] = {"ordinary": {"fraction": ordinary, "strict": False}}
    return Statutes.from_dict(data)


def by_code(indices):
    return {i.code: i for i in indices}


def test_50_30_20_at_two_thirds_by_hand():
    # Winning coalitions at ≥ 2/3: {A,B} 80 %, {A,C} 70 %, {A,B,C}; {B,C} has only 50 %.
    power = by_code(college_indices(statutes(50, 30, 20), "extraordinary"))
    assert [power[c].banzhaf for c in ("c0", "c1", "c2")] == [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    assert [power[c].shapley_shubik for c in ("c0", "c1", "c2")] == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    assert power["c0"].has_veto and not power["c1"].has_veto
    assert not any(p.is_dictator or p.is_dummy for p in power.values())


def test_a_small_college_can_be_a_dummy_and_a_large_one_a_dictator():
    power = by_code(college_indices(statutes(70, 25, 5, ordinary="2/3"), "ordinary"))
    assert power["c0"].is_dictator and power["c0"].banzhaf == 1
    assert power["c1"].is_dummy and power["c2"].is_dummy and power["c1"].shapley_shubik == 0


def test_equal_shares_share_power_equally_even_when_nominal_weights_differ():
    # 40/35/25 at > 50 %: any two colleges win, none alone; all three equally powerful.
    power = college_indices(statutes(40, 35, 25), "ordinary")
    assert {p.banzhaf for p in power} == {Fraction(1, 3)} and {p.shapley_shubik for p in power} == {Fraction(1, 3)}


def test_one_member_one_vote_has_no_bloc_power():
    with pytest.raises(InvalidInput, match="weighted colleges"):
        college_indices(Statutes.from_dict({"model": "one_member_one_vote", "colleges": []}), "ordinary")


def test_a_member_decides_its_college_majority_as_often_as_it_should():
    assert decisive_in_majority(1) == 1
    assert decisive_in_majority(2) == Fraction(1, 2)  # the other voted for: its vote decides (a tie fails)
    assert decisive_in_majority(3) == Fraction(1, 2)  # the two others split
    assert decisive_in_majority(4) == Fraction(3, 8)
    members = {m.college: m for m in member_indices(statutes(50, 30, 20), "ordinary", {"c0": 3, "c1": 2, "c2": 1})}
    assert members["c0"].nominal_weight == Fraction(1, 6)
    assert members["c0"].pole_power == Fraction(1, 2) * Fraction(3, 4)


weights = st.lists(st.integers(1, 30), min_size=1, max_size=7)
kinds = st.sampled_from(["ordinary", "extraordinary"])


@settings(max_examples=150, deadline=None)
@given(weights, kinds)
def test_indices_sum_to_one_or_nobody_has_power(ws, kind):
    power = college_indices(statutes(*ws), kind)
    assert sum(p.shapley_shubik for p in power) == 1
    assert sum(p.banzhaf for p in power) in (0, 1)


@settings(max_examples=150, deadline=None)
@given(weights, kinds)
def test_equal_shares_get_equal_power_and_dummies_get_none(ws, kind):
    power = college_indices(statutes(*ws), kind)
    for a in power:
        for b in power:
            if a.share == b.share:
                assert (a.banzhaf, a.shapley_shubik) == (b.banzhaf, b.shapley_shubik)
        if a.is_dummy:
            assert a.banzhaf == 0 and a.shapley_shubik == 0


@settings(max_examples=100, deadline=None)
@given(weights, kinds)
def test_a_larger_share_never_means_less_power(ws, kind):
    power = college_indices(statutes(*ws), kind)
    for a in power:
        for b in power:
            if a.share > b.share:
                assert a.banzhaf >= b.banzhaf and a.shapley_shubik >= b.shapley_shubik
