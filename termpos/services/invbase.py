"""Provides what the inventory services share: product look-up, gap-free numbers, sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Model

from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.core.i18n import Phrase
from termpos.core.stockqty import format_qty, is_whole
from termpos.models import Counter, Product
from termpos.services import staff
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class ProductRef:
    """A product as the inventory screens and commands show it."""

    id: int
    code: str
    name: str
    cost: int
    weighed: bool
    reorder_level: int | None


def to_ref(product: Product) -> ProductRef:
    """Converts a product row to a ProductRef."""
    return ProductRef(product.id, product.code, product.name, int(product.cost),
                      bool(product.weighed), product.reorder_level)


def fk_id(row: Model, field: str) -> int | None:
    """The id a foreign key of a row holds, without loading the row it points to."""
    value = row.__data__.get(field)
    return None if value is None else int(value)


def find_product(code: str) -> Product:
    """Finds a product by its code, else by its barcode; NotFound names the code."""
    text = code.strip()
    product = Product.get_or_none(Product.code == text)
    if product is None and text:
        product = Product.get_or_none(Product.barcode == text)
    if product is None:
        raise NotFound("no product with code or barcode {text!r}", text=text)
    return product


def check_qty(product: Product, qty_milli: int, place: str = "") -> None:
    """Refuses a fraction of an item for a product that is not weighed."""
    if not product.weighed and not is_whole(qty_milli):
        where = f"{place}: " if place else ""
        raise Refused(
            "{where}{code} is sold by the item: {qty_milli} is not whole",
            where=where, code=product.code, qty_milli=format_qty(qty_milli),
        )


def next_number(rt: Runtime, series: str, prefix: str) -> str:
    """Advances a gap-free counter inside the caller's transaction: `PO-000001`, ..."""
    with write_transaction(rt.db):
        counter = Counter.get_or_none(Counter.name == series)
        if counter is None:
            counter = Counter.create(name=series, value=0)
        value = int(counter.value) + 1
        Counter.update(value=value).where(Counter.name == series).execute()
    return f"{prefix}-{value:06d}"


def require(rt: Runtime, user: UserInfo, action: str, doing: str) -> None:
    """Refuses with a clear line when the user's role lacks a permission (no override here)."""
    if not staff.can(rt, user, action):
        raise PermissionDenied(
            "{name} ({role}) may not {doing}: that needs the {permission} permission (a manager)",
            action,
            name=user.name, role=user.role, doing=Phrase(doing), permission=action,
        )


def sign_in(rt: Runtime, user: str, pin: str, action: str | None = None) -> UserInfo:
    """Checks a user's PIN and, when given, that their role allows the action."""
    info = staff.authenticate(rt, user, pin)
    if action is not None:
        staff.authorize(rt, info, action)
    return info
