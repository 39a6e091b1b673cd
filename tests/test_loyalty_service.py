"""The points ledger on SQLite and PostgreSQL: earn, redeem, refunds, never below zero."""

from __future__ import annotations

import dataclasses

import pytest

from termpos.core.errors import Refused
from termpos.models import Journal, LoyaltyMove
from termpos.services import customers, loyalty
from termpos.services.customer_history import history
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction
from tests import customerhelp


def _customer(rt: Runtime, phone: str = "+886912345678") -> int:
    return customers.create_customer(rt, "Ann", phone).id


def test_earn_once_per_sale_and_not_on_points_paid(rt: Runtime) -> None:
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 250)
    sale = customerhelp.sale(rt, cid, [(tea, 4)])  # 10.00 with 1 point per 1.00
    assert loyalty.earn_for_sale(rt, sale.id) == 10
    assert loyalty.earn_for_sale(rt, sale.id) == 10  # a second call credits nothing more
    assert loyalty.balance(cid) == 10
    part_points = customerhelp.sale(rt, cid, [(tea, 4)], tenders=[("points", 300), ("cash", 700)])
    assert loyalty.earn_for_sale(rt, part_points.id) == 7
    anonymous = customerhelp.sale(rt, None, [(tea, 4)])
    assert loyalty.earn_for_sale(rt, anonymous.id) == 0
    preset = customerhelp.sale(rt, cid, [(tea, 1)], points_earned=5)  # the engine's figure wins
    assert loyalty.earn_for_sale(rt, preset.id) == 5
    assert loyalty.balance(cid) == 22
    assert Journal.select().where(Journal.kind == "loyalty.earn").count() == 3


def test_redeem_never_below_zero(rt: Runtime) -> None:
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 1000)
    loyalty.earn_for_sale(rt, customerhelp.sale(rt, cid, [(tea, 1)]).id)  # 10 points
    sale = customerhelp.sale(rt, cid, [(tea, 1)])
    with pytest.raises(Refused, match="only 10 points"):
        loyalty.redeem(rt, cid, 11, sale.id)
    with pytest.raises(Refused):
        loyalty.redeem(rt, cid, 0, sale.id)
    assert loyalty.redeem(rt, cid, 10, sale.id) == 10  # worth 0.10 at 0.01 a point
    with pytest.raises(Refused, match="only 0 points"):
        loyalty.redeem(rt, cid, 1, sale.id)
    assert loyalty.balance(cid) == 0
    with pytest.raises(Refused, match="only 0 points"):
        loyalty.adjust(rt, cid, -1, actor="boss", reason="typo")
    assert loyalty.adjust(rt, cid, 5, actor="boss", reason="goodwill") == 5


def test_redeem_rolls_back_with_the_sale_transaction(rt: Runtime) -> None:
    """Called inside the engine's transaction, points go with the sale or not at all."""
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 1000)
    loyalty.earn_for_sale(rt, customerhelp.sale(rt, cid, [(tea, 1)]).id)
    sale = customerhelp.sale(rt, cid, [(tea, 1)])
    with pytest.raises(RuntimeError), write_transaction(rt.db):
        loyalty.redeem(rt, cid, 4, sale.id)
        raise RuntimeError("printer on fire before commit")
    assert loyalty.balance(cid) == 10


def test_refund_takes_back_what_the_refunded_part_earned(rt: Runtime) -> None:
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 250)
    cake = customerhelp.product(rt, "K", "Cake", 500)
    sale = customerhelp.sale(rt, cid, [(tea, 2), (cake, 1)])  # 10.00 -> 10 points
    loyalty.earn_for_sale(rt, sale.id)
    first = customerhelp.sale(rt, cid, [(cake, 1)], kind="refund", original=sale)
    assert loyalty.reverse_for_refund(rt, first.id) == -5
    assert loyalty.reverse_for_refund(rt, first.id) == -5  # idempotent
    assert loyalty.balance(cid) == 5
    second = customerhelp.sale(rt, cid, [(tea, 2)], kind="refund", original=sale)
    assert loyalty.reverse_for_refund(rt, second.id) == -5
    assert loyalty.balance(cid) == 0
    third = customerhelp.sale(rt, cid, [(tea, 1)], kind="refund", original=sale)  # over-refund
    assert loyalty.reverse_for_refund(rt, third.id) == 0
    taken = sum(m.points for m in LoyaltyMove.select().where(LoyaltyMove.kind == "refund"))
    assert taken == -10


