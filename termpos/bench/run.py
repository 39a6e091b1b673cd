"""Provides the benchmark run: builds or reuses the store, measures, prints and saves a table.

Usage: python -m termpos.bench [--quick] [--runs N] [--out FILE] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from termpos.bench import measures, startup
from termpos.bench.dataset import build, cache_path
from termpos.bench.importbench import bench_import
from termpos.bench.lookup import raw_lookup_us
from termpos.bench.reportbench import bench_reports
from termpos.bench.stats import Figure, percentile

ROOT = Path(__file__).resolve().parents[2]
LATIN = ["golden tea", "choc", "smoked salt", "organic apple 1kg", "yog"]
CHINESE = ["珍珠", "烏龍茶", "茶", "鳳梨酥", "洗衣精 1L"]
CODES = ["B00012", "b0009", "4700000012", "B099"]  # one word: codes and barcodes by prefix


def machine() -> str:
    """One line naming the machine the figures come from."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.machine()} {os.cpu_count()} cores {cpu}, Python {platform.python_version()}"


def _repeat(fn: Callable[[], float], runs: int) -> list[float]:
    return [fn() for _ in range(runs)]


def _p(samples: list[float], pct: int) -> float:
    return percentile(samples, pct)


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and writes the table (stdout) and JSON (--out)."""
    ap = argparse.ArgumentParser(prog="termpos.bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="50,000 products and lines")
    ap.add_argument("--runs", type=int, default=0, help="repetitions per figure")
    ap.add_argument("--cache", default=str(ROOT / "bench-results" / "cache"))
    ap.add_argument("--out", default=str(ROOT / "bench-results" / "latest.json"))
    args = ap.parse_args(argv)
    size = 50_000 if args.quick else 1_000_000
    runs = args.runs or (3 if args.quick else 5)
    started = time.perf_counter()
    cache = Path(args.cache)
    cached = build(cache_path(cache, size, size), size, size)
    tmp = Path(tempfile.mkdtemp(prefix="termpos-bench-"))
    figures: list[Figure] = []
    try:
        work = measures.work_copy(cached, tmp / "work.db")
        figures += bench_in_process(work, size, runs)
        figures += bench_processes(work, tmp, runs)
        figures += bench_import(cache, tmp, size, min(runs, 3))
        figures += bench_reports(work, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # the work copy is as big as the store
    report = {
        "machine": machine(), "products": size, "sale_lines": size, "runs": runs,
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [f.as_dict() for f in figures],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report, figures)
    return 0


def bench_in_process(work: Path, size: int, runs: int) -> list[Figure]:
    """Lookup, scan, search, sale completion and the TUI's scan-to-line, over one store."""
    from termpos.bench.setup import bench_runtime

    rt, user = bench_runtime(work)
    n = 300 if size < 1_000_000 else 1000
    figs: list[Figure] = []
    ours = Figure("barcode lookup (termpos resolve) p50", "µs", budget="")
    raw = Figure("barcode lookup (bare sqlite3) p50", "µs", baseline="yes")
    ratio = Figure("lookup ratio termpos / sqlite3", "x")
    for _ in range(runs):
        a = _p(measures.lookup_us(rt, size, n), 50)
        b = _p(raw_lookup_us(work, size, n), 50)
        ours.runs.append(a)
        raw.runs.append(b)
        ratio.runs.append(a / b)
    figs += [ours, raw, ratio]
    scan = [measures.scan_ms(rt, user, size, n // 2) for _ in range(runs)]
    figs.append(Figure("scan: lookup + persist line p50", "ms", [_p(s, 50) for s in scan]))
    figs.append(Figure("scan: lookup + persist line p99", "ms", [_p(s, 99) for s in scan],
                       budget="< 5 ms"))
    for label, queries in (("name search Latin", LATIN), ("name search Chinese", CHINESE),
                           ("code prefix search", CODES)):
        res = [measures.search_ms(rt, queries, 10) for _ in range(runs)]
        figs.append(Figure(f"{label} p50", "ms", [_p(s, 50) for s in res]))
        figs.append(Figure(f"{label} p95", "ms", [_p(s, 95) for s in res],
                           budget="< 30 ms"))
    sales = [measures.sale_ms(rt, user, size, 40) for _ in range(runs)]
    figs.append(Figure("sale completion p50", "ms", [_p(s, 50) for s in sales]))
    figs.append(Figure("sale completion p99", "ms", [_p(s, 99) for s in sales],
                       budget="< 20 ms"))
    tui = [measures.tui_scan_ms(rt, user, size, 60) for _ in range(runs)]
    figs.append(Figure("scan -> line displayed (TUI) p50", "ms", [_p(s, 50) for s in tui]))
    figs.append(Figure("scan -> line displayed (TUI) p99", "ms", [_p(s, 99) for s in tui],
                       budget="< 50 ms"))
    rt.db.close()
    return figs


def bench_processes(work: Path, tmp: Path, runs: int) -> list[Figure]:
    """Till start-up against a minimal Textual app, and the till's idle memory."""
    env = {"TERMPOS_DB": str(work), "TERMPOS_PEPPER_FILE": str(work) + ".pepper"}
    till = Figure("till ready (first screen)", "s")
    base = Figure("minimal Textual app ready", "s", baseline="yes")
    ratio = Figure("start-up ratio till / minimal app", "x", budget="<= 1.5x")
    for _ in range(runs):
        b, _rss = startup.run_until_ready(startup.minimal_argv(tmp), {}, tmp / "ready-min")
        a, _rss = startup.run_until_ready(startup.till_argv(), env, tmp / "ready-till")
        till.runs.append(a)
        base.runs.append(b)
        ratio.runs.append(a / b)
    mem = Figure("till idle memory (RSS)", "MB", budget="< 60 MB")
    for _ in range(max(1, runs // 2)):
        _t, rss = startup.run_until_ready(startup.till_argv(), env, tmp / "ready-mem",
                                          keep_alive_s=2.0)
        mem.runs.append(rss / 1024)
    return [till, base, ratio, mem]


def _num(value: float) -> str:
    """A figure with 3 significant digits, without exponent notation for big numbers."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def print_table(report: dict[str, object], figures: list[Figure]) -> None:
    """Prints the figures as a Rich table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"termpos benchmark — {report['machine']}")
    for col in ("figure", "median", "min", "max", "unit", "budget", "verdict"):
        table.add_column(col, justify="right" if col in ("median", "min", "max") else "left")
    for f in figures:
        lo, hi = (min(f.runs), max(f.runs)) if f.runs else (float("nan"), float("nan"))
        table.add_row(f.name, _num(f.median), _num(lo), _num(hi), f.unit, f.budget, f.verdict)
    Console(width=max(132, Console().width)).print(table)
    print(f"{report['products']} products, {report['sale_lines']} sale lines, "
          f"{report['runs']} runs per figure, {report['seconds']} s in all")


if __name__ == "__main__":
    sys.exit(main())
