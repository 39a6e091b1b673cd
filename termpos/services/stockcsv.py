"""Provides reading a stock-count file: product code and counted quantity per row.

Whatever the old system or the handheld wrote: a UTF-8/UTF-16 byte-order mark, another
encoding (detected with charset-normalizer), comma, semicolon, tab or pipe as delimiter, a
header row or none. Every problem names file:line (and the column); the file is read whole
before anything is changed. A code on several rows (shelf and back room) adds up; a file of
codes alone (a handheld's scan log) counts one per row.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from termpos.core.errors import Refused
from termpos.core.stockqty import QtyError, parse_qty

CODE_NAMES = ("code", "sku", "barcode", "ean", "upc", "upc/ean/isbn", "item code", "item",
              "product", "product code", "article", "plu")
QTY_NAMES = ("counted", "count", "counted qty", "counted quantity", "qty", "quantity",
             "on hand", "on_hand", "stock", "amount")
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CountRow:
    """One product's counted quantity from the file, with where it was first seen."""

    code: str
    qty_milli: int
    place: str


def decode(data: bytes, label: str) -> str:
    """Decodes a file: byte-order mark, else UTF-8, else what charset-normalizer finds."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise Refused(
                    "{label}: not valid {encoding} after its byte-order mark",
                    label=label, encoding=encoding,
                ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Refused("{label}: cannot tell the text encoding (save it as UTF-8)", label=label)
    return str(best)


def _normal(name: str) -> str:
    return " ".join(name.strip().strip("\ufeff").lower().replace("_", " ").split())


def _columns(header: list[str], label: str) -> tuple[int, int | None] | None:
    """The (code, qty) column indexes named in a header row; None when it is not a header.

    A header with a code column alone is a scan log: each row counts one.
    """
    names = [_normal(h) for h in header]
    code = next((names.index(n) for n in CODE_NAMES if n in names), None)
    qty = next((names.index(_normal(n)) for n in QTY_NAMES if _normal(n) in names), None)
    if code is None and qty is None:
        return None
    if code is None:
        raise Refused(
            "{label}:1: no product code column (one of: {code_names})",
            label=label, code_names=', '.join(CODE_NAMES),
        )
    if qty is None and len(names) > 1:
        raise Refused(
            "{label}:1: no counted quantity column (one of: {qty_names})",
            label=label, qty_names=', '.join(QTY_NAMES),
        )
    return code, qty


def read_count_file(path: Path) -> list[CountRow]:
    """Reads every row of a count file; raises Refused naming file:line on the first problem."""
    label = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Refused("{label}: larger than {megabytes} MB",
                          label=label, megabytes=MAX_BYTES // 2**20)
        text = decode(path.read_bytes(), label)
    except OSError as exc:
        raise Refused(
            "{label}: cannot be read ({reason})",
            label=label, reason=exc.strerror,
        ) from exc
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    columns: tuple[int, int | None] = (0, 1)
    found: dict[str, CountRow] = {}
    first = True
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if first:
                first = False
                named = _columns(row, label)
                if named is not None:
                    columns = named
                    continue
                columns = (0, None) if len(row) == 1 else (0, 1)  # one column: a scan log
            _add(found, row, columns[0], columns[1], f"{label}:{line}")
    except csv.Error as exc:
        raise Refused(
            "{label}:{line}: {error}",
            label=label, line=reader.line_num, error=exc,
        ) from exc
    if not found:
        raise Refused("{label}: no counted quantities in the file", label=label)
    return list(found.values())


def _add(found: dict[str, CountRow], row: list[str], code_col: int, qty_col: int | None,
         place: str) -> None:
    needed = max(code_col, qty_col if qty_col is not None else 0) + 1
    if len(row) < needed:
        raise Refused(
            "{place}: {count} column(s), expected at least {needed}",
            place=place, count=len(row), needed=needed,
        )
    code = row[code_col].strip()
    if not code:
        raise Refused("{place}: column {column} (code) is empty", place=place, column=code_col + 1)
    qty = 1000
    if qty_col is not None:
        try:
            qty = parse_qty(row[qty_col])
        except QtyError as exc:
            raise Refused(
                "{place}: column {column} (counted quantity): {error}",
                place=place, column=qty_col + 1, error=exc,
            ) from exc
    earlier = found.get(code)
    if earlier is not None:
        qty += earlier.qty_milli
        place = earlier.place
    found[code] = CountRow(code, qty, place)
