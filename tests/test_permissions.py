"""Every action of the permission matrix at the service layer: allowed, refused, overridden."""

from __future__ import annotations

import dataclasses

import pytest

from termpos.core.config import ConfigError, parse_settings
from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.core.permissions import ACTIONS, DEFAULT_MATRIX, ROLES
from termpos.models import User
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize, can
from termpos.services.users import UserInfo
from tests.staffkit import PINS, entries, fast_scrypt, make_staff

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def _roles(action: str) -> tuple[str, str]:
    """A role that has the action by default, and one that does not ('' when all have it)."""
    having = [r for r in ROLES if action in DEFAULT_MATRIX[r]]
    lacking = [r for r in ROLES if action not in DEFAULT_MATRIX[r]]
    return having[0], (lacking[-1] if lacking else "")


def _with_refusal(rt: Runtime, action: str) -> str:
    """A role refused the action: from the default matrix, or taken away from cashiers."""
    _, refused = _roles(action)
    if refused:
        return refused
    matrix = dict(rt.settings.permissions)
    matrix["cashier"] = matrix["cashier"] - {action}
    rt.settings = dataclasses.replace(rt.settings, permissions=matrix)
    return "cashier"


def test_every_action_has_a_role_and_admin_has_all() -> None:
    for action in ACTIONS:
        assert _roles(action)[0], action
    assert DEFAULT_MATRIX["admin"] == frozenset(ACTIONS)


def _check_action(rt: Runtime, staff: dict[str, UserInfo], action: str) -> None:
    """Allowed for a role that has it; refused for one that lacks it; overridden by an admin."""
    allowed_role, _ = _roles(action)
    assert authorize(rt, staff[allowed_role], action) is None, action
    refused_role = _with_refusal(rt, action)
    user = staff[refused_role]
    assert not can(rt, user, action), action
    before = len(entries("override"))
    with pytest.raises(PermissionDenied, match="a manager must approve") as refused:
        authorize(rt, user, action)
    assert refused.value.action == action and refused.value.exit_code == 1
    assert len(entries("override")) == before
    approved = authorize(rt, user, action, approver=("admin", PINS["admin"]),
                         reason=f"why {action}", before={"price": 500}, after={"price": 450})
    assert approved is not None and approved.name == "admin"
    assert entries("override")[before:] == [{
        "action": action, "user": refused_role, "approver": "admin",
        "reason": f"why {action}", "before": {"price": 500}, "after": {"price": 450},
    }]


def test_every_action_allowed_refused_and_overridden(rt: Runtime) -> None:
    """One store for all actions keeps this fast on PostgreSQL too."""
    staff = make_staff(rt)
    defaults = rt.settings
    for action in ACTIONS:
        rt.settings = defaults
        _check_action(rt, staff, action)
    assert len(entries("override")) == len(ACTIONS)


def test_override_needs_an_approver_who_has_the_right(rt: Runtime) -> None:
    staff = make_staff(rt)
    action = "refund_without_receipt"
    with pytest.raises(PermissionDenied, match="may not approve"):
        authorize(rt, staff["cashier"], action, approver=("cashier", PINS["cashier"]),
                  reason="r")
    assert entries("override.refused")[0]["approver"] == "cashier"
    assert entries("override") == []


def test_override_needs_a_reason_and_the_right_pin(rt: Runtime) -> None:
    staff = make_staff(rt)
    with pytest.raises(Refused, match="needs a reason"):
        authorize(rt, staff["cashier"], "price_override", approver=("manager", "3333"),
                  reason="  ")
    assert entries("login") == []  # no PIN is checked before the reason is given
    with pytest.raises(Refused, match="wrong PIN"):
        authorize(rt, staff["cashier"], "price_override", approver=("manager", "0000"),
                  reason="r")
    assert User.get(User.name == "manager").failed_attempts == 1
    with pytest.raises(NotFound):
        authorize(rt, staff["cashier"], "price_override", approver=("ghost", "1234"),
                  reason="r")
    assert entries("override") == []


def test_rights_are_read_from_the_store_not_the_session(rt: Runtime) -> None:
    staff = make_staff(rt)
    manager = staff["manager"]
    assert authorize(rt, manager, "back_office") is None
    User.update(role="cashier").where(User.id == manager.id).execute()
    with pytest.raises(PermissionDenied):
        authorize(rt, manager, "back_office")
    User.update(role="manager", active=False).where(User.id == manager.id).execute()
    with pytest.raises(PermissionDenied, match="disabled"):
        authorize(rt, manager, "back_office")
    with pytest.raises(PermissionDenied, match="disabled"):  # no override for a disabled user
        authorize(rt, manager, "back_office", approver=("admin", PINS["admin"]), reason="r")
    assert entries("override") == []


def test_matrix_is_configurable() -> None:
    settings = parse_settings({"permissions": {"cashier": ["sell", "no_sale"]}})
    assert settings.permissions["cashier"] == frozenset({"sell", "no_sale"})
    assert settings.permissions["manager"] == DEFAULT_MATRIX["manager"]
    with pytest.raises(ConfigError, match="unknown action 'fly'"):
        parse_settings({"permissions": {"cashier": ["fly"]}})


def test_unknown_action_is_a_programming_error(rt: Runtime) -> None:
    staff = make_staff(rt)
    with pytest.raises(ValueError, match="unknown action"):
        authorize(rt, staff["admin"], "fly")
