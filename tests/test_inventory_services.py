"""Inventory services: suppliers, orders, partial receiving, adjustments and their permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.core.periods import Period
from termpos.models import Journal, Product, PurchaseOrder, Sale, StockMove
from termpos.services import adjust, purchasing, receiving, reordering, stockinfo, suppliers
from termpos.services.reports import stock as stock_reports
from termpos.services.reports.base import Filters
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand
from termpos.services.users import UserInfo

from .invhelp import assert_journal_chain, make_product, make_staff, sell


@pytest.fixture
def staff(rt: Runtime) -> dict[str, UserInfo]:
    return make_staff(rt)


def _kinds() -> list[str]:
    return [j.kind for j in Journal.select().order_by(Journal.id)]


def test_suppliers_add_link_show(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    suppliers.add_supplier(rt, boss, "Acme Foods", contact="Ann", phone="+44 1",
                           email="a@acme.test", lead_time_days=3)
    with pytest.raises(Refused, match="exists already"):
        suppliers.add_supplier(rt, boss, "acme foods")
    with pytest.raises(PermissionDenied):
        suppliers.add_supplier(rt, staff["cashier"], "Other")
    p = make_product(rt, "A1", cost=120)
    item = suppliers.link_product(rt, boss, "Acme Foods", "A1", cost=99, supplier_code="X-9")
    assert (item.cost, item.supplier_code, item.main_supplier) == (99, "X-9", True)
    assert Product.get_by_id(p.id).supplier.name == "Acme Foods"
    suppliers.link_product(rt, boss, "acme foods", "A1", cost=95)  # update keeps the code
    info, items = suppliers.supplier_info("Acme Foods")
    assert info.lead_time_days == 3 and info.products == 1
    assert [(i.code, i.cost, i.supplier_code) for i in items] == [("A1", 95, "X-9")]
    assert [s.name for s in suppliers.list_suppliers()] == ["Acme Foods"]
    imported = make_product(rt, "A0", cost=70)
    Product.update(supplier=info.id).where(Product.id == imported.id).execute()
    _, items = suppliers.supplier_info("Acme Foods")
    assert [(i.code, i.cost, i.main_supplier) for i in items] == [("A0", 70, True),
                                                                  ("A1", 95, True)]
    assert _kinds().count("supplier.link") == 2
    with pytest.raises(NotFound):
        suppliers.supplier_info("Nobody")


def test_auto_order_from_velocity(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    suppliers.add_supplier(rt, boss, "Acme", lead_time_days=7)
    fast = make_product(rt, "FAST", level=10_000)
    make_product(rt, "SLOW", level=5_000)
    make_product(rt, "FINE", level=5_000)
    for code in ("FAST", "SLOW", "FINE"):
        suppliers.link_product(rt, boss, "Acme", code, cost=50)
    receiving.receive(rt, boss, [("FAST", 30_000), ("SLOW", 2_000), ("FINE", 9_000)])
    sell(rt, fast, 28_000)  # 28 in 28 days: 1 a day, covers 7 lead + 7 review = 14
    today = rt.clock.now().date()
    month = Filters(Period(today - dt.timedelta(days=27), today))
    report = {r[1]: r[9] for r in stock_reports.reorder_report(rt, month).rows}
    order = purchasing.create_order(rt, "Acme", boss, auto=True)
    assert order.number == "PO-000001" and order.status == "draft"
    got = {line.code: line.qty_milli for line in order.lines}
    # FAST: 2 on hand, level 10 + demand 14 - 2 -> 22; SLOW: no sales, back up to 5 -> 3
    assert got == {"FAST": 22_000, "SLOW": 3_000} == report  # one formula, two places
    # the report counts the open order too: nothing left to order (SLOW is at its level)
    assert {r[1]: r[9] for r in stock_reports.reorder_report(rt, month).rows} == {"SLOW": 0}
    assert all(line.cost == 50 for line in order.lines)
    # what is on order counts: a second auto order finds nothing
    with pytest.raises(Refused, match="nothing to order"):
        purchasing.create_order(rt, "Acme", boss, auto=True)
    manual = purchasing.create_order(rt, "Acme", boss, items=[("FINE", 4_000)])
    assert manual.number == "PO-000002" and [ln.code for ln in manual.lines] == ["FINE"]
    with pytest.raises(PermissionDenied):
        purchasing.create_order(rt, "Acme", staff["cashier"], items=[("FINE", 1000)])
    with pytest.raises(Refused, match="by the item"):
        purchasing.create_order(rt, "Acme", boss, items=[("FINE", 1500)])
    assert PurchaseOrder.select().count() == 2


def test_old_sales_fall_out_of_the_window(rt: Runtime, clock: object,
                                          staff: dict[str, UserInfo]) -> None:
    p = make_product(rt, "OLD", level=1000)
    sell(rt, p, 50_000)
    clock.advance(40 * 86400)  # type: ignore[attr-defined]
    assert reordering.sold_in_window(rt, [p.id], 28) == {p.id: 0}
    sell(rt, p, 3_000)
    assert reordering.sold_in_window(rt, [p.id], 28) == {p.id: 3_000}


def test_partial_receiving(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss, cashier = staff["manager"], staff["cashier"]
    suppliers.add_supplier(rt, boss, "Acme")
    a, b = make_product(rt, "A", cost=100), make_product(rt, "B", cost=200)
    order = purchasing.create_order(rt, "Acme", boss, items=[("A", 10_000), ("B", 5_000)])
    purchasing.mark_sent(rt, boss, order.number)
    first = receiving.receive(rt, cashier, [("A", 4_000), ("A", 2_000)], order=order.number)
    assert first.status == "partial" and first.document == order.number
    assert first.lines[0].received_milli == 6_000 and first.lines[0].ordered_milli == 10_000
    assert on_hand(a.id) == 6_000 and on_hand(b.id) == 0
    with pytest.raises(NotFound, match="C9"):
        receiving.receive(rt, cashier, [("A", 1000), ("C9", 1000)], order=order.number)
    make_product(rt, "C9")
    with pytest.raises(Refused, match="not on PO-000001"):
        receiving.receive(rt, cashier, [("A", 1000), ("C9", 1000)], order=order.number)
    assert on_hand(a.id) == 6_000  # nothing of the refused deliveries was booked
    second = receiving.receive(rt, cashier, [("A", 4_000), ("B", 5_000)], order=order.number,
                               costs={"B": 210})
    assert second.status == "received"
    assert PurchaseOrder.get(PurchaseOrder.number == order.number).status == "received"
    assert Product.get_by_id(b.id).cost == 200  # no --update-cost: cost unchanged
    with pytest.raises(Refused, match="fully received"):
        receiving.receive(rt, cashier, [("A", 1000)], order=order.number)
    moves = list(StockMove.select().where(StockMove.kind == "receive").order_by(StockMove.id))
    assert [m.qty_milli for m in moves] == [6_000, 4_000, 5_000]
    assert {m.document for m in moves} == {"PO-000001"}
    assert _kinds().count("stock.receive") == 2
    assert assert_journal_chain() >= 5


def test_receive_without_order_and_cost_update(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    p = make_product(rt, "A", cost=100, barcode="4006381333931")
    d = receiving.receive(rt, boss, [("4006381333931", 3_000)], costs={"A": 125},
                          update_cost=True, note="van")
    assert d.document == "GR-000001" and d.order == ""
    assert d.lines[0].cost_changed_from == 100 and Product.get_by_id(p.id).cost == 125
    with pytest.raises(PermissionDenied):
        receiving.receive(rt, staff["cashier"], [("A", 1000)], costs={"A": 1},
                          update_cost=True)
    d2 = receiving.receive(rt, staff["cashier"], [("A", 1000)])
    assert d2.document == "GR-000002" and on_hand(p.id) == 4_000
    payload = json.loads(Journal.select().where(Journal.kind == "stock.receive")
                         .order_by(Journal.id).first().payload)
    assert payload["cost_updates"] == [["A", 100, 125]]


def test_adjust_permissions(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    cashier = staff["cashier"]
    p = make_product(rt, "A")
    limit = rt.settings.stock_adjust_limit  # 10 items by default
    small = adjust.adjust(rt, cashier, "A", -limit, "damaged", note="dropped")
    assert small.approved_by == "" and small.after_milli == -limit
    adjust.adjust(rt, cashier, "A", 50_000, "correction")  # positive: any size
    with pytest.raises(PermissionDenied, match="manager must approve"):
        adjust.adjust(rt, cashier, "A", -limit - 1000, "theft")
    with pytest.raises(PermissionDenied, match="may not approve"):
        adjust.adjust(rt, cashier, "A", -limit - 1000, "theft", approver=("supervisor", "2222"),
                      approval_reason="x")
    with pytest.raises(Refused, match="wrong PIN"):
        adjust.adjust(rt, cashier, "A", -limit - 1000, "theft", approver=("manager", "0000"),
                      approval_reason="x")
    with pytest.raises(Refused, match="needs a reason"):
        adjust.adjust(rt, cashier, "A", -limit - 1000, "theft", approver=("manager", "3333"))
    assert on_hand(p.id) == 50_000 - limit
    done = adjust.adjust(rt, cashier, "A", -limit - 1000, "theft",
                         approver=("manager", "3333"), approval_reason="break-in")
    assert done.approved_by == "manager"
    own = adjust.adjust(rt, staff["manager"], "A", -30_000, "expired")
    assert own.approved_by == ""
    override = json.loads(Journal.get(Journal.kind == "override").payload)
    assert override["reason"] == "break-in" and override["action"] == "stock_adjust_large"
    move = StockMove.select().where(StockMove.reason == "theft").get()
    assert move.document == "approved by manager" and move.user.name == "cashier"
    with pytest.raises(Refused, match="unknown reason"):
        adjust.adjust(rt, cashier, "A", 1000, "lost")
    with pytest.raises(Refused, match="zero"):
        adjust.adjust(rt, cashier, "A", 0, "correction")
    assert assert_journal_chain() >= 4


def test_warnings_and_history(rt: Runtime, staff: dict[str, UserInfo], clock: object) -> None:
    boss = staff["manager"]
    a, b, c = make_product(rt, "A", level=5000), make_product(rt, "B", level=None), \
        make_product(rt, "C", level=2000)
    receiving.receive(rt, boss, [("A", 6_000), ("C", 9_000)], note="first")
    sell(rt, a, 1_000)
    sell(rt, b, 2_000)
    warned = stockinfo.reorder_warnings(rt, [a.id, b.id, c.id])
    assert [(w.code, w.on_hand_milli) for w in warned] == [("A", 5_000)]
    assert [w.code for w in stockinfo.negative_stock(rt, [a.id, b.id])] == ["B"]
    assert [w.code for w in stockinfo.negative_stock(rt)] == ["B"]
    notices = stockinfo.after_sale(rt, [a.id, b.id, c.id])
    assert [w.code for w in notices.reorder] == ["A"]
    assert [w.code for w in notices.negative] == ["B"]
    clock.advance(60)  # type: ignore[attr-defined]
    adjust.adjust(rt, staff["cashier"], "A", -2_000, "damaged", note="wet box")
    product, rows = stockinfo.history("A")
    assert product.code == "A"
    assert [(r.kind, r.qty_milli, r.on_hand_after) for r in rows] == [
        ("receive", 6_000, 6_000), ("sale", -1_000, 5_000), ("adjust", -2_000, 3_000)]
    assert rows[0].user == "manager" and rows[0].note == "first" and rows[1].user == ""
    assert rows[2].reason == "damaged" and rows[2].created_at == dt.datetime(2026, 3, 2, 9, 1)
    till_user = staff["cashier"]
    Sale.create(number="T1-000009", till="T1", seq=9, user=till_user.id,
                created_at=rt.clock.now(), tax_mode="inclusive", subtotal=0, tax_total=0,
                total=0)
    sell(rt, a, 1_000, number="T1-000009")
    _, rows = stockinfo.history("A")
    assert (rows[-1].document, rows[-1].user, rows[-1].on_hand_after) == ("T1-000009",
                                                                           "cashier", 2_000)
    _, last = stockinfo.history("A", limit=3)
    assert [(r.kind, r.on_hand_after) for r in last] == [
        ("sale", 5_000), ("adjust", 3_000), ("sale", 2_000)]
