"""Pilot tests of the till's other flows at 80x24, asserting on database rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Static

from termpos.core.config import PrinterSettings
from termpos.models import Basket, BasketLine, CashMovement, Journal, PrintJob, Sale, Shift
from termpos.screens.ask import AskModal, InfoModal
from termpos.screens.login import LoginScreen
from termpos.screens.override import OverrideModal
from termpos.screens.sale import SaleScreen
from termpos.services.customers import create_customer
from termpos.services.runtime import Runtime
from tests.tillkit import burst, login, login_and_open, pilot_test, till

TEA = "4710000000011"  # 珍珠奶茶 3.50
WATER = "4710000000042"  # 1.29


def message(app: object) -> str:
    return str(app.screen.query_one("#message", Static).render())  # type: ignore[attr-defined]


async def fill(pilot: object, *values: str) -> None:
    """Types each value and Enter (a modal's fields, in order)."""
    for value in values:
        await burst(pilot, value, enter=True)  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]


@pilot_test
async def test_line_and_order_discounts(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await pilot.press("ctrl+d")
        assert isinstance(app.screen, AskModal)
        await burst(pilot, "5%")
        await pilot.press("escape")  # backs out: nothing changed
        assert BasketLine.get().discount_kind == ""
        await pilot.press("ctrl+d")
        await fill(pilot, "5%", "promo")  # within the 10% limit: no approval
        line = BasketLine.get()
        assert (line.discount_kind, line.discount_value, line.discount_reason) == (
            "percent", 5000, "promo")
        await pilot.press("ctrl+o")
        await fill(pilot, "1.00", "friend")  # 1.00 of 3.32 is above the limit
        assert isinstance(app.screen, OverrideModal)
        await pilot.press("escape")
        assert Basket.get().order_discount_kind == "" and "Not approved" in message(app)
        await pilot.press("ctrl+o")
        await fill(pilot, "1.00", "friend", "manager", "2468", "ok")
        basket = Basket.get()
        assert (basket.order_discount_kind, basket.order_discount_value) == ("amount", 100)
        entry = Journal.select().where(Journal.kind == "discount.order").get()
        assert "manager" in entry.payload
        assert "Total: 2.32" in str(app.screen.query_one("#totals", Static).render())
        await pilot.press("f10", "enter")
        await pilot.pause()
        assert Sale.get().total == 232


@pilot_test
async def test_customer_park_and_recall(store: Runtime) -> None:
    who = create_customer(store, "陳小美", "0912345678")
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("f9")  # nothing parked: greyed out only with lines, says so here
        assert "No parked baskets" in message(app)
        await burst(pilot, TEA, enter=True)
        await pilot.press("ctrl+u")
        await fill(pilot, "0912345678")
        first = Basket.get_by_id(1)
        assert first.customer_id == who.id
        assert "陳小美 (0 points)" in str(app.screen.query_one("#totals", Static).render())
        await pilot.press("ctrl+u")
        await fill(pilot, "小美")  # by part of the name
        assert Basket.get_by_id(1).customer_id == who.id and "陳小美" in message(app)
        await pilot.press("f8")
        assert Basket.get_by_id(1).status == "parked" and Basket.get_by_id(2).status == "open"
        assert isinstance(app.screen, SaleScreen) and app.screen.lines == ()
        await burst(pilot, WATER, enter=True)
        assert app.screen.check_action("recall", ()) is None  # the open basket has lines
        await pilot.press("f8")
        await pilot.press("f9")
        assert isinstance(app.screen, AskModal)
        await fill(pilot, "")  # the oldest parked basket is offered
        assert Basket.get_by_id(1).status == "open"
        assert [ln.name for ln in app.screen.lines] == ["珍珠奶茶"]


@pilot_test
async def test_refund_and_reprint_with_approval(store: Runtime) -> None:
    # a printer at this till (none is started here): the sale and refund receipts are queued
    store.settings = replace(store.settings, printer=PrinterSettings(connection="file:/dev/null"))
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await burst(pilot, "2*")
        await burst(pilot, WATER, enter=True)
        await pilot.press("f10", "enter")
        await pilot.pause()
        sale = Sale.get()
        await pilot.press("ctrl+r")
        await fill(pilot, sale.number)
        assert isinstance(app.screen, AskModal) and "Sparkling water" in str(
            app.screen.query_one("#note", Static).render())
        app.screen.query_one("#f0").value = "2x1"  # type: ignore[attr-defined]
        await fill(pilot, "")  # line 2 (the water), one of one
        assert isinstance(app.screen, OverrideModal)  # a cashier may not refund alone
        await fill(pilot, "manager", "2468", "wrong size")
        refund = Sale.get(Sale.original == sale.id)
        assert refund.total == -129 and f"Refund {refund.number} recorded" in message(app)
        await pilot.press("ctrl+p")
        await fill(pilot, "")  # the last receipt
        await pilot.press("escape")  # no approval: no copy
        assert PrintJob.select().count() == 2
        await pilot.press("ctrl+p")
        await fill(pilot, "", "manager", "2468", "customer asked")
        assert PrintJob.select().count() == 3
        assert "Reprint of" in message(app)
        assert Journal.select().where(Journal.kind == "receipt.reprint").count() == 1


@pilot_test
async def test_reprint_at_a_till_without_printer_asks_nobody(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)  # no receipt number asked, no approval
        assert "till T1 has no receipt printer" in message(app)
        assert Journal.select().where(Journal.kind == "receipt.reprint").count() == 0


@pilot_test
async def test_cash_office_and_blind_close(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, OverrideModal)
        await fill(pilot, "manager", "2468", "change for the bank")
        assert CashMovement.get().kind == "no_sale"
        await pilot.press("f12")
        await login(pilot, "manager", "2468")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await fill(pilot, "5", "more change")
        await pilot.press("ctrl+t")
        await fill(pilot, "2", "stamps")
        assert sorted((m.kind, m.amount) for m in CashMovement.select()) == [
            ("no_sale", 0), ("paid_in", 500), ("paid_out", 200)]
        await pilot.press("ctrl+x")
        assert isinstance(app.screen, InfoModal) and "X" in app.screen.text
        await pilot.press("escape")
        assert Shift.get().status == "open"
        await pilot.press("f11")
        await burst(pilot, "100")
        await pilot.press("escape")  # backs out: the shift stays open
        assert Shift.get().status == "open" and "Nothing changed" in message(app)
        await pilot.press("f11")
        assert isinstance(app.screen, AskModal)
        assert "Expected" not in str(app.screen.query_one("#note", Static).render())  # blind
        await fill(pilot, "102.50")
        assert isinstance(app.screen, InfoModal)
        shift = Shift.get()
        assert (shift.status, shift.z_number, shift.counted_cash) == ("closed", 1, 10250)
        assert "-0.50" in app.screen.text and "Z" in app.screen.text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)


