"""Provides the basket report: the pairs of products most often bought in the same sale.

Exact top pairs without counting every pair. First the pairs among the ``FIRST_ITEMS`` most
sold products are counted; the last of the top pairs among them is in ``c`` sales. A pair is
never in more sales than either of its products, so any pair that can beat it has both
products in at least ``c`` sales: the second count covers just the pairs with one such
product outside the first set. The two lists merged give the exact top (pairs seen once are
not reported). A basket is the positive lines of one document (refunds do not count).
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
FIRST_ITEMS = 40  # the pairs among the most sold products are counted first


def _lines(q: Sql, f: Filters) -> tuple[str, str, list[Any]]:
    """FROM/WHERE over the period's positive product lines (by id range when possible),
    for one alias ``l`` and for a pair of lines ``a`` and ``b`` of the same document."""
    ids = sale_id_range(q, f, short_too=True)
    if ids is not None:
        return ("FROM sale_line l WHERE +l.sale_id BETWEEN ? AND ? AND l.qty_milli > 0 "
                "AND l.product_id IS NOT NULL",
                "FROM sale_line a JOIN sale_line b ON b.sale_id = a.sale_id "
                "WHERE +a.sale_id BETWEEN ? AND ?", list(ids))
    where, params = period_where(f)
    return ("FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE " + where
            + " AND l.qty_milli > 0 AND l.product_id IS NOT NULL",
            "FROM sale s JOIN sale_line a ON a.sale_id = s.id "
            "JOIN sale_line b ON b.sale_id = a.sale_id WHERE " + where, params)


def _ids(items: list[int]) -> str:
    return ", ".join(str(int(i)) for i in items)


def _pairs_among(q: Sql, lines: str, params: list[Any], items: list[int], limit: int
                 ) -> list[tuple[int, int, int]]:
    """The top pairs of products both in ``items``."""
    if len(items) < 2:
        return []
    return [(int(a), int(b), num(n)) for a, b, n in q.rows(
        f"WITH fl AS (SELECT DISTINCT l.sale_id, l.product_id {lines} "
        f"AND l.product_id IN ({_ids(items)})) "
        "SELECT a.product_id, b.product_id, COUNT(*) FROM fl a JOIN fl b "
        "ON a.sale_id = b.sale_id AND a.product_id < b.product_id "
        "GROUP BY a.product_id, b.product_id HAVING COUNT(*) >= ? "
        "ORDER BY COUNT(*) DESC, a.product_id, b.product_id LIMIT ?",
        [*params, MIN_TOGETHER, limit])]


def _pairs_with(q: Sql, pair_from: str, params: list[Any], new: list[int],
                frequent: list[int], at_least: int, limit: int) -> list[tuple[int, int, int]]:
    """The top pairs of a product in ``new`` with another in ``frequent`` (new included)."""
    if not new:
        return []
    lo, hi = ("LEAST", "GREATEST") if q.pg else ("MIN", "MAX")
    first, second = f"{lo}(a.product_id, b.product_id)", f"{hi}(a.product_id, b.product_id)"
    return [(int(a), int(b), num(n)) for a, b, n in q.rows(
        f"SELECT {first}, {second}, COUNT(DISTINCT a.sale_id) {pair_from} "
        f"AND a.qty_milli > 0 AND a.product_id IN ({_ids(new)}) AND b.qty_milli > 0 "
        f"AND +b.product_id IN ({_ids(frequent)}) AND b.product_id <> a.product_id "
        f"AND NOT (+b.product_id IN ({_ids(new)}) AND b.product_id < a.product_id) "
        f"GROUP BY {first}, {second} HAVING COUNT(DISTINCT a.sale_id) >= ? "
        f"ORDER BY COUNT(DISTINCT a.sale_id) DESC, {first}, {second} LIMIT ?",
        [*params, at_least, limit])]


def basket_report(rt: Runtime, f: Filters) -> Report:
    """The top pairs with how often they go together, confidence and lift."""
    where, params = period_where(f)
    limit = f.limit or 20
    with snapshot(rt) as q:
        lines, pair_from, lparams = _lines(q, f)
        support = {int(p): num(n) for p, n in q.rows(
            f"SELECT l.product_id, COUNT(DISTINCT l.sale_id) {lines} GROUP BY l.product_id",
            lparams)}
        n_sales = num(q.one(f"SELECT COUNT(*) FROM sale s WHERE {where} AND s.kind = 'sale'",
                            params)[0])
        ranked = sorted(support, key=lambda p: (-support[p], p))
        core = ranked[:FIRST_ITEMS]
        pairs = _pairs_among(q, lines, lparams, core, limit)
        c = pairs[-1][2] if len(pairs) == limit else MIN_TOGETHER
        new = [p for p in ranked[FIRST_ITEMS:] if support[p] >= c]
        frequent = [p for p in core if support[p] >= c] + new
        pairs += _pairs_with(q, pair_from, lparams, new, frequent, c, limit)
        pairs = sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:limit]
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
