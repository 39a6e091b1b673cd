"""Provides the renderers of a report: a Rich table with its chart, CSV, or JSON.

CSV and JSON carry plain values: amounts as decimal strings in major units ("12.50",
"-5.00"), quantities as decimals ("1.25"), counts as integers. CSV text cells that a
spreadsheet would run as a formula get a leading apostrophe; numbers are never changed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from termpos.core.charts import bar_chart, heat_map
from termpos.core.config import Settings
from termpos.core.money import format_amount
from termpos.core.reporting import NUMERIC, BarChart, HeatMap, Report, plain, plain_row
from termpos.core.tablefit import KEY_MAX, column_groups, column_widths, wrap_items

FORMATS = ("table", "csv", "json")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Any) -> Any:
    """A text cell made safe from spreadsheet formula injection."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def to_csv(report: Report, settings: Settings) -> str:
    """The rows as CSV with a header of column keys (summary and chart are left out)."""
    exp = settings.currency_exponent

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.key for c in report.columns])
    for row in report.rows:
        cells = plain_row(report.columns, row, exp)
        w.writerow(["" if v is None else (v if c.kind in NUMERIC else guard(v))
                    for c, v in zip(report.columns, cells, strict=True)])
    return buf.getvalue()


def to_json(report: Report, settings: Settings) -> str:
    """The whole report as one JSON object."""
    exp = settings.currency_exponent
    keys = [c.key for c in report.columns]
    doc: dict[str, Any] = {
        "report": report.name,
        "title": report.title,
        "from": report.period.first.isoformat() if report.period else None,
        "to": report.period.last.isoformat() if report.period else None,
        "till": report.till,
        "currency": settings.currency_code,
        "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in report.columns],
        "rows": [dict(zip(keys, plain_row(report.columns, r, exp), strict=True))
                 for r in report.rows],
        "summary": {c.key: plain(c.kind, v, exp) for c, v in report.summary},
        "notes": report.notes,
    }
    if isinstance(report.chart, HeatMap):
        doc["heat_map"] = {"rows": list(report.chart.row_labels),
                           "first_column": report.chart.first_col,
                           "values": [list(r) for r in report.chart.matrix]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def chart_text(report: Report, settings: Settings, width: int = 40) -> str:
    """The report's chart drawn with block characters ("" when it has none)."""
    exp = settings.currency_exponent

    def fmt(kind: str) -> Any:
        return (lambda v: format_amount(v, exp)) if kind == "money" else str

    chart = report.chart
    if isinstance(chart, BarChart) and chart.items:
        return bar_chart(chart.items, width, fmt(chart.kind))
    if isinstance(chart, HeatMap):
        return heat_map(chart.matrix, chart.row_labels, chart.first_col, fmt(chart.kind))
    return ""


def print_table(report: Report, settings: Settings, console: Console) -> None:
    """Prints the title, the table, the chart, the totals and the notes.

    A table wider than the terminal is printed as several, each starting with the first
    column (core.tablefit), instead of letting columns shrink out of sight.
    """
    exp = settings.currency_exponent
    where = f" · till {report.till}" if report.till else ""
    period = f" · {report.period.label}" if report.period else ""
    cells = [["" if v is None else str(v) for v in plain_row(report.columns, row, exp)]
             for row in report.rows]
    widths = column_widths([c.title for c in report.columns], cells)
    keep = next((i for i, c in enumerate(report.columns)
                 if c.kind in NUMERIC and c.key != "rank"), len(report.columns))
    groups = column_groups(widths, console.width, keep)
    keep = groups[0][0] if groups and groups[0] else len(report.columns)
    for n, group in enumerate(groups):
        shown = [*range(keep), *group]
        table = Table(title=f"{report.title}{period}{where}" if n == 0 else None,
                      title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                      show_edge=False)
        for i in shown:
            c = report.columns[i]
            numeric = c.kind in NUMERIC or c.kind in ("date", "datetime")
            table.add_column(c.title, justify="right" if c.kind in NUMERIC else "left",
                             no_wrap=numeric, overflow="fold",
                             min_width=min(widths[i], KEY_MAX if i < keep else widths[i]))
        for r in cells:
            table.add_row(*(r[i] for i in shown))
        console.print(table)
    picture = chart_text(report, settings, min(40, max(10, console.width - 40)))
    if picture:
        title = report.chart.title if report.chart else ""
        console.print(title, markup=False, highlight=False)
        console.print(picture, markup=False, highlight=False, soft_wrap=True)
    if report.summary:
        items = [f"{c.title}: {plain(c.kind, v, exp)}" for c, v in report.summary]
        for line in wrap_items(items, console.width):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
    for note in report.notes:
        console.print(note, markup=False, highlight=False, style="dim")


def render(report: Report, fmt: str, settings: Settings, console: Console) -> None:
    """Writes the report in the chosen format; an empty one says so in one line."""
    if fmt == "csv":
        sys.stdout.write(to_csv(report, settings))
    elif fmt == "json":
        sys.stdout.write(to_json(report, settings) + "\n")
    if not report.rows:
        if fmt == "table":
            console.print(report.empty, markup=False, highlight=False)
        else:
            Console(stderr=True).print(report.empty, markup=False, highlight=False)
        return
    if fmt == "table":
        if not console.is_terminal:
            console = Console(highlight=False, width=max(console.width, 160))
        print_table(report, settings, console)
