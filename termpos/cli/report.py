"""Provides `termpos report NAME`: reports and analysis as tables, terminal charts, CSV, JSON.

Every report opens the store read-only and reads it in one short transaction, so it never
blocks the till. Services are imported inside the commands to keep start-up light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from termpos.cli.common import GLOBALS, out_console

if TYPE_CHECKING:
    from termpos.core.reporting import Report
    from termpos.services.reports.base import Filters
    from termpos.services.runtime import Runtime

app = typer.Typer(help="Reports and analysis: tables, terminal charts, CSV and JSON.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)

From = Annotated[str | None, typer.Option(
    "--from", help="First day: YYYY-MM-DD, today, yesterday, this-week, last-week, this-month, "
    "last-month (default: the last 30 days).")]
To = Annotated[str | None, typer.Option("--to", help="Last day, as --from (default: today).")]
Till = Annotated[str | None, typer.Option("--till", help="Only this till's documents.")]
Format = Annotated[str, typer.Option("--format", help="table, csv or json.")]
Limit = Annotated[int | None, typer.Option(
    "--limit", min=0, help="At most N rows (lists default to 20 as a table; 0 = all).")]


def run_report(fmt: str, from_: str | None, to: str | None, till: str | None, limit: int | None,
         build: Callable[[Runtime, Filters], Report], list_like: bool = True) -> None:
    """Opens the store read-only, builds the report and renders it."""
    from termpos.cli.report_render import FORMATS, render
    from termpos.core.errors import UsageError
    from termpos.core.periods import parse_period
    from termpos.services.reports.base import Filters

    if fmt not in FORMATS:
        raise UsageError(
            "--format {fmt!r}: choose one of {formats}",
            fmt=fmt, formats=', '.join(FORMATS),
        )
    rt = GLOBALS.runtime(read_only=True)
    try:
        period = parse_period(from_, to, rt.clock.now().date())
        if limit is None and list_like and fmt == "table":
            limit = 20
        report = build(rt, Filters(period, till, limit or None))
    finally:
        rt.db.close()
    render(report, fmt, rt.settings, out_console)


@app.command()
def sales(
    from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
    limit: Limit = None,
    by: Annotated[str, typer.Option("--by", help="day, week or month.")] = "day",
) -> None:
    """Sales, refunds, net, tax and discounts by day, week or month, with a trend chart."""
    from termpos.core.errors import UsageError
    from termpos.core.periods import GROUPINGS
    from termpos.services.reports.sales import sales_report

    if by not in GROUPINGS:
        raise UsageError(
            "--by {by!r}: choose one of {groupings}",
            by=by, groupings=', '.join(GROUPINGS),
        )
    run_report(fmt, from_, to, till, limit, lambda rt, f: sales_report(rt, f, by), list_like=False)


@app.command()
def hourly(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
           limit: Limit = None) -> None:
    """Sales by hour of the day, with a weekday x hour heat map."""
    from termpos.services.reports.sales import hourly_report

    run_report(fmt, from_, to, till, limit, hourly_report, list_like=False)


@app.command()
def products(
    from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
    limit: Limit = None,
    by: Annotated[str, typer.Option("--by", help="qty, revenue or margin.")] = "revenue",
    bottom: Annotated[bool, typer.Option("--bottom", help="The least sold first.")] = False,
) -> None:
    """Top (or bottom) products by quantity, revenue or margin."""
    from termpos.services.reports.products import products_report

    run_report(fmt, from_, to, till, limit, lambda rt, f: products_report(rt, f, by, bottom))


@app.command()
def categories(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
               limit: Limit = None) -> None:
    """Quantity, revenue, share and margin by category."""
    from termpos.services.reports.products import categories_report

    run_report(fmt, from_, to, till, limit, categories_report)


@app.command()
def abc(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
        limit: Limit = None) -> None:
    """ABC analysis: the products making 80% (A), the next 15% (B) and the rest (C) of revenue."""
    from termpos.services.reports.products import abc_report

    run_report(fmt, from_, to, till, limit, abc_report)


@app.command()
def cashiers(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
             limit: Limit = None) -> None:
    """Per cashier: sales, items per minute, refunds, voids, overrides, no-sales."""
    from termpos.services.reports.cashiers import cashiers_report

    run_report(fmt, from_, to, till, limit, cashiers_report, list_like=False)


@app.command()
def payments(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
             limit: Limit = None) -> None:
    """Payments by tender: tendered, change, net."""
    from termpos.services.reports.money import payments_report

    run_report(fmt, from_, to, till, limit, payments_report, list_like=False)


@app.command()
def tax(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
        limit: Limit = None) -> None:
    """Net, tax and gross by tax class and rate."""
    from termpos.services.reports.money import tax_report

    run_report(fmt, from_, to, till, limit, tax_report, list_like=False)


@app.command()
def refunds(from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
            limit: Limit = None) -> None:
    """Refund documents with the receipts they refund, and the refund rate."""
    from termpos.services.reports.money import refunds_report

    run_report(fmt, from_, to, till, limit, refunds_report)


@app.command()
def customers(
    from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
    limit: Limit = None,
    customer: Annotated[str | None, typer.Option(
        "--customer", help="One customer's history and habits, by phone or code.")] = None,
) -> None:
    """Top customers with recency/frequency/monetary segments, or one customer's history."""
    from termpos.services.reports.customers import customer_history, customers_report

    if customer:
        run_report(fmt, from_, to, till, limit, lambda rt, f: customer_history(rt, f, customer))
    else:
        run_report(fmt, from_, to, till, limit, customers_report)


