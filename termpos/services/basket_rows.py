"""Provides the conversion of stored baskets to core Cart values, and basket lookups."""

from __future__ import annotations

from typing import Any

from peewee import JOIN, Model

from termpos.core.cart import Cart, CartLine
from termpos.core.errors import NotFound, Refused
from termpos.core.pricing import Discount
from termpos.models import Basket, BasketLine, Customer, Product, User


def fk_id(row: Model, name: str) -> int | None:
    """The raw id a foreign key column of a row holds (None when empty), without a query."""
    data: dict[str, Any] = row.__data__
    value = data.get(name)
    return None if value is None else int(value)


def _discount(kind: str, value: int) -> Discount | None:
    return Discount(kind, int(value)) if kind else None


def to_line(row: BasketLine, unit: str = "ea") -> CartLine:
    """Converts a basket line row to a CartLine."""
    return CartLine(
        id=row.id, seq=row.seq, product_id=fk_id(row, "product"), code=row.code, name=row.name,
        tax_class=row.tax_class, qty_milli=int(row.qty_milli), unit_price=int(row.unit_price),
        original_price=int(row.original_price), weighed=bool(row.weighed),
        unit="kg" if row.weighed else unit,
        label_amount=None if row.label_amount is None else int(row.label_amount),
        discount=_discount(row.discount_kind, row.discount_value),
        discount_reason=row.discount_reason, price_override_reason=row.price_override_reason,
        voided=bool(row.voided),
    )


def load_cart(basket_id: int) -> Cart:
    """Reads a basket with its lines; NotFound when there is no such basket."""
    row = Basket.get_or_none(Basket.id == basket_id)
    if row is None:
        raise NotFound("no basket {basket_id}", basket_id=basket_id)
    lines = (
        BasketLine.select(BasketLine, Product.unit.alias("product_unit"))
        .join(Product, on=(BasketLine.product == Product.id), join_type=JOIN.LEFT_OUTER)
        .where(BasketLine.basket == basket_id)
        .order_by(BasketLine.seq)
        .objects()
    )
    user_id = fk_id(row, "user") or 0
    customer_id = fk_id(row, "customer")
    user = User.get_by_id(user_id)
    customer_name = ""
    if customer_id is not None:
        customer_name = Customer.get_by_id(customer_id).name
    out = []
    for ln in lines:
        out.append(to_line(ln, str(getattr(ln, "product_unit", None) or "ea")))
    return Cart(
        id=row.id, till=row.till, user_id=user_id, user_name=user.name, status=row.status,
        lines=tuple(out), created_at=row.created_at, updated_at=row.updated_at,
        customer_id=customer_id, customer_name=customer_name,
        order_discount=_discount(row.order_discount_kind, row.order_discount_value),
        order_discount_reason=row.order_discount_reason,
    )


def open_row(basket_id: int) -> Basket:
    """The basket row, refused unless it is open (parked, done and cancelled are closed)."""
    row = Basket.get_or_none(Basket.id == basket_id)
    if row is None:
        raise NotFound("no basket {basket_id}", basket_id=basket_id)
    if row.status != "open":
        raise Refused(
            "basket {basket_id} is {status}, not open",
            basket_id=basket_id, status=row.status,
        )
    return row


def line_row(basket_id: int, line_id: int) -> BasketLine:
    """A live line of an open basket; NotFound / Refused otherwise."""
    open_row(basket_id)
    row = BasketLine.get_or_none((BasketLine.id == line_id) & (BasketLine.basket == basket_id))
    if row is None:
        raise NotFound(
            "basket {basket_id} has no line {line_id}",
            basket_id=basket_id, line_id=line_id,
        )
    if row.voided:
        raise Refused("line {seq} ({name}) is voided already", seq=row.seq, name=row.name)
    return row
