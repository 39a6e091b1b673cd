"""Pure report arithmetic: periods, charts, ABC, RFM scores, order suggestions, plain values."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termpos.core.analysis import abc_classes, quintile_scores, rfm
from termpos.core.charts import SHADES, bar_chart, heat_map, shade_level
from termpos.core.errors import UsageError
from termpos.core.periods import Period, bucket_label, bucket_start, buckets, parse_period
from termpos.core.reorder import ReorderInput, suggested_qty
from termpos.core.reporting import Column, format_qty, percent, plain

TODAY = dt.date(2026, 3, 18)  # a Wednesday
D = dt.date


@pytest.mark.parametrize(
    ("frm", "to", "first", "last"),
    [
        (None, None, D(2026, 2, 17), D(2026, 3, 18)),
        ("today", None, TODAY, TODAY),
        ("yesterday", None, D(2026, 3, 17), D(2026, 3, 17)),
        ("this-week", None, D(2026, 3, 16), D(2026, 3, 22)),
        ("last-week", None, D(2026, 3, 9), D(2026, 3, 15)),
        ("this-month", None, D(2026, 3, 1), D(2026, 3, 31)),
        ("last-month", None, D(2026, 2, 1), D(2026, 2, 28)),
        ("2026-03-01", None, D(2026, 3, 1), TODAY),
        ("2026-01-01", "2026-01-31", D(2026, 1, 1), D(2026, 1, 31)),
        ("last-month", "today", D(2026, 2, 1), TODAY),
        (None, "2026-03-10", D(2026, 2, 9), D(2026, 3, 10)),
        ("This-Week", "yesterday", D(2026, 3, 16), D(2026, 3, 17)),
    ],
)
def test_parse_period(frm: str | None, to: str | None, first: dt.date, last: dt.date) -> None:
    assert parse_period(frm, to, TODAY) == Period(first, last)


def test_last_month_in_january_and_bad_input() -> None:
    assert parse_period("last-month", None, D(2026, 1, 5)) == Period(D(2025, 12, 1),
                                                                      D(2025, 12, 31))
    with pytest.raises(UsageError, match="--from 'soon'"):
        parse_period("soon", None, TODAY)
    with pytest.raises(UsageError, match="after --to"):
        parse_period("2026-03-10", "2026-03-01", TODAY)
    p = Period(D(2026, 3, 1), D(2026, 3, 2))
    assert (p.start, p.end, p.days) == (dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 3), 2)


def test_buckets() -> None:
    p = Period(D(2026, 2, 26), D(2026, 3, 3))
    assert [bucket_label(b, "week") for b in buckets(p, "week")] == ["2026-W09", "2026-W10"]
    assert [bucket_label(b, "month") for b in buckets(p, "month")] == ["2026-02", "2026-03"]
    assert len(buckets(p, "day")) == 6
    assert bucket_start(D(2026, 3, 1), "week") == D(2026, 2, 23)


def test_bar_chart_scales_exactly_and_keeps_to_console_glyphs() -> None:
    text = bar_chart([("mon", 100), ("tue", 50), ("wed", 0), ("thu", -25)], width=20)
    lines = text.splitlines()
    assert lines[0].count("█") == 20 and lines[1].count("█") == 10
    assert "█" not in lines[2] and lines[3].count("░") == 5
    assert set(text) <= set("montuewdhr 0123456789-█░\n")
    assert bar_chart([]) == ""


def test_heat_map_trims_empty_hours_and_shades_by_quarter() -> None:
    matrix = [[0] * 24 for _ in range(7)]
    matrix[0][9], matrix[5][12], matrix[6][17] = 1, 8, 4
    text = heat_map(matrix)
    header, *rows, legend = text.splitlines()
    assert header.split() == [f"{h:02d}" for h in range(9, 18)]

    def cell(row: str, hour: int) -> str:
        return row[4 + (hour - 9) * 3 : 6 + (hour - 9) * 3]

    assert cell(rows[5], 12) == "██" and cell(rows[0], 9) == "░░"
    assert cell(rows[6], 17) == "▒▒" and rows[1].strip() == "Tue"
    assert "(8)" in legend
    assert not set(text) & set("▁▊▎▏▔━┃")
    assert [shade_level(v, 8) for v in (0, 1, 2, 3, 6, 8)] == [0, 1, 1, 2, 3, 4]
    assert SHADES[0] == " "


def test_abc_classes_cross_the_line_inclusively() -> None:
    assert abc_classes([50, 30, 10, 5, 5]) == ["A", "A", "B", "B", "C"]
    assert abc_classes([100]) == ["A"]
    assert abc_classes([10, 0, -5]) == ["A", "C", "C"]


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=60))
def test_abc_class_a_covers_at_least_80_percent(values: list[int]) -> None:
    values.sort(reverse=True)
    classes = abc_classes(values)
    total = sum(values)
    a = sum(v for v, c in zip(values, classes, strict=True) if c == "A")
    if total:
        assert a * 100 >= 80 * total
    assert classes == sorted(classes)


def test_quintiles_and_segments() -> None:
    assert quintile_scores([1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5]
    assert quintile_scores([0, 0, 0, 9, 9]) == [3, 3, 3, 5, 5]
    assert quintile_scores([1, 30, 5], higher_is_better=False) == [5, 2, 4]
    scores = rfm([0, 2, 40, 60, 1], [12, 9, 8, 1, 1], [900, 700, 600, 10, 50])
    assert scores[0].segment == "champions"
    assert scores[3].segment == "lost"
    assert scores[4].segment == "new"


def test_report_and_stock_order_share_one_suggestion() -> None:
    # 70 units in 7 days = 10/day; 3 days lead + 7 cover = 100; level 20; on hand 5 -> 115.
    def order(on_hand: int, level: int, sold: int, days: int, lead: int, cover: int,
              whole: bool = True) -> int:
        return suggested_qty(ReorderInput(on_hand, level, sold, days, lead, cover, whole))

    assert order(5000, 20_000, 70_000, 7, 3, 7) == 115_000
    assert order(500_000, 20_000, 70_000, 7, 3, 7) == 0
    assert order(0, 1000, 1, 7, 1, 0) == 2000  # a fraction of a unit rounds up
    assert order(0, 1000, 1, 7, 1, 0, whole=False) == 1001
    assert order(-3000, 0, 0, 30, 7, 7) == 3000


def test_plain_values_are_exact_text() -> None:
    assert plain("money", -500) == "-5.00" and plain("money", 1234, 0) == "1234"
    assert plain("qty", 2000) == "2" and format_qty(1250) == "1.25" and format_qty(-500) == "-0.5"
    assert plain("pct", percent(1, 3)) == "33.33" and plain("int", 7) == 7
    assert plain("date", dt.datetime(2026, 3, 1, 12)) == "2026-03-01"
    assert plain("datetime", dt.datetime(2026, 3, 1, 12, 5, 6, 7)) == "2026-03-01 12:05:06"
    assert plain("text", None) is None
    assert Column("a", "A").kind == "text"


def test_table_fits_by_repeating_the_key_columns() -> None:
    from termpos.core.tablefit import column_groups, column_widths, wrap_items

    widths = column_widths(["Period", "Sales", "Net"], [["2026-W06", "86", "6555.63"]])
    assert widths == [8, 5, 7]
    assert column_groups(widths, 80) == [[1, 2]]  # fits: one table
    assert column_groups(widths, 20) == [[1], [2]]  # 8 + 3 + 5 = 16; 8 + 3 + 7 = 18
    # two key columns kept while they take at most half the width, then only one
    assert column_groups([2, 8, 10, 10, 10], 40, keep=2) == [[2, 3], [4]]
    assert column_groups([2, 30, 10, 10], 40, keep=2) == [[1], [2, 3]]
    # a column wider than the room gets a part of its own
    assert column_groups([5, 90, 4], 40) == [[1], [2]]
    assert column_widths(["名稱"], [["珍珠奶茶"]]) == [8]  # terminal cells, not characters
    assert wrap_items(["Net: 1.00", "Tax: 0.10", "Sales: 3"], 20) == ["Net: 1.00  Tax: 0.10",
                                                                      "Sales: 3"]
