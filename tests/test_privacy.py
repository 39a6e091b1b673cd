"""Export and forget on SQLite and PostgreSQL: everything about one person, then anonymised."""

from __future__ import annotations

import json

import pytest
from peewee import fn

from termpos.core.errors import PermissionDenied, Refused
from termpos.models import Customer, Journal, Sale, SaleLine
from termpos.services import customers, loyalty, privacy
from termpos.services.customer_search import find_by_phone, search_customers
from termpos.services.runtime import Runtime
from termpos.services.users import create_user
from tests import customerhelp


def _totals() -> tuple[int, int, int]:
    return (int(Sale.select(fn.SUM(Sale.total)).scalar() or 0),
            int(SaleLine.select(fn.SUM(SaleLine.amount)).scalar() or 0), Sale.select().count())


def test_export_holds_record_sales_points_and_journal(rt: Runtime) -> None:
    ann = customers.create_customer(rt, "Ann Lee", "+886912345678", email="ann@x.org",
                                    consent=True, notes="likes tea")
    customers.create_customer(rt, "Bob", "+886912000000")
    tea = customerhelp.product(rt, "T", "Tea", 250)
    sale = customerhelp.sale(rt, ann.id, [(tea, 4)])
    loyalty.earn_for_sale(rt, sale.id)
    data = privacy.export(rt, "+886 912-345-678", actor="boss")
    json.dumps(data)  # JSON-ready
    assert data["customer"]["name"] == "Ann Lee" and data["customer"]["notes"] == "likes tea"
    assert data["customer"]["email"] == "ann@x.org"
    assert [s["number"] for s in data["sales"]] == [sale.number]
    assert data["sales"][0]["lines"][0] == {"code": "T", "name": "Tea", "qty_milli": 4000,
                                            "unit_price": 250, "discount": 0, "amount": 1000}
    assert data["loyalty_moves"] == [{"at": "2026-03-02 09:00:00", "kind": "earn",
                                      "points": 10, "sale": sale.number}]
    assert [j["kind"] for j in data["journal"]] == ["customer.add", "loyalty.earn"]
    assert data["summary"]["points"] == 10 and data["summary"]["visits"] == 1
    assert Journal.select().where(Journal.kind == "customer.export").count() == 1


def test_forget_anonymises_and_keeps_the_books(rt: Runtime) -> None:
    boss = create_user(rt, "boss", "manager", "4321")
    cashier = create_user(rt, "cat", "cashier", "1111")
    ann = customers.create_customer(rt, "Ann Lee", "+886912345678", email="ann@x.org",
                                    consent=True, notes="likes tea")
    tea = customerhelp.product(rt, "T", "Tea", 250)
    sale = customerhelp.sale(rt, ann.id, [(tea, 4)])
    loyalty.earn_for_sale(rt, sale.id)
    customerhelp.sale(rt, ann.id, [(tea, 1)], kind="refund", original=sale)
    before = _totals()
    with pytest.raises(PermissionDenied):
        privacy.forget(rt, ann.code, cashier)
    gone = privacy.forget(rt, "+886 912 345 678", boss)
    assert gone.forgotten and gone.code == ann.code
    assert (gone.name, gone.phone, gone.email, gone.birthday, gone.notes, gone.consent) == (
        "(forgotten)", None, "", None, "", False)
    assert _totals() == before
    assert Sale.select().where(Sale.customer == ann.id).count() == 2
    assert loyalty.balance(ann.id) == 0
    assert find_by_phone(rt, "+886912345678") is None
    assert search_customers(rt, "ann") == []
    entry = Journal.select().where(Journal.kind == "customer.forget").get()
    assert json.loads(entry.payload) == {"customer": ann.code, "points_forfeited": 10}
    every_payload = " ".join(j.payload for j in Journal.select())
    assert "Ann" not in every_payload and "912345678" not in every_payload
    with pytest.raises(Refused, match=r"already forgotten on \d{4}-\d\d-\d\d \d\d:\d\d$"):
        privacy.forget(rt, ann.code, boss)
    row = Customer.get_by_id(ann.id)
    assert row.forgotten_at == rt.clock.now()
    # the same phone can register again as a new person
    again = customers.create_customer(rt, "Ann Lee", "+886912345678")
    assert again.code != ann.code
