"""Provides `termpos stock`: adjust, receive, history, negative; `order` and `count` subgroups."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.table import Table

from termpos.cli import stockcount, stockorder
from termpos.cli.common import GLOBALS, out_console
from termpos.cli.invopts import (
    PinOpt,
    UserOpt,
    add_row,
    amounts,
    items,
    money,
    q,
    qty,
    read_scans,
    sign_in,
)
from termpos.core.errors import UsageError

app = typer.Typer(help="Stock: adjustments, counts, purchase orders, receiving, history.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)
app.add_typer(stockorder.app, name="order")
app.add_typer(stockcount.app, name="count")

REASON_HELP = "damaged, expired, theft, own_use or correction"


@app.command(context_settings={"ignore_unknown_options": True})
def adjust(
    code: Annotated[str, typer.Argument(help="Product code or barcode.")],
    quantity: Annotated[str, typer.Argument(metavar="+/-QTY", help="Change, e.g. -2 or +1.5.")],
    reason: Annotated[str, typer.Option(help=REASON_HELP)],
    user: UserOpt,
    pin: PinOpt = None,
    note: Annotated[str, typer.Option(help="What happened.")] = "",
    approver: Annotated[str | None, typer.Option(
        help="A manager approving a large negative adjustment.")] = None,
    approver_pin: Annotated[str | None, typer.Option("--approver-pin",
                                                     help="The approver's PIN.")] = None,
    approval_reason: Annotated[str, typer.Option("--approval-reason",
                                                 help="Why the approver allows it.")] = "",
) -> None:
    """Adjust stock with a reason; large negative adjustments need a manager."""
    from termpos.services.adjust import REASONS
    from termpos.services.adjust import adjust as do_adjust

    change = qty(quantity, signed=True, what="+/-QTY")
    if reason not in REASONS:
        raise UsageError(
            "--reason: expected {reason_help}, got {reason!r}",
            reason_help=REASON_HELP, reason=reason,
        )
    if approver is not None and approver_pin is None:
        approver_pin = typer.prompt(f"PIN for {approver}", hide_input=True)
    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    done = do_adjust(rt, who, code, change, reason, note=note,
                     approver=(approver, approver_pin or "") if approver else None,
                     approval_reason=approval_reason)
    approved = f", approved by {done.approved_by}" if done.approved_by else ""
    out_console.print(f"{done.code} {q(done.qty_milli, signed=True)} ({done.reason}): on hand "
                      f"{q(done.before_milli)} -> {q(done.after_milli)}{approved}", markup=False)


@app.command()
def receive(
    item: Annotated[list[str] | None, typer.Argument(
        metavar="CODE*QTY...", help="What arrived (none: read scans from stdin).")] = None,
    order: Annotated[str | None, typer.Option(help="The purchase order, e.g. PO-000001.")]
    = None,
    cost: Annotated[list[str] | None, typer.Option(
        help="CODE=AMOUNT unit cost on the delivery note (repeat).")] = None,
    update_cost: Annotated[bool, typer.Option(
        "--update-cost", help="Make the delivered cost the product's cost.")] = False,
    note: Annotated[str, typer.Option(help="A note, e.g. the delivery note number.")] = "",
    user: UserOpt = "",
    pin: PinOpt = None,
) -> None:
    """Book a delivery, against an order or without one; partial deliveries are fine."""
    from termpos.services.receiving import receive as do_receive

    if not user:
        raise UsageError("stock receive: --user is needed")
    tokens = list(item or []) or read_scans()
    delivered = items(tokens)
    if not delivered:
        raise UsageError("stock receive: nothing to receive (list CODE*QTY or scan codes)")
    costs = amounts(cost or [], "--cost")
    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    done = do_receive(rt, who, delivered, order=order, costs=costs, update_cost=update_cost,
                      note=note)
    table = Table("code", "name", "received", "cost", "ordered", "received so far")
    for ln in done.lines:
        changed = f" (was {money(ln.cost_changed_from)})" if ln.cost_changed_from is not None \
            else ""
        add_row(table, ln.code, ln.name, q(ln.qty_milli), money(ln.cost) + changed,
                q(ln.ordered_milli), q(ln.received_milli))
    out_console.print(table)
    status = f": order now {done.status}" if done.status else ""
    out_console.print(f"booked {done.document}{status}", markup=False)


@app.command()
def history(
    code: Annotated[str, typer.Argument(help="Product code or barcode.")],
    limit: Annotated[int | None, typer.Option(help="Only the newest N movements.")] = None,
) -> None:
    """Every movement of a product: when, who, why, and the on-hand after each."""
    from termpos.services.stockinfo import history as load

    if limit is not None and limit < 1:
        raise UsageError("--limit: at least 1")
    GLOBALS.runtime()
    product, rows = load(code, limit=limit)
    out_console.print(f"{product.code}  {product.name}", markup=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("when", "kind", "qty", "on hand", "who"):
        table.add_column(name, no_wrap=True, justify="right" if name in ("qty", "on hand")
                         else "left")
    table.add_column("why: reason, document, note", overflow="fold", ratio=1)
    for r in rows:
        why = ", ".join(x for x in (r.reason, r.document, r.note) if x)
        add_row(table, f"{r.created_at:%Y-%m-%d %H:%M}", r.kind, q(r.qty_milli, signed=True),
                q(r.on_hand_after), r.user or "-", why)
    out_console.print(table)
    if not rows:
        out_console.print("no movements yet")


@app.command()
def negative() -> None:
    """List products sold below zero: the shelf had them, the data did not."""
    from termpos.services.stockinfo import negative_stock

    rt = GLOBALS.runtime()
    table = Table("code", "name", "on hand")
    found = negative_stock(rt)
    for w in found:
        add_row(table, w.code, w.name, q(w.on_hand_milli))
    out_console.print(table)
    out_console.print(f"{len(found)} product(s) below zero")