@app.command()
def basket(
    from_: From = None, to: To = None, till: Till = None, fmt: Format = "table",
    limit: Limit = None,
    min_together: Annotated[int | None, typer.Option(
        "--min-together", min=2,
        help="Fewest sales a pair is in (default 2, or 1 sale in 10,000 if more).")] = None,
) -> None:
    """The pairs of products most often bought together."""
    from termpos.services.reports.basket import basket_report

    run_report(fmt, from_, to, till, limit,
               lambda rt, f: basket_report(rt, f, min_together))


@app.command("x")
def x(till: Till = None, fmt: Annotated[str, typer.Option(
          "--format", help="table, text (as printed) or json.")] = "table",
      to_printer: Annotated[bool, typer.Option(
          "--print", help="Also queue it for the receipt printer.")] = False) -> None:
    """X report of the open shift (same as `termpos shift x`)."""
    from termpos.cli.shift import x_cmd

    x_cmd(till, fmt, to_printer)


@app.command("z")
def z(number: Annotated[int | None, typer.Option(
          "--number", "-n", help="Show this Z (default: list them all).")] = None,
      till: Till = None, fmt: Annotated[str, typer.Option(
          "--format", help="table, text (as printed) or json.")] = "table",
      to_printer: Annotated[bool, typer.Option(
          "--print", help="Also queue it for the receipt printer.")] = False) -> None:
    """The Z reports: a list, or one with --number (same as `termpos shift z`)."""
    from termpos.cli.shift import z_cmd

    if number is None and not to_printer:
        _z_list(till, fmt)
        return
    z_cmd(number, False, till, fmt, to_printer)


def _z_list(till: str | None, fmt: str) -> None:
    """Lists the Z reports of a till as a table or JSON; says so when there is none yet."""
    import json

    from termpos.cli.auth import on_till
    from termpos.core.errors import Refused, UsageError
    from termpos.core.money import format_amount
    from termpos.services.zreport import list_z

    if fmt not in ("table", "json"):
        raise UsageError("--format {fmt!r}: a list of Z reports is a table or json", fmt=fmt)
    rt = on_till(GLOBALS.runtime(read_only=True), till)
    found = list_z(rt)
    if not found:
        raise Refused(
            "till {till} has no Z report yet (a Z is made when a shift closes)",
            till=rt.till,
        )
    exponent = rt.settings.currency_exponent
    if fmt == "json":
        typer.echo(json.dumps([{
            "number": z.number, "till": z.till, "closed_at": str(z.closed_at),
            "net_total": format_amount(z.net_total, exponent),
            "grand_total": format_amount(z.grand_total, exponent)} for z in found], indent=2))
        return
    from rich.table import Table

    table = Table("Z", "till", "closed", "net", "grand total")
    for z in found:
        table.add_row(str(z.number), z.till, str(z.closed_at), format_amount(z.net_total, exponent),
                      format_amount(z.grand_total, exponent))
    out_console.print(table)


from termpos.cli import report_stock  # noqa: E402  (registers the stock reports on app)

__all__ = ["app", "report_stock"]
