"""Properties of whole sales through the services: random baskets, modes, discounts, tenders.

Stored sales reconcile to the minor unit (lines, tax breakdown, totals, tenders, change);
refunds never exceed what was sold; on-hand stock always equals the sum of movements.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import fn

from termpos.core.errors import Refused
from termpos.core.pricing import AMOUNT, PERCENT, Discount
from termpos.core.tenders import TenderInput
from termpos.models import Product, Sale, SaleLine, SaleTax, StockMove, Tender
from termpos.services import basket, basket_edit, checkout, refunds
from termpos.services.audit import verify
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand_many
from tests.salehelp import Shop, make_shop

CODES = ["P1", "P2", "P3", "00050"]

discount_st = st.none() | st.builds(Discount, st.just(PERCENT), st.integers(0, 100_000)) | (
    st.builds(Discount, st.just(AMOUNT), st.integers(0, 3000)))
basket_st = st.fixed_dictionaries({
    "lines": st.lists(st.tuples(st.sampled_from(CODES + ["00001"]), st.integers(1, 5),
                                discount_st), min_size=1, max_size=6),
    "order": discount_st,
    "mode": st.sampled_from(["inclusive", "exclusive"]),
    "rounding": st.sampled_from(["line", "document"]),
    "step": st.sampled_from([1, 5, 100]),
    "pay": st.sampled_from(["cash", "card", "split", "other"]),
    "refunds": st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6),
                                  st.sampled_from(["original", "cash"])), max_size=4),
})


@pytest.fixture
def store(sqlite_rt: Runtime) -> Iterator[tuple[Runtime, Shop]]:
    yield sqlite_rt, make_shop(sqlite_rt)


def check_documents(rt: Runtime) -> None:
    for sale in Sale.select():
        lines = list(SaleLine.select().where(SaleLine.sale == sale.id))
        taxes = list(SaleTax.select().where(SaleTax.sale == sale.id))
        paid = sum(t.amount for t in Tender.select().where(Tender.sale == sale.id))
        amounts = sum(ln.amount for ln in lines)
        tax = sum(ln.tax for ln in lines)
        assert tax == sale.tax_total == sum(t.tax for t in taxes)
        extra = tax if sale.tax_mode == "exclusive" else 0
        assert amounts + extra + sale.rounding == sale.total
        nets = sum(t.net for t in taxes)
        assert nets + (tax if sale.tax_mode == "inclusive" else 0) == amounts
        assert paid - sale.change == sale.total and sale.change >= 0
        assert sale.subtotal - sale.discount_total == amounts
    sold = dict(SaleLine.select(SaleLine.original_line, fn.SUM(SaleLine.qty_milli))
                .where(SaleLine.original_line.is_null(False))
                .group_by(SaleLine.original_line).tuples())
    for line_id, returned in sold.items():
        original = SaleLine.get_by_id(line_id)
        assert 0 < -returned <= original.qty_milli
        back = SaleLine.select(fn.SUM(SaleLine.amount)).where(
            SaleLine.original_line == line_id).scalar()
        # a part of a line worth a few minor units can round to nothing; all of it refunds all
        assert 0 <= -back <= original.amount
        if -returned == original.qty_milli:
            assert -back == original.amount
    ids = [p.id for p in Product.select(Product.id)]
    moves = dict(StockMove.select(StockMove.product, fn.SUM(StockMove.qty_milli))
                 .group_by(StockMove.product).tuples())
    assert on_hand_many(ids) == {i: moves.get(i, 0) for i in ids}
    net_sold = dict(SaleLine.select(SaleLine.product, fn.SUM(SaleLine.qty_milli))
                    .where(SaleLine.product.is_null(False)).group_by(SaleLine.product).tuples())
    assert {i: -q for i, q in net_sold.items() if q} == {i: q for i, q in moves.items() if q}


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=basket_st)
def test_random_sales_reconcile(store: tuple[Runtime, Shop], case: dict) -> None:  # type: ignore[type-arg]
    rt, shop = store
    rt.settings = dataclasses.replace(rt.settings, tax_mode=case["mode"],
                                      tax_rounding=case["rounding"],
                                      cash_rounding_step=case["step"])
    cart = basket.open_basket(rt, shop.manager)
    for code, qty, disc in case["lines"]:
        line = basket.scan(rt, cart.id, code, qty * (137 if code == "00001" else 1000))
        if disc is not None:
            basket_edit.set_line_discount(rt, cart.id, line.id, disc, shop.manager, reason="t")
    if case["order"] is not None:
        basket_edit.set_order_discount(rt, cart.id, case["order"], shop.manager, reason="t")
    totals, _ = checkout.quote(rt, cart.id)
    due = totals.total
    pay = case["pay"]
    if due == 0 or pay == "cash":
        tenders = [TenderInput("cash", due + 1000)]
    elif pay == "split":
        tenders = [TenderInput("card", due // 2, "T"), TenderInput("cash", due)]
    else:
        tenders = [TenderInput(pay, due, "R1")]
    result = checkout.complete_sale(rt, cart.id, shop.manager, tenders)
    assert result.change >= 0 and result.settlement.paid - result.change == result.total
    receipt = result.receipt
    nets = sum(t.net for t in receipt.taxes)
    taxes = sum(t.tax for t in receipt.taxes)
    amounts = sum(ln.amount for ln in receipt.lines)
    assert nets + (taxes if case["mode"] == "inclusive" else 0) == amounts
    assert amounts + (taxes if case["mode"] == "exclusive" else 0) + receipt.rounding == (
        receipt.total)
    weighed = {ln.seq: ln.weighed for ln in refunds.lookup_sale(result.number).lines}
    for seq, qty, to in case["refunds"]:
        try:
            refunds.refund(rt, result.number, shop.manager,
                           {seq: qty * (137 if weighed.get(seq) else 1000)}, to=to)
        except Refused:
            pass  # more than is left, or a line that is not there: refused, nothing written
        except Exception as exc:  # NotFound for a line number beyond the sale
            assert "has no line" in str(exc)
    check_documents(rt)
    assert verify(rt).ok
