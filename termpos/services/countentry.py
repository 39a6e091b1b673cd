"""Provides entering counted quantities: one scan at the till, one line typed, a whole file.

See services/counts.py for the rule that keeps sales during a count from being counted twice:
each entry keeps the on-hand of its moment as the reference the difference is taken from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from termpos.core.errors import NotFound, Refused
from termpos.models import Product, StockCountLine
from termpos.services.countview import CountLineView, line_view, require_open_count
from termpos.services.invbase import check_qty, find_product
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand, on_hand_many
from termpos.store.tx import write_transaction

CHUNK = 500


def count_scan(rt: Runtime, count_id: int, code: str, qty: int = 1000) -> CountLineView:
    """Adds a scanned quantity to a product of an open count (the till's count screen)."""
    return enter_count(rt, code, qty, count_id=count_id, add=True)


def enter_count(rt: Runtime, code: str, qty: int, *, count_id: int | None = None,
                add: bool = False) -> CountLineView:
    """Sets (or with add=True adds to) the counted quantity of a product in the open count.

    Adding keeps the reference on-hand of the product's first entry; setting takes a new one.
    """
    if qty < 0:
        raise Refused("a counted quantity cannot be below zero")
    with write_transaction(rt.db):
        count = require_open_count(count_id)
        product = find_product(code)
        line = StockCountLine.get_or_none((StockCountLine.count == count.id)
                                          & (StockCountLine.product == product.id))
        if line is None:
            raise Refused(
                "{code} is not in stock count {count_id} ({scope})",
                code=product.code, count_id=count.id, scope=count.scope,
            )
        check_qty(product, qty)
        if add and line.counted_milli is not None:
            line.counted_milli = int(line.counted_milli) + qty
        else:
            line.counted_milli = qty
            line.counted_ref_milli = on_hand(product.id)
        line.counted_at = rt.clock.now()
        line.save()
    return line_view(line, product)


class _DryRun(Exception):
    """Rolls a checked-only import back."""


def enter_many(rt: Runtime, rows: list[tuple[str, int, str]], count_id: int | None = None,
               *, dry_run: bool = False) -> int:
    """Sets counted quantities from (code, qty, place) rows: all or nothing.

    The first bad row raises with its place (file:line) and nothing is changed; dry_run
    checks every row and rolls back. Rows are looked up and written a chunk at a time.
    """
    try:
        with write_transaction(rt.db):
            count = require_open_count(count_id)
            now = rt.clock.now()
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start:start + CHUNK]
                products = _products([code for code, _, _ in chunk])
                lines = _lines(count.id, [p.id for p in products.values()])
                stock = on_hand_many(lines)
                for code, qty, place in chunk:
                    product = products.get(code)
                    if product is None:
                        raise NotFound(
                            "{place}: no product with code or barcode {code!r}",
                            place=place, code=code,
                        )
                    if product.id not in lines:
                        raise Refused(
                            "{place}: {code} is not in stock count {count_id} ({scope})",
                            place=place, code=product.code, count_id=count.id, scope=count.scope,
                        )
                    check_qty(product, qty, place)
                    StockCountLine.update(counted_milli=qty, counted_ref_milli=stock[product.id],
                                          counted_at=now).where(
                        StockCountLine.id == lines[product.id]).execute()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return len(rows)


def _products(codes: list[str]) -> dict[str, Product]:
    """Products by code, else by barcode, for the codes given."""
    fields = (Product.id, Product.code, Product.barcode, Product.weighed)
    found = {p.code: p for p in Product.select(*fields).where(Product.code.in_(codes))}
    missing = [c for c in codes if c not in found]
    if missing:
        for p in Product.select(*fields).where(Product.barcode.in_(missing)):
            found[str(p.barcode)] = p
    return found


def _lines(count_id: int, product_ids: Iterable[int]) -> dict[int, int]:
    """The count's line id per product, for the products given."""
    query = StockCountLine.select(StockCountLine.product, StockCountLine.id).where(
        (StockCountLine.count == count_id) & StockCountLine.product.in_(list(product_ids)))
    pairs: Iterable[Any] = query.tuples()
    return {int(pid): int(lid) for pid, lid in pairs}

