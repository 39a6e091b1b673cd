"""Provides `termpos sale`: ring up and complete a sale without the till (scripted sales)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from termpos.cli.common import GLOBALS, out_console
from termpos.core.errors import TermposError
from termpos.core.money import (
    AmountTooLarge,
    MoneyError,
    format_amount,
    parse_amount,
    parse_percent,
)

if TYPE_CHECKING:
    from termpos.core.pricing import Discount
    from termpos.core.tenders import TenderInput
    from termpos.services.scripted import ScriptedItem


def parse_item(text: str) -> ScriptedItem:
    """Reads CODE or CODE*QTY (QTY may be decimal for weighed items: 0.450 = 450 g)."""
    from termpos.services.scripted import ScriptedItem

    code, star, qty = text.partition("*")
    if not code.strip():
        raise TermposError("--item {text!r}: expected CODE or CODE*QTY", text=text)
    if not star:
        return ScriptedItem(code.strip())
    try:
        qty_milli = parse_amount(qty, 3)
    except AmountTooLarge:
        raise TermposError("--item {text!r}: quantity too large: {qty!r}", text=text,
                           qty=qty) from None
    except MoneyError:
        raise TermposError(
            "--item {text!r}: quantity {qty!r} is not a number",
            text=text, qty=qty,
        ) from None
    if qty_milli <= 0:
        raise TermposError("--item {text!r}: quantity must be more than zero", text=text)
    return ScriptedItem(code.strip(), qty_milli)


def parse_pay(text: str, exponent: int, point_value: int = 0) -> TenderInput:
    """Reads cash:AMOUNT, card:AMOUNT[:REF], other:AMOUNT[:REF] or points:N (whole points)."""
    from termpos.core.tenders import KINDS, TenderInput

    kind, _, rest = text.partition(":")
    amount, _, ref = rest.partition(":")
    if kind not in KINDS or not amount:
        raise TermposError(
            "--pay {text!r}: expected cash:AMOUNT, card:AMOUNT[:REF], other:AMOUNT[:REF] or "
            "points:N",
            text=text,
        )
    if kind == "points":
        return _points(text, amount, ref, point_value)
    try:
        value = parse_amount(amount, exponent)
    except MoneyError as exc:
        raise TermposError("--pay {text!r}: {error}", text=text, error=exc) from None
    return TenderInput(kind, value, ref)


def _points(text: str, amount: str, ref: str, point_value: int) -> TenderInput:
    """points:N as a tender worth N x the configured point value."""
    from termpos.core.loyalty import points_tender

    count = amount.strip()
    if ref or not (count.isascii() and count.isdigit()) or int(count) <= 0:
        raise TermposError(
            "--pay {text!r}: points:N takes a whole number of points above 0",
            text=text,
        )
    try:
        return points_tender(int(count), point_value)
    except TermposError as exc:
        raise TermposError("--pay {text!r}: {error}", text=text, error=exc) from None


def parse_discount(text: str, exponent: int) -> Discount:
    """Reads 10% (percent) or 2.50 (amount) into a Discount."""
    from termpos.core.pricing import AMOUNT, PERCENT, Discount

    try:
        if text.strip().endswith("%"):
            return Discount(PERCENT, parse_percent(text))
        value = parse_amount(text, exponent)
    except MoneyError as exc:
        raise TermposError("--discount {text!r}: {error}", text=text, error=exc) from None
    if value < 0:
        raise TermposError("--discount {text!r}: cannot be negative", text=text)
    return Discount(AMOUNT, value)


def sale(
    user: Annotated[str, typer.Option("--user", help="Cashier's user name.")],
    pin: Annotated[str, typer.Option("--pin", help="Cashier's PIN.", envvar="TERMPOS_PIN")],
    item: Annotated[list[str], typer.Option("--item", help="CODE or CODE*QTY (repeat).")],
    pay: Annotated[list[str], typer.Option(
        "--pay", help="cash:AMOUNT, card:AMOUNT[:REF], other:AMOUNT[:REF] or points:N "
        "(N points of the --customer; repeat).")],
    customer: Annotated[str | None, typer.Option(
        "--customer", help="Customer phone, code or name.")] = None,
    discount: Annotated[str | None, typer.Option(
        "--discount", help="Order discount: 10% or an amount.")] = None,
) -> None:
    """Ring up and complete a sale, print its number and totals; on any error write nothing."""
    settings = GLOBALS.settings()
    exp = settings.currency_exponent
    items = [parse_item(x) for x in item]
    tenders = [parse_pay(x, exp, settings.loyalty_point_value) for x in pay]
    disc = parse_discount(discount, exp) if discount else None
    rt = GLOBALS.runtime()
    from termpos.services.scripted import scripted_sale

    result = scripted_sale(rt, user, pin, items, tenders, customer=customer, discount=disc)

    def money(v: int) -> str:
        return format_amount(v, exp, settings.currency_symbol)

    t = result.totals
    out_console.print(f"receipt {result.number}")
    out_console.print(f"subtotal {money(t.subtotal)}  discount {money(t.discount_total)}  "
                      f"tax {money(t.tax_total)}")
    if result.settlement.rounding:
        out_console.print(f"rounding {money(result.settlement.rounding)}")
    out_console.print(f"total {money(result.total)}  paid {money(result.settlement.paid)}  "
                      f"change {money(result.change)}")
    if result.receipt.points_balance is not None:
        out_console.print(f"points {result.receipt.points_earned:+d}  "
                          f"balance {result.receipt.points_balance}")
