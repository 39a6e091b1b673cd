"""Provides the Rich view of an X or Z report, for the CLI and the till's report screen."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from termpos.core.cashcount import describe
from termpos.core.money import format_amount
from termpos.core.shiftreport import ShiftReport


def render_report(report: ShiftReport, exponent: int = 2, symbol: str = "") -> RenderableType:
    """The report as a titled two-column table with sections."""
    def money(amount: int) -> str:
        return format_amount(amount, exponent, symbol)

    f = report.figures
    title = ("X report (not a day close)" if report.kind == "X"
             else f"Z report No. {report.number}")
    table = Table(title=f"{title} — till {report.till}, shift {report.shift_id}",
                  show_header=False, box=None, pad_edge=False)
    table.add_column("item")
    table.add_column("amount", justify="right")

    def section(name: str) -> None:
        table.add_row(Text(name, style="bold"), "")

    table.add_row("Opened", f"{report.opened_at} by {report.opened_by}")
    closed = f"{report.printed_at} by {report.closed_by}" if report.closed_by else (
        report.printed_at)
    table.add_row("Closed" if report.kind == "Z" else "As of", closed)
    section("Takings")
    table.add_row(f"  Sales ({f.sales_count})", money(f.sales_total))
    table.add_row(f"  Refunds ({f.refunds_count})", money(-f.refunds_total))
    table.add_row("  Net", money(f.net_total))
    table.add_row("  Discounts given", money(f.discounts))
    if f.rounding:
        table.add_row("  Cash rounding", money(f.rounding))
    section("Tenders")
    for kind, amount in f.tenders:
        table.add_row(f"  {kind}", money(amount))
    section("Tax")
    for t in f.taxes:
        rate = format_amount(t.rate_ppm, 4).rstrip("0").rstrip(".")
        table.add_row(f"  {t.tax_class} {rate}% on {money(t.net)}", money(t.tax))
    table.add_row("  Total tax", money(f.tax_total))
    section("Cash drawer")
    table.add_row("  Opening float", money(f.opening_float))
    table.add_row("  Cash sales (change netted)", money(f.cash_sales))
    table.add_row("  Cash refunds", money(-f.cash_refunds))
    table.add_row(f"  Paid in ({f.paid_in_count})", money(f.paid_in))
    table.add_row(f"  Paid out ({f.paid_out_count})", money(-f.paid_out))
    table.add_row(Text("  Expected cash", style="bold"), money(f.expected_cash))
    table.add_row("  No-sale openings", str(f.no_sales))
    if report.counted_cash is not None:
        for value, count in report.denominations:
            table.add_row(f"    {count} x {describe(value, exponent)}", money(value * count))
        table.add_row(Text("  Counted cash", style="bold"), money(report.counted_cash))
        over = report.over_short or 0
        label = "Over" if over > 0 else "Short" if over < 0 else "Over/short"
        table.add_row(Text(f"  {label}", style="bold"), money(over))
    parts: list[RenderableType] = [table]
    if report.kind == "Z":
        grand = Table(show_header=False, box=None, pad_edge=False, title="Grand totals")
        grand.add_column("item")
        grand.add_column("amount", justify="right")
        grand.add_row("  Sales", money(report.grand_sales))
        grand.add_row("  Refunds", money(-report.grand_refunds))
        grand.add_row("  Net", money(report.grand_net))
        parts.append(grand)
    return Group(*parts)
