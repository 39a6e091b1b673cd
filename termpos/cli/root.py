"""Provides the Typer app: global options and the command groups joined together."""

from __future__ import annotations

from typing import Annotated

import typer

from termpos import __version__
from termpos.cli import (
    audit,
    configcmd,
    customers,
    dbcmd,
    demo,
    devices,
    importcmd,
    importstock,
    initcmd,
    kiosk,
    printer,
    report,
    sale,
    shift,
    stock,
    suppliers,
    till,
    users,
)
from termpos.cli import export as exportcmd
from termpos.cli.common import GLOBALS

app = typer.Typer(
    name="termpos",
    help="A keyboard-driven point of sale for the terminal.",
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"termpos {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option("--config", help="Config file (else TERMPOS_CONFIG, ~/.config, /etc).",
                     envvar="TERMPOS_CONFIG"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database path or URL (sqlite:///..., postgresql://...).",
                     envvar="TERMPOS_DB"),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Run the till when no command is given."""
    GLOBALS.config, GLOBALS.db, GLOBALS.debug = config, db, debug
    if ctx.invoked_subcommand is None:
        till.run_till()


app.command("init")(initcmd.init)
app.command("till")(till.till)
app.command("kiosk")(kiosk.kiosk)
app.add_typer(dbcmd.app, name="db")
app.add_typer(configcmd.app, name="config")
app.command("sale")(sale.sale)
app.command("demo")(demo.demo)
app.add_typer(audit.app, name="audit")
importcmd.app.command("stock")(importstock.import_stock)
app.add_typer(importcmd.app, name="import")
app.add_typer(exportcmd.app, name="export")
app.add_typer(customers.app, name="customers")
app.add_typer(report.app, name="report")
app.add_typer(stock.app, name="stock")
app.add_typer(suppliers.app, name="suppliers")
app.add_typer(devices.app, name="devices")
app.add_typer(printer.app, name="printer")
app.add_typer(users.app, name="users")
app.add_typer(shift.app, name="shift")
