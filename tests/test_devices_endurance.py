"""Endurance runs for the device threads (run with --run-slow)."""

from __future__ import annotations

import os
import queue
import time
from dataclasses import replace

import pytest

from termpos.core.config import ScannerSettings
from termpos.core.scan_decoder import key_events
from termpos.devices.scanner import ScannerReader
from termpos.services import spool
from termpos.services.runtime import Runtime
from termpos.services.spool_worker import SpoolStatus, SpoolWorker
from tests.evdev_pipe import pack
from tests.pty_printer import PtyPrinter
from tests.receipts import latin
from tests.test_scanner import Plug
from tests.test_spool import commit_sale, printer_for


@pytest.mark.slow
def test_two_thousand_scans_with_latency_p99_under_50_ms() -> None:
    got: queue.Queue[tuple[str, float]] = queue.Queue()
    plug = Plug()
    reader = ScannerReader(ScannerSettings(devices=("/dev/input/by-id/x",)),
                           lambda code, source: got.put((code, time.perf_counter())),
                           opener=plug, retry_seconds=0.1)
    reader.start()
    latencies = []
    try:
        w = plug.writers.get(timeout=2)
        for i in range(2000):
            code = f"{i:013d}"
            data = pack(key_events(code))
            sent = time.perf_counter()
            os.write(w, data)
            received, at = got.get(timeout=2)
            assert received == code
            latencies.append(at - sent)
    finally:
        reader.stop()
    latencies.sort()
    assert latencies[int(len(latencies) * 0.99)] < 0.050


@pytest.mark.slow
def test_a_hundred_receipts_through_faults(sqlite_rt: Runtime) -> None:
    pty = PtyPrinter("paper out")
    statuses: queue.Queue[SpoolStatus] = queue.Queue()
    worker = SpoolWorker(sqlite_rt, lambda: printer_for(pty), statuses.put,
                         backoff_seconds=(0.05,), poll_seconds=0.05, idle_check_seconds=60)
    worker.start()
    try:
        for n in range(100):
            commit_sale(sqlite_rt, replace(latin(), number=f"T1-{n + 1:06d}"))
            worker.wake()
            if n == 50:
                pty.mode = "ok"
        end = time.monotonic() + 60
        while spool.count_unprinted(sqlite_rt) and time.monotonic() < end:
            time.sleep(0.1)
    finally:
        worker.stop()
    page = pty.page()
    pty.close()
    numbers = [bytes(data[2:]).decode() for _, data in page.barcodes]
    assert numbers == [f"T1-{n + 1:06d}" for n in range(100)]  # each once, in order
