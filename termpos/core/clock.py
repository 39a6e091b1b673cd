"""Provides the clock: local wall time, injectable so tests and snapshots are stable."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the local wall time as a naive datetime."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The machine's local time, without tzinfo (what the shop's documents record)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone().replace(tzinfo=None)


class FixedClock:
    """A clock for tests: starts at a given time and moves only when told."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        """Moves the clock forward."""
        self.current += dt.timedelta(seconds=seconds)
