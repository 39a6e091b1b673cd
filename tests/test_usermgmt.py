"""User management and till unlocking at the service layer."""

from __future__ import annotations

import datetime as dt

import pytest

from termpos.core.clock import FixedClock
from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.core.session import idle_expired, may_unlock
from termpos.models import User
from termpos.services import session, usermgmt
from termpos.services.runtime import Runtime
from termpos.services.staff import authenticate
from tests.staffkit import PINS, entries, fast_scrypt, make_staff

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def test_first_admin_only_in_an_empty_store(rt: Runtime) -> None:
    with pytest.raises(Refused, match="must be an admin"):
        usermgmt.add_user(rt, None, "boss", "manager", "1234")
    boss = usermgmt.add_user(rt, None, "boss", "admin", "1234")
    assert boss.role == "admin"
    assert entries("user.add") == [{"user": "boss", "role": "admin"}]
    with pytest.raises(Refused, match="has users already"):
        usermgmt.add_user(rt, None, "second", "admin", "1234")
    assert User.select().count() == 1


def test_manage_users_needs_the_permission(rt: Runtime) -> None:
    staff = make_staff(rt)
    for role in ("cashier", "supervisor", "manager"):
        with pytest.raises(PermissionDenied):
            usermgmt.add_user(rt, staff[role], f"new-{role}", "cashier", "5555")
        with pytest.raises(PermissionDenied):
            usermgmt.set_role(rt, staff[role], "cashier", "admin")
        with pytest.raises(PermissionDenied):
            usermgmt.set_active(rt, staff[role], "admin", False)
    with pytest.raises(PermissionDenied):
        usermgmt.set_pin(rt, staff["cashier"], "manager", "5555")
    assert User.select().count() == 4 and entries("user.set_role") == []
    with pytest.raises(PermissionDenied):
        usermgmt.login_manager(rt, "manager", PINS["manager"])
    assert usermgmt.login_manager(rt, "admin", PINS["admin"]).name == "admin"


def test_admin_changes_are_journaled_with_before_and_after(rt: Runtime) -> None:
    admin = make_staff(rt)["admin"]
    usermgmt.add_user(rt, admin, "bob", "cashier", "5555")
    assert entries("user.add")[-1] == {"user": "bob", "role": "cashier"}
    assert usermgmt.set_role(rt, admin, "bob", "supervisor").role == "supervisor"
    assert entries("user.set_role") == [{"user": "bob", "before": "cashier",
                                         "after": "supervisor"}]
    usermgmt.set_active(rt, admin, "bob", False)
    with pytest.raises(NotFound):
        authenticate(rt, "bob", "5555")
    usermgmt.set_active(rt, admin, "bob", True)
    assert entries("user.disable") == [{"user": "bob", "before": True, "after": False}]
    assert entries("user.enable") == [{"user": "bob", "before": False, "after": True}]
    usermgmt.set_pin(rt, admin, "bob", "777777")
    assert authenticate(rt, "bob", "777777").name == "bob"
    assert entries("user.set_pin") == [{"user": "bob", "unlocked": False}]
    assert "777777" not in str(entries("user.set_pin"))
    with pytest.raises(Refused, match="exists already"):
        usermgmt.add_user(rt, admin, "bob", "cashier", "5555")
    with pytest.raises(Refused, match="unknown role"):
        usermgmt.set_role(rt, admin, "bob", "owner")
    with pytest.raises(NotFound):
        usermgmt.set_role(rt, admin, "ghost", "cashier")


def test_set_pin_lifts_a_lockout_and_users_change_their_own(sqlite_rt: Runtime) -> None:
    rt = sqlite_rt
    staff = make_staff(rt)
    for _ in range(5):
        with pytest.raises(Refused):
            authenticate(rt, "cashier", "0000")
    usermgmt.set_pin(rt, staff["admin"], "cashier", "2580")
    assert entries("user.set_pin")[-1] == {"user": "cashier", "unlocked": True}
    for _ in range(5):
        with pytest.raises(Refused):
            authenticate(rt, "cashier", "0000")
    with pytest.raises(PermissionDenied):
        usermgmt.clear_lockout(rt, staff["manager"], "cashier")
    usermgmt.clear_lockout(rt, staff["admin"], "cashier")
    assert entries("user.unlock") == [{"user": "cashier", "failed_attempts": 5}]
    me = authenticate(rt, "cashier", "2580")
    usermgmt.set_pin(rt, me, "cashier", "3690")  # own PIN: no user_management needed
    assert authenticate(rt, "cashier", "3690").name == "cashier"
    with pytest.raises(Refused, match="4 to 8 digits"):
        usermgmt.set_pin(rt, me, "cashier", "12")


def test_the_last_user_manager_stays(sqlite_rt: Runtime) -> None:
    rt = sqlite_rt
    admin = make_staff(rt)["admin"]
    with pytest.raises(Refused, match="last one who can manage users"):
        usermgmt.set_active(rt, admin, "admin", False)
    with pytest.raises(Refused, match="last one who can manage users"):
        usermgmt.set_role(rt, admin, "admin", "manager")
    usermgmt.add_user(rt, admin, "admin2", "admin", "5555")
    usermgmt.set_role(rt, admin, "admin", "manager")
    assert User.get(User.name == "admin").role == "manager"


def test_unlock_same_user_or_a_manager(rt: Runtime) -> None:
    staff = make_staff(rt)
    cashier = staff["cashier"]
    session.lock(rt, cashier, "idle")
    assert entries("till.lock") == [{"user": "cashier", "why": "idle"}]
    assert session.unlock(rt, cashier, "cashier", PINS["cashier"]).name == "cashier"
    assert session.unlock(rt, cashier, "manager", PINS["manager"]).name == "manager"
    assert session.unlock(rt, cashier, "admin", PINS["admin"]).name == "admin"
    with pytest.raises(PermissionDenied, match="only cashier or a manager"):
        session.unlock(rt, cashier, "supervisor", PINS["supervisor"])
    with pytest.raises(PermissionDenied):
        session.unlock(rt, staff["manager"], "cashier", PINS["cashier"])
    with pytest.raises(Refused, match="wrong PIN"):
        session.unlock(rt, cashier, "cashier", "0000")
    assert [e["by"] for e in entries("till.unlock")] == ["cashier", "manager", "admin"]
    assert len(entries("till.unlock.refused")) == 2


def test_idle_lock_rule(sqlite_rt: Runtime, clock: FixedClock) -> None:
    rt = sqlite_rt
    start = clock.now()
    assert rt.settings.idle_lock_seconds == 300
    clock.advance(299)
    assert not session.should_lock(rt, start)
    clock.advance(1)
    assert session.should_lock(rt, start)
    t0 = dt.datetime(2026, 1, 1)
    assert not idle_expired(t0, t0 + dt.timedelta(days=9), 0)  # 0 = never lock
    assert may_unlock(3, 3, "cashier") and may_unlock(3, 4, "manager")
    assert not may_unlock(3, 4, "supervisor")
