"""Provides WedgeDetector: tells a scanner typing into the terminal from a person typing.

Without an evdev scanner, a keyboard-wedge scanner types into the terminal like a keyboard,
only much faster: every key within `max_gap_ms` of the previous one, then Enter. A person
types slower. The till feeds each printable key and Enter with a timestamp.
"""

from __future__ import annotations

MIN_SCAN_LENGTH = 4


class WedgeDetector:
    """Collects fast key bursts; Enter after a burst of at least 4 keys is a scan."""

    def __init__(self, max_gap_ms: int = 50, min_length: int = MIN_SCAN_LENGTH) -> None:
        self.max_gap_ms, self.min_length = max_gap_ms, min_length
        self._chars: list[str] = []
        self._last_ms = -1

    def key(self, char: str, time_ms: int) -> None:
        """A printable key arrived; a slow one starts a new burst."""
        if self._last_ms >= 0 and time_ms - self._last_ms > self.max_gap_ms:
            self._chars.clear()
        self._chars.append(char)
        self._last_ms = time_ms

    def enter(self, time_ms: int) -> str | None:
        """Enter arrived: returns the scanned code if the keys before it were a scan."""
        chars, last = self._chars, self._last_ms
        self._chars, self._last_ms = [], -1
        fast = last >= 0 and time_ms - last <= self.max_gap_ms
        if fast and len(chars) >= self.min_length:
            return "".join(chars)
        return None
