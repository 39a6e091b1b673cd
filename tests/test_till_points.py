"""Pilot tests of paying with loyalty points at the tender screen, asserting on the ledger."""

from __future__ import annotations

import dataclasses

from textual.widgets import Input, Static

from termpos.models import Basket, LoyaltyMove, Sale, Tender
from termpos.screens.ask import AskModal
from termpos.screens.sale import SaleScreen
from termpos.screens.tender import TenderModal
from termpos.services import loyalty
from termpos.services.customers import create_customer
from termpos.services.runtime import Runtime
from tests.tillkit import burst, login_and_open, pilot_test, till

TEA = "4710000000011"  # 珍珠奶茶 3.50
PHONE = "0912345678"


def customer_with_points(rt: Runtime, points: int) -> int:
    """A customer holding this many points (one point pays 0.01 by default)."""
    who = create_customer(rt, "陳小美", PHONE)
    if points:
        loyalty.adjust(rt, who.id, points, actor="manager", reason="welcome")
    return who.id


def text_of(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def tea_for_customer(pilot: object) -> None:
    """Logs in, rings up a tea (3.50), attaches the customer and opens the tender screen."""
    await login_and_open(pilot)  # type: ignore[arg-type]
    await burst(pilot, TEA, enter=True)  # type: ignore[arg-type]
    await pilot.press("ctrl+u")  # type: ignore[attr-defined]
    await burst(pilot, PHONE, enter=True)  # type: ignore[arg-type]
    await pilot.press("f10")  # type: ignore[attr-defined]


def ledger(customer_id: int) -> list[tuple[str, int]]:
    return [(m.kind, m.points) for m in
            LoyaltyMove.select().where(LoyaltyMove.customer == customer_id)
            .order_by(LoyaltyMove.id)]


@pilot_test
async def test_part_points_then_cash(store: Runtime) -> None:
    cid = customer_with_points(store, 500)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await tea_for_customer(pilot)
        tender = app.screen
        assert isinstance(tender, TenderModal) and tender.check_action("points", ()) is True
        await pilot.press("f3")
        assert isinstance(app.screen, AskModal)
        assert app.screen.query_one("#f0", Input).value == "350"  # at most what is due
        await burst(pilot, "200", enter=True)  # typing replaces the offered number
        assert app.screen is tender
        due = text_of(app, "#due")
        assert "Points (200): 2.00" in due and "To pay: 1.50" in due
        assert "陳小美: 300 points left" in due
        assert ledger(cid) == [("adjust", 500)]  # nothing is spent before the sale completes
        await pilot.press("enter")  # the rest in cash
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
    sale = Sale.get()
    assert (sale.total, sale.customer_id, sale.points_earned) == (350, cid, 1)
    tenders = [(t.kind, t.amount, t.reference) for t in
               Tender.select().where(Tender.sale == sale.id).order_by(Tender.id)]
    assert tenders == [("points", 200, "200"), ("cash", 150, "")]
    assert ledger(cid) == [("adjust", 500), ("redeem", -200), ("earn", 1)]
    assert loyalty.balance(cid) == 301


@pilot_test
async def test_more_points_than_the_balance_are_refused(store: Runtime) -> None:
    cid = customer_with_points(store, 120)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await tea_for_customer(pilot)
        await pilot.press("f3")
        assert app.screen.query_one("#f0", Input).value == "120"  # the whole balance
        await burst(pilot, "300", enter=True)
        assert isinstance(app.screen, TenderModal) and app.screen.tenders == []
        assert "only 120 points available" in text_of(app, "#message")
        await pilot.press("f3")
        await burst(pilot, "x", enter=True)  # not a number: refused too
        assert "not a number of points: x" in text_of(app, "#message")
        await pilot.press("escape")
        assert isinstance(app.screen, SaleScreen)
    assert Sale.select().count() == 0 and Basket.get().status == "open"
    assert ledger(cid) == [("adjust", 120)]


@pilot_test
async def test_escape_leaves_nothing(store: Runtime) -> None:
    cid = customer_with_points(store, 500)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await tea_for_customer(pilot)
        await pilot.press("f3")
        assert isinstance(app.screen, AskModal)
        await pilot.press("escape")  # out of the points question: no tender added
        assert isinstance(app.screen, TenderModal) and app.screen.tenders == []
        await pilot.press("f3", "enter")  # 350 points: the whole sale ...
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        await burst(pilot, TEA, enter=True)  # ... and for the next: points, then Esc twice
        await pilot.press("ctrl+u")
        await burst(pilot, PHONE, enter=True)
        await pilot.press("f10", "f3")
        await burst(pilot, "100", enter=True)
        await pilot.press("escape")
        assert isinstance(app.screen, SaleScreen) and "Payment cancelled" in text_of(
            app, "#message")
    assert Sale.select().count() == 1 and Basket.select().where(
        Basket.status == "open").count() == 1
    assert ledger(cid) == [("adjust", 500), ("redeem", -350)]  # a points-only sale earns 0


@pilot_test
async def test_points_greyed_out_when_they_cannot_apply(store: Runtime) -> None:
    customer_with_points(store, 0)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await burst(pilot, TEA, enter=True)
        await pilot.press("f10")
        assert app.screen.check_action("points", ()) is None  # no customer
        await pilot.press("f3")
        assert isinstance(app.screen, TenderModal)  # nothing asked
        await pilot.press("escape", "ctrl+u")
        await burst(pilot, PHONE, enter=True)
        await pilot.press("f10")
        assert app.screen.check_action("points", ()) is None  # no points


@pilot_test
async def test_no_points_tender_when_points_are_worth_nothing(store: Runtime) -> None:
    customer_with_points(store, 500)
    store.settings = dataclasses.replace(store.settings, loyalty_point_value=0)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await tea_for_customer(pilot)
        assert isinstance(app.screen, TenderModal) and app.screen.account is None
        assert app.screen.check_action("points", ()) is None


@pilot_test
async def test_balance_spent_elsewhere_meanwhile_refuses_the_sale(store: Runtime) -> None:
    cid = customer_with_points(store, 500)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await tea_for_customer(pilot)
        await pilot.press("f3")
        await burst(pilot, "300", enter=True)
        loyalty.adjust(store, cid, -400, actor="manager", reason="spent at another till")
        await pilot.press("enter")  # the rest in cash: the sale engine checks the balance
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        assert "only 100 points available" in text_of(app, "#message")
    assert Sale.select().count() == 0 and Basket.get().status == "open"
    assert loyalty.balance(cid) == 100


@pilot_test
async def test_training_mode_spends_no_real_points(store: Runtime) -> None:
    cid = customer_with_points(store, 500)
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await pilot.press("ctrl+g")
        for value in ("manager", "2468", "practice"):
            await burst(pilot, value, enter=True)
        assert isinstance(app.screen, SaleScreen) and app.screen.session.rt.training
        await burst(pilot, TEA, enter=True)
        await pilot.press("ctrl+u")
        await burst(pilot, PHONE, enter=True)
        await pilot.press("f10")
        assert isinstance(app.screen, TenderModal)
        assert app.screen.check_action("points", ()) is None  # the training store has none
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+g")  # back to the real store
        await pilot.pause()
    assert ledger(cid) == [("adjust", 500)]
