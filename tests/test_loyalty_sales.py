"""Points at checkout and on refunds, through the real sale engine, on SQLite and PostgreSQL.

1 point per 1.00 spent (100 minor units), a point pays 0.01 (the default settings).
"""

from __future__ import annotations

import json
import threading

import pytest

from termpos.core.errors import Refused
from termpos.core.loyalty import points_tender
from termpos.core.receipt import ReceiptData
from termpos.core.tenders import TenderInput
from termpos.models import Basket, Counter, Journal, LoyaltyMove, PrintJob, Sale, Tender
from termpos.services import audit, basket, basket_edit, checkout, loyalty, refunds
from termpos.services.runtime import Runtime
from tests.salehelp import BARCODE_SOAP, Shop, make_shop

SOAP = 1234  # P2, tax included


def _cart(rt: Runtime, shop: Shop, soaps: int = 1, customer: str | None = "C1") -> int:
    cart = basket.start_basket(rt, shop.cashier)
    basket.scan(rt, cart.id, BARCODE_SOAP, 1000 * soaps)
    if customer:
        basket_edit.attach_customer(rt, cart.id, customer)
    return cart.id


def _sale(rt: Runtime, shop: Shop, tenders: list[TenderInput], soaps: int = 1,
          customer: str | None = "C1") -> checkout.SaleResult:
    return checkout.complete_sale(rt, _cart(rt, shop, soaps, customer), shop.cashier, tenders)


def _cid() -> int:
    return int(basket_edit.find_customer("C1").id)


def _printed(sale_id: int) -> ReceiptData:
    return ReceiptData.from_json(PrintJob.get(PrintJob.sale == sale_id).payload)


def _nothing_written() -> tuple[int, int, int, int]:
    return (Sale.select().count(), Journal.select().count(), LoyaltyMove.select().count(),
            Counter.select().count())


def test_sale_with_customer_earns_on_the_row_ledger_and_receipt(rt: Runtime) -> None:
    shop = make_shop(rt)
    result = _sale(rt, shop, [TenderInput("cash", 3000)], soaps=2)  # 24.68 -> 24 points
    sale = Sale.get_by_id(result.sale_id)
    assert sale.points_earned == 24
    move = LoyaltyMove.get(LoyaltyMove.sale == sale.id)
    assert (move.kind, move.points, move.customer_id) == ("earn", 24, _cid())
    assert loyalty.balance(_cid()) == 24
    assert (result.receipt.points_earned, result.receipt.points_balance) == (24, 24)
    assert _printed(sale.id).points_balance == 24
    anonymous = _sale(rt, shop, [TenderInput("cash", 2000)], customer=None)
    assert Sale.get_by_id(anonymous.sale_id).points_earned == 0
    assert anonymous.receipt.points_balance is None
    assert LoyaltyMove.select().count() == 1
    assert audit.verify(rt).ok


def test_points_tender_redeems_inside_the_sale(rt: Runtime) -> None:
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 500, actor="manager", reason="welcome")
    result = _sale(rt, shop, [points_tender(300, 1), TenderInput("cash", 1000)])
    assert result.change == 1000 + 300 - SOAP
    sale = Sale.get_by_id(result.sale_id)
    assert sale.points_earned == (SOAP - 300) // 100 == 9  # points-paid part earns nothing
    tender = Tender.get((Tender.sale == sale.id) & (Tender.kind == "points"))
    assert (tender.amount, tender.reference) == (300, "300")
    moves = {m.kind: m.points for m in LoyaltyMove.select().where(LoyaltyMove.sale == sale.id)}
    assert moves == {"redeem": -300, "earn": 9}
    assert loyalty.balance(_cid()) == 500 - 300 + 9
    assert (result.receipt.points_earned, result.receipt.points_balance) == (9, 209)
    assert [t.kind for t in result.receipt.tenders] == ["points", "cash"]
    assert audit.verify(rt).ok


