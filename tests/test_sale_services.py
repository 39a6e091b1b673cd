"""The basket and checkout services on SQLite and PostgreSQL: scan to receipt, durably."""

from __future__ import annotations

import json

import pytest

from termpos.core.barcodes import make_scale_label
from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.core.pricing import AMOUNT, PERCENT, Discount
from termpos.core.receipt import ReceiptData
from termpos.core.tenders import TenderInput
from termpos.models import (
    Basket,
    BasketLine,
    Journal,
    PrintJob,
    Sale,
    SaleLine,
    SaleTax,
    StockMove,
    Tender,
)
from termpos.services import audit, basket, basket_edit, checkout
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand
from tests.salehelp import BARCODE_SOAP, BARCODE_TEA, PINS, make_shop


def cash(amount: int) -> list[TenderInput]:
    return [TenderInput("cash", amount)]


def test_scan_paths_and_unknown_code(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    tea = basket.scan(rt, cart.id, BARCODE_TEA)
    by_code = basket.scan(rt, cart.id, "P3", 2000)
    bananas = basket.scan(rt, cart.id, make_scale_label("25", "00001", 750))
    cheese = basket.scan(rt, cart.id, make_scale_label("21", "00008", 1234))
    assert (tea.code, tea.qty_milli, tea.unit_price, tea.seq) == ("P1", 1000, 350, 1)
    assert (by_code.qty_milli, by_code.seq) == (2000, 2)
    assert (bananas.qty_milli, bananas.weighed, bananas.unit) == (750, True, "kg")
    assert (cheese.qty_milli, cheese.label_amount) == (650, 1234)  # weight from price
    before = basket.get_basket(rt, cart.id)
    with pytest.raises(NotFound, match="not found"):
        basket.scan(rt, cart.id, "4006381333931")
    with pytest.raises(NotFound, match="not found"):
        basket.scan(rt, cart.id, make_scale_label("25", "99999", 100))
    with pytest.raises(Refused, match="weighed"):
        basket.scan(rt, cart.id, "00001")
    with pytest.raises(Refused, match="whole number"):
        basket.scan(rt, cart.id, "P3", 1500)
    with pytest.raises(Refused, match="sold by the item"):
        basket.scan(rt, cart.id, make_scale_label("25", "00050", 10))
    assert basket.get_basket(rt, cart.id) == before
    marked = basket.scan(rt, cart.id, make_scale_label("22", "00050", 450))
    assert (marked.qty_milli, marked.unit_price) == (1000, 450)
    totals = basket.get_basket(rt, cart.id).totals(rt.settings)
    assert totals.total == 350 + 198 + 149 + 1234 + 450


def test_complete_sale_writes_everything_at_once(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, BARCODE_TEA, 2000)
    basket.scan(rt, cart.id, BARCODE_SOAP)
    basket.add_open_price(rt, cart.id, "Flowers", 500, "A")
    journal_before = Journal.select().count()
    result = checkout.complete_sale(rt, cart.id, shop.cashier, cash(5000))
    assert result.number == "T1-000001"
    assert result.total == 700 + 1234 + 500 and result.change == 5000 - result.total
    sale = Sale.get(Sale.number == "T1-000001")
    assert (sale.total, sale.change, sale.kind) == (result.total, result.change, "sale")
    assert SaleLine.select().where(SaleLine.sale == sale.id).count() == 3
    assert sum(t.tax for t in SaleTax.select().where(SaleTax.sale == sale.id)) == sale.tax_total
    assert [t.amount for t in Tender.select().where(Tender.sale == sale.id)] == [5000]
    moves = list(StockMove.select().where(StockMove.document == "T1-000001"))
    assert sorted(m.qty_milli for m in moves) == [-2000, -1000]  # no move for the open price
    assert Journal.select().count() == journal_before + 1
    job = PrintJob.get(PrintJob.sale == sale.id)
    receipt = ReceiptData.from_json(job.payload)
    # kept for a reprint; not queued: this till has no printer (tests/test_print_tills.py)
    assert (job.kind, job.status, job.till, receipt.number, receipt.total) == (
        "receipt", "skipped", "T1", "T1-000001", result.total)
    assert not receipt.training
    assert Basket.get_by_id(cart.id).status == "done"
    with pytest.raises(Refused, match="not open"):
        basket.scan(rt, cart.id, "P3")  # a completed basket takes no more lines
    second = basket.open_basket(rt, shop.cashier)
    assert second.id != cart.id and not second.lines
    basket.scan(rt, second.id, "P3")
    assert checkout.complete_sale(rt, second.id, shop.cashier, cash(99)).number == "T1-000002"
    assert audit.verify(rt).ok


def test_refusals_write_nothing(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    with pytest.raises(Refused, match="empty"):
        checkout.complete_sale(rt, cart.id, shop.cashier, cash(100))
    basket.scan(rt, cart.id, BARCODE_SOAP)
    counts = (Sale.select().count(), Journal.select().count(), StockMove.select().count())
    with pytest.raises(Refused, match="not paid in full: 2.34"):
        checkout.complete_sale(rt, cart.id, shop.cashier,
                               [TenderInput("card", 1000, "R1")])
    with pytest.raises(Refused, match="card number"):
        checkout.complete_sale(rt, cart.id, shop.cashier,
                               [TenderInput("card", 1234, "4111111111111111")])
    assert (Sale.select().count(), Journal.select().count(), StockMove.select().count()) == counts
    assert Basket.get_by_id(cart.id).status == "open"


def test_no_open_shift_says_how_to_open_one(rt: Runtime) -> None:
    shop = make_shop(rt, shift=False)
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, "P3")
    with pytest.raises(Refused, match="termpos shift open"):
        checkout.complete_sale(rt, cart.id, shop.cashier, cash(99))
    assert Sale.select().count() == 0


def test_open_basket_survives_a_restart(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, BARCODE_TEA)
    basket.scan(rt, cart.id, "P3", 3000)
    recovered = basket.current_basket(rt)
    assert recovered is not None and recovered.id == cart.id
    assert [(ln.code, ln.qty_milli) for ln in recovered.lines] == [("P1", 1000), ("P3", 3000)]
    assert basket.open_basket(rt, shop.supervisor).id == cart.id


def test_quantity_void_and_cancel_permissions(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    tea = basket.scan(rt, cart.id, BARCODE_TEA)
    soap = basket.scan(rt, cart.id, BARCODE_SOAP)
    assert basket.set_quantity(rt, cart.id, tea.id, 4000).qty_milli == 4000
    basket.void_line(rt, cart.id, tea.id, shop.cashier)  # before the subtotal: allowed
    with pytest.raises(PermissionDenied):
        basket.void_line(rt, cart.id, soap.id, shop.cashier, after_subtotal=True)
    after = basket.void_line(rt, cart.id, soap.id, shop.cashier, after_subtotal=True,
                             approver=("super", PINS["super"]), reason="customer changed mind")
    assert all(ln.voided for ln in after.lines) and after.totals(rt.settings).total == 0
    voids = [json.loads(j.payload) for j in Journal.select().where(Journal.kind == "line.void")]
    assert [v["approver"] for v in voids] == ["", "super"]
    basket.scan(rt, cart.id, "P3")
    with pytest.raises(PermissionDenied):
        basket.cancel_basket(rt, cart.id, shop.cashier)
    basket.cancel_basket(rt, cart.id, shop.cashier, approver=("super", PINS["super"]),
                         reason="walked out")
    assert Basket.get_by_id(cart.id).status == "cancelled"
    assert Journal.select().where(Journal.kind == "basket.cancel").count() == 1


def test_discounts_and_price_override_record_who_and_why(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    soap = basket.scan(rt, cart.id, BARCODE_SOAP)
    with pytest.raises(Refused, match="reason"):
        basket_edit.set_line_discount(rt, cart.id, soap.id, Discount(PERCENT, 5000),
                                      shop.cashier)
    line = basket_edit.set_line_discount(rt, cart.id, soap.id, Discount(PERCENT, 10_000),
                                         shop.cashier, reason="dented")
    assert line.discount == Discount(PERCENT, 10_000) and line.discount_reason == "dented"
    with pytest.raises(PermissionDenied):
        basket_edit.set_line_discount(rt, cart.id, soap.id, Discount(AMOUNT, 200),
                                      shop.cashier, reason="more dents")
    with pytest.raises(PermissionDenied):
        basket_edit.override_price(rt, cart.id, soap.id, 999, shop.cashier, reason="match")
    line = basket_edit.override_price(rt, cart.id, soap.id, 1000, shop.cashier,
                                      reason="price match", approver=("manager", "2468"))
    assert (line.unit_price, line.original_price) == (1000, 1234)
    row = BasketLine.get_by_id(soap.id)
    assert row.price_override_by_id == shop.manager.id and row.discount_by_id == shop.cashier.id
    c = basket_edit.set_order_discount(rt, cart.id, Discount(AMOUNT, 50), shop.cashier,
                                       reason="regular")
    assert c.totals(rt.settings).total == 1000 - 100 - 50
    kinds = [j.kind for j in Journal.select().order_by(Journal.id)]
    assert {"discount.line", "price.override", "override", "discount.order"} <= set(kinds)


def test_customer_attach_and_sale_history(rt: Runtime) -> None:
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    for query in ("0700123456", "C1", "lovelace"):
        assert basket_edit.attach_customer(rt, cart.id, query).code == "C1"
    with pytest.raises(NotFound):
        basket_edit.attach_customer(rt, cart.id, "nobody")
    basket.scan(rt, cart.id, "P3")
    result = checkout.complete_sale(rt, cart.id, shop.cashier, cash(100))
    sale = Sale.get_by_id(result.sale_id)
    assert sale.customer_id is not None and result.receipt.customer == "Ada Lovelace"


def test_park_list_and_recall(rt: Runtime) -> None:
    shop = make_shop(rt)
    first = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, first.id, BARCODE_SOAP)
    basket.park(rt, first.id)
    second = basket.open_basket(rt, shop.supervisor)
    assert second.id != first.id
    parked = basket.list_parked(rt)
    assert [(p.id, p.cashier, p.total, p.lines) for p in parked] == [
        (first.id, "cashier", 1234, 1)]
    basket.scan(rt, second.id, "P3")
    with pytest.raises(Refused, match="open basket first"):
        basket.recall(rt, first.id, shop.cashier)
    basket.park(rt, second.id)
    recalled = basket.recall(rt, first.id, shop.cashier)
    assert recalled.status == "open" and recalled.lines[0].code == "P2"
    assert [p.id for p in basket.list_parked(rt)] == [second.id]
    with pytest.raises(Refused, match="empty"):
        basket.park(rt, basket.start_basket(rt, shop.cashier).id)


def test_refunds_by_receipt(rt: Runtime) -> None:
    from termpos.services import refunds

    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, BARCODE_TEA, 3000)
    basket.scan(rt, cart.id, BARCODE_SOAP)
    sold = checkout.complete_sale(rt, cart.id, shop.cashier,
                                  [TenderInput("card", 1500, "AUTH1"), TenderInput("cash", 2000)])
    tea_id = basket.get_basket(rt, cart.id).lines[0].product_id or 0
    assert on_hand(tea_id) == -3000
    with pytest.raises(PermissionDenied):
        refunds.refund(rt, sold.number, shop.cashier, {1: 1000})
    first = refunds.refund(rt, sold.number, shop.supervisor, {1: 1000})
    assert first.number == "T1-000002" and first.receipt.original_number == sold.number
    assert first.receipt.total == -350
    assert [(t.kind, t.amount, t.reference) for t in first.receipt.tenders] == [
        ("card", -350, "AUTH1")]
    assert on_hand(tea_id) == -2000
    with pytest.raises(Refused, match="only 2 left"):
        refunds.refund(rt, sold.number, shop.supervisor, {1: 3000})
    rest = refunds.refund(rt, sold.number, shop.supervisor, to="original")
    assert rest.receipt.total == -(700 + 1234)
    card_back = sum(t.amount for t in rest.receipt.tenders if t.kind == "card")
    assert card_back == -(1500 - 350)  # never more back to the card than it paid
    with pytest.raises(Refused, match="nothing left"):
        refunds.refund(rt, sold.number, shop.supervisor)
    with pytest.raises(Refused, match="only sales"):
        refunds.refund(rt, first.number, shop.supervisor)
    summary = refunds.lookup_sale(sold.number)
    assert all(ln.qty_left == 0 for ln in summary.lines)
    assert on_hand(tea_id) == 0
    total_refunded = sum(int(s.total) for s in Sale.select().where(Sale.kind == "refund"))
    assert total_refunded == -sold.total
    with pytest.raises(NotFound):
        refunds.lookup_sale("T9-000001")
    assert audit.verify(rt).ok


def test_refund_without_receipt_is_a_separate_permission(rt: Runtime) -> None:
    from termpos.services import refunds

    shop = make_shop(rt)
    with pytest.raises(PermissionDenied):
        refunds.refund_without_receipt(rt, shop.supervisor, [("P2", 1000)], reason="gift")
    done = refunds.refund_without_receipt(rt, shop.supervisor, [("P2", 1000)], reason="gift",
                                          approver=("manager", PINS["manager"]))
    assert done.receipt.kind == "refund" and done.receipt.total == -1234
    assert done.receipt.tenders[0].kind == "cash"
    assert audit.verify(rt).ok


def test_selling_needs_the_sell_permission(rt: Runtime) -> None:
    import dataclasses

    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, "P3")
    perms = dict(rt.settings.permissions, cashier=frozenset())
    rt.settings = dataclasses.replace(rt.settings, permissions=perms)
    with pytest.raises(PermissionDenied, match="may not sell"):
        checkout.complete_sale(rt, cart.id, shop.cashier, cash(99))
    assert Sale.select().count() == 0


