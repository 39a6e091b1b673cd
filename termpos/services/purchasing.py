"""Provides purchase orders: drafting them by hand or from the reorder suggestion, listing, sending.

Receiving deliveries is in services/receiving.py; the arithmetic is in core/reorder.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from termpos.core.errors import NotFound, Refused
from termpos.core.reorder import (
    DEFAULT_REVIEW_DAYS,
    DEFAULT_WINDOW_DAYS,
    ReorderInput,
    suggested_qty,
    value_at_cost,
)
from termpos.models import Product, PurchaseOrder, PurchaseOrderLine, StockMove, Supplier
from termpos.services import journal
from termpos.services.invbase import check_qty, find_product, fk_id, next_number, require
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand_many
from termpos.services.suppliers import get_supplier, supplier_cost
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

OPEN_STATUSES = ("draft", "sent", "partial")


@dataclass(frozen=True)
class Suggestion:
    """One product to reorder and why."""

    product_id: int
    code: str
    name: str
    on_hand_milli: int
    on_order_milli: int
    reorder_level_milli: int
    sold_milli: int
    qty_milli: int


@dataclass(frozen=True)
class OrderLineView:
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


def sold_in_window(rt: Runtime, product_ids: list[int], window_days: int) -> dict[int, int]:
    """Units sold per product in the last window_days (sales minus refunds), never negative."""
    result = dict.fromkeys(product_ids, 0)
    if not product_ids:
        return result
    since = rt.clock.now() - dt.timedelta(days=window_days)
    query = (
        StockMove.select(StockMove.product, fn.SUM(StockMove.qty_milli))
        .where(StockMove.product.in_(product_ids) & StockMove.kind.in_(("sale", "refund"))
               & (StockMove.created_at >= since))
        .group_by(StockMove.product)
    )
    rows: Iterable[Any] = query.tuples()
    for product_id, total in rows:
        result[int(product_id)] = max(0, -int(total or 0))
    return result


def on_order(product_ids: list[int]) -> dict[int, int]:
    """Quantities ordered but not yet received on open orders, per product."""
    result = dict.fromkeys(product_ids, 0)
    if not product_ids:
        return result
    rows = (
        PurchaseOrderLine.select(PurchaseOrderLine.product, PurchaseOrderLine.qty_milli,
                                 PurchaseOrderLine.received_milli)
        .join(PurchaseOrder)
        .where(PurchaseOrderLine.product.in_(product_ids)
               & PurchaseOrder.status.in_(OPEN_STATUSES))
    )
    for line in rows:
        outstanding = max(0, int(line.qty_milli) - int(line.received_milli))
        result[fk_id(line, "product") or 0] += outstanding
    return result


def suggestions(
    rt: Runtime, supplier: str | None = None, *, window_days: int = DEFAULT_WINDOW_DAYS,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> list[Suggestion]:
    """Products below their reorder level (of one supplier, or all) with what to order.

    On-hand counts what is already on open orders, so a product is not ordered twice.
    """
    query = Product.select().where(Product.active & Product.reorder_level.is_null(False))
    if supplier is not None:
        query = query.where(Product.supplier == get_supplier(supplier).id)
    out: list[Suggestion] = []
    batch: list[Product] = []
    for product in query.order_by(Product.code).iterator():
        batch.append(product)
        if len(batch) == 500:
            out.extend(_suggest_batch(rt, batch, window_days, review_days))
            batch = []
    out.extend(_suggest_batch(rt, batch, window_days, review_days))
    return out


def _suggest_batch(rt: Runtime, products: list[Product], window_days: int,
                   review_days: int) -> list[Suggestion]:
    ids = [p.id for p in products]
    stock, sold, ordered = on_hand_many(ids), sold_in_window(rt, ids, window_days), on_order(ids)
    leads = {s.id: int(s.lead_time_days) for s in Supplier.select()}
    out = []
    for p in products:
        item = ReorderInput(
            on_hand_milli=stock[p.id] + ordered[p.id], reorder_level_milli=p.reorder_level,
            sold_milli=sold[p.id], window_days=window_days,
            lead_time_days=leads.get(fk_id(p, "supplier") or 0, 7), review_days=review_days,
            whole_units=not p.weighed,
        )
        qty = suggested_qty(item)
        if qty > 0:
            out.append(Suggestion(p.id, p.code, p.name, stock[p.id], ordered[p.id],
                                  int(p.reorder_level or 0), sold[p.id], qty))
    return out


def create_order(
    rt: Runtime, supplier: str, user: UserInfo, *, items: list[tuple[str, int]] | None = None,
    auto: bool = False, note: str = "", window_days: int = DEFAULT_WINDOW_DAYS,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> OrderView:
    """Drafts a numbered purchase order from the suggestion (auto) and/or listed items.

    A listed item sets the quantity of that product, replacing the suggested one.
    """
    require(rt, user, "back_office", "draft purchase orders")
    wanted: dict[int, int] = {}
    with write_transaction(rt.db):
        s = get_supplier(supplier)
        if auto:
            for sug in suggestions(rt, s.name, window_days=window_days, review_days=review_days):
                wanted[sug.product_id] = sug.qty_milli
        for code, qty in items or []:
            product = find_product(code)
            check_qty(product, qty)
            wanted[product.id] = qty
        if not wanted:
            raise Refused(f"nothing to order from {s.name}: no product of theirs is below its "
                          "reorder level (list items with --item CODE*QTY)")
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
        raise NotFound(f"no purchase order {number!r} (see `termpos stock order list`)")
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
    require(rt, user, "back_office", "send purchase orders")
    with write_transaction(rt.db):
        order = order_row(number)
        if order.status != "draft":
            raise Refused(f"{order.number} is {order.status}: only a draft can be sent")
        PurchaseOrder.update(status="sent").where(PurchaseOrder.id == order.id).execute()
        journal.append(rt, "po.sent", user.name, {"order": order.number})
    return get_order(number)
