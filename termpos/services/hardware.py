"""Provides start_hardware(): the scanner reader and the print spool worker for the till.

The till calls it once with its callbacks (each runs on a device thread: wrap it into a
Textual message with `app.call_from_thread` or `post_message`), and `stop()` at exit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from termpos.devices.escpos_import import quiet_logging
from termpos.devices.printer import ReceiptPrinter
from termpos.devices.scanner import OnScan, OnStatus, ScannerReader
from termpos.services.runtime import Runtime
from termpos.services.spool_worker import SpoolStatus, SpoolWorker


def printer_factory(rt: Runtime) -> Callable[[], ReceiptPrinter]:
    """Makes a fresh ReceiptPrinter from the settings for each spool cycle."""
    return lambda: ReceiptPrinter(rt.settings.printer)


@dataclass
class Hardware:
    """The running device threads of one till."""

    scanner: ScannerReader
    spool: SpoolWorker | None  # None when no printer is configured

    def printer_text(self) -> str:
        """The printer part of the status bar."""
        return "printer: none" if self.spool is None else self.spool.state_text()

    def scanner_text(self) -> str:
        """The scanner part of the status bar."""
        return self.scanner.status_text()

    def receipt_queued(self) -> None:
        """Call after a sale or reprint commits: the worker looks at the queue now."""
        if self.spool is not None:
            self.spool.wake()

    def kick_drawer(self) -> bool:
        """Queues a drawer kick (after a cash sale or an authorised no-sale); False if none."""
        if self.spool is None or not self.spool.rt.settings.printer.drawer:
            return False
        self.spool.kick_drawer()
        return True

    def stop(self) -> None:
        """Stops both threads (ungrabs the scanners)."""
        self.scanner.stop()
        if self.spool is not None:
            self.spool.stop()


def start_hardware(
    rt: Runtime,
    on_scan: OnScan,
    on_scanner_status: OnStatus | None = None,
    on_spool_status: Callable[[SpoolStatus], None] | None = None,
) -> Hardware:
    """Starts the scanner thread (unless in keyboard-wedge mode) and the spool worker."""
    quiet_logging()  # before python-escpos is ever imported by the worker
    scanner = ScannerReader(rt.settings.scanner, on_scan, on_scanner_status)
    scanner.start()
    worker = None
    if rt.has_printer:
        worker = SpoolWorker(rt, printer_factory(rt), on_spool_status)
        worker.start()
    return Hardware(scanner, worker)


@dataclass
class TillDevices:
    """The till's PrinterPort and ScannerPort: a started spool worker, an unstarted reader."""

    printer: SpoolWorker | None  # None when [printer] connection = "none"
    scanner: ScannerReader | None  # None in keyboard-wedge mode (no scanner configured)

    def stop(self) -> None:
        """Stops whatever runs."""
        if self.scanner is not None:
            self.scanner.stop()
        if self.printer is not None:
            self.printer.stop()


def till_devices(rt: Runtime,
                 on_spool_status: Callable[[SpoolStatus], None] | None = None) -> TillDevices:
    """Builds the devices for make_app(rt, printer=..., scanner=...); starts the spool.

    The app calls `scanner.start(on_scan)` itself when it mounts, and `stop()` at exit.
    """
    quiet_logging()
    reader = ScannerReader(rt.settings.scanner)
    worker = None
    if rt.has_printer:
        worker = SpoolWorker(rt, printer_factory(rt), on_spool_status)
        worker.start()
    return TillDevices(worker, reader if reader.configured else None)
