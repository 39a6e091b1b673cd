"""Provides ScanDecoder: key events from a scanner in, one barcode string per scan out.

It sees the raw (type, code, value) triples of Linux input events: key-down (1) and key-up
(0) move Shift/AltGr/Caps Lock; autorepeat (2) and non-key events are ignored; Enter, keypad
Enter or the configured terminator ends a scan. Pure: the devices layer feeds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from termpos.core import keymap as k

EV_KEY = 1
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
_SHIFTS = {k.KEY_LEFTSHIFT, k.KEY_RIGHTSHIFT}
_CTRLS = {k.KEY_LEFTCTRL, k.KEY_RIGHTCTRL}
TERMINATORS: dict[str, frozenset[int]] = {
    "enter": frozenset({k.KEY_ENTER, k.KEY_KPENTER}),
    "tab": frozenset({k.KEY_ENTER, k.KEY_KPENTER, k.KEY_TAB}),
}
# A half-typed code older than this is dropped when the next key arrives (a lost Enter).
STALE_GAP_US = 1_000_000


@dataclass(frozen=True)
class Scan:
    """One decoded scan: the code and how long the scanner took to type it."""

    code: str
    started_us: int
    ended_us: int

    @property
    def duration_ms(self) -> int:
        """Milliseconds from the first key to the terminator."""
        return (self.ended_us - self.started_us) // 1000


class ScanDecoder:
    """Turns a stream of input events into scans, keeping modifier state between them."""

    def __init__(self, layout: str = "us", terminator: str = "enter", prefix: str = "",
                 suffix: str = "") -> None:
        self.keymap = k.Keymap(layout)
        if terminator not in TERMINATORS:
            raise ValueError(f"unknown terminator {terminator!r}")
        self._ends = TERMINATORS[terminator]
        self.prefix, self.suffix = prefix, suffix
        self._shift: set[int] = set()
        self._ctrl: set[int] = set()
        self._altgr = False
        self._caps = False
        self._buffer: list[str] = []
        self._started_us = 0
        self._last_us = 0

    def reset(self) -> None:
        """Forgets a half-typed code and held modifiers (after an unplug)."""
        self._shift.clear()
        self._ctrl.clear()
        self._altgr = False
        self._buffer.clear()

    def feed(self, etype: int, code: int, value: int, time_us: int = 0) -> Scan | None:
        """Takes one input event; returns a Scan when it ends one, else None."""
        if etype != EV_KEY or value == KEY_REPEAT:
            return None
        down = value == KEY_DOWN
        if code in _SHIFTS:
            (self._shift.add if down else self._shift.discard)(code)
            return None
        if code in _CTRLS:
            (self._ctrl.add if down else self._ctrl.discard)(code)
            return None
        if code == k.KEY_RIGHTALT:
            self._altgr = down
            return None
        if not down:
            return None
        if code == k.KEY_CAPSLOCK:
            self._caps = not self._caps
            return None
        if self._buffer and time_us and time_us - self._last_us > STALE_GAP_US:
            self._buffer.clear()
        if code in self._ends:
            return self._finish(time_us)
        if self._ctrl:
            return None
        ch = self.keymap.char(code, shift=bool(self._shift), caps=self._caps,
                              altgr=self._altgr)
        if ch is None:
            return None
        if not self._buffer:
            self._started_us = time_us
        self._buffer.append(ch)
        self._last_us = time_us
        return None

    def _finish(self, time_us: int) -> Scan | None:
        text = "".join(self._buffer)
        self._buffer.clear()
        text = strip_affixes(text, self.prefix, self.suffix)
        if not text:
            return None
        return Scan(text, self._started_us, time_us)


def strip_affixes(text: str, prefix: str, suffix: str) -> str:
    """Removes the configured prefix and suffix when the scan carries them."""
    if prefix and text.startswith(prefix):
        text = text[len(prefix):]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text


def key_events(text: str, layout: str = "us", *, start_us: int = 0, step_us: int = 2000,
               terminator: int = k.KEY_ENTER) -> list[tuple[int, int, int, int]]:
    """The (time_us, type, code, value) events a scanner sends to type text and Enter.

    Shift is pressed around shifted characters, each key goes down then up, and every
    report ends with a SYN event (type 0), as a real HID keyboard does.
    """
    keys = k.Keymap(layout)
    events: list[tuple[int, int, int, int]] = []
    t = start_us

    def emit(etype: int, code: int, value: int) -> None:
        nonlocal t
        events.append((t, etype, code, value))
        if etype == EV_KEY:
            events.append((t, 0, 0, 0))
            t += step_us

    for code, shift in [*keys.codes_for(text), (terminator, False)]:
        if shift:
            emit(EV_KEY, k.KEY_LEFTSHIFT, KEY_DOWN)
        emit(EV_KEY, code, KEY_DOWN)
        emit(EV_KEY, code, KEY_UP)
        if shift:
            emit(EV_KEY, k.KEY_LEFTSHIFT, KEY_UP)
    return events
