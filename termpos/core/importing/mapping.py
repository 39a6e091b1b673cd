"""Provides the column mapping: which column gives which field, from a preset, the generic
aliases, --map overrides and the chosen --location; and preset detection from the header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from termpos.core.errors import UsageError
from termpos.core.importing.headers import is_excel_error, normalise_header, split_location
from termpos.core.importing.presets import FIELDS, GENERIC, PRESETS, Preset

DUPLICATE_WHY = "another column gives"  # why a column of a field already mapped is not read
_TAX_FLAG = re.compile(r"^tax\s*-\s*.*\(\s*([\d.,]+)\s*%\s*\)$")


class MappingError(UsageError):
    """The columns cannot be mapped as asked (unknown preset, field, header or location)."""


@dataclass(frozen=True)
class Column:
    """One column of the file and what it was mapped to (field None: ignored)."""

    index: int
    header: str
    field: str | None
    location: str | None = None
    why: str = ""


@dataclass
class Mapping:
    """The mapping used for a file: preset, columns, and field -> column index."""

    preset: str
    columns: list[Column]
    index: dict[str, int] = field(default_factory=dict)
    location: str | None = None
    locations: tuple[str, ...] = ()
    variants: str = ""
    # Square/Loyverse tax columns `Tax - VAT (20%)` holding Y/N: (column index, rate text).
    tax_flags: list[tuple[int, str]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        """Tells whether some column gives this field."""
        return name in self.index

    def header_of(self, name: str) -> str:
        """The header of the column that gives a field ("" when none does)."""
        i = self.index.get(name)
        return self.columns[i].header if i is not None else ""


def detect_preset(headers: Sequence[str], kind: str = "products") -> str:
    """Names the preset whose signature headers are all present ("generic" when none is)."""
    if kind != "products":
        from termpos.core.importing.customers import detect_customer_preset

        return detect_customer_preset(headers)
    bases = {normalise_header(h) for h in headers} | {split_location(h)[0] for h in headers}
    best, best_score = "generic", 0
    for preset in PRESETS.values():
        for sig in preset.signature:
            if sig <= bases:
                score = len(sig) * 10 + len(set(preset.columns) & bases)
                if score > best_score:
                    best, best_score = preset.name, score
    return best


def parse_overrides(pairs: Sequence[str], fields: Sequence[str] = FIELDS) -> dict[str, str]:
    """Reads --map "Header=field" options into normalised header -> field."""
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, name = pair.rpartition("=")
        name = name.strip().lower().replace(" ", "_").replace("-", "_")
        if not sep or not header.strip():
            raise MappingError('--map {pair!r}: expected "Header=field"', pair=pair)
        if name not in fields:
            raise MappingError(
                "--map {pair!r}: unknown field {name!r} (fields: {fields})",
                pair=pair, name=name, fields=', '.join(fields),
            )
        out[normalise_header(header)] = name
    return out


def _tables(kind: str) -> tuple[dict[str, Preset], dict[str, str], Sequence[str]]:
    """The presets, generic aliases and fields for products or customers."""
    if kind == "customers":
        from termpos.core.importing.customers import (
            CUSTOMER_FIELDS,
            CUSTOMER_GENERIC,
            CUSTOMER_PRESETS,
        )

        return CUSTOMER_PRESETS, CUSTOMER_GENERIC, CUSTOMER_FIELDS
    return PRESETS, GENERIC, FIELDS


def build_mapping(
    headers: Sequence[str],
    preset: str | None = None,
    overrides: Sequence[str] = (),
    location: str | None = None,
    kind: str = "products",
) -> Mapping:
    """Maps each header to a field; raises MappingError naming what cannot be mapped."""
    table, aliases, fields = _tables(kind)
    name = preset.strip().lower() if preset else detect_preset(headers, kind)
    if name != "generic" and name not in table:
        raise MappingError(
            "--preset {name!r}: unknown (presets: generic, {table})",
            name=name, table=', '.join(table),
        )
    columns_map = table[name].columns if name in table else aliases
    wanted = parse_overrides(overrides, fields)
    normals = [normalise_header(h) for h in headers]
    for header in wanted:
        if header not in normals:
            raise MappingError(
                "--map: no column {header!r} in the file (columns: {names})",
                header=header, names=', '.join(h.strip() for h in headers),
            )
    raw: list[Column] = []
    for i, (header, norm) in enumerate(zip(headers, normals, strict=True)):
        if norm in wanted:
            raw.append(Column(i, header, wanted[norm], None, "--map"))
        elif is_excel_error(header):
            raw.append(Column(i, header, None, None, "spreadsheet error value, ignored"))
        elif norm in columns_map:
            raw.append(Column(i, header, columns_map[norm], None, name))
        elif kind == "products" and _TAX_FLAG.match(norm):
            raw.append(Column(i, header, None, None, "tax flag (Y/N)"))
        else:
            base, loc = split_location(header)
            if loc is not None and base in columns_map:
                raw.append(Column(i, header, columns_map[base], loc, name))
            else:
                raw.append(Column(i, header, None, None, ""))
    locations = tuple(dict.fromkeys(c.location for c in raw if c.location))
    if location is not None:
        match = [loc for loc in locations if loc.casefold() == location.strip().casefold()]
        if not match:
            raise MappingError(
                "--location {location!r}: not in the file's headers (locations: {locations})",
                location=location, locations=', '.join(locations) or 'none',
            )
        location = match[0]
    columns = _choose(raw, location, locations)
    index: dict[str, int] = {}
    for col in columns:
        if col.field and col.field != "ignore" and col.field not in index:
            index[col.field] = col.index
    variants = table[name].variants if name in table else ""
    flags = [(c.index, m.group(1) + "%") for c in columns
             if c.field is None and (m := _TAX_FLAG.match(normalise_header(c.header)))]
    return Mapping(name, columns, index, location, locations, variants, flags)


def _choose(raw: list[Column], location: str | None, locations: tuple[str, ...]) -> list[Column]:
    """Keeps one column per field: --map first, then the chosen location, then unlocated."""
    by_field: dict[str, list[Column]] = {}
    for col in raw:
        if col.field and col.field != "ignore":
            by_field.setdefault(col.field, []).append(col)
    chosen: dict[int, str] = {}
    for fld, cols in by_field.items():
        pick = [c for c in cols if c.why == "--map"]
        if not pick and location is not None:
            pick = [c for c in cols if c.location == location]
        if not pick:
            pick = [c for c in cols if c.location is None]
        if not pick:
            located = {c.location for c in cols}
            if len(located) > 1:
                raise MappingError(
                    "the file has {fld} for several locations ({locations}): choose one with "
                    "--location",
                    fld=fld, locations=', '.join(locations),
                )
            pick = cols
        chosen[pick[0].index] = fld
    used = {fld: index for index, fld in chosen.items()}
    out: list[Column] = []
    for col in raw:
        if col.field and col.field != "ignore" and chosen.get(col.index) != col.field:
            why = (f"{DUPLICATE_WHY} {col.field} (column {used[col.field] + 1})"
                   if col.location is None or location is None or col.location == location
                   else "other location")
            out.append(Column(col.index, col.header, None, col.location, why))
        else:
            out.append(col)
    return out
