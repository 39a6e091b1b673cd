"""Provides a small phone normaliser for imported customer files.

The customers area owns the till's phone rules; this keeps only what an import needs:
digits with an optional leading +, `00` turned into +, punctuation dropped.
"""

from __future__ import annotations

import re
import unicodedata

from termpos.core.importing.values import ValueProblem, clean

_PUNCT = re.compile(r"[\s\-./()\u2010-\u2015]")


def normalise_phone(text: str) -> str | None:
    """`+1 (585) 555-1111` -> `+15855551111`; None when missing; ValueProblem when not a phone."""
    value = clean(text)
    if value is None:
        return None
    raw = unicodedata.normalize("NFKC", value)
    body = _PUNCT.sub("", raw)
    plus = body.startswith("+")
    if plus:
        body = body[1:]
    elif body.startswith("00"):
        plus, body = True, body[2:]
    if not body.isascii() or not body.isdigit():
        raise ValueProblem(f"{value!r} is not a phone number")
    if not 6 <= len(body) <= 15:
        raise ValueProblem(f"{value!r} has {len(body)} digits (a phone number has 6 to 15)")
    return ("+" if plus else "") + body
