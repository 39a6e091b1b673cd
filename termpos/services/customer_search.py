"""Provides finding customers by phone, code or name (CJK included), without loading them all.

Every lookup is an indexed query with a limit: exact code and phone through unique indexes,
names first by prefix on the indexed ``name_key`` and then by substring until the limit.
"""

from __future__ import annotations

import datetime as dt

from peewee import OP, SQL, Expression, NodeList, PostgresqlDatabase, Value, fn

from termpos.core.customer import CustomerInfo, name_key, parse_code
from termpos.core.errors import NotFound
from termpos.core.phone import PhoneError, looks_like_phone, phone_digits
from termpos.models import Customer
from termpos.services.customers import attach_to_basket, phone_of, to_info
from termpos.services.runtime import Runtime

_TOP = "\U0010ffff"  # sorts after every character: "key" <= name < "key" + _TOP is a prefix


def find_by_code(text: str) -> CustomerInfo | None:
    """The customer whose code (card barcode) this is; imported codes match as typed."""
    code = parse_code(text) or text.strip()
    row = Customer.get_or_none(Customer.code == code) if code else None
    return to_info(row) if row is not None else None


def find_by_phone(rt: Runtime, text: str) -> CustomerInfo | None:
    """The customer with this phone number, however it is written (None if none)."""
    try:
        phone = phone_of(rt, text)
    except PhoneError:
        return None
    row = Customer.get_or_none(Customer.phone == phone)
    return to_info(row) if row is not None else None


def lookup(rt: Runtime, key: str) -> CustomerInfo:
    """Finds one customer by code or phone (what the CLI takes as PHONE|CODE)."""
    found = find_by_code(key) or find_by_phone(rt, key)
    if found is None:
        raise NotFound(f"no customer with code or phone {key.strip()!r}")
    return found


def _prefix(rt: Runtime, key: str) -> Expression:
    """name_key starts with key, written so the index serves it on each database."""
    if isinstance(rt.db, PostgresqlDatabase):
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = NodeList((Value(escaped + "%"), SQL("ESCAPE"), Value("\\")))
        return Expression(Customer.name_key, OP.LIKE, pattern)
    return (Customer.name_key >= key) & (Customer.name_key < key + _TOP)


def _contains(rt: Runtime, key: str) -> Expression:
    """name_key contains key anywhere (a scan, bounded by the caller's limit)."""
    if isinstance(rt.db, PostgresqlDatabase):
        return fn.strpos(Customer.name_key, key) > 0
    return fn.instr(Customer.name_key, key) > 0


def search_customers(rt: Runtime, text: str, limit: int = 20) -> list[CustomerInfo]:
    """Customers matching a code, a phone (or its last digits) or part of a name."""
    text = text.strip()
    if not text or limit <= 0:
        return []
    found: dict[int, CustomerInfo] = {}
    exact = find_by_code(text) or (find_by_phone(rt, text) if looks_like_phone(text) else None)
    if exact is not None and not exact.forgotten:
        found[exact.id] = exact
    live = Customer.forgotten_at.is_null()
    digits = phone_digits(text)
    if looks_like_phone(text) and len(digits) >= 4:
        rows = (Customer.select().where(live, Customer.phone.endswith(digits))
                .order_by(Customer.name_key).limit(limit))
        for row in rows:
            found.setdefault(row.id, to_info(row))
    key = name_key(text)
    for condition in (_prefix(rt, key), _contains(rt, key)):
        if len(found) >= limit:
            break
        query = Customer.select().where(live, condition)
        if found:
            query = query.where(Customer.id.not_in(list(found)))
        for row in query.order_by(Customer.name_key, Customer.id).limit(limit - len(found)):
            found[row.id] = to_info(row)
    return list(found.values())[:limit]


def attach_by_phone(rt: Runtime, basket_id: int, phone: str) -> CustomerInfo:
    """Attaches the customer with this phone number to an open basket (the till's shortcut)."""
    found = find_by_phone(rt, phone)
    if found is None:
        raise NotFound(f"no customer with phone {phone.strip()!r}")
    return attach_to_basket(rt, basket_id, found.id)


def list_customers(
    rt: Runtime, *, consent: bool | None = None, since: dt.date | None = None, name: str = "",
    include_forgotten: bool = False, limit: int = 50,
) -> list[CustomerInfo]:
    """Customers, newest first, filtered by consent, registration date and part of the name."""
    query = Customer.select()
    if not include_forgotten:
        query = query.where(Customer.forgotten_at.is_null())
    if consent is not None:
        query = query.where(Customer.consent == consent)
    if since is not None:
        query = query.where(Customer.created_at >= dt.datetime.combine(since, dt.time()))
    if name.strip():
        query = query.where(_contains(rt, name_key(name)))
    rows = query.order_by(Customer.created_at.desc(), Customer.id.desc()).limit(max(0, limit))
    return [to_info(row) for row in rows]
