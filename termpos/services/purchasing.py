"""Provides purchase orders: drafted by hand or from the reorder suggestion; listing, sending.

Receiving is in services/receiving.py; the suggestion in services/reordering.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from termpos.core.errors import NotFound, Refused
from termpos.core.i18n import N_
from termpos.core.reorder import (
    DEFAULT_REVIEW_DAYS,
    DEFAULT_WINDOW_DAYS,
    value_at_cost,
)
from termpos.models import Product, PurchaseOrder, PurchaseOrderLine, Supplier
from termpos.services import journal, reordering
from termpos.services.invbase import check_qty, find_product, fk_id, next_number, require
from termpos.services.runtime import Runtime
from termpos.services.suppliers import get_supplier, supplier_cost
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class OrderLineView:
    """One line of a purchase order: ordered, received so far, at what cost."""

    product_id: int
    code: str
    name: str
    supplier_code: str
    qty_milli: int
    received_milli: int
    cost: int


@dataclass(frozen=True)
class OrderView:
    """A purchase order with its lines, as commands show it."""

    id: int
    number: str
    supplier: str
    supplier_email: str
    status: str
    created_at: dt.datetime
    created_by: str
    note: str
    lines: tuple[OrderLineView, ...]

    @property
    def total_cost(self) -> int:
        """The ordered value at the order's costs, in minor units."""
        return sum(value_at_cost(line.qty_milli, line.cost) for line in self.lines)


def create_order(
    rt: Runtime, supplier: str, user: UserInfo, *, items: list[tuple[str, int]] | None = None,
    auto: bool = False, note: str = "", window_days: int = DEFAULT_WINDOW_DAYS,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> OrderView:
    """Drafts a numbered purchase order from the suggestion (auto) and/or listed items.

    A listed item sets the quantity of that product, replacing the suggested one.
    """
    require(rt, user, "back_office", N_("draft purchase orders"))
    wanted: dict[int, int] = {}
    with write_transaction(rt.db):
        s = get_supplier(supplier)
        if auto:
            for sug in reordering.suggestions(rt, s.name, window_days=window_days,
                                              review_days=review_days):
                wanted[sug.product_id] = sug.qty_milli
        for code, qty in items or []:
            product = find_product(code)
            check_qty(product, qty)
            wanted[product.id] = qty
        if not wanted:
            raise Refused(
                "nothing to order from {name}: none of their products needs reordering (list "
                "items with --item CODE*QTY)",
                name=s.name,
            )
        number = next_number(rt, "purchase_order", "PO")
        order = PurchaseOrder.create(number=number, supplier=s.id, status="draft",
                                     created_by=user.id, created_at=rt.clock.now(), note=note)
        products = {p.id: p for p in Product.select().where(Product.id.in_(list(wanted)))}
        for product_id, qty in sorted(wanted.items(), key=lambda kv: products[kv[0]].code):
            PurchaseOrderLine.create(order=order.id, product=product_id, qty_milli=qty,
                                     cost=supplier_cost(s.id, products[product_id]))
        journal.append(rt, "po.create", user.name, {
            "order": number, "supplier": s.name, "auto": auto,
            "lines": [[products[k].code, v] for k, v in sorted(wanted.items())],
        })
    return get_order(number)


def order_row(number: str) -> PurchaseOrder:
    """A purchase order row by number; NotFound names it."""
    order = PurchaseOrder.get_or_none(PurchaseOrder.number == number.strip().upper())
    if order is None:
        raise NotFound(
            "no purchase order {number!r} (see `termpos stock order list`)",
            number=number,
        )
    return order


def get_order(number: str) -> OrderView:
    """A purchase order and its lines by number (`PO-000001`)."""
    from termpos.models import SupplierProduct, User

    order = order_row(number)
    supplier = Supplier.get_by_id(fk_id(order, "supplier"))
    pairs: Iterable[Any] = (
        SupplierProduct.select(SupplierProduct.product, SupplierProduct.supplier_code)
        .where(SupplierProduct.supplier == supplier.id).tuples()
    )
    codes = {int(pid): str(code) for pid, code in pairs}
    lines = tuple(
        OrderLineView(line.product.id, line.product.code, line.product.name,
                      codes.get(line.product.id, ""), int(line.qty_milli),
                      int(line.received_milli), int(line.cost))
        for line in PurchaseOrderLine.select(PurchaseOrderLine, Product).join(Product)
        .where(PurchaseOrderLine.order == order.id).order_by(Product.code)
    )
    creator = User.get_or_none(User.id == fk_id(order, "created_by"))
    return OrderView(order.id, order.number, supplier.name, supplier.email, order.status,
                     order.created_at, creator.name if creator else "", order.note, lines)


def list_orders(status: str | None = None, supplier: str | None = None) -> list[OrderView]:
    """Purchase orders, newest first, optionally of one status or supplier."""
    query = PurchaseOrder.select(PurchaseOrder.number)
    if status is not None:
        query = query.where(PurchaseOrder.status == status)
    if supplier is not None:
        query = query.where(PurchaseOrder.supplier == get_supplier(supplier).id)
    return [get_order(o.number) for o in query.order_by(PurchaseOrder.id.desc())]


def mark_sent(rt: Runtime, user: UserInfo, number: str) -> OrderView:
    """Marks a draft order as sent to the supplier (refuses any other status)."""
    require(rt, user, "back_office", N_("send purchase orders"))
    with write_transaction(rt.db):
        order = order_row(number)
        if order.status != "draft":
            raise Refused(
                "{number} is {status}: only a draft can be sent",
                number=order.number, status=order.status,
            )
        PurchaseOrder.update(status="sent").where(PurchaseOrder.id == order.id).execute()
        journal.append(rt, "po.sent", user.name, {"order": order.number})
    return get_order(number)
