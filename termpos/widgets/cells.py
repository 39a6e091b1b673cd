"""Provides fitting text to a number of terminal cells (CJK characters take two)."""

from __future__ import annotations

from rich.cells import cell_len


def fit(text: str, width: int) -> str:
    """Cuts or pads text to exactly `width` cells, never splitting a wide character."""
    out = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)
