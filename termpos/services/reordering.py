"""Provides the reorder suggestion: products at or below their reorder level, what to order.

The arithmetic is core/reorder.py; here the database supplies on-hand, units sold in the
window and what is already on open orders, in a few grouped queries that filter in SQL, so
a large catalogue is never loaded. `report reorder` runs the same core.reorder formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, Case, fn

from termpos.core.reorder import (
    DEFAULT_REVIEW_DAYS,
    DEFAULT_WINDOW_DAYS,
    ReorderInput,
    suggested_qty,
)
from termpos.models import Product, PurchaseOrder, PurchaseOrderLine, StockMove, Supplier
from termpos.services.runtime import Runtime
from termpos.services.suppliers import get_supplier

OPEN_STATUSES = ("draft", "sent", "partial")


@dataclass(frozen=True)
class Suggestion:
    """One product to reorder and why."""

    product_id: int
    code: str
    name: str
    supplier_id: int | None
    on_hand_milli: int
    on_order_milli: int
    reorder_level_milli: int
    sold_milli: int
    qty_milli: int


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


def suggestions(
    rt: Runtime, supplier: str | None = None, *, window_days: int = DEFAULT_WINDOW_DAYS,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> list[Suggestion]:
    """Products at or below their reorder level (of one supplier, or all), what to order.

    What is already on open orders counts as on hand, so a product is not ordered twice.
    """
    since = rt.clock.now() - dt.timedelta(days=window_days)
    scope = Product.select(Product.id).where(Product.active
                                             & Product.reorder_level.is_null(False))
    supplier_id = get_supplier(supplier).id if supplier is not None else None
    if supplier_id is not None:
        scope = scope.where(Product.supplier == supplier_id)
    stock = _sums(StockMove.product.in_(scope)).alias("stock")
    sold = _sums(StockMove.product.in_(scope) & StockMove.kind.in_(("sale", "refund"))
                 & (StockMove.created_at >= since)).alias("sold")
    outstanding = Case(None, [(PurchaseOrderLine.qty_milli > PurchaseOrderLine.received_milli,
                               PurchaseOrderLine.qty_milli - PurchaseOrderLine.received_milli)],
                       0)
    ordered = (PurchaseOrderLine.select(PurchaseOrderLine.product.alias("pid"),
                                        fn.SUM(outstanding).alias("qty"))
               .join(PurchaseOrder)
               .where(PurchaseOrder.status.in_(OPEN_STATUSES)
                      & PurchaseOrderLine.product.in_(scope))
               .group_by(PurchaseOrderLine.product).alias("ordered"))
    on_hand, on_order = fn.COALESCE(stock.c.qty, 0), fn.COALESCE(ordered.c.qty, 0)
    query = (
        Product.select(Product.id, Product.code, Product.name, Product.reorder_level,
                       Product.weighed, Product.supplier, on_hand, on_order,
                       fn.COALESCE(sold.c.qty, 0))
        .join_from(Product, stock, JOIN.LEFT_OUTER, on=(stock.c.pid == Product.id))
        .join_from(Product, sold, JOIN.LEFT_OUTER, on=(sold.c.pid == Product.id))
        .join_from(Product, ordered, JOIN.LEFT_OUTER, on=(ordered.c.pid == Product.id))
        .where(Product.id.in_(scope) & (on_hand + on_order <= Product.reorder_level))
        .order_by(Product.code)
    )
    leads = {s.id: int(s.lead_time_days) for s in Supplier.select()}
    out: list[Suggestion] = []
    rows: Iterable[Any] = query.tuples().iterator()
    for pid, code, name, level, weighed, sup, have, coming, net_sold in rows:
        sold_milli = max(0, -int(net_sold))
        item = ReorderInput(
            on_hand_milli=int(have) + int(coming), reorder_level_milli=int(level),
            sold_milli=sold_milli, window_days=window_days,
            lead_time_days=leads.get(sup, 7) if sup is not None else 7,
            review_days=review_days, whole_units=not weighed,
        )
        qty = suggested_qty(item)
        if qty > 0:
            out.append(Suggestion(int(pid), code, name, sup, int(have), int(coming), int(level),
                                  sold_milli, qty))
    return out


def _sums(condition: Any) -> Any:
    """Movements summed per product under a condition, as a subquery (pid, qty)."""
    return (StockMove.select(StockMove.product.alias("pid"),
                             fn.SUM(StockMove.qty_milli).alias("qty"))
            .where(condition).group_by(StockMove.product))
