"""Provides who may unlock a locked till: the same user, or a manager.

TEMPORARY: the rule belongs to the staff service (feat/staff); until it lands this one
function checks the PIN with services.staff.authenticate and the role here. The integrator
replaces unlock() with the service call.
"""

from __future__ import annotations

from termpos.core.errors import PermissionDenied
from termpos.core.i18n import _
from termpos.services.runtime import Runtime
from termpos.services.staff import authenticate
from termpos.services.users import UserInfo

UNLOCK_ROLES = ("manager", "admin")


def unlock(rt: Runtime, locked_by: UserInfo, name: str, pin: str) -> UserInfo:
    """Returns who unlocked; refuses a wrong PIN or another user who is not a manager."""
    who = authenticate(rt, name, pin)
    if who.id != locked_by.id and who.role not in UNLOCK_ROLES:
        raise PermissionDenied(
            _("only {user} or a manager can unlock this till").format(user=locked_by.name)
        )
    return who
