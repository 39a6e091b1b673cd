"""Provides the figures of a benchmark run: median of runs with min and max, and ratios."""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of the samples."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Figure:
    """One measured figure: the value of each run; reported as median (min..max)."""

    name: str
    unit: str
    runs: list[float] = field(default_factory=list)
    budget: str = ""
    baseline: str = ""
    note: str = ""

    @property
    def verdict(self) -> str:
        """"ok" or "MISSED" against the budget ("< 5 ms", ">= 70,000 rows/s"), or ""."""
        match = re.match(r"\s*(<=|>=|<|>)\s*([\d,.]+)", self.budget)
        if not match or not self.runs:
            return ""
        limit, value = float(match.group(2).replace(",", "")), self.median
        ok = {"<": value < limit, "<=": value <= limit, ">": value > limit,
              ">=": value >= limit}[match.group(1)]
        return "ok" if ok else "MISSED"

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "unit": self.unit, "median": self.median,
            "min": min(self.runs) if self.runs else None,
            "max": max(self.runs) if self.runs else None,
            "runs": self.runs, "budget": self.budget, "baseline": self.baseline,
            "note": self.note, "verdict": self.verdict,
        }


def cpu_probe_s() -> float:
    """Seconds for a plain Python loop of 10 million additions: how fast the machine runs
    at that moment (a shared virtual machine's speed changes from minute to minute)."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started
