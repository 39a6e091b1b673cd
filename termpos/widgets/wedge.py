"""Provides WedgeBuffer: tells a keyboard-wedge scan (fast digits, then Enter) from typing.

Pure logic with timestamps passed in, so it is tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_SCAN_LENGTH = 6


@dataclass
class Entry:
    """What Enter produced: a scanned code, or text the cashier typed."""

    text: str
    scanned: bool


@dataclass
class WedgeBuffer:
    """Collects typed characters with their times (seconds) until Enter."""

    max_gap_ms: int = 50
    chars: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What has been typed so far."""
        return "".join(self.chars)

    def feed(self, char: str, at_seconds: float) -> None:
        """Adds one typed character."""
        self.chars.append(char)
        self.times.append(at_seconds)

    def backspace(self) -> None:
        """Removes the last character."""
        if self.chars:
            self.chars.pop()
            self.times.pop()

    def clear(self) -> None:
        """Forgets everything typed."""
        self.chars.clear()
        self.times.clear()

    def enter(self, at_seconds: float) -> Entry:
        """Ends the entry: a scan when it is all digits, long enough and typed fast."""
        text = self.text
        gaps = [b - a for a, b in zip(self.times, [*self.times[1:], at_seconds], strict=False)]
        fast = bool(gaps) and max(gaps) * 1000 <= self.max_gap_ms
        scanned = fast and text.isdigit() and len(text) >= MIN_SCAN_LENGTH
        self.clear()
        return Entry(text, scanned)
