"""Provides the phone parser of customer imports: the till's own rules (core.phone).

An imported phone is stored exactly as the till would store it when typed, so lookups by
phone and duplicate checks agree between imported and registered customers.
"""

from __future__ import annotations

from termpos.core.importing.values import ValueProblem, clean
from termpos.core.phone import PhoneError
from termpos.core.phone import normalise_phone as till_phone


def normalise_phone(text: str, country_code: str = "") -> str | None:
    """`+1 (585) 555-1111` -> `+15855551111`; None when missing; ValueProblem when not a phone."""
    value = clean(text)
    if value is None:
        return None
    try:
        return till_phone(value, country_code)
    except PhoneError as exc:
        raise ValueProblem("{error}", error=exc) from exc
