"""Provides `termpos shift`: open, status, close (blind count, Z), paid-in/out, X and Z.

For scripts and for a manager closing a forgotten shift over SSH (`--till` names the till).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from termpos.cli.auth import (
    ApproverOpt,
    ApproverPinOpt,
    PinOpt,
    TillOpt,
    UserOpt,
    amount,
    approver,
    login,
    on_till,
)
from termpos.cli.common import GLOBALS, err_console, out_console
from termpos.core.errors import UsageError

if TYPE_CHECKING:
    from termpos.core.shiftreport import ShiftReport
    from termpos.services.runtime import Runtime

app = typer.Typer(help="Open, inspect and close shifts (X and Z).", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

FormatOpt = Annotated[str, typer.Option("--format", help="table, text (as printed) or json.")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (journaled).")]


def _money(rt: Runtime, value: int) -> str:
    from termpos.core.money import format_amount

    s = rt.settings
    return format_amount(value, s.currency_exponent, s.currency_symbol)


@app.command("open")
def open_cmd(
    float_: Annotated[str, typer.Option("--float", help="The counted opening float.")],
    user: UserOpt = None,
    pin: PinOpt = None,
    till: TillOpt = None,
    approver_name: ApproverOpt = None,
    approver_pin: ApproverPinOpt = None,
    reason: ReasonOpt = "",
) -> None:
    """Open a shift on this till with a counted float."""
    from termpos.services.shifts import open_shift

    rt = on_till(GLOBALS.runtime(), till)
    value = amount(float_, "--float", rt.settings.currency_exponent)
    who = login(rt, user, pin)
    shift = open_shift(rt, who, value, approver=approver(approver_name, approver_pin),
                       reason=reason)
    out_console.print(f"shift {shift.id} open on till {rt.till} by {who.name}, "
                      f"float {_money(rt, value)}")


@app.command()
def status(till: TillOpt = None) -> None:
    """Show whether this till has an open shift (exit 1 when it has none)."""
    from termpos.services.shifts import last_z_number, shift_status

    rt = on_till(GLOBALS.runtime(read_only=True), till)
    st = shift_status(rt)
    if st is None:
        out_console.print(f"till {rt.till}: no open shift (last Z {last_z_number(rt)}); open "
                          "one with `termpos shift open --user NAME --pin PIN --float AMOUNT`")
        raise typer.Exit(1)
    out_console.print(f"till {st.till}: shift {st.shift_id} open since {st.opened_at} by "
                      f"{st.opened_by}, float {_money(rt, st.opening_float)}, "
                      f"{st.sales_count} sales, last Z {st.last_z}")


@app.command()
def close(
    counted: Annotated[str | None, typer.Option("--counted", help="Cash counted in the drawer.")]
    = None,
    denomination: Annotated[list[str] | None, typer.Option(
        "--denomination", "-d", help="Counted notes/coins as VALUExCOUNT, e.g. 20x3 (repeat).")]
    = None,
    user: UserOpt = None,
    pin: PinOpt = None,
    till: TillOpt = None,
    approver_name: ApproverOpt = None,
    approver_pin: ApproverPinOpt = None,
    reason: ReasonOpt = "",
    to_printer: PrintOpt = False,
) -> None:
    """Close the shift with a blind count: prints expected, over/short and the Z number."""
    from termpos.core.cashcount import merge_counts, parse_denomination
    from termpos.services.shifts import close_shift

    rt = on_till(GLOBALS.runtime(), till)
    exp = rt.settings.currency_exponent
    counts = merge_counts(parse_denomination(d, exp) for d in denomination or [])
    value = amount(counted, "--counted", exp) if counted is not None else None
    if value is None and not counts:
        counts = _ask_counts(exp)
    who = login(rt, user, pin)
    result = close_shift(rt, who, value, denominations=counts,
                         approver=approver(approver_name, approver_pin), reason=reason)
    over = result.over_short
    word = "over" if over > 0 else "short" if over < 0 else "exact"
    out_console.print(f"Z {result.number}: shift {result.z.shift_id} closed on till {rt.till}")
    out_console.print(f"counted {_money(rt, result.counted_cash)}, expected "
                      f"{_money(rt, result.expected_cash)}: {word} {_money(rt, abs(over))}")
    if to_printer:
        spool_report(rt, result.z, _elsewhere(till))


def _ask_counts(exponent: int) -> dict[int, int]:
    """Asks on a terminal how many of each note and coin there are (the blind count)."""
    import sys

    from termpos.core.cashcount import default_denominations, describe

    if not sys.stdin.isatty():
        raise UsageError("count the cash first: give --counted AMOUNT or --denomination "
                         "VALUExCOUNT ...")
    out_console.print("Count the drawer: how many of each? (Enter = none)")
    counts: dict[int, int] = {}
    for value in default_denominations(exponent):
        n = typer.prompt(f"  {describe(value, exponent):>7} x", default=0, type=int,
                         show_default=False)
        if n < 0:
            raise UsageError("a count cannot be negative")
        counts[value] = n
    return counts


def _paid(kind: str, value_text: str, reason: str, user: str | None, pin: str | None,
          till: str | None, approver_name: str | None, approver_pin: str | None) -> None:
    from termpos.services import cash

    rt = on_till(GLOBALS.runtime(), till)
    value = amount(value_text, "AMOUNT", rt.settings.currency_exponent)
    who = login(rt, user, pin)
    record = cash.paid_in if kind == "paid_in" else cash.paid_out
    move = record(rt, who, value, reason, approver=approver(approver_name, approver_pin))
    label = "paid in" if kind == "paid_in" else "paid out"
    out_console.print(f"{label} {_money(rt, move.amount)} ({move.reason}) in shift "
                      f"{move.shift_id}")


AmountArg = Annotated[str, typer.Argument(help="The amount, e.g. 20.00.")]


@app.command("paid-in")
def paid_in(value: AmountArg, reason: ReasonOpt = "", user: UserOpt = None,
            pin: PinOpt = None, till: TillOpt = None, approver_name: ApproverOpt = None,
            approver_pin: ApproverPinOpt = None) -> None:
    """Record cash put into the drawer, with a reason."""
    _paid("paid_in", value, reason, user, pin, till, approver_name, approver_pin)


@app.command("paid-out")
def paid_out(value: AmountArg, reason: ReasonOpt = "", user: UserOpt = None,
             pin: PinOpt = None, till: TillOpt = None, approver_name: ApproverOpt = None,
             approver_pin: ApproverPinOpt = None) -> None:
    """Record cash taken out of the drawer, with a reason."""
    _paid("paid_out", value, reason, user, pin, till, approver_name, approver_pin)


PrintOpt = Annotated[bool, typer.Option("--print", help="Also queue it for the receipt printer.")]


def _elsewhere(till: str | None) -> bool:
    """Whether --till names another till than the config's (whose printer it cannot know)."""
    return till is not None and till != GLOBALS.settings().till_id


