"""Provides the CSV form of a purchase order, safe to open in a spreadsheet.

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a tab or
carriage return) are prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

HEADER = ("order", "supplier", "our code", "supplier code", "name", "quantity", "unit cost",
          "line cost")


class Num(str):
    """A formatted number (`-5.00`, `1.250`): written as it is, never guarded."""


def guard_text(value: str) -> str:
    """Neutralises a text cell that a spreadsheet would read as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def guard_row(row: Sequence[str | int]) -> list[str | int]:
    """Guards the text cells of a row; numbers and Num cells pass unchanged."""
    return [guard_text(c) if isinstance(c, str) and not isinstance(c, Num) else c for c in row]


def write_csv(path: Path, rows: Sequence[Sequence[str | int]]) -> None:
    """Writes rows (text cells guarded, numbers as they are) with a header, UTF-8 with BOM.

    The BOM makes spreadsheets read non-Latin names correctly.
    """
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(guard_row(row))
