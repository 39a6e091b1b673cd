"""Provides login with lockout and permission checks with on-the-spot manager override.

Every check happens here, in the service layer, so no screen or command can get round it.
A wrong PIN counts even when it is checked inside a caller's transaction that the refusal
rolls back (see services.pinfail); checking PINs before opening a transaction is still best.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.core.i18n import Phrase
from termpos.core.lockout import locked_until
from termpos.core.permissions import ACTIONS, allowed
from termpos.core.pins import verify_pin
from termpos.models import User
from termpos.services import journal, pinfail
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo, pepper, to_info
from termpos.store.tx import write_transaction

# Checked when the user does not exist, so an unknown name costs the same scrypt time.
_DUMMY_HASH = f"scrypt$16384$8$1${'0' * 32}${'0' * 64}"
_NAME_MAX = 64


def printable(text: str, limit: int) -> str:
    """Text as it may be stored: outer spaces off, control characters as "?", cut to limit."""
    return "".join(c if c.isprintable() else "?" for c in text.strip())[:limit]


def authenticate(rt: Runtime, name: str, pin: str) -> UserInfo:
    """Checks a user's PIN; wrong PINs count towards a growing lockout. Journals every try.

    The failure count and journal entries are committed before the refusal is raised. Called
    inside a caller's transaction, a failure is also kept by pinfail, so the lockout holds
    even when the caller's refusal rolls that transaction back.
    """
    name = printable(name, _NAME_MAX)
    error: Exception | None = None
    secret = pepper(rt)
    nested = rt.db.in_transaction()
    if not nested:
        pinfail.flush(rt)
    with write_transaction(rt.db):
        user = User.get_or_none(User.name == name)
        now = rt.clock.now()
        if user is None or not user.active:
            verify_pin(pin, _DUMMY_HASH, secret)
            reason = "unknown" if user is None else "disabled"
            journal.append(rt, "login.failed", name, {"user": name, "reason": reason})
            error = NotFound("unknown user or wrong PIN")
        else:
            error = _check(rt, user, pin, secret, now, nested)
    if error is not None or user is None:
        raise error or NotFound("unknown user or wrong PIN")
    return to_info(user)


def _check(rt: Runtime, user: User, pin: str, secret: bytes, now: dt.datetime,
           nested: bool) -> Exception | None:
    """Checks an active user's PIN against the lockout; returns the refusal, if any."""
    name = str(user.name)
    attempts, until = pinfail.effective(rt, user)
    if until is not None and until > now:
        wait = math.ceil((until - now).total_seconds())
        journal.append(rt, "login.locked", name, {"user": name, "wait_s": wait})
        return Refused(
            "user {name} is locked after wrong PINs: try again in {wait} s",
            name=name, wait=wait,
        )
    if verify_pin(pin, user.pin_hash, secret):
        if user.failed_attempts or user.locked_until:
            user.failed_attempts = 0
            user.locked_until = None
            user.save()
        pinfail.forget(rt, name)
        journal.append(rt, "login", name, {"user": name, "role": user.role})
        return None
    attempts += 1
    until = locked_until(now, attempts)
    user.failed_attempts, user.locked_until = attempts, until
    user.save()
    entries: list[tuple[str, dict[str, Any]]] = [
        ("login.failed", {"user": name, "reason": "pin", "attempts": attempts})]
    error = Refused("unknown user or wrong PIN")
    if until is not None:
        seconds = int((until - now).total_seconds())
        entries.append(("user.locked", {
            "user": name, "attempts": attempts,
            "until": until.replace(microsecond=0).isoformat(sep=" "), "delay_s": seconds,
        }))
        error = Refused(
            "wrong PIN: user {name} is locked for {seconds} s",
            name=name, seconds=seconds,
        )
    for kind, payload in entries:
        journal.append(rt, kind, name, payload)
    if nested:
        pinfail.remember(rt, name, attempts, until, entries)
    return error


def current(user: UserInfo) -> UserInfo:
    """The user as stored now: a disabled or re-roled user loses rights at once."""
    row = User.get_or_none(User.id == user.id)
    if row is None:
        raise NotFound("no user named {name!r}", name=user.name)
    return to_info(row)


def can(rt: Runtime, user: UserInfo, action: str) -> bool:
    """Tells whether a user's role allows an action (no journal entry)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return user.active and allowed(rt.settings.permissions, user.role, action)


def authorize(
    rt: Runtime,
    user: UserInfo,
    action: str,
    *,
    approver: tuple[str, str] | None = None,
    reason: str = "",
    before: Any = None,
    after: Any = None,
) -> UserInfo | None:
    """Allows an action for the user, or for an approver who enters their own PIN.

    Returns the approver when an override was used (journaled with reason and before/after
    values), None when the user's own role allows it. Raises PermissionDenied otherwise.
    The user's role and active flag are read from the database, not from the session.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    user = current(user)
    if not user.active:
        raise PermissionDenied(
            "user {name} is disabled: log in as someone else",
            action,
            name=user.name,
        )
    if can(rt, user, action):
        return None
    if approver is None:
        raise PermissionDenied(
            "{name} ({role}) may not {doing}: a manager must approve",
            action, name=user.name, role=user.role, doing=Phrase(ACTIONS[action]),
        )
    reason = printable(reason, 200)
    if not reason:
        raise Refused("an override needs a reason")
    name, pin = approver
    approving = authenticate(rt, name, pin)
    if not can(rt, approving, action):
        with write_transaction(rt.db):
            journal.append(rt, "override.refused", approving.name, {
                "action": action, "user": user.name, "approver": approving.name,
                "reason": reason,
            })
        raise PermissionDenied(
            "{name} ({role}) may not approve: {doing}",
            action,
            name=approving.name, role=approving.role, doing=Phrase(ACTIONS[action]),
        )
    with write_transaction(rt.db):
        journal.append(rt, "override", approving.name, {
            "action": action, "user": user.name, "approver": approving.name,
            "reason": reason, "before": before, "after": after,
        })
    return approving
