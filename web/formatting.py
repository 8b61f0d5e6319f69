"""Jinja filters: localised numbers, shares, dates and durations ("66,67 %", "22 novembre 2026")."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, format_timedelta, get_locale


def to_fraction(value: Any) -> Fraction | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Fraction) else Fraction(str(value))


def pct(value: Any, places: int = 2) -> str:
    """A share for display only (stored values stay exact): 2/3 → '66,67 %' in French."""
    fraction = to_fraction(value)
    if fraction is None:
        return "—"
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return f"{format_decimal(float(fraction * 100), format=pattern)}\u202f%"


def aware(value: datetime | str) -> datetime:
    """Read models store naive UTC; documents built from events carry ISO 8601 strings."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def date_long(value: datetime | date | None) -> str:
    """'22 novembre 2026', '1er avril 2025' (a day, or the day of an instant; French writes the first day of a
    month as an ordinal)."""
    if value is None:
        return "—"
    if isinstance(value, str):  # a day as documents built from events carry it ("2027-01-04")
        value = date.fromisoformat(value) if len(value) == 10 else aware(value)
    text = format_date(aware(value) if isinstance(value, datetime) else value, format="long")
    if str(get_locale()) == "fr" and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def datetime_medium(value: datetime | None) -> str:
    if value is None:
        return "—"
    return format_datetime(aware(value), format="d MMMM y, HH:mm" if str(get_locale()) == "fr" else "medium")


def time_left(value: datetime | None) -> str:
    if value is None:
        return "—"
    return format_timedelta(aware(value) - datetime.now(UTC), add_direction=True, threshold=1.1)


def register(app: Flask) -> None:
    from web.edge import translated
    app.jinja_env.filters.update(translated=translated, pct=pct, date_long=date_long, datetime=datetime_medium, time_left=time_left,
                                 number=lambda v: format_decimal(v),
                                 dict_without_none=lambda d: {k: v for k, v in d.items() if v is not None})


def share_text(value: Any) -> str:
    """A stored share ('3/10') as the secretary would type it: '30%', or '1/3' when not decimal."""
    if value in (None, ""):
        return ""
    percent = Fraction(str(value)) * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return str(Fraction(str(value)))
    text = format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"
