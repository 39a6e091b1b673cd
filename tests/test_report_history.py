"""The history generator is deterministic and keeps the documents' own arithmetic."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from termpos.core.config import Settings
from termpos.services.runtime import open_runtime

from .history import History, generate


def _make(path: Path) -> History:
    rt = open_runtime(Settings(), str(path), create=True)
    try:
        return generate(rt, seed=4, first_day=dt.date(2026, 1, 5), days=7, sales_per_day=20)
    finally:
        rt.db.close()


def test_same_seed_same_history_and_consistent_documents(tmp_path: Path) -> None:
    a, b = _make(tmp_path / "a.db"), _make(tmp_path / "b.db")
    assert a.rows("sale") == b.rows("sale") and a.rows("sale_line") == b.rows("sale_line")
    assert a.rows("journal")[-1]["hash"] == b.rows("journal")[-1]["hash"]
    assert len(a.rows("sale_line")) > 300
    lines: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for ln in a.rows("sale_line"):
        lines[ln["sale"]][0] += ln["amount"]
        lines[ln["sale"]][1] += ln["tax"]
    paid: dict[int, int] = defaultdict(int)
    for t in a.rows("tender"):
        paid[t["sale"]] += t["amount"]
    for s in a.rows("sale"):
        assert s["total"] == lines[s["id"]][0] + s["rounding"]
        assert s["tax_total"] == lines[s["id"]][1]
        assert paid[s["id"]] - s["change"] == s["total"]
        if s["kind"] == "refund":
            assert s["original"] is not None and s["total"] < 0
    refunds = [s for s in a.rows("sale") if s["kind"] == "refund"]
    assert refunds


def test_every_report_on_an_empty_store_says_so(tmp_path: Path) -> None:
    from termpos.core.periods import Period
    from termpos.services.reports import (
        basket,
        cashiers,
        customers,
        money,
        products,
        sales,
        stock,
    )
    from termpos.services.reports.base import Filters

    rt = open_runtime(Settings(), str(tmp_path / "empty.db"), create=True)
    f = Filters(Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31)), None, 5)
    built = [
        sales.sales_report(rt, f), sales.hourly_report(rt, f), products.products_report(rt, f),
        products.categories_report(rt, f), products.abc_report(rt, f),
        cashiers.cashiers_report(rt, f), money.payments_report(rt, f), money.tax_report(rt, f),
        money.refunds_report(rt, f), customers.customers_report(rt, f),
        basket.basket_report(rt, f), stock.stock_report(rt, f), stock.reorder_report(rt, f),
        stock.dead_stock_report(rt, dt.date(2026, 1, 31)),
    ]
    rt.db.close()
    for report in built:
        assert report.rows == [], report.name
        assert report.empty and report.empty != "nothing to report", report.name
