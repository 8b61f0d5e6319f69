"""The board: its own decisions (Code de commerce L225-37) and its composition from the mandates (L225-18).

A proposal addressed to the board (`Proposal.body == "board"`) is voted by the members holding a seat when voting
opens, one person one vote:

- **quorum**: the members present (a ballot cast in person; a proxy does not make its principal present) over the
  members in office, at least the statutes' board quorum (half by default; an SA cannot lower it, L225-37 al. 1:
  « Le conseil d'administration ne délibère valablement que si la moitié au moins de ses membres sont présents »);
- **majority**: the ballots for, over the members present or represented (L225-37 al. 2: « Les décisions sont
  prises à la majorité des membres présents ou représentés »): an abstention weighs as not in favour;
- **casting vote**: on a tie (as many for as against and no abstention), the chair's vote decides unless the
  statutes exclude it (L225-37: « la voix du président de séance est prépondérante en cas de partage »). With an
  abstention, 2 for and 2 against out of 5 is no majority and is not a « partage »: the decision is not adopted
  (docs/elections-law.md, open question 5). Under a stronger majority the statutes chose, an even split falls
  short of it whatever the chair votes: the casting vote decides a tie of the law's simple majority only.
"""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

from governance.statutes import Board, Statutes
from governance.tally import ADOPTED, NO_QUORUM, REJECTED, CollegeCount, Tally, quorum_reached

BOARD_COLLEGE = ""  # a board vote's electorate has no colleges: every member weighs the same


def board_tally(statutes: Statutes, electorate: Mapping[str, str], members: Sequence[str], choices: Sequence[str],
                in_person: Sequence[bool], *, chair: str | None) -> Tally:
    """The board's decision from its frozen members and their last ballots (`in_person[i]`: cast by the member
    itself, not by a proxy holder)."""
    board = statutes.board or Board()
    counted = [(m, c, p) for m, c, p in zip(members, choices, in_person) if m in electorate]
    votes_for = sum(1 for _, c, _ in counted if c == "for")
    against = sum(1 for _, c, _ in counted if c == "against")
    abstain = sum(1 for _, c, _ in counted if c == "abstain")
    present = sum(1 for _, _, p in counted if p)
    represented = len(counted) - present
    size = len(electorate)
    quorum_met = quorum_reached(present, size, board.quorum)
    result = Fraction(votes_for, len(counted)) if counted else None
    threshold_met = result is not None and board.majority.is_met(result)
    casting = None
    chair_choice = next((c for m, c, p in counted if m == chair and p), None)
    simple = board.majority.fraction == Fraction(1, 2) and board.majority.strict
    if (not threshold_met and board.casting_vote and simple and counted and votes_for == against and abstain == 0
            and chair_choice in ("for", "against")):
        casting = chair_choice
        threshold_met = chair_choice == "for"
    outcome = NO_QUORUM if not quorum_met else (ADOPTED if threshold_met else REJECTED)
    row = CollegeCount(code=BOARD_COLLEGE, name=board.name, share=None, electorate=size, participants=len(counted),
                       votes_for=votes_for, votes_against=against, abstentions=abstain,
                       effective_weight=Fraction(1), share_in_favour=result, quorum_met=quorum_met,
                       reveals_ballots=False)
    return Tally(colleges=(row,), model="board", rule_applied="one_member_one_vote", empty_colleges=(),
                 result=result, threshold=board.majority.fraction, threshold_strict=board.majority.strict,
                 threshold_met=threshold_met, entitled=size, participants=present, quorum=board.quorum,
                 quorum_met=quorum_met, outcome=outcome,
                 details={"body": "board", "present": present, "represented": represented, "chair": chair,
                          "casting_vote": casting})


# -- mandates --------------------------------------------------------------------------------------------------
ACTIVE, ENDED = "active", "ended"
END_REASONS = ("term", "resignation", "removal", "membership_lost", "death")
BY = ("election", "cooptation")


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def holds_seat_on(mandate: Mapping[str, Any], day: date) -> bool:
    """A mandate holds its seat from its first day until it ends: until the day its end was recorded (excluded),
    and, while none is recorded, up to its term's last day (`ends_on`, included). The recorded end is the truth: by
    R225-15 a mandate whose term falls before that year's ordinary assembly sits until the assembly's close."""
    if day < date.fromisoformat(mandate["starts_on"]):
        return False
    ended = mandate.get("ended_on")
    if ended is not None:
        return day < date.fromisoformat(ended)
    return day <= date.fromisoformat(mandate["ends_on"])


def board_on(mandates: Iterable[Mapping[str, Any]], day: date) -> list[Mapping[str, Any]]:
    """The mandates holding a seat on `day`: reserved seats first, then by name."""
    return sorted((m for m in mandates if holds_seat_on(m, day)), key=lambda m: (m["seat"] == "open", m["name"]))


# The secretary is shown the mandates ending within this many months, so that their renewal goes on the next ordinary
# assembly's agenda (issue 21; an annual assembly is at most a year away, its convocation 15 days before).
RENEWAL_NOTICE_MONTHS = 6


def ending_within(mandates: Iterable[Mapping[str, Any]], day: date,
                  months: int = RENEWAL_NOTICE_MONTHS) -> list[Mapping[str, Any]]:
    """Mandates in office on `day` whose term ends within `months` months (their renewal goes on the next AGO's
    agenda), soonest first."""
    month = day.month - 1 + months
    limit_year, limit_month = day.year + month // 12, month % 12 + 1
    limit = day.replace(year=limit_year, month=limit_month,  # 31 October + 6 months: 30 April, the month's last day
                        day=min(day.day, calendar.monthrange(limit_year, limit_month)[1]))
    return sorted((m for m in mandates if holds_seat_on(m, day) and date.fromisoformat(m["ends_on"]) <= limit),
                  key=lambda m: m["ends_on"])
