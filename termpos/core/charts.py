"""Provides terminal charts as plain strings: horizontal bars and a weekday x hour heat map.

Only glyphs the Linux console font has are used: the full block and the three shades.
Scaling is integer arithmetic, so the same figures always draw the same picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from termpos.core.money import div_half_up

FULL = "█"
NEGATIVE = "░"
SHADES = (" ", "░", "▒", "▓", "█")  # empty, then four levels up to the maximum
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def bar_length(value: int, largest: int, width: int) -> int:
    """How many cells a bar gets: value/largest of width, rounded half up; at least 1 if > 0."""
    if largest <= 0 or value == 0:
        return 0
    n = div_half_up(abs(value) * width, largest)
    return max(1, min(width, n))


def bar_chart(
    items: Sequence[tuple[str, int]],
    width: int = 40,
    fmt: Callable[[int], str] = str,
) -> str:
    """Draws one bar per (label, value): full blocks, or light shade for a negative value."""
    if not items:
        return ""
    largest = max(abs(v) for _, v in items)
    label_w = max(len(label) for label, _ in items)
    texts = [fmt(v) for _, v in items]
    value_w = max(len(t) for t in texts)
    lines = []
    for (label, value), text in zip(items, texts, strict=True):
        glyph = NEGATIVE if value < 0 else FULL
        bar = glyph * bar_length(value, largest, width)
        lines.append(f"{label.ljust(label_w)} {text.rjust(value_w)} {bar}".rstrip())
    return "\n".join(lines)


def shade_level(value: int, largest: int) -> int:
    """The shade (0-4) of a cell: 0 for nothing, else quarters of the largest value, rounded up."""
    if value <= 0 or largest <= 0:
        return 0
    return max(1, min(4, -(-value * 4 // largest)))


def heat_map(
    matrix: Sequence[Sequence[int]],
    row_labels: Sequence[str] = WEEKDAYS,
    first_col: int = 0,
    fmt: Callable[[int], str] = str,
) -> str:
    """Draws a grid of shaded cells (rows x columns numbered from ``first_col``) with a legend.

    Columns with no value in any row at the two edges are left out, so a shop open 8-20
    shows only those hours and the map fits 80 columns.
    """
    cols = len(matrix[0]) if matrix else 0
    used = [c for c in range(cols) if any(row[c] for row in matrix)]
    if not used:
        return ""
    lo, hi = used[0], used[-1]
    largest = max(max(row[lo : hi + 1]) for row in matrix)
    label_w = max(len(label) for label in row_labels)
    header = " " * label_w + " " + "".join(f"{first_col + c:02d} " for c in range(lo, hi + 1))
    lines = [header.rstrip()]
    for label, row in zip(row_labels, matrix, strict=True):
        cells = "".join(SHADES[shade_level(v, largest)] * 2 + " " for v in row[lo : hi + 1])
        lines.append(f"{label.ljust(label_w)} {cells}".rstrip())
    legend = "  ".join(f"{SHADES[i]} up to {25 * i}%" for i in range(1, 5))
    lines.append(f"{legend} of the busiest cell ({fmt(largest)})")
    return "\n".join(lines)
