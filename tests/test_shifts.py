"""Shifts and cash control: open, paid-in/out, no-sale, blind close with over/short, the Z."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from peewee import DatabaseError

from termpos.core.errors import PermissionDenied, Refused
from termpos.models import CashMovement, Counter, PrintJob, Shift, ZReport
from termpos.services import cash, journal, shifts, zreport
from termpos.services.runtime import Runtime
from tests.salegen import Gen
from tests.staffkit import PINS, entries, fast_scrypt, kinds, make_staff

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def _known_day(rt: Runtime) -> None:
    """Float 100.00; cash sale 12.35 paid with 20.00; card sale; cash refund; movements."""
    staff = make_staff(rt)
    shift = shifts.open_shift(rt, staff["cashier"], 10000)
    gen = Gen(rt, shift.id, staff["cashier"].id, random.Random(0))
    gen._store("sale", [{"class": "A", "qty": 1000, "price": 1235, "gross": 1235,
                         "discount": 0, "amount": 1235, "tax": 206}],
               [("cash", 2000)], 0, 765, None)
    gen._store("sale", [{"class": "B", "qty": 2000, "price": 1500, "gross": 3000,
                         "discount": 0, "amount": 3000, "tax": 143}],
               [("card", 3000)], 0, 0, None)
    gen._store("refund", [{"class": "A", "qty": 1000, "price": 500, "gross": 500,
                           "discount": 0, "amount": 500, "tax": 83}],
               [("cash", 500)], 0, 0, None)
    cash.paid_in(rt, staff["supervisor"], 1000, "change from the bank")
    cash.paid_out(rt, staff["supervisor"], 350, "milk for the staff room")
    cash.no_sale(rt, staff["supervisor"])
    cash.no_sale(rt, staff["manager"], "customer wanted change")


def test_blind_close_short_then_over(rt: Runtime) -> None:
    _known_day(rt)
    x = zreport.x_report(rt)
    f = x.figures
    assert (f.cash_sales, f.cash_refunds, f.paid_in, f.paid_out, f.no_sales) == (
        1235, 500, 1000, 350, 2)
    assert f.expected_cash == 10000 + 1235 - 500 + 1000 - 350 == 11385
    assert dict(f.tenders) == {"cash": 1235 - 500, "card": 3000}
    assert (f.sales_total, f.refunds_total, f.net_total, f.tax_total) == (
        4235, 500, 3735, 206 + 143 - 83)
    assert x.counted_cash is None and x.over_short is None
    before = kinds()
    assert zreport.x_report(rt) == x and kinds() == before  # an X changes nothing
    result = shifts.close_shift(rt, 1, denominations={5000: 2, 1000: 1, 200: 1, 100: 1, 50: 1,
                                                      20: 1, 10: 1, 5: 1})
    assert result.counted_cash == 11385
    assert (result.over_short, result.number) == (0, 1)
    assert result.z.denominations[0] == (5000, 2)
    job = json.loads(PrintJob.get_by_id(zreport.queue_report_print(rt, result.z)).payload)
    assert job["title"] == "Z 1" and "Z REPORT No. 1" in job["lines"][0]
    assert all(len(line) <= rt.settings.printer.columns for line in job["lines"])
    # The next day: a short count, then a day with an over.
    shifts.open_shift(rt, 1, 10000)
    short = shifts.close_shift(rt, 1, 9950)
    assert (short.number, short.expected_cash, short.over_short) == (2, 10000, -50)
    shifts.open_shift(rt, 1, 10000)
    over = shifts.close_shift(rt, 1, 10020, denominations={10000: 1, 20: 1})
    assert (over.number, over.over_short) == (3, 20)
    assert [e["over_short"] for e in entries("shift.close")] == [0, -50, 20]


def test_count_must_be_given_and_consistent(sqlite_rt: Runtime) -> None:
    rt = sqlite_rt
    staff = make_staff(rt)
    shifts.open_shift(rt, staff["cashier"], 5000)
    with pytest.raises(Refused, match="count the cash first"):
        shifts.close_shift(rt, staff["cashier"])
    with pytest.raises(Refused, match="add up to 3000, not to the counted 5000"):
        shifts.close_shift(rt, staff["cashier"], 5000, denominations={1000: 3})
    with pytest.raises(Refused, match="negative"):
        shifts.close_shift(rt, staff["cashier"], denominations={1000: -1})
    assert shifts.current_shift(rt) is not None and ZReport.select().count() == 0
    assert not Counter.select().where(Counter.name == shifts.z_counter(rt.till)).exists()


def test_one_open_shift_per_till_and_tills_number_apart(rt: Runtime) -> None:
    staff = make_staff(rt)
    cashier = staff["cashier"]
    with pytest.raises(Refused, match="no open shift: open one"):
        shifts.require_open_shift(rt)
    with pytest.raises(Refused, match="no open shift"):
        shifts.close_shift(rt, cashier, 0)
    with pytest.raises(Refused, match="negative"):
        shifts.open_shift(rt, cashier, -1)
    shifts.open_shift(rt, cashier, 0)
    with pytest.raises(Refused, match="open shift already"):
        shifts.open_shift(rt, cashier, 0)
    t1 = rt.settings
    rt.settings = dataclasses.replace(t1, till_id="T2")
    shifts.open_shift(rt, cashier, 0)
    assert shifts.close_shift(rt, cashier, 0).number == 1
    rt.settings = t1
    assert shifts.close_shift(rt, cashier, 0).number == 1
    assert shifts.shift_status(rt) is None and shifts.last_z_number(rt) == 1


def test_shift_permissions_with_override(rt: Runtime) -> None:
    staff = make_staff(rt)
    matrix = dict(rt.settings.permissions)
    matrix["cashier"] = frozenset({"sell"})
    rt.settings = dataclasses.replace(rt.settings, permissions=matrix)
    with pytest.raises(PermissionDenied):
        shifts.open_shift(rt, staff["cashier"], 100)
    assert Shift.select().count() == 0
    shift = shifts.open_shift(rt, staff["cashier"], 100, approver=("manager", PINS["manager"]),
                              reason="new starter")
    assert entries("override")[-1]["after"] == {"float": 100}
    assert entries("shift.open")[-1] == {"shift": shift.id, "till": "T1", "float": 100,
                                         "approver": "manager"}
    with pytest.raises(PermissionDenied):
        shifts.close_shift(rt, staff["cashier"], 100)
    assert ZReport.select().count() == 0
    result = shifts.close_shift(rt, staff["cashier"], 100, approver=("admin", PINS["admin"]),
                                reason="end of day")
    assert result.number == 1 and entries("shift.close")[-1]["approver"] == "admin"


def test_cash_movements_need_their_permission(rt: Runtime) -> None:
    staff = make_staff(rt)
    cashier = staff["cashier"]
    with pytest.raises(Refused, match="no open shift"):
        cash.paid_in(rt, staff["manager"], 100, "float top-up")
    assert "login" not in kinds()  # refused before any PIN was checked
    shifts.open_shift(rt, cashier, 100)
    for refused in (lambda: cash.paid_in(rt, cashier, 100, "x"),
                    lambda: cash.paid_out(rt, cashier, 100, "x"),
                    lambda: cash.no_sale(rt, cashier)):
        with pytest.raises(PermissionDenied):
            refused()
    assert CashMovement.select().count() == 0
    move = cash.paid_out(rt, cashier, 250, "taxi", approver=("supervisor", PINS["supervisor"]))
    assert (move.kind, move.amount, move.approved_by) == ("paid_out", 250, "supervisor")
    assert CashMovement.get_by_id(move.id).approved_by_id == staff["supervisor"].id
    with pytest.raises(Refused, match="needs a reason"):
        cash.no_sale(rt, cashier, approver=("manager", PINS["manager"]))
    ns = cash.no_sale(rt, cashier, "stuck drawer", approver=("manager", PINS["manager"]))
    assert (ns.kind, ns.amount) == ("no_sale", 0) and cash.no_sale_count(rt) == 1
    assert entries("no_sale")[-1]["approver"] == "manager"
    assert entries("paid_out")[-1] == {"shift": move.shift_id, "amount": 250, "reason": "taxi",
                                       "approver": "supervisor"}
    with pytest.raises(Refused, match="more than zero"):
        cash.paid_in(rt, staff["manager"], 0, "x")
    with pytest.raises(Refused, match="needs a reason"):
        cash.paid_in(rt, staff["manager"], 100, " ")
    assert [m.kind for m in cash.movements(move.shift_id)] == ["paid_out", "no_sale"]


def test_closed_documents_cannot_change(rt: Runtime) -> None:
    _known_day(rt)
    result = shifts.close_shift(rt, 1, 11385)
    with pytest.raises(DatabaseError, match="never"), rt.db.atomic():
        Shift.update(counted_cash=1).where(Shift.id == result.z.shift_id).execute()
    with pytest.raises(DatabaseError, match="never"), rt.db.atomic():
        ZReport.update(grand_total=0).execute()
    with pytest.raises(DatabaseError, match="never"), rt.db.atomic():
        CashMovement.delete().execute()
    assert Shift.get_by_id(result.z.shift_id).counted_cash == 11385


def test_a_failed_close_leaves_no_gap(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    staff = make_staff(rt)
    shifts.open_shift(rt, staff["cashier"], 100)
    real = journal.append

    def failing(rt_: Runtime, kind: str, actor: str, payload: dict[str, object]) -> object:
        if kind == "z_report":
            raise OSError("disk full")
        return real(rt_, kind, actor, payload)

    monkeypatch.setattr(journal, "append", failing)
    with pytest.raises(OSError):
        shifts.close_shift(rt, staff["cashier"], 100)
    monkeypatch.undo()
    assert shifts.current_shift(rt) is not None and ZReport.select().count() == 0
    assert "shift.close" not in kinds()
    assert not Counter.select().where(Counter.name == shifts.z_counter(rt.till)).exists()
    assert shifts.close_shift(rt, staff["cashier"], 100).number == 1


def test_close_day_counts_the_expected_cash(rt: Runtime) -> None:
    """What `termpos demo --sales` uses for one Z per day (not a blind count)."""
    _known_day(rt)
    result = shifts.close_day(rt, 1)
    assert (result.number, result.counted_cash, result.over_short) == (1, 11385, 0)
    shifts.open_shift(rt, 1, 5000)
    assert shifts.close_day(rt, 1, over_short=-25).over_short == -25
    assert Counter.get_by_id(shifts.z_counter(rt.till)).value == 2


def test_two_processes_racing_keep_z_numbers_gap_free(sqlite_rt: Runtime) -> None:
    """Two processes open, pay in and close on one till at once: one open shift, no gaps."""
    import subprocess
    import sys

    from termpos.services.users import create_user

    create_user(sqlite_rt, "boss", "admin", "2580")
    procs = [subprocess.Popen([sys.executable, "-m", "tests.shift_race", sqlite_rt.db_url, "12"])
             for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    closed = list(Shift.select().where(Shift.status == "closed").order_by(Shift.z_number))
    numbers = [s.z_number for s in closed]
    assert numbers == list(range(1, len(closed) + 1)) and len(closed) >= 12
    assert [z.number for z in ZReport.select().order_by(ZReport.number)] == numbers
    assert Counter.get_by_id(shifts.z_counter("T1")).value == len(closed)
    assert Shift.select().where(Shift.status == "open").count() <= 1
    for s in closed:  # each Z counted exactly its own shift's movements
        paid = sum(m.amount for m in CashMovement.select().where(CashMovement.shift == s.id))
        assert s.expected_cash == s.counted_cash == 1000 + paid
