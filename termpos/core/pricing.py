"""Provides the arithmetic of a basket: line amounts, discounts, tax and cash rounding.

Everything is integer minor units. A line's amount is unit price x quantity (half-up), less
its own discount and its share of the order discount; shares are allocated by largest
remainder so that the lines always sum exactly to the totals. Tax is per line (rounded per
line) or per document (rounded per class, then allocated back to the lines), and the tax
breakdown by class reconciles exactly with the totals in both modes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from termpos.core.money import div_half_up, percent_of, round_to_step

PERCENT = "percent"
AMOUNT = "amount"


@dataclass(frozen=True)
class Discount:
    """A discount: ``percent`` in thousandths of a percent (10% = 10000) or an ``amount``."""

    kind: str
    value: int

    def __post_init__(self) -> None:
        if self.kind not in (PERCENT, AMOUNT):
            raise ValueError(f"unknown discount kind {self.kind!r}")
        if self.value < 0 or (self.kind == PERCENT and self.value > 100_000):
            raise ValueError("a discount is 0-100% or a non-negative amount")

    def of(self, base: int) -> int:
        """The discount on a base amount, never more than the base."""
        off = percent_of(base, self.value) if self.kind == PERCENT else self.value
        return max(0, min(off, base))


@dataclass(frozen=True)
class LineInput:
    """One basket line as pricing needs it."""

    key: int
    unit_price: int
    qty_milli: int
    tax_class: str
    rate_ppm: int
    discount: Discount | None = None
    fixed_amount: int | None = None  # a price label's amount: used instead of price x qty


@dataclass(frozen=True)
class PricedLine:
    """A priced line: gross, discounts, the amount paid for it, and its tax and net."""

    key: int
    gross: int
    line_discount: int
    order_discount: int
    amount: int  # gross less both discounts: tax-inclusive or net, as the mode says
    tax: int
    net: int
    tax_class: str
    rate_ppm: int

    @property
    def discount(self) -> int:
        """The line's total discount."""
        return self.line_discount + self.order_discount


@dataclass(frozen=True)
class TaxRow:
    """The tax breakdown of one class on a document."""

    code: str
    rate_ppm: int
    net: int
    tax: int


@dataclass(frozen=True)
class Totals:
    """A priced basket. ``total`` is what is owed before any cash rounding."""

    lines: tuple[PricedLine, ...]
    taxes: tuple[TaxRow, ...]
    subtotal: int  # sum of gross line amounts
    line_discount: int
    order_discount: int
    tax_total: int
    total: int
    tax_mode: str

    @property
    def discount_total(self) -> int:
        """Line and order discounts together."""
        return self.line_discount + self.order_discount


def line_gross(unit_price: int, qty_milli: int) -> int:
    """Unit price x quantity in milli-units, rounded half-up to the minor unit."""
    return div_half_up(unit_price * qty_milli, 1000)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Splits ``total`` in proportion to non-negative weights by largest remainder (exact sum)."""
    base = sum(weights)
    if total == 0 or not weights:
        return [0] * len(weights)
    if base == 0:
        shares = [0] * len(weights)
        shares[0] = total
        return shares
    sign = -1 if total < 0 else 1
    t = abs(total)
    raw = [divmod(t * w, base) for w in weights]
    shares = [q for q, _ in raw]
    left = t - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-raw[i][1], i))
    for i in order[:left]:
        shares[i] += 1
    return [sign * s for s in shares]


def tax_of(amount: int, rate_ppm: int, mode: str) -> int:
    """The tax in an amount: contained in it (inclusive) or due on it (exclusive), half-up."""
    if mode == "inclusive":
        return div_half_up(amount * rate_ppm, 1_000_000 + rate_ppm)
    return div_half_up(amount * rate_ppm, 1_000_000)


def price_lines(
    lines: Sequence[LineInput],
    *,
    tax_mode: str = "inclusive",
    tax_rounding: str = "line",
    order_discount: Discount | None = None,
) -> Totals:
    """Prices a basket: discounts allocated to lines, tax per line or per document."""
    if tax_mode not in ("inclusive", "exclusive"):
        raise ValueError(f"unknown tax mode {tax_mode!r}")
    if tax_rounding not in ("line", "document"):
        raise ValueError(f"unknown tax rounding {tax_rounding!r}")
    gross: list[int] = []
    line_disc: list[int] = []
    for ln in lines:
        if ln.qty_milli <= 0 or ln.unit_price < 0:
            raise ValueError("a line needs a positive quantity and a price of zero or more")
        g = ln.fixed_amount if ln.fixed_amount is not None else line_gross(ln.unit_price,
                                                                           ln.qty_milli)
        gross.append(g)
        line_disc.append(ln.discount.of(g) if ln.discount else 0)
    after_line = [g - d for g, d in zip(gross, line_disc, strict=True)]
    order_off = order_discount.of(sum(after_line)) if order_discount else 0
    order_shares = allocate(order_off, after_line)
    amounts = [a - s for a, s in zip(after_line, order_shares, strict=True)]
    taxes = _line_taxes(lines, amounts, tax_mode, tax_rounding)
    priced = []
    for i, ln in enumerate(lines):
        net = amounts[i] - taxes[i] if tax_mode == "inclusive" else amounts[i]
        priced.append(PricedLine(ln.key, gross[i], line_disc[i], order_shares[i], amounts[i],
                                 taxes[i], net, ln.tax_class, ln.rate_ppm))
    rows = breakdown(priced)
    tax_total = sum(taxes)
    total = sum(amounts) + (tax_total if tax_mode == "exclusive" else 0)
    return Totals(tuple(priced), rows, sum(gross), sum(line_disc), order_off, tax_total, total,
                  tax_mode)


def _line_taxes(
    lines: Sequence[LineInput], amounts: list[int], mode: str, rounding: str
) -> list[int]:
    if rounding == "line":
        return [tax_of(a, ln.rate_ppm, mode) for ln, a in zip(lines, amounts, strict=True)]
    taxes = [0] * len(lines)
    groups: dict[tuple[str, int], list[int]] = {}
    for i, ln in enumerate(lines):
        groups.setdefault((ln.tax_class, ln.rate_ppm), []).append(i)
    for (_, rate), idx in groups.items():
        class_tax = tax_of(sum(amounts[i] for i in idx), rate, mode)
        for i, share in zip(idx, allocate(class_tax, [amounts[i] for i in idx]), strict=True):
            taxes[i] = share
    return taxes


def breakdown(lines: Sequence[PricedLine]) -> tuple[TaxRow, ...]:
    """Sums net and tax per tax class (and rate), in class order."""
    rows: dict[tuple[str, int], list[int]] = {}
    for ln in lines:
        acc = rows.setdefault((ln.tax_class, ln.rate_ppm), [0, 0])
        acc[0] += ln.net
        acc[1] += ln.tax
    return tuple(TaxRow(code, rate, net, tax) for (code, rate), (net, tax) in sorted(rows.items()))


def cash_rounding(amount_due_in_cash: int, step: int) -> int:
    """The rounding line for the part paid in cash: rounded due minus due (may be negative)."""
    return round_to_step(amount_due_in_cash, step) - amount_due_in_cash


def discount_percent_milli(discount: Discount, base: int) -> int:
    """How big a discount is as thousandths of a percent of its base (for the limit check)."""
    if discount.kind == PERCENT:
        return discount.value
    if base <= 0:
        return 0 if discount.value == 0 else 100_000
    return -(-discount.value * 100_000 // base)  # rounded up: the limit is never undercut
