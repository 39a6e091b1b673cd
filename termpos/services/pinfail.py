"""Provides wrong-PIN records that survive the caller's rollback.

A PIN checked inside someone else's transaction (an approver's PIN during a void, say) is
recorded in that transaction, which the refusal then rolls back. So each such failure is
also kept here, in the process, where the lockout still sees it, and is written to the store
by the next PIN check made outside any transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from termpos.models import User
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction


@dataclass
class Pending:
    """The latest wrong-PIN state of one user not yet known to be committed."""

    attempts: int
    until: dt.datetime | None
    db: Any = None  # held so that its id() stays unique while this is kept
    entries: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


_PENDING: dict[tuple[int, str], Pending] = {}


def _key(rt: Runtime, name: str) -> tuple[int, str]:
    return id(rt.db), name


def effective(rt: Runtime, user: User) -> tuple[int, dt.datetime | None]:
    """The user's failure count and lock end, counting failures that may have rolled back."""
    attempts, until = int(user.failed_attempts), user.locked_until
    p = _PENDING.get(_key(rt, user.name))
    if p is not None:
        attempts = max(attempts, p.attempts)
        if p.until is not None and (until is None or p.until > until):
            until = p.until
    return attempts, until


def remember(rt: Runtime, name: str, attempts: int, until: dt.datetime | None,
             entries: list[tuple[str, dict[str, Any]]]) -> None:
    """Keeps a failure made inside a caller's transaction, with its journal entries."""
    p = _PENDING.setdefault(_key(rt, name), Pending(attempts, until, rt.db))
    p.attempts, p.until = max(p.attempts, attempts), until or p.until
    p.entries.extend(entries)


def forget(rt: Runtime, name: str) -> None:
    """Drops a user's kept failures (a right PIN resets the count)."""
    _PENDING.pop(_key(rt, name), None)


def flush(rt: Runtime) -> None:
    """Writes kept failures of this store (call outside any transaction)."""
    keys = [k for k in _PENDING if k[0] == id(rt.db)]
    if not keys or rt.db.in_transaction():
        return
    with write_transaction(rt.db):
        for key in keys:
            p = _PENDING[key]
            user = User.get_or_none(User.name == key[1])
            if user is None:
                continue
            if p.attempts > user.failed_attempts:
                user.failed_attempts = p.attempts
                if p.until is not None and (user.locked_until is None
                                            or p.until > user.locked_until):
                    user.locked_until = p.until
                user.save()
                for kind, payload in p.entries:
                    journal.append(rt, kind, key[1], {**payload, "deferred": True})
    for key in keys:
        _PENDING.pop(key, None)
