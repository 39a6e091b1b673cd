"""Provides stock quantities as text: parsing `12`, `-2.5`, `CODE*QTY`; formatting milli-units."""

from __future__ import annotations

import re

from termpos.core.errors import TranslatedError
from termpos.core.money import MAX_AMOUNT

MILLI = 1000
_QTY = re.compile(r"^([+-]?)(\d+)(?:[.,](\d{0,3}))?$")


class QtyError(TranslatedError, ValueError):
    """A quantity could not be read."""


def parse_qty(text: str, *, signed: bool = False) -> int:
    """Reads a quantity (`3`, `0.250`, `1,5`, `+2`, `-4` when signed) into milli-units."""
    cleaned = text.strip().replace(" ", "").replace("_", "")
    m = _QTY.match(cleaned)
    if not m:
        raise QtyError("not a quantity: {text!r} (at most 3 decimals)", text=text)
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    if sign == "-" and not signed:
        raise QtyError("a quantity cannot be negative here: {text!r}", text=text)
    if len(whole) > 12:
        raise QtyError("quantity too large: {text!r}", text=text)
    value = int(whole) * MILLI + int(frac.ljust(3, "0") or "0")
    if value > MAX_AMOUNT:  # 100,000,000 units
        raise QtyError("quantity too large: {text!r}", text=text)
    return -value if sign == "-" else value


def parse_item(token: str) -> tuple[str, int]:
    """Reads `CODE*QTY` (or a bare `CODE`, one item) into (code, milli-units > 0)."""
    code, star, qty_text = token.strip().rpartition("*")
    if not star:
        code, qty_text = token.strip(), "1"
    code = code.strip()
    if not code:
        raise QtyError("no product code in {token!r} (write CODE*QTY)", token=token)
    qty = parse_qty(qty_text)
    if qty <= 0:
        raise QtyError("quantity must be more than zero in {token!r}", token=token)
    return code, qty


def parse_assignment(token: str) -> tuple[str, str]:
    """Reads `CODE=VALUE` into (code, value text)."""
    code, eq, value = token.partition("=")
    if not eq or not code.strip() or not value.strip():
        raise QtyError("expected CODE=AMOUNT, got {token!r}", token=token)
    return code.strip(), value.strip()


def is_whole(qty_milli: int) -> bool:
    """Tells whether a quantity is a whole number of units."""
    return qty_milli % MILLI == 0


def format_qty(qty_milli: int, *, signed: bool = False) -> str:
    """Writes milli-units as `12` for whole units, else `1.250`; `+` on request."""
    sign = "-" if qty_milli < 0 else ("+" if signed and qty_milli > 0 else "")
    whole, frac = divmod(abs(qty_milli), MILLI)
    body = f"{whole}" if frac == 0 else f"{whole}.{frac:03d}"
    return f"{sign}{body}"
