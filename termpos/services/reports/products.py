"""Provides the product, category and ABC reports over the sale lines of a period.

Refund lines (negative) are included, so every figure is net of refunds. Revenue is what
customers paid (tax included); margin is revenue less tax less the line cost.
"""

from __future__ import annotations

from typing import Any

from termpos.core.analysis import abc_class_list
from termpos.core.errors import UsageError
from termpos.core.money import div_half_up
from termpos.core.reporting import BarChart, Column, Report, percent
from termpos.services.reports.base import (
    Filters,
    Sql,
    num,
    period_where,
    sale_id_range,
    snapshot,
)
from termpos.services.runtime import Runtime

MEASURES = {"qty": "x.qty", "revenue": "x.revenue", "margin": "(x.net - x.cost)"}
NO_PRODUCT = "(open price)"


_SUMS = (
    "SELECT l.product_id AS pid, SUM(l.qty_milli) AS qty, SUM(l.amount) AS revenue, "
    "SUM(l.amount - l.tax) AS net, SUM(l.cost) AS cost "
)


_REVENUE = "SELECT l.product_id AS pid, SUM(l.amount) AS revenue "


def _lines_by_product(q: Sql, f: Filters, sums: str = _SUMS) -> tuple[str, list[Any]]:
    """A sub-query summing the period's sale lines per product, with its parameters.

    When the period's documents are one range of ids, the lines are read in product order
    from the covering index sale_line(product_id, sale_id, ...) with no join and no sort
    (``+l.sale_id`` keeps the planner off the sale_id index); otherwise they are joined.
    """
    ids = sale_id_range(q, f)
    if ids is not None:
        return f"{sums}FROM sale_line l WHERE +l.sale_id BETWEEN ? AND ? GROUP BY l.product_id", \
            list(ids)
    where, params = period_where(f)
    return (f"{sums}FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE {where} "
            "GROUP BY l.product_id", params)


PRODUCT_COLUMNS = (
    Column("rank", "#", "int"),
    Column("code", "Code"),
    Column("name", "Product"),
    Column("qty", "Quantity", "qty"),
    Column("revenue", "Revenue", "money"),
    Column("net", "Net of tax", "money"),
    Column("cost", "Cost", "money"),
    Column("margin", "Margin", "money"),
    Column("margin_pct", "Margin %", "pct"),
)


def products_report(rt: Runtime, f: Filters, by: str = "revenue", bottom: bool = False) -> Report:
    """Products ranked by quantity, revenue or margin; the bottom of the list with ``bottom``."""
    if by not in MEASURES:
        raise UsageError(
            "--by {by!r}: choose one of {measures}",
            by=by, measures=', '.join(MEASURES),
        )
    order = "ASC" if bottom else "DESC"
    limit = f"LIMIT {int(f.limit)}" if f.limit else ""
    with snapshot(rt) as q:
        agg, params = _lines_by_product(q, f)
        # ranked and totalled first; only the rows kept are joined to their product
        found = q.rows(
            "SELECT x.pid, p.code, p.name, x.qty, x.revenue, x.net, x.cost, x.n, x.all_qty, "
            "x.all_revenue, x.all_net, x.all_cost FROM (SELECT x.*, COUNT(*) OVER () AS n, "
            "SUM(x.qty) OVER () AS all_qty, SUM(x.revenue) OVER () AS all_revenue, "
            "SUM(x.net) OVER () AS all_net, SUM(x.cost) OVER () AS all_cost "
            f"FROM ({agg}) x ORDER BY {MEASURES[by]} {order}, x.pid {limit}) x "
            f"LEFT JOIN product p ON p.id = x.pid ORDER BY {MEASURES[by]} {order}, x.pid",
            params,
        )
    rows = []
    for rank, r in enumerate(found, 1):
        net, cost = num(r[5]), num(r[6])
        rows.append((rank, r[1] or "", r[2] or NO_PRODUCT, num(r[3]), num(r[4]), net, cost,
                     net - cost, percent(net - cost, net)))
    first = found[0] if found else (None,) * 12
    net_all, cost_all = num(first[10]), num(first[11])
    summary = [
        (Column("products", "Products sold", "int"), num(first[7])),
        (PRODUCT_COLUMNS[3], num(first[8])),
        (PRODUCT_COLUMNS[4], num(first[9])),
        (PRODUCT_COLUMNS[5], net_all),
        (PRODUCT_COLUMNS[6], cost_all),
        (PRODUCT_COLUMNS[7], net_all - cost_all),
        (PRODUCT_COLUMNS[8], percent(net_all - cost_all, net_all)),
    ]
    word = "Bottom" if bottom else "Top"
    return Report(
        name="products", title=f"{word} products by {by}", columns=PRODUCT_COLUMNS, rows=rows,
        period=f.period, till=f.till, summary=summary,
        empty=f"no products sold from {f.period.first} to {f.period.last}",
    )


