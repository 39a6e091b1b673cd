"""Provides the stock ledger: every change of stock is a movement; on-hand is their sum."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from peewee import fn

from termpos.models import StockMove
from termpos.services.runtime import Runtime

KINDS = ("sale", "refund", "receive", "adjust", "count", "import")


def record_move(
    rt: Runtime,
    product_id: int,
    qty_milli: int,
    kind: str,
    *,
    document: str = "",
    reason: str = "",
    note: str = "",
    user_id: int | None = None,
) -> StockMove:
    """Appends one movement (call inside the transaction of the document it belongs to)."""
    if kind not in KINDS:
        raise ValueError(f"unknown stock movement kind {kind!r}")
    return StockMove.create(
        product=product_id, qty_milli=qty_milli, kind=kind, document=document, reason=reason,
        note=note[:200], user=user_id, created_at=rt.clock.now(),
    )


def on_hand(product_id: int) -> int:
    """The on-hand quantity of a product in milli-units: the sum of its movements."""
    total = (
        StockMove.select(fn.COALESCE(fn.SUM(StockMove.qty_milli), 0))
        .where(StockMove.product == product_id)
        .scalar()
    )
    return int(total or 0)


def on_hand_many(product_ids: Iterable[int]) -> dict[int, int]:
    """On-hand quantities for several products at once (missing ones are 0)."""
    ids = list(product_ids)
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    query = (
        StockMove.select(StockMove.product, fn.SUM(StockMove.qty_milli).alias("qty"))
        .where(StockMove.product.in_(ids))
        .group_by(StockMove.product)
    )
    rows: Iterable[Any] = query.tuples()
    for product_id, qty in rows:
        result[int(product_id)] = int(qty)
    return result
