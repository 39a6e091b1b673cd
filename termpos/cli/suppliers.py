"""Provides `termpos suppliers`: add, list, show, and link the products a supplier supplies."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from termpos.cli.common import GLOBALS, out_console
from termpos.cli.invopts import PinOpt, UserOpt, add_row, amount, money, sign_in

app = typer.Typer(help="Suppliers and what they supply.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The supplier's name.")],
    user: UserOpt,
    pin: PinOpt = None,
    contact: Annotated[str, typer.Option(help="Contact person.")] = "",
    phone: Annotated[str, typer.Option(help="Phone number.")] = "",
    email: Annotated[str, typer.Option(help="Email address for orders.")] = "",
    lead_time: Annotated[int, typer.Option("--lead-time", help="Days from order to delivery.")]
    = 7,
    notes: Annotated[str, typer.Option(help="Free notes.")] = "",
) -> None:
    """Add a supplier (back office)."""
    from termpos.services.suppliers import add_supplier

    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    info = add_supplier(rt, who, name, contact=contact, phone=phone, email=email,
                        lead_time_days=lead_time, notes=notes)
    out_console.print(f"added supplier {info.name} (lead time {info.lead_time_days} days)")


@app.command("list")
def list_() -> None:
    """List suppliers with their lead time and number of products."""
    from termpos.services.suppliers import list_suppliers

    GLOBALS.runtime()
    table = Table("supplier", "contact", "phone", "email", "lead days", "products")
    for s in list_suppliers():
        add_row(table, s.name, s.contact, s.phone, s.email, str(s.lead_time_days), str(s.products))
    out_console.print(table)


@app.command()
def show(name: Annotated[str, typer.Argument(help="The supplier's name.")]) -> None:
    """Show a supplier's details and the products they supply with cost and their code."""
    from termpos.services.suppliers import supplier_info

    GLOBALS.runtime()
    info, supplied = supplier_info(name)
    out_console.print(f"[bold]{info.name}[/]", markup=True)
    for label, value in (("contact", info.contact), ("phone", info.phone),
                         ("email", info.email), ("lead time", f"{info.lead_time_days} days"),
                         ("notes", info.notes)):
        if value:
            out_console.print(f"  {label}: {value}", markup=False)
    table = Table("code", "name", "supplier code", "cost", "main")
    for item in supplied:
        add_row(table, item.code, item.name, item.supplier_code, money(item.cost),
                      "yes" if item.main_supplier else "")
    out_console.print(table)


@app.command()
def link(
    supplier: Annotated[str, typer.Argument(help="The supplier's name.")],
    code: Annotated[str, typer.Argument(help="Product code or barcode.")],
    user: UserOpt,
    pin: PinOpt = None,
    cost: Annotated[str | None, typer.Option(help="The supplier's unit cost.")] = None,
    supplier_code: Annotated[
        str | None, typer.Option("--supplier-code", help="The supplier's own product code.")
    ] = None,
    main: Annotated[bool, typer.Option(
        "--main/--not-main", help="Make this the product's supplier for reordering.")] = True,
) -> None:
    """Record that a supplier supplies a product, at a cost and under their code."""
    from termpos.services.suppliers import link_product

    unit_cost = amount(cost, "--cost") if cost is not None else None
    rt = GLOBALS.runtime()
    who = sign_in(rt, user, pin)
    item = link_product(rt, who, supplier, code, cost=unit_cost, supplier_code=supplier_code,
                        main=main)
    out_console.print(f"{item.code} from {supplier}: cost {money(item.cost)}"
                      + (f", their code {item.supplier_code}" if item.supplier_code else ""),
                      markup=False)
