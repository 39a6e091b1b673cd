"""Provides `termpos devices`: list input devices and serial ports; try a scanner."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, err_console
from termpos.core.errors import UsageError

app = typer.Typer(help="Barcode scanners and serial ports.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command("list")
def list_devices(
    input_dir: Annotated[str, typer.Option("--input-dir", hidden=True)] = "/dev/input",
) -> None:
    """List input devices (with names and stable by-id paths) and serial ports."""
    from termpos.devices.inputs import list_inputs, list_serial_ports
    from termpos.devices.scanner import PERMISSION_FIX

    inputs = list_inputs(input_dir)
    typer.echo("input devices:")
    if not inputs:
        why = "has no event devices" if os.path.isdir(input_dir) else "does not exist"
        typer.echo(f"  none ({input_dir} {why})")
    for i in inputs:
        name = i.name or f"({i.error})"
        typer.echo(f"  {i.path:<20} {name:<32} {i.by_id}".rstrip())
    if any(i.error == "permission denied" for i in inputs):
        typer.echo(f"  permission denied: {PERMISSION_FIX}")
    ports = list_serial_ports()
    typer.echo("serial ports:")
    if not ports:
        typer.echo("  none found")
    for p in ports:
        typer.echo(f"  {p.device:<20} {p.description:<32} {p.hwid}".rstrip())


@app.command("scan-test")
def scan_test(
    device: Annotated[list[str] | None, typer.Option(
        "--device", help="Input device path (repeatable); default: [scanner] in the config.")
    ] = None,
    keymap: Annotated[str | None, typer.Option("--keymap", help="us, uk, de or fr.")] = None,
    count: Annotated[int, typer.Option("--count", help="Stop after this many scans (0: no limit).")
                     ] = 0,
    seconds: Annotated[float, typer.Option("--seconds", help="Stop after this long (0: Ctrl+C).")
                       ] = 0,
    replay: Annotated[str | None, typer.Option(
        "--replay", help="Decode a recorded stream of input_event records instead.")] = None,
) -> None:
    """Show each decoded scan with its timing, until Ctrl+C (or --count / --seconds)."""
    from dataclasses import replace

    from termpos.core.keymap import LAYOUTS
    from termpos.core.scan_decoder import Scan
    from termpos.devices.scanner import Opener, ScannerReader, ScannerStatus, open_evdev

    settings = GLOBALS.settings().scanner
    if keymap is not None:
        if keymap not in LAYOUTS:
            raise UsageError("--keymap: expected one of {layouts}", layouts=', '.join(LAYOUTS))
        settings = replace(settings, keymap=keymap)
    opener: Opener = open_evdev
    if replay is not None:
        if not os.path.isfile(replay):
            raise UsageError("--replay {replay}: no such file", replay=replay)
        from termpos.devices.replay import ReplaySource

        settings, opener = replace(settings, devices=(replay,)), ReplaySource
    elif device:
        settings = replace(settings, devices=tuple(device))
    if not settings.devices and not settings.name_pattern:
        raise UsageError("no scanner configured: give --device PATH (see `termpos devices "
                         "list`) or set [scanner] devices / name_pattern in the config")
    done = threading.Event()
    start = time.monotonic()
    last = [start]
    seen = [0]

    def on_detail(scan: Scan, source: str) -> None:
        now = time.monotonic()
        seen[0] += 1
        typer.echo(
            f"{now - start:8.3f} s  {scan.code}  ({len(scan.code)} chars, typed in "
            f"{scan.duration_ms} ms, {1000 * (now - last[0]):.0f} ms since last)  {source}")
        last[0] = now
        if count and seen[0] >= count:
            done.set()

    def on_status(status: ScannerStatus) -> None:
        err_console.print(f"scanner {status}", highlight=False, markup=False)
        if replay is not None and status.state == "disconnected":
            done.set()  # the recording ended

    reader = ScannerReader(settings, lambda code, source: None, on_status,
                           on_detail=on_detail, opener=opener)
    reader.start()
    try:
        done.wait(seconds or None)
    except KeyboardInterrupt:
        pass
    finally:
        reader.stop()
    err_console.print(f"{seen[0]} scan(s)", highlight=False)
    sys.stdout.flush()
