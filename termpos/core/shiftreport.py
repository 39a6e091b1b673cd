"""Provides the arithmetic of X and Z reports: shift figures from per-kind document sums.

Sales and refunds are kept apart; a refund counts as money paid back whatever sign the
sale engine stores it with (its absolute value is used). Cash taken by a sale is its cash
tenders less the change given, so expected cash never counts change as takings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocSums:
    """Sums over the documents of one kind (sale or refund) in a shift."""

    kind: str
    count: int = 0
    total: int = 0
    discount: int = 0
    tax: int = 0
    rounding: int = 0
    change: int = 0


@dataclass(frozen=True)
class TenderSum:
    """The sum of one tender kind over the documents of one kind."""

    doc_kind: str
    kind: str
    amount: int


@dataclass(frozen=True)
class TaxSum:
    """The sum of one tax class and rate over the documents of one kind."""

    doc_kind: str
    tax_class: str
    rate_ppm: int
    net: int
    tax: int


@dataclass(frozen=True)
class MoveSum:
    """The count and sum of one kind of cash movement (paid_in, paid_out, no_sale)."""

    kind: str
    count: int
    amount: int


@dataclass(frozen=True)
class TaxTotal:
    """Net and tax of one tax class and rate over a period, refunds deducted."""

    tax_class: str
    rate_ppm: int
    net: int
    tax: int


@dataclass(frozen=True)
class ShiftFigures:
    """What a shift took and what the drawer should hold; amounts in minor units."""

    opening_float: int = 0
    sales_count: int = 0
    sales_total: int = 0
    refunds_count: int = 0
    refunds_total: int = 0  # paid back, as a positive amount
    discounts: int = 0  # on sales, less discounts taken back by refunds
    rounding: int = 0
    tax_total: int = 0
    tenders: tuple[tuple[str, int], ...] = ()  # kind -> net taken; cash net of change
    taxes: tuple[TaxTotal, ...] = ()
    cash_sales: int = 0  # cash tenders of sales less change
    cash_refunds: int = 0  # cash paid back
    paid_in: int = 0
    paid_in_count: int = 0
    paid_out: int = 0
    paid_out_count: int = 0
    no_sales: int = 0

    @property
    def net_total(self) -> int:
        """Sales less refunds."""
        return self.sales_total - self.refunds_total

    @property
    def expected_cash(self) -> int:
        """Float + cash sales - cash refunds + paid in - paid out."""
        return (self.opening_float + self.cash_sales - self.cash_refunds + self.paid_in
                - self.paid_out)


def _signed(kind: str, value: int) -> int:
    """A sale's value as is; a refund's as a deduction whatever sign it was stored with."""
    return -abs(value) if kind == "refund" else value


def shift_figures(
    opening_float: int,
    docs: Iterable[DocSums],
    tenders: Iterable[TenderSum],
    taxes: Iterable[TaxSum],
    moves: Iterable[MoveSum],
) -> ShiftFigures:
    """Combines per-kind sums of a shift's documents and cash movements into its figures."""
    by_kind = {d.kind: d for d in docs}
    sale = by_kind.get("sale", DocSums("sale"))
    refund = by_kind.get("refund", DocSums("refund"))
    tender_net: dict[str, int] = {}
    cash_sales = cash_refunds = 0
    for t in tenders:
        tender_net[t.kind] = tender_net.get(t.kind, 0) + _signed(t.doc_kind, t.amount)
        if t.kind == "cash" and t.doc_kind == "refund":
            cash_refunds += abs(t.amount)
        elif t.kind == "cash":
            cash_sales += t.amount
    cash_sales -= sale.change
    cash_refunds -= abs(refund.change)
    if sale.change or refund.change:
        tender_net["cash"] = tender_net.get("cash", 0) - sale.change + abs(refund.change)
    tax_net: dict[tuple[str, int], tuple[int, int]] = {}
    for x in taxes:
        net, tax = tax_net.get((x.tax_class, x.rate_ppm), (0, 0))
        tax_net[(x.tax_class, x.rate_ppm)] = (net + _signed(x.doc_kind, x.net),
                                             tax + _signed(x.doc_kind, x.tax))
    move = {m.kind: m for m in moves}
    paid_in = move.get("paid_in", MoveSum("paid_in", 0, 0))
    paid_out = move.get("paid_out", MoveSum("paid_out", 0, 0))
    return ShiftFigures(
        opening_float=opening_float,
        sales_count=sale.count,
        sales_total=sale.total,
        refunds_count=refund.count,
        refunds_total=abs(refund.total),
        discounts=sale.discount - abs(refund.discount),
        rounding=sale.rounding + (refund.rounding if refund.total < 0 else -refund.rounding),
        tax_total=sale.tax - abs(refund.tax),
        tenders=tuple(sorted(tender_net.items())),
        taxes=tuple(TaxTotal(c, r, n, t) for (c, r), (n, t) in sorted(tax_net.items())),
        cash_sales=cash_sales,
        cash_refunds=cash_refunds,
        paid_in=paid_in.amount,
        paid_in_count=paid_in.count,
        paid_out=paid_out.amount,
        paid_out_count=paid_out.count,
        no_sales=move["no_sale"].count if "no_sale" in move else 0,
    )


@dataclass(frozen=True)
class ShiftReport:
    """An X report (kind "X", number 0, no count) or a Z report of one shift."""

    kind: str  # X | Z
    number: int
    till: str
    shift_id: int
    opened_at: str
    opened_by: str
    figures: ShiftFigures
    printed_at: str  # when the report was made (the close time for a Z)
    closed_by: str = ""
    counted_cash: int | None = None
    denominations: tuple[tuple[int, int], ...] = ()  # (value, count), largest first
    grand_sales: int = 0  # running totals of the till, this period included
    grand_refunds: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def grand_net(self) -> int:
        """Running grand total: all sales less all refunds up to and including this report."""
        return self.grand_sales - self.grand_refunds

    @property
    def over_short(self) -> int | None:
        """Counted minus expected cash (positive = over), or None before a count."""
        if self.counted_cash is None:
            return None
        return self.counted_cash - self.figures.expected_cash

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON (the stored Z payload and `--format json`)."""
        data = asdict(self)
        data["figures"]["net_total"] = self.figures.net_total
        data["figures"]["expected_cash"] = self.figures.expected_cash
        data["over_short"] = self.over_short
        data["grand_net"] = self.grand_net
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShiftReport:
        """Reads a report back from its stored payload."""
        f = dict(data["figures"])
        f.pop("net_total", None)
        f.pop("expected_cash", None)
        f["tenders"] = tuple((str(k), int(v)) for k, v in f["tenders"])
        f["taxes"] = tuple(TaxTotal(**t) for t in f["taxes"])
        d = {k: v for k, v in data.items() if k not in ("over_short", "grand_net")}
        d["figures"] = ShiftFigures(**f)
        d["denominations"] = tuple((int(v), int(c)) for v, c in d.get("denominations", ()))
        return cls(**d)
