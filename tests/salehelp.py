"""Helpers for sale engine tests: a small store with staff, products, a customer and a shift."""

from __future__ import annotations

from dataclasses import dataclass

from termpos.core.gtin import with_check_digit
from termpos.models import Customer, Product
from termpos.services.runtime import Runtime
from termpos.services.shifts import open_shift
from termpos.services.users import UserInfo, create_user
from termpos.store.tx import write_transaction

PINS = {"cashier": "1357", "super": "1122", "manager": "2468"}


@dataclass
class Shop:
    """The staff of a test store."""

    cashier: UserInfo
    supervisor: UserInfo
    manager: UserInfo


def product(rt: Runtime, code: str, price: int, *, tax: str = "A", barcode: str | None = None,
            weighed: bool = False, cost: int = 0) -> int:
    """Creates a product and returns its id."""
    now = rt.clock.now()
    p = Product.create(code=code, barcode=barcode, name=f"Item {code}", tax_class=tax,
                       price=price, cost=cost, unit="kg" if weighed else "ea", weighed=weighed,
                       created_at=now, updated_at=now)
    return int(p.id)


BARCODE_TEA = with_check_digit("471000000001")
BARCODE_SOAP = with_check_digit("471000000002")


def make_shop(rt: Runtime, *, shift: bool = True) -> Shop:
    """Staff (cashier, supervisor, manager), five products, one customer, an open shift."""
    cashier = create_user(rt, "cashier", "cashier", PINS["cashier"])
    supervisor = create_user(rt, "super", "supervisor", PINS["super"])
    manager = create_user(rt, "manager", "manager", PINS["manager"])
    with write_transaction(rt.db):
        product(rt, "P1", 350, tax="B", barcode=BARCODE_TEA, cost=200)
        product(rt, "P2", 1234, tax="A", barcode=BARCODE_SOAP, cost=600)
        product(rt, "P3", 99, tax="A")
        product(rt, "00001", 199, tax="B", weighed=True, cost=100)  # bananas per kg
        product(rt, "00008", 1899, tax="B", weighed=True)  # cheese per kg
        product(rt, "00050", 500, tax="A")  # price-marked, sold by the item
        Customer.create(code="C1", name="Ada Lovelace", phone="0700123456",
                        created_at=rt.clock.now())
    if shift:
        open_shift(rt, cashier.id, 10_000)
    return Shop(cashier, supervisor, manager)
"""Test helper: writes Sale, SaleLine and Tender rows as the sale engine would (models.py)."""

from __future__ import annotations

from collections.abc import Sequence

from termpos.models import Category, Product, Sale, SaleLine, Tender, User
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction


def user(rt: Runtime, name: str = "ann", role: str = "cashier") -> User:
    """A user row to own sales (no PIN needed for these tests)."""
    found = User.get_or_none(User.name == name)
    return found or User.create(name=name, role=role, pin_hash="x", created_at=rt.clock.now())


def product(rt: Runtime, code: str, name: str, price: int, category: str | None = None) -> Product:
    """A product row, with its category created on first use."""
    cat = Category.get_or_create(name=category)[0] if category else None
    now = rt.clock.now()
    return Product.create(code=code, name=name, price=price, tax_class="A", category=cat,
                          created_at=now, updated_at=now)


def sale(
    rt: Runtime, customer_id: int | None, lines: Sequence[tuple[Product, int]], *,
    kind: str = "sale", original: Sale | None = None,
    tenders: Sequence[tuple[str, int]] = (), points_earned: int = 0,
) -> Sale:
    """A completed sale (or refund) with lines of (product, qty in units) at the product price.

    Amounts are positive for sales and refunds alike; ``kind`` tells them apart.
    """
    seller = user(rt)
    total = sum(p.price * q for p, q in lines)
    with write_transaction(rt.db):
        seq = Sale.select().count() + 1
        row = Sale.create(
            number=f"{rt.till}-{seq:06d}", till=rt.till, seq=seq, kind=kind, original=original,
            user=seller, customer=customer_id, created_at=rt.clock.now(),
            tax_mode="inclusive", subtotal=total, tax_total=0, total=total,
            points_earned=points_earned,
        )
        for i, (p, q) in enumerate(lines, start=1):
            SaleLine.create(sale=row, seq=i, product=p, code=p.code, name=p.name,
                            qty_milli=q * 1000, unit_price=p.price, amount=p.price * q,
                            tax_class="A", tax_rate_ppm=0, tax=0)
        for tender_kind, amount in tenders or [("cash", total)]:
            Tender.create(sale=row, kind=tender_kind, amount=amount)
    return row
