"""Provides `termpos export products|customers|sales|journal`: CSV or JSON, to a file or stdout."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, err_console
from termpos.core.errors import UsageError

app = typer.Typer(help="Export products, customers, sales and the journal as CSV or JSON.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            "{option} {text!r}: expected a date YYYY-MM-DD",
            option=option, text=text,
        ) from None


def _run(kind: str, since: str | None, until: str | None, fmt: str, output: Path | None) -> None:
    from termpos.services.exporter import export

    start, end = _date(since, "--from"), _date(until, "--to")
    if start and end and start > end:
        raise UsageError("--from {since} is after --to {until}", since=since, until=until)
    rt = GLOBALS.runtime(read_only=True)
    if output is None:
        export(rt, kind, sys.stdout, fmt, start, end)
        return
    tmp = output.with_name(output.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            count = export(rt, kind, f, fmt, start, end)
        tmp.replace(output)
    except OSError as exc:
        raise UsageError(
            "-o {output}: cannot be written ({reason})",
            output=output, reason=exc.strerror,
        ) from None
    rows = "row" if count == 1 else "rows"
    err_console.print(f"{count} {rows} of {kind} written to {output}")


FromOpt = Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD), included.")]
FormatOpt = Annotated[str, typer.Option("--format", help="csv or json.")]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="File (else stdout).")]


@app.command()
def products(fmt: FormatOpt = "csv", output: OutOpt = None) -> None:
    """Export the catalogue in the termpos import format."""
    _run("products", None, None, fmt, output)


@app.command()
def customers(since: FromOpt = None, until: ToOpt = None, fmt: FormatOpt = "csv",
              output: OutOpt = None) -> None:
    """Export the customers (created between two days, when given)."""
    _run("customers", since, until, fmt, output)


@app.command()
def sales(since: FromOpt = None, until: ToOpt = None, fmt: FormatOpt = "csv",
          output: OutOpt = None) -> None:
    """Export sale lines (one row per line) between two days."""
    _run("sales", since, until, fmt, output)


@app.command()
def journal(since: FromOpt = None, until: ToOpt = None, fmt: FormatOpt = "csv",
            output: OutOpt = None) -> None:
    """Export the journal between two days."""
    _run("journal", since, until, fmt, output)
