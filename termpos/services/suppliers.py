"""Provides suppliers: who they are, their lead time, what they supply and at what cost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from termpos.core.errors import NotFound, Refused
from termpos.core.i18n import N_
from termpos.models import Product, Supplier, SupplierProduct
from termpos.services import journal
from termpos.services.invbase import find_product, fk_id, require
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class SupplierInfo:
    """A supplier with how many products it supplies."""

    id: int
    name: str
    contact: str
    phone: str
    email: str
    lead_time_days: int
    notes: str
    products: int


@dataclass(frozen=True)
class SuppliedItem:
    """One product a supplier supplies: our code, their code, their cost."""

    product_id: int
    code: str
    name: str
    supplier_code: str
    cost: int
    main_supplier: bool  # this supplier is the product's default supplier


def _info(s: Supplier, products: int) -> SupplierInfo:
    return SupplierInfo(s.id, s.name, s.contact, s.phone, s.email, int(s.lead_time_days),
                        s.notes, products)


def get_supplier(name: str) -> Supplier:
    """Finds a supplier by name (exact, then case-insensitive)."""
    text = name.strip()
    found = Supplier.get_or_none(Supplier.name == text)
    if found is None:
        matches = list(Supplier.select().where(fn.LOWER(Supplier.name) == text.lower()))
        if len(matches) == 1:
            found = matches[0]
    if found is None:
        raise NotFound("no supplier named {text!r} (see `termpos suppliers list`)", text=text)
    return found


def add_supplier(
    rt: Runtime, user: UserInfo, name: str, *, contact: str = "", phone: str = "",
    email: str = "", lead_time_days: int = 7, notes: str = "",
) -> SupplierInfo:
    """Creates a supplier (back office); refuses an empty or taken name, a bad lead time."""
    require(rt, user, "back_office", N_("add suppliers"))
    name = name.strip()
    if not name or len(name) > 200:
        raise Refused("a supplier name is 1 to 200 characters")
    if not 0 <= lead_time_days <= 365:
        raise Refused(
            "lead time must be 0 to 365 days, got {lead_time_days}",
            lead_time_days=lead_time_days,
        )
    if email and "@" not in email:
        raise Refused("not an email address: {email!r}", email=email)
    with write_transaction(rt.db):
        if Supplier.get_or_none(fn.LOWER(Supplier.name) == name.lower()) is not None:
            raise Refused("supplier {name!r} exists already", name=name)
        s = Supplier.create(name=name, contact=contact.strip()[:200], phone=phone.strip()[:64],
                            email=email.strip()[:200], lead_time_days=lead_time_days,
                            notes=notes, created_at=rt.clock.now())
        journal.append(rt, "supplier.add", user.name, {"supplier": name, "lead_time_days":
                                                    lead_time_days})
    return _info(s, 0)


def list_suppliers() -> list[SupplierInfo]:
    """Every supplier by name, with the number of products linked to it."""
    rows: Iterable[Any] = (
        SupplierProduct.select(SupplierProduct.supplier, fn.COUNT(SupplierProduct.id))
        .group_by(SupplierProduct.supplier).tuples()
    )
    counts = {int(sid): int(n) for sid, n in rows}
    return [_info(s, int(counts.get(s.id, 0))) for s in Supplier.select().order_by(Supplier.name)]


def supplier_info(name: str) -> tuple[SupplierInfo, list[SuppliedItem]]:
    """A supplier and the products it supplies, by product code."""
    s = get_supplier(name)
    rows = (
        SupplierProduct.select(SupplierProduct, Product)
        .join(Product).where(SupplierProduct.supplier == s.id).order_by(Product.code)
    )
    items = [
        SuppliedItem(r.product.id, r.product.code, r.product.name, r.supplier_code,
                     int(r.cost), fk_id(r.product, "supplier") == s.id)
        for r in rows
    ]
    # Products naming this supplier (e.g. imported) without a link: at the product's cost.
    linked = SupplierProduct.select(SupplierProduct.product).where(
        SupplierProduct.supplier == s.id)
    unlinked = Product.select().where((Product.supplier == s.id) & Product.id.not_in(linked))
    items += [SuppliedItem(p.id, p.code, p.name, "", int(p.cost), True) for p in unlinked]
    items.sort(key=lambda i: i.code)
    return _info(s, len(items)), items


def link_product(
    rt: Runtime, user: UserInfo, supplier: str, code: str, *, cost: int | None = None,
    supplier_code: str | None = None, main: bool = True,
) -> SuppliedItem:
    """Records that a supplier supplies a product (updates cost/code when linked already).

    With main=True the supplier also becomes the product's default supplier, the one
    reorder suggestions order from.
    """
    require(rt, user, "back_office", N_("link suppliers and products"))
    if cost is not None and cost < 0:
        raise Refused("a cost cannot be negative")
    with write_transaction(rt.db):
        s = get_supplier(supplier)
        product = find_product(code)
        link = SupplierProduct.get_or_none(
            (SupplierProduct.supplier == s.id) & (SupplierProduct.product == product.id)
        )
        if link is None:
            link = SupplierProduct.create(
                supplier=s.id, product=product.id, supplier_code=(supplier_code or "")[:64],
                cost=product.cost if cost is None else cost,
            )
        else:
            if cost is not None:
                link.cost = cost
            if supplier_code is not None:
                link.supplier_code = supplier_code[:64]
            link.save()
        if main and fk_id(product, "supplier") != s.id:
            Product.update(supplier=s.id, updated_at=rt.clock.now()).where(
                Product.id == product.id).execute()
        journal.append(rt, "supplier.link", user.name, {
            "supplier": s.name, "product": product.code, "cost": int(link.cost),
            "supplier_code": link.supplier_code, "main": main,
        })
    return SuppliedItem(product.id, product.code, product.name, link.supplier_code,
                        int(link.cost), main or fk_id(product, "supplier") == s.id)


def supplier_cost(supplier_id: int, product: Product) -> int:
    """What the supplier charges for a product: the linked cost, else the product's cost."""
    link = SupplierProduct.get_or_none(
        (SupplierProduct.supplier == supplier_id) & (SupplierProduct.product == product.id)
    )
    return int(link.cost) if link is not None else int(product.cost)
