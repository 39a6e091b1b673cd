"""Provides a customer's history and habits, computed in SQL from their sales and lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from peewee import JOIN, fn

from termpos.core.habits import Favourite, History, Visit
from termpos.models import Category, LoyaltyMove, Product, Sale, SaleLine
from termpos.services.loyalty import balance


def _favourites(customer_id: int, by_category: bool, limit: int) -> tuple[Favourite, ...]:
    """What the customer buys most often (in how many sales), then most of."""
    if limit <= 0:
        return ()
    times = fn.COUNT(SaleLine.sale.distinct())
    qty = fn.SUM(SaleLine.qty_milli)
    label = Category.name if by_category else fn.MAX(SaleLine.name)
    query = (SaleLine.select(label, times, qty, fn.SUM(SaleLine.amount))
             .join(Sale, on=(SaleLine.sale == Sale.id)))
    if by_category:
        query = (query.join(Product, on=(SaleLine.product == Product.id), src=SaleLine)
                 .join(Category, on=(Product.category == Category.id))
                 .group_by(Category.name))
    else:
        query = query.group_by(SaleLine.code)
    rows: Iterable[Any] = (query.where(Sale.customer == customer_id, Sale.kind == "sale")
                           .order_by(times.desc(), qty.desc(), label).limit(limit).tuples())
    return tuple(Favourite(str(name), int(n), int(q or 0), int(amount or 0))
                 for name, n, q, amount in rows)


def _recent(customer_id: int, limit: int) -> tuple[Visit, ...]:
    """The customer's last sales and refunds with the points each moved."""
    if limit <= 0:
        return ()
    points = fn.COALESCE(fn.SUM(LoyaltyMove.points), 0)
    rows: Iterable[Any] = (
        Sale.select(Sale.number, Sale.kind, Sale.created_at, Sale.total, points)
        .join(LoyaltyMove, JOIN.LEFT_OUTER, on=(LoyaltyMove.sale == Sale.id))
        .where(Sale.customer == customer_id)
        .group_by(Sale.id, Sale.number, Sale.kind, Sale.created_at, Sale.total)
        .order_by(Sale.created_at.desc(), Sale.id.desc()).limit(limit).tuples())
    return tuple(Visit(number, kind, at, int(total), int(p)) for number, kind, at, total, p in rows)


def history(customer_id: int, favourites: int = 5, recent: int = 5) -> History:
    """Visits, spend, first and last purchase, points, favourites and last visits."""
    rows: Iterable[Any] = (
        Sale.select(Sale.kind, fn.COUNT(Sale.id), fn.SUM(Sale.total),
                    fn.MIN(Sale.created_at), fn.MAX(Sale.created_at))
        .where(Sale.customer == customer_id).group_by(Sale.kind).tuples())
    by_kind = {kind: (int(n), abs(int(total or 0)), first, last)
               for kind, n, total, first, last in rows}
    visits, spend, first, last = by_kind.get("sale", (0, 0, None, None))
    refunds, refunded, _, _ = by_kind.get("refund", (0, 0, None, None))
    return History(
        visits=visits, refunds=refunds, spend=spend - refunded,
        first_purchase=first, last_purchase=last, points=balance(customer_id),
        products=_favourites(customer_id, False, favourites),
        categories=_favourites(customer_id, True, favourites),
        recent=_recent(customer_id, recent),
    )
