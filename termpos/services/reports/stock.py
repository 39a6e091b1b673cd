"""Provides the stock, reorder and dead-stock reports; on-hand is the sum of stock movements.

Value at cost is on-hand x the product's cost, rounded half up per product. Stock belongs to
the store, not to a till, so --till does not apply here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from termpos.core.analysis import suggested_order
from termpos.core.money import div_half_up
from termpos.core.reporting import Column, Report
from termpos.services.reports.base import Filters, as_datetime, num, snapshot
from termpos.services.runtime import Runtime

ON_HAND = (
    "(SELECT product_id, CAST(SUM(qty_milli) AS BIGINT) AS qty FROM stock_move GROUP BY product_id)"
)

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
    limit = f"LIMIT {int(f.limit)}" if f.limit else ""
    with snapshot(rt) as q:
        value = q.cost_value("COALESCE(m.qty, 0)", "p.cost")
        found = q.rows(
            f"SELECT p.code, p.name, c.name, COALESCE(m.qty, 0), p.cost, {value}, "
            f"COUNT(*) OVER (), SUM({value}) OVER (), "
            "SUM(CASE WHEN m.qty < 0 THEN 1 ELSE 0 END) OVER () "
            f"FROM product p LEFT JOIN {ON_HAND} m ON m.product_id = p.id "
            "LEFT JOIN category c ON c.id = p.category_id "
            "WHERE p.active OR COALESCE(m.qty, 0) <> 0 "
            f"ORDER BY {value} DESC, p.code {limit}")
    rows = [(r[0], r[1], r[2] or "", num(r[3]), num(r[4]), num(r[5])) for r in found]
    first = found[0] if found else (0,) * 9
    notes = [f"{num(first[8])} products below zero: the shelf is right, the data is wrong"] \
        if num(first[8]) else []
    return Report(
        name="stock", title="Stock on hand", columns=STOCK_COLUMNS, rows=rows,
        summary=[(Column("products", "Products", "int"), num(first[6])),
                 (Column("value", "Value at cost", "money"), num(first[7])),
                 (Column("below_zero", "Below zero", "int"), num(first[8]))],
        notes=notes, empty="no products in the store",
    )


REORDER_COLUMNS = (
    Column("supplier", "Supplier"),
    Column("code", "Code"),
    Column("name", "Product"),
    Column("on_hand", "On hand", "qty"),
    Column("reorder_level", "Reorder at", "qty"),
    Column("sold", "Sold", "qty"),
    Column("per_day", "Per day", "qty"),
    Column("lead_days", "Lead days", "int"),
    Column("order_qty", "Order", "qty"),
    Column("order_cost", "Order cost", "money"),
)


def reorder_report(
    rt: Runtime, f: Filters, lead_days: int = 7, cover_days: int = 7
) -> Report:
    """Products at or below their reorder level, with what to order.

    The order covers the supplier's lead time (``lead_days`` when there is no supplier)
    plus ``cover_days`` at the rate sold over the report period, back up to the level.
    """
    with snapshot(rt) as q:
        found = q.rows(
            "SELECT p.id, COALESCE(sp.name, ''), p.code, p.name, COALESCE(m.qty, 0), "
            "p.reorder_level, sp.lead_time_days, p.cost, p.weighed "
            f"FROM product p LEFT JOIN {ON_HAND} m ON m.product_id = p.id "
            "LEFT JOIN supplier sp ON sp.id = p.supplier_id "
            "WHERE p.active AND p.reorder_level IS NOT NULL "
            "AND COALESCE(m.qty, 0) <= p.reorder_level ORDER BY COALESCE(sp.name, ''), p.code")
        sold = _sold(q, f)
    days = f.period.days
    rows = []
    for pid, sup, code, name, qty, level, lead, cost, weighed in found:
        lead_d = num(lead) if lead is not None else lead_days
        n_sold = num(sold.get(pid))
        order = suggested_order(num(qty), num(level), n_sold, days, lead_d, cover_days,
                                not weighed)
        rows.append((sup, code, name, num(qty), num(level), n_sold, div_half_up(n_sold, days),
                     lead_d, order, div_half_up(order * num(cost), 1000)))
    to_order = [r for r in rows if r[8] > 0]
    summary: list[tuple[Column, Any]] = [
        (Column("products", "Products at or below level", "int"), len(rows)),
        (Column("to_order", "Products to order", "int"), len(to_order)),
        (Column("order_cost", "Order cost", "money"), sum(r[9] for r in rows)),
    ]
    return Report(
        name="reorder", title="Reorder", columns=REORDER_COLUMNS,
        rows=rows[: f.limit] if f.limit else rows, period=f.period, summary=summary,
        notes=[f"velocity over {days} days; cover {cover_days} days after the lead time"],
        empty="nothing is at or below its reorder level",
    )


def _sold(q: Any, f: Filters) -> dict[int, int]:
    """Net quantity sold per product over the period (refunds subtract)."""
    return {int(pid): num(n) for pid, n in q.rows(
        "SELECT l.product_id, SUM(l.qty_milli) FROM sale s JOIN sale_line l ON l.sale_id = s.id "
        "WHERE s.created_at >= ? AND s.created_at < ? AND l.product_id IS NOT NULL "
        "GROUP BY l.product_id", [f.period.start, f.period.end])}


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
    lim = f"LIMIT {int(limit)}" if limit else ""
    with snapshot(rt) as q:
        value = q.cost_value("m.qty", "p.cost")
        found = q.rows(
            f"SELECT p.id, p.code, p.name, m.qty, {value}, COUNT(*) OVER (), "
            f"SUM({value}) OVER () FROM product p JOIN {ON_HAND} m ON m.product_id = p.id "
            "WHERE p.active AND m.qty > 0 AND p.id NOT IN (SELECT l.product_id FROM sale s "
            "JOIN sale_line l ON l.sale_id = s.id WHERE s.created_at >= ? AND s.created_at < ? "
            "AND s.kind = 'sale' AND l.product_id IS NOT NULL) "
            f"ORDER BY {value} DESC, p.code {lim}", [cutoff, end])
        ids = [r[0] for r in found]
        last: dict[int, Any] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            last.update(q.rows(
                "SELECT l.product_id, MAX(s.created_at) FROM sale_line l "
                f"JOIN sale s ON s.id = l.sale_id WHERE l.product_id IN ({marks}) "
                "AND s.kind = 'sale' GROUP BY l.product_id", chunk))
    rows = []
    for pid, code, name, qty, val, _, _ in found:
        seen = as_datetime(last.get(pid))
        rows.append((code, name, num(qty), num(val), seen.date() if seen else None,
                     (today - seen.date()).days if seen else None))
    first = found[0] if found else (0,) * 7
    return Report(
        name="dead-stock", title=f"Dead stock: no sales in {days} days", columns=DEAD_COLUMNS,
        rows=rows, summary=[(Column("products", "Products", "int"), num(first[5])),
                            (Column("value", "Value at cost", "money"), num(first[6]))],
        empty=f"every product in stock sold in the last {days} days",
    )
