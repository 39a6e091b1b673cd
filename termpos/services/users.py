"""Provides staff accounts: creating users with hashed PINs and listing them."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from termpos.core.errors import NotFound, Refused, UsageError
from termpos.core.permissions import ROLES
from termpos.core.pins import hash_pin
from termpos.models import User
from termpos.services import journal
from termpos.services.runtime import Runtime, pepper_path
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class UserInfo:
    """A staff member as the rest of termpos sees them (no PIN hash)."""

    id: int
    name: str
    role: str
    active: bool
    locked: bool


def ensure_pepper(path: Path) -> bytes:
    """Creates the pepper file (mode 0600) when missing and returns its bytes."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return read_pepper(path)


def read_pepper(path: Path) -> bytes:
    """Reads the pepper; a missing or unreadable file is a configuration error."""
    try:
        return path.read_text(encoding="ascii").strip().encode()
    except OSError as exc:
        raise UsageError(
            "PIN pepper file {path}: cannot be read ({reason}); it is created by `termpos init`, "
            "readable only by the till's user",
            path=path, reason=exc.strerror,
        ) from exc


def pepper(rt: Runtime) -> bytes:
    """The store's pepper for this runtime's database."""
    return read_pepper(pepper_path(rt.db_url))


def to_info(user: User, now: dt.datetime | None = None) -> UserInfo:
    """Converts a row to a UserInfo; ``locked`` is true while a lockout runs at ``now``."""
    locked = bool(now is not None and user.locked_until is not None and user.locked_until > now)
    return UserInfo(user.id, user.name, user.role, bool(user.active), locked)


def check_name(name: str) -> str:
    """A user name cleaned of outer spaces; refuses empty, long or control characters."""
    name = name.strip()
    if not name or len(name) > 64:
        raise Refused("a user name is 1 to 64 characters")
    if not name.isprintable():
        raise Refused("a user name cannot contain control characters")
    return name


def check_role(role: str) -> str:
    """Refuses a role that termpos does not know."""
    if role not in ROLES:
        raise Refused("unknown role {role!r} (roles: {roles})", role=role, roles=', '.join(ROLES))
    return role


def create_user(rt: Runtime, name: str, role: str, pin: str, actor: str = "system",
                *, only_if_empty: bool = False) -> UserInfo:
    """Creates an active user; refuses a taken name, an unknown role or a bad PIN.

    ``only_if_empty`` creates the user only in a store that has no users yet (the first
    admin), checked inside the same transaction.
    """
    name = check_name(name)
    check_role(role)
    digest = hash_pin(pin, pepper(rt))
    with write_transaction(rt.db):
        if only_if_empty and User.select().exists():
            raise Refused("this store has users already: give --user and --pin of an admin")
        if User.get_or_none(User.name == name) is not None:
            raise Refused("user {name!r} exists already", name=name)
        user = User.create(name=name, role=role, pin_hash=digest, created_at=rt.clock.now())
        journal.append(rt, "user.add", actor, {"user": name, "role": role})
    return to_info(user)


def get_user(name: str) -> User:
    """Finds a user row by name."""
    user = User.get_or_none(User.name == name)
    if user is None:
        raise NotFound("no user named {name!r}", name=name)
    return user


def list_users(rt: Runtime | None = None) -> list[UserInfo]:
    """Lists every user, active or not, by name (``locked`` needs the runtime's clock)."""
    now = rt.clock.now() if rt is not None else None
    return [to_info(u, now) for u in User.select().order_by(User.name)]
