"""Provides `termpos import stock FILE`: counted quantities into the open stock count.

Registered on the import group by cli/__init__.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, out_console


def import_stock(
    file: Annotated[Path, typer.Argument(help="CSV with a product code and a counted quantity.")],
    count: Annotated[int | None, typer.Option(
        "--count", help="The count's number (default: the open count).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check every row and change nothing.")] = False,
) -> None:
    """Enter counted quantities from a file into the open stock count (all rows or none)."""
    from termpos.services.counts import enter_many
    from termpos.services.stockcsv import read_count_file

    rows = read_count_file(file)
    rt = GLOBALS.runtime()
    entries = [(r.code, r.qty_milli, r.place) for r in rows]
    if dry_run:
        enter_many(rt, entries, count_id=count, dry_run=True)
        out_console.print(f"{file}: {len(rows)} product(s) checked, nothing changed",
                          markup=False)
        return
    n = enter_many(rt, entries, count_id=count)
    out_console.print(f"{file}: counted quantities entered for {n} product(s); finish the count "
                      "with `termpos stock count finish`", markup=False)
