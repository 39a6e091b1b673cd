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
