"""Provides the actions a till controls and the default permission matrix per role."""

from __future__ import annotations

ROLES: tuple[str, ...] = ("cashier", "supervisor", "manager", "admin")

ACTIONS: dict[str, str] = {
    "sell": "ring up and complete sales",
    "void_line_after_subtotal": "void a line after the subtotal was shown",
    "cancel_sale": "cancel a whole sale",
    "refund_with_receipt": "refund against a receipt",
    "refund_without_receipt": "refund without a receipt",
    "price_override": "override a price",
    "discount_above_limit": "give a discount above the configured percent",
    "no_sale": "open the drawer without a sale",
    "reprint": "reprint a receipt",
    "paid_in_out": "record cash paid in or out",
    "shift_open_close": "open and close a shift",
    "back_office": "reports, imports, stock and settings",
    "training_mode": "switch the till into training mode",
    "user_management": "add, disable and change users",
    "stock_adjust_large": "negative stock adjustments above the threshold",
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
