"""Provides ReplaySource: a recorded scanner stream (input_event bytes) read like a device.

Imported only by `termpos devices scan-test --replay`, so evdev loads only then.
"""

from __future__ import annotations

import os

from evdev import eventio


class ReplaySource(eventio.EventIO):
    """Reads a file of `struct input_event` records with evdev's own reader."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)

    def grab(self) -> None:
        """A file needs no grab."""

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
