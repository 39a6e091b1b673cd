"""Provides changes to a basket that need a who and a why: discounts, price overrides, customer.

Each is journaled with the user, the reason and any approver; a discount above the shop's
limit needs discount_above_limit, a price override needs price_override (services.staff).
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from termpos.core.cart import Cart, CartLine
from termpos.core.errors import NotFound, Refused
from termpos.core.pricing import Discount, discount_percent_milli, line_gross
from termpos.models import Basket, BasketLine, Customer
from termpos.services import journal
from termpos.services.basket_rows import line_row, load_cart, open_row
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class CustomerRef:
    """The customer attached to a basket."""

    id: int
    code: str
    name: str
    phone: str


def _limit_check(rt: Runtime, user: UserInfo, discount: Discount, base: int,
                 approver: tuple[str, str] | None, reason: str) -> UserInfo | None:
    if not reason.strip():
        raise Refused("a discount needs a reason")
    size = discount_percent_milli(discount, base)
    if size <= rt.settings.discount_limit_percent_milli:
        return None
    return authorize(rt, user, "discount_above_limit", approver=approver, reason=reason,
                     before=base, after=f"{discount.kind}:{discount.value}")


def set_line_discount(rt: Runtime, basket_id: int, line_id: int, discount: Discount | None,
                      user: UserInfo, *, reason: str = "",
                      approver: tuple[str, str] | None = None) -> CartLine:
    """Sets (or with None removes) a line's discount, recorded with who and why."""
    row = line_row(basket_id, line_id)
    approved = None
    if discount is not None:  # checked before writing: a wrong approver PIN stays counted
        base = (int(row.label_amount) if row.label_amount is not None
                else line_gross(int(row.unit_price), int(row.qty_milli)))
        approved = _limit_check(rt, user, discount, base, approver, reason)
    with write_transaction(rt.db):
        row = line_row(basket_id, line_id)
        BasketLine.update(
            discount_kind=discount.kind if discount else "",
            discount_value=discount.value if discount else 0,
            discount_by=user.id if discount else None,
            discount_reason=reason.strip()[:200] if discount else "",
        ).where(BasketLine.id == row.id).execute()
        journal.append(rt, "discount.line", user.name, {
            "basket": basket_id, "line": row.seq, "code": row.code,
            "kind": discount.kind if discount else "", "value": discount.value if discount else 0,
            "reason": reason.strip(), "approver": approved.name if approved else "",
        })
    return load_cart(basket_id).line(line_id)


def set_order_discount(rt: Runtime, basket_id: int, discount: Discount | None, user: UserInfo,
                       *, reason: str = "", approver: tuple[str, str] | None = None) -> Cart:
    """Sets (or removes) the discount on the whole order, recorded with who and why."""
    open_row(basket_id)
    approved = None
    if discount is not None:  # checked before writing: a wrong approver PIN stays counted
        priced = load_cart(basket_id).totals(rt.settings).lines
        base = sum(ln.gross - ln.line_discount for ln in priced)
        approved = _limit_check(rt, user, discount, base, approver, reason)
    with write_transaction(rt.db):
        row = open_row(basket_id)
        Basket.update(
            order_discount_kind=discount.kind if discount else "",
            order_discount_value=discount.value if discount else 0,
            order_discount_by=user.id if discount else None,
            order_discount_reason=reason.strip()[:200] if discount else "",
            updated_at=rt.clock.now(),
        ).where(Basket.id == row.id).execute()
        journal.append(rt, "discount.order", user.name, {
            "basket": basket_id, "kind": discount.kind if discount else "",
            "value": discount.value if discount else 0, "reason": reason.strip(),
            "approver": approved.name if approved else "",
        })
    return load_cart(basket_id)


def override_price(rt: Runtime, basket_id: int, line_id: int, unit_price: int, user: UserInfo,
                   *, reason: str, approver: tuple[str, str] | None = None) -> CartLine:
    """Changes a line's unit price; needs price_override (or an approver) and a reason."""
    if unit_price < 0:
        raise Refused("a price cannot be negative")
    if not reason.strip():
        raise Refused("a price override needs a reason")
    row = line_row(basket_id, line_id)
    before = int(row.unit_price)
    approved = authorize(rt, user, "price_override", approver=approver, reason=reason,
                         before=before, after=unit_price)
    with write_transaction(rt.db):
        row = line_row(basket_id, line_id)
        BasketLine.update(
            unit_price=unit_price, label_amount=None,
            price_override_by=approved.id if approved else user.id,
            price_override_reason=reason.strip()[:200],
        ).where(BasketLine.id == row.id).execute()
        journal.append(rt, "price.override", user.name, {
            "basket": basket_id, "line": row.seq, "code": row.code, "before": before,
            "after": unit_price, "reason": reason.strip(),
            "approver": approved.name if approved else "",
        })
    return load_cart(basket_id).line(line_id)


def find_customer(query: str) -> CustomerRef:
    """Finds one customer by phone, code or (unique part of the) name; NotFound otherwise."""
    q = query.strip()
    if not q:
        raise NotFound("customer not found: empty search")
    live = Customer.forgotten_at.is_null()
    row = Customer.get_or_none(live & ((Customer.phone == q) | (Customer.code == q)))
    if row is None:
        matches = list(Customer.select()
                       .where(live & fn.LOWER(Customer.name).contains(q.lower())).limit(2))
        if len(matches) > 1:
            raise Refused("more than one customer matches {q!r}: use the phone or code", q=q)
        if not matches:
            raise NotFound("customer not found: {q}", q=q)
        row = matches[0]
    return CustomerRef(row.id, row.code, row.name, row.phone or "")


def attach_customer(rt: Runtime, basket_id: int, query: str) -> CustomerRef:
    """Attaches a customer found by phone, code or name to the open basket."""
    ref = find_customer(query)
    with write_transaction(rt.db):
        open_row(basket_id)
        Basket.update(customer=ref.id, updated_at=rt.clock.now()).where(
            Basket.id == basket_id).execute()
    return ref


def detach_customer(rt: Runtime, basket_id: int) -> None:
    """Removes the customer from the open basket."""
    with write_transaction(rt.db):
        open_row(basket_id)
        Basket.update(customer=None).where(Basket.id == basket_id).execute()
