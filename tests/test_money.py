"""Money is integer minor units: parsing, formatting and half-up rounding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termpos.core.money import (
    MAX_AMOUNT,
    MoneyError,
    div_half_up,
    format_amount,
    parse_amount,
    parse_percent,
    percent_of,
    round_to_step,
)


@pytest.mark.parametrize(
    ("text", "exponent", "expected"),
    [
        ("12.34", 2, 1234),
        ("12,34", 2, 1234),
        ("-5", 2, -500),
        ("0.5", 2, 50),
        ("7", 0, 7),
        ("7.00", 0, 7),
        (" 1 000.10 ", 2, 100010),
        ("0.050", 2, 5),
    ],
)
def test_parse_amount(text: str, exponent: int, expected: int) -> None:
    assert parse_amount(text, exponent) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1.234", "1e5", "--1", "0.5"])
def test_parse_amount_refuses(text: str) -> None:
    exponent = 0 if text == "0.5" else 2
    with pytest.raises(MoneyError):
        parse_amount(text, exponent)


@pytest.mark.parametrize(
    ("amount", "exponent", "expected"),
    [(1234, 2, "12.34"), (-5, 2, "-0.05"), (0, 2, "0.00"), (350, 0, "350"), (7, 3, "0.007")],
)
def test_format_amount(amount: int, exponent: int, expected: str) -> None:
    assert format_amount(amount, exponent) == expected


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [(5, 2, 3), (-5, 2, -3), (4, 3, 1), (-4, 3, -1), (1, 2, 1), (149, 100, 1), (150, 100, 2)],
)
def test_div_half_up(num: int, den: int, expected: int) -> None:
    assert div_half_up(num, den) == expected


@pytest.mark.parametrize(
    ("amount", "step", "expected"),
    [(1232, 5, 1230), (1233, 5, 1235), (1237, 5, 1235), (1238, 5, 1240), (149, 100, 100),
     (150, 100, 200), (42, 1, 42)],
)
def test_round_to_step(amount: int, step: int, expected: int) -> None:
    assert round_to_step(amount, step) == expected


def test_percent() -> None:
    assert parse_percent("12.5%") == 12500
    assert percent_of(1999, parse_percent("10")) == 200
    with pytest.raises(MoneyError):
        parse_percent("120")


@given(st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT), st.integers(0, 4))
def test_format_parse_round_trip(amount: int, exponent: int) -> None:
    assert parse_amount(format_amount(amount, exponent), exponent) == amount


@given(st.integers(-(10**9), 10**9), st.integers(1, 10**6))
def test_div_half_up_is_nearest(num: int, den: int) -> None:
    q = div_half_up(num, den)
    assert abs(q * den - num) * 2 <= den
