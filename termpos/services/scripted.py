"""Provides scripted sales (``termpos sale``): everything checked before anything is written.

Items, customer, discount and payment are resolved and priced read-only first; only then is
the PIN checked and the sale rung up and completed in one transaction, through the same
basket and checkout services as the till. A wrong PIN is journaled, as at the till.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from termpos.core.cart import Cart, CartLine
from termpos.core.errors import PermissionDenied, Refused
from termpos.core.i18n import Phrase
from termpos.core.money import format_amount
from termpos.core.permissions import ACTIONS, allowed
from termpos.core.pricing import Discount, discount_percent_milli, line_gross
from termpos.core.tenders import TenderInput, settle
from termpos.models import User
from termpos.services import basket
from termpos.services.basket_edit import (
    CustomerRef,
    attach_customer,
    find_customer,
    set_order_discount,
)
from termpos.services.checkout import SaleResult, complete_sale
from termpos.services.customer_search import find_by_code, find_by_phone
from termpos.services.runtime import Runtime
from termpos.services.sale_loyalty import check_points
from termpos.services.shifts import require_open_shift
from termpos.services.staff import authenticate
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class ScriptedItem:
    """One --item: a code and an optional quantity in milli-units."""

    code: str
    qty_milli: int | None = None


def _preview(rt: Runtime, items: Sequence[ScriptedItem],
             discount: Discount | None) -> tuple[list[basket.Resolved], int]:
    """Resolves the items and prices them, writing nothing."""
    found = [basket.resolve(rt, it.code, it.qty_milli) for it in items]
    now = rt.clock.now()
    lines = tuple(
        CartLine(i, i, f.product.id, f.product.code, f.product.name, f.product.tax_class,
                 f.qty_milli, f.unit_price, f.unit_price, bool(f.product.weighed),
                 label_amount=f.label_amount)
        for i, f in enumerate(found, start=1))
    for ln in lines:
        try:
            rt.settings.tax_class(ln.tax_class)
        except KeyError:
            raise Refused(
                "{code}: tax class {tax_class!r} is not configured",
                code=ln.code, tax_class=ln.tax_class,
            ) from None
    cart = Cart(0, rt.till, 0, "", "open", lines, now, now, order_discount=discount)
    return found, cart.totals(rt.settings).total


def _check_discount_role(rt: Runtime, user_name: str, discount: Discount,
                         found: Sequence[basket.Resolved]) -> None:
    """Refuses, before any login is written, a discount above what the user's role may give."""
    base = sum(f.label_amount if f.label_amount is not None
               else line_gross(f.unit_price, f.qty_milli) for f in found)
    if discount_percent_milli(discount, base) <= rt.settings.discount_limit_percent_milli:
        return
    row = User.get_or_none(User.name == user_name)
    if row is not None and not allowed(rt.settings.permissions, row.role, "discount_above_limit"):
        raise PermissionDenied(
            "{user_name} ({role}) may not {doing}",
            "discount_above_limit",
            user_name=user_name, role=row.role, doing=Phrase(ACTIONS['discount_above_limit']),
        )


def _customer(rt: Runtime, query: str) -> CustomerRef:
    """The customer by code, by phone however it is written, or by a unique part of the name."""
    found = find_by_code(query) or find_by_phone(rt, query)
    return find_customer(found.code if found is not None else query)


def scripted_sale(rt: Runtime, user_name: str, pin: str, items: Sequence[ScriptedItem],
                  tenders: Sequence[TenderInput], *, customer: str | None = None,
                  discount: Discount | None = None, reason: str = "scripted sale") -> SaleResult:
    """Rings up and completes a sale; refuses bad input before writing anything."""
    if not items:
        raise Refused("a sale needs at least one --item")
    require_open_shift(rt)
    found, total = _preview(rt, items, discount)
    customer_ref = _customer(rt, customer) if customer else None
    customer_id = customer_ref.id if customer_ref else None
    if discount is not None:
        _check_discount_role(rt, user_name, discount, found)
    settlement = settle(total, tenders, rt.settings.cash_rounding_step)
    if not settlement.complete:
        due = format_amount(settlement.remaining, rt.settings.currency_exponent,
                            rt.settings.currency_symbol)
        raise Refused("not paid in full: {due} still due", due=due)
    check_points(rt, customer_id, settlement.tenders)
    user = authenticate(rt, user_name, pin)
    with write_transaction(rt.db):
        cart = basket.start_basket(rt, user)
        for f in found:
            basket.insert_resolved(rt, cart.id, f)
        if customer_ref:
            attach_customer(rt, cart.id, customer_ref.code)
        if discount is not None:
            set_order_discount(rt, cart.id, discount, user, reason=reason)
        return complete_sale(rt, cart.id, user, tenders)
