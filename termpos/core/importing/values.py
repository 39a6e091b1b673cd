"""Provides parsing of single cell values: missing markers, codes, barcodes, money, quantities.

Every parser returns None for a missing value ("", nan, NULL, ...), never zero, and raises
ValueProblem with a short reason the importer shows next to the line and column.
"""

from __future__ import annotations

import re
import unicodedata

from termpos.core.errors import TranslatedError
from termpos.core.gtin import check_digit, is_valid_gtin
from termpos.core.money import AmountTooLarge, MoneyError, parse_amount

MISSING = frozenset({"", "nan", "null", "none", "n/a", "#n/a", "na", "nil", "(null)"})
GUARD_CHARS = "=+-@\t\r'"
_SCI = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_FLOATED = re.compile(r"^\d+[.,]0+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LEAD = re.compile(r"^[^\d+\-(.,]+")
_TRAIL = re.compile(r"[^\d).,+\-]+$")
_CURRENCY_WORDS = frozenset({"元", "円", "圓", "块", "kr", "zł", "fr.", "nt", "rs", "rs."})
_PLAIN = re.compile(r"^(-?)(\d{1,15})(?:\.(\d{1,3}))?$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d*)?$")
_BOOLS: dict[str, bool] = {}
_TRUE = frozenset({"1", "true", "t", "yes", "y", "x", "on", "active", "published", "enabled",
                   "是", "true()"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off", "inactive", "draft", "archived",
                    "disabled", "-1", "否", "private"})
_BOOLS.update({w: True for w in ("1", "yes", "true", "TRUE", "True", "Y", "y")})
_BOOLS.update({w: False for w in ("0", "no", "false", "FALSE", "False", "N", "n")})
GTIN_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}


class ValueProblem(TranslatedError, ValueError):
    """A cell that cannot be read; the message says why, in a few words."""


def strip_guard(text: str) -> str:
    """Removes an exporter's formula-injection apostrophe ('2019104, '-3, '=x)."""
    if len(text) > 1 and text[0] == "'" and (text[1] in GUARD_CHARS or text[1].isdigit()):
        return text[1:]
    return text


def clean(text: str) -> str | None:
    """Trims a cell, drops the apostrophe guard and returns None for a missing marker."""
    value = text.strip()
    if value[:1] in ("\ufeff", "\u200b"):
        value = value.strip("\ufeff\u200b").strip()
    if value[:1] == "'":
        value = strip_guard(value)
    elif value[:2] == '="' and value[-1:] == '"' and len(value) > 2:
        value = value[2:-1]  # Excel's ="0012345" keeps leading zeros
    if len(value) <= 6 and value.casefold() in MISSING:
        return None
    return value


def parse_text(text: str, max_len: int = 300) -> str | None:
    """Reads a name-like text: collapses inner whitespace and line breaks, refuses overlong."""
    value = clean(text)
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) > max_len:
        raise ValueProblem("longer than {max_len} characters", max_len=max_len)
    return value


def parse_code(text: str, max_len: int = 64) -> str | None:
    """Reads a product code as text (leading zeros kept); refuses spreadsheet-mangled codes."""
    # the usual cell (letters and digits, nothing to clean): what _parse_code would return
    if text.isalnum() and text.isascii() and len(text) <= max_len and (
            len(text) > 6 or text.casefold() not in MISSING) and not (
            ("e" in text or "E" in text) and _SCI.match(text)):
        return text
    return _parse_code(text, max_len)


def _parse_code(text: str, max_len: int) -> str | None:
    value = clean(text)
    if value is None:
        return None
    if value.isascii() and value.isdigit() and len(value) <= max_len:
        return value
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    if ("e" in value or "E" in value) and _SCI.match(value):
        raise ValueProblem(
            "{value!r} is a number in scientific notation: a spreadsheet rounded the code and "
            "its digits are lost (not guessed); export the column as text",
            value=value,
        )
    if not value.isprintable():
        where = _CONTROL.search(value)
        if where:
            raise ValueProblem(
                "contains a control character at position {position} (a GS1 separator?)",
                position=where.start() + 1,
            )
    if " " in value and value.replace(" ", "").isdigit():
        raise ValueProblem("{value!r} has spaces inside a number", value=value)
    if len(value) > max_len:
        raise ValueProblem("longer than {max_len} characters", max_len=max_len)
    return value


def gtin_problem(code: str) -> ValueProblem | None:
    """Says what is wrong with an all-digit barcode, or None when it is a valid GTIN."""
    kind = GTIN_LENGTHS.get(len(code))
    if kind is None:
        return ValueProblem(
            "{code!r} has {digits} digits, not 8, 12, 13 or 14 (leading zeros lost by a "
            "spreadsheet? an internal code? map the column to code with --map)",
            code=code, digits=len(code),
        )
    expected = check_digit(code[:-1])
    if expected != int(code[-1]):
        return ValueProblem(
            "{code!r}: wrong {kind} check digit (expected {expected}); a typo or an internal "
            "code (map the column to code with --map)",
            code=code, kind=kind, expected=expected,
        )
    return None


def parse_barcode(text: str) -> str | None:
    """Reads a barcode: all-digit codes must be valid EAN-8, UPC-A, EAN-13 or GTIN-14."""
    # the usual cell, a valid GTIN of ASCII digits: what _parse_barcode would return
    if is_valid_gtin(text):
        return text
    return _parse_barcode(text)


