"""Test helpers for staff and shifts: one user per role, cheap scrypt, journal lookups."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from termpos.core import pins
from termpos.core.permissions import ROLES
from termpos.models import Journal
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo, create_user

PINS: dict[str, str] = {"cashier": "1111", "supervisor": "2222", "manager": "3333",
                        "admin": "4444"}


@pytest.fixture
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """New hashes use a small scrypt cost so tests stay fast; verification is unchanged."""
    monkeypatch.setattr(pins, "_N", 2**6)
    yield


def make_staff(rt: Runtime) -> dict[str, UserInfo]:
    """Creates users named after each role, with the PINs in PINS."""
    return {role: create_user(rt, role, role, PINS[role]) for role in ROLES}


def entries(kind: str) -> list[dict[str, Any]]:
    """The payloads of the journal entries of one kind, oldest first."""
    return [json.loads(j.payload) for j in Journal.select().where(Journal.kind == kind)
            .order_by(Journal.id)]


def kinds() -> list[str]:
    """The kinds of all journal entries, oldest first."""
    return [j.kind for j in Journal.select(Journal.kind).order_by(Journal.id)]
