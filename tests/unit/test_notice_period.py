"""The convocation notice of Code de commerce R225-69 as statutes data, and how its days are counted.

Statutes and `AssemblyConvened.rules` written before the field read as the law's 15 then 10 days and serialise
exactly as before (their digests do not move); the notice is `(meeting day) − (sending day)` in Paris, the day of
sending excluded and the day of the meeting included (docs/convocation-law.md, "Counting the days")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governance.assembly import PARIS, check_notice, earliest_meeting_day
from governance.errors import AssemblyRuleBroken, StatutesRuleBroken
from governance.statutes import LEGAL_NOTICE_DAYS, Statutes, check_statutes

OLD = {"model": "scic", "colleges": [{"code": "salaries", "name": "Salariés", "share": "1/2"},
                                     {"code": "usagers", "name": "Usagers", "share": "1/2"}]}


def test_statutes_written_before_the_field_have_the_law_s_notice_and_serialise_as_before() -> None:
    statutes = Statutes.from_dict(OLD)
    assert statutes.notice_days == {"first": 15, "second": 10} == LEGAL_NOTICE_DAYS
    assert "notice_days" not in statutes.to_dict()
    assert Statutes.from_dict(statutes.to_dict()) == statutes


def test_statutes_may_lengthen_the_notice_and_it_round_trips() -> None:
    statutes = Statutes.from_dict({**OLD, "notice_days": {"first": 21}})
    assert statutes.notice_days == {"first": 21, "second": 10}
    assert statutes.to_dict()["notice_days"] == {"first": 21, "second": 10}
    assert Statutes.from_dict(statutes.to_dict()) == statutes
    check_statutes(statutes)


@pytest.mark.parametrize("notice", [{"first": 14}, {"second": 9}, {"first": 10, "second": 10}])
def test_statutes_never_shorten_the_notice(notice: dict[str, int]) -> None:
    with pytest.raises(StatutesRuleBroken, match="R225-69"):
        check_statutes(Statutes.from_dict({**OLD, "notice_days": notice}))


def test_the_law_s_own_notice_is_not_written_into_statutes_that_state_it() -> None:
    assert Statutes.from_dict({**OLD, "notice_days": {"first": 15, "second": 10}}).to_dict() == \
        Statutes.from_dict(OLD).to_dict()


@pytest.mark.parametrize(("sent", "convocation", "lawful"), [
    (datetime(2027, 1, 4, 9, tzinfo=UTC), "first", True),      # Monday: 15 days
    (datetime(2027, 1, 5, 9, tzinfo=UTC), "first", False),     # Tuesday: 14
    (datetime(2027, 1, 9, 9, tzinfo=UTC), "second", True),     # Saturday: 10
    (datetime(2027, 1, 10, 9, tzinfo=UTC), "second", False),   # Sunday: 9
    (datetime(2027, 1, 4, 22, 59, tzinfo=UTC), "first", True),   # 23:59 on the 4th in Paris
    (datetime(2027, 1, 4, 23, 0, tzinfo=UTC), "first", False),   # midnight: the 5th in Paris
])
def test_the_days_are_counted_in_paris_sending_day_excluded_meeting_day_included(
        sent: datetime, convocation: str, lawful: bool) -> None:
    meeting = datetime(2027, 1, 19, 8, 0, tzinfo=PARIS)  # Tuesday 19 January 2027, early morning
    statutes = Statutes.from_dict(OLD)
    if lawful:
        check_notice(statutes, convocation, meeting, sent)
    else:
        with pytest.raises(AssemblyRuleBroken, match="^R225-69: "):
            check_notice(statutes, convocation, meeting, sent)


def test_a_meeting_just_after_midnight_in_paris_is_on_the_paris_day() -> None:
    """18 January 23:30 UTC is 19 January 00:30 in Paris: that meeting day leaves 15 days from the 4th."""
    check_notice(Statutes.from_dict(OLD), "first", datetime(2027, 1, 18, 23, 30, tzinfo=UTC),
                 datetime(2027, 1, 4, 9, tzinfo=UTC))


def test_the_earliest_meeting_day_follows_the_statutes() -> None:
    sent = datetime(2027, 1, 4, 9, tzinfo=UTC)
    assert earliest_meeting_day(Statutes.from_dict(OLD), "first", sent) == date(2027, 1, 19)
    assert earliest_meeting_day(Statutes.from_dict(OLD), "second", sent) == date(2027, 1, 14)
    lengthened = Statutes.from_dict({**OLD, "notice_days": {"first": 21}})
    assert earliest_meeting_day(lengthened, "first", datetime(2026, 12, 29, 9, tzinfo=UTC)) == date(2027, 1, 19)
