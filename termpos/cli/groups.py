"""Provides the command groups that the issues fill, one Typer app per group."""

from __future__ import annotations

import typer


def _group(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)


GROUPS: dict[str, typer.Typer] = {
    "import": _group("Import products, customers and stock counts from CSV files."),
    "export": _group("Export products, customers, sales and the journal as CSV or JSON."),
    "report": _group("Reports and analysis: tables, terminal charts, CSV and JSON."),
    "stock": _group("Stock: adjustments, counts, purchase orders, receiving, history."),
    "suppliers": _group("Suppliers and what they supply."),
    "customers": _group("Customer records, history, loyalty and privacy."),
    "audit": _group("Check the hash-chained journal and list its entries."),
    "devices": _group("Barcode scanners and serial ports."),
    "printer": _group("Receipt printer: test page, queue, retry."),
}
