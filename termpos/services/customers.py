"""Provides customer records: create with duplicate checks, look up, search, update, consent.

Journal entries name a customer by code only, never by name, phone or email, so that
forgetting a person (services.privacy) leaves nothing personal in the append-only journal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import JOIN

from termpos.core.customer import (
    CustomerFieldError,
    CustomerInfo,
    DuplicateCustomer,
    clean_email,
    clean_name,
    make_code,
    name_key,
)
from termpos.core.errors import NotFound, Refused
from termpos.core.phone import normalise_phone
from termpos.models import Basket, Counter, Customer, Product, User
from termpos.services import journal
from termpos.services.rows import fk_id
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

SOURCES: tuple[str, ...] = ("till", "kiosk", "import", "cli")
_COUNTER = "customer_code"


def to_info(row: Customer) -> CustomerInfo:
    """Converts a row to a CustomerInfo."""
    # Loads the user only when the query did not join it (with_creator joins it).
    creator: User | None = row.created_by if fk_id(row, "created_by") is not None else None
    return CustomerInfo(
        id=row.id, code=row.code, name=row.name, phone=row.phone, email=row.email,
        birthday=row.birthday, notes=row.notes, consent=bool(row.consent),
        consent_at=row.consent_at, created_by=creator.name if creator else None,
        source=row.source, created_at=row.created_at, forgotten_at=row.forgotten_at,
    )


def with_creator() -> Any:
    """A customer query that brings the creating user's name along (no query per row)."""
    return Customer.select(Customer, User.id, User.name).join(User, JOIN.LEFT_OUTER)


def phone_of(rt: Runtime, text: str) -> str:
    """Normalises a phone number with the store's country code (PhoneError if invalid)."""
    return normalise_phone(text, rt.settings.customer_country_code)


def next_code() -> str:
    """Allocates the next free customer code (not a product's code); use in write_transaction."""
    counter = Counter.get_or_none(Counter.name == _COUNTER)
    if counter is None:
        counter = Counter.create(name=_COUNTER, value=0)
    number = int(counter.value)
    while True:
        number += 1
        code = make_code(number)
        taken = (Customer.select().where(Customer.code == code).exists()
                 or Product.select().where((Product.code == code) | (Product.barcode == code))
                 .exists())  # a scan must never be both a product and a card
        if not taken:
            break
    Counter.update(value=number).where(Counter.name == _COUNTER).execute()
    return code


def find_duplicate(
    phone: str | None, email: str, name: str, birthday: dt.date | None,
    exclude_id: int | None = None,
) -> DuplicateCustomer | None:
    """Names the existing customer a new record would duplicate, or None.

    Checked in this order: same normalised phone, same email, same name and birthday.
    """
    base = Customer.select(Customer.id, Customer.code).where(Customer.forgotten_at.is_null())
    if exclude_id is not None:
        base = base.where(Customer.id != exclude_id)
    if phone:
        row = base.where(Customer.phone == phone).first()
        if row is not None:
            return DuplicateCustomer(
                "phone {phone} is already registered to customer {customer}",
                "phone", row.code, phone=phone, customer=row.code,
            )
    if email:
        row = base.where(Customer.email == email).first()
        if row is not None:
            return DuplicateCustomer(
                "email {email} is already registered to customer {customer}",
                "email", row.code, email=email, customer=row.code,
            )
    if birthday is not None:
        row = base.where(Customer.name_key == name_key(name),
                         Customer.birthday == birthday).first()
        if row is not None:
            return DuplicateCustomer(
                "the same name and birthday {birthday} are already customer {customer}",
                "name+birthday", row.code, birthday=birthday.isoformat(), customer=row.code)
    return None


