"""The pure report arithmetic, cash count and printable lines (termpos.core, no database)."""

from __future__ import annotations

import json

import pytest

from termpos.core.cashcount import (
    count_total,
    default_denominations,
    describe,
    merge_counts,
    parse_denomination,
)
from termpos.core.errors import Refused
from termpos.core.reportlines import report_lines
from termpos.core.shiftreport import (
    DocSums,
    MoveSum,
    ShiftFigures,
    ShiftReport,
    TaxSum,
    TaxTotal,
    TenderSum,
    shift_figures,
)


def _figures(sign: int) -> ShiftFigures:
    """A shift with two sales and one refund, the refund stored with the given sign."""
    return shift_figures(
        10000,
        [DocSums("sale", 2, 4235, 100, 349, -2, 765),
         DocSums("refund", 1, sign * 500, sign * 10, sign * 83, sign * 1, 0)],
        [TenderSum("sale", "cash", 2000), TenderSum("sale", "card", 3000),
         TenderSum("refund", "cash", sign * 500)],
        [TaxSum("sale", "A", 200_000, 1029, 206), TaxSum("sale", "B", 50_000, 2857, 143),
         TaxSum("refund", "A", 200_000, sign * 417, sign * 83)],
        [MoveSum("paid_in", 1, 1000), MoveSum("paid_out", 2, 350), MoveSum("no_sale", 3, 0)],
    )


def test_figures_from_sums() -> None:
    f = _figures(-1)
    assert f == _figures(1)  # a refund's sign convention does not matter
    assert (f.sales_total, f.refunds_total, f.net_total) == (4235, 500, 3735)
    assert dict(f.tenders) == {"cash": 2000 - 765 - 500, "card": 3000}
    assert f.taxes == (TaxTotal("A", 200_000, 1029 - 417, 206 - 83),
                       TaxTotal("B", 50_000, 2857, 143))
    assert (f.cash_sales, f.cash_refunds) == (1235, 500)
    assert (f.discounts, f.tax_total, f.rounding) == (90, 349 - 83, -3)
    assert (f.paid_in_count, f.paid_out_count, f.no_sales) == (1, 2, 3)
    assert f.expected_cash == 10000 + 1235 - 500 + 1000 - 350


def test_empty_shift_expects_the_float() -> None:
    f = shift_figures(5000, [], [], [], [])
    assert (f.expected_cash, f.net_total, f.tenders, f.taxes) == (5000, 0, (), ())


def _z() -> ShiftReport:
    f = shift_figures(10000, [DocSums("sale", 1, 1235, 0, 206, 0, 765)],
                      [TenderSum("sale", "cash", 2000)],
                      [TaxSum("sale", "A", 200_000, 1029, 206)], [])
    return ShiftReport("Z", 3, "T1", 7, "2026-03-02 09:00:00", "ann", f,
                       "2026-03-02 18:00:00", "max", 11200, ((10000, 1), (1000, 1), (200, 1)),
                       grand_sales=99_000, grand_refunds=1_000)


def test_report_round_trips_through_json() -> None:
    z = _z()
    data = json.loads(json.dumps(z.to_dict()))
    assert data["over_short"] == 11200 - 11235 == -35
    assert data["figures"]["expected_cash"] == 11235 and data["grand_net"] == 98_000
    assert ShiftReport.from_dict(data) == z


@pytest.mark.parametrize("width", [32, 48])
def test_printable_lines(width: int) -> None:
    lines = report_lines(_z(), width, 2, "")
    assert all(len(line) <= width for line in lines)
    text = "\n".join(lines)
    assert "Z REPORT No. 3" in text and "-0.35" in text and "Short" in text
    assert "1 x 100" in text and "11.35" not in text
    assert any(line.startswith("  Expected cash") and line.endswith("112.35") for line in lines)
    assert any(line.endswith("980.00") for line in lines)  # grand net


def test_cash_count() -> None:
    eur = default_denominations(2)
    assert eur[0] == 50000 and eur[-1] == 1 and list(eur) == sorted(eur, reverse=True)
    assert default_denominations(0) == (2000, 1000, 500, 200, 100, 50, 20, 10, 5, 1)
    assert parse_denomination("20x3", 2) == (2000, 3)
    assert parse_denomination(" 0.50 * 4 ", 2) == (50, 4)
    assert parse_denomination("500X2", 0) == (500, 2)
    for bad in ("20", "x3", "20x", "0x3", "20x-1", "abcx2", "0.001x1"):
        with pytest.raises(Refused):
            parse_denomination(bad, 2)
    assert merge_counts([(50, 1), (2000, 2), (50, 3)]) == {2000: 2, 50: 4}
    assert count_total({2000: 2, 50: 4}) == 4200
    with pytest.raises(Refused):
        count_total({0: 1})
    assert (describe(2000, 2), describe(50, 2), describe(500, 0)) == ("20", "0.50", "500")
