"""Provides the basket report: the pairs of products most often bought in the same sale.

Exact top pairs without counting every pair. First the baskets are read for the
``FIRST_ITEMS`` most sold products only, and the top pairs among them found; the last of
those is in ``c`` sales. A pair is never in more sales than either of its products, so any
pair that can still beat it has both products in at least ``c`` sales: the baskets are then
read again with just those products and their pairs counted. A basket is the positive lines
of one document (refunds do not count).

A pair must be in ``min_together`` sales to be reported: by default 2, or one sale in
``SALES_PER_PAIR`` of the period when that is more, so a year of a busy shop is not
reported as a list of pairs seen twice by chance. ``--min-together`` sets it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain, combinations, repeat
from operator import itemgetter
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
SALES_PER_PAIR = 10_000  # by default a pair is reported from 1 sale in 10,000 up
FIRST_ITEMS = 40  # the baskets are read first for the most sold products only
WIDE = 2_000  # with more products than this to count, the baskets are read whole


def default_min_together(n_sales: int) -> int:
    """The fewest sales a reported pair is in: 2, or 1 sale in SALES_PER_PAIR if more."""
    return max(MIN_TOGETHER, -(-n_sales // SALES_PER_PAIR))


def _lines(q: Sql, f: Filters) -> tuple[str, list[Any]]:
    """FROM/WHERE over the period's positive product lines (by id range when possible)."""
    ids = sale_id_range(q, f, short_too=True)
    if ids is not None:
        return ("FROM sale_line l WHERE +l.sale_id BETWEEN ? AND ? AND l.qty_milli > 0 "
                "AND l.product_id IS NOT NULL", list(ids))
    where, params = period_where(f)
    return ("FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE " + where
            + " AND l.qty_milli > 0 AND l.product_id IS NOT NULL", params)


def _baskets(q: Sql, lines: str, params: list[Any], items: list[int]
             ) -> Iterable[list[Any]]:
    """The baskets of the period, each as the sorted list of the given products it holds.

    A few products are sought by index; many are read as every basket's product list in
    one pass (grouped by the database) and kept by a set lookup, as text: the ids are only
    compared, and the few in the top pairs are turned back into numbers at the end.
    """
    if len(items) < 2:
        return []
    if len(items) <= WIDE:
        per_sale: dict[int, list[int]] = {}
        for sale_id, product_id in q.cursor(
                f"SELECT l.sale_id, l.product_id {lines} "
                f"AND l.product_id IN ({', '.join(str(int(i)) for i in items)})", params):
            per_sale.setdefault(sale_id, []).append(int(product_id))
        return map(sorted, map(set, per_sale.values()))
    agg = ("string_agg(CAST(l.product_id AS TEXT), ',')" if q.pg
           else "group_concat(l.product_id)")
    wanted = {str(int(i)) for i in items}
    texts = (row[0] for row in q.cursor(f"SELECT {agg} {lines} GROUP BY l.sale_id", params))
    kept = map(wanted.intersection, map(str.split, texts, repeat(",")))
    return (sorted(k) for k in kept if len(k) > 1)


def _top_pairs(baskets: Iterable[list[Any]], at_least: int, limit: int
               ) -> list[tuple[int, int, int]]:
    """The top pairs (product, product, sales together) seen in at least ``at_least``."""
    counts = Counter(chain.from_iterable(map(combinations, baskets, repeat(2))))
    found = [(int(a), int(b), n) for (a, b), n in counts.items() if n >= at_least]
    pairs = [(min(a, b), max(a, b), n) for a, b, n in found]
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    return pairs[:limit]


def basket_report(rt: Runtime, f: Filters, min_together: int | None = None) -> Report:
    """The top pairs with how often they go together, confidence and lift."""
    where, params = period_where(f)
    limit = f.limit or 20
    with snapshot(rt) as q:
        lines, lparams = _lines(q, f)
        n_sales = num(q.one(f"SELECT COUNT(*) FROM sale s WHERE {where} AND s.kind = 'sale'",
                            params)[0])
        at_least = max(MIN_TOGETHER, min_together or default_min_together(n_sales))
        n_products = num(q.one(f"SELECT COUNT(DISTINCT l.product_id) {lines}", lparams)[0])
        # only the products that can be in a reported pair
        support: dict[int, int] = dict(q.cursor(
            f"SELECT l.product_id, COUNT(DISTINCT l.sale_id) {lines} GROUP BY l.product_id "
            "HAVING COUNT(DISTINCT l.sale_id) >= ? ORDER BY l.product_id",
            [*lparams, at_least]))
        # most sold first, then by id (the sort is stable and the ids come in order)
        ranked = [p for p, _ in sorted(support.items(), key=itemgetter(1), reverse=True)]
        items = ranked[:FIRST_ITEMS]
        pairs = _top_pairs(_baskets(q, lines, lparams, items), at_least, limit)
        c = pairs[-1][2] if len(pairs) == limit else at_least
        more = [p for p in ranked[len(items):] if support[p] >= c]
        if more:
            items = [p for p in items if support[p] >= c] + more
            pairs = _top_pairs(_baskets(q, lines, lparams, items), c, limit)
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
                 (Column("products", "Products sold", "int"), n_products)],
        notes=["lift above 1 means bought together more often than by chance",
               f"pairs bought together in fewer than {at_least} sales are left out"],
        empty=(f"no two products bought together in {at_least} sales or more "
               f"from {f.period.first} to {f.period.last}"),
    )
