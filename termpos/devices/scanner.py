"""Provides ScannerReader: reads USB barcode scanners through evdev in a background thread.

Each scanner is grabbed, so its keystrokes never reach the terminal, and decoded by its own
ScanDecoder. Every finished scan calls `on_scan(code, source)`; every change of a device's
state calls `on_status(ScannerStatus)`. An unplugged scanner is looked for again every
`retry_seconds` seconds (0.5 by default), so a re-plugged one is back within 2 s.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from termpos.core.config import ScannerSettings
from termpos.core.scan_decoder import Scan, ScanDecoder
from termpos.devices.inputs import find_by_name

log = logging.getLogger(__name__)

UDEV_RULE = "scripts/99-termpos-scanner.rules"
PERMISSION_FIX = (
    "add the till's user to the 'input' group (sudo usermod -aG input USER, then log in "
    f"again) or install {UDEV_RULE} into /etc/udev/rules.d/"
)


@dataclass(frozen=True)
class ScannerStatus:
    """The state of one scanner: connected, disconnected, permission denied, busy, none."""

    source: str
    state: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.state}" + (f" ({self.detail})" if self.detail else "")


class EventSource(Protocol):
    """What the reader needs from an open input device (evdev.InputDevice fits)."""

    fd: int

    def read(self) -> Iterable[Any]: ...
    def grab(self) -> None: ...
    def close(self) -> None: ...


Opener = Callable[[str], EventSource]
OnScan = Callable[[str, str], None]
OnStatus = Callable[[ScannerStatus], None]
OnDetail = Callable[[Scan, str], None]


def open_evdev(path: str) -> EventSource:
    """Opens an input device with evdev and grabs it for this process alone.

    A named pipe (FIFO) is read as a recorded event stream instead, without a grab: a
    simulation or a test writes real `struct input_event` bytes into it.
    """
    if stat.S_ISFIFO(os.stat(path).st_mode):
        from termpos.devices.replay import ReplaySource

        return ReplaySource(path)
    import evdev

    device = evdev.InputDevice(path)
    try:
        device.grab()
    except OSError:
        device.close()
        raise
    return device


class ScannerReader:
    """Reads the configured scanners in one daemon thread until stop()."""

    def __init__(
        self,
        settings: ScannerSettings,
        on_scan: OnScan | None = None,
        on_status: OnStatus | None = None,
        *,
        on_detail: OnDetail | None = None,
        opener: Opener = open_evdev,
        finder: Callable[[str], list[str]] = find_by_name,
        retry_seconds: float = 0.5,
    ) -> None:
        self.settings = settings
        self.on_scan, self.on_status, self.on_detail = on_scan, on_status, on_detail
        self._open, self._find, self.retry_seconds = opener, finder, retry_seconds
        self._devices: dict[str, EventSource] = {}
        self._decoders: dict[str, ScanDecoder] = {}
        self._states: dict[str, ScannerStatus] = {}
        self._stop = threading.Event()
        self._wake_r, self._wake_w = -1, -1
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        """True when a device path or a name pattern is set (else keyboard-wedge mode)."""
        return bool(self.settings.devices or self.settings.name_pattern)

    def start(self, on_scan: OnScan | None = None) -> None:
        """Starts the reading thread (does nothing in keyboard-wedge mode).

        `on_scan` replaces the constructor's callback (the till's ScannerPort calls it so).
        """
        if on_scan is not None:
            self.on_scan = on_scan
        if not self.configured or self._thread is not None:
            return
        self._stop.clear()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="termpos-scanner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stops the thread, ungrabs and closes every device."""
        self._stop.set()
        if self._wake_w >= 0:
            os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        for path in list(self._devices):
            self._close(path)
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def states(self) -> list[ScannerStatus]:
        """The last known state of every scanner."""
        with self._lock:
            return list(self._states.values())

    def state(self) -> str:
        """One word or two for the status bar: ok, keyboard, disconnected, permission denied."""
        if not self.configured:
            return "keyboard"
        states = self.states()
        if not states:
            return "looking"
        if all(s.state == "connected" for s in states):
            return "ok" if len(states) == 1 else f"{len(states)} ok"
        return next(s for s in states if s.state != "connected").state

    def status_text(self) -> str:
        """One short line for a status bar: "scanner: ok"."""
        state = self.state()
        return ("scanners: " if state[0].isdigit() else "scanner: ") + state

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        next_look = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_look:
                self._open_missing()
                next_look = now + self.retry_seconds
            by_fd = {dev.fd: path for path, dev in self._devices.items()}
            try:
                ready, _, _ = select.select([self._wake_r, *by_fd], [], [], self.retry_seconds)
            except (OSError, ValueError):
                ready = []
                for path in by_fd.values():
                    self._lost(path, "device closed")
            for fd in ready:
                if fd == self._wake_r:
                    continue
                path = by_fd[fd]
                if path in self._devices:
                    self._read(path)

    def _targets(self) -> list[str]:
        if self.settings.devices:
            return list(self.settings.devices)
        try:  # auto-detect: look again each time, so a second scanner is found too
            found = self._find(self.settings.name_pattern)
        except PermissionError:
            self._set(ScannerStatus("scanner", "permission denied", PERMISSION_FIX))
            return []
        if not found and not self._states:
            self._set(ScannerStatus("scanner", "not found",
                                    f"no input device name matches {self.settings.name_pattern!r}"))
        return found

    def _open_missing(self) -> None:
        for path in self._targets():
            if path in self._devices:
                continue
            try:
                device = self._open(path)
            except PermissionError:
                self._set(ScannerStatus(path, "permission denied", PERMISSION_FIX))
                continue
            except FileNotFoundError:
                was = self._states.get(path)
                state = "disconnected" if was and was.state != "not found" else "not found"
                self._set(ScannerStatus(path, state, "waiting for it to be plugged in"))
                continue
            except OSError as exc:
                if exc.errno == errno.EBUSY:
                    self._set(ScannerStatus(path, "busy", "another program has grabbed it"))
                else:
                    self._set(ScannerStatus(path, "disconnected", exc.strerror or str(exc)))
                continue
            self._devices[path] = device
            self._decoders[path] = ScanDecoder(
                self.settings.keymap, self.settings.terminator, self.settings.prefix,
                self.settings.suffix,
            )
            if not self.settings.devices:  # auto-detected: forget the old event paths
                with self._lock:
                    for old in [p for p in self._states if p not in self._devices]:
                        del self._states[old]
            self._set(ScannerStatus(path, "connected"))

    def _read(self, path: str) -> None:
        device = self._devices[path]
        try:
            events = list(device.read())
        except BlockingIOError:
            return
        except OSError as exc:
            self._lost(path, exc.strerror or str(exc))
            return
        if not events:  # end of file: the device went away
            self._lost(path, "unplugged")
            return
        decoder = self._decoders[path]
        for event in events:
            scan = decoder.feed(event.type, event.code, event.value,
                                event.sec * 1_000_000 + event.usec)
            if scan is not None:
                self._deliver(scan, path)

    def _deliver(self, scan: Scan, path: str) -> None:
        try:
            if self.on_detail is not None:
                self.on_detail(scan, path)
            if self.on_scan is not None:
                self.on_scan(scan.code, path)
        except Exception:  # a broken callback must not stop the scanner
            log.exception("scan callback failed")

    def _lost(self, path: str, why: str) -> None:
        self._close(path)
        self._set(ScannerStatus(path, "disconnected", why))

    def _close(self, path: str) -> None:
        device = self._devices.pop(path, None)
        self._decoders.pop(path, None)
        if device is not None:
            with contextlib.suppress(OSError):
                device.close()

    def _set(self, status: ScannerStatus) -> None:
        with self._lock:
            if self._states.get(status.source) == status:
                return
            self._states[status.source] = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("scanner status callback failed")
