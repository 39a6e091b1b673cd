"""Provides the benchmark table as Markdown (for README "Performance").

    python -m termpos.bench.mdtable [bench-results/latest.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _num(value: Any) -> str:
    if value is None:
        return "-"
    number = float(value)
    return f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.3g}"


def markdown(report: dict[str, Any]) -> str:
    """The figures of one run as a Markdown table, with the machine and the sizes."""
    out = [f"Machine: {report['machine']}; {report['products']:,} products, "
           f"{report['sale_lines']:,} sale lines; median of {report['runs']} runs "
           f"(import: up to 3); {report['seconds']} s in all.", "",
           "| figure | median | min | max | unit | budget | verdict |",
           "|---|--:|--:|--:|---|---|---|"]
    for f in report["figures"]:
        name = f["name"] + (" (baseline)" if f.get("baseline") else "")
        verdict = f.get("verdict", "")
        shown = "**MISSED**" if verdict == "MISSED" else verdict
        out.append(f"| {name} | {_num(f['median'])} | {_num(f['min'])} | {_num(f['max'])} | "
                   f"{f['unit']} | {f['budget']} | {shown} |")
    notes = [f"- {f['name']}: {f['note']}" for f in report["figures"] if f.get("note")]
    if notes:
        out += ["", *notes]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Prints the Markdown table of a saved run."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "bench-results/latest.json")
    sys.stdout.write(markdown(json.loads(path.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
