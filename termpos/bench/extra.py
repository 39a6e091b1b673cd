"""Provides the import and report measurements (filled as those parts land)."""

from __future__ import annotations

from pathlib import Path

from termpos.bench.stats import Figure


def bench_import(tmp: Path, size: int, runs: int) -> list[Figure]:
    """CSV import rate against a bare executemany of the same rows."""
    return []


def bench_reports(work: Path, runs: int) -> list[Figure]:
    """Each report over the whole history, and `termpos report x` as a process."""
    return []
