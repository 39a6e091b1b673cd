"""Provides the sales report (by day, week or month, with a trend) and the hourly heat map."""

from __future__ import annotations

import datetime as dt
from typing import Any

from termpos.core.charts import WEEKDAYS
from termpos.core.periods import bucket_label, bucket_start, buckets
from termpos.core.reporting import BarChart, Column, HeatMap, Report, percent, ratio
from termpos.services.reports.base import Filters, num, period_where, snapshot
from termpos.services.runtime import Runtime

SALES_COLUMNS = (
    Column("period", "Period"),
    Column("sales", "Sales", "int"),
    Column("refunds", "Refunds", "int"),
    Column("gross", "Gross sales", "money"),
    Column("refunded", "Refunded", "money"),
    Column("net", "Net", "money"),
    Column("tax", "Tax", "money"),
    Column("discounts", "Discounts", "money"),
    Column("avg_basket", "Avg basket", "money"),
)


def sales_report(rt: Runtime, f: Filters, by: str = "day") -> Report:
    """Sales, refunds, net, tax and discounts per day, ISO week or month, every bucket shown."""
    where, params = period_where(f)
    with snapshot(rt) as q:
        day = q.day("s.created_at")
        found = q.rows(
            f"SELECT {day}, "
            "SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'refund' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'sale' THEN s.total ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'refund' THEN s.total ELSE 0 END), "
            "SUM(s.tax_total), SUM(s.discount_total) "
            f"FROM sale s WHERE {where} GROUP BY {day}",
            params,
        )
    acc: dict[dt.date, list[int]] = {b: [0] * 6 for b in buckets(f.period, by)}
    for row in found:
        start = bucket_start(dt.date.fromisoformat(str(row[0])), by)
        vals = acc[start]
        for i in range(6):
            vals[i] += num(row[i + 1])
    rows: list[tuple[Any, ...]] = []
    for start, (n, nref, gross, refunded, tax, disc) in acc.items():
        rows.append((bucket_label(start, by), n, nref, gross, refunded, gross + refunded, tax,
                     disc, ratio(gross, n, 1) if n else 0))
    tot = [sum(r[i] for r in rows) for i in range(1, 8)]
    report = Report(
        name="sales", title=f"Sales by {by}", columns=SALES_COLUMNS,
        rows=rows if tot[0] or tot[1] else [], period=f.period, till=f.till,
        summary=[(c, v) for c, v in zip(SALES_COLUMNS[1:8], tot, strict=True)]
        + [(SALES_COLUMNS[8], ratio(tot[2], tot[0], 1) if tot[0] else 0)],
        chart=BarChart(tuple((r[0], r[5]) for r in rows), "money", "Net sales"),
        empty=f"no sales or refunds from {f.period.first} to {f.period.last}",
    )
    if f.limit is not None and report.rows:
        report.rows = report.rows[-f.limit :]
        report.chart = BarChart(tuple((r[0], r[5]) for r in report.rows), "money", "Net sales")
    return report


HOURLY_COLUMNS = (
    Column("hour", "Hour", "int"),
    Column("sales", "Sales", "int"),
    Column("net", "Net", "money"),
    Column("share", "Share of sales %", "pct"),
)


def hourly_report(rt: Runtime, f: Filters) -> Report:
    """Sales per hour of the day, and a weekday x hour heat map of the number of sales."""
    where, params = period_where(f)
    with snapshot(rt) as q:
        wd, hr = q.weekday("s.created_at"), q.hour("s.created_at")
        found = q.rows(
            f"SELECT {wd}, {hr}, SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END), "
            f"SUM(s.total) FROM sale s WHERE {where} GROUP BY {wd}, {hr}",
            params,
        )
    matrix = [[0] * 24 for _ in range(7)]
    per_hour: dict[int, list[int]] = {}
    for weekday, hour, n, net in found:
        matrix[int(weekday)][int(hour)] += num(n)
        acc = per_hour.setdefault(int(hour), [0, 0])
        acc[0] += num(n)
        acc[1] += num(net)
    count = sum(v[0] for v in per_hour.values())
    rows = [(h, v[0], v[1], percent(v[0], count)) for h, v in sorted(per_hour.items())]
    return Report(
        name="hourly", title="Sales by hour", columns=HOURLY_COLUMNS, rows=rows,
        period=f.period, till=f.till,
        summary=[(HOURLY_COLUMNS[1], count),
                 (HOURLY_COLUMNS[2], sum(v[1] for v in per_hour.values()))],
        chart=HeatMap(tuple(tuple(r) for r in matrix), WEEKDAYS, 0, "int",
                      "Number of sales, weekday x hour"),
        empty=f"no sales from {f.period.first} to {f.period.last}",
    )