@pilot_test
async def test_training_mode_banner_and_separate_store(store: Runtime, tmp_path: Path) -> None:
    import sqlite3

    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, OverrideModal)  # a cashier needs a manager
        await fill(pilot, "manager", "2468", "practice")
        screen = app.screen
        assert isinstance(screen, SaleScreen) and screen.session.rt.training
        assert "TRAINING MODE" in str(screen.query_one("#training", Static).render())
        await burst(pilot, TEA, enter=True)
        await pilot.press("f10", "enter")
        await pilot.pause()
        assert Sale.select().count() == 1  # in the training store
        await pilot.press("ctrl+g")  # back to the real store
        assert not app.screen.query("#training") and Sale.select().count() == 0
        await pilot.press("f1")
        assert isinstance(app.screen, InfoModal) and "Close shift" in app.screen.text
        await pilot.press("escape")
    with sqlite3.connect(tmp_path / "store.db") as conn:
        assert conn.execute("SELECT count(*) FROM sale").fetchone() == (0,)
        kinds = [r[0] for r in conn.execute("SELECT kind FROM journal")]
    assert "training.enter" in kinds


@pilot_test
async def test_void_after_subtotal_needs_approval(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await burst(pilot, WATER, enter=True)
        await pilot.press("f10", "escape")  # the subtotal was shown
        await pilot.press("f4")
        assert isinstance(app.screen, OverrideModal)
        await pilot.press("escape")
        assert BasketLine.select().where(BasketLine.voided == True).count() == 0  # noqa: E712
        await pilot.press("f4")
        await fill(pilot, "manager", "2468", "changed mind")
        voided = BasketLine.get(BasketLine.voided == True)  # noqa: E712
        assert voided.name == "Sparkling water 1L"
        entry = Journal.select().where(Journal.kind == "line.void").get()
        assert "manager" in entry.payload and "changed mind" in entry.payload


@pilot_test
async def test_weighed_items_by_label_and_typed_weight(store: Runtime) -> None:
    from termpos.core.gtin import check_digit
    from termpos.models import Product, StockMove

    now = store.clock.now()
    Product.create(code="12345", barcode="12345", name="Bananas", tax_class="B", price=200,
                   weighed=True, created_at=now, updated_at=now)
    body = "25" + "12345" + "01250"  # a scale's weight label: 1.250 kg
    label = body + str(check_digit(body))
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, label, enter=True)
        await burst(pilot, "12345", enter=True)  # no weight given: refused, basket kept
        assert "enter the weight" in message(app)
        await burst(pilot, "0.5*")
        await burst(pilot, "12345", enter=True)
        assert [(ln.qty_milli, ln.unit_price) for ln in BasketLine.select()] == [
            (1250, 200), (500, 200)]
        assert "Total: 3.50" in str(app.screen.query_one("#totals", Static).render())
        await pilot.press("f10", "enter")
        await pilot.pause()
        assert sorted(m.qty_milli for m in StockMove.select()) == [-1250, -500]