def create_customer(
    rt: Runtime, name: str, phone: str | None, *, email: str = "",
    birthday: dt.date | None = None, notes: str = "", consent: bool = False,
    source: str = "till", user: UserInfo | None = None, actor: str = "",
    allow_similar: bool = False,
) -> CustomerInfo:
    """Creates a customer; refuses invalid details and duplicates (DuplicateCustomer).

    A phone number already registered is always refused; the same email, or the same name
    with the same birthday, is refused unless ``allow_similar`` (staff confirmed two people).
    """
    if source not in SOURCES:
        raise Refused("unknown customer source {source!r}", source=source)
    clean = clean_name(name)
    stored_phone = phone_of(rt, phone) if phone and phone.strip() else None
    stored_email = clean_email(email)
    now = rt.clock.now()
    if birthday is not None and birthday > now.date():
        raise CustomerFieldError("birthday: not a plausible birthday")
    with write_transaction(rt.db):
        dup = find_duplicate(stored_phone, stored_email, clean, birthday)
        if dup is not None and (dup.field == "phone" or not allow_similar):
            raise dup
        row = Customer.create(
            code=next_code(), name=clean, name_key=name_key(clean), phone=stored_phone,
            email=stored_email, birthday=birthday, notes=notes.strip(), consent=consent,
            consent_at=now if consent else None, created_by=user.id if user else None,
            source=source, created_at=now,
        )
        journal.append(rt, "customer.add", actor or (user.name if user else source), {
            "customer": row.code, "source": source, "consent": consent,
        })
    return to_info(row)


def get_customer(customer_id: int) -> CustomerInfo:
    """Returns one customer by id."""
    row = Customer.get_or_none(Customer.id == customer_id)
    if row is None:
        raise NotFound("no customer with id {customer_id}", customer_id=customer_id)
    return to_info(row)


def update_customer(
    rt: Runtime, customer_id: int, *, actor: str, name: str | None = None,
    phone: str | None = None, email: str | None = None, birthday: dt.date | None = None,
    clear_birthday: bool = False, notes: str | None = None,
) -> CustomerInfo:
    """Changes the given details; a phone or email of another customer is refused."""
    with write_transaction(rt.db):
        row = Customer.get_or_none(Customer.id == customer_id)
        if row is None:
            raise NotFound("no customer with id {customer_id}", customer_id=customer_id)
        if row.forgotten_at is not None:
            raise Refused("customer {code} was forgotten and cannot be changed", code=row.code)
        changed: list[str] = []
        if name is not None:
            row.name = clean_name(name)
            row.name_key = name_key(row.name)
            changed.append("name")
        if phone is not None:
            row.phone = phone_of(rt, phone) if phone.strip() else None
            changed.append("phone")
        if email is not None:
            row.email = clean_email(email)
            changed.append("email")
        if birthday is not None or clear_birthday:
            row.birthday = None if clear_birthday else birthday
            changed.append("birthday")
        if notes is not None:
            row.notes = notes.strip()
            changed.append("notes")
        dup = find_duplicate(row.phone if "phone" in changed else None,
                             row.email if "email" in changed else "", row.name, None,
                             exclude_id=row.id)
        if dup is not None:
            raise dup
        row.save()
        journal.append(rt, "customer.update", actor, {"customer": row.code, "fields": changed})
    return to_info(row)


def set_consent(rt: Runtime, customer_id: int, consent: bool, *, actor: str) -> CustomerInfo:
    """Records a consent decision and its time (also when consent is withdrawn)."""
    with write_transaction(rt.db):
        row = Customer.get_or_none(Customer.id == customer_id)
        if row is None:
            raise NotFound("no customer with id {customer_id}", customer_id=customer_id)
        if row.forgotten_at is not None:
            raise Refused("customer {code} was forgotten and cannot be changed", code=row.code)
        row.consent = consent
        row.consent_at = rt.clock.now()
        row.save()
        journal.append(rt, "customer.consent", actor, {"customer": row.code, "consent": consent})
    return to_info(row)


def attach_to_basket(rt: Runtime, basket_id: int, customer_id: int) -> CustomerInfo:
    """Sets the customer of an open basket; a forgotten customer cannot be attached."""
    with write_transaction(rt.db):
        basket = Basket.get_or_none(Basket.id == basket_id)
        if basket is None or basket.status not in ("open", "parked"):
            raise Refused("basket {basket_id} is not open", basket_id=basket_id)
        info = get_customer(customer_id)
        if info.forgotten:
            raise Refused("customer {code} was forgotten", code=info.code)
        Basket.update(customer=customer_id, updated_at=rt.clock.now()).where(
            Basket.id == basket_id).execute()
    return info

