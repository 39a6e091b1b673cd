"""Provides phone number normalisation: one stored form per number, so lookups and duplicates work.

A number is stored as ``+`` then country code then national number (E.164-like, without
claiming full E.164 validation). Spaces, dashes, dots and parentheses are dropped; full-width
digits and ``＋`` become ASCII; ``00`` at the start means international; a national number
(with or without its trunk ``0``) gets the configured country calling code. With no country
code configured a national number is kept as its bare digits.
"""

from __future__ import annotations

import re
import unicodedata

from termpos.core.errors import TermposError

MIN_DIGITS = 7
MAX_DIGITS = 15  # E.164: at most 15 digits including the country code
_SEPARATORS = re.compile(r"[\s\-.()/]")
_ALLOWED = re.compile(r"\+?[0-9]*")


class PhoneError(TermposError):
    """A phone number that cannot be a phone number; the message says why."""


def valid_country_code(code: str) -> bool:
    """Tells whether a country calling code is usable: empty (none) or 1 to 3 digits, no 0 first."""
    return code == "" or re.fullmatch(r"[1-9][0-9]{0,2}", code) is not None


def normalise_phone(raw: str, country_code: str = "") -> str:
    """Returns the stored form of a phone number, or raises PhoneError naming the problem."""
    if not valid_country_code(country_code):
        raise PhoneError(
            "country code {country_code!r} must be 1 to 3 digits",
            country_code=country_code,
        )
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise PhoneError("a phone number is needed")
    # "+44 (0)20 ..." writes the trunk 0 that an international caller leaves out.
    if text.startswith("+"):
        text = text.replace("(0)", "")
    compact = _SEPARATORS.sub("", text)
    if not _ALLOWED.fullmatch(compact):
        others = [ch for ch in compact if ch not in "0123456789+"]
        if not others:
            raise PhoneError("phone {raw!r}: '+' is allowed only at the start", raw=raw.strip())
        bad = others[0]
        raise PhoneError(
            "phone {raw!r}: {bad!r} is not allowed (digits, spaces, - . ( ) and a leading + only)",
            raw=raw.strip(), bad=bad,
        )
    if compact.startswith("+"):
        number = compact
    elif compact.startswith("00"):
        number = "+" + compact[2:]
    elif country_code:
        number = "+" + country_code + compact.removeprefix("0")
    else:
        number = compact
    digits = number.removeprefix("+")
    if number.startswith("+") and digits.startswith("0"):
        raise PhoneError("phone {raw!r}: a country code never starts with 0", raw=raw.strip())
    if len(digits) < MIN_DIGITS:
        raise PhoneError(
            "phone {raw!r}: too short (at least {min_digits} digits)",
            raw=raw.strip(), min_digits=MIN_DIGITS,
        )
    if len(digits) > MAX_DIGITS:
        raise PhoneError(
            "phone {raw!r}: too long (at most {max_digits} digits)",
            raw=raw.strip(), max_digits=MAX_DIGITS,
        )
    return number


def looks_like_phone(text: str) -> bool:
    """Tells whether a search text is meant as a phone number (digits with separators)."""
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).strip())
    return len(compact.removeprefix("+")) >= 3 and _ALLOWED.fullmatch(compact) is not None


def phone_digits(text: str) -> str:
    """The digits of a (partial) phone number typed for a search."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())
