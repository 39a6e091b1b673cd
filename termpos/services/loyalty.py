"""Provides the loyalty ledger: points earned, redeemed and taken back, tied to sales.

Moves are immutable rows of ``loyalty_move``; a balance is their sum and never goes below
zero. earn_for_sale, redeem and reverse_for_refund are made to run INSIDE the sale engine's
completion transaction: they use write_transaction, which nests as a savepoint, so the
points commit with the sale or not at all. In training mode nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from termpos.core import loyalty as calc
from termpos.core.errors import NotFound, Refused
from termpos.models import Customer, LoyaltyMove, Sale, Tender
from termpos.services import journal
from termpos.services.rows import fk_id
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction

POINTS_TENDER = "points"


@dataclass(frozen=True)
class Move:
    """One line of a customer's points ledger."""

    id: int
    at: dt.datetime
    kind: str
    points: int
    sale_number: str | None


def balance(customer_id: int) -> int:
    """The customer's points: the sum of their moves (never negative by construction)."""
    total = LoyaltyMove.select(fn.SUM(LoyaltyMove.points)).where(
        LoyaltyMove.customer == customer_id).scalar()
    return int(total or 0)


def moves(customer_id: int, limit: int | None = None) -> list[Move]:
    """The customer's ledger, newest first."""
    query = (LoyaltyMove.select(LoyaltyMove, Sale.number).join(Sale, on=(
        LoyaltyMove.sale == Sale.id), join_type=JOIN.LEFT_OUTER)
        .where(LoyaltyMove.customer == customer_id).order_by(LoyaltyMove.id.desc()))
    if limit is not None:
        query = query.limit(limit)
    return [Move(m.id, m.created_at, m.kind, m.points,
                 m.sale.number if m.sale is not None else None) for m in query]


def _points_tendered(sale_id: int) -> int:
    total = Tender.select(fn.SUM(Tender.amount)).where(
        Tender.sale == sale_id, Tender.kind == POINTS_TENDER).scalar()
    return abs(int(total or 0))


def _sum_moves(sale_ids: list[int], kind: str, negative: bool | None = None) -> int:
    if not sale_ids:
        return 0
    query = LoyaltyMove.select(fn.SUM(LoyaltyMove.points)).where(
        LoyaltyMove.sale.in_(sale_ids), LoyaltyMove.kind == kind)
    if negative is not None:
        query = query.where(LoyaltyMove.points < 0 if negative else LoyaltyMove.points > 0)
    return int(query.scalar() or 0)


def _add(rt: Runtime, customer: Customer, sale: Sale | None, points: int, kind: str,
         actor: str) -> None:
    """Writes one move and its journal entry (inside the caller's transaction)."""
    LoyaltyMove.create(customer=customer.id, sale=sale.id if sale else None, points=points,
                       kind=kind, created_at=rt.clock.now())
    journal.append(rt, f"loyalty.{kind}", actor, {
        "customer": customer.code, "sale": sale.number if sale else None, "points": points,
    })


def _actor(sale: Sale) -> str:
    return str(sale.user.name)


def earn_for_sale(rt: Runtime, sale_id: int) -> int:
    """Credits the points a completed sale earned to its customer; returns them.

    Uses ``sale.points_earned`` when the engine set it (it is what the receipt shows), else
    ``core.loyalty.points_earned`` of the part not paid with points. Calling it twice for a
    sale credits once. A sale without a customer, or a refund, earns nothing.
    """
    with write_transaction(rt.db):
        sale = Sale.get_or_none(Sale.id == sale_id)
        if sale is None:
            raise NotFound("no sale with id {sale_id}", sale_id=sale_id)
        customer_id = fk_id(sale, "customer")
        if customer_id is None or sale.kind != "sale" or rt.training:
            return 0
        if LoyaltyMove.select().where(LoyaltyMove.sale == sale.id,
                                      LoyaltyMove.kind == "earn").exists():
            return _sum_moves([sale.id], "earn")
        points = int(sale.points_earned) or calc.points_earned(
            calc.eligible_amount(sale.total, _points_tendered(sale.id)),
            rt.settings.loyalty_spend_per_point)
        if points <= 0:
            return 0
        customer = Customer.get_by_id(customer_id)
        if customer.forgotten_at is not None:
            return 0
        _add(rt, customer, sale, points, "earn", _actor(sale))
    return points


