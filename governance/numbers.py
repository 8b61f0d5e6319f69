"""Exact shares: parse and format fractions ("3/10", "30%", "0.3") without floating point."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from governance.errors import InvalidInput


MAX_NUMBER_TEXT = 40
MAX_EXPONENT = 12  # shares and ratios are between 0 and a few units: refuse absurd magnitudes


def to_fraction(value: object) -> Fraction:
    """Parse a share or ratio given as Fraction, int, '3/10', '30%', '30 %' or '0.3'."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise InvalidInput("{value} is not a number", value=repr(value))
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return Fraction(_finite(value, value))
    if isinstance(value, str) and len(value) <= MAX_NUMBER_TEXT:
        text = value.strip().replace(",", ".").replace("\u202f", "").replace("\xa0", "")
        try:
            if text.endswith("%"):
                return Fraction(_finite(Decimal(text[:-1].strip()), value)) / 100
            if "/" in text:
                num, den = text.split("/", 1)
                return Fraction(_finite(Decimal(num.strip()), value)) / Fraction(_finite(Decimal(den.strip()), value))
            return Fraction(_finite(Decimal(text), value))
        except (ValueError, ZeroDivisionError, InvalidOperation):
            pass
    raise InvalidInput("{value} is not a valid share (use '30%', '3/10' or '0.3')",
                       value=repr(str(value)[:MAX_NUMBER_TEXT]))


def _finite(number: Decimal, original: object) -> Decimal:
    if not number.is_finite() or (number and abs(number.adjusted()) > MAX_EXPONENT):
        raise InvalidInput("{value} is not a valid share (use '30%', '3/10' or '0.3')",
                           value=repr(str(original)[:MAX_NUMBER_TEXT]))
    return number


def fraction_str(value: Fraction) -> str:
    """Serialise a fraction exactly, as 'n/d' (or 'n' when whole)."""
    return str(value)


def percent(value: Fraction, places: int = 2) -> str:
    """Format for display only: 2/3 -> '66.67 %'."""
    quantum = Decimal(1).scaleb(-places)
    shown = (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(quantum)
    return f"{shown} %"
