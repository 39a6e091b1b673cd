"""Provides variable-measure (scale label) barcodes: ordered GS1 prefix rules, checked.

A rule says: a prefix matching ``pattern``, then ``item_digits`` of the product's code, then
``value_digits`` of weight (grams) or price (minor units), then the check digit. The whole
code must have exactly that length and a valid check digit; the first matching rule wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from termpos.core.config import BarcodeRule
from termpos.core.gtin import check_digit
from termpos.core.money import div_half_up


@dataclass(frozen=True)
class ScaleLabel:
    """What a scale label says: the product's code and either a weight or a price."""

    item_code: str
    kind: str  # "weight" | "price"
    value: int  # grams for weight, minor units for price
    barcode: str


def _prefix_length(rule: BarcodeRule, code: str) -> int | None:
    """Length of the prefix the rule's pattern matches at the start of the code, or None."""
    m = re.match(f"(?:{rule.pattern})", code)
    return None if m is None else m.end()


def parse_scale_label(code: str, rules: Sequence[BarcodeRule]) -> ScaleLabel | None:
    """Reads a scale label with the first rule that matches its full length; None if none does.

    A code that matches a rule's layout but has a wrong check digit is not a label (None), so
    it falls through to the ordinary barcode lookup and, failing that, to "not found".
    """
    if not (code.isascii() and code.isdigit()):
        return None
    for rule in rules:
        plen = _prefix_length(rule, code)
        if plen is None or plen == 0:
            continue
        if len(code) != plen + rule.item_digits + rule.value_digits + 1:
            continue
        if check_digit(code[:-1]) != int(code[-1]):
            continue
        item = code[plen : plen + rule.item_digits]
        value = int(code[plen + rule.item_digits : -1])
        return ScaleLabel(item, rule.kind, value, code)
    return None


def make_scale_label(prefix: str, item_code: str, value: int, value_digits: int = 5) -> str:
    """Builds a label barcode (for tests and the demo): prefix, item, value, check digit."""
    body = f"{prefix}{item_code}{value:0{value_digits}d}"
    return body + str(check_digit(body))


def grams_for_price(price: int, unit_price_per_kg: int) -> int:
    """The weight (grams = qty_milli) a price label stands for on a weighed item, half-up."""
    if unit_price_per_kg <= 0:
        raise ValueError("a weighed item needs a price per kg above zero")
    return div_half_up(price * 1000, unit_price_per_kg)
