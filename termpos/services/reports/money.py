"""Provides the payments, tax and refunds reports.

Cash tenders record what the customer handed over and the sale records the change given,
so net cash is tendered cash less change; the net of all tenders equals the sales total.
"""

from __future__ import annotations

from typing import Any

from termpos.core.reporting import BarChart, Column, Report, percent
from termpos.services.reports.base import Filters, as_datetime, num, period_where, snapshot
from termpos.services.runtime import Runtime

PAYMENT_COLUMNS = (
    Column("kind", "Tender"),
    Column("count", "Tenders", "int"),
    Column("tendered", "Tendered", "money"),
    Column("change", "Change", "money"),
    Column("net", "Net", "money"),
    Column("share", "Share %", "pct"),
)


def payments_report(rt: Runtime, f: Filters) -> Report:
    """Tenders by kind: how many, how much was handed over, change given, net."""
    where, params = period_where(f)
    with snapshot(rt) as q:
        found = q.rows(
            "SELECT t.kind, COUNT(*), SUM(t.amount) FROM sale s JOIN tender t ON t.sale_id = s.id "
            f"WHERE {where} GROUP BY t.kind ORDER BY t.kind", params)
        change, total = q.one(f"SELECT SUM(s.change), SUM(s.total) FROM sale s WHERE {where}",
                              params)
    change, total = num(change), num(total)
    nets = {kind: num(amount) - (change if kind == "cash" else 0) for kind, _, amount in found}
    whole = sum(nets.values())
    rows = [(kind, num(n), num(amount), change if kind == "cash" else 0, nets[kind],
             percent(nets[kind], whole)) for kind, n, amount in found]
    notes = [] if whole == total else [
        f"warning: tenders net {whole} differ from sales total {total} (minor units)"]
    return Report(
        name="payments", title="Payments by tender", columns=PAYMENT_COLUMNS, rows=rows,
        period=f.period, till=f.till,
        chart=BarChart(tuple((r[0], r[4]) for r in rows), "money", "Net by tender"),
        summary=[(PAYMENT_COLUMNS[1], sum(r[1] for r in rows)),
                 (PAYMENT_COLUMNS[2], sum(r[2] for r in rows)),
                 (PAYMENT_COLUMNS[3], change), (PAYMENT_COLUMNS[4], whole),
                 (Column("sales_total", "Sales total", "money"), total)],
        notes=notes, empty=f"no payments from {f.period.first} to {f.period.last}",
    )


TAX_COLUMNS = (
    Column("tax_class", "Class"),
    Column("rate", "Rate %", "pct"),
    Column("net", "Net", "money"),
    Column("tax", "Tax", "money"),
    Column("gross", "Gross", "money"),
)


def tax_report(rt: Runtime, f: Filters) -> Report:
    """Net, tax and gross per tax class and rate (refunds subtract)."""
    where, params = period_where(f)
    with snapshot(rt) as q:
        found = q.rows(
            "SELECT t.tax_class, t.rate_ppm, SUM(t.net), SUM(t.tax) FROM sale s "
            f"JOIN sale_tax t ON t.sale_id = s.id WHERE {where} "
            "GROUP BY t.tax_class, t.rate_ppm ORDER BY t.tax_class, t.rate_ppm", params)
        doc_tax = q.one(f"SELECT SUM(s.tax_total) FROM sale s WHERE {where}", params)
    rows = [(c, num(rate) // 100, num(net), num(tax), num(net) + num(tax))
            for c, rate, net, tax in found]
    tax_all = sum(r[3] for r in rows)
    notes = [] if tax_all == num(doc_tax[0] if doc_tax else 0) else [
        "warning: the tax breakdown differs from the documents' tax totals"]
    return Report(
        name="tax", title="Tax by class", columns=TAX_COLUMNS, rows=rows,
        period=f.period, till=f.till,
        summary=[(TAX_COLUMNS[2], sum(r[2] for r in rows)), (TAX_COLUMNS[3], tax_all),
                 (TAX_COLUMNS[4], sum(r[4] for r in rows))],
        notes=notes, empty=f"no taxed sales from {f.period.first} to {f.period.last}",
    )


REFUND_COLUMNS = (
    Column("date", "Date", "datetime"),
    Column("number", "Refund"),
    Column("original", "Of receipt"),
    Column("cashier", "Cashier"),
    Column("lines", "Lines", "int"),
    Column("total", "Total", "money"),
)


def refunds_report(rt: Runtime, f: Filters) -> Report:
    """Every refund document (newest first) with the receipt it refunds, and the refund rate."""
    where, params = period_where(f)
    limit = f"LIMIT {int(f.limit)}" if f.limit else ""
    with snapshot(rt) as q:
        found = q.rows(
            "SELECT s.created_at, s.number, o.number, u.name, "
            "(SELECT COUNT(*) FROM sale_line l WHERE l.sale_id = s.id), s.total FROM sale s "
            "LEFT JOIN sale o ON o.id = s.original_id LEFT JOIN \"user\" u ON u.id = s.user_id "
            f"WHERE {where} AND s.kind = 'refund' ORDER BY s.created_at DESC, s.id DESC {limit}",
            params)
        n, refunded, nsales, gross = q.one(
            "SELECT SUM(CASE WHEN s.kind = 'refund' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'refund' THEN s.total ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN s.kind = 'sale' THEN s.total ELSE 0 END) FROM sale s WHERE {where}",
            params)
    rows = [(as_datetime(d), num_, orig or "", who or "", num(lines), num(total))
            for d, num_, orig, who, lines, total in found]
    summary: list[tuple[Column, Any]] = [
        (Column("refunds", "Refunds", "int"), num(n)),
        (Column("refunded", "Refunded", "money"), num(refunded)),
        (Column("sales", "Sales", "int"), num(nsales)),
        (Column("refund_rate", "Refunded % of gross sales", "pct"),
         percent(-num(refunded), num(gross))),
    ]
    return Report(
        name="refunds", title="Refunds", columns=REFUND_COLUMNS, rows=rows, period=f.period,
        till=f.till, summary=summary,
        empty=f"no refunds from {f.period.first} to {f.period.last}",
    )
