"""Electing people: ballots, the three counting methods and the filling of seats, in exact fractions.

An election is a proposal with candidates (`Proposal.election`); its method, seats and grade scale are the
statutes' board (`governance.statutes.Board`), frozen when voting opens. A ballot is one character per candidate,
in the candidates' frozen order, so that every ballot of an election has the same length (a sealed secret ballot
then gives away nothing by its size, governance/sealing.py):

- `resolution_per_candidate`: ``f`` for, ``a`` against, ``x`` abstain. Each candidate is an ordinary resolution
  (Code de commerce L225-18: administrators are appointed by the ordinary assembly), counted by
  `governance.tally.tally_ballots` like any resolution; adopted candidates are elected, best result first.
- `plurality`: ``1`` marked, ``0`` not, at most as many marks as seats; a ballot with no mark is blank. A
  candidate's score is the college-weighted share of the (non-blank) ballots marking them, computed as a
  resolution's result (per college first, then weighted by the shares after the empty-college rule): a mark is
  "for", no mark "against", a blank ballot an abstention.
- `majority_judgment`: one grade per candidate, ``0`` (the worst) to ``len(grades) - 1``, or ``-`` for every
  candidate (a blank ballot); a ballot grading some candidates only is refused. Each candidate's weighted merit
  profile m(g) = Σ_c w_c · n_c(g) / N_c gives the majority grade (the lower middlemost), the gauge (p, q) and the
  full tie-break of docs/majority-judgment.md.

Seats: reserved seats first, each college's from its own candidates in rank order, then the open seats from the
rest. Candidates exactly tied for the last seat(s) of a group are not separated by lot: the seats stay unfilled and
the result says so (the statutes decide how such a tie is broken, docs/elections.md).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cmp_to_key
from typing import Any, Collection, Mapping, Sequence

from governance.errors import InvalidInput, VotingRuleBroken
from governance.numbers import fraction_str
from governance.statutes import Board, Statutes
from governance.tally import NO_QUORUM, Tally, tally_ballots

RESOLUTION, PLURALITY, MAJORITY_JUDGMENT = "resolution_per_candidate", "plurality", "majority_judgment"
ELECTED = "elected"  # the outcome of an election held with its quorum (even when some seats stay unfilled)
BLANK = "-"
_RPC = {"f": "for", "a": "against", "x": "abstain"}
DIGITS = "0123456789"


# -- ballots ---------------------------------------------------------------------------------------------------
def check_ballot(method: str, ballot: object, candidates: int, seats: int, grades: int) -> str:
    """The ballot if it is one this election accepts; InvalidInput naming the rule otherwise."""
    if not isinstance(ballot, str) or len(ballot) != candidates:
        raise InvalidInput("an election ballot gives one answer for each of the {count} candidates", count=candidates)
    if method == RESOLUTION:
        if set(ballot) - set(_RPC):
            raise InvalidInput("each candidate is voted for, against or abstain")
    elif method == PLURALITY:
        if set(ballot) - {"0", "1"}:
            raise InvalidInput("a candidate is marked or not")
        if ballot.count("1") > seats:
            raise VotingRuleBroken("a ballot marks at most {seats} candidates, one per seat to fill", seats=seats)
    elif method == MAJORITY_JUDGMENT:
        if ballot != BLANK * candidates:
            if any(ch not in DIGITS[:grades] for ch in ballot):  # ASCII digits only: one byte each, sealed alike
                raise VotingRuleBroken("a majority-judgment ballot grades every candidate, or none (a blank "
                                       "ballot)")
    else:
        raise InvalidInput("unknown election method '{method}'", method=method)
    return ballot


def blank_ballot(method: str, candidates: int) -> str:
    return {RESOLUTION: "x", PLURALITY: "0", MAJORITY_JUDGMENT: BLANK}[method] * candidates


def is_blank(method: str, ballot: str) -> bool:
    return ballot == blank_ballot(method, len(ballot))


# -- majority judgment -------------------------------------------------------------------------------------------
def merit_profile(per_college: Mapping[str, Sequence[int]], weights: Mapping[str, Fraction],
                  grades: int) -> list[Fraction]:
    """m(g) = Σ_c w_c · n_c(g) / N_c over colleges with ballots; the mass the weights leave out (the `not_for`
    empty-college rule) sits at the lowest grade, as `not_for` keeps it out of "for" for a resolution."""
    profile = [Fraction(0)] * grades
    for code, counts in per_college.items():
        total = sum(counts)
        if total:
            for g, n in enumerate(counts):
                profile[g] += weights.get(code, Fraction(0)) * Fraction(n, total)
    missing = 1 - sum(profile, Fraction(0))
    if missing > 0 and any(profile):
        profile[0] += missing
    return profile


def majority_grade(profile: Sequence[Fraction]) -> tuple[int, Fraction, Fraction]:
    """(α, p, q): the lower middlemost grade (the smallest g with D(g) ≥ 1/2), the weight strictly above it and the
    weight strictly below it, all of a profile of total 1."""
    total = sum(profile, Fraction(0))
    below = Fraction(0)
    for g, mass in enumerate(profile):
        if below + mass >= total / 2:
            return g, total - below - mass, below
        below += mass
    raise ValueError("empty profile")  # pragma: no cover - a profile of total 1 always has a middle


def score(profile: Sequence[Fraction]) -> tuple[int, str, Fraction]:
    """(α, sign, the deciding share): α+ with p when p > q, α− with q otherwise (p = q counts as "−")."""
    alpha, p, q = majority_grade(profile)
    return (alpha, "+", p) if p > q else (alpha, "-", q)


def peel(profile: Sequence[Fraction]) -> list[tuple[Fraction, int, int]]:
    """The profile read from the middle outwards: (length, low grade, high grade) segments whose lengths sum to
    half the total (docs/majority-judgment.md §3.3). At each step, with R the mass left and D its cumulative sum
    from the worst grade: a = min{g : D(g) ≥ R/2}, b = min{g : D(g) > R/2}; remove d = min(R/2 − D(a−1),
    D(b) − R/2) from a and from b."""
    mass = list(profile)
    total = sum(mass, Fraction(0))
    segments: list[tuple[Fraction, int, int]] = []
    while total > 0:
        half = total / 2
        cumulative = Fraction(0)
        low = high = -1
        below_low = up_to_high = Fraction(0)
        for g, m in enumerate(mass):
            if low < 0 and cumulative + m >= half:
                low, below_low = g, cumulative
            cumulative += m
            if high < 0 and cumulative > half:
                high, up_to_high = g, cumulative
                break
        depth = min(half - below_low, up_to_high - half)
        segments.append((depth, low, high))
        mass[low] -= depth
        mass[high] -= depth
        total -= 2 * depth
    return segments


def compare_profiles(a: Sequence[Fraction], b: Sequence[Fraction]) -> int:
    """> 0 when `a` ranks above `b` by majority judgment, < 0 below, 0 for an exact tie (equal profiles). A
    candidate nobody graded ranks below every graded one."""
    found = _first_difference(a, b)
    if found is None:
        return 0
    _, (la, ha), (lb, hb) = found
    if la != lb:
        return 1 if la > lb else -1
    return 1 if ha > hb else -1


def _first_difference(a: Sequence[Fraction], b: Sequence[Fraction]) -> tuple[Fraction, tuple[int, int],
                                                                                tuple[int, int]] | None:
    """The first depth where the two peeled profiles read differently, with each side's (low, high) there."""
    sa, sb = peel(a), peel(b)
    if not sa or not sb:
        if sa or sb:
            return Fraction(0), ((0, 0) if not sa else (1, 1)), ((0, 0) if not sb else (1, 1))
        return None
    ia = ib = 0
    ra, rb = sa[0][0], sb[0][0]
    depth = Fraction(0)
    while ia < len(sa) and ib < len(sb):
        if sa[ia][1:] != sb[ib][1:]:
            return depth, sa[ia][1:], sb[ib][1:]
        step = min(ra, rb)
        depth += step
        ra, rb = ra - step, rb - step
        if ra == 0:
            ia += 1
            ra = sa[ia][0] if ia < len(sa) else Fraction(0)
        if rb == 0:
            ib += 1
            rb = sb[ib][0] if ib < len(sb) else Fraction(0)
    return None


