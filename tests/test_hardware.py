"""start_hardware(): what the till starts, with its callbacks."""

from __future__ import annotations

import queue
import time
from dataclasses import replace

from termpos.core.config import PrinterSettings, ScannerSettings
from termpos.services.hardware import start_hardware
from termpos.services.runtime import Runtime
from termpos.services.spool_worker import SpoolStatus
from tests.pty_printer import PtyPrinter
from tests.receipts import latin


def test_no_devices_configured(sqlite_rt: Runtime) -> None:
    hw = start_hardware(sqlite_rt, lambda code, source: None)
    try:
        assert hw.spool is None and hw.printer_text() == "printer: none"
        assert hw.scanner_text() == "scanner: keyboard"
        assert hw.kick_drawer() is False
        hw.receipt_queued()  # harmless without a printer
    finally:
        hw.stop()


def test_printer_configured_prints_queued_receipts(sqlite_rt: Runtime) -> None:
    from termpos.services import spool

    pty = PtyPrinter()
    statuses: queue.Queue[SpoolStatus] = queue.Queue()
    sqlite_rt.settings = replace(
        sqlite_rt.settings,
        printer=PrinterSettings(connection=pty.connection, status_timeout_ms=150),
        scanner=ScannerSettings(),
    )
    hw = start_hardware(sqlite_rt, lambda code, source: None, None, statuses.put)
    try:
        spool.enqueue_receipt(sqlite_rt, latin())
        hw.receipt_queued()
        assert hw.kick_drawer() is True
        for _ in range(100):
            done = not spool.count_unprinted(sqlite_rt) and b"\x1bp" in pty.data
            if done and hw.printer_text() == "printer: ok":
                break
            time.sleep(0.05)
        assert hw.printer_text() == "printer: ok"
        assert statuses.qsize() >= 1
    finally:
        hw.stop()
        page = pty.page()
        pty.close()
    assert page.find("Café Corner") and page.drawer_pulses == [(0, 25, 250)]


def test_till_devices_fit_the_till_ports(sqlite_rt: Runtime) -> None:
    from termpos.services.hardware import till_devices

    devices = till_devices(sqlite_rt)
    assert devices.printer is None and devices.scanner is None  # no printer, wedge mode
    pty = PtyPrinter("paper out")
    sqlite_rt.settings = replace(
        sqlite_rt.settings,
        printer=PrinterSettings(connection=pty.connection, status_timeout_ms=150),
        scanner=ScannerSettings(devices=("/dev/input/by-id/none-event-kbd",)),
    )
    devices = till_devices(sqlite_rt)
    try:
        assert devices.printer is not None and devices.scanner is not None
        got: list[str] = []
        devices.scanner.start(lambda code, source: got.append(code))
        for _ in range(100):
            if devices.printer.online() is False and devices.scanner.state() == "not found":
                break
            time.sleep(0.05)
        assert devices.printer.online() is False and devices.printer.pending_jobs() == 0
        assert devices.scanner.state() == "not found"
    finally:
        devices.stop()
        pty.close()
