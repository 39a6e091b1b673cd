"""Provides header normalisation and the store or location names found inside headers.

`Price [Main Store]`, `In stock [Richmond]`, `Current Quantity Richmond` and
`inventory_Main_Outlet` all name a field for one location; split_location finds it.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s_]+")
_BRACKET = re.compile(r"^(?P<base>.+?)\s*[\[(](?P<loc>[^\])]+)[\])]\s*$")

# Headers whose tail (after a space or underscore) is a location name, by vendor.
LOCATION_PREFIXES: tuple[str, ...] = (
    "current quantity", "new quantity", "stock alert count", "stock alert enabled",
    "enabled", "price", "in stock", "low stock", "available for sale", "optimal stock",
    "inventory", "reorder point", "restock level", "outlet tax", "qty", "quantity",
)


def normalise_header(header: str) -> str:
    """Case-, space- and width-insensitive form of a header: `  Tax 2 Name ` -> `tax 2 name`."""
    text = unicodedata.normalize("NFKC", header).replace("\ufeff", "").replace("\u200b", "")
    text = text.replace("\u00a0", " ").strip().rstrip(":").strip()
    return _SPACES.sub(" ", text).casefold()


def split_location(header: str) -> tuple[str, str | None]:
    """Splits a header into its normalised base and the location name it carries, if any."""
    m = _BRACKET.match(header.strip())
    if m:
        base = normalise_header(m.group("base"))
        if base in LOCATION_PREFIXES or base.startswith(LOCATION_PREFIXES):
            return base, " ".join(m.group("loc").split())
        return normalise_header(header), None
    norm = normalise_header(header)
    for prefix in LOCATION_PREFIXES:
        if norm.startswith(prefix + " ") and len(norm) > len(prefix) + 1:
            raw = header.strip()
            tail = raw[len(prefix) + 1:] if len(raw) > len(prefix) else ""
            location = " ".join(tail.replace("_", " ").split())
            if location:
                return prefix, location
    return norm, None


def is_excel_error(header: str) -> bool:
    """Tells whether a header is a spreadsheet error value such as #NAME? or #REF!."""
    return normalise_header(header) in {"#name?", "#ref!", "#value!", "#n/a", "#div/0!", "#null!"}
