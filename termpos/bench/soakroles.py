"""Provides the processes of the simulated shop day: the till, the reporter, the importer.

    python -m termpos.bench.soakroles till --db DB --fifo FIFO --printer serial:/dev/pts/N --out F
    python -m termpos.bench.soakroles reports --db DB --stop FILE --out F
    python -m termpos.bench.soakroles importer --db DB --stop FILE --out F PRICES.csv ...

The till reads real input_event bytes from the FIFO through the devices layer (ScannerReader),
rings each scan up with basket.scan, completes the sale with checkout.complete_sale on the
code TOTAL, and prints through the spool worker; END stops it. Each role writes what it did as
JSON; errors also go to stderr, which the soak reads afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import queue
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

TOTAL = "#TOTAL"
END = "#END"


def _error(errors: list[str], what: str, exc: BaseException) -> None:
    text = f"{what}: {type(exc).__name__}: {exc}"
    errors.append(text)
    sys.stderr.write(text + "\n" + traceback.format_exc())
    sys.stderr.flush()


def till(db: str, fifo: str, printer: str, out: Path, drain_s: float) -> dict[str, Any]:
    """Rings up scans from the FIFO until END; returns what it did."""
    from termpos.core.config import PrinterSettings, ScannerSettings, Settings
    from termpos.core.errors import NotFound
    from termpos.core.scan_decoder import Scan
    from termpos.core.tenders import TenderInput
    from termpos.devices.escpos_import import quiet_logging
    from termpos.devices.scanner import ScannerReader
    from termpos.services import spool
    from termpos.services.basket import scan, start_basket
    from termpos.services.checkout import complete_sale, quote
    from termpos.services.hardware import printer_factory
    from termpos.services.runtime import open_runtime
    from termpos.services.spool_worker import SpoolStatus, SpoolWorker
    from termpos.services.users import get_user, to_info

    quiet_logging()
    base = Settings()
    settings = dataclasses.replace(
        base, till_id="T9", scanner=ScannerSettings(devices=(fifo,)),
        printer=dataclasses.replace(PrinterSettings(), connection=printer, status_timeout_ms=300))
    rt = open_runtime(settings, db)
    user = to_info(get_user("bench"))
    scans: queue.Queue[tuple[str, int]] = queue.Queue()

    def on_detail(found: Scan, _source: str) -> None:
        scans.put((found.code, found.ended_us))

    seen = {"max_unprinted": 0, "printer_faults": 0}

    def on_spool(status: SpoolStatus) -> None:
        seen["max_unprinted"] = max(seen["max_unprinted"], status.unprinted)
        if status.printer.state not in ("ok", "unknown"):
            seen["printer_faults"] += 1

    reader = ScannerReader(settings.scanner, on_detail=on_detail, retry_seconds=0.2)
    worker = SpoolWorker(rt, printer_factory(rt), on_spool, backoff_seconds=(0.5, 1.0, 2.0),
                         poll_seconds=1.0, idle_check_seconds=5.0)
    worker.start()
    reader.start()
    sales: list[dict[str, Any]] = []
    scan_ms: list[float] = []
    errors: list[str] = []
    not_found = 0
    basket: int | None = None
    lines = 0
    while True:
        code, ended_us = scans.get()
        if code == END:
            break
        try:
            if code == TOTAL:
                if basket is None:
                    errors.append("TOTAL without a basket")
                    continue
                totals, _settled = quote(rt, basket)
                done = complete_sale(rt, basket, user, [TenderInput("cash", totals.total)])
                worker.wake()
                sales.append({"number": done.number, "lines": lines, "total": done.total})
                basket, lines = None, 0
                continue
            if basket is None:
                basket = start_basket(rt, user).id
            scan(rt, basket, code)
            scan_ms.append(time.time() * 1000 - ended_us / 1000)
            lines += 1
        except NotFound:
            not_found += 1
        except Exception as exc:
            _error(errors, f"till {code}", exc)
    reader.stop()
    deadline = time.monotonic() + drain_s
    while spool.count_unprinted(rt) and time.monotonic() < deadline:
        worker.wake()
        time.sleep(0.2)
    worker.stop()
    return {"sales": sales, "scan_ms": scan_ms, "not_found": not_found, "errors": errors,
            "unprinted_at_exit": spool.count_unprinted(rt), **seen}


def reports(db: str, stop: Path, pause_s: float) -> dict[str, Any]:
    """Runs every report over and over (read-only) until the stop file appears."""
    from termpos.bench.reportbench import last_day, report_calls
    from termpos.core.config import Settings
    from termpos.services.runtime import open_runtime

    rt = open_runtime(Settings(), db, read_only=True)
    runs, worst_ms, errors = 0, 0.0, list[str]()
    while not stop.exists():
        for name, call in report_calls(last_day(rt)).items():
            t0 = time.perf_counter()
            try:
                call(rt)
                runs += 1
            except Exception as exc:
                _error(errors, f"report {name}", exc)
            worst_ms = max(worst_ms, (time.perf_counter() - t0) * 1000)
            if stop.exists():
                break
            time.sleep(pause_s)
    return {"runs": runs, "worst_ms": worst_ms, "errors": errors}


def importer(db: str, stop: Path, files: list[str], every_s: float) -> dict[str, Any]:
    """Runs the real `termpos import products FILE` in turn over the files until stopped."""
    runs, seconds, errors = 0, list[float](), list[str]()
    i = 0
    next_at = time.monotonic() + every_s / 2
    while not stop.exists():
        if time.monotonic() < next_at:
            time.sleep(0.1)
            continue
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "termpos", "--db", db, "import", "products",
                               files[i % len(files)]], capture_output=True, text=True,
                              check=False)
        seconds.append(time.perf_counter() - t0)
        runs += 1
        i += 1
        if done.returncode != 0:
            errors.append(f"import exit {done.returncode}: {done.stderr.strip()[-300:]}")
        if done.stderr.strip():
            sys.stderr.write(done.stderr)
        next_at = time.monotonic() + every_s
    return {"runs": runs, "seconds": seconds, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    """Runs one role and writes its result as JSON."""
    ap = argparse.ArgumentParser(prog="termpos.bench.soakroles")
    ap.add_argument("role", choices=("till", "reports", "importer"))
    ap.add_argument("files", nargs="*")
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fifo", default="")
    ap.add_argument("--printer", default="none")
    ap.add_argument("--stop", default="")
    ap.add_argument("--drain", type=float, default=20.0)
    ap.add_argument("--pause", type=float, default=0.3)
    ap.add_argument("--every", type=float, default=15.0)
    args = ap.parse_intermixed_args(argv)
    out = Path(args.out)
    if args.role == "till":
        result = till(args.db, args.fifo, args.printer, out, args.drain)
    elif args.role == "reports":
        result = reports(args.db, Path(args.stop), args.pause)
    else:
        result = importer(args.db, Path(args.stop), args.files, args.every)
    out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
