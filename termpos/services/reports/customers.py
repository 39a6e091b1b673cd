"""Provides the customers report (top customers with RFM segments) and one customer's habits.

Recency is days from the last visit to the end of the period; frequency the number of sales;
monetary the net spend (refunds subtract). Scores are quintiles among the customers who
bought in the period, so the segments describe this shop's customers, not a fixed scale.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from termpos.core.analysis import rfm
from termpos.core.charts import WEEKDAYS
from termpos.core.errors import NotFound
from termpos.core.reporting import Column, Report, ratio
from termpos.services.reports.base import Filters, as_datetime, num, period_where, snapshot
from termpos.services.runtime import Runtime

COLUMNS = (
    Column("rank", "#", "int"),
    Column("code", "Code"),
    Column("name", "Customer"),
    Column("visits", "Visits", "int"),
    Column("spend", "Spend", "money"),
    Column("avg_basket", "Avg basket", "money"),
    Column("last_visit", "Last visit", "date"),
    Column("recency_days", "Days since", "int"),
    Column("rfm", "R-F-M"),
    Column("segment", "Segment"),
)


def customers_report(rt: Runtime, f: Filters) -> Report:
    """Customers ranked by spend in the period, with RFM scores and segment counts."""
    where, params = period_where(f)
    with snapshot(rt) as q:
        found = q.rows(
            "SELECT x.cid, c.code, c.name, x.visits, x.spend, x.last FROM ("
            "SELECT s.customer_id AS cid, SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END) "
            "AS visits, SUM(s.total) AS spend, MAX(s.created_at) AS last FROM sale s "
            f"WHERE {where} AND s.customer_id IS NOT NULL GROUP BY s.customer_id) x "
            "JOIN customer c ON c.id = x.cid ORDER BY x.spend DESC, x.cid", params)
        anonymous = q.one(
            "SELECT SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END), SUM(s.total) FROM sale s "
            f"WHERE {where} AND s.customer_id IS NULL", params)
    lasts = [as_datetime(r[5]) for r in found]
    recency = [(f.period.last - d.date()).days if d else 0 for d in lasts]
    visits = [num(r[3]) for r in found]
    spend = [num(r[4]) for r in found]
    scores = rfm(recency, visits, spend)
    rows = []
    for rank, (r, d, rec, sc) in enumerate(zip(found, lasts, recency, scores, strict=True), 1):
        rows.append((rank, r[1], r[2], num(r[3]), num(r[4]), ratio(num(r[4]), num(r[3]), 1),
                     d.date() if d else None, rec,
                     f"{sc.recency}-{sc.frequency}-{sc.monetary}", sc.segment))
    segments = Counter(sc.segment for sc in scores)
    notes = ["segments: " + ", ".join(f"{k} {v}" for k, v in segments.most_common())] \
        if segments else []
    summary: list[tuple[Column, Any]] = [
        (Column("customers", "Customers", "int"), len(rows)),
        (COLUMNS[3], sum(visits)),
        (COLUMNS[4], sum(spend)),
        (Column("anonymous_sales", "Sales without customer", "int"), num(anonymous[0])),
        (Column("anonymous_spend", "Spend without customer", "money"), num(anonymous[1])),
    ]
    return Report(
        name="customers", title="Top customers", columns=COLUMNS,
        rows=rows[: f.limit] if f.limit else rows, period=f.period, till=f.till,
        summary=summary, notes=notes,
        empty=f"no sales to known customers from {f.period.first} to {f.period.last}",
    )


HISTORY_COLUMNS = (
    Column("date", "Date", "datetime"),
    Column("number", "Receipt"),
    Column("kind", "Kind"),
    Column("lines", "Lines", "int"),
    Column("total", "Total", "money"),
)


def customer_history(rt: Runtime, f: Filters, who: str) -> Report:
    """One customer's documents in the period, with visits, spend and favourite things."""
    where, params = period_where(f)
    with snapshot(rt) as q:
        match = q.rows("SELECT id, code, name FROM customer WHERE phone = ? OR code = ?",
                       [who, who])
        if not match:
            raise NotFound("customer {who!r}: no customer with this phone or code", who=who)
        cid, code, name = match[0]
        docs = q.rows(
            "SELECT s.created_at, s.number, s.kind, "
            "(SELECT COUNT(*) FROM sale_line l WHERE l.sale_id = s.id), s.total "
            f"FROM sale s WHERE {where} AND s.customer_id = ? "
            "ORDER BY s.created_at DESC, s.id DESC",
            [*params, cid])
        favourites = q.rows(
            "SELECT COALESCE(p.name, l.name), SUM(l.qty_milli), SUM(l.amount) "
            "FROM sale s JOIN sale_line l ON l.sale_id = s.id "
            f"LEFT JOIN product p ON p.id = l.product_id WHERE {where} AND s.customer_id = ? "
            "GROUP BY COALESCE(p.name, l.name) ORDER BY SUM(l.amount) DESC LIMIT 5",
            [*params, cid])
        categories = q.rows(
            "SELECT COALESCE(c.name, '(no category)'), SUM(l.amount) "
            "FROM sale s JOIN sale_line l ON l.sale_id = s.id "
            "LEFT JOIN product p ON p.id = l.product_id "
            f"LEFT JOIN category c ON c.id = p.category_id WHERE {where} AND s.customer_id = ? "
            "GROUP BY COALESCE(c.name, '(no category)') ORDER BY SUM(l.amount) DESC LIMIT 3",
            [*params, cid])
    rows = [(as_datetime(d), n, k, num(c), num(t)) for d, n, k, c, t in docs]
    sales = [r for r in rows if r[2] == "sale"]
    spend = sum(r[4] for r in rows)
    notes = []
    if favourites:
        notes.append("favourite products: " + ", ".join(str(p[0]) for p in favourites))
    if categories:
        notes.append("favourite categories: " + ", ".join(str(c[0]) for c in categories))
    times = [r[0] for r in sales if r[0] is not None]
    if times:
        day = Counter(t.weekday() for t in times).most_common(1)[0][0]
        hour = Counter(t.hour for t in times).most_common(1)[0][0]
        notes.append(f"usually shops on {WEEKDAYS[day]} around {hour:02d}:00")
        days = sorted({t.date() for t in times})
        if len(days) > 1:
            gap = ratio((days[-1] - days[0]).days, len(days) - 1, 10)
            notes.append(f"comes back every {gap // 10}.{gap % 10} days on average")
    summary: list[tuple[Column, Any]] = [
        (Column("visits", "Visits", "int"), len(sales)),
        (Column("spend", "Spend", "money"), spend),
        (Column("avg_basket", "Avg basket", "money"), ratio(spend, len(sales), 1)),
        (Column("first_visit", "First visit", "date"), min(times).date() if times else None),
        (Column("last_visit", "Last visit", "date"), max(times).date() if times else None),
    ]
    return Report(
        name="customer", title=f"Customer {code} {name}", columns=HISTORY_COLUMNS,
        rows=rows[: f.limit] if f.limit else rows, period=f.period, till=f.till,
        summary=summary, notes=notes,
        empty=f"customer {code} bought nothing from {f.period.first} to {f.period.last}",
    )
