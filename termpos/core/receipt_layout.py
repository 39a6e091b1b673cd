"""Provides layout_receipt: a ReceiptData turned into printable blocks for N columns.

Store header, items with quantities and weights, discounts, totals, tenders, change, tax
breakdown by class, cashier, time, receipt number and its CODE128 barcode (scanned for
refunds), an optional QR code, the footer, and COPY / TRAINING marks. Columns line up with
double-width CJK text. Words come from receipt_text in the receipt's language.
"""

from __future__ import annotations

from termpos.core.money import format_amount
from termpos.core.print_blocks import Barcode, Block, Cut, Feed, QRCode, Text, line_columns
from termpos.core.receipt import ReceiptData, ReceiptLine
from termpos.core.receipt_text import tr
from termpos.core.textwidth import pad, text_width, two_columns, wrap

COLUMN_CHOICES = (32, 42, 48)
TENDER_LABELS = {"cash": "Cash", "card": "Card", "points": "Points", "other": "Other"}


def format_rate(rate_ppm: int) -> str:
    """20% for 200000 ppm, 8.25% for 82500."""
    whole, frac = divmod(rate_ppm, 10_000)
    return f"{whole}.{frac:04d}".rstrip("0").rstrip(".") + "%"


def format_qty(qty_milli: int) -> str:
    """2 for 2000, 0.455 for 455 (milli-units)."""
    whole, frac = divmod(abs(qty_milli), 1000)
    sign = "-" if qty_milli < 0 else ""
    return sign + (f"{whole}.{frac:03d}".rstrip("0").rstrip(".") if frac else str(whole))


class _Page:
    """Collects blocks for one receipt, knowing the width and the money format."""

    def __init__(self, data: ReceiptData, columns: int) -> None:
        self.data, self.columns = data, columns
        self.blocks: list[Block] = []

    def t(self, text: str) -> str:
        return tr(self.data.language, text)

    def money(self, amount: int, symbol: bool = False) -> str:
        return format_amount(amount, self.data.currency_exponent,
                             self.data.currency_symbol if symbol else "")

    def line(self, text: str = "", align: str = "left", bold: bool = False,
             size: str = "normal") -> None:
        for part in wrap(text, line_columns(size, self.columns)):
            self.blocks.append(Text(part, align, bold, size))

    def pair(self, left: str, right: str, bold: bool = False, size: str = "normal") -> None:
        for part in two_columns(left, right, line_columns(size, self.columns)):
            self.blocks.append(Text(part, "left", bold, size))

    def rule(self) -> None:
        self.blocks.append(Text("-" * self.columns))


def layout_receipt(data: ReceiptData, columns: int = 48, *, qr: str = "") -> list[Block]:
    """Lays a receipt out as blocks for a printer with this many columns."""
    p = _Page(data, columns)
    _marks(p)
    _header(p)
    p.rule()
    for line in data.lines:
        _item(p, line)
    p.rule()
    _totals(p)
    _taxes(p)
    _customer(p)
    p.blocks.append(Feed(1))
    p.blocks.append(Barcode(data.number))
    if qr or data.extra.get("qr"):
        p.blocks.append(QRCode(qr or data.extra["qr"]))
    if data.footer:
        p.line(data.footer, "center")
    _marks(p)
    p.blocks.append(Feed(2))
    p.blocks.append(Cut())
    return p.blocks


def _marks(p: _Page) -> None:
    if p.data.training:
        p.line(p.t("TRAINING - NOT A RECEIPT"), "center", bold=True, size="double")
    if p.data.copy:
        p.line(p.t("COPY"), "center", bold=True, size="double")


def _header(p: _Page) -> None:
    d = p.data
    p.line(d.store_name, "center", bold=True, size="double")
    if d.store_address:
        p.line(d.store_address, "center")
    if d.store_tax_id:
        p.line(d.store_tax_id, "center")
    p.rule()
    title = p.t("Refund") if d.kind == "refund" else p.t("Receipt")
    p.pair(f"{title} {d.number}", d.created_at[:16])
    if d.kind == "refund" and d.original_number:
        p.line(f"{p.t('Refund of')} {d.original_number}")
    p.pair(f"{p.t('Till')} {d.till}", f"{p.t('Cashier')} {d.cashier}")


def _item(p: _Page, line: ReceiptLine) -> None:
    gross = line.amount + line.discount
    p.pair(line.name, p.money(gross) + (f" {line.tax_class}" if line.tax_class else ""))
    if line.weighed or line.unit == "kg":
        p.line(f"  {format_qty(line.qty_milli)} kg x {p.money(line.unit_price)}/kg")
    elif line.qty_milli != 1000:
        p.line(f"  {format_qty(line.qty_milli)} x {p.money(line.unit_price)}")
    if line.discount:
        p.pair(f"  {p.t('Discount')}", p.money(-line.discount))


def _totals(p: _Page) -> None:
    d = p.data
    p.pair(p.t("Subtotal"), p.money(d.subtotal))
    if d.order_discount:
        p.pair(p.t("Order discount"), p.money(-d.order_discount))
    if d.rounding:
        p.pair(p.t("Rounding"), p.money(d.rounding))
    p.pair(p.t("TOTAL"), p.money(d.total, symbol=True), bold=True, size="double")
    for tender in d.tenders:
        label = p.t(TENDER_LABELS.get(tender.kind, tender.kind))
        if tender.reference:
            label += f" {tender.reference}"
        p.pair(label, p.money(tender.amount))
    if d.change:
        p.pair(p.t("Change"), p.money(d.change), bold=True)
    p.rule()


def _taxes(p: _Page) -> None:
    d = p.data
    if not d.taxes:
        return
    p.line(p.t("Tax included") if d.tax_mode == "inclusive" else p.t("Tax added"))
    cols = [p.t("Tax class"), p.t("Rate"), p.t("Net"), p.t("Tax")]
    rows = [[f"{t.code} {t.name}", format_rate(t.rate_ppm), p.money(t.net), p.money(t.tax)]
            for t in d.taxes]
    widths = [max(text_width(r[i]) for r in [cols, *rows]) for i in range(1, 4)]
    first = p.columns - sum(widths) - 3
    for row in [cols, *rows]:
        cells = [pad(row[0], first)]
        cells += [pad(cell, w, "right") for cell, w in zip(row[1:], widths, strict=True)]
        p.blocks.append(Text(" ".join(cells)))
    p.rule()


def _customer(p: _Page) -> None:
    d = p.data
    if d.customer:
        p.pair(p.t("Customer"), d.customer)
    if d.points_earned:
        p.pair(p.t("Points earned"), str(d.points_earned))
    if d.points_balance is not None:
        p.pair(p.t("Points balance"), str(d.points_balance))