def test_points_can_pay_the_whole_sale(rt: Runtime) -> None:
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), SOAP, actor="manager", reason="welcome")
    result = _sale(rt, shop, [points_tender(SOAP, 1)])
    assert (result.change, Sale.get_by_id(result.sale_id).points_earned) == (0, 0)
    assert loyalty.balance(_cid()) == 0


@pytest.mark.parametrize(("tenders", "customer", "message"), [
    ([points_tender(101, 1), TenderInput("cash", 2000)], "C1", "only 100 points available"),
    ([points_tender(50, 1), TenderInput("cash", 2000)], None, "attach the customer"),
    ([TenderInput("points", 50, "40"), TenderInput("cash", 2000)], "C1", "worth 40, not 50"),
    ([TenderInput("points", 50, "many"), TenderInput("cash", 2000)], "C1", "whole number"),
    ([points_tender(2000, 1)], "C1", "cannot exceed the amount due"),
])
def test_refused_points_write_nothing(rt: Runtime, tenders: list[TenderInput],
                                      customer: str | None, message: str) -> None:
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 100, actor="manager", reason="welcome")
    cart = _cart(rt, shop, customer=customer)
    before = _nothing_written()
    with pytest.raises(Refused, match=message):
        checkout.complete_sale(rt, cart, shop.cashier, tenders)
    assert _nothing_written() == before
    assert loyalty.balance(_cid()) == 100
    assert Basket.select().where(Basket.status == "open").count() == 1  # still there to pay


