"""Training mode: same services, a separate training store; the real one is never touched."""

from __future__ import annotations

import pytest

from termpos.core.errors import PermissionDenied
from termpos.core.receipt import ReceiptData
from termpos.core.tenders import TenderInput
from termpos.models import Journal, PrintJob, Sale, StockMove
from termpos.services import audit, basket, checkout
from termpos.services.runtime import Runtime
from termpos.services.training import enter_training, leave_training, training_path
from tests.salehelp import BARCODE_SOAP, make_shop


def test_training_sales_stay_in_the_training_store(sqlite_rt: Runtime) -> None:
    shop = make_shop(sqlite_rt)
    with pytest.raises(PermissionDenied):
        enter_training(sqlite_rt, shop.cashier)
    real_journal = Journal.select().count()
    trt = enter_training(sqlite_rt, shop.manager)
    path = training_path(sqlite_rt.db_url)
    assert trt.training and path.name == "store.training.db" and path.exists()
    cart = basket.open_basket(trt, shop.cashier)
    basket.scan(trt, cart.id, BARCODE_SOAP)
    sold = checkout.complete_sale(trt, cart.id, shop.cashier, [TenderInput("cash", 2000)])
    assert sold.number == "T1-000001" and sold.receipt.training
    receipt = ReceiptData.from_json(PrintJob.get(PrintJob.sale == sold.sale_id).payload)
    assert receipt.training and receipt.extra["notice"] == "TRAINING — NOT A VALID RECEIPT"
    assert audit.verify(trt).ok
    leave_training(sqlite_rt, trt)
    assert Sale.select().count() == 0 and StockMove.select().count() == 0
    assert [j.kind for j in Journal.select().where(Journal.id > real_journal)] == [
        "training.enter"]
    again = enter_training(sqlite_rt, shop.manager)
    cart = basket.open_basket(again, shop.cashier)
    basket.scan(again, cart.id, "P3")
    assert checkout.complete_sale(again, cart.id, shop.cashier,
                                  [TenderInput("cash", 99)]).number == "T1-000002"
    leave_training(sqlite_rt, again)
    assert Sale.select().count() == 0 and audit.verify(sqlite_rt).ok
