"""Exact shares: parse and format fractions ("3/10", "30%", "0.3") without floating point."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from governance.errors import InvalidInput


def to_fraction(value: object) -> Fraction:
    """Parse a share or ratio given as Fraction, int, '3/10', '30%', '30 %' or '0.3'."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise InvalidInput(f"{value!r} is not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip().replace(",", ".").replace("\u202f", "").replace("\xa0", "")
        try:
            if text.endswith("%"):
                return Fraction(Decimal(text[:-1].strip())) / 100
            if "/" in text:
                num, den = text.split("/", 1)
                return Fraction(int(num.strip()), int(den.strip()))
            return Fraction(Decimal(text))
        except (ValueError, ZeroDivisionError, InvalidOperation):
            pass
    raise InvalidInput(f"{value!r} is not a valid share (use '30%', '3/10' or '0.3')")


def fraction_str(value: Fraction) -> str:
    """Serialise a fraction exactly, as 'n/d' (or 'n' when whole)."""
    return str(value)


def percent(value: Fraction, places: int = 2) -> str:
    """Format for display only: 2/3 -> '66.67 %'."""
    quantum = Decimal(1).scaleb(-places)
    shown = (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(quantum)
    return f"{shown} %"
