"""Provides GTIN check digits: EAN-13, EAN-8, UPC-A (GTIN-12) and GTIN-14."""

from __future__ import annotations


def check_digit(body: str) -> int:
    """Computes the GS1 check digit for the digits before it (weights 3,1 from the right)."""
    raw = body.encode("ascii")
    odd, even = raw[-1::-2], raw[-2::-2]  # weight 3 from the right, then 1
    total = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """Tells whether an 8, 12, 13 or 14 digit code has a correct check digit."""
    if not (code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14)):
        return False
    return check_digit(code[:-1]) == int(code[-1])


def with_check_digit(body: str) -> str:
    """Appends the check digit to a code body (12 digits give an EAN-13)."""
    return body + str(check_digit(body))
