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
    """The print spool worker as the till uses it (services.spool_worker.SpoolWorker fits)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def wake(self) -> None: ...

    def kick_drawer(self) -> None: ...

    def state_text(self) -> str: ...


class ScannerPort(Protocol):
    """The scanner reader as the till uses it (devices.scanner.ScannerReader fits)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def status_text(self) -> str: ...


# Builds the scanner reader with the till's callback, on_scan(code, device); the callback is
# safe to call from the reader's thread.
ScannerFactory = Callable[[Callable[[str, str], None]], ScannerPort]


def printer_text(printer: PrinterPort | None) -> str:
    """The spool's own status-bar text, or that there is no printer."""
    if printer is None:
        return _("Printer") + ": " + _("no printer")
    try:
        pending = getattr(printer, "pending_jobs", None)
        online = getattr(printer, "online", None)
        if not (callable(pending) and callable(online)):
            return printer.state_text()
        jobs, state = int(pending()), online()
    except Exception:  # a device fault is shown, never raised into the till
        return _("Printer") + ": " + _("printer fault")
    parts = []
    if jobs:
        parts.append(_("not printed: {n} jobs").format(n=jobs))
    if state is False:
        parts.append(_("offline"))
    elif not jobs:
        parts.append(_("ready") if state else _("waiting"))
    return _("Printer") + ": " + ", ".join(parts)


def scanner_text(scanner: ScannerPort | None) -> str:
    """The reader's own status-bar text, or keyboard-wedge mode when there is no device."""
    if scanner is None:
        return _("Scanner") + ": " + _("keyboard")
    try:
        return scanner.status_text()
    except Exception:  # a device fault is shown, never raised into the till
        return _("Scanner") + ": " + _("scanner fault")


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
            s.printer,
            s.scanner,
        ]
        text = Text(sep.join(parts))
        if s.training:
            text.append(sep)
            text.append(_("TRAINING"), style="bold reverse")
        text.append(sep + s.clock)
        return text