def test_refund_after_points_were_spent_stops_at_zero(rt: Runtime) -> None:
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 1000)
    sale = customerhelp.sale(rt, cid, [(tea, 2)])  # 20 points
    loyalty.earn_for_sale(rt, sale.id)
    spend = customerhelp.sale(rt, cid, [(tea, 1)])
    loyalty.redeem(rt, cid, 15, spend.id)
    refund = customerhelp.sale(rt, cid, [(tea, 2)], kind="refund", original=sale)
    assert loyalty.reverse_for_refund(rt, refund.id) == -5
    assert loyalty.balance(cid) == 0


def test_refund_of_points_tender_gives_points_back(rt: Runtime) -> None:
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 1000)
    loyalty.earn_for_sale(rt, customerhelp.sale(rt, cid, [(tea, 1)]).id)  # 10
    sale = customerhelp.sale(rt, cid, [(tea, 1)], tenders=[("points", 10), ("cash", 990)])
    loyalty.redeem(rt, cid, 10, sale.id)
    assert loyalty.earn_for_sale(rt, sale.id) == 9
    refund = customerhelp.sale(rt, cid, [(tea, 1)], kind="refund", original=sale,
                           tenders=[("points", 10), ("cash", 990)])
    assert loyalty.reverse_for_refund(rt, refund.id) == 10 - 9
    assert loyalty.balance(cid) == 10
    h = history(cid)
    assert h.points == 10 and h.recent[0].points == 1


def test_history_and_habits_from_sales(rt: Runtime) -> None:
    cid = _customer(rt)
    other = _customer(rt, "+886912000000")
    tea = customerhelp.product(rt, "T", "Tea", 250, "Drinks")
    cake = customerhelp.product(rt, "K", "Cake", 500, "Bakery")
    first = customerhelp.sale(rt, cid, [(tea, 2), (cake, 1)])
    rt.clock.advance(86400 * 10)  # type: ignore[attr-defined]
    customerhelp.sale(rt, cid, [(tea, 1)])
    customerhelp.sale(rt, other, [(cake, 9)])
    rt.clock.advance(86400 * 10)  # type: ignore[attr-defined]
    last = customerhelp.sale(rt, cid, [(tea, 3)])
    customerhelp.sale(rt, cid, [(cake, 1)], kind="refund", original=first)
    h = history(cid)
    assert (h.visits, h.refunds, h.spend) == (3, 1, 1000 + 250 + 750 - 500)
    assert h.average_basket == 500 and h.days_between_visits() == 10
    assert h.last_purchase == last.created_at and h.first_purchase == first.created_at
    assert [(f.name, f.times, f.qty_milli) for f in h.products] == [
        ("Tea", 3, 6000), ("Cake", 1, 1000)]
    assert [f.name for f in h.categories] == ["Drinks", "Bakery"]
    assert [v.kind for v in h.recent][:2] == ["refund", "sale"]
    empty = history(_customer(rt, "+886955000000"))
    assert (empty.visits, empty.spend, empty.last_purchase, empty.products) == (0, 0, None, ())


def test_training_mode_moves_no_points(rt: Runtime) -> None:
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 1000)
    loyalty.earn_for_sale(rt, customerhelp.sale(rt, cid, [(tea, 1)]).id)
    rt.training = True
    sale = customerhelp.sale(rt, cid, [(tea, 1)])
    assert loyalty.earn_for_sale(rt, sale.id) == 0
    assert loyalty.redeem(rt, cid, 10, sale.id) == 10  # checked and valued, not written
    with pytest.raises(Refused):
        loyalty.redeem(rt, cid, 11, sale.id)
    assert loyalty.balance(cid) == 10 and LoyaltyMove.select().count() == 1


def test_loyalty_off_earns_nothing(rt: Runtime) -> None:
    rt.settings = dataclasses.replace(rt.settings, loyalty_spend_per_point=0)
    cid = _customer(rt)
    tea = customerhelp.product(rt, "T", "Tea", 1000)
    assert loyalty.earn_for_sale(rt, customerhelp.sale(rt, cid, [(tea, 5)]).id) == 0
    assert [m.kind for m in loyalty.moves(cid)] == []
