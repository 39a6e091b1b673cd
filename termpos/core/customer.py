"""Provides customer records as plain data: the customer code, name search keys, field checks.

The customer code is ``C`` + a zero-padded number (7 digits or more) + a GS1 mod-10 check
digit over that number, e.g. ``C00000017``. It is printed on loyalty cards as Code 128 or
Code 39 (both carry a letter). Starting with a letter, it can never be read as a product
barcode or a variable-measure scale label: every barcode rule applies to all-digit codes
only, and the whole 20-29 in-store EAN-13 range is already taken by the default scale rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from termpos.core.errors import TermposError
from termpos.core.gtin import check_digit

CODE_PREFIX = "C"
CODE_DIGITS = 7
_CODE = re.compile(r"C([0-9]{7,12})([0-9])")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_NAME = 200
MAX_EMAIL = 200


class CustomerFieldError(TermposError):
    """A customer's detail is not acceptable; the message names the field."""


@dataclass(frozen=True)
class CustomerInfo:
    """A customer as the rest of termpos sees them (never a database row)."""

    id: int
    code: str
    name: str
    phone: str | None
    email: str
    birthday: dt.date | None
    notes: str
    consent: bool
    consent_at: dt.datetime | None
    created_by: str | None
    source: str
    created_at: dt.datetime
    forgotten_at: dt.datetime | None

    @property
    def forgotten(self) -> bool:
        """Whether the person asked to be forgotten (the record is anonymised)."""
        return self.forgotten_at is not None


def make_code(number: int) -> str:
    """Builds the customer code for a sequence number (1, 2, ...)."""
    if number < 1:
        raise ValueError("customer numbers start at 1")
    body = f"{number:0{CODE_DIGITS}d}"
    return f"{CODE_PREFIX}{body}{check_digit(body)}"


def parse_code(text: str) -> str | None:
    """Returns the canonical code for a typed or scanned code, or None if it is not one.

    Accepts lower case and full-width characters; refuses a wrong check digit (None).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().upper()
    m = _CODE.fullmatch(cleaned)
    if m is None or check_digit(m.group(1)) != int(m.group(2)):
        return None
    return cleaned


def name_key(name: str) -> str:
    """The searchable form of a name: NFKC (full-width to ASCII), case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(name: str) -> str:
    """A customer's name as stored: trimmed, single spaces; refuses an empty or huge name."""
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise CustomerFieldError("name: a customer needs a name")
    if len(cleaned) > MAX_NAME:
        raise CustomerFieldError("name: at most {max_name} characters", max_name=MAX_NAME)
    return cleaned


def clean_email(email: str) -> str:
    """An email as stored: trimmed, lower case; "" when none; refuses what is not an email."""
    cleaned = unicodedata.normalize("NFKC", email).strip().lower()
    if not cleaned:
        return ""
    if len(cleaned) > MAX_EMAIL or not _EMAIL.fullmatch(cleaned):
        raise CustomerFieldError("email {email!r}: not an email address", email=email.strip())
    return cleaned


def parse_birthday(text: str, today: dt.date) -> dt.date | None:
    """Reads YYYY-MM-DD (None for empty); refuses a date in the future or before 1900."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    try:
        day = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise CustomerFieldError(
            "birthday {cleaned!r}: expected YYYY-MM-DD",
            cleaned=cleaned,
        ) from None
    if day > today or day.year < 1900:
        raise CustomerFieldError("birthday {cleaned!r}: not a plausible birthday", cleaned=cleaned)
    return day


class DuplicateCustomer(TermposError):
    """A new customer matches an existing one; ``code`` names it for staff (never the kiosk)."""

    def __init__(self, message: str, field: str, code: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field
        self.code = code
