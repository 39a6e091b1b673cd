"""The till with its devices: `termpos till` wires the spool and scanner; a sale prints."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from termpos.cli import till as till_cli
from termpos.core.clock import FixedClock
from termpos.core.config import PrinterSettings, ScannerSettings, Settings
from termpos.devices.scanner import ScannerReader
from termpos.models import PrintJob, Sale
from termpos.services.runtime import Runtime
from termpos.services.spool_worker import SpoolWorker
from tests.pty_printer import PtyPrinter
from tests.tillkit import build_template, burst, copy_store, login_and_open, pilot_test

WATER = "4710000000042"  # Sparkling water 1L, 1.29


@pytest.fixture(scope="module")
def till_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("till"))


@pytest.fixture
def store(till_template: Path, tmp_path: Path, clock: FixedClock, settings: Settings,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime]:
    rt = copy_store(till_template, tmp_path, clock, settings, monkeypatch)
    yield rt
    rt.db.close()


@pytest.fixture
def pty() -> Iterator[PtyPrinter]:
    p = PtyPrinter()
    yield p
    p.close()


def test_no_devices_configured_loads_no_device_library(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from termpos.core.config import Settings\n"
        "from termpos.cli.till import open_devices\n"
        "import termpos.app\n"
        "from termpos.services.runtime import Runtime\n"
        "print('DEVICES', open_devices(Runtime(Settings(), None, '')))\n"
        "print('LOADED', sorted(m for m in ('escpos', 'evdev', 'serial', "
        "'termpos.services.hardware') if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "DEVICES None" in r.stdout and "LOADED []" in r.stdout, r.stdout + r.stderr


def test_run_till_passes_the_spool_and_the_scanner(store: Runtime, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store.settings = dataclasses.replace(
        store.settings,
        printer=PrinterSettings(connection=f"file:{tmp_path / 'out.bin'}"),
        scanner=ScannerSettings(devices=(str(tmp_path / "no-such-event"),)))
    got: dict[str, Any] = {}

    class FakeApp:
        def run(self) -> None:
            got["ran"] = True

    def fake_make_app(rt: Runtime, **kwargs: Any) -> FakeApp:
        got.update(kwargs)
        return FakeApp()

    import termpos.app

    monkeypatch.setattr(till_cli.GLOBALS, "runtime", lambda: store)
    monkeypatch.setattr(termpos.app, "make_app", fake_make_app)
    till_cli.run_till()
    assert got["ran"] and isinstance(got["printer"], SpoolWorker)
    assert got["printer"]._thread is None  # stopped when the till ended
    scans: list[tuple[str, str]] = []
    reader = got["scanner"](lambda code, dev: scans.append((code, dev)))
    assert isinstance(reader, ScannerReader) and reader.configured
    reader.on_scan("123", "dev")
    assert scans == [("123", "dev")]


@pilot_test
async def test_a_cash_sale_prints_and_opens_the_drawer(store: Runtime, pty: PtyPrinter) -> None:
    from termpos.app import make_app
    from termpos.services.hardware import till_devices
    from termpos.widgets.status import StatusLine

    store.settings = dataclasses.replace(store.settings, printer=PrinterSettings(
        connection=pty.connection, charset="cp858", status_timeout_ms=150, drawer=True))
    devices = till_devices(store)
    assert devices.scanner is None and devices.printer is not None
    app = make_app(store, printer=devices.printer, console=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await login_and_open(pilot)
            await burst(pilot, WATER, enter=True)
            await pilot.press("f10", "enter")  # exact cash
            await pilot.pause()
            sale = Sale.get()
            for _ in range(100):  # the spool thread prints after the commit
                job = PrintJob.get(PrintJob.sale == sale.id)
                if job.status == "done" and pty.page().drawer_pulses:
                    break
                await asyncio.sleep(0.1)
            assert job.status == "done"
            page = pty.page()
            assert page.find("Sparkling water 1L") and page.find(sale.number)
            assert page.drawer_pulses  # a cash sale opens the drawer
            app.refresh_status()
            status = app.screen.query_one(StatusLine).status
            assert status.printer == "Printer: ready"
    finally:
        devices.stop()
