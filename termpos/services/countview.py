"""Provides what a stock count looks like to the commands and the till: lines and summaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from termpos.core.errors import NotFound, Refused
from termpos.core.reorder import value_at_cost
from termpos.models import Product, StockCount, StockCountLine


@dataclass(frozen=True)
class CountLineView:
    """One product of a count: frozen, counted, and the on-hand it is compared with."""

    code: str
    name: str
    expected_milli: int  # frozen at start
    counted_milli: int | None
    reference_milli: int | None  # on-hand when counted
    cost: int

    @property
    def difference_milli(self) -> int:
        """Counted minus the on-hand it was compared with (0 while not counted)."""
        if self.counted_milli is None or self.reference_milli is None:
            return 0
        return self.counted_milli - self.reference_milli

    @property
    def difference_value(self) -> int:
        """The difference at the product's cost, in minor units."""
        return value_at_cost(self.difference_milli, self.cost)


@dataclass(frozen=True)
class CountView:
    """A count's state with the lines asked for."""

    id: int
    document: str
    status: str
    scope: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    products: int
    counted: int
    lines: tuple[CountLineView, ...]  # the lines asked for (differences, all, or none)


def document_of(count_id: int) -> str:
    """The document name the count's movements carry."""
    return f"COUNT-{count_id:06d}"


def open_count() -> StockCount | None:
    """The open count, if any."""
    return StockCount.get_or_none(StockCount.status == "open")


def current_count_id() -> int | None:
    """The number of the open count, for the till's count screen (None when none is open)."""
    count = open_count()
    return None if count is None else int(count.id)


def require_open_count(count_id: int | None = None) -> StockCount:
    """The count to enter into: the given one (must be open) or the open one."""
    if count_id is None:
        count = open_count()
        if count is None:
            raise Refused("no stock count is open: start one with `termpos stock count start`")
        return count
    count = StockCount.get_or_none(StockCount.id == count_id)
    if count is None:
        raise NotFound("no stock count {count_id}", count_id=count_id)
    if count.status != "open":
        raise Refused(
            "stock count {count_id} was finished at {finished_at:%Y-%m-%d %H:%M}",
            count_id=count_id, finished_at=count.finished_at,
        )
    return count


def line_view(line: StockCountLine, product: Product) -> CountLineView:
    """Converts a count line and its product to a CountLineView."""
    return CountLineView(product.code, product.name, int(line.expected_milli),
                         line.counted_milli, line.counted_ref_milli, int(product.cost))


def count_view(count_id: int, *, lines: str = "differences") -> CountView:
    """A count with its lines: "differences" (counted lines that differ), "all" or "none"."""
    count = StockCount.get_or_none(StockCount.id == count_id)
    if count is None:
        raise NotFound("no stock count {count_id}", count_id=count_id)
    found: tuple[CountLineView, ...] = ()
    if lines != "none":
        query = (StockCountLine.select(StockCountLine, Product).join(Product, JOIN.INNER)
                 .where(StockCountLine.count == count.id).order_by(Product.code))
        if lines == "differences":
            query = query.where(
                StockCountLine.counted_milli.is_null(False)
                & (StockCountLine.counted_milli != StockCountLine.counted_ref_milli))
        found = tuple(line_view(ln, ln.product) for ln in query.iterator())
    base = StockCountLine.select().where(StockCountLine.count == count.id)
    counted = base.where(StockCountLine.counted_milli.is_null(False)).count()
    return CountView(count.id, document_of(count.id), count.status, count.scope,
                     count.created_at, count.finished_at, base.count(), counted, found)