def _parse_barcode(text: str) -> str | None:
    value = _parse_code(text, 64)
    if value is None:
        return None
    if ("." in value or "," in value) and _FLOATED.match(value):
        raise ValueProblem(
            "{value!r} ends in a decimal point: a spreadsheet stored it as a number",
            value=value,
        )
    if value.isascii() and value.isdigit():
        problem = gtin_problem(value)
        if problem:
            raise problem
    return value


def _is_currency(edge: str) -> bool:
    """Tells whether text around a number is a currency: `$`, `NT$`, `EUR`, `元`."""
    edge = edge.strip()
    if not edge:
        return True
    if edge.casefold() in _CURRENCY_WORDS:
        return True
    letters = "".join(ch for ch in edge if unicodedata.category(ch) != "Sc")
    has_symbol = len(letters) < len(edge)
    if not letters:
        return True
    return len(letters) <= 3 and letters.isascii() and letters.isalpha() and (
        has_symbol or letters.isupper())


def _strip_currency(value: str, original: str) -> str:
    """Removes a currency symbol or code before or after the number."""
    value = value.strip()
    for pattern in (_LEAD, _TRAIL):
        m = pattern.search(value)
        if m:
            if not _is_currency(m.group(0)):
                raise ValueProblem("{original!r} is not an amount", original=original)
            value = (value[: m.start()] + value[m.end():]).strip()
    return value


def _normal_number(text: str, decimal: str) -> str:
    """Turns 1,299.00 / 1.299,00 / 780,00 / 1 299 into plain 1299.00-style text."""
    value = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\u202f", " ")
    value = value.strip()
    negative = value.startswith("(") and value.endswith(")")
    if negative:
        value = value[1:-1].strip()
    value = _strip_currency(value, text)
    # a sign may stand before the currency symbol: -$5.00
    sign = ""
    if value[:1] and value[:1] in "+-":
        sign, value = value[0], _strip_currency(value[1:], text)
    value = re.sub(r"(?<=\d)[ '_](?=\d)", "", value)
    if _SCI.match(value):
        raise ValueProblem("{text!r} is in scientific notation", text=text)
    has_comma, has_dot = "," in value, "." in value
    if has_comma and has_dot:
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif has_comma:
        if value.count(",") > 1 and _THOUSANDS_COMMA.match(value):
            value = value.replace(",", "")
        elif decimal == "," or not _THOUSANDS_COMMA.match(value):
            value = value.replace(",", ".")
        elif decimal == ".":
            value = value.replace(",", "")
        else:
            raise ValueProblem(
                "{text!r} is ambiguous (thousands or decimal comma?); use --decimal , or "
                "--decimal .",
                text=text,
            )
    elif has_dot and _THOUSANDS_DOT.match(value) and (value.count(".") > 1 or decimal == ","):
        value = value.replace(".", "")
    if negative:
        sign = "-" if sign != "-" else ""
    return sign + value


def _plain_amount(m: re.Match[str], exponent: int) -> int:
    """Minor units from a plain `-12.5` match (the fast path for clean files)."""
    frac = m.group(3) or ""
    value: int = int(m.group(2)) * 10**exponent + (int(frac.ljust(exponent, "0")) if frac else 0)
    return -value if m.group(1) else value


def parse_money(text: str, exponent: int = 2, decimal: str = "auto") -> int | None:
    """Reads a price into minor units: currency symbols, thousands separators, decimal commas."""
    value = clean(text)
    if value is None:
        return None
    plain = _PLAIN.match(value)
    # fast path for plain cells below MAX_AMOUNT (11 digits of minor units)
    if plain and len(plain.group(3) or "") <= exponent and len(plain.group(2)) + exponent <= 11:
        return _plain_amount(plain, exponent)
    try:
        return parse_amount(_normal_number(value, decimal), exponent)
    except AmountTooLarge:
        raise ValueProblem("{value!r} is too large an amount", value=value) from None
    except MoneyError as exc:
        if "decimals" in exc.template:
            raise ValueProblem("{value!r} is not an amount (too many decimals)",
                               value=value) from None
        raise ValueProblem("{value!r} is not an amount", value=value) from None


def parse_quantity(text: str, decimal: str = "auto") -> int | None:
    """Reads a quantity into milli-units (1.5 -> 1500); negative stock is allowed."""
    value = clean(text)
    if value is None:
        return None
    plain = _PLAIN.match(value)
    if plain and len(plain.group(2)) <= 8:  # below MAX_AMOUNT milli-units
        return _plain_amount(plain, 3)
    try:
        return parse_amount(_normal_number(value, decimal), 3)
    except AmountTooLarge:
        raise ValueProblem("{value!r} is too large a quantity", value=value) from None
    except MoneyError:
        raise ValueProblem(
            "{value!r} is not a quantity (at most 3 decimals)",
            value=value,
        ) from None


def parse_bool(text: str) -> bool | None:
    """Reads yes/no, true/false, 1/0, y/n (and a few shop words such as draft)."""
    value = clean(text)
    if value is None:
        return None
    known = _BOOLS.get(value)
    if known is not None:
        return known
    key = value.casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem("{value!r} is not yes/no", value=value)


def parse_percent_milli(text: str) -> int | None:
    """Reads a tax rate such as 8, 8%, 0.08 or 8,5 % into thousandths of a percent."""
    value = clean(text)
    if value is None:
        return None
    body = value.rstrip("%").strip()
    try:
        milli = parse_amount(_normal_number(body, "auto"), 3)
    except (MoneyError, ValueProblem):
        raise ValueProblem("{value!r} is not a percentage", value=value) from None
    if "%" not in value and 0 < milli < 1000 and body.startswith("0"):
        milli *= 100  # 0.08 written as a fraction
    return milli
