"""Print jobs belong to their till: tills sharing a store print only their own receipts, and a
till without a printer queues nothing (on SQLite and PostgreSQL; the CLI as a process)."""

from __future__ import annotations

import queue
import shutil
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from termpos.core.clock import FixedClock
from termpos.core.config import PrinterSettings, Settings
from termpos.core.errors import Refused
from termpos.core.tenders import TenderInput
from termpos.devices.printer import ReceiptPrinter
from termpos.models import Journal, PrintJob
from termpos.services import basket, checkout, spool
from termpos.services.runtime import Runtime, open_runtime
from termpos.services.shifts import open_shift
from termpos.services.spool_worker import SpoolStatus, SpoolWorker
from termpos.store import migrate as migrate_mod
from termpos.store.db import open_database
from termpos.store.migrate import schema_version
from tests.clihelp import run_termpos
from tests.conftest import START
from tests.pty_printer import PtyPrinter
from tests.receipts import latin, traditional
from tests.salehelp import BARCODE_SOAP, BARCODE_TEA, Shop, make_shop
from tests.tillkit import pilot_test


def _at(rt: Runtime, till: str, connection: str) -> Runtime:
    """Another till on the same store (same connection and clock)."""
    printer = PrinterSettings(connection=connection, charset="cp858", status_timeout_ms=150)
    return Runtime(replace(rt.settings, till_id=till, printer=printer), rt.db, rt.db_url,
                   rt.clock)


def _sell(rt: Runtime, shop: Shop, code: str) -> str:
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, code)
    paid = [TenderInput("cash", 5000)]
    return checkout.complete_sale(rt, cart.id, shop.cashier, paid).number


def _printed_by(rt: Runtime, pty: PtyPrinter, count: int) -> list[str]:
    """Runs the till's spool worker until `count` of its jobs are done; the numbers printed."""
    statuses: queue.Queue[SpoolStatus] = queue.Queue()
    worker = SpoolWorker(rt, lambda: ReceiptPrinter(rt.settings.printer), statuses.put,
                         poll_seconds=0.05, idle_check_seconds=60)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done = PrintJob.select().where(PrintJob.status == "done",
                                           spool.for_till(rt.till)).count()
            if done >= count:
                break
            time.sleep(0.05)
        time.sleep(0.2)  # a wrong job would be printed in the next cycle
    finally:
        worker.stop()
    page = pty.page()
    return [t for t in page.texts if "-0000" in t]


def test_each_till_prints_its_own_receipts(rt: Runtime) -> None:
    one, two = PtyPrinter(), PtyPrinter()
    try:
        t1, t2 = _at(rt, "T1", one.connection), _at(rt, "T2", two.connection)
        shop = make_shop(t1)
        open_shift(t2, shop.cashier.id, 5_000)
        first = _sell(t1, shop, BARCODE_TEA)
        second = _sell(t2, shop, BARCODE_SOAP)
        assert (first[:2], second[:2]) == ("T1", "T2")
        assert spool.count_unprinted(t1) == spool.count_unprinted(t2) == 1
        on_one = _printed_by(t1, one, 1)
        assert any(first in t for t in on_one) and not any(second in t for t in on_one)
        assert PrintJob.get(PrintJob.till == "T2").status == "pending"  # left for its till
        on_two = _printed_by(t2, two, 1)
        assert any(second in t for t in on_two) and not any(first in t for t in on_two)
        assert spool.count_unprinted(t1) == spool.count_unprinted(t2) == 0
    finally:
        one.close()
        two.close()


def test_a_till_without_printer_queues_nothing_for_later(rt: Runtime) -> None:
    bare = _at(rt, "T1", "none")
    shop = make_shop(bare)
    old = _sell(bare, shop, BARCODE_TEA)
    job = PrintJob.get()
    assert (job.status, job.till) == ("skipped", "T1")
    assert spool.count_unprinted(bare) == 0 and spool.unprinted(bare, till=None) == []
    journal = Journal.select().count()
    with pytest.raises(Refused, match="till T1 has no receipt printer"):
        spool.reprint(bare, shop.manager, old)
    assert PrintJob.select().count() == 1 and Journal.select().count() == journal
    pty = PtyPrinter()  # a printer is set up later: only the new sale's receipt prints
    try:
        wired = _at(rt, "T1", pty.connection)
        new = _sell(wired, shop, BARCODE_SOAP)
        printed = _printed_by(wired, pty, 1)
        assert any(new in t for t in printed) and not any(old in t for t in printed)
        assert PrintJob.get(PrintJob.status == "skipped").sale.number == old
        copy = spool.reprint(wired, shop.manager, old)  # the kept receipt can be reprinted
        assert PrintJob.get_by_id(copy).till == "T1"
    finally:
        pty.close()


