"""Provides the till's session rules: when an idle till locks and who may unlock it."""

from __future__ import annotations

import datetime as dt

# Roles that may unlock a till locked by someone else (the same user always may).
UNLOCK_ROLES: frozenset[str] = frozenset({"manager", "admin"})


def idle_expired(last_activity: dt.datetime, now: dt.datetime, idle_seconds: int) -> bool:
    """Tells whether the till has been idle long enough to lock (0 seconds = never)."""
    if idle_seconds <= 0:
        return False
    return (now - last_activity).total_seconds() >= idle_seconds


def may_unlock(locked_user_id: int, unlocker_id: int, unlocker_role: str) -> bool:
    """The locked user may unlock their own till; otherwise only a manager or an admin."""
    return unlocker_id == locked_user_id or unlocker_role in UNLOCK_ROLES
