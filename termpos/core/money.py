"""Provides money as integer minor units: parsing, formatting and explicit rounding.

An amount is an ``int`` count of the currency's minor unit (cents, or whole dollars for a
currency with exponent 0). Floats never touch an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from termpos.core.errors import TranslatedError

_AMOUNT = re.compile(r"^([+-]?)(\d+)(?:[.,](\d*))?$")
# The largest amount (or milli-quantity) typed or imported, in minor units: far above any
# shop's, and far below what SQLite's 64-bit integers hold once multiplied and summed.
MAX_AMOUNT = 10**11


class MoneyError(TranslatedError, ValueError):
    """An amount could not be read."""


class AmountTooLarge(MoneyError):
    """An amount beyond MAX_AMOUNT."""


@dataclass(frozen=True)
class Currency:
    """A currency code with its minor-unit exponent (2 for EUR/USD, 0 for TWD/JPY)."""

    code: str = "EUR"
    exponent: int = 2
    symbol: str = ""

    @property
    def scale(self) -> int:
        """How many minor units make one major unit."""
        return int(10**self.exponent)


def div_half_up(numerator: int, denominator: int) -> int:
    """Divides two integers, rounding halves away from zero (commercial rounding)."""
    if denominator == 0:
        raise ZeroDivisionError("division by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q


def round_to_step(amount: int, step: int) -> int:
    """Rounds an amount half-up to a multiple of ``step`` minor units (cash rounding)."""
    if step <= 1:
        return amount
    return div_half_up(amount, step) * step


def parse_amount(text: str, exponent: int = 2) -> int:
    """Reads ``12.34``, ``-5``, ``0,5`` (decimal comma) into minor units; refuses extra digits.

    Raises MoneyError when the text is not a plain amount or has more decimals than the
    currency allows, so that nothing is silently rounded, or is beyond MAX_AMOUNT.
    """
    cleaned = text.strip().replace(" ", "").replace("_", "")
    m = _AMOUNT.match(cleaned)
    if not m:
        raise MoneyError("not an amount: {text!r}", text=text)
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    if len(frac) > exponent:
        extra = frac[exponent:]
        if extra.strip("0"):
            raise MoneyError("too many decimals for this currency: {text!r}", text=text)
        frac = frac[:exponent]
    whole = whole.lstrip("0") or "0"
    if len(whole) > 30:  # too large anyway (and int() refuses over 4,300 digits)
        raise AmountTooLarge("amount too large: {text!r}", text=text)
    value = int(whole) * int(10**exponent) + int(frac.ljust(exponent, "0") or "0")
    if value > MAX_AMOUNT:
        raise AmountTooLarge("amount too large: {text!r}", text=text)
    return -value if sign == "-" else value


def format_amount(amount: int, exponent: int = 2, symbol: str = "", sep: str = ".") -> str:
    """Writes minor units as ``-12.34`` (or ``12`` for exponent 0), with an optional symbol."""
    sign = "-" if amount < 0 else ""
    a = abs(amount)
    if exponent == 0:
        body = str(a)
    else:
        whole, frac = divmod(a, 10**exponent)
        body = f"{whole}{sep}{frac:0{exponent}d}"
    return f"{sign}{symbol}{body}"


def percent_of(amount: int, percent_milli: int) -> int:
    """Returns ``percent_milli``/1000 percent of an amount, rounded half-up (10% = 10000)."""
    return div_half_up(amount * percent_milli, 100_000)


def parse_percent(text: str) -> int:
    """Reads ``10``, ``12.5`` or ``12.5%`` into thousandths of a percent (12.5% = 12500)."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = parse_amount(cleaned, 3)
    except MoneyError as exc:
        raise MoneyError("not a percentage: {text!r}", text=text) from exc
    if value < 0 or value > 100_000:
        raise MoneyError("percentage out of range 0-100: {text!r}", text=text)
    return value
