"""Tests of the benchmark's own logic: verdicts against budgets, the generated import file."""

from __future__ import annotations

from pathlib import Path

import pytest

from termpos.bench.importbench import csv_rows, products_csv
from termpos.bench.stats import Figure
from termpos.services.importer.products import import_products
from termpos.services.importer.run import ImportOptions
from termpos.services.runtime import Runtime


@pytest.mark.parametrize(("runs", "budget", "verdict"), [
    ([3, 4, 6], "< 5 ms", "ok"), ([5, 5, 6], "< 5 ms", "MISSED"), ([1.5], "<= 1.5x", "ok"),
    ([69_999], ">= 70,000 rows/s", "MISSED"), ([70_000], ">= 70,000 rows/s", "ok"),
    ([1.0], "", ""), ([], "< 1 s", ""),
])
def test_verdict_against_budget(runs: list[float], budget: str, verdict: str) -> None:
    assert Figure("f", "u", runs, budget=budget).verdict == verdict


def test_generated_file_is_a_valid_termpos_export(sqlite_rt: Runtime, tmp_path: Path) -> None:
    path = products_csv(tmp_path, 300)
    assert path.read_text().splitlines()[0].startswith("code,barcode,name,price,cost,tax_class")
    result = import_products(sqlite_rt, path, ImportOptions())
    assert (result.created, result.rejected, result.preset) == (300, 0, "termpos")
    assert products_csv(tmp_path, 300) == path  # cached, not rewritten
    first = next(csv_rows(1))
    assert first[0] == "B0000001" and len(first[1]) == 13
