"""Provides a person's privacy rights: export everything held about them, and forget them.

Forgetting anonymises the customer row (name, phone, email, birthday and notes cleared,
consent off) and forfeits their points, while their sales stay as they are for the books:
sales point at the anonymised row. Journal entries only ever name the customer code.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from termpos.core.customer import CustomerInfo
from termpos.core.errors import Refused
from termpos.models import Customer, Journal, LoyaltyMove, Sale, SaleLine
from termpos.services import journal, staff
from termpos.services.customer_history import history
from termpos.services.customer_search import lookup
from termpos.services.customers import to_info
from termpos.services.loyalty import balance, moves
from termpos.services.rows import fk_id
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

FORGOTTEN_NAME = "(forgotten)"


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else (
        value.isoformat() if value is not None else None)


def _record(info: CustomerInfo) -> dict[str, Any]:
    return {
        "code": info.code, "name": info.name, "phone": info.phone, "email": info.email,
        "birthday": _when(info.birthday), "notes": info.notes, "consent": info.consent,
        "consent_at": _when(info.consent_at), "created_by": info.created_by,
        "source": info.source, "created_at": _when(info.created_at),
        "forgotten_at": _when(info.forgotten_at),
    }


def _sales(customer_id: int) -> list[dict[str, Any]]:
    sales = list(Sale.select().where(Sale.customer == customer_id).order_by(Sale.id))
    lines: dict[int, list[dict[str, Any]]] = {s.id: [] for s in sales}
    if sales:
        for line in SaleLine.select().where(SaleLine.sale.in_(list(lines))).order_by(
                SaleLine.sale, SaleLine.seq):
            lines[int(fk_id(line, "sale") or 0)].append({
                "code": line.code, "name": line.name, "qty_milli": line.qty_milli,
                "unit_price": line.unit_price, "discount": line.discount,
                "amount": line.amount,
            })
    return [{"number": s.number, "kind": s.kind, "at": _when(s.created_at), "till": s.till,
             "total": s.total, "points_earned": s.points_earned, "lines": lines[s.id]}
            for s in sales]


def _journal(code: str) -> list[dict[str, Any]]:
    """Journal entries about the customer: those whose payload names their code."""
    needle = json.dumps({"customer": code})[1:-1]  # '"customer": "C..."', as append() writes
    rows = Journal.select().where(Journal.payload.contains(needle)).order_by(Journal.id)
    return [{"seq": j.id, "at": _when(j.created_at), "kind": j.kind, "actor": j.actor,
             "data": json.loads(j.payload)} for j in rows]


def export(rt: Runtime, key: str, *, actor: str) -> dict[str, Any]:
    """Everything held about one person (PHONE or CODE) as JSON-ready data; journaled."""
    with write_transaction(rt.db):
        info = lookup(rt, key)
        habits = history(info.id)
        data = {
            "exported_at": _when(rt.clock.now()),
            "store": rt.settings.store_name,
            "customer": _record(info),
            "summary": {"visits": habits.visits, "refunds": habits.refunds,
                        "spend": habits.spend, "average_basket": habits.average_basket,
                        "last_purchase": _when(habits.last_purchase),
                        "points": habits.points},
            "sales": _sales(info.id),
            "loyalty_moves": [
                {"at": _when(m.at), "kind": m.kind, "points": m.points, "sale": m.sale_number}
                for m in reversed(moves(info.id))],
            "journal": _journal(info.code),
        }
        journal.append(rt, "customer.export", actor, {"customer": info.code})
    return data


def forget(rt: Runtime, key: str, user: UserInfo) -> CustomerInfo:
    """Anonymises one person (PHONE or CODE); needs back_office. Their sales stay unchanged."""
    staff.authorize(rt, user, "back_office")
    with write_transaction(rt.db):
        info = lookup(rt, key)
        if info.forgotten:
            raise Refused(
                "customer {code} was already forgotten on {forgotten_at}",
                code=info.code, forgotten_at=(_when(info.forgotten_at) or "")[:16],
            )
        points = balance(info.id)
        now = rt.clock.now()
        if points > 0:
            LoyaltyMove.create(customer=info.id, sale=None, points=-points, kind="adjust",
                               created_at=now)
        Customer.update(
            name=FORGOTTEN_NAME, name_key="", phone=None, email="", birthday=None, notes="",
            consent=False, consent_at=None, forgotten_at=now,
        ).where(Customer.id == info.id).execute()
        journal.append(rt, "customer.forget", user.name,
                       {"customer": info.code, "points_forfeited": points})
        row = Customer.get_by_id(info.id)
    return to_info(row)
