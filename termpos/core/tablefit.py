"""Provides the layout of a report table on a narrow terminal: which columns go together.

A table wider than the terminal is printed as several tables, each repeating the leading
columns that say what a row is (the day; the rank, code and product; the cashier) beside
as many of the others as fit, in order, so no column is squeezed out of sight.
"""

from __future__ import annotations

from collections.abc import Sequence

from termpos.core.textwidth import text_width

GAP = 3  # between two columns: a divider and a space each side
KEY_MAX = 30  # a wider first column wraps inside this width


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """The width each column needs: its header or its widest cell, in terminal cells."""
    widths = [text_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], text_width(cell))
    return widths


def column_groups(widths: Sequence[int], total: int, keep: int = 1) -> list[list[int]]:
    """Indexes of the columns after the first ``keep``, in groups that fit beside those.

    The kept columns are fewer when they would take more than half the width. A column too
    wide for any group gets a group of its own (it will wrap there).
    """
    if not widths:
        return []
    keep = max(1, min(keep, len(widths)))
    while keep > 1 and key_width(widths, keep) > total // 2:
        keep -= 1
    room = total - key_width(widths, keep)
    groups: list[list[int]] = []
    used = room  # start a new group at the first column
    for i in range(keep, len(widths)):
        need = GAP + widths[i]
        if used + need > room and (not groups or groups[-1]):
            groups.append([])
            used = 0
        groups[-1].append(i)
        used += need
    return groups or [[]]


def key_width(widths: Sequence[int], keep: int) -> int:
    """The width the first ``keep`` columns take (each wraps inside KEY_MAX)."""
    return sum(min(w, KEY_MAX) for w in widths[:keep]) + GAP * (keep - 1)


def wrap_items(items: Sequence[str], total: int) -> list[str]:
    """Items ("Net: 12.00") joined by two spaces into lines no wider than ``total``; an
    item is never broken."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and text_width(line) + 2 + text_width(item) > total:
            lines.append(line)
            line = ""
        line = f"{line}  {item}" if line else item
    if line:
        lines.append(line)
    return lines
