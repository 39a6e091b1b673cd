"""Provides a demo sale history, rung up through the same basket and checkout services.

Sales are spread over the last D days in shop hours, with a clock that moves through them.
Each day opens a shift at 08:00 and closes it after hours with close_day, so D days give D
Z reports. Baskets mix barcodes, weighed produce and scale labels; tenders mix cash (with
change), card and splits; some sales go to demo customers (created when the store has none),
who earn points and sometimes pay with them; a few sales get a discount or are partly
refunded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from peewee import fn

from termpos.core import loyalty as points_calc
from termpos.core.barcodes import make_scale_label
from termpos.core.clock import FixedClock
from termpos.core.errors import Refused
from termpos.core.money import div_half_up
from termpos.core.pricing import PERCENT, Discount
from termpos.core.tenders import TenderInput
from termpos.models import Customer, Product, User
from termpos.services import basket, loyalty
from termpos.services.basket_edit import attach_customer, set_order_discount
from termpos.services.checkout import complete_sale
from termpos.services.customers import create_customer
from termpos.services.runtime import Runtime
from termpos.services.shifts import CloseResult, close_day, current_shift, open_shift
from termpos.services.users import UserInfo, to_info
from termpos.store.tx import write_transaction

OPENING_FLOAT = 10_000
DEMO_CUSTOMERS: tuple[tuple[str, str], ...] = (
    ("Ada Lovelace", "0700 100 201"), ("陳美玲", "0912 345 601"),
    ("Grace Hopper", "0700 100 202"), ("林志明", "0912 345 602"),
    ("Alan Turing", "0700 100 203"), ("王小華", "0912 345 603"),
)


@dataclass(frozen=True)
class DemoSalesSummary:
    """What generate_sales made."""

    sales: int
    refunds: int
    first: str
    last: str
    z_numbers: tuple[int, ...] = ()


def open_demo_shift(rt: Runtime, user: UserInfo) -> None:
    """Start of a demo day: opens the till's shift with the demo float."""
    open_shift(rt, user, OPENING_FLOAT)


def close_demo_shift(rt: Runtime, user: UserInfo) -> CloseResult:
    """End of a demo day: closes the shift counting exactly the expected cash, writing its Z."""
    return close_day(rt, user)


def demo_customers(rt: Runtime, user: UserInfo) -> list[str]:
    """The codes of customers demo sales go to; creates a few when the store has none."""
    codes = [c.code for c in Customer.select(Customer.code)
             .where(Customer.forgotten_at.is_null()).order_by(Customer.id).limit(200)]
    if codes:
        return codes
    return [create_customer(rt, name, phone, consent=i % 2 == 0, source="cli", user=user,
                            actor="demo").code
            for i, (name, phone) in enumerate(DEMO_CUSTOMERS)]


def _staff() -> tuple[UserInfo, UserInfo | None]:
    users = [to_info(u) for u in User.select().where(User.active == True).order_by(User.id)]  # noqa: E712
    if not users:
        raise Refused("the store has no users: run `termpos init --demo` first")
    cashier = next((u for u in users if u.role == "cashier"), users[0])
    manager = next((u for u in users if u.role in ("manager", "admin")), None)
    return cashier, manager


def _tenders(rng: random.Random, total: int, step: int) -> list[TenderInput]:
    roll = rng.random()
    if roll < 0.35:
        return [TenderInput("card", total, f"AUTH{rng.randint(100000, 999999)}")]
    if roll < 0.42 and total > 200:
        card = total // 2
        return [TenderInput("card", card, ""), TenderInput("cash", total - card + step * 4)]
    notes = (500, 1000, 2000, 5000)
    cash = next((n for n in notes if n >= total), div_half_up(total, 1000) * 1000 + 1000)
    return [TenderInput("cash", max(cash, total + step))]


