"""Provides finding customers by phone, code or name (CJK included), without loading them all.

Every lookup is an indexed query with a limit: exact code and phone through unique indexes,
names first by prefix on the indexed ``name_key`` and then by substring until the limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from peewee import OP, SQL, Expression, NodeList, PostgresqlDatabase, Value, fn

from termpos.core.customer import CustomerInfo, name_key, parse_code
from termpos.core.errors import NotFound
from termpos.core.phone import PhoneError, looks_like_phone, phone_digits
from termpos.models import Customer
from termpos.services.customers import attach_to_basket, phone_of, to_info, with_creator
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
        raise NotFound("no customer with code or phone {key!r}", key=key.strip())
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


def _rows(ids: list[int]) -> list[CustomerInfo]:
    """The customers with these ids, in the order given."""
    by_id = {row.id: row for row in with_creator().where(Customer.id.in_(ids))} if ids else {}
    return [to_info(by_id[i]) for i in ids if i in by_id]


def _ids(query: Any) -> list[int]:
    rows: Iterable[Any] = query.tuples()
    return [int(row[0]) for row in rows]


def _by_phone(rt: Runtime, text: str, limit: int) -> list[CustomerInfo]:
    """The exact number first, then numbers ending in the digits typed (4 or more)."""
    exact = find_by_phone(rt, text)
    ids = [exact.id] if exact is not None and not exact.forgotten else []
    digits = phone_digits(text)
    if len(digits) >= 4 and len(ids) < limit:
        # Only the id is read, so the scan runs over the small phone index, not the table.
        query = Customer.select(Customer.id).where(Customer.phone.endswith(digits))
        ids += [i for i in _ids(query.limit(limit + 1)) if i not in ids]
    return _rows(ids[:limit])


def _by_name(rt: Runtime, key: str, limit: int) -> list[CustomerInfo]:
    """Names starting with the text (in name order), then names containing it anywhere.

    A forgotten customer's name_key is empty, so neither query can find them.
    """
    prefix = _ids(Customer.select(Customer.id).where(_prefix(rt, key))
                  .order_by(Customer.name_key, Customer.id).limit(limit))
    if len(prefix) >= limit:
        return _rows(prefix)
    # No ORDER BY: the scan over the name index stops as soon as it has enough.
    inner = [i for i in _ids(Customer.select(Customer.id).where(_contains(rt, key))
                             .limit(limit + len(prefix))) if i not in prefix]
    rest = sorted(_rows(inner[: limit - len(prefix)]), key=lambda c: (name_key(c.name), c.id))
    return _rows(prefix) + rest


def search_customers(rt: Runtime, text: str, limit: int = 20) -> list[CustomerInfo]:
    """Customers matching a code, a phone (or its last digits) or part of a name (CJK too)."""
    text = text.strip()
    if not text or limit <= 0:
        return []
    by_code = find_by_code(text)
    if by_code is not None:
        return [] if by_code.forgotten else [by_code]
    if looks_like_phone(text):
        return _by_phone(rt, text, limit)
    key = name_key(text)
    return _by_name(rt, key, limit) if key else []


def attach_by_phone(rt: Runtime, basket_id: int, phone: str) -> CustomerInfo:
    """Attaches the customer with this phone number to an open basket (the till's shortcut)."""
    found = find_by_phone(rt, phone)
    if found is None:
        raise NotFound("no customer with phone {phone!r}", phone=phone.strip())
    return attach_to_basket(rt, basket_id, found.id)


def list_customers(
    rt: Runtime, *, consent: bool | None = None, since: dt.date | None = None, name: str = "",
    include_forgotten: bool = False, limit: int = 50,
) -> list[CustomerInfo]:
    """Customers, newest first, filtered by consent, registration date and part of the name."""
    query = with_creator()
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
