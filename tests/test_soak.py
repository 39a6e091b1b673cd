"""Tests of the simulated shop day: its checks on made-up outcomes, and a short real day."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from termpos.bench.soak import run_day
from termpos.bench.soakcheck import Outcome, check, summary


def _good() -> Outcome:
    till: dict[str, Any] = {"sales": [{"number": "T9-000001", "lines": 2},
                                      {"number": "T9-000002", "lines": 1}],
                            "scan_ms": [4.0, 5.0, 30.0], "not_found": 1, "errors": []}
    return Outcome(
        intended=[2, 1], till=till, reports={"runs": 5, "errors": []},
        importer={"runs": 1, "errors": []}, stderr={"till": "", "reports": "", "importer": ""},
        exit_codes={"till": 0, "reports": 0, "importer": 0},
        sales_in_store=[("T9-000001", 2), ("T9-000002", 1)],
        job_status={"T9-000001": "done", "T9-000002": "pending"}, audit=(0, "ok"),
        unknown_scans=1, minutes=0.5)


def test_a_good_day_has_no_problems() -> None:
    day = _good()
    assert check(day) == []
    figures = summary(day)
    assert figures["sales_per_minute"] == 4.0 and figures["scan_to_line_p99_ms"] == 30.0
    assert (figures["receipts_printed"], figures["receipts_unprinted"]) == (1, 1)


@pytest.mark.parametrize(("change", "expected"), [
    ({"sales_in_store": [("T9-000001", 2)], "job_status": {"T9-000001": "done"}},
     "not in the store"),
    ({"intended": [2, 1, 3]}, "sales lost: the driver rang up 3 baskets"),
    ({"sales_in_store": [("T9-000001", 1), ("T9-000002", 1)]}, "1 lines stored, 2 rung up"),
    ({"intended": [3, 1]}, "basket 1: 3 items scanned"),
    ({"stderr": {"reports": "peewee.OperationalError: database is locked\n"}},
     "reports: 1 'database is locked' errors"),
    ({"importer": {"runs": 1, "errors": ["import exit 1: boom"]}}, "importer: import exit 1"),
    ({"job_status": {"T9-000001": "done"}}, "sale T9-000002: no print job"),
    ({"audit": (1, "error: audit failed: journal entry 7")}, "audit verify failed"),
    ({"exit_codes": {"till": None, "reports": 0, "importer": 0}}, "till exited with None"),
    ({"unknown_scans": 2}, "2 unknown codes scanned"),
    ({"importer": {"runs": 0, "errors": []}}, "never ran"),
])
def test_each_failure_is_reported(change: dict[str, Any], expected: str) -> None:
    day = dataclasses.replace(_good(), **change)
    problems = check(day)
    assert any(expected in p for p in problems), problems


def test_a_short_shop_day(tmp_path: Path) -> None:
    """About ten seconds: every process runs, and the checks pass on a real store."""
    day = run_day(0.08, tmp_path / "cache", tmp_path, products=2000, pace=0.25,
                  paper_every_s=2.0, paper_out_s=0.8, import_every_s=2.0)
    assert day.problems == []
    assert len(day.sales_in_store) >= 2 and day.till["scan_ms"]
    assert day.importer["runs"] >= 1 and day.reports["runs"] >= 1


@pytest.mark.slow
def test_a_longer_shop_day_with_paper_outs(tmp_path: Path) -> None:
    day = run_day(0.3, tmp_path / "cache", tmp_path, products=5000, pace=0.4,
                  paper_every_s=4.0, paper_out_s=1.5, import_every_s=4.0)
    assert day.problems == []
    assert day.till["paper_outs"] >= 2 and len(day.sales_in_store) >= 5
