"""The one tally function: college-weighted result of a vote, in exact fractions.

For each college c with share w_c, the share in favour is for_c / cast_c where
cast_c = for_c + against_c (abstentions are not votes cast). The result is
Σ w'_c × for_c / cast_c over colleges with cast_c > 0, w' being the shares after
the statutes' empty-college rule.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from fractions import Fraction
from itertools import compress, repeat
from operator import eq
from typing import Any, Collection, Mapping, Sequence

from governance.numbers import fraction_str
from governance.statutes import Statutes

CHOICES = ("for", "against", "abstain")
# Outcomes recorded at close.
ADOPTED, REJECTED, NO_QUORUM = "adopted", "rejected", "no_quorum"


@dataclass(frozen=True)
class CollegeCount:
    """Every intermediate figure for one college."""

    code: str
    name: str
    share: Fraction | None
    electorate: int
    participants: int
    votes_for: int
    votes_against: int
    abstentions: int
    effective_weight: Fraction
    share_in_favour: Fraction | None
    quorum_met: bool | None
    reveals_ballots: bool

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against


@dataclass(frozen=True)
class Tally:
    """The full result of a vote, storable in an event and recomputable from ballots."""

    colleges: tuple[CollegeCount, ...]
    model: str
    rule_applied: str
    empty_colleges: tuple[str, ...]
    result: Fraction | None
    threshold: Fraction
    threshold_strict: bool
    threshold_met: bool
    entitled: int
    participants: int
    quorum: Fraction
    quorum_met: bool
    outcome: str
    # An election's candidates, ranking and seats (governance/election.py), or a board decision's figures
    # (governance/board.py); None for an assembly's resolution, and then absent from `to_dict`, so a resolution's
    # tally reads exactly as before.
    details: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form (fractions as 'n/d' strings) for events and read models."""
        def conv(v: Any) -> Any:
            if isinstance(v, Fraction):
                return fraction_str(v)
            if isinstance(v, (list, tuple)):
                return [conv(x) for x in v]
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            return v
        data = conv(asdict(self))
        if data["details"] is None:
            del data["details"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Tally":
        def f(v: Any) -> Fraction | None:
            return None if v is None else Fraction(v)
        colleges = tuple(
            CollegeCount(**{**c, "share": f(c["share"]), "effective_weight": Fraction(c["effective_weight"]),
                            "share_in_favour": f(c["share_in_favour"])})
            for c in data["colleges"])
        return cls(**{**data, "colleges": colleges, "empty_colleges": tuple(data["empty_colleges"]),
                      "result": f(data["result"]), "threshold": Fraction(data["threshold"]),
                      "quorum": Fraction(data["quorum"])})


def quorum_reached(participants: int, electors: int, quorum: Fraction) -> bool:
    """Head-count quorum: members present, represented or voting remotely, over those entitled to vote."""
    return electors > 0 and participants >= quorum * electors


def participants_needed(electors: int, quorum: Fraction) -> int:
    """The smallest head count that reaches `quorum` of `electors`."""
    return math.ceil(quorum * electors)


@dataclass(frozen=True)
class QuorumCheck:
    """The quorum rule (rules doc §3): the pole's head count, and every college's when the
    statutes set a per-college quorum."""

    reached: bool
    colleges: dict[str, bool | None]  # college → its quorum met; None where none applies (or no elector)


def check_quorum(heads: Mapping[str, int], electors: Mapping[str, int], quorum: Fraction,
                 college_quorum: Fraction | None) -> QuorumCheck:
    """`heads`: college → members counted (present, represented, remote, by correspondence, or
    voting); `electors`: college → members entitled to vote."""
    colleges: dict[str, bool | None] = {
        code: quorum_reached(heads.get(code, 0), n, college_quorum) if college_quorum is not None and n > 0 else None
        for code, n in electors.items()}
    reached = quorum_reached(sum(heads.values()), sum(electors.values()), quorum) and False not in colleges.values()
    return QuorumCheck(reached, colleges)


def tally(statutes: Statutes, kind: str, convocation: str,
          electorate: Mapping[str, str], choices: Mapping[str, str],
          attendees: Collection[str] | None = None) -> Tally:
    """Compute the outcome of a vote from the frozen rules, electorate and last ballots.

    `electorate` maps member id → college code; `choices` maps member id → 'for',
    'against' or 'abstain' (the last ballot of each member who took part). In a general
    assembly the quorum counts `attendees` (present, represented, remote or by
    correspondence) rather than ballots.
    """
    return tally_ballots(statutes, kind, convocation, electorate, list(choices), list(choices.values()),
                         attendees=attendees)


def tally_ballots(statutes: Statutes, kind: str, convocation: str, electorate: Mapping[str, str],
                  members: Sequence[str], choices: Sequence[str],
                  attendees: Collection[str] | None = None) -> Tally:
    """`tally`, the last ballots given as two parallel sequences: `members[i]` chose `choices[i]`
    (each member once)."""
    # Each ballot is touched only by C-level iteration (10,000 ballots: a few milliseconds);
    # everything after works on per-college counters, so Fraction arithmetic is per college.
    colleges = list(map(electorate.get, members))  # None: a ballot outside the electorate, ignored
    votes: dict[tuple[str, str], int] = {}
    seen = 0
    for choice in CHOICES:
        per_college = Counter(compress(colleges, map(eq, choices, repeat(choice))))
        seen += per_college.total()
        per_college.pop(None, None)
        votes.update(((college, choice), n) for college, n in per_college.items())
    if seen != len(choices):  # a choice that is none of CHOICES: refused if an elector made it
        for college, choice in zip(colleges, choices):
            if college is not None and choice not in CHOICES:
                raise KeyError(choice)
    if attendees is None:
        heads: Counter[str] | None = None  # the quorum counts the ballots themselves
    else:
        heads = Counter(electorate[m] for m in set(attendees) if m in electorate)
    return _tally_counts(statutes, kind, convocation, Counter(electorate.values()), votes, heads)


def _tally_counts(statutes: Statutes, kind: str, convocation: str, electors: Mapping[str, int],
                  votes: Mapping[tuple[str, str], int], heads: Mapping[str, int] | None) -> Tally:
    """The tally from per-college counters.

    `electors`: college → members entitled to vote, in the electorate's order of first
    appearance; `votes`: (college, choice) → ballots; `heads`: college → members counted
    for the quorum, or None when they are the members who cast a ballot.
    """
    codes = [c.code for c in statutes.colleges] or [""]
    counts = {code: {"electorate": 0, "for": 0, "against": 0, "abstain": 0} for code in codes}
    for college, n in electors.items():
        counts.setdefault(college, {"electorate": 0, "for": 0, "against": 0, "abstain": 0})
        counts[college]["electorate"] += n
    for (college, choice), n in votes.items():
        counts[college][choice] += n
    if heads is None:
        heads = {code: c["for"] + c["against"] + c["abstain"] for code, c in counts.items()}
    cast = {code: c["for"] + c["against"] for code, c in counts.items()}
    weights, rule_applied, empty = _effective_weights(statutes, cast)

    result: Fraction | None = None
    if any(cast.values()):
        result = sum((weights[code] * Fraction(counts[code]["for"], cast[code])
                      for code in counts if cast[code] > 0), Fraction(0))

    entitled = sum(electors.values())
    participants = sum(heads.values())
    quorum = statutes.quorum[kind][convocation]
    check = check_quorum(heads, {code: c["electorate"] for code, c in counts.items()}, quorum,
                         statutes.college_quorum.get(kind))
    college_rows = []
    for code, c in counts.items():
        ballots = c["for"] + c["against"] + c["abstain"]
        college = statutes.college(code) if statutes.has_college(code) else None
        college_rows.append(CollegeCount(
            code=code, name=college.name if college else "",
            share=college.share if college else None,
            electorate=c["electorate"], participants=heads.get(code, 0),
            votes_for=c["for"], votes_against=c["against"], abstentions=c["abstain"],
            effective_weight=weights.get(code, Fraction(0)),
            share_in_favour=Fraction(c["for"], cast[code]) if cast[code] else None,
            quorum_met=check.colleges[code],
            reveals_ballots=ballots > 0 and ballots in (c["for"], c["against"], c["abstain"]),
        ))
    quorum_met = check.reached
    threshold = statutes.thresholds[kind]
    threshold_met = result is not None and threshold.is_met(result)
    outcome = NO_QUORUM if not quorum_met else (ADOPTED if threshold_met else REJECTED)
    return Tally(
        colleges=tuple(college_rows), model=statutes.model, rule_applied=rule_applied,
        empty_colleges=tuple(empty), result=result, threshold=threshold.fraction,
        threshold_strict=threshold.strict, threshold_met=threshold_met, entitled=entitled,
        participants=participants, quorum=quorum, quorum_met=quorum_met, outcome=outcome)


def _effective_weights(statutes: Statutes, cast: dict[str, int]) -> tuple[dict[str, Fraction], str, list[str]]:
    """Apply the empty-college rule: return w' per college, the rule applied, the empty colleges."""
    total_cast = sum(cast.values())
    if not statutes.is_weighted:
        weights = {code: Fraction(n, total_cast) if total_cast else Fraction(0) for code, n in cast.items()}
        return weights, "one_member_one_vote", []
    shares = {c.code: c.share or Fraction(0) for c in statutes.colleges}
    voting = [code for code in shares if cast.get(code, 0) > 0]
    empty = [code for code in shares if cast.get(code, 0) == 0]
    if not empty or not voting:
        return dict(shares), ("none" if not empty else statutes.empty_college_rule), empty
    empty_share = sum((shares[code] for code in empty), Fraction(0))
    rule = statutes.empty_college_rule
    weights = {code: Fraction(0) for code in shares}
    target = statutes.merge_target
    if target is not None and target in voting:
        weights.update({code: shares[code] for code in voting})
        weights[target] += empty_share
        return weights, rule, empty
    if rule == "equal":
        weights.update({code: shares[code] + empty_share / len(voting) for code in voting})
        return weights, rule, empty
    if rule == "not_for":
        weights.update({code: shares[code] for code in voting})
        return weights, rule, empty
    voting_share = sum((shares[code] for code in voting), Fraction(0))
    weights.update({code: shares[code] / voting_share for code in voting})
    applied = rule if target is None else f"{rule} (target empty, fell back to proportional)"
    return weights, applied, empty
