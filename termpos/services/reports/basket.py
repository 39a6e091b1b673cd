"""Provides the basket report: the pairs of products most often bought in the same sale.

Exact top pairs without counting every pair: a pair is never in more sales than either of
its products, so pairs are counted only among products sold in at least ``t`` sales; when
the last pair kept is itself in at least ``t`` sales, no pair left out can beat it.
Otherwise ``t`` is lowered and the count repeated (pairs seen once are not reported).
A basket is the positive lines of one document (refunds do not count).
"""

from __future__ import annotations

from typing import Any

from termpos.core.reporting import Column, Report, percent, ratio
from termpos.services.reports.base import (
    Filters,
    Sql,
    num,
    period_where,
    sale_id_range,
    snapshot,
)
from termpos.services.runtime import Runtime

COLUMNS = (
    Column("code_a", "Code A"),
    Column("name_a", "Product A"),
    Column("code_b", "Code B"),
    Column("name_b", "Product B"),
    Column("together", "Together", "int"),
    Column("support_pct", "% of sales", "pct"),
    Column("b_given_a_pct", "B when A %", "pct"),
    Column("lift", "Lift", "rate"),
)
MIN_TOGETHER = 2
FIRST_ITEMS = 40  # start with the pairs among the most sold products


def _lines(q: Sql, f: Filters) -> tuple[str, list[Any]]:
    """FROM/WHERE over the period's positive product lines (by id range when possible)."""
    ids = sale_id_range(q, f)
    if ids is not None:
        return ("FROM sale_line l WHERE +l.sale_id BETWEEN ? AND ? AND l.qty_milli > 0 "
                "AND l.product_id IS NOT NULL", list(ids))
    where, params = period_where(f)
    return ("FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE " + where
            + " AND l.qty_milli > 0 AND l.product_id IS NOT NULL", params)


def _pairs(q: Sql, lines: str, params: list[Any], items: list[int], limit: int
           ) -> list[tuple[Any, ...]]:
    if len(items) < 2:
        return []
    among = ", ".join(str(int(i)) for i in items)
    return q.rows(
        f"WITH fl AS (SELECT DISTINCT l.sale_id, l.product_id {lines} "
        f"AND l.product_id IN ({among})) "
        "SELECT a.product_id, b.product_id, COUNT(*) FROM fl a JOIN fl b "
        "ON a.sale_id = b.sale_id AND a.product_id < b.product_id "
        "GROUP BY a.product_id, b.product_id HAVING COUNT(*) >= ? "
        "ORDER BY COUNT(*) DESC, a.product_id, b.product_id LIMIT ?",
        [*params, MIN_TOGETHER, limit])


def basket_report(rt: Runtime, f: Filters) -> Report:
    """The top pairs with how often they go together, confidence and lift."""
    where, params = period_where(f)
    limit = f.limit or 20
    with snapshot(rt) as q:
        lines, lparams = _lines(q, f)
        support = {int(p): num(n) for p, n in q.rows(
            f"SELECT l.product_id, COUNT(DISTINCT l.sale_id) {lines} GROUP BY l.product_id",
            lparams)}
        n_sales = num(q.one(f"SELECT COUNT(*) FROM sale s WHERE {where} AND s.kind = 'sale'",
                            params)[0])
        counts = sorted(support.values(), reverse=True)
        t = max(MIN_TOGETHER, counts[min(FIRST_ITEMS, len(counts)) - 1] if counts else 0)
        while True:
            items = sorted(p for p, n in support.items() if n >= t)
            pairs = _pairs(q, lines, lparams, items, limit)
            if t <= MIN_TOGETHER or (len(pairs) == limit and num(pairs[-1][2]) >= t):
                break
            t = max(MIN_TOGETHER, min(t - 1, num(pairs[-1][2]) if pairs else t // 2))
        ids = sorted({p[0] for p in pairs} | {p[1] for p in pairs})
        names: dict[int, tuple[str, str]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for pid, code, name in q.rows(
                    f"SELECT id, code, name FROM product WHERE id IN ({marks})", chunk):
                names[int(pid)] = (code, name)
    rows = []
    for a, b, n in pairs:
        sa, sb, together = num(support[a]), num(support[b]), num(n)
        rows.append((*names.get(int(a), ("", "")), *names.get(int(b), ("", "")), together,
                     percent(together, n_sales), percent(together, sa),
                     ratio(together * n_sales, sa * sb)))
    return Report(
        name="basket", title="Products bought together", columns=COLUMNS, rows=rows,
        period=f.period, till=f.till,
        summary=[(Column("sales", "Sales", "int"), n_sales),
                 (Column("products", "Products sold", "int"), len(support))],
        notes=["lift above 1 means bought together more often than by chance"],
        empty=f"no product bought together twice from {f.period.first} to {f.period.last}",
    )
