"""Provides the figures of a benchmark run: median of runs with min and max, and ratios."""

from __future__ import annotations

import statistics
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
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "unit": self.unit, "median": self.median,
            "min": min(self.runs) if self.runs else None,
            "max": max(self.runs) if self.runs else None,
            "runs": self.runs, "budget": self.budget, "baseline": self.baseline,
            "note": self.note,
        }
