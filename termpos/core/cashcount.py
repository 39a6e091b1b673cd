"""Provides the blind cash count: denominations, their total, and reading `VALUExCOUNT`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from termpos.core.errors import Refused
from termpos.core.money import MoneyError, format_amount, parse_amount

# Common note and coin values in major units, for currencies with and without cents.
_WITH_CENTS = ("500", "200", "100", "50", "20", "10", "5", "2", "1",
               "0.50", "0.20", "0.10", "0.05", "0.02", "0.01")
_WHOLE = ("2000", "1000", "500", "200", "100", "50", "20", "10", "5", "1")


def default_denominations(exponent: int) -> tuple[int, ...]:
    """Note and coin values in minor units, largest first, for a currency's exponent."""
    values = _WHOLE if exponent == 0 else _WITH_CENTS
    out = []
    for v in values:
        try:
            out.append(parse_amount(v, exponent))
        except MoneyError:
            continue  # a coin smaller than the minor unit does not exist here
    return tuple(sorted(set(out), reverse=True))


def count_total(denominations: Mapping[int, int]) -> int:
    """The cash counted: sum of value x count; refuses a value <= 0 or a negative count."""
    total = 0
    for value, count in denominations.items():
        if value <= 0:
            raise Refused("a denomination must be more than zero, got {value}", value=value)
        if count < 0:
            raise Refused(
                "a count cannot be negative ({count} x {value})",
                count=count, value=value,
            )
        total += value * count
    return total


def parse_denomination(text: str, exponent: int) -> tuple[int, int]:
    """Reads `20x3` or `0.50*4` (value x count) into (value in minor units, count)."""
    cleaned = text.strip().lower().replace("*", "x")
    value_text, sep, count_text = cleaned.rpartition("x")
    if not sep or not count_text.strip().isdigit():
        raise Refused(
            "denomination {text!r}: expected VALUExCOUNT such as 20x3 or 0.50x4",
            text=text,
        )
    try:
        value = parse_amount(value_text, exponent)
    except MoneyError as exc:
        raise Refused("denomination {text!r}: {error}", text=text, error=exc) from exc
    if value <= 0:
        raise Refused("denomination {text!r}: the value must be more than zero", text=text)
    return value, int(count_text)


def merge_counts(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Adds up counts given for the same value twice; keeps the largest value first."""
    merged: dict[int, int] = {}
    for value, count in pairs:
        merged[value] = merged.get(value, 0) + count
    return dict(sorted(merged.items(), reverse=True))


def describe(value: int, exponent: int) -> str:
    """A denomination as people write it: 20.00 -> "20", 0.50 -> "0.50"."""
    text = format_amount(value, exponent)
    return text[: -exponent - 1] if exponent and text.endswith("." + "0" * exponent) else text
