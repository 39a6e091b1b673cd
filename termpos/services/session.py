"""Provides the till's session safety: locking an idle till and who may unlock it.

The screen decides when to lock (idle time or a key); these rules decide who gets back in:
the same user with their PIN, or a manager with theirs. Both are journaled.
"""

from __future__ import annotations

import datetime as dt

from termpos.core.errors import PermissionDenied
from termpos.core.session import idle_expired, may_unlock
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.staff import authenticate
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


def should_lock(rt: Runtime, last_activity: dt.datetime) -> bool:
    """Tells whether the till has been idle for the configured idle_lock_seconds."""
    return idle_expired(last_activity, rt.clock.now(), rt.settings.idle_lock_seconds)


def lock(rt: Runtime, user: UserInfo, why: str = "key") -> None:
    """Records that the till locked over a user's session (``why``: "idle" or "key")."""
    with write_transaction(rt.db):
        journal.append(rt, "till.lock", user.name, {"user": user.name, "why": why})


def unlock(rt: Runtime, locked_user: UserInfo, name: str, pin: str) -> UserInfo:
    """Unlocks the till for whoever gives a valid PIN and may: the same user or a manager.

    Returns the user who unlocked. A wrong PIN counts towards that user's lockout.
    """
    who = authenticate(rt, name, pin)
    if not may_unlock(locked_user.id, who.id, who.role):
        with write_transaction(rt.db):
            journal.append(rt, "till.unlock.refused", who.name,
                           {"locked_user": locked_user.name, "by": who.name})
        raise PermissionDenied(
            "only {user} or a manager can unlock this till", "unlock", user=locked_user.name)
    with write_transaction(rt.db):
        journal.append(rt, "till.unlock", who.name,
                       {"locked_user": locked_user.name, "by": who.name})
    return who
