"""Provides the checks of a product import that need no database: a mapping that can
identify products, and keys repeated inside one batch or missing from a new product."""

from __future__ import annotations

from collections.abc import Callable

from termpos.core.importing.mapping import Mapping
from termpos.core.importing.products import ProductRow
from termpos.core.importing.rows import Problem
from termpos.services.importer.reading import ImportFileError

Header = Callable[[str], str]  # a field's column header as the file names it


def check_product_mapping(mapping: Mapping, header: list[str], path: str) -> None:
    """Refuses a file that has nothing to identify or price a product."""
    if not (mapping.has("code") or mapping.has("barcode") or mapping.has("price")):
        raise ImportFileError(
            "{path}: no column gives a code, barcode or price, so this is not a product list "
            '(columns: {names}{more}); use --preset or --map "Header=field"',
            path=path, names=', '.join(h.strip() for h in header[:12]),
            more=', ...' if len(header) > 12 else '',
        )
    if not (mapping.has("name") or mapping.has("code") or mapping.has("barcode")):
        raise ImportFileError(
            '{path}: no column gives a name, code or barcode; use --map "Header=name"',
            path=path,
        )


def duplicate_problem(r: ProductRow, label: str, key: str, line: int, header: Header
                      ) -> Problem:
    """A duplicate-key problem; a code made from the name is reported as the name."""
    if label == "code" and not r.code_given:
        return Problem(r.line, header("name"),
                       f"duplicate name {r.name!r} (no code or barcode): also on line {line}")
    return Problem(r.line, header(label),
                   f"duplicate {label} {key!r}: also on line {line}")

def missing_problem(r: ProductRow, header: Header) -> Problem:
    """What a new product lacks: a name, a price, or both."""
    if r.name is None and r.price is None:
        return Problem(r.line, "", "missing name and price: a new product needs both")
    field, what = ("name", "a name") if r.name is None else ("price", "a price")
    return Problem(r.line, header(field), f"missing: a new product needs {what}")

def batch_duplicates(rows: list[ProductRow], header: Header) -> dict[int, Problem]:
    """Rows whose barcode or code already appeared earlier in the same batch."""
    bad: dict[int, Problem] = {}
    barcodes_seen = [r.barcode for r in rows if r.barcode is not None]
    codes_seen = [r.code for r in rows if r.code_given or r.barcode is None]
    if (len(set(barcodes_seen)) == len(barcodes_seen)
            and len(set(codes_seen)) == len(codes_seen)):
        return bad  # the usual batch: no key twice
    barcodes: dict[str, int] = {}
    codes: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.barcode is not None:
            j = barcodes.setdefault(r.barcode, i)
            if j != i:
                bad[i] = duplicate_problem(r, "barcode", r.barcode, rows[j].line, header)
                continue
        if r.code_given or r.barcode is None:
            j = codes.setdefault(r.code, i)
            if j != i:
                bad[i] = duplicate_problem(r, "code", r.code, rows[j].line, header)
    return bad