def deciding_depth(a: Sequence[Fraction], b: Sequence[Fraction]) -> dict[str, Any] | None:
    """Where the comparison of two profiles was decided: the depth and each side's (low, high) readings there."""
    found = _first_difference(a, b)
    if found is None:
        return None
    depth, first, second = found
    return {"depth": fraction_str(depth), "readings": [list(first), list(second)]}


# -- counting ----------------------------------------------------------------------------------------------------
def count_election(statutes: Statutes, election: Mapping[str, Any], convocation: str,
                   electorate: Mapping[str, str], members: Sequence[str], ballots: Sequence[str],
                   attendees: Collection[str] | None = None) -> Tally:
    """The result of an election from the frozen statutes, candidates, electorate and last ballots.

    The returned Tally is the election's participation (quorum, electors and ballots per college, the effective
    weights), its outcome `elected` or `no_quorum`, and in `details` every candidate's figures, the ranking, the
    seats filled and any tie left unbroken."""
    board = statutes.board or Board()
    method = board.election_method
    candidates = list(election["candidates"])
    n = len(candidates)
    blank = blank_ballot(method, n)
    participation = tally_ballots(statutes, "ordinary", convocation, electorate, members,
                                  ["abstain" if b == blank else "for" for b in ballots], attendees=attendees)
    rows: list[dict[str, Any]] = []
    if method in (RESOLUTION, PLURALITY):
        for i, candidate in enumerate(candidates):
            if method == RESOLUTION:
                choices = [_RPC[b[i]] for b in ballots]
            else:
                choices = ["abstain" if b == blank else ("for" if b[i] == "1" else "against") for b in ballots]
            result = tally_ballots(statutes, "ordinary", convocation, electorate, members, choices,
                                   attendees=attendees)
            eligible = result.threshold_met if method == RESOLUTION else bool(result.result)
            rows.append({**_candidate(candidate), "tally": result.to_dict(), "result": _frac(result.result),
                         "eligible": eligible, "_key": result.result or Fraction(0)})
        order = sorted(range(n), key=lambda i: rows[i]["_key"], reverse=True)
        same = lambda i, j: rows[i]["_key"] == rows[j]["_key"]  # noqa: E731
    else:
        grades = len(board.grades)
        weights = {c.code: c.effective_weight for c in participation.colleges}
        colleges = [c.code for c in participation.colleges]
        for i, candidate in enumerate(candidates):
            per_college: dict[str, list[int]] = {code: [0] * grades for code in colleges}
            for member, ballot in zip(members, ballots):
                college = electorate.get(member)
                if college is None or ballot == blank:
                    continue
                per_college.setdefault(college, [0] * grades)[int(ballot[i])] += 1
            profile = merit_profile(per_college, weights, grades)
            if any(profile):
                alpha, p, q = majority_grade(profile)
                sign = "+" if p > q else "-"
                figures = {"grade": alpha, "p": fraction_str(p), "q": fraction_str(q), "sign": sign,
                           "score": fraction_str(alpha + p if p > q else alpha - q)}
            else:
                figures = {"grade": None, "p": None, "q": None, "sign": None, "score": None}
            # A college whose ballots all give this candidate one grade shows each of its voters' grade: flagged,
            # as a resolution's college whose ballots are all one choice (`CollegeCount.reveals_ballots`).
            reveals = {code: sum(counts) > 0 and max(counts) == sum(counts) for code, counts in per_college.items()}
            rows.append({**_candidate(candidate), "colleges": per_college, "reveals_ballots": reveals,
                         "profile": [fraction_str(m) for m in profile], **figures,
                         "eligible": any(profile), "_profile": profile})
        cmp = lambda i, j: compare_profiles(rows[j]["_profile"], rows[i]["_profile"])  # noqa: E731
        order = sorted(range(n), key=cmp_to_key(cmp))
        same = lambda i, j: cmp(i, j) == 0  # noqa: E731
        for before, after in zip(order, order[1:]):
            if rows[before]["eligible"] and rows[after]["eligible"] and not same(before, after):
                rows[after]["behind"] = {"candidate": rows[before]["id"],
                                         **(deciding_depth(rows[before]["_profile"], rows[after]["_profile"]) or {})}
    groups: list[list[int]] = []
    for i in order:
        if groups and same(groups[-1][0], i):
            groups[-1].append(i)
        else:
            groups.append([i])
    rank = 1
    for group in groups:
        for i in group:
            rows[i]["rank"] = rank
        rank += len(group)
    to_fill = int(election.get("seats") or board.seats)
    reserved = _reserved(board, election)
    seats, ties = _fill_seats(rows, groups, to_fill, reserved, participation.quorum_met)
    for row in rows:
        row.pop("_key", None)
        row.pop("_profile", None)
        row["seat"] = seats.get(row["id"])
        row["elected"] = row["id"] in seats
    details = {"election": True, "method": method, "seats": to_fill, "reserved": reserved,
               "grades": list(board.grades) if method == MAJORITY_JUDGMENT else None,
               "blank": sum(1 for m, b in zip(members, ballots) if b == blank and m in electorate),
               "candidates": [rows[i] for i in order], "ties": ties}
    outcome = ELECTED if participation.quorum_met else NO_QUORUM
    return replace(participation, outcome=outcome, result=None, threshold_met=participation.quorum_met,
                   details=details)