def test_migration_gives_old_jobs_the_till_of_their_sale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    folder = tmp_path / "migrations"
    shutil.copytree(migrate_mod.migrations_dir(), folder)  # type: ignore[arg-type]
    for f in folder.glob("0013_*"):
        f.unlink()
    monkeypatch.setattr(migrate_mod, "MIGRATIONS_DIR", folder)
    db = open_database(str(path), create=True)
    assert schema_version(db) == 12
    db.close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO user (id, name, role, pin_hash, active, failed_attempts, "
                "created_at) VALUES (1, 'u', 'cashier', 'x', 1, 0, '2026-01-01')")
    con.execute("INSERT INTO sale (id, number, till, seq, kind, user_id, created_at, tax_mode, "
                "subtotal, discount_total, tax_total, rounding, total, change, points_earned) "
                "VALUES (1, 'T2-000001', 'T2', 1, 'sale', 1, '2026-01-01', 'inclusive', 100, 0, "
                "5, 0, 100, 0, 0)")
    for sale, kind in ((1, "receipt"), (None, "report")):
        con.execute("INSERT INTO print_job (sale_id, kind, payload, status, attempts, "
                    "last_error, created_at, updated_at) VALUES (?, ?, '{}', 'pending', 0, '', "
                    "'2026-01-01', '2026-01-01')", (sale, kind))
    con.commit()
    con.close()
    monkeypatch.setattr(migrate_mod, "MIGRATIONS_DIR", None)
    db = open_database(str(path))
    assert schema_version(db) == 13
    rows = db.execute_sql("SELECT kind, till FROM print_job ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("receipt", "T2"), ("report", "")]
    db.close()


def test_cli_queue_shows_tills_and_retry_prints_one_till(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    env = {"TERMPOS_PEPPER_FILE": str(tmp_path / "pepper"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    rt = open_runtime(Settings(), str(db), clock=FixedClock(START), create=True)
    spool.enqueue_receipt(rt, latin())  # T1 (the default till)
    spool.enqueue_receipt(_at(rt, "T2", "none"), traditional())
    rt.db.close()
    r = run_termpos("--db", str(db), "printer", "queue", env=env)
    assert r.returncode == 0 and "2 unprinted" in r.stdout, r.stderr
    lines = [ln.split() for ln in r.stdout.splitlines()[:2]]
    assert [ln[1] for ln in lines] == ["T1", "T2"]
    r = run_termpos("--db", str(db), "printer", "queue", "--till", "T2", env=env)
    assert "1 unprinted" in r.stdout and " T1 " not in r.stdout
    out = tmp_path / "t1.bin"
    r = run_termpos("--db", str(db), "printer", "retry", "--device", f"file:{out}", env=env)
    assert r.returncode == 0 and "printed 1 job(s)" in r.stdout, r.stderr
    assert b"T1-000042" in out.read_bytes()
    r = run_termpos("--db", str(db), "printer", "queue", env=env)
    assert "1 unprinted" in r.stdout and "T2" in r.stdout
    out2 = tmp_path / "t2.bin"
    r = run_termpos("--db", str(db), "printer", "retry", "--till", "T2", "--device",
                    f"file:{out2}", env=env)
    assert r.returncode == 0 and "printed 1 job(s)" in r.stdout, r.stderr
    assert b"T2-000007" in out2.read_bytes() and b"T1-000042" not in out2.read_bytes()
    r = run_termpos("--db", str(db), "printer", "queue", "--till", "bad till!", env=env)
    assert r.returncode == 2 and "1 to 8 letters" in r.stderr


def test_jobs_of_no_till_print_at_any_till(rt: Runtime) -> None:
    pty = PtyPrinter()
    try:
        t2 = _at(rt, "T2", pty.connection)
        now = rt.clock.now()
        receipt = latin()  # a job queued before 0013, without a sale: till ""
        PrintJob.create(kind="receipt", payload=receipt.to_json(), till="", created_at=now,
                        updated_at=now)
        assert spool.count_unprinted(_at(rt, "T1", "none")) == spool.count_unprinted(t2) == 1
        printed = _printed_by(t2, pty, 1)
        assert PrintJob.get().status == "done" and any(receipt.number in t for t in printed)
    finally:
        pty.close()


def test_demo_history_queues_nothing_at_a_till_with_a_printer(rt: Runtime) -> None:
    from termpos.services.demo import create_demo_store
    from termpos.services.demo_sales import generate_sales

    wired = _at(rt, "T1", "file:/dev/null")
    create_demo_store(wired)
    generate_sales(wired, 6, days=2)
    statuses = {j.status for j in PrintJob.select()}
    assert statuses == {"skipped"} and spool.count_unprinted(wired) == 0


@pilot_test
async def test_a_till_without_printer_skips_its_old_pending_jobs_at_start(rt: Runtime) -> None:
    from termpos.app import make_app

    t1, t2 = _at(rt, "T1", "none"), _at(rt, "T2", "none")
    mine = spool.enqueue_receipt(t1, latin())  # pending, as before 0013 (the till's own)
    other = spool.enqueue_receipt(t2, traditional())
    async with make_app(t1, console=False).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
    assert PrintJob.get_by_id(mine).status == "skipped"
    assert PrintJob.get_by_id(other).status == "pending"  # another till's: left alone
