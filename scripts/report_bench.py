#!/usr/bin/env python3
"""Times every report over a large generated history (not part of the test suite).

    .venv/bin/python scripts/report_bench.py build /tmp/reports-1m.db --lines 1000000
    .venv/bin/python scripts/report_bench.py time /tmp/reports-1m.db
    .venv/bin/python scripts/report_bench.py plans /tmp/reports-1m.db

`build` generates the history once (tests/history.py, inserted week by week); `time` runs
each report service several times in a fresh read-only runtime and prints median times,
plus `termpos report sales` as a whole process; `plans` prints EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from termpos.core.config import Settings  # noqa: E402
from termpos.core.periods import Period  # noqa: E402
from termpos.services.runtime import open_runtime  # noqa: E402

FIRST = dt.date(2025, 1, 6)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def build(path: str, lines: int, products: int) -> None:
    from tests.history import generate

    rt = open_runtime(Settings(), path, create=True)
    per_day = 1000
    days = max(1, lines // (per_day * 3 + per_day // 3))  # about 3.3 lines per sale
    start = time.perf_counter()
    generate(rt, seed=11, first_day=FIRST, days=days, sales_per_day=per_day,
             products=products, customers=5000, tills=("T1",), keep=False)
    n = rt.db.execute_sql("SELECT COUNT(*) FROM sale_line").fetchone()[0]
    rt.db.execute_sql("ANALYZE")
    say(f"built {n} sale lines over {days} days in {time.perf_counter() - start:.0f} s")


def reports(last: dt.date) -> dict[str, Callable[..., object]]:
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
        "customer history (year)": lambda rt: customers.customer_history(rt, year, "C00042"),
        "basket (30 days)": lambda rt: basket.basket_report(rt, month),
        "basket (year)": lambda rt: basket.basket_report(rt, year),
        "stock": lambda rt: stock.stock_report(rt, month),
        "reorder": lambda rt: stock.reorder_report(rt, month),
        "dead-stock": lambda rt: stock.dead_stock_report(rt, last, 90, 20),
    }


def plans(path: str) -> None:
    """Prints EXPLAIN QUERY PLAN of every statement each report runs."""
    from termpos.services.reports.base import Sql

    rt = open_runtime(Settings(), path, read_only=True)
    last_text = rt.db.execute_sql("SELECT MAX(created_at) FROM sale").fetchone()[0]
    seen: list[tuple[str, list[object]]] = []
    original = Sql.rows

    def recording(self: Sql, sql: str, params: object = ()) -> list[tuple[object, ...]]:
        seen.append((sql, [self._param(p) for p in params]))  # type: ignore[attr-defined]
        return original(self, sql, params)  # type: ignore[arg-type]

    Sql.rows = recording  # type: ignore[method-assign]
    for name, fn in reports(dt.date.fromisoformat(str(last_text)[:10])).items():
        seen.clear()
        fn(rt)
        say(f"== {name}")
        for sql, params in seen:
            say(f"  {sql[:150]}")
            for row in rt.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall():
                say(f"      {row[-1]}")


def time_all(path: str, runs: int) -> None:
    rt = open_runtime(Settings(), path, read_only=True)
    last_text = rt.db.execute_sql("SELECT MAX(created_at) FROM sale").fetchone()[0]
    last = dt.date.fromisoformat(str(last_text)[:10])
    n = rt.db.execute_sql("SELECT COUNT(*) FROM sale_line").fetchone()[0]
    say(f"{n} sale lines, last day {last}")
    for name, fn in reports(last).items():
        times, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            fn(rt)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        say(f"{name:28s} median {statistics.median(times) * 1000:7.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; "
            f"cpu {statistics.median(cpu) * 1000:.0f} ms)")
    rt.db.close()
    whole = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "termpos", "--db", path, "report", "sales",
                        "--from", "today"], capture_output=True, check=True)
        whole.append(time.perf_counter() - t0)
    label = "termpos report sales (process)"
    say(f"{label:28s} median {statistics.median(whole) * 1000:7.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=("build", "time", "plans"))
    ap.add_argument("db")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--products", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if args.action == "build":
        build(args.db, args.lines, args.products)
    elif args.action == "plans":
        plans(args.db)
    else:
        time_all(args.db, args.runs)


if __name__ == "__main__":
    main()