def generate_sales(rt: Runtime, count: int, days: int = 1, seed: int = 11) -> DemoSalesSummary:
    """Rings up ``count`` sales over the last ``days`` days, one shift and one Z per day.

    Refuses when the till has an open shift already: the demo's days are in the past and
    each closes with a count equal to the expected cash, which a real shift must not get.
    """
    if count < 1 or days < 1:
        raise Refused("--sales and --days must be at least 1")
    rng = random.Random(seed)
    lo, hi = Product.select(fn.MIN(Product.id), fn.MAX(Product.id)).scalar(as_tuple=True)
    if lo is None:
        raise Refused("the store has no products: run `termpos init --demo` first")
    if current_shift(rt) is not None:
        raise Refused(
            "till {till} has an open shift: close it first (`termpos shift close`); the demo "
            "opens and closes its own shift for each day",
            till=rt.till,
        )
    weighed = [p.code for p in Product.select(Product.code).where(Product.weighed == True)  # noqa: E712
               .limit(50)]
    cashier, manager = _staff()
    today = rt.clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    clock = FixedClock(today - dt.timedelta(days=days))
    # past days print nothing: their receipts are kept as "skipped", as at a till without
    # a printer, so a till with one does not print the demo's history
    quiet = dataclasses.replace(rt.settings.printer, connection="none")
    drt = dataclasses.replace(rt, clock=clock,
                              settings=dataclasses.replace(rt.settings, printer=quiet))
    customers = demo_customers(drt, manager or cashier)
    numbers: list[str] = []
    z_numbers: list[int] = []
    refunds = 0
    for day in range(days):
        opening = today - dt.timedelta(days=days - day)
        clock.current = opening
        open_demo_shift(drt, cashier)
        todays = range(count * day // days, count * (day + 1) // days)
        gap = 12 * 3600 / max(1, len(todays))
        for slot, i in enumerate(todays):
            clock.current = opening + dt.timedelta(
                seconds=int(slot * gap + rng.random() * gap * 0.8))
            numbers.append(_one_sale(drt, rng, cashier, lo, hi, weighed, customers))
            if manager is not None and i % 25 == 24:
                refunds += _one_refund(drt, rng, manager, numbers)
        clock.current = opening + dt.timedelta(hours=12, minutes=30)
        z_numbers.append(close_demo_shift(drt, cashier).number)
    return DemoSalesSummary(len(numbers), refunds, numbers[0], numbers[-1], tuple(z_numbers))


def _pay_with_points(rt: Runtime, rng: random.Random, customer_id: int | None,
                     total: int) -> list[TenderInput]:
    """Now and then a customer spends up to half of what they hold on a sale."""
    value = rt.settings.loyalty_point_value
    if customer_id is None or rng.random() >= 0.4:
        return []
    points = points_calc.max_redeemable(loyalty.balance(customer_id) // 2, total, value)
    return [points_calc.points_tender(points, value)] if points > 0 else []


def _one_sale(rt: Runtime, rng: random.Random, cashier: UserInfo, lo: int, hi: int,
              weighed: list[str], customers: list[str]) -> str:
    with write_transaction(rt.db):
        cart = basket.start_basket(rt, cashier)
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5, 7))):
            product = Product.get_or_none(Product.id == rng.randint(lo, hi))
            if product is None or not product.active:
                continue
            if product.weighed:
                basket.scan(rt, cart.id, product.code, rng.randint(150, 1500))
            else:
                basket.add_product(rt, cart.id, product.id, 1000 * rng.choice((1, 1, 1, 2, 3)))
        if weighed and rng.random() < 0.15:
            basket.scan(rt, cart.id, make_scale_label("25", weighed[rng.randrange(len(weighed))],
                                                      rng.randint(200, 1800)))
        if len(basket.get_basket(rt, cart.id).live_lines) == 0:
            basket.add_product(rt, cart.id, lo)
        customer_id = None
        if customers and rng.random() < 0.3:
            customer_id = attach_customer(rt, cart.id,
                                          customers[rng.randrange(len(customers))]).id
        if rng.random() < 0.05:
            set_order_discount(rt, cart.id, Discount(PERCENT, 5000), cashier,
                               reason="demo: loyal customer")
        total = basket.get_basket(rt, cart.id).totals(rt.settings).total
        tenders = _pay_with_points(rt, rng, customer_id, total)
        rest = total - sum(t.amount for t in tenders)
        if rest > 0:
            tenders += _tenders(rng, rest, rt.settings.cash_rounding_step)
        return complete_sale(rt, cart.id, cashier, tenders).number


def _one_refund(rt: Runtime, rng: random.Random, manager: UserInfo, numbers: list[str]) -> int:
    from termpos.services.refunds import lookup_sale, refund

    summary = lookup_sale(numbers[rng.randrange(len(numbers))])
    if summary.kind != "sale":
        return 0
    line = summary.lines[0]
    if line.qty_left <= 0:
        return 0
    qty = line.qty_left if line.qty_left % 1000 else 1000
    refund(rt, summary.number, manager, {line.seq: qty}, to="original", reason="demo return")
    return 1
