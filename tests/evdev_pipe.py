"""Test helpers: real `struct input_event` bytes through a pipe into evdev's own reader."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable

from evdev import eventio

# struct input_event on 64-bit Linux: struct timeval (two longs), __u16 type, __u16 code,
# __s32 value = 24 bytes, exactly what evdev's C reader expects.
EVENT = struct.Struct("llHHi")
EV_MSC, MSC_SCAN = 4, 4


class PipeDevice(eventio.EventIO):
    """An evdev EventIO whose fd is the read end of a pipe: evdev's read() works on it."""

    def __init__(self, fd: int, path: str = "pipe", name: str = "Test Scanner") -> None:
        self.fd = fd
        self.path = path
        self.name = name
        self.grabbed = False

    def grab(self) -> None:
        self.grabbed = True

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def pack(events: Iterable[tuple[int, int, int, int]]) -> bytes:
    """Packs (time_us, type, code, value) events into input_event bytes."""
    return b"".join(EVENT.pack(t // 1_000_000, t % 1_000_000, ty, code, value)
                    for t, ty, code, value in events)


def unpack(data: bytes) -> list[tuple[int, int, int, int]]:
    """Reads input_event bytes back into (time_us, type, code, value) events."""
    out = []
    for sec, usec, ty, code, value in EVENT.iter_unpack(data):
        out.append((sec * 1_000_000 + usec, ty, code, value))
    return out


def make_pipe() -> tuple[PipeDevice, int]:
    """A PipeDevice (non-blocking, as evdev opens devices) and the write end."""
    r, w = os.pipe()
    os.set_blocking(r, False)
    return PipeDevice(r), w
