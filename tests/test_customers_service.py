"""Customer records on SQLite and PostgreSQL: create, duplicates, find, update, consent."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from peewee import PostgresqlDatabase

from termpos.core.customer import CustomerFieldError, DuplicateCustomer
from termpos.core.errors import NotFound, Refused
from termpos.core.phone import PhoneError
from termpos.models import Basket, Customer, Journal
from termpos.services import customer_search as find
from termpos.services import customers
from termpos.services.runtime import Runtime
from termpos.services.users import create_user
from tests import customerhelp


@pytest.fixture
def shop(rt: Runtime) -> Runtime:
    """The runtime with a country code, so national numbers normalise."""
    rt.settings = dataclasses.replace(rt.settings, customer_country_code="886")
    return rt


def test_create_normalises_and_journals_without_personal_data(shop: Runtime) -> None:
    cashier = create_user(shop, "ann", "cashier", "1234")
    info = customers.create_customer(
        shop, " 王 小明 ", "0912-345-678", email="Ming@Example.com", consent=True,
        birthday=dt.date(1990, 5, 17), user=cashier)
    assert (info.code, info.phone, info.email) == ("C00000017", "+886912345678",
                                                   "ming@example.com")
    assert info.name == "王 小明" and info.created_by == "ann" and info.source == "till"
    assert info.consent and info.consent_at == shop.clock.now()
    entry = Journal.select().where(Journal.kind == "customer.add").get()
    assert "C00000017" in entry.payload and entry.actor == "ann"
    assert "912" not in entry.payload and "ming" not in entry.payload.lower()
    assert find.search_customers(shop, "小明")[0].created_by == "ann"  # joined, not a query
    second = customers.create_customer(shop, "Bob", "0912 000 111")
    assert second.code == "C00000024" and not second.consent and second.consent_at is None


def test_duplicate_phone_is_refused_naming_the_customer(shop: Runtime) -> None:
    first = customers.create_customer(shop, "Ann", "0912 345 678")
    with pytest.raises(DuplicateCustomer, match=f"already registered to customer {first.code}"):
        customers.create_customer(shop, "Someone Else", "+886 912 345 678", allow_similar=True)
    assert Customer.select().count() == 1


def test_duplicate_email_or_name_and_birthday_needs_confirmation(shop: Runtime) -> None:
    first = customers.create_customer(shop, "Ann Lee", "0912 345 678", email="ann@x.org",
                                      birthday=dt.date(1980, 1, 2))
    with pytest.raises(DuplicateCustomer) as by_email:
        customers.create_customer(shop, "Ann L", "0912 000 001", email="ANN@x.org")
    assert by_email.value.field == "email" and by_email.value.code == first.code
    with pytest.raises(DuplicateCustomer) as by_name:
        customers.create_customer(shop, "ann  lee", "0912 000 002",
                                  birthday=dt.date(1980, 1, 2))
    assert by_name.value.field == "name+birthday"
    twin = customers.create_customer(shop, "Ann Lee", "0912 000 003",
                                     birthday=dt.date(1980, 1, 2), allow_similar=True)
    assert twin.code != first.code


def test_bad_details_change_nothing(shop: Runtime) -> None:
    with pytest.raises(PhoneError, match="too short"):
        customers.create_customer(shop, "Ann", "12")
    with pytest.raises(CustomerFieldError, match="email"):
        customers.create_customer(shop, "Ann", "0912345678", email="nope")
    with pytest.raises(CustomerFieldError, match="name"):
        customers.create_customer(shop, "  ", "0912345678")
    assert Customer.select().count() == 0 and Journal.select().count() == 0


def test_find_by_phone_code_and_name_cjk(shop: Runtime) -> None:
    ming = customers.create_customer(shop, "王小明", "0912 345 678")
    mei = customers.create_customer(shop, "陳美玲", "0912 999 888")
    john = customers.create_customer(shop, "John Smith", "0922 111 222")
    assert find.find_by_phone(shop, "+886-912-345-678") == ming
    assert [c.created_by for c in find.search_customers(shop, "王")] == [None]
    assert find.find_by_phone(shop, "nonsense") is None
    assert find.find_by_code(ming.code.lower()) == ming
    assert find.find_by_code("C00000018") is None
    assert find.lookup(shop, mei.code) == mei
    with pytest.raises(NotFound, match="no customer"):
        find.lookup(shop, "0900 000 000")
    assert [c.code for c in find.search_customers(shop, "小明")] == [ming.code]
    assert [c.code for c in find.search_customers(shop, "美")] == [mei.code]
    assert [c.code for c in find.search_customers(shop, "ｓｍｉｔｈ")] == [john.code]
    assert [c.code for c in find.search_customers(shop, "jo")] == [john.code]
    assert [c.code for c in find.search_customers(shop, "9888")] == [mei.code]
    assert [c.code for c in find.search_customers(shop, john.code)] == [john.code]
    assert find.search_customers(shop, "%") == [] and find.search_customers(shop, "") == []


def test_search_is_limited_and_prefix_first(shop: Runtime) -> None:
    for i in range(30):
        customers.create_customer(shop, f"Lee {i:02d}", f"0912 000 {i:03d}")
    customers.create_customer(shop, "Ann Lee", "0913 000 000")
    found = find.search_customers(shop, "lee", limit=10)
    assert len(found) == 10 and found[0].name == "Lee 00"
    everyone = find.search_customers(shop, "lee", limit=50)
    assert len(everyone) == 31 and everyone[-1].name == "Ann Lee"


def test_update_and_consent(shop: Runtime) -> None:
    ann = customers.create_customer(shop, "Ann", "0912 345 678")
    bob = customers.create_customer(shop, "Bob", "0912 000 111", email="bob@x.org")
    with pytest.raises(DuplicateCustomer):
        customers.update_customer(shop, ann.id, actor="t", phone="0912000111")
    with pytest.raises(DuplicateCustomer):
        customers.update_customer(shop, ann.id, actor="t", email="bob@x.org")
    changed = customers.update_customer(shop, ann.id, actor="t", name="Ann Lee",
                                        notes="likes tea")
    assert changed.name == "Ann Lee" and changed.notes == "likes tea"
    assert find.search_customers(shop, "ann lee")[0].id == ann.id
    shop.clock.advance(3600)  # type: ignore[attr-defined]
    later = customers.set_consent(shop, bob.id, True, actor="t")
    assert later.consent and later.consent_at == shop.clock.now()
    off = customers.set_consent(shop, bob.id, False, actor="t")
    assert not off.consent and off.consent_at == shop.clock.now()


def test_attach_by_phone_to_an_open_basket(shop: Runtime) -> None:
    ann = customers.create_customer(shop, "Ann", "0912 345 678")
    seller = customerhelp.user(shop)
    now = shop.clock.now()
    basket = Basket.create(till="T1", user=seller, created_at=now, updated_at=now)
    assert find.attach_by_phone(shop, basket.id, "0912345678").id == ann.id
    assert Basket.get_by_id(basket.id).customer.id == ann.id
    with pytest.raises(NotFound):
        find.attach_by_phone(shop, basket.id, "0900 000 000")
    Basket.update(status="done").where(Basket.id == basket.id).execute()
    with pytest.raises(Refused, match="not open"):
        find.attach_by_phone(shop, basket.id, "0912345678")


def test_list_filters(shop: Runtime) -> None:
    customers.create_customer(shop, "Ann", "0912 000 001", consent=True)
    shop.clock.advance(86400 * 3)  # type: ignore[attr-defined]
    customers.create_customer(shop, "Bob", "0912 000 002")
    customers.create_customer(shop, "Annie", "0912 000 003")
    assert [c.name for c in find.list_customers(shop)] == ["Annie", "Bob", "Ann"]
    assert [c.name for c in find.list_customers(shop, consent=True)] == ["Ann"]
    assert [c.name for c in find.list_customers(shop, consent=False)] == ["Annie", "Bob"]
    since = shop.clock.now().date()
    assert [c.name for c in find.list_customers(shop, since=since)] == ["Annie", "Bob"]
    assert [c.name for c in find.list_customers(shop, name="ANN")] == ["Annie", "Ann"]
    assert len(find.list_customers(shop, limit=1)) == 1


def test_name_prefix_search_uses_the_index(sqlite_rt: Runtime) -> None:
    plan = sqlite_rt.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM customer WHERE name_key >= ? AND name_key < ? "
        "ORDER BY name_key, id LIMIT 20", ("王", "王\U0010ffff")).fetchall()
    assert "USING COVERING INDEX customer_name_key" in str(plan) or \
        "USING INDEX customer_name_key" in str(plan)


def test_search_treats_like_wildcards_as_text(shop: Runtime) -> None:
    sale = customers.create_customer(shop, "50% Club", "0912 000 001")
    under = customers.create_customer(shop, "A_B Trading", "0912 000 002")
    customers.create_customer(shop, "Abby", "0912 000 003")
    customers.create_customer(shop, "505 Diner", "0912 000 004")
    assert [c.id for c in find.search_customers(shop, "50%")] == [sale.id]
    assert [c.id for c in find.search_customers(shop, "a_")] == [under.id]
    assert [c.id for c in find.search_customers(shop, "_b")] == [under.id]
    assert find.search_customers(shop, "\\") == []


def test_codes_skip_taken_numbers_and_product_codes(shop: Runtime) -> None:
    customerhelp.product(shop, "C00000017", "A product coded like a card", 100)
    Customer.create(code="C00000031", name="Imported", created_at=shop.clock.now())
    first = customers.create_customer(shop, "Ann", "0912 000 001")
    second = customers.create_customer(shop, "Bob", "0912 000 002")
    third = customers.create_customer(shop, "Cy", "0912 000 003")
    assert [first.code, second.code, third.code] == ["C00000024", "C00000048", "C00000055"]


def test_name_prefix_search_can_use_the_index_on_postgres(rt: Runtime) -> None:
    if not isinstance(rt.db, PostgresqlDatabase):
        pytest.skip("PostgreSQL plan")
    query = Customer.select(Customer.id).where(find._prefix(rt, "王"))
    sql, params = query.sql()
    with rt.db.atomic():
        rt.db.execute_sql("SET LOCAL enable_seqscan = off")
        plan = " ".join(str(r[0]) for r in rt.db.execute_sql(f"EXPLAIN {sql}", params))
    assert "customer_name_key" in plan, plan