def redeem(rt: Runtime, customer_id: int, points: int, sale_id: int | None) -> int:
    """Spends points as a tender; returns their value in minor units (the tender amount).

    Refuses more points than the balance, a non-positive number, or loyalty turned off.
    """
    value = rt.settings.loyalty_point_value
    with write_transaction(rt.db):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("no customer with id {customer_id}", customer_id=customer_id)
        if customer.forgotten_at is not None:
            raise Refused("customer {code} was forgotten", code=customer.code)
        calc.check_redeem(balance(customer_id), points, value)
        sale = Sale.get_or_none(Sale.id == sale_id) if sale_id is not None else None
        if sale_id is not None and sale is None:
            raise NotFound("no sale with id {sale_id}", sale_id=sale_id)
        if not rt.training:
            _add(rt, customer, sale, -points, "redeem", _actor(sale) if sale else "till")
    return calc.points_value(points, value)


def reverse_for_refund(rt: Runtime, refund_sale_id: int) -> int:
    """Applies a refund to the points of the original sale's customer; returns the net change.

    Takes back the refunded share of the points the original sale earned (all refunds of it
    together never more than it earned, never below a zero balance), and gives back points
    the refund returns as a ``points`` tender (never more than the original redeemed).
    Calling it twice for a refund changes nothing the second time.
    """
    with write_transaction(rt.db):
        refund = Sale.get_or_none(Sale.id == refund_sale_id)
        if refund is None:
            raise NotFound("no sale with id {refund_sale_id}", refund_sale_id=refund_sale_id)
        original_id = fk_id(refund, "original")
        if refund.kind != "refund" or original_id is None or rt.training:
            return 0
        if LoyaltyMove.select().where(LoyaltyMove.sale == refund.id).exists():
            return _sum_moves([refund.id], "refund")
        original = Sale.get_by_id(original_id)
        earn = LoyaltyMove.select().where(LoyaltyMove.sale == original.id).first()
        customer_id = fk_id(earn if earn is not None else original, "customer")
        if customer_id is None:
            return 0
        customer = Customer.get_by_id(customer_id)
        if customer.forgotten_at is not None:
            return 0
        refunds = list(Sale.select(Sale.id, Sale.total).where(
            Sale.original == original.id, Sale.kind == "refund", Sale.id <= refund.id))
        earlier = [r.id for r in refunds if r.id != refund.id]
        change = 0
        redeemed = -_sum_moves([original.id], "redeem")
        credit = min(_points_tendered(refund.id) // max(1, rt.settings.loyalty_point_value),
                     redeemed - _sum_moves(earlier, "refund", negative=False))
        if credit > 0:
            _add(rt, customer, refund, credit, "refund", _actor(refund))
            change += credit
        take = calc.refund_takeback(
            earned=_sum_moves([original.id], "earn"), sale_total=abs(original.total),
            refunded_so_far=sum(abs(r.total) for r in refunds),
            taken_so_far=-_sum_moves(earlier, "refund", negative=True),
            balance=balance(customer.id))
        if take > 0:
            _add(rt, customer, refund, -take, "refund", _actor(refund))
            change -= take
    return change


def adjust(rt: Runtime, customer_id: int, points: int, *, actor: str, reason: str) -> int:
    """A manual correction of a balance (journaled with its reason); never below zero."""
    if not reason.strip():
        raise Refused("a points adjustment needs a reason")
    with write_transaction(rt.db):
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound("no customer with id {customer_id}", customer_id=customer_id)
        held = balance(customer_id)
        if held + points < 0:
            raise Refused(
                "only {held} points available, cannot take {asked}",
                held=held, asked=-points,
            )
        if points:
            LoyaltyMove.create(customer=customer.id, sale=None, points=points, kind="adjust",
                               created_at=rt.clock.now())
            journal.append(rt, "loyalty.adjust", actor, {
                "customer": customer.code, "points": points, "reason": reason.strip()})
    return held + points