def spool_report(rt: Runtime, report: ShiftReport, other_till: bool) -> None:
    """Queues a report for the till's printer; says so instead when this till (the config's,
    not another's named with --till) has none: the report was shown all the same."""
    from termpos.core.errors import Refused
    from termpos.services.spool import require_printer
    from termpos.services.zreport import queue_report_print

    try:
        if not other_till:
            require_printer(rt)
    except Refused as exc:
        err_console.print(f"not queued: {exc}")
        return

    job = queue_report_print(rt, report)
    err_console.print(f"queued for the printer of till {rt.till} (job {job})")


def show_report(rt: Runtime, report: ShiftReport, fmt: str, to_printer: bool = False,
                other_till: bool = False) -> None:
    """Prints an X or Z report as a table, as printed text, or as JSON; optionally spools it."""
    if to_printer:
        spool_report(rt, report, other_till)
    if fmt == "json":
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "text":
        from termpos.services.zreport import report_text

        typer.echo("\n".join(report_text(rt, report)))
    elif fmt == "table":
        from termpos.services.reportview import render_report

        out_console.print(render_report(report, rt.settings.currency_exponent,
                                        rt.settings.currency_symbol))
    else:
        raise UsageError("--format {fmt!r}: expected table, text or json", fmt=fmt)


@app.command("x")
def x_cmd(till: TillOpt = None, fmt: FormatOpt = "table", to_printer: PrintOpt = False) -> None:
    """X report of the open shift: a reading at any time, changes nothing."""
    from termpos.services.zreport import x_report

    rt = on_till(GLOBALS.runtime(read_only=not to_printer), till)
    show_report(rt, x_report(rt), fmt, to_printer, _elsewhere(till))


@app.command("z")
def z_cmd(
    number: Annotated[int | None, typer.Option("--number", "-n", help="Z number (default: last).")]
    = None,
    list_: Annotated[bool, typer.Option("--list", help="List the Z reports instead.")] = False,
    till: TillOpt = None,
    fmt: FormatOpt = "table",
    to_printer: PrintOpt = False,
) -> None:
    """Show a past Z report exactly as it was stored when its shift closed."""
    from termpos.services.zreport import list_z, z_report

    rt = on_till(GLOBALS.runtime(read_only=not to_printer), till)
    if list_:
        from rich.table import Table

        table = Table("Z", "till", "closed", "net", "grand total")
        for z in list_z(rt):
            table.add_row(str(z.number), z.till, z.closed_at, _money(rt, z.net_total),
                          _money(rt, z.grand_total))
        out_console.print(table)
        return
    show_report(rt, z_report(rt, number), fmt, to_printer, _elsewhere(till))
