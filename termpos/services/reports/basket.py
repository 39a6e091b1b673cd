"""Provides the basket report: the pairs of products most often bought in the same sale.

Exact top pairs without counting every pair. First the baskets are read for the
``FIRST_ITEMS`` most sold products only, and the top pairs among them found; the last of
those is in ``c`` sales. A pair is never in more sales than either of its products, so any
pair that can still beat it has both products in at least ``c`` sales: the baskets are then
completed with just those products and counted again. Each basket is held as a bit mask of
its products, so equal baskets are counted once. Pairs seen once are not reported. A basket
is the positive lines of one document (refunds do not count).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
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
FIRST_ITEMS = 40  # the baskets are read first for the most sold products only


def _lines(q: Sql, f: Filters) -> tuple[str, list[Any]]:
    """FROM/WHERE over the period's positive product lines (by id range when possible)."""
    ids = sale_id_range(q, f, short_too=True)
    if ids is not None:
        return ("FROM sale_line l WHERE +l.sale_id BETWEEN ? AND ? AND l.qty_milli > 0 "
                "AND l.product_id IS NOT NULL", list(ids))
    where, params = period_where(f)
    return ("FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE " + where
            + " AND l.qty_milli > 0 AND l.product_id IS NOT NULL", params)


def _ids(items: list[int]) -> str:
    return ", ".join(str(int(i)) for i in items)


def _fill(q: Sql, lines: str, params: list[Any], items: list[int], bits: dict[int, int],
          masks: dict[int, int]) -> None:
    """Adds the given products to the bit mask of every basket that holds them."""
    if not items:
        return
    for sale_id, product_id in q.cursor(
            f"SELECT l.sale_id, l.product_id {lines} AND l.product_id IN ({_ids(items)})", params):
        masks[sale_id] = masks.get(sale_id, 0) | bits[product_id]


def _top_pairs(masks: dict[int, int], items: list[int], limit: int
               ) -> list[tuple[int, int, int]]:
    """The top pairs (product, product, sales together) in the baskets' masks."""
    counts: Counter[tuple[int, int]] = Counter()
    for mask, n in Counter(masks.values()).items():
        if mask & (mask - 1):  # two products or more
            present, rest = [], mask
            while rest:  # the set bits, lowest first, in as many steps as there are
                low = rest & -rest
                present.append(low.bit_length() - 1)
                rest ^= low
            for i, j in combinations(present, 2):
                counts[(i, j)] += n
    pairs = [(min(items[i], items[j]), max(items[i], items[j]), n)
             for (i, j), n in counts.items() if n >= MIN_TOGETHER]
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    return pairs[:limit]


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
        ranked = sorted(support, key=lambda p: (-support[p], p))
        items = ranked[:FIRST_ITEMS]
        bits = {p: 1 << i for i, p in enumerate(items)}
        masks: dict[int, int] = {}
        _fill(q, lines, lparams, items, bits, masks)
        pairs = _top_pairs(masks, items, limit)
        c = pairs[-1][2] if len(pairs) == limit else MIN_TOGETHER
        new = [p for p in ranked[FIRST_ITEMS:] if support[p] >= c]
        if new:
            bits.update({p: 1 << i for i, p in enumerate(new, len(items))})
            items = items + new
            _fill(q, lines, lparams, new, bits, masks)
            pairs = _top_pairs(masks, items, limit)
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
