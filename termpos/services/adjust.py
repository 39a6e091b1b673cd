"""Provides stock adjustments with a reason code; large negative ones need a manager.

A negative adjustment of more than Settings.stock_adjust_limit milli-units needs the
`stock_adjust_large` permission, from the user's role or from an approver who enters their
PIN on the spot (journaled by services.staff.authorize with reason and before/after).
"""

from __future__ import annotations

from dataclasses import dataclass

from termpos.core.errors import PermissionDenied, Refused
from termpos.core.stockqty import format_qty
from termpos.services import journal, staff
from termpos.services.invbase import check_qty, find_product
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand, record_move
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

REASONS: dict[str, str] = {
    "damaged": "damaged",
    "expired": "expired",
    "theft": "theft or loss",
    "own_use": "own use",
    "correction": "correction",
}


@dataclass(frozen=True)
class Adjustment:
    """What an adjustment booked."""

    code: str
    name: str
    qty_milli: int
    reason: str
    before_milli: int
    after_milli: int
    approved_by: str  # "" when the user's own role allowed it


def needs_approval(qty_milli: int, limit_milli: int) -> bool:
    """Tells whether an adjustment is a negative one above the limit (a manager's)."""
    return qty_milli < 0 and -qty_milli > limit_milli


def adjust(
    rt: Runtime, user: UserInfo, code: str, qty_milli: int, reason: str, *, note: str = "",
    approver: tuple[str, str] | None = None, approval_reason: str = "",
) -> Adjustment:
    """Books one adjustment (kind "adjust") and journals it; refuses zero or an unknown reason."""
    if reason not in REASONS:
        raise Refused(
            "unknown reason {reason!r} (reasons: {reasons})",
            reason=reason, reasons=', '.join(REASONS),
        )
    if qty_milli == 0:
        raise Refused("an adjustment of zero changes nothing")
    product = find_product(code)
    check_qty(product, qty_milli)
    before = on_hand(product.id)
    approved_by = ""
    limit = rt.settings.stock_adjust_limit
    if needs_approval(qty_milli, limit):
        if approver is None and not staff.can(rt, user, "stock_adjust_large"):
            raise PermissionDenied(
                "{name} ({role}) may take at most {limit} off stock in one adjustment: a manager "
                "must approve {qty_milli} of {code} (--approver NAME --approver-pin PIN "
                "--approval-reason R)",
                "stock_adjust_large",
                name=user.name, role=user.role, limit=format_qty(limit),
                qty_milli=format_qty(qty_milli), code=product.code,
            )
        approving = staff.authorize(
            rt, user, "stock_adjust_large", approver=approver,
            reason=approval_reason or note, before={"code": product.code, "on_hand": before},
            after={"code": product.code, "on_hand": before + qty_milli, "reason": reason},
        )
        approved_by = approving.name if approving is not None else ""
    with write_transaction(rt.db):
        before = on_hand(product.id)
        document = f"approved by {approved_by}"[:32] if approved_by else ""
        record_move(rt, product.id, qty_milli, "adjust", reason=reason, note=note,
                    user_id=user.id, document=document)
        journal.append(rt, "stock.adjust", user.name, {
            "product": product.code, "qty_milli": qty_milli, "reason": reason, "note": note,
            "before": before, "after": before + qty_milli, "approved_by": approved_by,
        })
    return Adjustment(product.code, product.name, qty_milli, reason, before,
                      before + qty_milli, approved_by)
