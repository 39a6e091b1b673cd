"""Provides the report arithmetic that is easier in Python than in SQL, all in integers.

ABC classes by cumulative revenue, recency/frequency/monetary scores and segments, the
suggested order quantity from sales velocity and lead time, and selling time per cashier.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

A_SHARE, B_SHARE = 80, 95  # percent of revenue covered by class A, then by A and B


def abc_classes(
    revenues: Sequence[int], a_share: int = A_SHARE, b_share: int = B_SHARE
) -> list[str]:
    """Classes for revenues sorted from largest to smallest.

    An item is A while the revenue before it is under a_share% of the total, B while under
    b_share%, else C; so the item that crosses 80% is still A. Nothing earned is C.
    """
    total = sum(r for r in revenues if r > 0)
    out: list[str] = []
    before = 0
    for revenue in revenues:
        if revenue <= 0 or total <= 0:
            out.append("C")
            continue
        if before * 100 < a_share * total:
            out.append("A")
        elif before * 100 < b_share * total:
            out.append("B")
        else:
            out.append("C")
        before += revenue
    return out


def quintile_scores(values: Sequence[int], higher_is_better: bool = True) -> list[int]:
    """Scores 1-5 by rank (5 = best fifth); equal values share the score of the best of them."""
    n = len(values)
    order = sorted(range(n), key=lambda i: values[i], reverse=not higher_is_better)
    last_rank: dict[int, int] = {}
    for rank, i in enumerate(order):
        last_rank[values[i]] = rank
    return [-(-(last_rank[v] + 1) * 5 // n) for v in values]


@dataclass(frozen=True)
class RfmScore:
    """One customer's recency, frequency and monetary scores (1-5) and segment."""

    recency: int
    frequency: int
    monetary: int
    segment: str


SEGMENTS: tuple[str, ...] = (
    "champions", "loyal", "new", "promising", "at risk", "lost", "needs attention",
)


def segment(r: int, f: int, visits: int = 2) -> str:
    """The segment for recency and frequency scores (monetary refines, it does not segment);
    a recent customer with a single visit is new."""
    if r >= 4 and visits <= 1:
        return "new"
    if r >= 4 and f >= 4:
        return "champions"
    if f >= 4 and r >= 2:
        return "loyal"
    if r >= 4:
        return "promising"
    if r <= 2 and f >= 3:
        return "at risk"
    if r <= 1:
        return "lost"
    return "needs attention"


def rfm(recency_days: Sequence[int], visits: Sequence[int], spend: Sequence[int]) -> list[RfmScore]:
    """Scores every customer against the others (lower recency is better)."""
    rs = quintile_scores(recency_days, higher_is_better=False)
    fs = quintile_scores(visits)
    ms = quintile_scores(spend)
    return [RfmScore(r, f, m, segment(r, f, v))
            for r, f, m, v in zip(rs, fs, ms, visits, strict=True)]


def abc_class_list(revenues: Sequence[int], a_share: int = A_SHARE, b_share: int = B_SHARE
                   ) -> list[str]:
    """The same classes as abc_classes for revenues sorted largest first, found by binary
    search over the running totals (C speed), for lists of hundreds of thousands."""
    positive = bisect.bisect_left(revenues, 0, key=lambda v: -v)  # first revenue <= 0
    total = sum(revenues[:positive])
    if total <= 0:
        return ["C"] * len(revenues)
    before = list(itertools.accumulate(revenues[:positive], initial=0))
    # an item is A while before * 100 < a_share * total, i.e. before <= (a_share*total-1)//100
    n_a = bisect.bisect_right(before, (a_share * total - 1) // 100, 0, positive)
    n_ab = bisect.bisect_right(before, (b_share * total - 1) // 100, 0, positive)
    return ["A"] * n_a + ["B"] * (n_ab - n_a) + ["C"] * (len(revenues) - n_ab)


def selling_seconds(spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> int:
    """Seconds spent selling: per cashier-day, from the first to the last sale, summed."""
    return sum(max(0, int((last - first).total_seconds())) for first, last in spans)
