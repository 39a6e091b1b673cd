"""Provides FakePrinter: a serial receipt printer played on a pseudo-terminal pair.

termpos opens the slave side by its /dev/pts path as a serial port; a thread reads the master,
counts paper cuts, and answers DLE EOT status requests: "ok", or "paper out" during the
out-of-paper spells of a schedule (the soak's printer runs out of paper now and then).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time

REPLIES: dict[str, dict[int, int]] = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},  # offline, paper end stop, sensor
}
CUTS = (b"\x1dV",)  # GS V: full or partial cut


class FakePrinter:
    """A printer on a pty; out of paper for `out_s` seconds every `every_s` seconds."""

    def __init__(self, every_s: float = 0.0, out_s: float = 0.0) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.every_s, self.out_s = every_s, out_s
        self.started = time.monotonic()
        self.bytes = 0
        self.cuts = 0
        self.paper_outs = 0
        self.status_asked = 0
        self._tail = b""
        self._state = 0  # 0: text, 1: after DLE, 2: after DLE EOT
        self._was_out = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-printer", daemon=True)
        self._thread.start()

    @property
    def connection(self) -> str:
        """The [printer] connection setting that reaches this printer."""
        return f"serial:{self.path}"

    def mode(self) -> str:
        """ "paper out" during a spell of the schedule, else "ok"."""
        if self.every_s <= 0 or self.out_s <= 0:
            return "ok"
        phase = (time.monotonic() - self.started) % self.every_s
        out = phase >= self.every_s - self.out_s
        if out and not self._was_out:
            self.paper_outs += 1
        self._was_out = out
        return "paper out" if out else "ok"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    self.mode()
                    continue
                chunk = os.read(self.master, 4096)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            self.bytes += len(chunk)
            window = self._tail + chunk
            self.cuts += sum(window.count(c) for c in CUTS) - sum(
                self._tail.count(c) for c in CUTS)
            self._tail = chunk[-1:]
            for b in chunk:
                self._watch(b)

    def _watch(self, b: int) -> None:
        if self._state == 2:
            self._state = 0
            self.status_asked += 1
            reply = REPLIES[self.mode()].get(b)
            if reply is not None:
                os.write(self.master, bytes([reply]))
        elif self._state == 1:
            self._state = 2 if b == 0x04 else 0
        elif b == 0x10:
            self._state = 1

    def close(self) -> None:
        """Stops the thread and closes both ends."""
        self._stop.set()
        self._thread.join(1)
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)
