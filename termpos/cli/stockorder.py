"""Provides `termpos stock order`: draft a purchase order, list, show, send, export as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from termpos.cli.common import GLOBALS, out_console
from termpos.cli.invopts import PinOpt, add_row, items, money, q, sign_in
from termpos.core.errors import UsageError
from termpos.core.reorder import DEFAULT_REVIEW_DAYS, DEFAULT_WINDOW_DAYS, value_at_cost

if TYPE_CHECKING:
    from termpos.services.purchasing import OrderView
    from termpos.services.reordering import Suggestion

app = typer.Typer(
    help="Purchase orders: `stock order --supplier S [--auto] [--item CODE*QTY ...]` drafts one.",
    invoke_without_command=True, no_args_is_help=False, add_completion=False,
    pretty_exceptions_enable=False, rich_markup_mode=None,
)

CsvOpt = Annotated[Path | None, typer.Option(
    "--csv", help="Also write the order as CSV to this file (for emailing the supplier).")]


@app.callback()
def order(
    ctx: typer.Context,
    supplier: Annotated[str | None, typer.Option(help="The supplier to order from.")] = None,
    auto: Annotated[bool, typer.Option(
        "--auto", help="Order what is below its reorder level, sized from sales.")] = False,
    item: Annotated[list[str] | None, typer.Option(
        "--item", help="CODE*QTY to order (repeat; replaces a suggested quantity).")] = None,
    note: Annotated[str, typer.Option(help="A note on the order.")] = "",
    window: Annotated[int, typer.Option(help="Days of sales that measure velocity.")]
    = DEFAULT_WINDOW_DAYS,
    review: Annotated[int, typer.Option(help="Days until the next order (review period).")]
    = DEFAULT_REVIEW_DAYS,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show the suggestion without drafting an order.")] = False,
    csv: CsvOpt = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="Your user name.", envvar="TERMPOS_USER")] = None,
    pin: PinOpt = None,
) -> None:
    """Draft a purchase order for a supplier from the reorder suggestion or by hand."""
    if ctx.invoked_subcommand is not None:
        if supplier or auto or item or note or dry_run or csv is not None:
            raise UsageError(
                "stock order {command}: put its options after `{command}` (--supplier, --auto, "
                "--item, --csv belong to drafting an order)",
                command=ctx.invoked_subcommand,
            )
        return
    if supplier is None:
        raise UsageError("stock order: name the supplier with --supplier "
                         "(or use `stock order list|show|send`)")
    if window < 1 or review < 0:
        raise UsageError("stock order: --window is at least 1 day, --review at least 0")
    wanted = items(item or [])
    if not auto and not wanted:
        raise UsageError("stock order: give --auto, or items with --item CODE*QTY")
    from termpos.services import purchasing

    rt = GLOBALS.runtime()
    if dry_run:
        from termpos.services.reordering import suggestions

        _show_suggestions(suggestions(rt, supplier, window_days=window, review_days=review))
        return
    if user is None:
        raise UsageError("stock order: --user is needed to draft an order")
    who = sign_in(rt, user, pin)
    view = purchasing.create_order(rt, supplier, who, items=wanted, auto=auto, note=note,
                                   window_days=window, review_days=review)
    _show(view)
    if csv is not None:
        _export(view, csv)


def _show_suggestions(found: list[Suggestion]) -> None:
    table = Table("code", "name", "on hand", "on order", "level", "sold", "order")
    for s in found:
        add_row(table, s.code, s.name, q(s.on_hand_milli), q(s.on_order_milli),
                q(s.reorder_level_milli), q(s.sold_milli), q(s.qty_milli))
    out_console.print(table)
    out_console.print(f"{len(found)} product(s) to order")


def _show(view: OrderView) -> None:
    out_console.print(f"{view.number}  {view.supplier}  {view.status}  "
                      f"{view.created_at:%Y-%m-%d %H:%M}  by {view.created_by or '-'}",
                      markup=False)
    if view.note:
        out_console.print(f"note: {view.note}", markup=False)
    table = Table("code", "supplier code", "name", "ordered", "received", "cost", "line cost")
    for ln in view.lines:
        add_row(table, ln.code, ln.supplier_code, ln.name, q(ln.qty_milli), q(ln.received_milli),
                money(ln.cost), money(value_at_cost(ln.qty_milli, ln.cost)))
    out_console.print(table)
    out_console.print(f"total at cost {money(view.total_cost)}")


def _export(view: OrderView, path: Path) -> None:
    from termpos.core.orderexport import Num, write_csv

    if not path.parent.is_dir():
        raise UsageError(
            "--csv {path}: folder {parent} does not exist",
            path=path, parent=path.parent,
        )
    rows: list[list[str | int]] = [
        [view.number, view.supplier, ln.code, ln.supplier_code, ln.name, Num(q(ln.qty_milli)),
         Num(money(ln.cost)), Num(money(value_at_cost(ln.qty_milli, ln.cost)))]
        for ln in view.lines
    ]
    try:
        write_csv(path, rows)
    except OSError as exc:
        raise UsageError(
            "--csv {path}: cannot write ({reason})",
            path=path, reason=exc.strerror,
        ) from exc
    out_console.print(f"wrote {len(rows)} line(s) to {path}", markup=False)


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(
        help="Only orders in this status: draft, sent, partial, received.")] = None,
    supplier: Annotated[str | None, typer.Option(help="Only this supplier's orders.")] = None,
) -> None:
    """List purchase orders, newest first."""
    from termpos.services.purchasing import list_orders

    if status is not None and status not in ("draft", "sent", "partial", "received"):
        raise UsageError(
            "--status: expected draft, sent, partial or received, got {status!r}",
            status=status,
        )
    GLOBALS.runtime()
    table = Table("order", "supplier", "status", "created", "lines", "total at cost")
    for o in list_orders(status, supplier):
        add_row(table, o.number, o.supplier, o.status, f"{o.created_at:%Y-%m-%d %H:%M}",
                str(len(o.lines)), money(o.total_cost))
    out_console.print(table)


@app.command()
def show(
    number: Annotated[str, typer.Argument(help="The order number, e.g. PO-000001.")],
    csv: CsvOpt = None,
) -> None:
    """Show an order with what was received so far; --csv exports it."""
    from termpos.services.purchasing import get_order

    GLOBALS.runtime()
    view = get_order(number)
    _show(view)
    if csv is not None:
        _export(view, csv)


@app.command()
def send(
    number: Annotated[str, typer.Argument(help="The order number, e.g. PO-000001.")],
    user: Annotated[str, typer.Option("--user", help="Your user name.", envvar="TERMPOS_USER")],
    pin: PinOpt = None,
    csv: CsvOpt = None,
) -> None:
    """Mark a draft order as sent to the supplier (export it with --csv)."""
    from termpos.services.purchasing import mark_sent

    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    view = mark_sent(rt, who, number)
    out_console.print(f"{view.number} marked as sent to {view.supplier}", markup=False)
    if csv is not None:
        _export(view, csv)
