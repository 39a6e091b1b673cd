"""Provides the cashiers report: sales, speed and the exceptions (voids, overrides, no-sales).

Items are the lines rung up on sales; items per minute divide them by the selling time,
which per cashier and day runs from their first to their last sale. The exceptions come from
the journal, where every sensitive action is recorded (the cashier is the payload's "user",
else the actor): line voids, cancelled baskets, overrides approved by a manager, and drawer
openings without a sale. A no-sale journaled under both of its names by one action (same
cashier, same second) counts once.
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
    Column("cancels", "Cancels", "int"),
    Column("overrides", "Overrides", "int"),
    Column("no_sales", "No-sales", "int"),
)
VOIDS = ("void", "line.void")
CANCELS = ("basket.cancel",)
OVERRIDES = ("override",)
NO_SALES = ("no_sale", "drawer.no_sale")
EXCEPTIONS = VOIDS + CANCELS + OVERRIDES + NO_SALES


def cashiers_report(rt: Runtime, f: Filters) -> Report:
    """One row per cashier who sold or caused an exception in the period."""
    where, params = period_where(f)
    jwhere, jparams = period_where(f, "j")
    kinds = ", ".join(f"'{k}'" for k in EXCEPTIONS)
    with snapshot(rt) as q:
        names = dict(q.rows('SELECT id, name FROM "user"'))
        day = q.day("s.created_at")
        # One pass per cashier and day: the day's figures and its first and last sale.
        per_day = q.rows(
            f"SELECT s.user_id, {day}, SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END), "
            "SUM(s.total), SUM(CASE WHEN s.kind = 'refund' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'refund' THEN s.total ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'sale' THEN "
            "(SELECT COUNT(*) FROM sale_line l WHERE l.sale_id = s.id) ELSE 0 END), "
            "MIN(CASE WHEN s.kind = 'sale' THEN s.created_at END), "
            "MAX(CASE WHEN s.kind = 'sale' THEN s.created_at END) "
            f"FROM sale s WHERE {where} GROUP BY s.user_id, {day}", params)
        events = q.rows(
            f"SELECT j.kind, j.actor, j.payload, j.created_at FROM journal j WHERE j.kind IN "
            f"({kinds}) AND {jwhere}", jparams)
    by_name: dict[str, list[int]] = {}

    def acc(name: str) -> list[int]:
        return by_name.setdefault(name, [0] * 9)

    seconds: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for uid, _, n, net, nref, refunded, nitems, first, last in per_day:
        name = names.get(uid, f"#{uid}")
        a = acc(name)
        a[0] += num(n)
        a[1] += num(net)
        a[2] += num(nitems)
        a[3] += num(nref)
        a[4] += num(refunded)
        a0, a1 = as_datetime(first), as_datetime(last)
        if a0 and a1:
            seconds.setdefault(name, []).append((a0, a1))
    drawer_seen: set[tuple[str, str]] = set()
    for kind, actor, payload, at in events:
        who = _cashier_of(actor, payload)
        if kind in NO_SALES:
            if (who, str(at)[:19]) in drawer_seen:
                continue
            drawer_seen.add((who, str(at)[:19]))
        slot = 5 if kind in VOIDS else 6 if kind in CANCELS else 7 if kind in OVERRIDES else 8
        acc(who)[slot] += 1
    rows: list[tuple[Any, ...]] = []
    for name in sorted(by_name, key=lambda n: (-by_name[n][1], n)):
        n, net, nitems, nref, refunded, voids, cancels, overrides, nos = by_name[name]
        secs = selling_seconds(seconds.get(name, []))
        rate = ratio(nitems * 60, secs) if secs else None
        rows.append((name, n, net, nitems, rate, nref, refunded, voids, cancels, overrides, nos))
    tot = [sum(r[i] or 0 for r in rows) for i in range(1, 11)]
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
