"""Provides user management by an authorised user: add, disable, enable, set PIN, set role.

Each change needs the user_management permission (a user may always change their own PIN),
keeps at least one active user who can manage users, and is journaled.
"""

from __future__ import annotations

from termpos.core.errors import Refused
from termpos.core.permissions import allowed
from termpos.core.pins import check_pin_format, hash_pin
from termpos.models import User
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.staff import authenticate, authorize, current
from termpos.services.users import (
    UserInfo,
    check_role,
    create_user,
    get_user,
    pepper,
    to_info,
)
from termpos.store.tx import write_transaction

ACTION = "user_management"


def store_is_empty() -> bool:
    """Tells whether the store has no users yet (then the first admin may be created)."""
    return not User.select().exists()


def login_manager(rt: Runtime, name: str, pin: str) -> UserInfo:
    """Authenticates a user and checks that they may manage users."""
    user = authenticate(rt, name, pin)
    authorize(rt, user, ACTION)
    return user


def add_user(rt: Runtime, by: UserInfo | None, name: str, role: str, pin: str) -> UserInfo:
    """Adds a user; ``by`` None creates the first admin of an empty store only."""
    if by is None:
        if check_role(role) != "admin":
            raise Refused("the first user of a store must be an admin (--role admin)")
        return create_user(rt, name, role, pin, actor="first-admin", only_if_empty=True)
    authorize(rt, by, ACTION)
    return create_user(rt, name, role, pin, actor=by.name)


def _managers_left(rt: Runtime, without: int, role_for_it: str | None = None) -> int:
    """How many active users could still manage users if user ``without`` changed."""
    count = 0
    for u in User.select().where(User.active == True):  # noqa: E712 (peewee expression)
        role = role_for_it if (u.id == without and role_for_it is not None) else u.role
        if u.id == without and role_for_it is None:
            continue
        if allowed(rt.settings.permissions, role, ACTION):
            count += 1
    return count


def set_active(rt: Runtime, by: UserInfo, name: str, active: bool) -> UserInfo:
    """Disables or enables a user; the last user who can manage users stays active."""
    authorize(rt, by, ACTION)
    with write_transaction(rt.db):
        user = get_user(name)
        if bool(user.active) == active:
            raise Refused(
                "user {name!r} is {state} already",
                name=name, state='active' if active else 'disabled',
            )
        if not active and _managers_left(rt, user.id) == 0:
            raise Refused(
                "user {name!r} is the last one who can manage users: give another user that "
                "right first",
                name=name,
            )
        user.active = active
        if active:
            user.failed_attempts, user.locked_until = 0, None
        user.save()
        journal.append(rt, "user.enable" if active else "user.disable", by.name,
                       {"user": name, "before": not active, "after": active})
    return to_info(user, rt.clock.now())


def set_role(rt: Runtime, by: UserInfo, name: str, role: str) -> UserInfo:
    """Changes a user's role; refuses to leave nobody who can manage users."""
    check_role(role)
    authorize(rt, by, ACTION)
    with write_transaction(rt.db):
        user = get_user(name)
        before = user.role
        if before == role:
            raise Refused("user {name!r} is {role} already", name=name, role=role)
        if user.active and _managers_left(rt, user.id, role) == 0:
            raise Refused(
                "user {name!r} is the last one who can manage users: give another user that "
                "right first",
                name=name,
            )
        user.role = role
        user.save()
        journal.append(rt, "user.set_role", by.name,
                       {"user": name, "before": before, "after": role})
    return to_info(user, rt.clock.now())


def set_pin(rt: Runtime, by: UserInfo, name: str, pin: str) -> UserInfo:
    """Sets a new PIN (and lifts a lockout); a user may change their own PIN."""
    check_pin_format(pin)
    if by.name != name:
        authorize(rt, by, ACTION)
    elif not current(by).active:
        raise Refused("user {name!r} is disabled", name=name)
    digest = hash_pin(pin, pepper(rt))
    with write_transaction(rt.db):
        user = get_user(name)
        was_locked = user.failed_attempts > 0 or user.locked_until is not None
        user.pin_hash = digest
        user.failed_attempts, user.locked_until = 0, None
        user.save()
        journal.append(rt, "user.set_pin", by.name, {"user": name, "unlocked": was_locked})
    return to_info(user, rt.clock.now())


def clear_lockout(rt: Runtime, by: UserInfo, name: str) -> UserInfo:
    """Lifts a user's lockout after wrong PINs without changing the PIN."""
    authorize(rt, by, ACTION)
    with write_transaction(rt.db):
        user = get_user(name)
        before = int(user.failed_attempts)
        user.failed_attempts, user.locked_until = 0, None
        user.save()
        journal.append(rt, "user.unlock", by.name, {"user": name, "failed_attempts": before})
    return to_info(user, rt.clock.now())