def test_refusal_at_redeem_rolls_the_whole_sale_back(rt: Runtime,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when only the ledger refuses (after the sale row is written), nothing stays."""
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 100, actor="manager", reason="welcome")
    monkeypatch.setattr(checkout, "check_points", lambda *args: 0)  # skip the early check
    monkeypatch.setattr("termpos.services.sale_loyalty.check_points", lambda rt, c, t: 150)
    cart = _cart(rt, shop)
    before = _nothing_written()
    with pytest.raises(Refused, match="only 100 points"):
        checkout.complete_sale(rt, cart, shop.cashier,
                               [points_tender(150, 1), TenderInput("cash", 2000)])
    assert _nothing_written() == before
    assert not PrintJob.select().exists() and loyalty.balance(_cid()) == 100


def test_two_tills_spending_the_same_points_at_once(rt: Runtime) -> None:
    """Two sales racing for one balance: one is paid, the other refused, never below zero."""
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 400, actor="manager", reason="welcome")
    carts = [_cart(rt, shop) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def pay(cart_id: int) -> None:
        start.wait()
        try:
            checkout.complete_sale(rt, cart_id, shop.cashier,
                                   [points_tender(300, 1), TenderInput("cash", 1000)])
            outcomes.append("paid")
        except Refused as exc:
            outcomes.append(str(exc))
        finally:
            rt.db.close()

    threads = [threading.Thread(target=pay, args=(c,)) for c in carts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["only 109 points available, 300 asked", "paid"]
    assert Sale.select().count() == 1
    assert loyalty.balance(_cid()) == 400 - 300 + 9
    assert min(m.points for m in LoyaltyMove.select()) == -300


def test_full_refund_takes_back_all_earned_points(rt: Runtime) -> None:
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 5, actor="manager", reason="welcome")
    sale = _sale(rt, shop, [TenderInput("cash", 3000)], soaps=2)
    assert loyalty.balance(_cid()) == 5 + 24
    done = refunds.refund(rt, sale.number, shop.manager, reason="faulty")
    assert (done.receipt.points_earned, done.receipt.points_balance) == (-24, 5)
    moves = [m.points for m in LoyaltyMove.select().where(LoyaltyMove.sale == done.sale_id)]
    assert moves == [-24]
    assert audit.verify(rt).ok


def test_partial_refunds_take_back_shares_and_return_spent_points(rt: Runtime) -> None:
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 1000, actor="manager", reason="welcome")
    sale = _sale(rt, shop, [points_tender(1000, 1), TenderInput("cash", 2000)], soaps=2)
    assert Sale.get_by_id(sale.sale_id).points_earned == (2 * SOAP - 1000) // 100 == 14
    assert loyalty.balance(_cid()) == 14
    first = refunds.refund(rt, sale.number, shop.manager, {1: 1000}, to="cash", reason="one")
    paid_back = {t.kind: (t.amount, t.reference)
                 for t in Tender.select().where(Tender.sale == first.sale_id)}
    # points paid go back as points first, even "to cash"; the rest in cash
    assert paid_back == {"points": (-1000, "1000"), "cash": (-(SOAP - 1000), "")}
    assert first.receipt.points_earned == 1000 - 7  # 1000 back, half of the 14 earned taken
    assert loyalty.balance(_cid()) == 14 + 993
    second = refunds.refund(rt, sale.number, shop.manager, reason="the other one")
    assert [t.kind for t in Tender.select().where(Tender.sale == second.sale_id)] == ["cash"]
    assert second.receipt.points_earned == -7
    assert loyalty.balance(_cid()) == 1000  # as before the sale
    by_kind: dict[str, int] = {}
    for m in LoyaltyMove.select().where(LoyaltyMove.sale.in_([first.sale_id, second.sale_id])):
        by_kind[m.kind] = by_kind.get(m.kind, 0) + m.points
    assert by_kind == {"refund": 1000 - 14}
    assert audit.verify(rt).ok


def test_refund_after_points_were_spent_stops_at_zero(rt: Runtime) -> None:
    shop = make_shop(rt)
    sale = _sale(rt, shop, [TenderInput("cash", 3000)], soaps=2)  # 24 points
    _sale(rt, shop, [points_tender(20, 1), TenderInput("cash", 1300)])  # 20 spent, 12 earned
    assert loyalty.balance(_cid()) == 24 - 20 + 12
    done = refunds.refund(rt, sale.number, shop.manager, reason="faulty")
    assert done.receipt.points_earned == -16 and loyalty.balance(_cid()) == 0
    payload = json.loads(PrintJob.get(PrintJob.sale == done.sale_id).payload)
    assert payload["points_balance"] == 0


def test_training_sales_move_no_points(sqlite_rt: Runtime) -> None:
    from termpos.services.training import enter_training, leave_training

    shop = make_shop(sqlite_rt)
    loyalty.adjust(sqlite_rt, _cid(), 50, actor="manager", reason="welcome")
    trt = enter_training(sqlite_rt, shop.manager)
    sold = _sale(trt, shop, [TenderInput("cash", 3000)], soaps=2)
    assert sold.receipt.training and sold.receipt.points_earned == 24
    assert not LoyaltyMove.select().exists()  # the training store's ledger stays empty
    leave_training(sqlite_rt, trt)
    assert loyalty.balance(_cid()) == 50 and LoyaltyMove.select().count() == 1


def test_refund_to_original_pays_points_then_card(rt: Runtime) -> None:
    shop = make_shop(rt)
    loyalty.adjust(rt, _cid(), 500, actor="manager", reason="welcome")
    sale = _sale(rt, shop, [points_tender(500, 1), TenderInput("card", 2 * SOAP - 500, "A1")],
                 soaps=2)
    first = refunds.refund(rt, sale.number, shop.manager, {1: 1000}, reason="one")
    second = refunds.refund(rt, sale.number, shop.manager, reason="the other one")
    paid_back = [[(t.kind, t.amount) for t in Tender.select().where(Tender.sale == r.sale_id)
                  .order_by(Tender.id)] for r in (first, second)]
    assert paid_back == [[("points", -500), ("card", -(SOAP - 500))], [("card", -SOAP)]]
    assert loyalty.balance(_cid()) == 500  # 19 earned, all taken back; 500 spent, all returned
    assert audit.verify(rt).ok
