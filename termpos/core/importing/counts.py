"""Provides CountReader: one row of a stock-count file -> (code or barcode, counted quantity).

For `termpos import stock`: map the header with build_mapping(header) (fields code, barcode
and on_hand; `counted`, `qty`, `庫存` ... are recognised), stream rows from
services.importer.reading.open_table, and read each row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from termpos.core.importing.mapping import Mapping
from termpos.core.importing.rows import Problem, Skipped, make_plan, read_cells
from termpos.core.importing.values import parse_barcode, parse_code, parse_quantity


@dataclass(frozen=True, slots=True)
class CountRow:
    """A counted quantity for the product with this code or barcode (either may be None)."""

    line: int
    code: str | None
    barcode: str | None
    qty_milli: int


class CountReader:
    """Reads stock-count rows; needs a code or barcode column and a quantity column."""

    def __init__(self, mapping: Mapping, width: int, decimal: str = "auto") -> None:
        if not (mapping.has("code") or mapping.has("barcode")) or not mapping.has("on_hand"):
            from termpos.core.importing.mapping import MappingError

            raise MappingError("a stock count needs a code or barcode column and a quantity "
                               "column; use --map \"Header=code\" / \"Header=on_hand\"")
        self.mapping, self.width = mapping, width
        self.plan = make_plan(mapping, {
            "code": parse_code, "barcode": parse_barcode,
            "on_hand": partial(parse_quantity, decimal=decimal)})

    def read(self, line: int, cells: list[str]) -> CountRow | Skipped | list[Problem]:
        """Turns one row into a count, a skipped empty row or its problems."""
        if not "".join(cells).strip():
            return Skipped(line, "empty row")
        v, problems = read_cells(line, cells, self.width, self.plan)
        if problems:
            return problems
        qty_header = self.mapping.header_of("on_hand")
        if "code" not in v and "barcode" not in v:
            return [Problem(line, "", "no code or barcode")]
        if "on_hand" not in v:
            return [Problem(line, qty_header, "missing: a count needs a quantity")]
        if v["on_hand"] < 0:
            return [Problem(line, qty_header, "a counted quantity cannot be negative")]
        return CountRow(line, v.get("code"), v.get("barcode"), v["on_hand"])
