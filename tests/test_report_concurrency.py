"""Reports run while another process completes sales on the same SQLite file.

The till must never see "database is locked", no sale may go missing, and the write-ahead
log must stay bounded (each report holds its snapshot only for one short transaction).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from termpos.core.clock import FixedClock
from termpos.core.config import Settings
from termpos.core.periods import Period
from termpos.services.reports import basket, cashiers, money, products, sales, stock
from termpos.services.reports.base import Filters
from termpos.services.runtime import open_runtime

from .history import generate

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 3, 2)
SECONDS = 4.0

WRITER = """
import datetime as dt, sys, time
from termpos.core.clock import FixedClock
from termpos.core.config import Settings
from termpos.services.runtime import open_runtime
from tests.history import Seller
rt = open_runtime(Settings(), sys.argv[1], clock=FixedClock(dt.datetime(2026, 3, 2, 7)))
seller = Seller(rt)
print("READY", flush=True)
when, sold, errors, waits = dt.datetime(2026, 3, 2, 8), 0, 0, []
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    when += dt.timedelta(seconds=5)
    t0 = time.perf_counter()
    try:
        seller.sell(when)
        sold += 1
    except Exception as exc:  # any failure of the till is what this test looks for
        errors += 1
        print("ERROR", type(exc).__name__, exc, flush=True)
    waits.append(time.perf_counter() - t0)
waits.sort()
print("SOLD", sold, errors, round(waits[len(waits) * 99 // 100] * 1000), flush=True)
"""


def test_reports_never_block_the_till(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    open_runtime(Settings(), str(db), create=True).db.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(SECONDS)], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "READY", writer.stderr.read() if writer.stderr \
        else ""
    rt = open_runtime(Settings(), str(db), read_only=True,
                      clock=FixedClock(dt.datetime(2026, 3, 2, 20)))
    f = Filters(Period(DAY, DAY), None, 10)
    runs, wal_max, seen = 0, 0, []
    wal = db.with_name(db.name + "-wal")
    while writer.poll() is None:
        seen.append(sales.sales_report(rt, f).total("sales"))
        products.products_report(rt, f)
        cashiers.cashiers_report(rt, f)
        money.payments_report(rt, f)
        stock.stock_report(rt, f)
        basket.basket_report(rt, f)
        runs += 1
        wal_max = max(wal_max, wal.stat().st_size if wal.exists() else 0)
    out, err = writer.communicate(timeout=30)
    assert writer.returncode == 0, err
    assert "ERROR" not in out, out
    sold_line = next(line for line in out.splitlines() if line.startswith("SOLD"))
    _, sold, errors, p99_ms = sold_line.split()
    assert int(errors) == 0 and int(sold) > 50
    assert runs >= 3
    assert seen == sorted(seen) and seen[-1] <= int(sold)  # reports saw sales arrive
    final = sales.sales_report(rt, f)
    assert final.total("sales") == int(sold)  # no sale lost
    assert final.total("net") == money.payments_report(rt, f).total("net")
    rt.db.close()
    # wal_autocheckpoint is 1000 pages (about 4 MB): short report snapshots let it restart.
    assert wal_max < 64 * 1024 * 1024, wal_max  # bounded: checkpoints keep up, even under load
    sys.stdout.write(f"sold {sold}, till p99 {p99_ms} ms, {runs} report rounds, "
                     f"WAL max {wal_max // 1024} KiB\n")


@pytest.mark.parametrize("name", ["sales", "products"])
def test_report_path_never_writes(tmp_path: Path, name: str) -> None:
    """A report leaves the file untouched and the connection's write guard as it was."""
    path = tmp_path / "shop.db"
    rt = open_runtime(Settings(), str(path), create=True)
    generate(rt, days=3, sales_per_day=5, products=10, customers=3)
    rt.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    f = Filters(Period(dt.date(2026, 2, 2), dt.date(2026, 2, 4)))
    version = rt.db.execute_sql("PRAGMA data_version").fetchone()[0]
    before = path.read_bytes()
    report = sales.sales_report(rt, f) if name == "sales" else products.products_report(rt, f)
    assert report.rows
    assert rt.db.execute_sql("PRAGMA query_only").fetchone()[0] == 0
    assert rt.db.execute_sql("PRAGMA data_version").fetchone()[0] == version
    rt.db.close()
    assert path.read_bytes() == before
