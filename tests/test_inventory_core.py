"""Pure inventory arithmetic: reorder suggestions, quantities, CSV formula guard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termpos.core.orderexport import Num, guard_row, guard_text
from termpos.core.reorder import (
    ReorderInput,
    demand_milli,
    needs_reorder,
    suggested_qty,
    value_at_cost,
    velocity_milli_per_day,
)
from termpos.core.stockqty import QtyError, format_qty, parse_item, parse_qty


@pytest.mark.parametrize(
    ("on_hand", "level", "sold", "lead", "review", "whole", "expected"),
    [
        (2_000, 10_000, 28_000, 7, 7, True, 22_000),  # level 10 + 1/day x 14 days - 2
        (10_000, 10_000, 28_000, 7, 7, True, 14_000),  # at the level: 10 + 14 - 10
        (5_000, 5_000, 0, 7, 7, True, 0),  # at the level, nothing sells: nothing to order
        (2_000, 5_000, 0, 7, 7, True, 3_000),  # no sales: back up to the level
        (-4_000, 5_000, 0, 7, 7, True, 9_000),  # sold below zero
        (0, 1_000, 10_000, 3, 0, True, 3_000),  # 1 + 10/28 x 3 = 2.07 -> whole items: 3
        (0, 1_000, 10_000, 3, 0, False, 2_072),  # weighed: 2.072 kg
        (50_000, None, 99_000, 7, 7, True, 0),  # no reorder level: never suggested
    ],
)
def test_suggested_qty(on_hand: int, level: int | None, sold: int, lead: int, review: int,
                       whole: bool, expected: int) -> None:
    item = ReorderInput(on_hand, level, sold, 28, lead, review, whole)
    assert suggested_qty(item) == expected


@given(st.integers(-10**9, 10**9), st.integers(0, 10**9), st.integers(0, 10**9),
       st.integers(1, 365), st.integers(0, 60), st.integers(0, 60), st.booleans())
def test_suggestion_never_negative_and_covers_the_level(
        on_hand: int, level: int, sold: int, window: int, lead: int, review: int,
        whole: bool) -> None:
    qty = suggested_qty(ReorderInput(on_hand, level, sold, window, lead, review, whole))
    assert qty >= 0
    if on_hand <= level:
        assert on_hand + qty >= level + demand_milli(sold, window, lead, review)
        assert on_hand + qty < level + demand_milli(sold, window, lead, review) + 1000
        if whole:
            assert qty % 1000 == 0
    else:
        assert qty == 0


def test_velocity_and_levels() -> None:
    assert velocity_milli_per_day(28_000, 28) == 1_000
    assert velocity_milli_per_day(-5, 28) == 0
    with pytest.raises(ValueError):
        velocity_milli_per_day(1, 0)
    assert needs_reorder(5_000, 5_000) and not needs_reorder(5_001, 5_000)
    assert not needs_reorder(-1, None)
    assert value_at_cost(-3_000, 250) == -750 and value_at_cost(1_500, 3) == 5
    assert value_at_cost(-1_500, 3) == -5


@pytest.mark.parametrize(
    ("text", "signed", "milli"),
    [("3", False, 3000), ("0.250", False, 250), ("1,5", False, 1500), ("+2", True, 2000),
     ("-4", True, -4000), (" 12 ", False, 12000)],
)
def test_parse_qty(text: str, signed: bool, milli: int) -> None:
    assert parse_qty(text, signed=signed) == milli


@pytest.mark.parametrize("text", ["", "x", "1.2345", "-1", "1e3", "1.2.3", "9" * 13])
def test_parse_qty_refuses(text: str) -> None:
    with pytest.raises(QtyError):
        parse_qty(text)


def test_items_and_format() -> None:
    assert parse_item("P1*12") == ("P1", 12_000)
    assert parse_item("4006381333931") == ("4006381333931", 1000)
    assert parse_item("A*B*2") == ("A*B", 2000)
    for bad in ("*3", "P1*0", "P1*-1"):
        with pytest.raises(QtyError):
            parse_item(bad)
    assert format_qty(12_000) == "12" and format_qty(-1_250) == "-1.250"
    assert format_qty(3_000, signed=True) == "+3" and format_qty(0, signed=True) == "0"


def test_formula_guard() -> None:
    assert [guard_text(t) for t in ("=SUM(A1)", "+1", "-x", "@a", "\tx", "ok")] == [
        "'=SUM(A1)", "'+1", "'-x", "'@a", "'\tx", "ok"]
    assert guard_row(["=1", Num("-5.00"), 7]) == ["'=1", "-5.00", 7]
