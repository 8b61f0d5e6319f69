"""Voting power of colleges and members: Banzhaf and Shapley–Shubik indices, exact.

Each college votes as a bloc carrying its share; a coalition of colleges wins when its
total share passes the resolution's threshold (statutes: "> 50 %" or "≥ 2/3"). The
indices count, over all coalitions (2^n, exact for the at most 10 colleges of a SCIC),
how often a college is decisive. Inside a college, members decide by simple majority;
a member's power in the pole is its chance of being decisive inside its college times
its college's chance of being decisive in the pole (the two-tier Penrose measure).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from fractions import Fraction
from itertools import combinations
from math import comb, factorial
from typing import Mapping

from governance.errors import InvalidInput
from governance.statutes import College, Statutes, Threshold

MAX_COLLEGES = 10


@dataclass(frozen=True)
class CollegeIndex:
    """The power of one college, next to its nominal share."""

    code: str
    name: str
    share: Fraction
    banzhaf: Fraction  # normalised: the colleges' indices sum to 1
    shapley_shubik: Fraction  # sums to 1
    swing_probability: Fraction  # Penrose: share of the other colleges' coalitions it turns into a win
    is_dictator: bool  # wins alone
    has_veto: bool  # nothing passes without it
    is_dummy: bool  # never decisive


@dataclass(frozen=True)
class MemberIndex:
    """The power of one member inside its college, and in the whole pole."""

    college: str
    members: int
    nominal_weight: Fraction | None  # share / head count
    decisive_in_college: Fraction  # chance its vote decides its college's majority
    pole_power: Fraction  # decisive_in_college × the college's swing probability


def wins(total: Fraction, threshold: Threshold) -> bool:
    return threshold.is_met(total)


def college_indices(statutes: Statutes, kind: str) -> list[CollegeIndex]:
    """Banzhaf and Shapley–Shubik indices of each college for a resolution kind."""
    if not statutes.is_weighted:
        raise InvalidInput("power indices need weighted colleges; under one member, one vote every member weighs the same")
    if len(statutes.colleges) > MAX_COLLEGES:
        raise InvalidInput("exact power indices are computed for at most {maximum} colleges", maximum=MAX_COLLEGES)
    threshold = statutes.thresholds[kind]
    # The indices depend only on the colleges and the threshold: computed once per distinct set.
    return list(_college_indices(tuple(statutes.colleges), threshold))


@lru_cache(maxsize=256)
def _college_indices(colleges: tuple[College, ...], threshold: Threshold) -> tuple[CollegeIndex, ...]:
    shares = [c.share or Fraction(0) for c in colleges]
    n = len(colleges)
    swings = [0] * n
    shapley = [Fraction(0)] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for size in range(n):
            for coalition in combinations(others, size):
                total = sum((shares[j] for j in coalition), Fraction(0))
                if not wins(total, threshold) and wins(total + shares[i], threshold):
                    swings[i] += 1
                    shapley[i] += Fraction(factorial(size) * factorial(n - size - 1), factorial(n))
    total_swings = sum(swings)
    everyone = sum(shares, Fraction(0))
    return tuple(CollegeIndex(
        code=c.code, name=c.name, share=shares[i],
        banzhaf=Fraction(swings[i], total_swings) if total_swings else Fraction(0),
        shapley_shubik=shapley[i], swing_probability=Fraction(swings[i], 2 ** (n - 1)),
        is_dictator=wins(shares[i], threshold),
        has_veto=not wins(everyone - shares[i], threshold) and wins(everyone, threshold),
        is_dummy=swings[i] == 0) for i, c in enumerate(colleges))


@lru_cache(maxsize=1024)
def decisive_in_majority(members: int) -> Fraction:
    """Chance that one voter decides a simple majority (> half) among `members` voting at random."""
    if members <= 0:
        return Fraction(0)
    others = members - 1
    # The voter decides when the others split so that its vote makes the difference:
    # exactly floor(members/2) of the others in favour (ties fail, as in the statutes).
    needed = members // 2 + 1  # votes in favour for a majority
    return Fraction(comb(others, needed - 1), 2 ** others)


def member_indices(statutes: Statutes, kind: str, head_counts: Mapping[str, int]) -> list[MemberIndex]:
    """One member's power inside its college and in the pole, per college."""
    by_code = {c.code: c for c in college_indices(statutes, kind)}
    result = []
    for college in statutes.colleges:
        n = head_counts.get(college.code, 0)
        inside = decisive_in_majority(n)
        result.append(MemberIndex(
            college=college.code, members=n,
            nominal_weight=(college.share / n) if n and college.share is not None else None,
            decisive_in_college=inside, pole_power=inside * by_code[college.code].swing_probability))
    return result