CATEGORY_COLUMNS = (
    Column("category", "Category"),
    Column("products", "Products", "int"),
    Column("qty", "Quantity", "qty"),
    Column("revenue", "Revenue", "money"),
    Column("share", "Share %", "pct"),
    Column("net", "Net of tax", "money"),
    Column("cost", "Cost", "money"),
    Column("margin", "Margin", "money"),
    Column("margin_pct", "Margin %", "pct"),
)


def categories_report(rt: Runtime, f: Filters) -> Report:
    """Quantity, revenue, share and margin per product category (its category today)."""
    with snapshot(rt) as q:
        agg, params = _lines_by_product(q, f)
        found = q.rows(
            "SELECT c.name, COUNT(*), SUM(x.qty), SUM(x.revenue), SUM(x.net), SUM(x.cost) "
            f"FROM ({agg}) x LEFT JOIN product p ON p.id = x.pid "
            "LEFT JOIN category c ON c.id = p.category_id "
            "GROUP BY p.category_id, c.name ORDER BY SUM(x.revenue) DESC, c.name",
            params,
        )
    revenue_all = sum(num(r[3]) for r in found)
    rows = []
    for name, n, qty, revenue, net, cost in found:
        m = num(net) - num(cost)
        rows.append((name or "(no category)", num(n), num(qty), num(revenue),
                     percent(num(revenue), revenue_all), num(net), num(cost), m,
                     percent(m, num(net))))
    if f.limit:
        rows = rows[: f.limit]
    tot = [sum(num(r[i]) for r in found) for i in (1, 2, 3, 4, 5)]
    summary = [(CATEGORY_COLUMNS[1], tot[0]), (CATEGORY_COLUMNS[2], tot[1]),
               (CATEGORY_COLUMNS[3], tot[2]), (CATEGORY_COLUMNS[5], tot[3]),
               (CATEGORY_COLUMNS[6], tot[4]), (CATEGORY_COLUMNS[7], tot[3] - tot[4])]
    return Report(
        name="categories", title="Sales by category", columns=CATEGORY_COLUMNS, rows=rows,
        period=f.period, till=f.till, summary=summary,
        chart=BarChart(tuple((str(r[0]), r[3]) for r in rows), "money", "Revenue"),
        empty=f"no products sold from {f.period.first} to {f.period.last}",
    )


ABC_COLUMNS = (
    Column("rank", "#", "int"),
    Column("class", "Class"),
    Column("code", "Code"),
    Column("name", "Product"),
    Column("revenue", "Revenue", "money"),
    Column("cumulative_pct", "Cumulative %", "pct"),
)


def abc_report(rt: Runtime, f: Filters) -> Report:
    """ABC analysis: A = the products making the first 80% of revenue, B the next 15%."""
    with snapshot(rt) as q:
        agg, params = _lines_by_product(q, f, _REVENUE)  # the revenue alone: a third faster
        found = _ranked(q, agg, params)  # every product, as (id, revenue) only
        shown = found[: f.limit] if f.limit else found
        names = _product_names(q, [r[0] for r in shown if r[0] is not None])
    revenues = [int(r[1]) for r in found]  # a sum over at least one line: never NULL
    classes = abc_class_list(revenues)
    total = sum(filter((0).__lt__, revenues))  # the positive revenues, at C speed
    rows, running = [], 0
    for rank, (r, cls) in enumerate(zip(shown, classes, strict=False), 1):
        running += max(num(r[1]), 0)
        code, name = names.get(r[0], ("", NO_PRODUCT)) if r[0] is not None else ("", NO_PRODUCT)
        rows.append((rank, cls, code, name, num(r[1]), percent(running, total)))
    n_all = len(found)
    summary: list[tuple[Column, Any]] = [(Column("products", "Products sold", "int"), n_all),
                                         (Column("revenue", "Revenue", "money"), sum(revenues))]
    notes = []
    start = 0  # revenues run largest first, so the classes come as A..., B..., C...
    for cls in "ABC":
        n = classes.count(cls)
        rev = sum(revenues[start : start + n])
        start += n
        summary.append((Column(f"{cls.lower()}_products", f"{cls} products", "int"), n))
        summary.append((Column(f"{cls.lower()}_revenue", f"{cls} revenue", "money"), rev))
        notes.append(f"{cls}: {n} products ({div_half_up(percent(n, n_all), 100)}% of "
                     f"products), {div_half_up(percent(max(rev, 0), total), 100)}% of revenue")
    return Report(
        name="abc", title="ABC analysis by revenue", columns=ABC_COLUMNS, rows=rows,
        period=f.period, till=f.till, summary=summary, notes=notes,
        empty=f"no products sold from {f.period.first} to {f.period.last}",
    )


def _ranked(q: Sql, agg: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return q.rows(f"SELECT x.pid, x.revenue FROM ({agg}) x ORDER BY x.revenue DESC, x.pid",
                  params)


def _product_names(q: Sql, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Code and name of the products shown (a product deleted since is shown without)."""
    names: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        names.update((int(r[0]), (r[1] or "", r[2] or NO_PRODUCT)) for r in q.rows(
            f"SELECT id, code, name FROM product WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk))
    return names
