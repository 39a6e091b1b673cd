"""Provides `termpos till`: starts the cashier's Textual app (imported only here).

The print spool worker and the scanner reader come from services.hardware.till_devices,
imported only when a printer or a scanner is configured, so a till without devices never
loads escpos or evdev; with them, those load lazily inside the device threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from termpos.cli.common import GLOBALS
from termpos.services.runtime import Runtime

if TYPE_CHECKING:
    from termpos.devices.scanner import ScannerReader
    from termpos.services.hardware import TillDevices


def wants_devices(rt: Runtime) -> bool:
    """True when the settings name a printer or a scanner device."""
    scanner = rt.settings.scanner
    return rt.has_printer or bool(scanner.devices or scanner.name_pattern)


def scanner_factory(reader: ScannerReader) -> Callable[[Callable[[str, str], None]],
                                                        ScannerReader]:
    """The app's ScannerFactory over a built reader: hands it the till's on_scan callback."""
    def build(on_scan: Callable[[str, str], None]) -> ScannerReader:
        reader.on_scan = on_scan
        return reader
    return build


def open_devices(rt: Runtime) -> TillDevices | None:
    """The started spool worker and the scanner reader, or None without any device."""
    if not wants_devices(rt):
        return None
    from termpos.services.hardware import till_devices

    return till_devices(rt)


def run_till() -> None:
    """Opens the store and runs the till (with its printer and scanner) until the cashier quits."""
    rt = GLOBALS.runtime()
    from termpos.app import make_app

    devices = open_devices(rt)
    printer = devices.printer if devices is not None else None
    reader = devices.scanner if devices is not None else None
    try:
        make_app(rt, printer=printer,
                 scanner=scanner_factory(reader) if reader is not None else None).run()
    finally:
        if devices is not None:
            devices.stop()


def till() -> None:
    """Run the till (what a bare `termpos` does)."""
    run_till()
