"""Days and instants as the pole lives them: in Paris time, whatever the server's clock zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import request
from flask_babel import format_date, gettext as _
from markupsafe import Markup, escape
from wtforms import DateTimeLocalField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError
from wtforms.widgets import DateTimeLocalInput

from governance import clock

PARIS = clock.PARIS
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
        from web.edge import queries  # the web layer's read models
        event = queries().event(int(before)) if re.fullmatch(r"[0-9]{1,11}", before) else None  # ASCII only: int("²") fails
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


# -- a wall-clock time in Paris, typed in a form ---------------------------------------------------
FOLDS = {"summer": 0, "winter": 1}  # which of the two 02:30 of the night the clocks go back
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def skipped(local: datetime) -> bool:
    """Whether a wall-clock time does not exist in Paris (the hour skipped when clocks go forward)."""
    there = local.replace(tzinfo=PARIS, fold=0)
    return there.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != local.replace(fold=0)


def ambiguous(local: datetime) -> bool:
    """Whether a wall-clock time happens twice in Paris (the hour repeated when clocks go back)."""
    return not skipped(local) and \
        local.replace(tzinfo=PARIS, fold=0).utcoffset() != local.replace(tzinfo=PARIS, fold=1).utcoffset()


def paris_to_utc(local: datetime, fold: int | None = None) -> datetime:
    """A `datetime-local` value is the secretary's wall-clock time in Paris; its instant in UTC.

    ValueError for a year outside MIN_YEAR..MAX_YEAR, a time that does not exist in Paris, or one that
    happens twice when `fold` does not say which (0: the first, summer time; 1: the second, winter time).
    `ParisDateTimeField` checks all three before a form is valid."""
    if not MIN_YEAR <= local.year <= MAX_YEAR:
        raise ValueError(f"year {local.year} out of range")
    if skipped(local):
        raise ValueError(f"{local:%Y-%m-%d %H:%M} does not exist in Paris")
    if ambiguous(local) and fold not in (0, 1):
        raise ValueError(f"{local:%Y-%m-%d %H:%M} happens twice in Paris")
    return local.replace(tzinfo=PARIS, fold=fold or 0).astimezone(UTC)


def _offset(local: datetime, fold: int) -> str:
    minutes = int(local.replace(tzinfo=PARIS, fold=fold).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    return f"UTC{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class ParisDateTimeInput(DateTimeLocalInput):
    """The `datetime-local` input, followed, when the time typed happens twice, by the choice between
    its summer-time and its winter-time occurrence (radio buttons in a fieldset: no script needed)."""

    def __call__(self, field: "ParisDateTimeField", **kwargs: Any) -> Markup:
        html = super().__call__(field, **kwargs)
        if not field.ambiguous or field.data is None:
            return html
        time_text = f"{field.data:%H:%M}"
        choices = {"summer": _("Summer time (%(offset)s): the first %(time)s of the night",
                               offset=_offset(field.data, 0), time=time_text),
                   "winter": _("Winter time (%(offset)s): the second %(time)s, an hour later",
                               offset=_offset(field.data, 1), time=time_text)}
        name = f"{field.name}-fold"
        rows = "".join(
            f'<label for="{escape(field.id)}-fold-{value}"><input type="radio" name="{escape(name)}" '
            f'id="{escape(field.id)}-fold-{value}" value="{value}"{" checked" if field.fold == value else ""}> '
            f"{escape(label)}</label><br>" for value, label in choices.items())
        legend = escape(_("Which %(time)s? The clocks go back that night.", time=time_text))
        return Markup(f'{html}<fieldset class="fold-choice"><legend>{legend}</legend>{rows}</fieldset>')


class ParisDateTimeField(DateTimeLocalField):
    """A wall-clock time in Paris (`datetime-local`), for every form that takes one.

    Refuses a year outside MIN_YEAR..MAX_YEAR and a time that does not exist in Paris (skipped when the
    clocks go forward, e.g. 2027-03-28 02:30); for a time that happens twice (e.g. 2026-10-25 02:30,
    when the clocks go back) it asks which one: summer time (the first) or winter time (the second),
    sent as `<name>-fold`. `utc()` is the instant to record."""

    widget = ParisDateTimeInput()

    def __init__(self, label: Any = None, validators: Any = None, format: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, format=format or LOCAL_FORMATS, **kwargs)
        self.fold: str | None = None
        self.ambiguous = False

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        chosen = formdata.get(f"{self.name}-fold") if formdata is not None else None
        self.fold = chosen if chosen in FOLDS else None
        self.ambiguous = self.data is not None and MIN_YEAR <= self.data.year <= MAX_YEAR and ambiguous(self.data)

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        local = self.data
        if validation_stopped or local is None:
            return
        if not MIN_YEAR <= local.year <= MAX_YEAR:
            raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=MIN_YEAR, last=MAX_YEAR))
        day = format_date(local.date(), format="long")
        if skipped(local):
            raise ValidationError(_("%(time)s does not exist in Paris on %(day)s: the clocks go forward from "
                                    "02:00 to 03:00 that night. Choose another time.",
                                    time=f"{local:%H:%M}", day=day))
        if self.ambiguous and self.fold is None:
            raise ValidationError(_("%(time)s happens twice in Paris on %(day)s, when the clocks go back: "
                                    "choose summer time or winter time with the buttons.",
                                    time=f"{local:%H:%M}", day=day))

    def utc(self) -> datetime:
        """The instant typed, in UTC (call it once the form is valid)."""
        return paris_to_utc(self.data, FOLDS[self.fold] if self.ambiguous and self.fold else None)


def default_closing_time() -> datetime:
    """A week from now, at 18:00 Paris time (naive, as a `datetime-local` field shows it)."""
    return (datetime.now(PARIS) + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0,
                                                                 tzinfo=None)
