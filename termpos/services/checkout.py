"""Provides checkout: price the open basket, settle the tenders, record the sale at once.

``quote`` shows what is owed, the cash rounding and the change without writing anything;
``complete_sale`` refuses a sale that is not fully paid and otherwise records it (sale,
lines, taxes, tenders, stock, journal, the customer's points, print job, gap-free number)
in one transaction. A ``points`` tender (core.loyalty.points_tender) needs a customer on
the basket and enough points; the sale earns points on the part not paid with points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from termpos.core.cart import Cart
from termpos.core.document import DocLine, Document
from termpos.core.errors import PermissionDenied, Refused
from termpos.core.money import div_half_up, format_amount
from termpos.core.pricing import Totals
from termpos.core.receipt import ReceiptData
from termpos.core.tenders import Settlement, TenderInput, settle
from termpos.models import Basket, Product
from termpos.services.basket_rows import load_cart, open_row
from termpos.services.documents import record_document
from termpos.services.runtime import Runtime
from termpos.services.sale_loyalty import check_points, points_to_earn
from termpos.services.staff import can
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class SaleResult:
    """A completed sale: its number, the priced totals, the settlement and the receipt."""

    sale_id: int
    number: str
    totals: Totals
    settlement: Settlement
    receipt: ReceiptData

    @property
    def total(self) -> int:
        """What the customer paid (after cash rounding)."""
        return self.settlement.payable

    @property
    def change(self) -> int:
        """The change given in cash."""
        return self.settlement.change


def quote(rt: Runtime, basket_id: int,
          tenders: Sequence[TenderInput] = ()) -> tuple[Totals, Settlement]:
    """Prices the basket and applies tenders, writing nothing (for the tender screen)."""
    totals = load_cart(basket_id).totals(rt.settings)
    return totals, settle(totals.total, tenders, rt.settings.cash_rounding_step)


def build_sale(rt: Runtime, cart: Cart, user: UserInfo,
               tenders: Sequence[TenderInput]) -> tuple[Document, Totals, Settlement]:
    """The sale document of a basket paid with these tenders; refuses unless fully paid."""
    if not can(rt, user, "sell"):
        raise PermissionDenied(
            "{name} ({role}) may not sell",
            "sell",
            name=user.name, role=user.role,
        )
    live = cart.live_lines
    if not live:
        raise Refused("the basket is empty: scan an item first")
    totals = cart.totals(rt.settings)
    settlement = settle(totals.total, tenders, rt.settings.cash_rounding_step)
    if not settlement.complete:
        due = format_amount(settlement.remaining, rt.settings.currency_exponent,
                            rt.settings.currency_symbol)
        raise Refused("not paid in full: {due} still due", due=due)
    check_points(rt, cart.customer_id, settlement.tenders)
    ids = [ln.product_id for ln in live if ln.product_id is not None]
    costs = {p.id: int(p.cost) for p in Product.select(Product.id, Product.cost)
             .where(Product.id.in_(ids))} if ids else {}
    lines = []
    for ln, priced in zip(live, totals.lines, strict=True):
        unit_cost = costs.get(ln.product_id or 0, 0)
        lines.append(DocLine(
            product_id=ln.product_id, code=ln.code, name=ln.name, qty_milli=ln.qty_milli,
            unit_price=ln.unit_price, discount=priced.discount, amount=priced.amount,
            tax_class=ln.tax_class, tax_rate_ppm=priced.rate_ppm, tax=priced.tax,
            cost=div_half_up(unit_cost * ln.qty_milli, 1000), unit=ln.unit,
            weighed=ln.weighed,
        ))
    doc = Document(
        kind="sale", user_id=user.id, user_name=user.name, tax_mode=totals.tax_mode,
        lines=tuple(lines), taxes=totals.taxes, tenders=settlement.tenders,
        subtotal=totals.subtotal, discount_total=totals.discount_total,
        tax_total=totals.tax_total, total=settlement.payable, rounding=settlement.rounding,
        change=settlement.change, order_discount=totals.order_discount,
        customer_id=cart.customer_id, customer_name=cart.customer_name,
        points_earned=points_to_earn(rt, cart.customer_id, settlement.payable,
                                     settlement.tenders),
    )
    return doc, totals, settlement


def complete_sale(rt: Runtime, basket_id: int, user: UserInfo,
                  tenders: Sequence[TenderInput]) -> SaleResult:
    """Completes the open basket as a sale, all in one transaction, and closes the basket."""
    with write_transaction(rt.db):
        row = open_row(basket_id)
        doc, totals, settlement = build_sale(rt, load_cart(basket_id), user, tenders)
        recorded = record_document(rt, doc)
        Basket.update(status="done", updated_at=rt.clock.now()).where(
            Basket.id == row.id).execute()
    return SaleResult(recorded.sale_id, recorded.number, totals, settlement, recorded.receipt)
