"""A fake serial receipt printer on a pseudo-terminal pair (os.openpty, no socat).

termpos opens the slave side by its /dev/pts path through python-escpos's Serial; this side
reads the master, keeps every byte, and answers DLE EOT status requests as the mode says:
"ok", "silent" (no reply), "paper out" or "cover open".
"""

from __future__ import annotations

import os
import select
import threading
import time

from tests.escpos_parser import Page, parse

REPLIES: dict[str, dict[int, int]] = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},  # offline, paper end stop, sensor
    "cover open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
}


class PtyPrinter:
    """One pseudo-terminal pair with a thread playing the printer."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.data = bytearray()
        self.status_asked = 0
        self._state = 0  # 0: text, 1: after DLE, 2: after DLE EOT
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def connection(self) -> str:
        return f"serial:{self.path}"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self.master, 4096)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            self.data += chunk
            for b in chunk:
                self._watch(b)

    def _watch(self, b: int) -> None:
        if self._state == 2:
            self._state = 0
            self.status_asked += 1
            reply = REPLIES.get(self.mode, {}).get(b)
            if reply is not None:
                os.write(self.master, bytes([reply]))
        elif self._state == 1:
            self._state = 2 if b == 0x04 else 0
        elif b == 0x10:
            self._state = 1

    def page(self, dbcs: str = "gb18030", settle: float = 0.2) -> Page:
        """Waits until no more bytes arrive, then parses what was printed."""
        size = -1
        while size != len(self.data):
            size = len(self.data)
            time.sleep(settle)
        return parse(bytes(self.data), dbcs)

    def unplug(self) -> None:
        """The peer goes away: the master side is closed."""
        self._stop.set()
        self._thread.join(1)
        os.close(self.master)

    def close(self) -> None:
        if not self._stop.is_set():
            self.unplug()
        os.close(self.slave)
