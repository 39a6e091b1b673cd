"""The sale screen's temporary basket adapter, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from termpos.core.errors import NotFound, Refused
from termpos.models import Basket, BasketLine, Product
from termpos.screens import sale_adapter as basket
from termpos.services.runtime import Runtime
from termpos.services.shifts import open_shift
from termpos.services.users import create_user


@pytest.fixture
def ids(rt: Runtime) -> tuple[int, int]:
    user = create_user(rt, "cashier", "cashier", "1357")
    shift = open_shift(rt, user.id, 0)
    now = rt.clock.now()
    Product.create(code="P1", barcode="4710000000011", name="珍珠奶茶", tax_class="B",
                   price=350, created_at=now, updated_at=now)
    Product.create(code="W1", name="Bananas", tax_class="B", price=199, weighed=True,
                   unit="kg", created_at=now, updated_at=now)
    return user.id, int(shift.id)


def test_basket_lines_and_totals(rt: Runtime, ids: tuple[int, int]) -> None:
    user_id, shift_id = ids
    b = basket.current_basket(rt, user_id, shift_id)
    assert basket.current_basket(rt, user_id, shift_id) == b  # recalled, not a second one
    first = basket.add_by_code(rt, b, "4710000000011")
    basket.add_by_code(rt, b, "W1", 1250)  # 1.25 kg at 1.99 = 2.4875 -> 2.49
    with pytest.raises(NotFound):
        basket.add_by_code(rt, b, "999")
    with pytest.raises(Refused):
        basket.add_by_code(rt, b, "P1", 0)
    view = basket.view(rt, b)
    assert [(ln.name, ln.amount) for ln in view.lines] == [("珍珠奶茶", 350), ("Bananas", 249)]
    assert view.total == 599
    basket.set_qty(rt, first, 3000)
    basket.set_price(rt, first, 300, user_id, "promo")
    basket.void_line(rt, view.lines[1].id)
    view = basket.view(rt, b)
    assert view.total == 900 and len(view.lines) == 1
    assert BasketLine.select().count() == 2  # a voided line is kept
    assert BasketLine.get_by_id(first).original_price == 350


def test_tender_and_cancel(rt: Runtime, ids: tuple[int, int]) -> None:
    user_id, shift_id = ids
    b = basket.current_basket(rt, user_id, shift_id)
    basket.add_by_code(rt, b, "P1", 2000)
    with pytest.raises(Refused):
        basket.tender(rt, b, [("cash", 500)])
    outcome = basket.tender(rt, b, [("card", 200), ("cash", 1000)])
    assert (outcome.total, outcome.paid, outcome.change) == (700, 1200, 500)
    assert Basket.get_by_id(b).status == "done"
    nxt = basket.current_basket(rt, user_id, shift_id)
    assert nxt != b
    basket.cancel(rt, nxt)
    assert Basket.get_by_id(nxt).status == "cancelled"
