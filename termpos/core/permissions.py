"""Provides the actions a till controls and the default permission matrix per role."""

from __future__ import annotations

from termpos.core.i18n import N_

ROLES: tuple[str, ...] = ("cashier", "supervisor", "manager", "admin")

ACTIONS: dict[str, str] = {
    "sell": N_("ring up and complete sales"),
    "void_line_after_subtotal": N_("void a line after the subtotal was shown"),
    "cancel_sale": N_("cancel a whole sale"),
    "refund_with_receipt": N_("refund against a receipt"),
    "refund_without_receipt": N_("refund without a receipt"),
    "price_override": N_("override a price"),
    "discount_above_limit": N_("give a discount above the configured percent"),
    "no_sale": N_("open the drawer without a sale"),
    "reprint": N_("reprint a receipt"),
    "paid_in_out": N_("record cash paid in or out"),
    "shift_open_close": N_("open and close a shift"),
    "back_office": N_("reports, imports, stock and settings"),
    "training_mode": N_("switch the till into training mode"),
    "user_management": N_("add, disable and change users"),
    "stock_adjust_large": N_("negative stock adjustments above the threshold"),
}

_CASHIER = {"sell", "shift_open_close"}
_SUPERVISOR = _CASHIER | {
    "void_line_after_subtotal",
    "cancel_sale",
    "refund_with_receipt",
    "reprint",
    "no_sale",
    "paid_in_out",
    "discount_above_limit",
}
_MANAGER = _SUPERVISOR | {
    "refund_without_receipt",
    "price_override",
    "back_office",
    "training_mode",
    "stock_adjust_large",
}

DEFAULT_MATRIX: dict[str, frozenset[str]] = {
    "cashier": frozenset(_CASHIER),
    "supervisor": frozenset(_SUPERVISOR),
    "manager": frozenset(_MANAGER),
    "admin": frozenset(ACTIONS),
}


def allowed(matrix: dict[str, frozenset[str]], role: str, action: str) -> bool:
    """Tells whether a role may perform an action under the given matrix."""
    return action in matrix.get(role, frozenset())
