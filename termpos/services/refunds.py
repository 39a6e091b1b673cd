"""Provides refunds: by original receipt number (whole or partial) or, separately, without one.

A refund is a new document (kind "refund", its own gap-free number, referencing the
original) with negative quantities and amounts; stock comes back. A line can never be
refunded beyond what was sold minus what was already returned. Money goes back to the
original non-cash tenders first (as far as they paid), the rest in cash, or all in cash;
what points paid always goes back as whole points, never as cash. The customer's points
move in the refund's transaction (services.sale_loyalty): the refunded part's earned points
are taken back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from peewee import fn

from termpos.core.document import DocLine, Document
from termpos.core.errors import NotFound, Refused
from termpos.core.loyalty import POINTS
from termpos.core.money import div_half_up
from termpos.core.pricing import TaxRow, breakdown, cash_rounding
from termpos.core.tenders import TenderInput
from termpos.models import Customer, Product, Sale, SaleLine, Tender
from termpos.services.basket_rows import fk_id
from termpos.services.documents import Recorded, record_document
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class RefundableLine:
    """A line of an original sale with what is left to refund."""

    line_id: int
    seq: int
    product_id: int | None
    code: str
    name: str
    qty_sold: int
    qty_returned: int
    unit_price: int
    amount: int
    tax: int
    tax_class: str
    tax_rate_ppm: int
    discount: int
    cost: int
    weighed: bool
    returned_amount: int
    returned_tax: int
    returned_discount: int
    returned_cost: int

    @property
    def qty_left(self) -> int:
        """What may still be refunded, in milli-units."""
        return self.qty_sold - self.qty_returned


@dataclass(frozen=True)
class SaleSummary:
    """An original sale as the refund screen shows it."""

    sale_id: int
    number: str
    kind: str
    tax_mode: str
    total: int
    customer_id: int | None
    lines: tuple[RefundableLine, ...]
    tenders: tuple[TenderInput, ...]
    change: int


def lookup_sale(number: str) -> SaleSummary:
    """Finds a sale by its receipt number with what is left to refund on each line."""
    sale = Sale.get_or_none(Sale.number == number.strip())
    if sale is None:
        raise NotFound("no receipt {number!r}", number=number.strip())
    done: dict[int, dict[str, Any]] = {
        int(r["original_line"]): r for r in cast(list[dict[str, Any]], list(SaleLine.select(
            SaleLine.original_line, fn.SUM(SaleLine.qty_milli).alias("qty"),
            fn.SUM(SaleLine.amount).alias("amount"), fn.SUM(SaleLine.tax).alias("tax"),
            fn.SUM(SaleLine.discount).alias("discount"), fn.SUM(SaleLine.cost).alias("cost"),
        ).join(Sale, on=(SaleLine.sale == Sale.id))
        .where((Sale.original == sale.id) & SaleLine.original_line.is_null(False))
        .group_by(SaleLine.original_line).dicts()))
    }
    rows = list(SaleLine.select().where(SaleLine.sale == sale.id).order_by(SaleLine.seq))
    ids = [i for i in (fk_id(ln, "product") for ln in rows) if i is not None]
    weighed = {p.id for p in Product.select(Product.id).where(
        Product.id.in_(ids) & (Product.weighed == True))} if ids else set()  # noqa: E712
    lines = []
    for ln in rows:
        r = done.get(ln.id, {})
        lines.append(RefundableLine(
            ln.id, ln.seq, fk_id(ln, "product"), ln.code, ln.name, int(ln.qty_milli),
            -int(r.get("qty") or 0), int(ln.unit_price), int(ln.amount), int(ln.tax),
            ln.tax_class, int(ln.tax_rate_ppm), int(ln.discount), int(ln.cost),
            fk_id(ln, "product") in weighed, -int(r.get("amount") or 0),
            -int(r.get("tax") or 0), -int(r.get("discount") or 0), -int(r.get("cost") or 0)))
    tenders = tuple(TenderInput(t.kind, int(t.amount), t.reference)
                    for t in Tender.select().where(Tender.sale == sale.id).order_by(Tender.id))
    return SaleSummary(sale.id, sale.number, sale.kind, sale.tax_mode, int(sale.total),
                       fk_id(sale, "customer"), tuple(lines), tenders, int(sale.change))


def _share(whole: int, done: int, qty: int, sold: int, left_after: int) -> int:
    """The part of ``whole`` a quantity takes; the last return takes exactly what is left."""
    if left_after == 0:
        return whole - done
    return min(div_half_up(whole * qty, sold), whole - done)


def _refund_line(ln: RefundableLine, qty: int) -> DocLine:
    left_after = ln.qty_left - qty
    amount = _share(ln.amount, ln.returned_amount, qty, ln.qty_sold, left_after)
    tax = _share(ln.tax, ln.returned_tax, qty, ln.qty_sold, left_after)
    discount = _share(ln.discount, ln.returned_discount, qty, ln.qty_sold, left_after)
    cost = _share(ln.cost, ln.returned_cost, qty, ln.qty_sold, left_after)
    return DocLine(ln.product_id, ln.code, ln.name, -qty, ln.unit_price, -discount, -amount,
                   ln.tax_class, ln.tax_rate_ppm, -tax, -cost, ln.line_id)


def _points_back(rt: Runtime, original: SaleSummary, due: int) -> TenderInput | None:
    """The points tender paying back (part of) ``due`` where the original sale took points.

    Whole points only, at today's point value, never more than points paid less what earlier
    refunds gave back; what points cannot pay back goes to the other tenders.
    """
    paid = sum(t.amount for t in original.tenders if t.kind == POINTS)
    value = rt.settings.loyalty_point_value
    if paid <= 0 or value <= 0:
        return None
    paid_back = -int(Tender.select(fn.COALESCE(fn.SUM(Tender.amount), 0))
                     .join(Sale, on=(Tender.sale == Sale.id))
                     .where((Sale.original == original.sale_id) & (Tender.kind == POINTS))
                     .scalar() or 0)
    points = min(due, max(0, paid - paid_back)) // value
    return TenderInput(POINTS, -points * value, str(points)) if points > 0 else None


def refund_tenders(rt: Runtime, original: SaleSummary | None, due: int,
                   to: str) -> tuple[tuple[TenderInput, ...], int]:
    """Tenders paying ``due`` back (negative amounts) and the cash rounding of the cash part.

    What points paid always goes back as points (never turned into cash), first.
    """
    if to not in ("original", "cash"):
        raise Refused("refund to {to!r}: use original or cash", to=to)
    out: list[TenderInput] = []
    left = due
    back = _points_back(rt, original, due) if original is not None else None
    if back is not None:
        out.append(back)
        left += back.amount
    if to == "original" and original is not None:
        for t in original.tenders:
            if t.kind in ("cash", POINTS) or left == 0:
                continue
            paid_back = -int(Tender.select(fn.COALESCE(fn.SUM(Tender.amount), 0))
                             .join(Sale, on=(Tender.sale == Sale.id))
                             .where((Sale.original == original.sale_id) & (Tender.kind == t.kind)
                                    & (Tender.reference == t.reference)).scalar() or 0)
            take = min(left, max(0, t.amount - paid_back))
            if take:
                out.append(TenderInput(t.kind, -take, t.reference))
                left -= take
    rounding = 0
    if left:
        rounding = -cash_rounding(left, rt.settings.cash_rounding_step)
        out.append(TenderInput("cash", -(left - rounding), ""))
    return tuple(out), rounding


def _taxes(lines: Sequence[DocLine], tax_mode: str) -> tuple[TaxRow, ...]:
    from termpos.core.pricing import PricedLine

    priced = [PricedLine(0, 0, 0, 0, ln.amount, ln.tax,
                         ln.amount - ln.tax if tax_mode == "inclusive" else ln.amount,
                         ln.tax_class, ln.tax_rate_ppm) for ln in lines]
    return breakdown(priced)


def _document(rt: Runtime, user: UserInfo, lines: list[DocLine], tax_mode: str, to: str,
              original: SaleSummary | None, customer_id: int | None) -> Document:
    amounts = sum(ln.amount for ln in lines)
    tax_total = sum(ln.tax for ln in lines)
    gross_due = -(amounts + (tax_total if tax_mode == "exclusive" else 0))
    tenders, rounding = refund_tenders(rt, original, gross_due, to)
    customer_name = ""
    if customer_id is not None:
        customer_name = Customer.get_by_id(customer_id).name
    return Document(
        kind="refund", user_id=user.id, user_name=user.name, tax_mode=tax_mode,
        lines=tuple(lines), taxes=_taxes(lines, tax_mode), tenders=tenders,
        subtotal=sum(ln.amount + ln.discount for ln in lines),
        discount_total=sum(ln.discount for ln in lines), tax_total=tax_total,
        total=-gross_due + rounding, rounding=rounding, customer_id=customer_id,
        customer_name=customer_name, original_id=original.sale_id if original else None,
        original_number=original.number if original else "",
    )


def _refund_lines(number: str, quantities: Mapping[int, int] | None
                  ) -> tuple[SaleSummary, list[DocLine]]:
    """The refund lines asked for, refused beyond what was sold minus what came back."""
    original = lookup_sale(number)
    if original.kind != "sale":
        raise Refused("{number} is a refund: only sales can be refunded", number=original.number)
    by_seq = {ln.seq: ln for ln in original.lines}
    wanted = quantities if quantities is not None else {
        ln.seq: ln.qty_left for ln in original.lines if ln.qty_left > 0}
    lines = []
    for seq, qty in sorted(wanted.items()):
        ln = by_seq.get(seq)
        if ln is None:
            raise NotFound("{number} has no line {seq}", number=original.number, seq=seq)
        if qty <= 0:
            raise Refused("line {seq}: a refund quantity must be more than zero", seq=seq)
        if not ln.weighed and qty % 1000:
            raise Refused(
                "line {seq} ({name}): sold by the item, refund whole items",
                seq=seq, name=ln.name,
            )
        if qty > ln.qty_left:
            raise Refused(
                "line {seq} ({name}): only {left:g} left to refund of {sold:g} sold",
                seq=seq, name=ln.name, left=ln.qty_left / 1000, sold=ln.qty_sold / 1000,
            )
        lines.append(_refund_line(ln, qty))
    if not lines:
        raise Refused("{number}: nothing left to refund", number=original.number)
    return original, lines


def refund(rt: Runtime, number: str, user: UserInfo,
           quantities: Mapping[int, int] | None = None, *, to: str = "original",
           approver: tuple[str, str] | None = None, reason: str = "") -> Recorded:
    """Refunds a sale by receipt number: all that is left, or ``{line seq: qty_milli}``.

    Checked, then authorised (outside the write, so a wrong approver PIN stays counted),
    then checked again and recorded in one transaction.
    """
    original, _ = _refund_lines(number, quantities)
    authorize(rt, user, "refund_with_receipt", approver=approver, reason=reason,
              before=original.number)
    with write_transaction(rt.db):
        original, lines = _refund_lines(number, quantities)
        doc = _document(rt, user, lines, original.tax_mode, to, original, original.customer_id)
        return record_document(rt, doc)


def refund_without_receipt(rt: Runtime, user: UserInfo, items: Sequence[tuple[str, int]], *,
                           approver: tuple[str, str] | None = None,
                           reason: str = "") -> Recorded:
    """Refunds goods without a receipt at today's prices, in cash; needs its own permission."""
    from termpos.core.pricing import LineInput, price_lines

    if not reason.strip():
        raise Refused("a refund without a receipt needs a reason")
    authorize(rt, user, "refund_without_receipt", approver=approver, reason=reason)
    with write_transaction(rt.db):
        products = []
        for code, qty in items:
            p = Product.get_or_none((Product.barcode == code) | (Product.code == code))
            if p is None:
                raise NotFound("not found: {code}", code=code)
            if qty <= 0 or (not p.weighed and qty % 1000):
                raise Refused("{name}: bad refund quantity", name=p.name)
            products.append((p, qty))
        if not products:
            raise Refused("nothing to refund")
        s = rt.settings
        inputs = [LineInput(i, int(p.price), q, p.tax_class, s.tax_class(p.tax_class).rate_ppm)
                  for i, (p, q) in enumerate(products)]
        totals = price_lines(inputs, tax_mode=s.tax_mode, tax_rounding=s.tax_rounding)
        lines = [DocLine(p.id, p.code, p.name, -q, int(p.price), 0, -pl.amount, p.tax_class,
                         pl.rate_ppm, -pl.tax, -div_half_up(int(p.cost) * q, 1000),
                         unit=p.unit, weighed=bool(p.weighed))
                 for (p, q), pl in zip(products, totals.lines, strict=True)]
        return record_document(rt, _document(rt, user, lines, s.tax_mode, "cash", None, None))
