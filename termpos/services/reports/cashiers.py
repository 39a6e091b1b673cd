"""Provides the cashiers report: sales, speed and the exceptions (voids, overrides, no-sales).

Items are the lines rung up on sales; items per minute divide them by the selling time,
which per cashier and day runs from their first to their last sale. Voids and overrides
come from the journal (the cashier is the payload's "user", else the actor); no-sales from
the cash movements of kind no_sale.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from termpos.core.analysis import selling_seconds
from termpos.core.reporting import Column, Report, ratio
from termpos.services.reports.base import Filters, as_datetime, num, period_where, snapshot
from termpos.services.runtime import Runtime

COLUMNS = (
    Column("cashier", "Cashier"),
    Column("sales", "Sales", "int"),
    Column("net", "Net", "money"),
    Column("items", "Items", "int"),
    Column("items_per_minute", "Items/min", "rate"),
    Column("refunds", "Refunds", "int"),
    Column("refunded", "Refunded", "money"),
    Column("voids", "Voids", "int"),
    Column("overrides", "Overrides", "int"),
    Column("no_sales", "No-sales", "int"),
)
EXCEPTION_KINDS = ("void", "override")


def cashiers_report(rt: Runtime, f: Filters) -> Report:
    """One row per cashier who sold or caused an exception in the period."""
    where, params = period_where(f)
    jwhere, jparams = period_where(f, "j")
    mparams: list[Any] = [f.period.start, f.period.end]
    mtill = ""
    if f.till:
        mtill = " AND sh.till = ?"
        mparams.append(f.till)
    with snapshot(rt) as q:
        names = dict(q.rows('SELECT id, name FROM "user"'))
        sales = q.rows(
            "SELECT s.user_id, SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END), "
            "SUM(s.total), SUM(CASE WHEN s.kind = 'refund' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'refund' THEN s.total ELSE 0 END) "
            f"FROM sale s WHERE {where} GROUP BY s.user_id", params)
        items = dict(q.rows(
            "SELECT s.user_id, COUNT(*) FROM sale s JOIN sale_line l ON l.sale_id = s.id "
            f"WHERE {where} AND s.kind = 'sale' GROUP BY s.user_id", params))
        day = q.day("s.created_at")
        spans = q.rows(
            f"SELECT s.user_id, MIN(s.created_at), MAX(s.created_at) FROM sale s "
            f"WHERE {where} AND s.kind = 'sale' GROUP BY s.user_id, {day}", params)
        events = q.rows(
            f"SELECT j.kind, j.actor, j.payload FROM journal j WHERE {jwhere} "
            "AND j.kind IN ('void', 'override')", jparams)
        no_sales = dict(q.rows(
            "SELECT m.user_id, COUNT(*) FROM cash_movement m JOIN shift sh ON sh.id = m.shift_id "
            f"WHERE m.kind = 'no_sale' AND m.created_at >= ? AND m.created_at < ?{mtill} "
            "GROUP BY m.user_id", mparams))
    by_name: dict[str, list[int]] = {}

    def acc(name: str) -> list[int]:
        return by_name.setdefault(name, [0] * 8)

    for uid, n, net, nref, refunded in sales:
        a = acc(names.get(uid, f"#{uid}"))
        a[0] += num(n)
        a[1] += num(net)
        a[3] += num(nref)
        a[4] += num(refunded)
        a[2] += num(items.get(uid))
    for uid, n in no_sales.items():
        acc(names.get(uid, f"#{uid}"))[7] += num(n)
    for kind, actor, payload in events:
        acc(_cashier_of(actor, payload))[5 if kind == "void" else 6] += 1
    seconds: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for uid, first, last in spans:
        a0, a1 = as_datetime(first), as_datetime(last)
        if a0 and a1:
            seconds.setdefault(names.get(uid, f"#{uid}"), []).append((a0, a1))
    rows: list[tuple[Any, ...]] = []
    for name in sorted(by_name, key=lambda n: (-by_name[n][1], n)):
        n, net, nitems, nref, refunded, voids, overrides, nos = by_name[name]
        secs = selling_seconds(seconds.get(name, []))
        rate = ratio(nitems * 60, secs) if secs else None
        rows.append((name, n, net, nitems, rate, nref, refunded, voids, overrides, nos))
    tot = [sum(r[i] or 0 for r in rows) for i in range(1, 10)]
    all_secs = selling_seconds(s for v in seconds.values() for s in v)
    tot[3] = ratio(tot[2] * 60, all_secs) if all_secs else 0
    return Report(
        name="cashiers", title="Cashiers and exceptions", columns=COLUMNS,
        rows=rows[: f.limit] if f.limit else rows, period=f.period, till=f.till,
        summary=[(c, v) for c, v in zip(COLUMNS[1:], tot, strict=True)],
        notes=["items per minute = lines rung up / time from first to last sale per day"],
        empty=f"no sales or exceptions from {f.period.first} to {f.period.last}",
    )


def _cashier_of(actor: str, payload: str) -> str:
    try:
        data = json.loads(payload)
    except ValueError:
        return actor
    user = data.get("user") if isinstance(data, dict) else None
    return str(user) if user else actor
