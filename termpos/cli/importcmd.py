"""Provides `termpos import products|customers FILE`: options, progress, summary, problems."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from termpos.cli.common import GLOBALS, err_console, out_console
from termpos.core.errors import TermposError, UsageError

if TYPE_CHECKING:
    from termpos.services.importer.run import ImportOptions, ImportResult

app = typer.Typer(help="Import products, customers and stock counts from CSV files.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)

MAX_SHOWN = 200

FileArg = Annotated[Path, typer.Argument(help="The CSV file to import.")]
PresetOpt = Annotated[str | None, typer.Option(
    "--preset", help="Column preset (termpos, shopify, woocommerce, square, loyverse, ospos, "
    "odoo, lightspeed, openfoodfacts, generic); detected from the header when not given.")]
MapOpt = Annotated[list[str] | None, typer.Option(
    "--map", help='Map a column to a field: "Header=field" (repeatable).')]
ShowOpt = Annotated[bool, typer.Option(
    "--show-mapping", help="Print the column mapping it would use, and stop.")]
EncodingOpt = Annotated[str | None, typer.Option(
    "--encoding", help="The file's encoding (detected when not given).")]
DelimiterOpt = Annotated[str | None, typer.Option(
    "--delimiter", help="Cell delimiter: , ; tab or | (detected when not given).")]
DryOpt = Annotated[bool, typer.Option("--dry-run", help="Check everything, write nothing.")]
SkipOpt = Annotated[bool, typer.Option(
    "--skip-invalid", help="Import the good rows; the rejected ones go to --rejects.")]
RejectsOpt = Annotated[Path | None, typer.Option(
    "--rejects", help="Write rejected rows, untouched, with a reason column, to this file.")]


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _check(skip_invalid: bool, rejects: Path | None) -> None:
    if skip_invalid and rejects is None:
        raise UsageError("--skip-invalid needs --rejects FILE, so no rejected row is lost")


def _show_mapping(file: Path, opts: ImportOptions, kind: str) -> None:
    from rich.table import Table as RichTable

    from termpos.core.importing.mapping import build_mapping
    from termpos.services.importer.reading import open_table

    with open_table(file, opts.encoding, opts.delimiter) as table:
        mapping = build_mapping(table.header, opts.preset, opts.overrides, opts.location, kind)
        delim = {"\t": "tab"}.get(table.delimiter, table.delimiter)
        out_console.print(f"{file}: preset {mapping.preset}, encoding {table.encoding}, "
                          f"delimiter {delim}"
                          + (f", locations: {', '.join(mapping.locations)}"
                             if mapping.locations else ""))
        grid = RichTable("column", "header", "field", "note")
        for col in mapping.columns:
            grid.add_row(str(col.index + 1), col.header.strip(), col.field or "-",
                         (f"location {col.location}; " if col.location else "")
                         + (col.why if col.why not in (mapping.preset, "") else ""))
        out_console.print(grid)


def _progress_runner(file: Path) -> tuple[object, object]:
    """A Rich progress bar on a terminal; nothing otherwise."""
    if not err_console.is_terminal:
        return None, None
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                   TimeRemainingColumn(), console=err_console, transient=True)
    task = bar.add_task(f"importing {file.name}", total=max(file.stat().st_size, 1))

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=max(total, 1))

    return bar, update


def _report(result: ImportResult, opts: ImportOptions) -> None:
    from rich.table import Table as RichTable

    for problem in result.problems[:MAX_SHOWN]:
        err_console.print(f"{result.file}: {problem}", markup=False)
    if result.problem_count > MAX_SHOWN:
        err_console.print(f"... and {result.problem_count - MAX_SHOWN} more problems "
                          "(--rejects FILE writes every rejected row with its reason)")
    # a dry run, or invalid rows without --skip-invalid: the counts are what would happen
    heads = (("created", "updated") if result.committed else ("to create", "to update"))
    grid = RichTable(*heads, "unchanged", "rejected", "skipped",
                     title=f"{result.kind} from {Path(result.file).name} "
                           f"({result.preset}, {result.encoding})"
                           + ("" if result.committed else ": nothing written"))
    grid.add_row(str(result.created), str(result.updated), str(result.unchanged),
                 str(result.rejected), str(sum(result.skipped.values())))
    out_console.print(grid)
    for reason, count in result.skipped.most_common():
        out_console.print(f"skipped {count}: {reason}", markup=False)
    for note in result.notes:
        out_console.print(f"note: {note}", markup=False)
    if result.stock_moves:
        out_console.print(f"stock: {result.stock_moves} movements (--stock {opts.stock})")
    if opts.dry_run:
        out_console.print("dry run: nothing was written")
    if result.rejected and opts.rejects is not None:
        rows = "row" if result.rejected == 1 else "rows"
        out_console.print(f"{result.rejected} rejected {rows} written to {opts.rejects}")
    if result.rejected == 1 and not opts.skip_invalid:
        raise TermposError(
            "{file}: 1 invalid row, nothing was imported (fix it, or import the rest "
            "with --skip-invalid --rejects FILE)",
            file=result.file,
        )
    if result.rejected and not opts.skip_invalid:
        raise TermposError(
            "{file}: {rejected} invalid rows, nothing was imported (fix them, or import the rest "
            "with --skip-invalid --rejects FILE)",
            file=result.file, rejected=result.rejected,
        )


def _options(preset: str | None, maps: list[str] | None, location: str | None,
             encoding: str | None, delimiter: str | None, decimal: str, stock: str,
             dry_run: bool, skip_invalid: bool, rejects: Path | None) -> ImportOptions:
    from termpos.services.importer.run import ImportOptions

    if decimal not in ("auto", ",", "."):
        raise UsageError("--decimal {decimal!r}: use auto, , or .", decimal=decimal)
    return ImportOptions(preset=preset, overrides=tuple(maps or ()), location=location,
                         encoding=encoding, delimiter=delimiter, decimal=decimal, stock=stock,
                         dry_run=dry_run, skip_invalid=skip_invalid, rejects=rejects,
                         actor=_actor())


@app.command()
def products(
    file: FileArg,
    preset: PresetOpt = None,
    map_: MapOpt = None,
    show_mapping: ShowOpt = False,
    location: Annotated[str | None, typer.Option(
        "--location", help="Use the price/stock columns of this store or location.")] = None,
    encoding: EncodingOpt = None,
    delimiter: DelimiterOpt = None,
    decimal: Annotated[str, typer.Option(
        "--decimal", help="Decimal mark of amounts: auto, , or .")] = "auto",
    stock: Annotated[str, typer.Option(
        "--stock", help="On-hand column for existing products: set, add or keep.")] = "keep",
    dry_run: DryOpt = False,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
) -> None:
    """Import or update products from a CSV file (any row invalid: nothing changes)."""
    opts = _options(preset, map_, location, encoding, delimiter, decimal, stock, dry_run,
                    skip_invalid, rejects)
    if show_mapping:
        _show_mapping(file, opts, "products")
        return
    _check(skip_invalid, rejects)
    from termpos.services.importer.products import import_products

    rt = GLOBALS.runtime()
    bar, update = _progress_runner(file)
    if bar is not None:
        with bar:  # type: ignore[attr-defined]
            result = import_products(rt, file, opts, update)  # type: ignore[arg-type]
    else:
        result = import_products(rt, file, opts)
    _report(result, opts)


@app.command()
def customers(
    file: FileArg,
    preset: PresetOpt = None,
    map_: MapOpt = None,
    show_mapping: ShowOpt = False,
    encoding: EncodingOpt = None,
    delimiter: DelimiterOpt = None,
    dry_run: DryOpt = False,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
) -> None:
    """Import or update customers from a CSV file (matched by code, then phone, then email)."""
    opts = _options(preset, map_, None, encoding, delimiter, "auto", "keep", dry_run,
                    skip_invalid, rejects)
    if show_mapping:
        _show_mapping(file, opts, "customers")
        return
    _check(skip_invalid, rejects)
    from termpos.services.importer.customers import import_customers

    rt = GLOBALS.runtime()
    result = import_customers(rt, file, opts)
    _report(result, opts)
