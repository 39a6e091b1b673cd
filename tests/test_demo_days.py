"""`termpos demo`'s history on SQLite and PostgreSQL: one shift and one Z per day, loyalty data."""

from __future__ import annotations

import pytest

from termpos.core.errors import Refused
from termpos.models import Customer, Journal, LoyaltyMove, Sale, Shift, Tender, ZReport
from termpos.services import audit, loyalty, shifts, zreport
from termpos.services.demo import create_demo_store
from termpos.services.demo_sales import DEMO_CUSTOMERS, generate_sales
from termpos.services.runtime import Runtime
from tests.staffkit import fast_scrypt
from tests.test_zreport import recompute

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def test_each_day_is_one_shift_closed_by_a_z_equal_to_its_sales(rt: Runtime) -> None:
    create_demo_store(rt)
    summary = generate_sales(rt, 60, days=3, seed=5)
    assert (summary.sales, summary.z_numbers) == (60, (1, 2, 3))
    assert shifts.current_shift(rt) is None
    closed = list(Shift.select().order_by(Shift.id))
    assert [s.status for s in closed] == ["closed"] * 3
    assert [s.z_number for s in closed] == [1, 2, 3]
    assert [z.number for z in ZReport.select().order_by(ZReport.id)] == [1, 2, 3]
    grand = 0
    for shift in closed:
        z = zreport.z_report(rt, shift.z_number)
        expected = recompute(shift.id)
        assert z.figures == expected
        assert z.figures.sales_count == 20  # 60 sales spread evenly over 3 days
        days = {str(s.created_at)[:10] for s in Sale.select().where(Sale.shift == shift.id)}
        assert days == {str(shift.opened_at)[:10]} == {str(shift.closed_at)[:10]}
        assert shift.counted_cash == shift.expected_cash  # the demo counts what is expected
        grand += expected.net_total
        assert z.grand_net == grand
    assert audit.verify(rt).ok


def test_demo_customers_earn_and_spend_points(rt: Runtime) -> None:
    create_demo_store(rt)
    generate_sales(rt, 60, days=2, seed=3)
    assert Customer.select().count() == len(DEMO_CUSTOMERS)
    with_customer = list(Sale.select().where(Sale.customer.is_null(False) &
                                             (Sale.kind == "sale")))
    assert len(with_customer) >= 8
    earned = {m.sale_id: m.points for m in LoyaltyMove.select().where(LoyaltyMove.kind == "earn")}
    assert earned == {s.id: s.points_earned for s in with_customer if s.points_earned}
    redeemed = -sum(m.points for m in LoyaltyMove.select().where(LoyaltyMove.kind == "redeem"))
    paid = Tender.select().where(Tender.kind == "points").join(Sale).where(Sale.kind == "sale")
    assert redeemed > 0 and redeemed == sum(t.amount for t in paid)
    for c in Customer.select():
        assert loyalty.balance(c.id) >= 0
    assert audit.verify(rt).ok


def test_demo_refuses_an_open_shift_and_continues_z_numbers(rt: Runtime) -> None:
    create_demo_store(rt)
    generate_sales(rt, 6, days=2)
    shifts.open_shift(rt, 2, 5000)
    journal_before = Journal.select().count()
    with pytest.raises(Refused, match="open shift"):
        generate_sales(rt, 5, days=1)
    assert Journal.select().count() == journal_before
    shifts.close_day(rt, 2)
    again = generate_sales(rt, 2, days=3)  # fewer sales than days: a day may have none
    assert again.z_numbers == (4, 5, 6)
    assert [z.number for z in ZReport.select().order_by(ZReport.number)] == list(range(1, 7))
    assert audit.verify(rt).ok
