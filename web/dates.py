"""Days and instants as the pole lives them: in Paris time, whatever the server's clock zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import request
from flask_babel import gettext as _

PARIS = ZoneInfo("Europe/Paris")
# The one bound of every date a person types, in the web forms as in the API (closing times, assembly dates,
# date filters): Collegia records the governance of poles from 2000 on (SCIC: loi 2001-624; PTCE: loi
# 2014-856) and nothing is scheduled beyond 2100. Outside it, a date is a typing mistake (0001 or 9999
# also overflow when converted between Paris time and UTC).
MIN_YEAR, MAX_YEAR = 2000, 2100


def plausible(day: date) -> bool:
    """Whether a typed date is within the years Collegia accepts."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD date from a query string (None when absent); ValueError when malformed or absurd."""
    if not text:
        return None
    day = date.fromisoformat(text.strip())
    if not plausible(day):
        raise ValueError(f"year {day.year} out of range")
    return day


def start_of_day(day: date) -> datetime:
    """The first instant of a day in Paris."""
    return datetime.combine(day, time.min, tzinfo=PARIS)


def end_of_day(day: date) -> datetime:
    """The last instant of a day in Paris: 'as of 1 March' includes what happened on 1 March."""
    return datetime.combine(day, time.max, tzinfo=PARIS)


def noon(day: date) -> datetime:
    """A day as an instant the date filters accept (midday in Paris, so it stays that day)."""
    return datetime.combine(day, time(12), tzinfo=PARIS)


def today() -> date:
    """Today's date in Paris."""
    return datetime.now(PARIS).date()


def read_as_of() -> tuple[date, datetime | None, str | None]:
    """The moment asked for: `?as_of=YYYY-MM-DD` (end of that day) or `?before=<log position>`
    (just before that event); returns the day, the instant to query (None for now) and an error."""
    before = request.args.get("before", "").strip()
    if before:
        from web.context import queries  # the web layer's read models
        event = queries().event(int(before)) if before.isdigit() and len(before) < 12 else None
        if event is None or event["pole_id"] != request.view_args.get("pole_id"):
            return today(), None, _("There is no event #%(position)s in this pole's history.", position=before[:12])
        instant = event["at"].replace(tzinfo=UTC) - timedelta(microseconds=1)
        return instant.astimezone(PARIS).date(), instant, None
    try:
        day = parse_day(request.args.get("as_of"))
    except ValueError:
        return today(), None, _("“%(value)s” is not a date: use the date picker or the form YYYY-MM-DD.",
                                value=request.args.get("as_of", "")[:40])
    if day is None or day == today():
        return today(), None, None
    return day, end_of_day(day), None


def paris_to_utc(local: datetime) -> datetime:
    """A `datetime-local` value is the secretary's wall-clock time in Paris."""
    return local.replace(tzinfo=PARIS).astimezone(UTC)


def default_closing_time() -> datetime:
    """A week from now, at 18:00 Paris time (naive, as a `datetime-local` field shows it)."""
    return (datetime.now(PARIS) + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0,
                                                                 tzinfo=None)
