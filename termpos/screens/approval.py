"""Provides guarded(): call a service; when it refuses for a missing permission, ask a manager.

The permission check and its journal entry stay in the services (services.staff.authorize,
called by each service with `approver=(name, pin)`); this only asks for the approver in the
override modal and calls the service again. Esc in the modal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from termpos.core.errors import PermissionDenied, TermposError
from termpos.core.i18n import _
from termpos.screens.override import OverrideModal, OverrideResult
from termpos.services.runtime import Runtime
from termpos.services.staff import can
from termpos.services.users import UserInfo

Say = Callable[..., None]
Approver = tuple[str, str] | None
# The service call: (approver or None, reason) -> None; it raises PermissionDenied when the
# user may not act alone.
Call = Callable[[Approver, str], None]


def guarded(screen: Screen[Any], rt: Runtime, user: UserInfo, action: str | None, what: str,
            call: Call, say: Say, reason: str = "") -> None:
    """Runs call(None, reason); on PermissionDenied asks for an approver and runs it again.

    With `action` given and not allowed for the user, the modal opens before any call (a
    service that also needs a reason takes the one typed in the modal). A refusal of any other
    kind is shown on the message line with the bell.
    """
    def run(approver: Approver, why: str) -> None:
        try:
            call(approver, why)
        except PermissionDenied as exc:
            if approver is None:
                ask()
            else:
                say(str(exc), bell=True)
        except TermposError as exc:
            say(str(exc), bell=True)

    def approved(result: OverrideResult | None) -> None:
        if result is None:
            say(_("Not approved: nothing changed"))
            return
        run((result.approver, result.pin), reason or result.reason)

    def ask() -> None:
        screen.app.push_screen(OverrideModal(what), approved)

    if action is not None and not can(rt, user, action):
        ask()
    else:
        run(None, reason)