def test_exclusive_tax_and_cash_rounding_end_to_end(rt: Runtime) -> None:
    import dataclasses

    rt.settings = dataclasses.replace(rt.settings, tax_mode="exclusive", cash_rounding_step=5)
    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, BARCODE_SOAP)  # 12.34 net, class A 20% -> 2.47 tax
    basket.scan(rt, cart.id, BARCODE_TEA, 3000)  # 10.50 net, class B 5% -> 0.53 tax
    weighed = basket.scan(rt, cart.id, make_scale_label("21", "00008", 1234))
    assert basket.set_quantity(rt, cart.id, weighed.id, 500).label_amount is None
    # 0.5 kg x 18.99 = 9.50 (9.495 half-up), 5% -> 0.48 tax
    card = checkout.quote(rt, cart.id, [TenderInput("card", 100, "X")])[1]
    assert card.total == 1234 + 247 + 1050 + 53 + 950 + 48 == 3582 and card.rounding == 0
    result = checkout.complete_sale(rt, cart.id, shop.cashier, cash(4000))
    assert result.settlement.rounding == -2 and result.total == 3580 and result.change == 420
    sale = Sale.get_by_id(result.sale_id)
    assert (sale.rounding, sale.total, sale.tax_total) == (-2, 3580, 348)
    taxes = {t.tax_class: (t.net, t.tax) for t in SaleTax.select().where(
        SaleTax.sale == sale.id)}
    assert taxes == {"A": (1234, 247), "B": (2000, 101)}


def test_a_wrong_approver_pin_stays_counted(rt: Runtime) -> None:
    from termpos.models import User
    from termpos.services import refunds

    shop = make_shop(rt)
    cart = basket.open_basket(rt, shop.cashier)
    line = basket.scan(rt, cart.id, "P3")
    with pytest.raises(Refused, match="wrong PIN"):
        basket.void_line(rt, cart.id, line.id, shop.cashier, after_subtotal=True,
                         approver=("super", "0000"), reason="x")
    with pytest.raises(Refused, match="wrong PIN"):
        refunds.refund_without_receipt(rt, shop.cashier, [("P3", 1000)], reason="x",
                                       approver=("manager", "0000"))
    assert User.get(User.name == "super").failed_attempts == 1
    assert User.get(User.name == "manager").failed_attempts == 1
    assert Journal.select().where(Journal.kind == "login.failed").count() == 2
    assert not basket.get_basket(rt, cart.id).lines[0].voided
