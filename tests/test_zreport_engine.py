"""Z reports over sales made by the real sale engine equal a recomputation from raw rows.

Runs once the sale engine (services.demo_sales) is in the tree; skipped before.
"""

from __future__ import annotations

import pytest

from termpos.models import Sale, Shift, ZReport
from termpos.services import shifts, zreport
from termpos.services.runtime import Runtime
from tests.staffkit import fast_scrypt
from tests.test_zreport import recompute

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def test_z_over_engine_sales_equals_recomputation(sqlite_rt: Runtime) -> None:
    demo_sales = pytest.importorskip("termpos.services.demo_sales")
    from termpos.services.demo import create_demo_store

    rt = sqlite_rt
    create_demo_store(rt)
    demo_sales.generate_sales(rt, 90, days=2)
    if shifts.current_shift(rt) is not None:
        shifts.close_day(rt, 1, over_short=-30)
    assert Sale.select().where(Sale.kind == "refund").exists()
    closed = list(Shift.select().where(Shift.status == "closed").order_by(Shift.id))
    assert closed and ZReport.select().count() == len(closed)
    grand = 0
    for shift in closed:
        z = zreport.z_report(rt, shift.z_number)
        expected = recompute(shift.id)
        assert z.figures == expected
        assert z.figures.sales_count + z.figures.refunds_count == Sale.select().where(
            Sale.shift == shift.id).count()
        grand += expected.net_total
        assert z.grand_net == grand
    assert sum(zreport.z_report(rt, s.z_number).figures.sales_count for s in closed) == (
        Sale.select().where(Sale.kind == "sale").count())
