"""Provides the status line (till, cashier, shift, printer, scanner, training, clock) and the
small device interfaces the till needs from the printer spool and the scanner reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from termpos.core.i18n import _


class PrinterPort(Protocol):
    """What the till asks of the print spool to show the printer's state."""

    def pending_jobs(self) -> int: ...

    def online(self) -> bool | None: ...


class ScannerPort(Protocol):
    """What the till asks of the scanner reader: start with a callback, stop, state."""

    def start(self, on_scan: Callable[[str, str], None]) -> None: ...

    def stop(self) -> None: ...

    def state(self) -> str: ...


def printer_text(printer: PrinterPort | None) -> str:
    """Ready, not printed: N jobs, offline, or no printer."""
    if printer is None:
        return _("no printer")
    try:
        online = printer.online()
        pending = printer.pending_jobs()
    except Exception:  # a device fault is shown, never raised into the till
        return _("printer fault")
    if online is False:
        return _("offline")
    if pending:
        return _("not printed: {count} jobs").format(count=pending)
    return _("ready")


@dataclass(frozen=True)
class Status:
    """Everything the status line shows."""

    till: str = ""
    cashier: str = ""
    shift: str = ""
    printer: str = ""
    scanner: str = ""
    training: bool = False
    clock: str = ""


class StatusLine(Widget):
    """One line at the bottom of the till screens."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; }
    """

    status: reactive[Status] = reactive(Status, layout=False)

    def render(self) -> Text:
        s = self.status
        sep = " | "
        parts = [
            _("Till") + " " + s.till,
            (s.cashier or "-"),
            (_("Shift") + " " + s.shift) if s.shift else _("no shift"),
            _("Printer") + ": " + s.printer,
            _("Scanner") + ": " + s.scanner,
        ]
        text = Text(sep.join(parts))
        if s.training:
            text.append(sep)
            text.append(_("TRAINING"), style="bold reverse")
        text.append(sep + s.clock)
        return text
