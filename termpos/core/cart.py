"""Provides the cart: an open basket as plain values, and how to price it with the settings.

The basket service converts stored basket rows to these dataclasses; the till, the CLI and
checkout only ever see these, never database rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from termpos.core.config import Settings
from termpos.core.pricing import Discount, LineInput, Totals, price_lines


@dataclass(frozen=True)
class CartLine:
    """One line of a basket (voided lines are kept, shown struck out, and never priced)."""

    id: int
    seq: int
    product_id: int | None
    code: str
    name: str
    tax_class: str
    qty_milli: int
    unit_price: int
    original_price: int
    weighed: bool = False
    unit: str = "ea"
    label_amount: int | None = None  # a price label's amount, fixed
    discount: Discount | None = None
    discount_reason: str = ""
    price_override_reason: str = ""
    voided: bool = False


@dataclass(frozen=True)
class Cart:
    """An open or parked basket with its lines."""

    id: int
    till: str
    user_id: int
    user_name: str
    status: str  # open | parked | done | cancelled
    lines: tuple[CartLine, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    customer_id: int | None = None
    customer_name: str = ""
    order_discount: Discount | None = None
    order_discount_reason: str = ""

    @property
    def live_lines(self) -> tuple[CartLine, ...]:
        """The lines that count (not voided)."""
        return tuple(ln for ln in self.lines if not ln.voided)

    def line(self, line_id: int) -> CartLine:
        """The line with this id; KeyError when the basket has none."""
        for ln in self.lines:
            if ln.id == line_id:
                return ln
        raise KeyError(line_id)

    def totals(self, settings: Settings) -> Totals:
        """Prices the live lines with the store's tax mode, rounding and classes."""
        inputs = [
            LineInput(ln.id, ln.unit_price, ln.qty_milli, ln.tax_class,
                      settings.tax_class(ln.tax_class).rate_ppm, ln.discount, ln.label_amount)
            for ln in self.live_lines
        ]
        return price_lines(inputs, tax_mode=settings.tax_mode, tax_rounding=settings.tax_rounding,
                           order_discount=self.order_discount)
