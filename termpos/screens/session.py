"""Provides Session: what the till screens share (runtime, devices, who is logged in)."""

from __future__ import annotations

from dataclasses import dataclass

from termpos.services.runtime import Runtime
from termpos.services.shiftstate import current_shift
from termpos.services.users import UserInfo
from termpos.widgets.status import (
    PrinterPort,
    ScannerPort,
    Status,
    printer_text,
    scanner_text,
)


@dataclass
class Session:
    """The till's working state: runtime, devices, the cashier, the shift and the basket.

    The printer and scanner are started by the app; the screens only read their state.
    """

    rt: Runtime
    printer: PrinterPort | None = None
    scanner: ScannerPort | None = None
    user: UserInfo | None = None
    shift_id: int | None = None
    basket_id: int | None = None
    last_receipt: str = ""
    real_rt: Runtime | None = None  # the real store while `rt` is the training store

    def refresh_shift(self) -> int | None:
        """Looks up the till's open shift."""
        shift = current_shift(self.rt)
        self.shift_id = int(shift.id) if shift is not None else None
        return self.shift_id

    def status(self) -> Status:
        """What the status line shows now."""
        return Status(
            till=self.rt.till,
            cashier=self.user.name if self.user else "",
            shift=str(self.shift_id) if self.shift_id else "",
            printer=printer_text(self.printer),
            scanner=scanner_text(self.scanner),
            training=self.rt.training,
            clock=self.rt.clock.now().strftime("%H:%M"),
        )
