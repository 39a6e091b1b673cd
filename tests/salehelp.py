"""Helpers for sale engine tests: a small store with staff, products, a customer and a shift."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from termpos.core.gtin import with_check_digit
from termpos.models import Customer, Product, User
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.shifts import open_shift
from termpos.services.users import UserInfo, pepper, to_info
from termpos.store.tx import write_transaction

PINS = {"cashier": "1357", "super": "1122", "manager": "2468"}


@dataclass
class Shop:
    """The staff of a test store."""

    cashier: UserInfo
    supervisor: UserInfo
    manager: UserInfo


def create_user(rt: Runtime, name: str, role: str, pin: str) -> UserInfo:
    """A user whose PIN hash uses a tiny scrypt cost, so tests stay fast (same format)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode() + pepper(rt), salt=salt, n=16, r=1, p=1, dklen=32)
    with write_transaction(rt.db):
        user = User.create(name=name, role=role, created_at=rt.clock.now(),
                           pin_hash=f"scrypt$16$1$1${salt.hex()}${digest.hex()}")
        journal.append(rt, "user.add", "test", {"user": name, "role": role})
    return to_info(user)


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
