"""Provides the stock, reorder and dead-stock reports; on-hand is the sum of stock movements.

Value at cost is on-hand x the product's cost, rounded half up per product. Stock belongs to
the store, not to a till, so --till does not apply here. The sums are read from stock_level
(migration 0010: one row per product ever moved or sold, kept by triggers on every stock
movement, sale line and cost change), so no report sums a million movements.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from termpos.core.money import div_half_up
from termpos.core.reorder import order_qty
from termpos.core.reporting import Column, Report
from termpos.services.reports.base import Filters, Sql, as_datetime, num, snapshot
from termpos.services.runtime import Runtime

STOCK_COLUMNS = (
    Column("code", "Code"),
    Column("name", "Product"),
    Column("category", "Category"),
    Column("on_hand", "On hand", "qty"),
    Column("unit_cost", "Unit cost", "money"),
    Column("value", "Value at cost", "money"),
)


def stock_report(rt: Runtime, f: Filters) -> Report:
    """On-hand and value at cost per product, largest value first, with store totals."""
    with snapshot(rt) as q:
        found = _stock_top(q, int(f.limit)) if f.limit else _stock_rows(q, "", BY_VALUE, "")
        value_all, below = q.one(
            "SELECT SUM(value), SUM(CASE WHEN qty_milli < 0 THEN 1 ELSE 0 END) FROM stock_level")
        # listed: every active product, and inactive ones still holding stock
        idle = q.one("SELECT COUNT(*) FROM product p LEFT JOIN stock_level m "
                     "ON m.product_id = p.id WHERE p.active = ? AND COALESCE(m.qty_milli, 0) = 0",
                     [False])[0]
        listed = num(q.one("SELECT COUNT(*) FROM product")[0]) - num(idle)
    rows = [(r[0], r[1], r[2] or "", num(r[3]), num(r[4]), num(r[5])) for r in found]
    products = "product" if num(below) == 1 else "products"
    notes = [f"{num(below)} {products} below zero: the shelf is right, the data is wrong"] \
        if num(below) else []
    return Report(
        name="stock", title="Stock on hand", columns=STOCK_COLUMNS, rows=rows,
        summary=[(Column("products", "Products", "int"), listed),
                 (Column("value", "Value at cost", "money"), num(value_all)),
                 (Column("below_zero", "Below zero", "int"), num(below))],
        notes=notes, empty="no products in the store",
    )


BY_VALUE = "COALESCE(m.value, 0) DESC, p.code"


def _stock_rows(q: Sql, where: str, order: str, limit: str) -> list[tuple[Any, ...]]:
    """Listed products (active, or holding stock) matching ``where``."""
    return q.rows(
        "SELECT p.code, p.name, c.name, COALESCE(m.qty_milli, 0), p.cost, "
        "COALESCE(m.value, 0) FROM product p LEFT JOIN stock_level m ON m.product_id = p.id "
        "LEFT JOIN category c ON c.id = p.category_id "
        f"WHERE (p.active OR COALESCE(m.qty_milli, 0) <> 0) {where} "
        f"ORDER BY {order} {limit}")


def _stock_top(q: Sql, n: int) -> list[tuple[Any, ...]]:
    """The first ``n`` listed products: positive values, then zeros in code order, then
    negative values, so no query sorts or joins every product (top-n sorts only)."""
    found = q.rows(
        "SELECT p.code, p.name, c.name, m.qty_milli, p.cost, m.value FROM stock_level m "
        "JOIN product p ON p.id = m.product_id LEFT JOIN category c ON c.id = p.category_id "
        f"WHERE m.value > 0 ORDER BY m.value DESC, p.code LIMIT {n}")
    if len(found) < n:
        found += _stock_rows(q, "AND COALESCE(m.value, 0) = 0", "p.code",
                            f"LIMIT {n - len(found)}")
    if len(found) < n:
        found += q.rows(
            "SELECT p.code, p.name, c.name, m.qty_milli, p.cost, m.value FROM stock_level m "
            "JOIN product p ON p.id = m.product_id LEFT JOIN category c ON c.id = p.category_id "
            f"WHERE m.value < 0 ORDER BY m.value DESC, p.code LIMIT {n - len(found)}")
    return found


REORDER_COLUMNS = (
    Column("supplier", "Supplier"),
    Column("code", "Code"),
    Column("name", "Product"),
    Column("on_hand", "On hand", "qty"),
    Column("on_order", "On order", "qty"),
    Column("reorder_level", "Reorder at", "qty"),
    Column("sold", "Sold", "qty"),
    Column("per_day", "Per day", "qty"),
    Column("lead_days", "Lead days", "int"),
    Column("order_qty", "Order", "qty"),
    Column("order_cost", "Order cost", "money"),
)
# what open purchase orders still bring, per product (as `stock order --auto` counts it)
_ON_ORDER = (
    "SELECT ol.product_id AS pid, SUM(CASE WHEN ol.qty_milli > ol.received_milli "
    "THEN ol.qty_milli - ol.received_milli ELSE 0 END) AS qty FROM purchase_order_line ol "
    "JOIN purchase_order o ON o.id = ol.order_id "
    "WHERE o.status IN ('draft', 'sent', 'partial') GROUP BY ol.product_id"
)


def reorder_report(
    rt: Runtime, f: Filters, lead_days: int = 7, cover_days: int = 7
) -> Report:
    """Products at or below their reorder level (open orders counted in), what to order.

    The suggestion is core.reorder's, the one `stock order --auto` drafts: back up to the
    level plus the demand over the supplier's lead time (``lead_days`` when there is no
    supplier) and ``cover_days`` at the rate sold over the report period.
    """
    days = f.period.days
    with snapshot(rt) as q:
        # every product at or below its level, in report order, as numbers only
        found = q.rows(
            "SELECT p.id, COALESCE(m.qty_milli, 0), COALESCE(o.qty, 0), p.reorder_level, "
            "sp.lead_time_days, p.cost, p.weighed FROM product p "
            "LEFT JOIN stock_level m ON m.product_id = p.id "
            f"LEFT JOIN ({_ON_ORDER}) o ON o.pid = p.id "
            "LEFT JOIN supplier sp ON sp.id = p.supplier_id "
            "WHERE p.active AND p.reorder_level IS NOT NULL "
            "AND COALESCE(m.qty_milli, 0) + COALESCE(o.qty, 0) <= p.reorder_level "
            "ORDER BY COALESCE(sp.name, ''), p.code")
        sold = _sold(q, f, [int(r[0]) for r in found])
        shown = found[: f.limit] if f.limit else found
        names = _names(q, [r[0] for r in shown])
    n_order, total, rows = 0, 0, []
    for i, (pid, qty, coming, level, lead, cost, weighed) in enumerate(found):
        lead_d = lead_days if lead is None else int(lead)
        n_sold = sold.get(pid, 0)
        order = order_qty(int(qty) + num(coming), int(level), n_sold, days, lead_d,
                          cover_days, not weighed)
        if order > 0:
            n_order += 1
            total += div_half_up(order * int(cost), 1000)
        if i < len(shown):
            rows.append((*names[pid], int(qty), num(coming), int(level), n_sold,
                         div_half_up(n_sold, days), lead_d, order,
                         div_half_up(order * int(cost), 1000)))
    summary: list[tuple[Column, Any]] = [
        (Column("products", "Products at or below level", "int"), len(found)),
        (Column("to_order", "Products to order", "int"), n_order),
        (Column("order_cost", "Order cost", "money"), total),
    ]
    return Report(
        name="reorder", title="Reorder", columns=REORDER_COLUMNS,
        rows=rows, period=f.period, summary=summary,
        notes=[f"velocity over {days} days; order up to the level plus {cover_days} days "
               "after the lead time; open purchase orders count as on hand"],
        empty="nothing is at or below its reorder level",
    )


def _names(q: Sql, ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """Supplier name, code and name of the products shown (the rest are only counted)."""
    names: dict[int, tuple[str, str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        names.update((int(r[0]), (r[1], r[2], r[3])) for r in q.rows(
            "SELECT p.id, COALESCE(sp.name, ''), p.code, p.name FROM product p "
            "LEFT JOIN supplier sp ON sp.id = p.supplier_id "
            f"WHERE p.id IN ({', '.join('?' * len(chunk))})", chunk))
    return names


def _sold(q: Sql, f: Filters, ids: list[int]) -> dict[int, int]:
    """Units sold per product over the period, from the stock movements of sales and
    refunds (as `stock order --auto` measures it), never negative; for these products."""
    sold: dict[int, int] = {}
    for i in range(0, len(ids), 5000):
        chunk = ids[i : i + 5000]
        sold.update((int(pid), max(0, -num(n))) for pid, n in q.rows(
            "SELECT product_id, SUM(qty_milli) FROM stock_move "
            f"WHERE product_id IN ({', '.join('?' * len(chunk))}) "
            "AND kind IN ('sale', 'refund') AND created_at >= ? AND created_at < ? "
            "GROUP BY product_id", [*chunk, f.period.start, f.period.end]))
    return sold


DEAD_COLUMNS = (
    Column("code", "Code"),
    Column("name", "Product"),
    Column("on_hand", "On hand", "qty"),
    Column("value", "Value at cost", "money"),
    Column("last_sold", "Last sold", "date"),
    Column("days", "Days since", "int"),
)


def dead_stock_report(rt: Runtime, today: dt.date, days: int = 90, limit: int | None = None
                      ) -> Report:
    """Products in stock that sold nothing in the last ``days`` days, most value first."""
    cutoff = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time())
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    with snapshot(rt) as q:
        newest = as_datetime(q.one("SELECT MAX(created_at) FROM sale")[0])
        if newest is None or newest < end:
            found, n, total = _dead_by_last_sold(q, cutoff, limit)
        else:  # a past day: sales after it do not count, so look at the lines themselves
            found, n, total = _dead_by_lines(q, cutoff, end, limit)
    rows = []
    for code, name, qty, val, last in found:
        seen = as_datetime(last)
        rows.append((code, name, num(qty), num(val), seen.date() if seen else None,
                     (today - seen.date()).days if seen else None))
    return Report(
        name="dead-stock", title=f"Dead stock: no sales in {days} days", columns=DEAD_COLUMNS,
        rows=rows, summary=[(Column("products", "Products", "int"), n),
                            (Column("value", "Value at cost", "money"), total)],
        empty=f"every product in stock sold in the last {days} days",
    )


DEAD = "m.qty_milli > 0 AND (m.last_sold IS NULL OR m.last_sold < ?)"


def _dead_by_last_sold(q: Sql, cutoff: dt.datetime, limit: int | None
                       ) -> tuple[list[tuple[Any, ...]], int, int]:
    """Dead stock when no sale is newer than the period: not sold since ``cutoff``."""
    lim = f"LIMIT {int(limit)}" if limit else ""
    found = q.rows(
        "SELECT p.code, p.name, m.qty_milli, m.value, m.last_sold FROM stock_level m "
        f"JOIN product p ON p.id = m.product_id WHERE p.active AND {DEAD} "
        f"ORDER BY m.value DESC, p.code {lim}", [cutoff])
    n, total = q.one(f"SELECT COUNT(*), SUM(m.value) FROM stock_level m WHERE {DEAD}", [cutoff])
    off_n, off_total = q.one(  # inactive products are not listed (few: read by index)
        "SELECT COUNT(*), SUM(m.value) FROM product p JOIN stock_level m "
        f"ON m.product_id = p.id WHERE p.active = ? AND {DEAD}", [False, cutoff])
    return found, num(n) - num(off_n), num(total) - num(off_total)


def _dead_by_lines(q: Sql, cutoff: dt.datetime, end: dt.datetime, limit: int | None
                   ) -> tuple[list[tuple[Any, ...]], int, int]:
    """Dead stock over a past period: no 'sale' line from ``cutoff`` to ``end``."""
    lim = f"LIMIT {int(limit)}" if limit else ""
    found = q.rows(
        "SELECT p.code, p.name, m.qty_milli, m.value, m.last_sold, COUNT(*) OVER (), "
        "SUM(m.value) OVER () FROM product p JOIN stock_level m ON m.product_id = p.id "
        "WHERE p.active AND m.qty_milli > 0 AND p.id NOT IN (SELECT l.product_id FROM sale s "
        "JOIN sale_line l ON l.sale_id = s.id WHERE s.created_at >= ? AND s.created_at < ? "
        "AND s.kind = 'sale' AND l.product_id IS NOT NULL) "
        f"ORDER BY m.value DESC, p.code {lim}", [cutoff, end])
    first = found[0] if found else (0,) * 7
    return [r[:5] for r in found], num(first[5]), num(first[6])