@pilot_test
async def test_reorder_notice_after_a_sale(store: Runtime) -> None:
    from typing import Any

    from termpos.models import Product

    Product.update(reorder_level=2000).where(Product.barcode == WATER).execute()
    app = till(store)
    notes: list[str] = []
    real_notify = app.notify

    def notify(text: str, **kwargs: Any) -> None:
        notes.append(text)
        real_notify(text, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await pilot.press("f10", "enter")
        await pilot.pause()
        assert not [n for n in notes if "Low stock" in n]  # no reorder level on the tea
        await burst(pilot, WATER, enter=True)
        await pilot.press("f10", "enter")
        await pilot.pause()
        assert [n for n in notes if "Low stock" in n] == ["Low stock: Sparkling water 1L"]


@pilot_test
async def test_stock_count_screen_adds_scans_to_the_open_count(store: Runtime) -> None:
    from termpos.models import StockCountLine
    from termpos.screens.count import CountModal
    from termpos.services.counts import start_count
    from termpos.services.users import get_user, to_info
    from termpos.widgets.messages import BarcodeScanned

    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("ctrl+k")  # no count open yet: says so, nothing opens
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen) and "No stock count is open" in message(app)
        manager = to_info(get_user("manager"))
        start_count(store, manager, codes=[WATER, TEA])
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, CountModal)
        await burst(pilot, WATER, enter=True)  # typed or wedge-scanned
        await burst(pilot, f"3*{TEA}", enter=True)
        app.post_message(BarcodeScanned(WATER, "scanner"))  # from the scanner device
        await pilot.pause()
        counted = {line.product.barcode: line.counted_milli for line in StockCountLine.select()}
        assert counted == {WATER: 2000, TEA: 3000}
        await burst(pilot, "4006381333931", enter=True)  # not in the count: refused, kept
        assert "4006381333931" in message(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        assert Basket.select().where(Basket.status == "open").count() <= 1
        assert BasketLine.select().count() == 0  # counting never touched the basket


@pilot_test
async def test_new_customer_from_the_till_in_a_few_keys(store: Runtime) -> None:
    from termpos.models import Customer

    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await pilot.press("ctrl+u")
        await fill(pilot, "0987 654 321")  # an unknown phone: the till offers to register
        assert isinstance(app.screen, AskModal)
        await pilot.press("escape")  # backing out registers nobody
        await pilot.pause()
        assert Customer.select().count() == 0
        await pilot.press("ctrl+u")
        await fill(pilot, "0987 654 321")
        await fill(pilot, "王大明", "")  # the name, then Enter on the pre-filled phone
        customer = Customer.get()
        assert (customer.name, customer.source) == ("王大明", "till")
        assert Basket.get().customer_id == customer.id
        assert "王大明" in message(app) and "first visit" in message(app)


@pilot_test
async def test_a_sale_screen_settles_the_heap_and_frees_the_last_one(store: Runtime) -> None:
    """The collector's full passes skip what is alive at login, but an earlier screen
    (logged out) is still freed: nothing frozen leaks from one login to the next."""
    import gc
    import weakref

    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.pause()
        first = app.screen
        assert isinstance(first, SaleScreen) and gc.get_freeze_count() > 0
        gone = weakref.ref(first)
        del first
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await login(pilot)
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        assert gone() is None
    gc.unfreeze()


@pilot_test
async def test_f1_lists_every_key_and_the_footer_fits_in_both_languages(store: Runtime) -> None:
    """The footer holds F1 and the sale keys (in Chinese too, double-width); F1 lists every
    action, those behind it included; the login screen already shows the open shift."""
    import dataclasses

    from termpos.core.i18n import set_language
    from termpos.core.textwidth import text_width
    from termpos.widgets.status import StatusLine
    from tests.tillkit import screen_text

    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
    app = till(store)  # a fresh start with the shift still open
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(StatusLine).status.shift == "1"
        await login(pilot)
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, InfoModal)
        listed = app.screen.text  # the whole list (the window scrolls)
        for words in ("Line disc.", "Customer", "No sale", "X report", "Training", "Count"):
            assert words in listed, words
        assert "Up" not in listed.split()  # moving in the basket is not an action to list
    store.settings = dataclasses.replace(store.settings, language="zh_TW")
    app = till(store)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await login(pilot)
            await pilot.pause()
            footer = screen_text(app).rstrip("\n").splitlines()[-1].rstrip()
            assert text_width(footer) <= 80 and footer.endswith("f12 登出"), footer
    finally:
        set_language("en")


@pilot_test
async def test_a_busy_store_is_a_message_and_the_sale_goes_on(store: Runtime) -> None:
    """Another process holding the write lock past the busy timeout (a long import) makes
    a scan and a payment say so; nothing is lost, and both work once it lets go."""
    import sqlite3

    store.db.execute_sql("PRAGMA busy_timeout = 200")  # 5 s in a shop; short for the test
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await pilot.pause()
        other = sqlite3.connect(store.db.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await burst(pilot, WATER, enter=True)
        await pilot.pause(0.5)
        assert isinstance(app.screen, SaleScreen)
        assert "the store is busy" in message(app) and BasketLine.select().count() == 1
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("enter")  # cash, exact
        await pilot.pause(0.5)
        # the tenders come back to the sale screen, which cannot complete: it says so
        assert isinstance(app.screen, SaleScreen) and Sale.select().count() == 0
        assert "the store is busy" in message(app) and BasketLine.select().count() == 1
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        assert Sale.select().count() == 1 and Sale.get().total == 350
