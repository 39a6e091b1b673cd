"""Provides ReceiptPrinter: an ESC/POS printer on serial, USB, TCP or a file, via python-escpos.

The connection string is the same everywhere (config, --device): `serial:/dev/ttyUSB0`,
`usb:04b8:0202`, `tcp:192.0.2.10:9100` or `file:/dev/usb/lp0`. termpos builds every byte
itself (core.escpos, or devices.raster for charset "raster") and sends it with
python-escpos's `_raw`. Only the serial connection
has a status channel (DLE EOT); the others report "unknown".
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from termpos.core import escpos
from termpos.core.charsets import RASTER
from termpos.core.config import PrinterSettings
from termpos.core.connection import Connection, parse_connection
from termpos.core.errors import TermposError
from termpos.core.print_blocks import Block
from termpos.core.printer_status import QUERIES, PrinterState, decode_status
from termpos.core.receipt import ReceiptData
from termpos.core.receipt_layout import layout_receipt
from termpos.devices.escpos_import import load_escpos

__all__ = ["Connection", "PrinterError", "ReceiptPrinter", "parse_connection"]
WRITE_TIMEOUT_S = 10.0


class PrinterError(TermposError):
    """The printer cannot be reached or stopped taking data; `state` says how."""

    def __init__(self, state: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.state = state


class ReceiptPrinter:
    """One printer: open, ask its status, send bytes, print receipts, kick the drawer."""

    def __init__(self, settings: PrinterSettings, *, connection: str | None = None,
                 charset: str | None = None) -> None:
        self.settings = settings
        self.connection = parse_connection(connection or settings.connection)
        self.charset = escpos.check_charset(charset or settings.charset)
        self.columns = settings.columns
        self._device: Any = None
        self._raster: Any = None

    @property
    def has_status(self) -> bool:
        """True when the printer can answer DLE EOT (serial)."""
        return self.connection.kind == "serial"

    def open(self) -> None:
        """Opens the connection; PrinterError("gone") when the printer is not there."""
        if self.connection.kind == "none":
            raise PrinterError("none", "no printer is configured ([printer] connection)")
        if self._device is not None:
            return
        mod = load_escpos()
        c = self.connection
        dev: Any = None
        try:
            if c.kind == "serial":
                rtscts = self.settings.flow_control == "rtscts"
                dev = mod.Serial(devfile=c.target, baudrate=self.settings.baudrate,
                                 timeout=self.settings.status_timeout_ms / 1000,
                                 xonxoff=self.settings.flow_control == "xonxoff", dsrdtr=False)
                dev.open()
                dev.device.write_timeout = WRITE_TIMEOUT_S
                if rtscts:
                    dev.device.rtscts = True
            elif c.kind == "usb":
                if not mod.Usb.is_usable():  # checked first: a failed Usb() breaks in __del__
                    raise PrinterError(
                        "gone",
                        "printer {connection}: USB printing needs the pyusb package (pip install "
                        "pyusb)",
                        connection=c,
                    )
                dev = mod.Usb(c.vendor, c.product)
                dev.open()
            elif c.kind == "tcp":
                dev = mod.Network(c.target, c.port, timeout=WRITE_TIMEOUT_S)
                dev.open()
            else:
                dev = mod.File(c.target)
                dev.open()
        except PrinterError:
            raise
        except Exception as exc:  # escpos raises DeviceNotFoundError, RuntimeError, OSError
            with contextlib.suppress(Exception):
                dev._device = False
            raise PrinterError(
                "gone",
                "printer {connection}: cannot open ({why})",
                connection=c, why=_why(exc),
            ) from exc
        self._device = dev

    def close(self, *, discard: bool = False) -> None:
        """Closes the connection; discard drops unsent bytes (the printer is gone or stuck).

        Errors from a vanished printer are ignored.
        """
        dev, self._device = self._device, None
        if dev is None:
            return
        if discard and self.has_status:
            with contextlib.suppress(Exception):
                dev.device.reset_output_buffer()  # do not wait to flush to a dead port
        try:
            dev.close()
        except Exception:
            pass  # the port vanished under us
        finally:
            dev._device = False  # so escpos's __del__ does not try (and fail) again

    def __enter__(self) -> ReceiptPrinter:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, data: bytes) -> None:
        """Sends raw bytes; PrinterError when the printer stops taking them."""
        self.open()
        try:
            self._device._raw(data)
            drained = self._drain() if self.has_status else True
        except Exception as exc:
            self.close(discard=True)
            raise PrinterError(
                "gone",
                "printer {connection}: {why}",
                connection=self.connection, why=_why(exc),
            ) from exc
        if not drained:
            self.close(discard=True)
            raise PrinterError(
                "offline",
                "printer {connection}: not taking data",
                connection=self.connection,
            )

    def _drain(self) -> bool:
        """Waits (bounded, unlike tcdrain) until the serial output queue is empty."""
        port = self._device.device
        end = time.monotonic() + WRITE_TIMEOUT_S
        while port.out_waiting:
            if time.monotonic() > end:
                return False
            time.sleep(0.005)
        return True

    def status(self) -> PrinterState:
        """Asks DLE EOT 1, 2, 4 on serial; no reply within the timeout is "unknown"."""
        if not self.has_status:
            return PrinterState("unknown", f"no status channel on {self.connection.kind}")
        try:
            self.open()
            port = self._device.device
            port.timeout = self.settings.status_timeout_ms / 1000
            port.reset_input_buffer()
            replies: dict[int, int | None] = {}
            for n in QUERIES:
                port.write(escpos.status_request(n))
                answer = port.read(1)
                replies[n] = answer[0] if answer else None
                if not answer:
                    break
        except PrinterError as exc:
            return PrinterState(exc.state, str(exc))
        except Exception as exc:
            self.close(discard=True)
            return PrinterState("gone", f"printer {self.connection}: {_why(exc)}")
        return decode_status(replies)

    def render(self, blocks: list[Block]) -> bytes:
        """The ESC/POS bytes of laid-out blocks for this printer's character set."""
        if self.charset != RASTER:
            return escpos.render(blocks, self.charset)
        from termpos.devices.raster import PAPER_DOTS, RasterText

        try:
            if self._raster is None:
                dots = PAPER_DOTS.get(self.settings.paper_mm, 576)
                self._raster = RasterText(self.columns, dots, self.settings.raster_font)
            return escpos.render(blocks, self.charset, self._raster)
        except (ValueError, OSError, ImportError) as exc:  # a font problem, not the job's
            raise PrinterError("config", "printer charset raster: {error}", error=exc) from exc

    def print_blocks(self, blocks: list[Block]) -> None:
        """Prints laid-out blocks in the configured character set."""
        self.send(self.render(blocks))

    def print_receipt(self, receipt: ReceiptData, *, qr: str = "") -> None:
        """Lays out and prints one receipt."""
        self.print_blocks(layout_receipt(receipt, self.columns, qr=qr))

    def kick_drawer(self) -> None:
        """Opens the cash drawer (ESC p on pin 2); callers check that it is allowed."""
        self.send(escpos.drawer_pulse(0))


def _why(exc: BaseException) -> str:
    text = str(exc).strip().replace("\n", " ")
    return text[:160] or type(exc).__name__
