"""Provides the checks of the simulated shop day: what the processes did against what the
driver meant and what the store holds, and the day's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from termpos.bench.stats import percentile

LOCKED = "database is locked"


@dataclass
class Outcome:
    """What the three processes did, what the driver meant, and what the store holds."""

    intended: list[int]  # known items per basket, in the order the driver rang them up
    till: dict[str, Any]
    reports: dict[str, Any]
    importer: dict[str, Any]
    stderr: dict[str, str]
    exit_codes: dict[str, int | None]
    sales_in_store: list[tuple[str, int]]  # (number, lines) of this run's sales on till T9
    job_status: dict[str, str]  # sale number -> its receipt's print job status
    audit: tuple[int, str]
    unknown_scans: int = 0
    minutes: float = 0.0
    problems: list[str] = field(default_factory=list)


def check(o: Outcome) -> list[str]:
    """Everything that went wrong; an empty list means the day passed."""
    problems: list[str] = []
    done = o.till.get("sales", [])
    if len(done) != len(o.intended):
        problems.append(f"sales lost: the driver rang up {len(o.intended)} baskets, the till "
                        f"completed {len(done)}")
    by_number = dict(o.sales_in_store)
    for i, sale in enumerate(done):
        lines = by_number.get(sale["number"])
        if lines is None:
            problems.append(f"sale {sale['number']} reported completed but not in the store")
        elif lines != sale["lines"]:
            problems.append(f"sale {sale['number']}: {lines} lines stored, {sale['lines']} rung up")
        if i < len(o.intended) and sale["lines"] != o.intended[i]:
            problems.append(f"basket {i + 1}: {o.intended[i]} items scanned, "
                            f"{sale['lines']} lines in sale {sale['number']}")
    if len(o.sales_in_store) != len(done):
        problems.append(f"{len(o.sales_in_store)} sales in the store, {len(done)} completed")
    if o.till.get("not_found", 0) != o.unknown_scans:
        problems.append(f"{o.unknown_scans} unknown codes scanned, the till reported "
                        f"{o.till.get('not_found', 0)} not found")
    for role, text in o.stderr.items():
        if LOCKED in text:
            problems.append(f"{role}: {text.count(LOCKED)} '{LOCKED}' errors")
    for role, result in (("till", o.till), ("reports", o.reports), ("importer", o.importer)):
        for err in result.get("errors", [])[:5]:
            problems.append(f"{role}: {err}")
    for role, code in o.exit_codes.items():
        if code != 0:
            problems.append(f"{role} exited with {code}: {o.stderr.get(role, '')[-300:]}")
    for number, _lines in o.sales_in_store:
        status = o.job_status.get(number)
        if status is None:
            problems.append(f"sale {number}: no print job")
        elif status not in ("done", "pending", "sent", "failed"):
            problems.append(f"sale {number}: print job in unknown state {status!r}")
    if o.audit[0] != 0:
        problems.append(f"termpos audit verify failed: {o.audit[1].strip()[-300:]}")
    if not o.importer.get("runs"):
        problems.append("the price update import never ran")
    if not o.reports.get("runs"):
        problems.append("no report ran")
    return problems


def summary(o: Outcome) -> dict[str, Any]:
    """The figures of the day."""
    scan_ms = o.till.get("scan_ms", [])
    statuses = list(o.job_status.values())
    return {
        "minutes": round(o.minutes, 2), "sales": len(o.sales_in_store),
        "sales_per_minute": round(len(o.sales_in_store) / o.minutes, 1) if o.minutes else 0,
        "scans": len(scan_ms), "scan_to_line_p50_ms": round(percentile(scan_ms, 50), 1),
        "scan_to_line_p99_ms": round(percentile(scan_ms, 99), 1),
        "receipts_printed": statuses.count("done"),
        "receipts_unprinted": len(statuses) - statuses.count("done"),
        "most_unprinted_at_once": o.till.get("max_unprinted", 0),
        "printer_fault_reports": o.till.get("printer_faults", 0),
        "report_runs": o.reports.get("runs", 0),
        "report_worst_ms": round(o.reports.get("worst_ms", 0.0)),
        "imports": o.importer.get("runs", 0),
        "import_seconds": [round(s, 2) for s in o.importer.get("seconds", [])],
        "problems": o.problems,
    }
