"""Provides the reorder arithmetic: sales velocity, suggested order quantities and warnings.

Pure integer arithmetic on milli-units (1000 = one item or 1 kg); the services feed it
on-hand quantities and sums of sale movements, the reports reuse it for `report reorder`.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WINDOW_DAYS = 28  # how far back sales are summed to measure velocity
DEFAULT_REVIEW_DAYS = 7  # how long an order must last until the next one is placed
MILLI = 1000


@dataclass(frozen=True)
class ReorderInput:
    """What the suggestion for one product needs to know."""

    on_hand_milli: int
    reorder_level_milli: int | None
    sold_milli: int  # units sold in the window (sales minus refunds), positive
    window_days: int = DEFAULT_WINDOW_DAYS
    lead_time_days: int = 7
    review_days: int = DEFAULT_REVIEW_DAYS
    whole_units: bool = True  # round up to whole items (not for weighed goods)


def _ceil_div(numerator: int, denominator: int) -> int:
    """Integer division rounding up, for non-negative numerators."""
    return -(-numerator // denominator)


def velocity_milli_per_day(sold_milli: int, window_days: int) -> int:
    """Average units sold per day over the window, rounded up (never negative)."""
    if window_days <= 0:
        raise ValueError("the sales window must be at least one day")
    return _ceil_div(max(0, sold_milli), window_days)


def needs_reorder(on_hand_milli: int, reorder_level_milli: int | None) -> bool:
    """Tells whether on-hand is at or below the reorder level (no level: never)."""
    return reorder_level_milli is not None and on_hand_milli <= reorder_level_milli


def demand_milli(sold_milli: int, window_days: int, lead_time_days: int,
                 review_days: int) -> int:
    """Units expected to sell until the delivery after next arrives: velocity x (lead + review).

    Computed from the exact sum (sold x days / window), rounded up once.
    """
    if window_days <= 0:
        raise ValueError("the sales window must be at least one day")
    days = max(0, lead_time_days) + max(0, review_days)
    return _ceil_div(max(0, sold_milli) * days, window_days)


def suggested_qty(item: ReorderInput) -> int:
    """The quantity to order for one product, in milli-units; 0 when nothing is needed.

    Only products at or below their reorder level are ordered (as the till's warning says).
    The order brings the product up to its reorder level plus the demand over lead time
    and review period: the level is the safety stock, still on the shelf when the order
    after this one arrives if sales go on at the recent rate. On-hand here includes what
    is on open purchase orders. Whole items are rounded up unless the product is weighed.
    `stock order --auto` and `report reorder` both order this.
    """
    return order_qty(item.on_hand_milli, item.reorder_level_milli, item.sold_milli,
                     item.window_days, item.lead_time_days, item.review_days, item.whole_units)


def order_qty(on_hand: int, level: int | None, sold: int, window_days: int, lead_days: int,
              review_days: int, whole_units: bool) -> int:
    """suggested_qty with plain arguments, for reports that run it over many products."""
    if level is None or on_hand > level:
        return 0
    qty = max(0, level + demand_milli(sold, window_days, lead_days, review_days) - on_hand)
    if whole_units and qty % MILLI:
        qty = _ceil_div(qty, MILLI) * MILLI
    return qty


def value_at_cost(qty_milli: int, unit_cost: int) -> int:
    """The value of a quantity at a unit cost, in minor units, rounded half away from zero."""
    product = qty_milli * unit_cost
    sign = -1 if product < 0 else 1
    q, r = divmod(abs(product), MILLI)
    if 2 * r >= MILLI:
        q += 1
    return sign * q
