"""Provides with_permission(): act when the user may, else after a manager approves.

The check and the journal entry are the staff service's (services.staff.can/authorize); this
only asks for the approver in the override modal. Esc in the modal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from termpos.core.errors import TermposError
from termpos.core.i18n import _
from termpos.screens.override import OverrideModal, OverrideResult
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize, can
from termpos.services.users import UserInfo

Say = Callable[..., None]
Then = Callable[[UserInfo | None, str], None]


def with_permission(screen: Screen[Any], rt: Runtime, user: UserInfo, action: str, what: str,
                    then: Then, say: Say) -> None:
    """Runs then(approver, reason): at once when the role allows the action, else once a
    manager approves in the override modal (approver None and reason "" when not needed)."""
    if can(rt, user, action):
        then(None, "")
        return

    def approved(result: OverrideResult | None) -> None:
        if result is None:
            say(_("Not approved: nothing changed"))
            return
        try:
            approver = authorize(rt, user, action, approver=(result.approver, result.pin),
                                 reason=result.reason)
        except TermposError as exc:
            say(str(exc), bell=True)
            return
        then(approver, result.reason)

    screen.app.push_screen(OverrideModal(what), approved)
