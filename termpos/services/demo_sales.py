"""Provides a demo sale history, rung up through the same basket and checkout services.

Sales are spread over the last D days in shop hours, with a clock that moves through them;
baskets mix barcodes, weighed produce and scale labels; tenders mix cash (with change),
card and splits; a few sales get a discount or a customer, and a few are partly refunded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from peewee import fn

from termpos.core.barcodes import make_scale_label
from termpos.core.clock import FixedClock
from termpos.core.errors import Refused
from termpos.core.money import div_half_up
from termpos.core.pricing import PERCENT, Discount
from termpos.core.tenders import TenderInput
from termpos.models import Customer, Product, User
from termpos.services import basket
from termpos.services.basket_edit import attach_customer, set_order_discount
from termpos.services.checkout import complete_sale
from termpos.services.runtime import Runtime
from termpos.services.shifts import current_shift, open_shift
from termpos.services.users import UserInfo, to_info
from termpos.store.tx import write_transaction


@dataclass(frozen=True)
class DemoSalesSummary:
    """What generate_sales made."""

    sales: int
    refunds: int
    first: str
    last: str


def close_demo_shift(rt: Runtime, user: UserInfo) -> None:
    """End of a demo day: the place to close the shift and print the Z once shifts can.

    Closing shifts and Z reports belong to services.shifts (feat/staff); until that lands the
    demo keeps one shift open across its days.
    """


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
    """Rings up ``count`` sales over the last ``days`` days through the sale services."""
    if count < 1 or days < 1:
        raise Refused("--sales and --days must be at least 1")
    rng = random.Random(seed)
    lo, hi = Product.select(fn.MIN(Product.id), fn.MAX(Product.id)).scalar(as_tuple=True)
    if lo is None:
        raise Refused("the store has no products: run `termpos init --demo` first")
    weighed = [p.code for p in Product.select(Product.code).where(Product.weighed == True)  # noqa: E712
               .limit(50)]
    customers = [c.code for c in Customer.select(Customer.code).limit(200)]
    cashier, manager = _staff()
    today = rt.clock.now().replace(hour=8, minute=0, second=0, microsecond=0)
    clock = FixedClock(today - dt.timedelta(days=days))
    drt = dataclasses.replace(rt, clock=clock)
    per_day = max(1, count // days)
    gap = 12 * 3600 / per_day
    if current_shift(drt) is None:
        open_shift(drt, cashier.id, 10000)
    numbers: list[str] = []
    refunds = 0
    for i in range(count):
        day, slot = divmod(i, per_day)
        clock.current = today - dt.timedelta(days=days - min(day, days - 1)) + dt.timedelta(
            seconds=int(slot * gap + rng.random() * gap * 0.8))
        numbers.append(_one_sale(drt, rng, cashier, lo, hi, weighed, customers))
        if manager is not None and i % 25 == 24:
            refunds += _one_refund(drt, rng, manager, numbers)
    close_demo_shift(drt, cashier)
    return DemoSalesSummary(len(numbers), refunds, numbers[0], numbers[-1])


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
        if customers and rng.random() < 0.2:
            attach_customer(rt, cart.id, customers[rng.randrange(len(customers))])
        if rng.random() < 0.05:
            set_order_discount(rt, cart.id, Discount(PERCENT, 5000), cashier,
                               reason="demo: loyal customer")
        total = basket.get_basket(rt, cart.id).totals(rt.settings).total
        tenders = _tenders(rng, total, rt.settings.cash_rounding_step)
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
