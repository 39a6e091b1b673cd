"""Provides the blocks a printed page is made of, and a plain-text preview of them.

The receipt layout produces these; the ESC/POS encoder turns them into printer bytes; the
till and tests can show them as text. Text blocks already fit the paper's columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from termpos.core.textwidth import pad

ALIGNS = ("left", "center", "right")
SIZES = ("normal", "double", "tall", "wide")  # double = twice as wide and tall


@dataclass(frozen=True)
class Text:
    """One printed line."""

    text: str
    align: str = "left"
    bold: bool = False
    size: str = "normal"


@dataclass(frozen=True)
class Barcode:
    """A CODE128 barcode (receipt number for refunds), human-readable text below."""

    data: str


@dataclass(frozen=True)
class QRCode:
    """A QR code (printer-native), module size 1-16."""

    data: str
    size: int = 6


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed to the cutter and cut (partial cut)."""


Block = Text | Barcode | QRCode | Feed | Cut


def line_columns(size: str, columns: int) -> int:
    """Columns available for a line of this size (double-wide text takes half)."""
    return columns // 2 if size in ("double", "wide") else columns


def preview(blocks: list[Block], columns: int) -> list[str]:
    """The page as plain text lines (for screens, logs and tests)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Text):
            width = line_columns(b.size, columns)
            out.append(pad(b.text, width, b.align).rstrip())
        elif isinstance(b, Barcode):
            out.append(pad(f"|||| {b.data} ||||", columns, "center").rstrip())
        elif isinstance(b, QRCode):
            out.append(pad(f"[QR {b.data}]", columns, "center").rstrip())
        elif isinstance(b, Feed):
            out.extend([""] * b.lines)
        else:
            out.append("-- cut --")
    return out
