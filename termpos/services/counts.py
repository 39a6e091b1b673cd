"""Provides stock counts: freeze a set of products, enter counted quantities, book differences.

The rule against double counting sales made while a count is open: when a counted
quantity is entered, the on-hand of that moment is kept with it (the frozen quantity at
start plus every movement since). The difference booked at finish is counted minus that
reference, so a sale before the entry is already in the reference and a sale after it is
in neither; after finish, on-hand = counted + movements since the entry. Scans that add to
a product keep the reference of its first entry; `enter` (a set) takes a new one.
Only one count is open at a time. Finish books each difference once as a "count" movement.

Entering quantities is in services/countentry.py, views in services/countview.py; the
names the till and the commands use are all importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from peewee import JOIN, Value, fn

from termpos.core.errors import NotFound, Refused
from termpos.core.i18n import N_
from termpos.core.reorder import value_at_cost
from termpos.models import Category, Product, StockCount, StockCountLine, StockMove
from termpos.services import journal
from termpos.services.countentry import count_scan, enter_count, enter_many
from termpos.services.countview import (
    CountLineView,
    CountView,
    count_view,
    current_count_id,
    document_of,
    open_count,
    require_open_count,
)
from termpos.services.invbase import find_product, require
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand_many, record_move
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

__all__ = [
    "CountLineView", "CountView", "count_scan", "count_view", "current_count_id",
    "enter_count", "enter_many", "finish_count", "open_count", "start_count",
]


def start_count(rt: Runtime, user: UserInfo, *, category: str | None = None,
                codes: list[str] | None = None) -> CountView:
    """Opens a count of all active products, one category, or listed codes, freezing on-hand.

    Returns the count's summary (no lines: a count of everything can be very long).
    """
    require(rt, user, "back_office", N_("start stock counts"))
    with write_transaction(rt.db):
        if open_count() is not None:
            raise Refused("a stock count is open already: finish it first")
        chosen = Product.select(Product.id).where(Product.active)
        scope = "all"
        if category is not None:
            cat = Category.get_or_none(fn.LOWER(Category.name) == category.strip().lower())
            if cat is None:
                raise NotFound("no category named {category!r}", category=category)
            chosen, scope = chosen.where(Product.category == cat.id), f"category:{cat.name}"
        count = StockCount.create(status="open", scope="", created_by=user.id,
                                  created_at=rt.clock.now())
        if codes:
            ids = sorted({find_product(c).id for c in codes})
            scope = f"items:{len(ids)}"
            stock = on_hand_many(ids)
            StockCountLine.insert_many(
                [{"count": count.id, "product": i, "expected_milli": stock[i]} for i in ids]
            ).execute()
        else:
            # One pass over the ledger, joined to the products counted.
            sums = (StockMove.select(StockMove.product.alias("pid"),
                                     fn.SUM(StockMove.qty_milli).alias("qty"))
                    .group_by(StockMove.product).alias("sums"))
            source = (Product.select(Value(count.id), Product.id, fn.COALESCE(sums.c.qty, 0))
                      .join(sums, JOIN.LEFT_OUTER, on=(sums.c.pid == Product.id))
                      .where(Product.id.in_(chosen)))
            StockCountLine.insert_from(source, [
                StockCountLine.count, StockCountLine.product, StockCountLine.expected_milli,
            ]).execute()
        StockCount.update(scope=scope[:200]).where(StockCount.id == count.id).execute()
        n = StockCountLine.select().where(StockCountLine.count == count.id).count()
        if n == 0:
            raise Refused("nothing to count in {scope}", scope=scope)
        journal.append(rt, "count.start", user.name, {"count": count.id, "scope": scope,
                                                       "products": n})
    return count_view(count.id, lines="none")


def finish_count(rt: Runtime, user: UserInfo, *, count_id: int | None = None,
                 zero_uncounted: bool = False) -> CountView:
    """Books every difference as a "count" movement, once; a second finish is refused.

    Products not counted are left as they are, unless zero_uncounted books them to zero.
    Returns the count with the lines that differed.
    """
    require(rt, user, "back_office", N_("finish stock counts"))
    with write_transaction(rt.db):
        count = require_open_count(count_id) if count_id is not None else open_count()
        if count is None:
            last = StockCount.select().order_by(StockCount.id.desc()).first()
            hint = f" (count {last.id} was finished already)" if last is not None else ""
            raise Refused("no stock count is open{hint}", hint=hint)
        # Changing the status under the write lock makes "finish" happen exactly once.
        now = rt.clock.now()
        changed = StockCount.update(status="finished", finished_at=now).where(
            (StockCount.id == count.id) & (StockCount.status == "open")).execute()
        if changed != 1:
            raise Refused("stock count {count_id} was finished already", count_id=count.id)
        if zero_uncounted:
            for page in _pages(count.id, counted=False):
                stock = on_hand_many(row[1] for row in page)
                for line_id, product_id, *_ in page:
                    StockCountLine.update(counted_milli=0, counted_ref_milli=stock[product_id],
                                          counted_at=now).where(
                        StockCountLine.id == line_id).execute()
        booked: list[tuple[str, int, int]] = []
        for page in _pages(count.id, counted=True):
            for _, product_id, code, cost, counted, reference in page:
                diff = int(counted) - int(reference or 0)
                if diff:
                    record_move(rt, product_id, diff, "count", document=document_of(count.id),
                                reason="count", user_id=user.id)
                    booked.append((code, diff, value_at_cost(diff, int(cost))))
        journal.append(rt, "count.finish", user.name, {
            "count": count.id, "differences": [list(b) for b in booked],
            "value": sum(b[2] for b in booked),
        })
    return count_view(count.id)


def _pages(count_id: int, *, counted: bool, size: int = 1000) -> Iterator[list[Any]]:
    """Counted (or uncounted) lines of a count as (line id, product id, code, cost, counted,
    reference) tuples, a page at a time by line id (safe while the caller writes)."""
    last = 0
    flag = StockCountLine.counted_milli.is_null(not counted)
    while True:
        query = (
            StockCountLine.select(StockCountLine.id, StockCountLine.product, Product.code,
                                  Product.cost, StockCountLine.counted_milli,
                                  StockCountLine.counted_ref_milli)
            .join(Product)
            .where((StockCountLine.count == count_id) & (StockCountLine.id > last) & flag)
            .order_by(StockCountLine.id).limit(size)
        )
        rows: Iterable[Any] = query.tuples()
        page = list(rows)
        if not page:
            return
        yield page
        last = page[-1][0]
