"""Provides the report measurements: every report service over the whole history, and the
X report (or, where that command is missing, the sales report) as a whole process.

Also `python -m termpos.bench.reportbench DB [--plans]`: the same timings over any store, or
the EXPLAIN QUERY PLAN of every statement each report runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from termpos.bench.stats import Figure
from termpos.core.config import Settings
from termpos.core.periods import Period
from termpos.services.runtime import Runtime, open_runtime

ReportCall = Callable[[Runtime], object]


def report_calls(last: dt.date) -> dict[str, ReportCall]:
    """Each report service as the CLI calls it, over 30 days or a year up to `last`."""
    from termpos.services.reports import basket, cashiers, customers, money, products, sales, stock
    from termpos.services.reports.base import Filters

    month = Filters(Period(last - dt.timedelta(days=29), last), None, 20)
    year = Filters(Period(last - dt.timedelta(days=364), last), None, 20)
    return {
        "sales (year, by month)": lambda rt: sales.sales_report(rt, year, "month"),
        "sales (30 days)": lambda rt: sales.sales_report(rt, month),
        "hourly (year)": lambda rt: sales.hourly_report(rt, year),
        "products (year)": lambda rt: products.products_report(rt, year),
        "products (30 days)": lambda rt: products.products_report(rt, month),
        "categories (year)": lambda rt: products.categories_report(rt, year),
        "abc (year)": lambda rt: products.abc_report(rt, year),
        "cashiers (year)": lambda rt: cashiers.cashiers_report(rt, year),
        "payments (year)": lambda rt: money.payments_report(rt, year),
        "tax (year)": lambda rt: money.tax_report(rt, year),
        "refunds (year)": lambda rt: money.refunds_report(rt, year),
        "customers (year)": lambda rt: customers.customers_report(rt, year),
        "basket (30 days)": lambda rt: basket.basket_report(rt, month),
        "basket (year)": lambda rt: basket.basket_report(rt, year),
        "stock": lambda rt: stock.stock_report(rt, month),
        "reorder": lambda rt: stock.reorder_report(rt, month),
        "dead-stock (90 days)": lambda rt: stock.dead_stock_report(rt, last, 90, 20),
    }


def last_day(rt: Runtime) -> dt.date:
    """The day of the newest sale (reports are asked for the periods ending there)."""
    text = rt.db.execute_sql('SELECT MAX("created_at") FROM "sale"').fetchone()[0]
    return dt.date.fromisoformat(str(text)[:10]) if text else dt.date.today()


def bench_reports(work: Path, runs: int) -> list[Figure]:
    """Each report over the whole history (read-only runtime), and one as a process."""
    rt = open_runtime(Settings(), str(work), read_only=True)
    figures: list[Figure] = []
    try:
        for name, call in report_calls(last_day(rt)).items():
            fig = Figure(f"report {name}", "ms", budget="< 1000 ms")
            for _ in range(runs):
                t0 = time.perf_counter()
                call(rt)
                fig.runs.append((time.perf_counter() - t0) * 1000)
            figures.append(fig)
    finally:
        rt.db.close()
    figures.append(report_process(work, runs))
    return figures


def _command_exists(argv: list[str], env: dict[str, str]) -> bool:
    done = subprocess.run([*argv, "--help"], capture_output=True, env=env, check=False)
    return done.returncode == 0


def process_argv(work: Path, env: dict[str, str]) -> tuple[list[str], str]:
    """The X report command this build has (`report x`, else `shift x`), or `report sales`."""
    base = [sys.executable, "-m", "termpos", "--db", str(work)]
    for cmd in (["report", "x"], ["shift", "x"]):
        if _command_exists(base + cmd, env):
            return base + cmd + ["--till", "T9"], " ".join(cmd)
    return base + ["report", "sales", "--from", "last-month", "--to", "today"], "report sales"


def report_process(work: Path, runs: int) -> Figure:
    """`termpos report x` (start-up included) on the store's open shift of till T9."""
    env = {**os.environ, "TERMPOS_PEPPER_FILE": str(work) + ".pepper"}
    argv, label = process_argv(work, env)
    fig = Figure(f"termpos {label} (whole process)", "ms", budget="< 500 ms")
    if label == "report sales":
        fig.note = "no X report command in this build: measured `report sales` instead"
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, check=False)
        fig.runs.append((time.perf_counter() - t0) * 1000)
        if done.returncode != 0:
            fig.note = f"exit {done.returncode}: {done.stderr.decode()[-200:].strip()}"
    return fig


def plans(path: str) -> None:
    """Prints EXPLAIN QUERY PLAN of every statement each report runs."""
    from termpos.services.reports.base import Sql

    rt = open_runtime(Settings(), path, read_only=True)
    seen: list[tuple[str, Any]] = []
    original = Sql.rows

    def recording(self: Sql, sql: str, params: Any = ()) -> Any:
        seen.append((sql, [self._param(p) for p in params]))
        return original(self, sql, params)

    Sql.rows = recording  # type: ignore[method-assign]
    for name, call in report_calls(last_day(rt)).items():
        seen.clear()
        call(rt)
        sys.stdout.write(f"== {name}\n")
        for sql, params in seen:
            sys.stdout.write(f"  {sql[:150]}\n")
            for row in rt.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall():
                sys.stdout.write(f"      {row[-1]}\n")


def main(argv: list[str] | None = None) -> int:
    """Times (or explains) every report over the given store."""
    ap = argparse.ArgumentParser(prog="termpos.bench.reportbench", description=__doc__)
    ap.add_argument("db")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--plans", action="store_true", help="print the query plans instead")
    args = ap.parse_args(argv)
    if args.plans:
        plans(args.db)
        return 0
    for fig in bench_reports(Path(args.db), args.runs):
        sys.stdout.write(f"{fig.name:44s} median {fig.median:8.0f} {fig.unit} "
                         f"(min {min(fig.runs):.0f}, max {max(fig.runs):.0f}) {fig.note}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
