"""Provides a customer's purchase history and habits as plain data, and their arithmetic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from termpos.core.money import div_half_up


@dataclass(frozen=True)
class Favourite:
    """A product or category the customer buys: how many times, how much, for how much."""

    name: str
    times: int  # sales that included it
    qty_milli: int
    amount: int


@dataclass(frozen=True)
class Visit:
    """One past sale or refund of the customer, for the "last visits" list."""

    number: str
    kind: str
    at: dt.datetime
    total: int
    points: int


@dataclass(frozen=True)
class History:
    """What a customer's sales say about them."""

    visits: int
    refunds: int
    spend: int  # sales minus refunds, minor units
    first_purchase: dt.datetime | None
    last_purchase: dt.datetime | None
    points: int
    products: tuple[Favourite, ...] = ()
    categories: tuple[Favourite, ...] = ()
    recent: tuple[Visit, ...] = field(default=())

    @property
    def average_basket(self) -> int:
        """Net spend per visit, rounded half up (0 without visits)."""
        return div_half_up(self.spend, self.visits) if self.visits else 0

    def days_between_visits(self) -> int | None:
        """The average number of days between first and last visit (None under two visits)."""
        if self.visits < 2 or self.first_purchase is None or self.last_purchase is None:
            return None
        span = (self.last_purchase - self.first_purchase).days
        return div_half_up(span, self.visits - 1)

    def days_since_last(self, now: dt.datetime) -> int | None:
        """Whole days since the last purchase (None if they never bought)."""
        if self.last_purchase is None:
            return None
        return max(0, (now - self.last_purchase).days)
