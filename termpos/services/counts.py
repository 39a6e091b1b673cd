"""Provides stock counts: freeze a set of products, enter counted quantities, book differences.

The rule against double counting sales made while a count is open: when a counted
quantity is entered, the on-hand of that moment is kept with it (the frozen quantity at
start plus every movement since). The difference booked at finish is counted minus that
reference, so a sale before the entry is already in the reference and a sale after it is
in neither; after finish, on-hand = counted + movements since the entry. Scans that add to
a product keep the reference of its first entry; `enter` (a set) takes a new one.
Only one count is open at a time. Finish books each difference once as a "count" movement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import JOIN, Value, fn

from termpos.core.errors import NotFound, Refused
from termpos.core.reorder import value_at_cost
from termpos.models import Category, Product, StockCount, StockCountLine, StockMove
from termpos.services import journal
from termpos.services.invbase import check_qty, find_product, fk_id, require
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand, record_move
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class CountLineView:
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
    id: int
    document: str
    status: str
    scope: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    products: int
    counted: int
    lines: tuple[CountLineView, ...]  # the lines asked for (differences, or all)


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
        raise NotFound(f"no stock count {count_id}")
    if count.status != "open":
        raise Refused(f"stock count {count_id} was finished at {count.finished_at:%Y-%m-%d %H:%M}")
    return count


def start_count(rt: Runtime, user: UserInfo, *, category: str | None = None,
                codes: list[str] | None = None) -> CountView:
    """Opens a count of all active products, one category, or listed codes, freezing on-hand."""
    require(rt, user, "back_office", "start stock counts")
    with write_transaction(rt.db):
        if open_count() is not None:
            raise Refused("a stock count is open already: finish it first")
        query = Product.select(Product.id).where(Product.active)
        scope = "all"
        if category is not None:
            cat = Category.get_or_none(fn.LOWER(Category.name) == category.strip().lower())
            if cat is None:
                raise NotFound(f"no category named {category!r}")
            query, scope = query.where(Product.category == cat.id), f"category:{cat.name}"
        if codes:
            ids = sorted({find_product(c).id for c in codes})
            query, scope = Product.select(Product.id).where(Product.id.in_(ids)), \
                f"items:{len(ids)}"
        count = StockCount.create(status="open", scope=scope[:200], created_by=user.id,
                                  created_at=rt.clock.now())
        moves = (StockMove.select(fn.COALESCE(fn.SUM(StockMove.qty_milli), 0))
                 .where(StockMove.product == Product.id))
        source = Product.select(Value(count.id), Product.id, moves).where(
            Product.id.in_(query))
        StockCountLine.insert_from(
            source, [StockCountLine.count, StockCountLine.product, StockCountLine.expected_milli]
        ).execute()
        n = StockCountLine.select().where(StockCountLine.count == count.id).count()
        if n == 0:
            raise Refused(f"nothing to count in {scope}")
        journal.append(rt, "count.start", user.name, {"count": count.id, "scope": scope,
                                                       "products": n})
    return count_view(count.id)


def _line(count: StockCount, code: str) -> tuple[StockCountLine, Product]:
    product = find_product(code)
    line = StockCountLine.get_or_none((StockCountLine.count == count.id)
                                      & (StockCountLine.product == product.id))
    if line is None:
        raise Refused(f"{product.code} is not in stock count {count.id} ({count.scope})")
    return line, product


def _set(rt: Runtime, line: StockCountLine, qty: int, add: bool) -> None:
    if add and line.counted_milli is not None:
        line.counted_milli = int(line.counted_milli) + qty
    else:
        line.counted_milli = qty
        line.counted_ref_milli = on_hand(_pid(line))
    if line.counted_milli < 0:
        raise Refused("a counted quantity cannot be below zero")
    line.counted_at = rt.clock.now()
    line.save()


def _line_view(line: StockCountLine, product: Product) -> CountLineView:
    return CountLineView(product.code, product.name, int(line.expected_milli),
                         line.counted_milli, line.counted_ref_milli, int(product.cost))


def count_scan(rt: Runtime, count_id: int, code: str, qty: int = 1000) -> CountLineView:
    """Adds a scanned quantity to a product of an open count (the till's count screen)."""
    return enter_count(rt, code, qty, count_id=count_id, add=True)


def enter_count(rt: Runtime, code: str, qty: int, *, count_id: int | None = None,
                add: bool = False) -> CountLineView:
    """Sets (or with add=True adds to) the counted quantity of a product in the open count."""
    if qty < 0:
        raise Refused("a counted quantity cannot be below zero")
    with write_transaction(rt.db):
        count = require_open_count(count_id)
        line, product = _line(count, code)
        check_qty(product, qty)
        _set(rt, line, qty, add)
    return _line_view(line, product)


class _DryRun(Exception):
    """Rolls a checked-only import back."""


def enter_many(rt: Runtime, rows: list[tuple[str, int, str]], count_id: int | None = None,
               *, dry_run: bool = False) -> int:
    """Sets counted quantities from (code, qty, place) rows: all or nothing.

    The first bad row raises with its place (file:line) and nothing is changed; dry_run
    checks every row and rolls back.
    """
    try:
        with write_transaction(rt.db):
            count = require_open_count(count_id)
            for code, qty, place in rows:
                try:
                    line, product = _line(count, code)
                    check_qty(product, qty)
                    _set(rt, line, qty, add=False)
                except (NotFound, Refused) as exc:
                    raise type(exc)(f"{place}: {exc}") from exc
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return len(rows)


def count_view(count_id: int, *, only_differences: bool = False) -> CountView:
    """A count with its lines (or just the counted lines that differ)."""
    count = StockCount.get_or_none(StockCount.id == count_id)
    if count is None:
        raise NotFound(f"no stock count {count_id}")
    query = (StockCountLine.select(StockCountLine, Product).join(Product, JOIN.INNER)
             .where(StockCountLine.count == count.id).order_by(Product.code))
    if only_differences:
        query = query.where(StockCountLine.counted_milli.is_null(False)
                            & (StockCountLine.counted_milli != StockCountLine.counted_ref_milli))
    lines = tuple(_line_view(ln, ln.product) for ln in query.iterator())
    base = StockCountLine.select().where(StockCountLine.count == count.id)
    counted = base.where(StockCountLine.counted_milli.is_null(False)).count()
    return CountView(count.id, document_of(count.id), count.status, count.scope,
                     count.created_at, count.finished_at, base.count(), counted, lines)


def finish_count(rt: Runtime, user: UserInfo, *, count_id: int | None = None,
                 zero_uncounted: bool = False) -> CountView:
    """Books every difference as a "count" movement, once; a second finish is refused.

    Products not counted are left as they are, unless zero_uncounted books them to zero.
    """
    require(rt, user, "back_office", "finish stock counts")
    with write_transaction(rt.db):
        count = require_open_count(count_id) if count_id is not None else open_count()
        if count is None:
            last = StockCount.select().order_by(StockCount.id.desc()).first()
            hint = f" (count {last.id} was finished already)" if last is not None else ""
            raise Refused(f"no stock count is open{hint}")
        # Taking the row again under the write lock makes "finish" happen exactly once.
        changed = StockCount.update(status="finished", finished_at=rt.clock.now()).where(
            (StockCount.id == count.id) & (StockCount.status == "open")).execute()
        if changed != 1:
            raise Refused(f"stock count {count.id} was finished already")
        booked: list[tuple[str, int, int]] = []
        for line in _pages(count.id):
            if line.counted_milli is None:
                if not zero_uncounted:
                    continue
                line.counted_milli, line.counted_ref_milli = 0, on_hand(_pid(line))
                line.counted_at = rt.clock.now()
                line.save()
            diff = int(line.counted_milli) - int(line.counted_ref_milli or 0)
            if diff:
                record_move(rt, _pid(line), diff, "count", document=document_of(count.id),
                            reason="count", user_id=user.id)
                booked.append((line.product.code, diff, value_at_cost(diff, line.product.cost)))
        journal.append(rt, "count.finish", user.name, {
            "count": count.id, "differences": [list(b) for b in booked],
            "value": sum(b[2] for b in booked),
        })
    return count_view(count.id, only_differences=True)


def _pid(line: StockCountLine) -> int:
    return fk_id(line, "product") or 0


def _pages(count_id: int, size: int = 1000) -> Iterator[StockCountLine]:
    """The lines of a count by id, a page at a time (safe while the caller writes)."""
    last = 0
    while True:
        page = list(
            StockCountLine.select(StockCountLine, Product).join(Product)
            .where((StockCountLine.count == count_id) & (StockCountLine.id > last))
            .order_by(StockCountLine.id).limit(size)
        )
        if not page:
            return
        yield from page
        last = page[-1].id
