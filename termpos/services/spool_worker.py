"""Provides SpoolWorker: the thread that prints queued jobs after each commit.

It prints its till's pending jobs oldest first; a printer fault stops the batch, the jobs stay
pending and the worker tries again with a growing delay (1, 2, 5, 10, 30 s) or at once on
wake().
Drawer kicks are queued here too, so only this thread talks to the printer. Every change is
posted through `on_status(SpoolStatus)`; the till wraps it into a Textual message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from termpos.core.printer_status import PrinterState
from termpos.devices.printer import PrinterError, ReceiptPrinter
from termpos.models import PrintJob
from termpos.services import spool
from termpos.services.runtime import Runtime

log = logging.getLogger(__name__)
BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class SpoolStatus:
    """The printer's last known state and how many receipts are not printed."""

    printer: PrinterState
    unprinted: int
    drawer: str = ""  # "" or why the last drawer kick failed

    @property
    def text(self) -> str:
        """One short line for the till's status bar."""
        if self.unprinted:
            jobs = "job" if self.unprinted == 1 else "jobs"
            return f"not printed: {self.unprinted} {jobs} ({self.printer})"
        return f"printer: {self.printer}"


class SpoolWorker:
    """Prints the spool in a daemon thread; start(), wake() after a sale, stop() at exit."""

    def __init__(self, rt: Runtime, printer_factory: Callable[[], ReceiptPrinter],
                 on_status: Callable[[SpoolStatus], None] | None = None, *,
                 backoff_seconds: tuple[float, ...] = BACKOFF_S,
                 poll_seconds: float = 2.0, idle_check_seconds: float = 10.0) -> None:
        self.rt, self.factory, self.on_status = rt, printer_factory, on_status
        self.backoff_seconds = backoff_seconds
        self.poll_seconds, self.idle_check_seconds = poll_seconds, idle_check_seconds
        self._next_check = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._kicks = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self.status = SpoolStatus(PrinterState("unknown", "not asked yet"), 0)

    def start(self) -> None:
        """Starts the thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="termpos-spool",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stops the thread after the job in hand."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Looks at the queue now (call after a sale or a reprint commits)."""
        self._wake.set()

    def kick_drawer(self) -> None:
        """Queues a drawer kick, done before any printing (callers check permission)."""
        with self._lock:
            self._kicks += 1
        self._wake.set()

    def state_text(self) -> str:
        """The printer line for the till's status bar."""
        return self.status.text

    def pending_jobs(self) -> int:
        """Receipts not printed (pending, or sent without confirmation), as last counted."""
        return self.status.unprinted

    def online(self) -> bool | None:
        """True when the printer said ok, False on a fault or when gone, None when unknown."""
        state = self.status.printer.state
        return None if state == "unknown" else state == "ok"

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._wake.clear()
                delay = self._cycle()
                self._wake.wait(delay)
        finally:
            self.rt.db.close()  # this thread's connection

    def _cycle(self) -> float:  # seconds until the next cycle
        try:
            fault = self._work()
        except Exception as exc:  # a database hiccup must not kill the spool
            log.exception("print spool cycle failed")
            fault = PrinterState("unknown", f"spool error: {exc}")
        if fault is None:
            self._failures = 0
            return self.poll_seconds
        self._failures += 1
        steps = self.backoff_seconds
        return steps[min(self._failures - 1, len(steps) - 1)]

    def _work(self) -> PrinterState | None:
        with self._lock:
            kicks, self._kicks = self._kicks, 0
        pending = [j.id for j in PrintJob.select(PrintJob.id)
                   .where(PrintJob.status == "pending", spool.for_till(self.rt.till))
                   .order_by(PrintJob.id)]
        drawer = ""
        fault: PrinterState | None = None
        state = self.status.printer
        idle_check = not kicks and not pending and time.monotonic() >= self._next_check
        if idle_check:
            self._next_check = time.monotonic() + self.idle_check_seconds
            printer = self.factory()
            try:
                state = printer.status()
            finally:
                printer.close()
        elif kicks or pending:
            printer = self.factory()
            try:
                if kicks:
                    try:
                        printer.kick_drawer()
                    except PrinterError as exc:
                        drawer = str(exc)
                for job_id in pending:
                    if self._stop.is_set():
                        break
                    result = spool.print_job(self.rt, printer, job_id)
                    state = result.printer
                    if result.fault:
                        fault = result.printer
                        break
            finally:
                printer.close()
        self._post(SpoolStatus(state, spool.count_unprinted(self.rt), drawer))
        return fault

    def _post(self, status: SpoolStatus) -> None:
        changed = status != self.status
        self.status = status
        if changed and self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("spool status callback failed")