def _candidate(candidate: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": candidate["member_id"], "name": candidate["name"], "college": candidate.get("college") or ""}


def _frac(value: Fraction | None) -> str | None:
    return None if value is None else fraction_str(value)


def _reserved(board: Board, election: Mapping[str, Any]) -> dict[str, int]:
    """The seats reserved per college in this election: its own, or the board's when it says none."""
    reserved = election.get("reserved")
    return {str(k): int(v) for k, v in (board.reserved if reserved is None else reserved).items() if int(v) > 0}


def _fill_seats(rows: list[dict[str, Any]], groups: list[list[int]], total: int, reserved: Mapping[str, int],
                quorum_met: bool) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Reserved seats first (each college's from its candidates, in rank order), then the open seats from the
    others. A group of exactly tied candidates larger than the seats left is not split: those seats stay
    unfilled, and the tie is reported. A tie for a college's reserved seats that the open seats then take in
    full is no tie: the college's tied candidates are all elected, so the reserved seats go to them (the first
    in the candidates' order) and the open seats they held are filled again."""
    seats: dict[str, str] = {}
    ties: list[dict[str, Any]] = []
    if not quorum_met:
        return seats, ties
    reserved = {code: n for code, n in reserved.items() if n > 0}

    def fill(label: str, wanted: int, admits: Any) -> dict[str, Any] | None:
        """Fill up to `wanted` seats labelled `label`; the tie that stopped it, if any."""
        left = wanted
        for group in groups:
            if left <= 0:
                return None
            members = [i for i in group if rows[i]["eligible"] and rows[i]["id"] not in seats and admits(rows[i])]
            if not members:
                continue
            if len(members) > left:
                return {"seat": label, "seats": left, "candidates": [rows[i]["id"] for i in members]}
            for i in members:
                seats[rows[i]["id"]] = label
            left -= len(members)
        return None

    pending = []
    for code, number in reserved.items():
        tie = fill(f"reserved:{code}", number, lambda row, code=code: row["college"] == code)
        if tie is not None:
            pending.append(tie)
    open_seats = total - sum(reserved.values())
    open_tie = fill("open", open_seats, lambda row: True)
    for tie in pending:
        tied = [c for c in tie["candidates"] if seats.get(c) == "open"]
        if len(tied) == len(tie["candidates"]):  # all elected on open seats: the reserved ones are theirs
            for candidate in sorted(tied, key=lambda c: [r["id"] for r in rows].index(c))[:tie["seats"]]:
                seats[candidate] = tie["seat"]
            open_tie = fill("open", open_seats - sum(1 for label in seats.values() if label == "open"),
                            lambda row: True)
        else:
            ties.append(tie)
    if open_tie is not None:
        ties.append(open_tie)
    return seats, ties
