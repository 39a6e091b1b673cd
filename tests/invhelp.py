"""Helpers for the inventory tests: products, staff and sale movements."""

from __future__ import annotations

from termpos.models import Category, Product
from termpos.services.runtime import Runtime
from termpos.services.stock import record_move
from termpos.services.users import UserInfo, create_user


def make_product(
    rt: Runtime, code: str, *, cost: int = 100, level: int | None = 5000,
    weighed: bool = False, category: str = "Dry", barcode: str | None = None,
) -> Product:
    """Creates an active product (price 2x cost) in a category."""
    cat, _ = Category.get_or_create(name=category)
    now = rt.clock.now()
    return Product.create(code=code, barcode=barcode, name=f"Item {code}", category=cat,
                          tax_class="A", price=cost * 2, cost=cost, weighed=weighed,
                          unit="kg" if weighed else "ea", reorder_level=level,
                          created_at=now, updated_at=now)


def make_staff(rt: Runtime) -> dict[str, UserInfo]:
    """A cashier (1111), a supervisor (2222) and a manager (3333)."""
    return {
        role: create_user(rt, role, role, pin, actor="test")
        for role, pin in (("cashier", "1111"), ("supervisor", "2222"), ("manager", "3333"))
    }


def sell(rt: Runtime, product: Product, qty_milli: int, number: str = "T1-000001") -> None:
    """Records the stock side of a sale as the sale engine does (a negative movement)."""
    record_move(rt, product.id, -qty_milli, "sale", document=number)


def assert_journal_chain() -> int:
    """Recomputes the journal's hash chain from the stored rows; returns the entry count."""
    import json

    from termpos.core.journal import GENESIS, chain_hash
    from termpos.models import Journal
    from termpos.services.journal import entry_dict

    prev = GENESIS
    n = 0
    for row in Journal.select().order_by(Journal.id):
        entry = entry_dict(row.id, row.created_at.isoformat(sep=" "), row.till, row.kind,
                           row.actor, json.loads(row.payload))
        assert row.prev_hash == prev and chain_hash(prev, entry) == row.hash, row.kind
        prev, n = row.hash, n + 1
    return n
