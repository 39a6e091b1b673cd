"""Provides the cash drawer rules: kick on cash tenders and on an authorised no-sale only."""

from __future__ import annotations

from termpos.core.config import Settings
from termpos.core.receipt import ReceiptData
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


def wants_drawer(settings: Settings, receipt: ReceiptData) -> bool:
    """True when this completed sale should open the drawer: a cash tender, not training."""
    if not settings.printer.drawer or receipt.training:
        return False
    return any(t.kind == "cash" and t.amount for t in receipt.tenders)


def no_sale(rt: Runtime, user: UserInfo, *, approver: tuple[str, str] | None = None,
            reason: str = "") -> None:
    """Authorises and journals opening the drawer without a sale; the caller then kicks it.

    Raises PermissionDenied (nothing journaled as a no-sale) when neither the user nor an
    approver may do it.
    """
    approving = authorize(rt, user, "no_sale", approver=approver, reason=reason)
    with write_transaction(rt.db):
        journal.append(rt, "drawer.no_sale", user.name, {
            "user": user.name, "approver": approving.name if approving else None,
            "reason": reason.strip(), "training": rt.training,
        })
