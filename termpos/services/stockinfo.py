"""Provides what stock tells the till and the back office: reorder and negative-stock warnings,
and the movement history of a product with the on-hand after each movement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from termpos.core.reorder import needs_reorder
from termpos.models import Product, Sale, StockMove, User
from termpos.services.invbase import ProductRef, find_product, to_ref
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand_many


@dataclass(frozen=True)
class StockWarning:
    """A product whose stock the cashier or the manager should know about."""

    product_id: int
    code: str
    name: str
    on_hand_milli: int
    reorder_level_milli: int | None


@dataclass(frozen=True)
class HistoryRow:
    """One movement with who, when and why, and the on-hand after it."""

    id: int
    created_at: dt.datetime
    kind: str
    qty_milli: int
    on_hand_after: int
    user: str
    document: str
    reason: str
    note: str


def _products(product_ids: Iterable[int]) -> list[Product]:
    ids = sorted(set(product_ids))
    if not ids:
        return []
    return list(Product.select().where(Product.id.in_(ids)).order_by(Product.code))


def reorder_warnings(rt: Runtime, product_ids: Iterable[int]) -> list[StockWarning]:
    """The products (of those given, e.g. a sale's) at or below their reorder level."""
    products = _products(product_ids)
    stock = on_hand_many(p.id for p in products)
    return [
        StockWarning(p.id, p.code, p.name, stock[p.id], p.reorder_level)
        for p in products if needs_reorder(stock[p.id], p.reorder_level)
    ]


@dataclass(frozen=True)
class SaleNotices:
    """What the till may tell the cashier after a sale, discreetly."""

    reorder: tuple[StockWarning, ...]  # at or below the reorder level
    negative: tuple[StockWarning, ...]  # sold below zero: flagged, never refused


def after_sale(rt: Runtime, product_ids: Iterable[int]) -> SaleNotices:
    """Both notices for the products of a sale, from one on-hand query."""
    products = _products(product_ids)
    stock = on_hand_many(p.id for p in products)
    warnings = [StockWarning(p.id, p.code, p.name, stock[p.id], p.reorder_level)
                for p in products]
    return SaleNotices(
        tuple(w for w in warnings if needs_reorder(w.on_hand_milli, w.reorder_level_milli)),
        tuple(w for w in warnings if w.on_hand_milli < 0),
    )


def negative_stock(rt: Runtime, product_ids: Iterable[int] | None = None) -> list[StockWarning]:
    """The products (of those given, or all) whose on-hand is below zero: sold but not in stock.

    Selling below zero is allowed (the shelf is right, the data is wrong); this flags it.
    """
    if product_ids is not None:
        products = _products(product_ids)
        stock = on_hand_many(p.id for p in products)
        return [StockWarning(p.id, p.code, p.name, stock[p.id], p.reorder_level)
                for p in products if stock[p.id] < 0]
    sums = (StockMove.select(StockMove.product.alias("pid"),
                             fn.SUM(StockMove.qty_milli).alias("qty"))
            .group_by(StockMove.product).having(fn.SUM(StockMove.qty_milli) < 0).alias("sums"))
    query = (Product.select(Product.id, Product.code, Product.name, Product.reorder_level,
                            sums.c.qty)
             .join(sums, on=(sums.c.pid == Product.id)).order_by(Product.code))
    rows: Iterable[Any] = query.tuples().iterator()
    return [StockWarning(int(pid), code, name, int(qty), level)
            for pid, code, name, level, qty in rows]


def history(code: str, *, limit: int | None = None) -> tuple[ProductRef, list[HistoryRow]]:
    """Every movement of a product, oldest first, with the running on-hand after each.

    With a limit, only the newest movements are returned; the running sum still starts
    from everything before them.
    """
    product = find_product(code)
    base = StockMove.select().where(StockMove.product == product.id)
    start_after = 0
    carried = 0
    if limit is not None:
        total = base.count()
        if total > limit:
            cut = (StockMove.select(StockMove.id).where(StockMove.product == product.id)
                   .order_by(StockMove.id).offset(total - limit - 1).limit(1).scalar())
            start_after = int(cut)
            carried = int(
                StockMove.select(fn.COALESCE(fn.SUM(StockMove.qty_milli), 0))
                .where((StockMove.product == product.id) & (StockMove.id <= start_after))
                .scalar() or 0
            )
    # A sale's movement may carry no user: the cashier is on the sale with that number.
    seller = User.alias("seller")
    rows = (
        StockMove.select(StockMove, fn.COALESCE(User.name, seller.name).alias("user_name"))
        .join_from(StockMove, User, JOIN.LEFT_OUTER, on=(StockMove.user == User.id))
        .join_from(StockMove, Sale, JOIN.LEFT_OUTER,
                   on=((Sale.number == StockMove.document)
                       & StockMove.kind.in_(("sale", "refund"))))
        .join_from(Sale, seller, JOIN.LEFT_OUTER, on=(Sale.user == seller.id))
        .where((StockMove.product == product.id) & (StockMove.id > start_after))
        .order_by(StockMove.id)
    )
    out: list[HistoryRow] = []
    running = carried
    for move in rows.objects().iterator():
        running += int(move.qty_milli)
        out.append(HistoryRow(move.id, move.created_at, move.kind, int(move.qty_milli), running,
                              move.user_name or "", move.document, move.reason, move.note))
    return to_ref(product), out
