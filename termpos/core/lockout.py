"""Provides the lockout rule: after five wrong PINs a user waits, longer each time."""

from __future__ import annotations

import datetime as dt

MAX_ATTEMPTS = 5
BASE_DELAY_S = 30
MAX_DELAY_S = 3600


def lock_delay(failed_attempts: int) -> int:
    """Seconds a user is locked after this many consecutive failures (0 below the limit).

    Five failures lock for 30 s; every further failure doubles it, up to an hour.
    """
    if failed_attempts < MAX_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (failed_attempts - MAX_ATTEMPTS)))


def locked_until(now: dt.datetime, failed_attempts: int) -> dt.datetime | None:
    """When the lock ends, or None when this many failures do not lock."""
    delay = lock_delay(failed_attempts)
    return now + dt.timedelta(seconds=delay) if delay else None
