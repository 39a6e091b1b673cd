"""Crash test: a seller is SIGKILLed at random moments; every sale is complete or absent."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from peewee import fn

from termpos.models import Basket, Journal, PrintJob, Sale, SaleLine, StockMove, Tender
from termpos.services.audit import verify
from termpos.services.runtime import Runtime
from termpos.store.db import integrity_check
from tests.salehelp import make_shop

ROOT = Path(__file__).resolve().parents[1]


def check_store(rt: Runtime, checked: int = 0) -> int:
    """Everything the crash test promises; returns the id of the last sale."""
    assert integrity_check(rt.db) == []
    report = verify(rt)
    assert report.ok, report.problem  # chain, digests, numbers 1..N without gaps
    new = Sale.id > checked
    lines = dict(SaleLine.select(SaleLine.sale, fn.COUNT(SaleLine.id)).where(
        SaleLine.sale > checked).group_by(SaleLine.sale).tuples())
    paid = dict(Tender.select(Tender.sale, fn.SUM(Tender.amount)).where(
        Tender.sale > checked).group_by(Tender.sale).tuples())
    jobs = dict(PrintJob.select(PrintJob.sale, fn.COUNT(PrintJob.id)).where(
        PrintJob.sale > checked).group_by(PrintJob.sale).tuples())
    last = checked
    for sale in Sale.select().where(new):  # complete: lines, tenders paying it, a print job
        assert lines.get(sale.id, 0) > 0 and jobs.get(sale.id) == 1
        assert paid[sale.id] - sale.change == sale.total
        last = sale.id
    sold = dict(SaleLine.select(SaleLine.product, fn.SUM(SaleLine.qty_milli))
                .where(SaleLine.product.is_null(False)).group_by(SaleLine.product).tuples())
    moved = dict(StockMove.select(StockMove.product, fn.SUM(StockMove.qty_milli))
                 .group_by(StockMove.product).tuples())
    assert {p: -q for p, q in sold.items()} == moved  # stock = sum of movements = sales
    assert Journal.select().where(Journal.kind == "sale").count() == Sale.select().count()
    # the basket is closed in the same transaction: never a sale with its basket still open
    assert Basket.select().where(Basket.status == "done").count() == Sale.select().count()
    assert Basket.select().where(Basket.status == "open").count() <= 1
    return last


def run_kills(rt: Runtime, db_path: Path, kills: int) -> int:
    rng = random.Random(1234)
    zygote = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "crash_child.py"), str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    sales = 0
    upper = 0.12  # adapts to how fast this machine sells right now (other tests may run)
    try:
        for _ in range(kills):
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            time.sleep(rng.uniform(0.005, upper))
            with contextlib.suppress(ProcessLookupError):  # checked just below
                os.kill(pid, signal.SIGKILL)
            status = zygote.stdout.readline().split()
            assert status[0] == "exit"
            assert os.WIFSIGNALED(int(status[1])), "the seller stopped by itself"
            last = check_store(rt, sales)
            upper = max(0.06, upper * 0.95) if last > sales else min(1.0, upper * 1.1)
            sales = last
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=10)
    return sales


def test_sigkill_during_sales_loses_nothing(sqlite_rt: Runtime, tmp_path: Path) -> None:
    make_shop(sqlite_rt)
    sales = run_kills(sqlite_rt, tmp_path / "store.db", 200)
    assert sales > 40  # the seller really sold between kills


@pytest.mark.slow
def test_sigkill_endurance(sqlite_rt: Runtime, tmp_path: Path) -> None:
    make_shop(sqlite_rt)
    assert run_kills(sqlite_rt, tmp_path / "store.db", 2000) > 500
