"""Z reports over a generated history equal a recomputation from the raw rows, exactly."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from termpos.core.shiftreport import ShiftFigures, TaxTotal
from termpos.models import CashMovement, Counter, Sale, SaleLine, Shift, Tender, ZReport
from termpos.services import cash, shifts, zreport
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo
from tests.salegen import Gen
from tests.staffkit import entries, fast_scrypt, make_staff

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def recompute(shift_id: int) -> ShiftFigures:
    """The figures of a shift from its raw rows, line by line, without the report's SQL."""
    docs = list(Sale.select().where(Sale.shift == shift_id).dicts())
    f: dict[str, Any] = {k: 0 for k in (
        "sales_count", "sales_total", "refunds_count", "refunds_total", "discounts", "rounding",
        "tax_total", "cash_sales", "cash_refunds")}
    tenders: dict[str, int] = {}
    taxes: dict[tuple[str, int], list[int]] = {}
    for d in docs:
        refund = d["kind"] == "refund"
        lines = list(SaleLine.select().where(SaleLine.sale == d["id"]).dicts())
        # The documents are consistent: lines add up to the total with its rounding.
        assert sum(ln["amount"] for ln in lines) + d["rounding"] == d["total"]
        sign = -1 if refund else 1
        for ln in lines:
            acc = taxes.setdefault((ln["tax_class"], ln["tax_rate_ppm"]), [0, 0])
            acc[0] += sign * abs(ln["amount"] - ln["tax"])
            acc[1] += sign * abs(ln["tax"])
            f["tax_total"] += sign * abs(ln["tax"])
            f["discounts"] += sign * abs(ln["discount"])
        for t in Tender.select().where(Tender.sale == d["id"]).dicts():
            tenders[t["kind"]] = tenders.get(t["kind"], 0) + sign * abs(t["amount"])
            if t["kind"] == "cash":
                f["cash_refunds" if refund else "cash_sales"] += abs(t["amount"])
        if refund:
            f["refunds_count"] += 1
            f["refunds_total"] += abs(d["total"])
            f["rounding"] += d["rounding"] if d["total"] < 0 else -d["rounding"]
        else:
            f["sales_count"] += 1
            f["sales_total"] += d["total"]
            f["rounding"] += d["rounding"]
            f["cash_sales"] -= d["change"]
            tenders["cash"] = tenders.get("cash", 0) - d["change"]
    moves = list(CashMovement.select().where(CashMovement.shift == shift_id).dicts())
    shift = Shift.get_by_id(shift_id)
    return ShiftFigures(
        opening_float=shift.opening_float,
        tenders=tuple(sorted((k, v) for k, v in tenders.items())),
        taxes=tuple(TaxTotal(c, r, n, t) for (c, r), (n, t) in sorted(taxes.items())),
        paid_in=sum(m["amount"] for m in moves if m["kind"] == "paid_in"),
        paid_in_count=sum(1 for m in moves if m["kind"] == "paid_in"),
        paid_out=sum(m["amount"] for m in moves if m["kind"] == "paid_out"),
        paid_out_count=sum(1 for m in moves if m["kind"] == "paid_out"),
        no_sales=sum(1 for m in moves if m["kind"] == "no_sale"),
        **f,
    )


def _day(rt: Runtime, staff: dict[str, UserInfo], rng: random.Random, sign: int,
         n: int) -> tuple[shifts.CloseResult, ShiftFigures]:
    """One shift: open, a history of n documents with cash movements, then a blind close."""
    cashier, manager = staff["cashier"], staff["manager"]
    shift = shifts.open_shift(rt, cashier, rng.choice((10000, 15000, 20000)))
    gen = Gen(rt, shift.id, cashier.id, rng, refund_sign=sign)
    gen.history(n // 2)
    cash.paid_in(rt, manager, rng.randint(100, 5000), "change from bank")
    cash.no_sale(rt, manager, "check a note")
    gen.history(n - n // 2)
    cash.paid_out(rt, manager, rng.randint(100, 3000), "window cleaner")
    x = zreport.x_report(rt)
    counted = x.figures.expected_cash + rng.choice((-50, 0, 0, 120))
    result = shifts.close_shift(rt, cashier, counted)
    assert x.figures == result.z.figures  # nothing moved between the X and the close
    return result, recompute(shift.id)


def _check_history(rt: Runtime, sign: int, seed: int, days: int, docs: int) -> None:
    staff = make_staff(rt)
    rng = random.Random(seed)
    grand_sales = grand_refunds = 0
    for number in range(1, days + 1):
        result, expected = _day(rt, staff, rng, sign, docs)
        z = result.z
        assert result.number == z.number == number
        assert z.figures == expected
        assert z.figures.refunds_count > 0 and z.figures.sales_count > 0
        assert result.expected_cash == expected.expected_cash
        assert result.over_short == z.over_short == result.counted_cash - expected.expected_cash
        grand_sales += expected.sales_total
        grand_refunds += expected.refunds_total
        assert (z.grand_sales, z.grand_refunds) == (grand_sales, grand_refunds)
        stored = zreport.z_report(rt, number)
        assert stored == z and stored.to_dict() == z.to_dict()
        assert entries("z_report")[-1] == json.loads(json.dumps(z.to_dict()))
        row = ZReport.get((ZReport.till == rt.till) & (ZReport.number == number))
        assert row.grand_total == grand_sales - grand_refunds
        closed = Shift.get_by_id(z.shift_id)
        assert (closed.status, closed.z_number, closed.counted_cash, closed.expected_cash) == (
            "closed", number, result.counted_cash, expected.expected_cash)
    assert Counter.get_by_id(shifts.z_counter(rt.till)).value == days
    assert [z.number for z in zreport.list_z(rt)] == list(range(days, 0, -1))
    assert zreport.z_report(rt).number == days


def test_z_equals_recomputation_over_generated_history(rt: Runtime) -> None:
    _check_history(rt, sign=-1, seed=11, days=3, docs=40)


@pytest.mark.parametrize("seed", [1, 2])
def test_z_with_refunds_stored_positive(sqlite_rt: Runtime, seed: int) -> None:
    _check_history(sqlite_rt, sign=1, seed=seed, days=2, docs=30)


@pytest.mark.slow
def test_z_over_a_long_history(sqlite_rt: Runtime) -> None:
    _check_history(sqlite_rt, sign=-1, seed=99, days=20, docs=300)
