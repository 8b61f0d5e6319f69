"""Properties of the tally that must hold for any statutes, electorate and ballots."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.statutes import EMPTY_COLLEGE_RULES, Statutes
from governance.tally import Tally, tally

RULES = list(EMPTY_COLLEGE_RULES)  # "merge_into" gets a random target college below


@st.composite
def votes(draw: st.DrawFn, rules: list[str] | None = None) -> tuple[Statutes, dict[str, str], dict[str, str]]:
    """Weighted statutes (1–6 colleges, shares summing to 1), an electorate and last ballots."""
    weights = draw(st.lists(st.integers(1, 20), min_size=1, max_size=6))
    codes = [f"c{i}" for i in range(len(weights))]
    rule = draw(st.sampled_from(rules or RULES))
    if rule == "merge_into":
        rule = f"merge_into:{draw(st.sampled_from(codes))}"
    statutes = Statutes.from_dict({
        "model": "weighted", "empty_college_rule": rule,
        "colleges": [{"code": c, "name": c, "share": Fraction(w, sum(weights))} for c, w in zip(codes, weights)]})
    members = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=30))
    electorate = {f"m{i}": college for i, college in enumerate(members)}
    choices = draw(st.dictionaries(st.sampled_from(sorted(electorate)), st.sampled_from(["for", "against", "abstain"])))
    return statutes, electorate, choices


def run(vote: tuple[Statutes, dict[str, str], dict[str, str]], kind: str = "ordinary") -> Tally:
    statutes, electorate, choices = vote
    return tally(statutes, kind, "first", electorate, choices)


@settings(max_examples=200, deadline=None)
@given(votes())
def test_result_is_a_share_between_zero_and_one(vote: Any) -> None:
    result = run(vote).result
    assert result is None or 0 <= result <= 1
    assert (result is None) == all(c == "abstain" for c in vote[2].values())


@settings(max_examples=200, deadline=None)
@given(votes(rules=["proportional", "equal", "merge_into"]))
def test_effective_weights_of_voting_colleges_sum_to_one(vote: Any) -> None:
    result = run(vote)
    voting = [row for row in result.colleges if row.cast > 0]
    if voting:
        assert sum(row.effective_weight for row in voting) == 1
        assert all(row.effective_weight == 0 for row in result.colleges if row.cast == 0)


@settings(max_examples=100, deadline=None)
@given(votes(rules=["not_for"]))
def test_not_for_keeps_the_voting_colleges_own_shares(vote: Any) -> None:
    result = run(vote)
    for row in result.colleges:
        if row.cast > 0 and result.empty_colleges:
            assert row.effective_weight == row.share


@settings(max_examples=100, deadline=None)
@given(votes(), st.randoms(use_true_random=False))
def test_renaming_members_does_not_change_the_result(vote: Any, rnd: Any) -> None:
    statutes, electorate, choices = vote
    ids = list(electorate)
    shuffled = ids[:]
    rnd.shuffle(shuffled)
    rename = dict(zip(ids, shuffled))
    renamed = (statutes, {rename[m]: c for m, c in electorate.items()}, {rename[m]: c for m, c in choices.items()})
    # only which member is which changes; each renamed member keeps its college and ballot
    assert run(renamed) == run(vote)


@settings(max_examples=100, deadline=None)
@given(votes(rules=["proportional", "equal", "merge_into"]))
def test_unanimity_gives_one_or_zero(vote: Any) -> None:
    statutes, electorate, _ = vote
    assert tally(statutes, "ordinary", "second", electorate, {m: "for" for m in electorate}).result == 1
    assert tally(statutes, "ordinary", "second", electorate, {m: "against" for m in electorate}).result == 0


@settings(max_examples=100, deadline=None)
@given(votes(rules=["not_for"]))
def test_under_not_for_unanimity_is_capped_by_the_silent_colleges_shares(vote: Any) -> None:
    statutes, electorate, _ = vote
    populated = sum((c.share for c in statutes.colleges if c.code in electorate.values()), Fraction(0))
    assert tally(statutes, "ordinary", "second", electorate, {m: "for" for m in electorate}).result == populated
    assert tally(statutes, "ordinary", "second", electorate, {m: "against" for m in electorate}).result == 0


@settings(max_examples=200, deadline=None)
@given(votes(), st.data())
def test_abstentions_never_change_the_result_and_only_help_quorum(vote: Any, data: st.DataObject) -> None:
    statutes, electorate, choices = vote
    silent = sorted(m for m in electorate if m not in choices)
    abstainers = data.draw(st.lists(st.sampled_from(silent), unique=True) if silent else st.just([]))
    with_abstentions = {**choices, **{m: "abstain" for m in abstainers}}
    for kind in ("ordinary", "extraordinary"):
        before = tally(statutes, kind, "first", electorate, choices)
        after = tally(statutes, kind, "first", electorate, with_abstentions)
        assert after.result == before.result
        assert after.participants == before.participants + len(abstainers)
        assert after.quorum_met >= before.quorum_met


@settings(max_examples=100, deadline=None)
@given(votes())
def test_tally_round_trips_through_plain_data(vote: Any) -> None:
    result = run(vote)
    assert Tally.from_dict(result.to_dict()) == result
