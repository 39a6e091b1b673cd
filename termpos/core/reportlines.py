"""Provides X and Z reports as plain text lines of a fixed width, for the receipt printer."""

from __future__ import annotations

from termpos.core.cashcount import describe
from termpos.core.money import format_amount
from termpos.core.print_blocks import Block, Cut, Feed, Text
from termpos.core.shiftreport import ShiftReport
from termpos.core.textwidth import wrap


def report_blocks(lines: list[str], columns: int) -> list[Block]:
    """A report's lines as printer blocks: wrapped to the printer's columns, then cut (a
    report laid out for wider paper than this printer's still prints whole)."""
    blocks: list[Block] = [Text(part) for line in lines for part in wrap(line, columns)]
    return [*blocks, Feed(2), Cut()]


def _pair(left: str, right: str, width: int) -> str:
    """Left text and right-aligned value on one line, or on two when both do not fit."""
    room = width - len(right) - 1
    if room < len(left):
        return f"{left[:width]}\n{right[-width:]:>{width}}"
    return f"{left:<{room}} {right}"


def report_lines(report: ShiftReport, width: int = 48, exponent: int = 2,
                 symbol: str = "") -> list[str]:
    """The report as lines at most ``width`` characters wide."""
    def money(amount: int) -> str:
        return format_amount(amount, exponent, symbol)

    f = report.figures
    title = "X REPORT (not a day close)" if report.kind == "X" else f"Z REPORT No. {report.number}"
    rule = "-" * width
    out = [title.center(width).rstrip(), rule,
           _pair("Till", report.till, width),
           _pair("Shift", str(report.shift_id), width),
           _pair("Opened", f"{report.opened_at} {report.opened_by}", width),
           _pair("Closed" if report.kind == "Z" else "Printed",
                 f"{report.printed_at} {report.closed_by}".rstrip(), width),
           rule,
           _pair(f"Sales ({f.sales_count})", money(f.sales_total), width),
           _pair(f"Refunds ({f.refunds_count})", money(-f.refunds_total), width),
           _pair("Net", money(f.net_total), width),
           _pair("Discounts given", money(f.discounts), width)]
    if f.rounding:
        out.append(_pair("Cash rounding", money(f.rounding), width))
    out.append(rule)
    out.append("Tenders")
    out += [_pair(f"  {kind}", money(amount), width) for kind, amount in f.tenders]
    out.append("Tax")
    for t in f.taxes:
        rate = format_amount(t.rate_ppm, 4).rstrip("0").rstrip(".")
        out.append(_pair(f"  {t.tax_class} {rate}% on {money(t.net)}", money(t.tax), width))
    out.append(_pair("  Tax total", money(f.tax_total), width))
    out += [rule, "Cash drawer",
            _pair("  Opening float", money(f.opening_float), width),
            _pair("  Cash sales", money(f.cash_sales), width),
            _pair("  Cash refunds", money(-f.cash_refunds), width),
            _pair(f"  Paid in ({f.paid_in_count})", money(f.paid_in), width),
            _pair(f"  Paid out ({f.paid_out_count})", money(-f.paid_out), width),
            _pair("  Expected cash", money(f.expected_cash), width),
            _pair("  No-sale openings", str(f.no_sales), width)]
    if report.counted_cash is not None:
        for value, count in report.denominations:
            out.append(_pair(f"    {count} x {describe(value, exponent)}",
                             money(value * count), width))
        over = report.over_short or 0
        label = "  Over" if over > 0 else "  Short" if over < 0 else "  Over/short"
        out += [_pair("  Counted cash", money(report.counted_cash), width),
                _pair(label, money(over), width)]
    if report.kind == "Z":
        out += [rule, "Grand totals (till, to date)",
                _pair("  Sales", money(report.grand_sales), width),
                _pair("  Refunds", money(-report.grand_refunds), width),
                _pair("  Net", money(report.grand_net), width)]
    out.append(rule)
    return [part[:width] for line in out for part in line.split("\n")]
