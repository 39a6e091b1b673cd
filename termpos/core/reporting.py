"""Provides the shape every report returns (columns, rows, summary, chart) and its plain values.

Rows hold exact integers: amounts in minor units, quantities in milli-units, percentages in
hundredths of a percent, rates in hundredths. ``plain`` turns a value into the text that CSV,
JSON and the table show: amounts as decimal strings in major units ("12.50", "-5.00"),
quantities as decimals without trailing zeros ("2", "1.25"), counts as integers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from termpos.core.money import div_half_up, format_amount
from termpos.core.periods import Period

# text | int | money | qty | pct (hundredths of %) | rate (hundredths) | date | datetime
KINDS: tuple[str, ...] = ("text", "int", "money", "qty", "pct", "rate", "date", "datetime")
NUMERIC: frozenset[str] = frozenset({"int", "money", "qty", "pct", "rate"})


@dataclass(frozen=True)
class Column:
    """One column: a key for CSV/JSON, a title for the table, and the kind of its values."""

    key: str
    title: str
    kind: str = "text"


@dataclass(frozen=True)
class BarChart:
    """Bars to draw under a table: (label, value) with the kind of the values."""

    items: tuple[tuple[str, int], ...]
    kind: str = "money"
    title: str = ""


@dataclass(frozen=True)
class HeatMap:
    """A rows x columns grid of values (weekday x hour) to draw as shades."""

    matrix: tuple[tuple[int, ...], ...]
    row_labels: tuple[str, ...]
    first_col: int = 0
    kind: str = "money"
    title: str = ""


@dataclass
class Report:
    """What a report service returns; the CLI renders it as a table, CSV or JSON."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    period: Period | None = None
    till: str | None = None
    summary: list[tuple[Column, Any]] = field(default_factory=list)
    chart: BarChart | HeatMap | None = None
    notes: list[str] = field(default_factory=list)
    empty: str = "nothing to report"

    def column(self, key: str) -> list[Any]:
        """All values of one column, by key."""
        i = [c.key for c in self.columns].index(key)
        return [row[i] for row in self.rows]

    def total(self, key: str) -> Any:
        """The summary value with this key."""
        for col, value in self.summary:
            if col.key == key:
                return value
        raise KeyError(key)


def ratio(numerator: int, denominator: int, scale: int = 100) -> int:
    """numerator/denominator in 1/scale units, rounded half up (0 when nothing to divide by)."""
    if denominator == 0:
        return 0
    return div_half_up(numerator * scale, denominator)


def percent(part: int, whole: int) -> int:
    """part as a share of whole in hundredths of a percent (12.34% = 1234)."""
    return ratio(part, whole, 10_000)


def format_qty(milli: int) -> str:
    """Milli-units as a decimal without trailing zeros: 2000 -> "2", 1250 -> "1.25"."""
    text = format_amount(milli, 3)
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain(kind: str, value: Any, exponent: int = 2) -> Any:
    """The value as CSV/JSON carry it: str for decimals and text, int for counts, None for none."""
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "money":
        return format_amount(int(value), exponent)
    if kind == "qty":
        return format_qty(int(value))
    if kind in ("pct", "rate"):
        return format_amount(int(value), 2)
    if kind == "date" and isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    if kind == "datetime" and isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def plain_row(columns: Sequence[Column], row: Sequence[Any], exponent: int = 2) -> list[Any]:
    """A whole row as plain values."""
    return [plain(c.kind, v, exponent) for c, v in zip(columns, row, strict=True)]
