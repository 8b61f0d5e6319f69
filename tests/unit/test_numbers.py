"""Parsing and displaying shares: exact fractions from the ways French boards write them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from governance.errors import InvalidInput
from governance.numbers import percent, to_fraction


@pytest.mark.parametrize("written", ["30%", "30 %", " 30 % ", "30\u202f%", "30\xa0%", "3/10", " 3 / 10 ",
                                     "0.3", "0,3", Decimal("0.3"), Decimal("0.30"), Fraction(3, 10), 0.3])
def test_thirty_percent_written_every_way_is_exactly_three_tenths(written: object) -> None:
    assert to_fraction(written) == Fraction(3, 10)


def test_integers_and_decimal_percents_are_exact() -> None:
    assert to_fraction(1) == Fraction(1)
    assert to_fraction("12,5 %") == Fraction(1, 8)
    assert to_fraction("66.666%") == Fraction(66666, 100000)
    assert to_fraction("2/3") == Fraction(2, 3)


def test_no_floating_point_drift() -> None:
    thirds = to_fraction("1/3") + to_fraction("1/3") + to_fraction("1/3")
    assert thirds == 1
    assert to_fraction("0.1") + to_fraction("0.2") == to_fraction("0.3")


@pytest.mark.parametrize("bad", ["", "   ", "trente", "30%%", "%", "1/0", "1/2/3", "3/ ", "/10", "0.3.1",
                                 "1,000.5", "NaN", None, True, False, [], {}, b"0.3", object()])
def test_bad_inputs_are_refused_with_a_hint(bad: object) -> None:
    with pytest.raises(InvalidInput) as info:
        to_fraction(bad)
    assert "30%" in info.value.message or "not a number" in info.value.message


@pytest.mark.parametrize("bad", ["inf", "Infinity", "-inf", "Infinity%", "1/inf", Decimal("NaN"), Decimal("Infinity"),
                                 float("nan"), float("inf")])
def test_infinities_and_nan_are_refused_as_invalid_input(bad: object) -> None:
    with pytest.raises(InvalidInput, match="is not a valid share"):
        to_fraction(bad)


@pytest.mark.parametrize("bad", ["1e1000000", "1e10000000%", "1/1e999999", Decimal("1e999999")])
def test_absurd_exponents_are_refused_rather_than_expanded(bad: object) -> None:
    # expanding '1e10000000' into an exact integer would cost seconds of CPU per request
    with pytest.raises(InvalidInput, match="is not a valid share"):
        to_fraction(bad)


def test_oversized_text_is_refused_and_not_echoed_whole() -> None:
    with pytest.raises(InvalidInput) as info:
        to_fraction("1" * 100_000)
    assert len(info.value.message) < 200


@pytest.mark.parametrize(("value", "places", "shown"), [
    (Fraction(2, 3), 2, "66.67 %"),
    (Fraction(1, 3), 1, "33.3 %"),
    (Fraction(1, 2), 0, "50 %"),
    (Fraction(1), 2, "100.00 %"),
    (Fraction(0), 2, "0.00 %"),
    (Fraction(1, 10), 0, "10 %"),
])
def test_percent_rounds_for_display_only(value: Fraction, places: int, shown: str) -> None:
    assert percent(value, places) == shown


def test_percent_round_trips_through_to_fraction_when_exact() -> None:
    assert to_fraction(percent(Fraction(3, 8))) == Fraction(3, 8)
