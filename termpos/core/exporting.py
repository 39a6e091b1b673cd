"""Provides export cell formatting: formula-injection guards for text, numbers kept numbers.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a
formula; text cells get an apostrophe in front. Numbers (Number) are written as they are, so
a refund of -5.00 stays a number. The importer removes the apostrophe again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from termpos.core.money import format_amount

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric cell, already formatted (`-5.00`, `1.5`): never guarded, bare in JSON."""

    text: str


def guard_text(text: str) -> str:
    """Prefixes an apostrophe to text a spreadsheet would read as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def money(amount: int, exponent: int) -> Number:
    """An amount of minor units as a number cell (`12.34`)."""
    return Number(format_amount(amount, exponent))


def quantity(milli: int) -> Number:
    """A quantity in milli-units as a number cell without needless zeros (1500 -> 1.5)."""
    sign = "-" if milli < 0 else ""
    whole, frac = divmod(abs(milli), 1000)
    text = f"{whole}.{frac:03d}".rstrip("0").rstrip(".")
    return Number(sign + text)


Cell = str | Number | bool | int | None


def csv_cell(value: Cell) -> str:
    """A value as a guarded CSV cell."""
    if value is None:
        return ""
    if isinstance(value, Number):
        return value.text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return guard_text(value)


def json_value(value: Cell) -> str:
    """A value as JSON text (numbers bare, so no float ever rounds an amount)."""
    if isinstance(value, Number):
        return value.text
    return json.dumps(value, ensure_ascii=False)


def json_object(keys: list[str], values: list[Cell]) -> str:
    """One flat JSON object from keys and values."""
    return "{" + ", ".join(f"{json.dumps(k)}: {json_value(v)}"
                           for k, v in zip(keys, values, strict=True)) + "}"
