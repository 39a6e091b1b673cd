"""Provides the stock ledger: every change of stock is a movement; on-hand is their sum."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termpos.models import StockLevel, StockMove
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
    """The on-hand quantity of a product in milli-units: the sum of its movements.

    Read from stock_level, which a trigger keeps equal to that sum on every insert.
    """
    total = (StockLevel.select(StockLevel.qty_milli)
             .where(StockLevel.product == product_id).scalar())
    return int(total or 0)


def on_hand_many(product_ids: Iterable[int]) -> dict[int, int]:
    """On-hand quantities for several products at once (missing ones are 0)."""
    ids = list(product_ids)
    result = dict.fromkeys(ids, 0)
    for i in range(0, len(ids), 500):
        query = (StockLevel.select(StockLevel.product, StockLevel.qty_milli)
                 .where(StockLevel.product.in_(ids[i : i + 500])))
        rows: Iterable[Any] = query.tuples()
        for product_id, qty in rows:
            result[int(product_id)] = int(qty)
    return result
