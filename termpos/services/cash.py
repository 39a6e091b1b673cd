"""Provides cash control in a shift: paid-in, paid-out and no-sale drawer openings.

Each is a cash movement of the open shift, allowed by a permission (or a manager's
override) and journaled. Kicking the drawer is the caller's job once this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from termpos.core.errors import Refused
from termpos.models import CashMovement
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.shifts import require_open_shift
from termpos.services.staff import authorize, printable
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

KINDS = ("paid_in", "paid_out", "no_sale")


@dataclass(frozen=True)
class CashMove:
    """A recorded cash movement."""

    id: int
    shift_id: int
    kind: str
    amount: int
    reason: str
    user: str
    approved_by: str
    created_at: str


def _record(rt: Runtime, user: UserInfo, kind: str, amount: int, reason: str,
            approver: tuple[str, str] | None, action: str) -> CashMove:
    """Checks the permission, then stores and journals one movement of the open shift."""
    if len(reason.strip()) > 200:
        raise Refused("a reason is at most 200 characters")
    reason = printable(reason, 200)
    require_open_shift(rt)  # refuse before asking anyone for a PIN
    approved = authorize(rt, user, action, approver=approver,
                         reason=reason,
                         after={"kind": kind, "amount": amount})
    with write_transaction(rt.db):
        shift = require_open_shift(rt)
        now = rt.clock.now().replace(microsecond=0)
        row = CashMovement.create(shift=shift.id, kind=kind, amount=amount, reason=reason,
                                  user=user.id, approved_by=approved.id if approved else None,
                                  created_at=now)
        journal.append(rt, kind, user.name, {
            "shift": shift.id, "amount": amount, "reason": reason,
            "approver": approved.name if approved else "",
        })
    return CashMove(int(row.id), int(shift.id), kind, amount, reason, user.name,
                    approved.name if approved else "", now.isoformat(sep=" "))


def _paid(rt: Runtime, user: UserInfo, kind: str, amount: int, reason: str,
          approver: tuple[str, str] | None) -> CashMove:
    if amount <= 0:
        raise Refused("the amount must be more than zero")
    if not reason.strip():
        raise Refused("a {kind} needs a reason", kind=kind.replace('_', '-'))
    return _record(rt, user, kind, amount, reason, approver, "paid_in_out")


def paid_in(rt: Runtime, user: UserInfo, amount: int, reason: str, *,
            approver: tuple[str, str] | None = None) -> CashMove:
    """Records cash put into the drawer (e.g. more change); needs paid_in_out."""
    return _paid(rt, user, "paid_in", amount, reason, approver)


def paid_out(rt: Runtime, user: UserInfo, amount: int, reason: str, *,
             approver: tuple[str, str] | None = None) -> CashMove:
    """Records cash taken out of the drawer (e.g. a supplier paid in cash); needs paid_in_out."""
    return _paid(rt, user, "paid_out", amount, reason, approver)


def no_sale(rt: Runtime, user: UserInfo, reason: str = "", *,
            approver: tuple[str, str] | None = None) -> CashMove:
    """Records a drawer opening without a sale; needs no_sale. The caller then kicks it."""
    return _record(rt, user, "no_sale", 0, reason, approver, "no_sale")


def no_sale_count(rt: Runtime) -> int:
    """How many no-sale openings the open shift has had."""
    shift = require_open_shift(rt)
    n = CashMovement.select(fn.COUNT(CashMovement.id)).where(
        (CashMovement.shift == shift.id) & (CashMovement.kind == "no_sale")).scalar()
    return int(n or 0)


def movements(shift_id: int) -> list[CashMove]:
    """The cash movements of a shift, oldest first."""
    from termpos.services.shiftfigures import user_name

    return [
        CashMove(int(m.id), shift_id, str(m.kind), int(m.amount), str(m.reason),
                 user_name(m.user), user_name(m.approved_by), str(m.created_at)[:19])
        for m in CashMovement.select().where(CashMovement.shift == shift_id)
        .order_by(CashMovement.id)
    ]
