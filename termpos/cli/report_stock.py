"""Provides the stock reports of `termpos report`: stock, reorder and dead-stock."""

from __future__ import annotations

from typing import Annotated

import typer

from termpos.cli.report import Format as FormatOpt
from termpos.cli.report import From, Limit, To, app, run_report


@app.command()
def stock(fmt: FormatOpt = "table", limit: Limit = None) -> None:
    """On hand (the sum of stock movements) and value at cost, per product and in total."""
    from termpos.services.reports.stock import stock_report

    run_report(fmt, None, None, None, limit, stock_report)


@app.command()
def reorder(
    from_: From = None, to: To = None, fmt: FormatOpt = "table", limit: Limit = None,
    lead_days: Annotated[int, typer.Option(
        "--lead-days", min=0, help="Lead time for products without a supplier.")] = 7,
    cover_days: Annotated[int, typer.Option(
        "--cover-days", min=0, help="Days of selling an order covers after the lead time.")] = 7,
) -> None:
    """Products at or below their reorder level, with an order quantity from recent sales."""
    from termpos.services.reports.stock import reorder_report

    run_report(fmt, from_, to, None, limit,
         lambda rt, f: reorder_report(rt, f, lead_days, cover_days))


@app.command("dead-stock")
def dead_stock(
    to: To = None, fmt: FormatOpt = "table", limit: Limit = None,
    days: Annotated[int, typer.Option("--days", min=1, help="No sale in this many days.")] = 90,
) -> None:
    """Products in stock that sold nothing in the last N days (up to --to), most value first."""
    from termpos.services.reports.stock import dead_stock_report

    run_report(fmt, None, to, None, limit,
         lambda rt, f: dead_stock_report(rt, f.period.last, days, f.limit))
