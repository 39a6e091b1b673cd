"""Provides `termpos stock count`: start, enter, show and finish a stock count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from termpos.cli.common import GLOBALS, out_console
from termpos.cli.invopts import PinOpt, UserOpt, add_row, money, q, qty, sign_in
from termpos.core.errors import Refused, UsageError

if TYPE_CHECKING:
    from termpos.services.counts import CountView

app = typer.Typer(help="Stock counts: start, enter counted quantities, finish.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)

CountOpt = Annotated[int | None, typer.Option(
    "--count", help="The count's number (default: the open count).")]


@app.command()
def start(
    user: UserOpt,
    pin: PinOpt = None,
    category: Annotated[str | None, typer.Option(help="Count only this category.")] = None,
    items: Annotated[list[str] | None, typer.Option(
        "--items", help="Count only these codes (repeat, or separate with commas).")] = None,
) -> None:
    """Freeze the expected quantities of all products, a category or a list, and open a count."""
    from termpos.services.counts import start_count

    codes = [c.strip() for token in items or [] for c in token.split(",") if c.strip()]
    if category is not None and codes:
        raise UsageError("stock count start: give --category or --items, not both")
    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    view = start_count(rt, who, category=category, codes=codes or None)
    out_console.print(f"started stock count {view.id} ({view.scope}): {view.products} "
                      "product(s) to count", markup=False)


@app.command()
def enter(
    code: Annotated[str, typer.Argument(help="Product code or barcode.")],
    quantity: Annotated[str, typer.Argument(metavar="QTY", help="The counted quantity.")],
    add: Annotated[bool, typer.Option(
        "--add", help="Add to what was counted already instead of replacing it.")] = False,
    count: CountOpt = None,
) -> None:
    """Enter the counted quantity of a product in the open count."""
    from termpos.services.counts import enter_count

    counted = qty(quantity, what="QTY")
    rt = GLOBALS.runtime()
    line = enter_count(rt, code, counted, count_id=count, add=add)
    out_console.print(f"{line.code} counted {q(line.counted_milli)} (on hand "
                      f"{q(line.reference_milli)}, difference "
                      f"{q(line.difference_milli, signed=True)})", markup=False)


def _print(view: CountView, title: str) -> None:
    out_console.print(f"stock count {view.id} ({view.scope}) {view.status}: {view.counted} of "
                      f"{view.products} counted; {title}", markup=False)
    table = Table("code", "name", "at start", "on hand", "counted", "difference", "at cost",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    total = differences = 0
    for ln in view.lines:
        counted = ln.counted_milli is not None
        total += ln.difference_value
        differences += 1 if ln.difference_milli else 0
        add_row(table, ln.code, ln.name, q(ln.expected_milli), q(ln.reference_milli),
                q(ln.counted_milli), q(ln.difference_milli, signed=True) if counted else "-",
                money(ln.difference_value) if counted else "-")
    out_console.print(table)
    out_console.print(f"{differences} difference(s), value at cost {money(total)} "
                      "(on hand: when the quantity was counted)")


@app.command()
def show(
    count: CountOpt = None,
    all_lines: Annotated[bool, typer.Option("--all", help="Every line, not only differences.")]
    = False,
) -> None:
    """Show a count (the open one by default) with its differences so far."""
    from termpos.services.counts import count_view, open_count

    GLOBALS.runtime()
    if count is None:
        found = open_count()
        if found is None:
            raise Refused("no stock count is open: name a finished one with --count N")
        count = found.id
    view = count_view(count, lines="all" if all_lines else "differences")
    _print(view, "every line" if all_lines else "differences so far")


@app.command()
def finish(
    user: UserOpt,
    pin: PinOpt = None,
    count: CountOpt = None,
    zero_uncounted: Annotated[bool, typer.Option(
        "--zero-uncounted", help="Book products not counted as zero (else left as they are).")]
    = False,
) -> None:
    """Book the differences of the open count as adjustments (kind count), once."""
    from termpos.services.counts import finish_count

    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    view = finish_count(rt, who, count_id=count, zero_uncounted=zero_uncounted)
    _print(view, f"differences booked as {view.document}")
    uncounted = view.products - view.counted
    if uncounted:
        out_console.print(f"{uncounted} product(s) not counted were left as they are")
