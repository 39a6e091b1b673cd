"""The print spool on a pseudo-terminal printer: faults keep the job pending, never lost."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from termpos.core.config import PrinterSettings
from termpos.core.errors import NotFound, PermissionDenied
from termpos.core.receipt import ReceiptData
from termpos.devices.printer import ReceiptPrinter
from termpos.models import Journal, PrintJob, Sale
from termpos.services import drawer, spool
from termpos.services.runtime import Runtime
from termpos.services.spool_worker import SpoolStatus, SpoolWorker
from termpos.services.users import UserInfo, create_user
from termpos.store.tx import write_transaction
from tests.pty_printer import PtyPrinter
from tests.receipts import latin


@pytest.fixture
def pty() -> Iterator[PtyPrinter]:
    p = PtyPrinter()
    yield p
    p.close()


def printer_for(pty: PtyPrinter) -> ReceiptPrinter:
    return ReceiptPrinter(PrinterSettings(connection=pty.connection, charset="cp858",
                                          status_timeout_ms=150))


def commit_sale(rt: Runtime, receipt: ReceiptData | None = None) -> int:
    """What the sale engine does: the sale and its print job in one transaction."""
    receipt = receipt or latin()
    user = create_user(rt, f"u{Sale.select().count()}", "cashier", "1234")
    with write_transaction(rt.db):
        sale = Sale.create(number=receipt.number, till="T1", seq=Sale.select().count() + 1,
                           user=user.id, created_at=rt.clock.now(), tax_mode="inclusive",
                           subtotal=receipt.subtotal, tax_total=231, total=receipt.total)
        return spool.enqueue_receipt(rt, receipt, sale.id)


def job(job_id: int) -> PrintJob:
    return PrintJob.get_by_id(job_id)


def test_paper_out_keeps_the_job_pending_then_prints(rt: Runtime, pty: PtyPrinter) -> None:
    job_id = commit_sale(rt)
    assert Sale.select().count() == 1  # the sale is committed whatever the printer does
    pty.mode = "paper out"
    printer = printer_for(pty)
    result = spool.print_job(rt, printer, job_id)
    assert (result.status, result.printer.state) == ("pending", "paper out")
    j = job(job_id)
    assert (j.status, j.attempts, j.last_error) == ("pending", 1, "paper out")
    assert pty.page().lines == []  # only status requests went out: nothing to print later
    assert spool.count_unprinted(rt) == 1
    pty.mode = "ok"  # paper loaded
    assert spool.print_job(rt, printer, job_id).status == "done"
    printer.close()
    j = job(job_id)
    assert (j.status, j.attempts) == ("done", 2)
    page = pty.page()
    assert page.find("Café Corner") and page.barcodes == [(73, b"{BT1-000042")]
    assert spool.unprinted(rt) == []


def test_no_status_reply_is_unknown_not_ok(rt: Runtime, pty: PtyPrinter) -> None:
    job_id = commit_sale(rt)
    pty.mode = "silent"
    with printer_for(pty) as printer:
        result = spool.print_job(rt, printer, job_id)
    assert result.status == "pending" and result.printer.state == "unknown"
    assert job(job_id).last_error == "unknown (no status reply)"
    assert pty.page().lines == [] and pty.status_asked == 1
    pty.mode = "ok"  # the printer answers again
    with printer_for(pty) as printer:
        assert spool.print_job(rt, printer, job_id).status == "done"
    assert pty.page().find("Café Corner")


def test_peer_closed_then_a_new_port(rt: Runtime, pty: PtyPrinter) -> None:
    job_id = commit_sale(rt)
    pty.unplug()
    result = spool.print_job(rt, printer_for(pty), job_id)
    assert result.status == "pending" and result.printer.state == "gone"
    assert job(job_id).last_error.startswith("gone")
    again = PtyPrinter()  # plugged in again (a new device node)
    try:
        with printer_for(again) as printer:
            assert spool.print_job(rt, printer, job_id).status == "done"
        assert again.page().find("TOTAL")
    finally:
        again.close()


def test_fault_after_sending_is_not_resent_blindly(rt: Runtime, pty: PtyPrinter) -> None:
    job_id = commit_sale(rt)
    printer = printer_for(pty)
    real_send = printer.send

    def send_then_run_out(data: bytes) -> None:
        real_send(data)
        pty.mode = "paper out"

    printer.send = send_then_run_out  # type: ignore[method-assign]
    assert spool.print_job(rt, printer, job_id).status == "sent"
    assert "check the receipt" in job(job_id).last_error
    pty.mode = "ok"
    printer.send = real_send  # type: ignore[method-assign]
    assert spool.print_job(rt, printer, job_id).status == "sent"  # not resent by itself
    assert spool.count_unprinted(rt) == 1
    assert spool.print_job(rt, printer, job_id, resend=True).status == "done"  # a person asked
    printer.close()
    assert pty.page().texts.count("Café Corner") == 2


def test_a_printer_setup_error_keeps_the_job_pending(rt: Runtime, tmp_path: Path) -> None:
    job_id = commit_sale(rt)
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    printer = ReceiptPrinter(PrinterSettings(connection=f"file:{tmp_path / 'out'}",
                                             charset="raster", raster_font=str(bad)))
    assert spool.print_job(rt, printer, job_id).status == "pending"
    assert job(job_id).last_error.startswith("config (printer charset raster")


def test_unprintable_job_fails(rt: Runtime, pty: PtyPrinter) -> None:
    with write_transaction(rt.db):
        job_id = spool.enqueue(rt, "receipt", '{"number": "x"}')
    with printer_for(pty) as printer:
        assert spool.print_job(rt, printer, job_id).status == "failed"
    assert job(job_id).last_error.startswith("bad job")
    with pytest.raises(NotFound):
        spool.print_job(rt, printer_for(pty), 999)


def _wait(statuses: queue.Queue[SpoolStatus], text: str, timeout: float = 5) -> SpoolStatus:
    end = time.monotonic() + timeout
    seen = []
    while time.monotonic() < end:
        try:
            st = statuses.get(timeout=0.1)
        except queue.Empty:
            continue
        seen.append(st.text)
        if st.text.startswith(text):
            return st
    raise AssertionError(f"no status {text!r}; saw {seen}")


def test_worker_retries_with_backoff_and_kicks_the_drawer(rt: Runtime,
                                                           pty: PtyPrinter) -> None:
    statuses: queue.Queue[SpoolStatus] = queue.Queue()
    pty.mode = "paper out"
    worker = SpoolWorker(rt, lambda: printer_for(pty), statuses.put,
                         backoff_seconds=(0.1, 0.2), poll_seconds=0.1, idle_check_seconds=0.2)
    worker.start()
    try:
        _wait(statuses, "printer: paper out")  # idle check before any sale
        job_id = commit_sale(rt)
        worker.wake()
        st = _wait(statuses, "not printed: 1 job")
        assert st.printer.state == "paper out" and worker.state_text() == st.text
        deadline = time.monotonic() + 10  # a loaded machine may be slow to retry
        while job(job_id).attempts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert job(job_id).attempts >= 2 and job(job_id).status == "pending"  # retried
        worker.kick_drawer()  # the drawer works without paper
        time.sleep(0.3)
        pty.mode = "ok"
        _wait(statuses, "printer: ok")
    finally:
        worker.stop()
    assert job(job_id).status == "done"
    page = pty.page()
    assert page.drawer_pulses == [(0, 25, 250)] and page.find("Café Corner")


def test_reprint_needs_permission_and_prints_copy(rt: Runtime, pty: PtyPrinter) -> None:
    rt.settings = replace(rt.settings, printer=PrinterSettings(connection=pty.connection))
    commit_sale(rt)
    cashier = create_user(rt, "carol", "cashier", "1111")
    create_user(rt, "sam", "supervisor", "2222")
    with pytest.raises(PermissionDenied):
        spool.reprint(rt, cashier, "T1-000042")
    job_id = spool.reprint(rt, cashier, "T1-000042", approver=("sam", "2222"),
                           reason="customer lost it")
    copy = ReceiptData.from_json(job(job_id).payload)
    assert copy.copy and copy.number == "T1-000042"
    entry = Journal.select().where(Journal.kind == "receipt.reprint").get()
    assert '"approver": "sam"' in entry.payload
    with pytest.raises(NotFound):
        spool.reprint(rt, UserInfo(0, "x", "admin", True, False), "T9-999999")
    with printer_for(pty) as printer:
        for j in spool.unprinted(rt):
            spool.print_job(rt, printer, j.id)
    assert pty.page().texts.count("COPY") == 2


def test_drawer_rules(rt: Runtime) -> None:
    from termpos.core.config import Settings
    from termpos.core.receipt import ReceiptTender

    s = Settings()
    assert drawer.wants_drawer(s, latin())
    card = replace(latin(), tenders=(ReceiptTender("card", 1930),))
    assert not drawer.wants_drawer(s, card)
    assert not drawer.wants_drawer(s, replace(latin(), training=True))
    assert not drawer.wants_drawer(replace(s, printer=PrinterSettings(drawer=False)), latin())
    cashier = create_user(rt, "cat", "cashier", "1111")
    with pytest.raises(PermissionDenied):
        drawer.no_sale(rt, cashier)
    create_user(rt, "sue", "supervisor", "2222")
    drawer.no_sale(rt, cashier, approver=("sue", "2222"), reason="change for the float")
    assert Journal.select().where(Journal.kind == "drawer.no_sale").count() == 1


def test_worker_survives_unplug_and_prints_on_the_new_port(rt: Runtime,
                                                            pty: PtyPrinter) -> None:
    statuses: queue.Queue[SpoolStatus] = queue.Queue()
    current = [pty]
    pty.unplug()
    worker = SpoolWorker(rt, lambda: printer_for(current[0]), statuses.put,
                         backoff_seconds=(0.1,), poll_seconds=0.1, idle_check_seconds=60)
    worker.start()
    again = PtyPrinter()
    try:
        job_id = commit_sale(rt)
        worker.wake()
        st = _wait(statuses, "not printed: 1 job (gone")
        assert st.unprinted == 1 and job(job_id).status == "pending"
        current[0] = again  # plugged back in
        _wait(statuses, "printer: ok")
        assert job(job_id).status == "done" and again.page().find("TOTAL")
    finally:
        worker.stop()
        again.close()


def test_a_job_taken_by_someone_else_is_not_printed_twice(rt: Runtime,
                                                          pty: PtyPrinter) -> None:
    job_id = commit_sale(rt)
    printer = printer_for(pty)
    real_open = printer.open

    def open_while_another_sends() -> None:
        real_open()
        spool._update(rt, job_id, status="sent")  # `printer retry` claimed it meanwhile

    printer.open = open_while_another_sends  # type: ignore[method-assign]
    assert spool.print_job(rt, printer, job_id).status == "pending"  # what it saw first
    printer.close()
    assert job(job_id).status == "sent" and pty.page().lines == []
