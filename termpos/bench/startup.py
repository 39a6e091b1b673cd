"""Provides start-up and memory measurements of real processes in a pseudo-terminal.

A process is started in a pty sized 80x24; it writes a time stamp to TERMPOS_READY_FILE when
its first screen is ready, and exits by itself when TERMPOS_EXIT_WHEN_READY is set.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

MINIMAL_APP = """
import os, time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("ready")
    def on_mount(self):
        self.call_after_refresh(self.ready)
    def ready(self):
        with open(os.environ["TERMPOS_READY_FILE"], "w") as fh:
            fh.write(repr(time.time()))
        if os.environ.get("TERMPOS_EXIT_WHEN_READY"):
            self.exit()

Minimal().run()
"""


def _drain(fd: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def run_until_ready(
    argv: list[str], env: dict[str, str], ready_file: Path, timeout: float = 60,
    keep_alive_s: float = 0.0,
) -> tuple[float, int]:
    """Starts argv in an 80x24 pty; returns (seconds to ready, RSS in KiB when ready)."""
    ready_file.unlink(missing_ok=True)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "TERMPOS_READY_FILE": str(ready_file),
                **env}
    if not keep_alive_s:
        full_env["TERMPOS_EXIT_WHEN_READY"] = "1"
    stop = threading.Event()
    drainer = threading.Thread(target=_drain, args=(master, stop), daemon=True)
    drainer.start()
    started = time.time()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=full_env,
                            start_new_session=True)
    os.close(slave)
    rss = 0
    try:
        deadline = started + timeout
        while not ready_file.exists() or not ready_file.read_text().strip():
            if proc.poll() is not None and not ready_file.exists():
                raise RuntimeError(f"{argv[-1]} exited with {proc.returncode} before ready")
            if time.time() > deadline:
                raise TimeoutError(f"{argv} not ready within {timeout} s")
            time.sleep(0.002)
        ready_at = float(ready_file.read_text())
        if keep_alive_s:
            time.sleep(keep_alive_s)
            rss = _rss_kib(proc.pid)
        proc.terminate()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stop.set()
        os.close(master)
    return ready_at - started, rss


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def minimal_argv(tmp: Path) -> list[str]:
    """The command line of the baseline: a minimal Textual app started like the till."""
    script = tmp / "minimal_app.py"
    script.write_text(MINIMAL_APP)
    return [sys.executable, str(script)]


def till_argv() -> list[str]:
    """The command line of the till."""
    return [sys.executable, "-m", "termpos", "till"]
