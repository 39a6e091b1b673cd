"""Stock counts: freezing, entering, sales during the count, booking differences exactly once."""

from __future__ import annotations

import json

import pytest

from termpos.core.errors import NotFound, PermissionDenied, Refused
from termpos.models import Journal, StockCount, StockCountLine, StockMove
from termpos.services import counts, receiving
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand
from termpos.services.users import UserInfo

from .invhelp import assert_journal_chain, make_product, make_staff, sell


@pytest.fixture
def staff(rt: Runtime) -> dict[str, UserInfo]:
    return make_staff(rt)


def test_count_books_differences_once(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    a, b = make_product(rt, "A", cost=250), make_product(rt, "B", cost=100)
    c = make_product(rt, "C", category="Fresh")
    receiving.receive(rt, boss, [("A", 10_000), ("B", 4_000), ("C", 1_000)])
    view = counts.start_count(rt, boss)
    assert view.products == 3 and view.scope == "all" and view.status == "open"
    assert view.lines == ()
    assert {ln.code: ln.expected_milli for ln in counts.count_view(view.id, lines="all").lines} == {
        "A": 10_000, "B": 4_000, "C": 1_000}
    counts.enter_count(rt, "A", 7_000)
    line = counts.count_scan(rt, view.id, "B", 1000)
    line = counts.count_scan(rt, view.id, "B", 3000)
    assert line.counted_milli == 4_000 and line.difference_milli == 0
    result = counts.finish_count(rt, boss)
    assert [(ln.code, ln.difference_milli, ln.difference_value) for ln in result.lines] == [
        ("A", -3_000, -750)]
    assert result.counted == 2 and result.status == "finished"
    assert on_hand(a.id) == 7_000 and on_hand(b.id) == 4_000 and on_hand(c.id) == 1_000
    with pytest.raises(Refused, match="finished already"):
        counts.finish_count(rt, boss)
    with pytest.raises(Refused, match="finished"):
        counts.finish_count(rt, boss, count_id=view.id)
    with pytest.raises(Refused, match="no stock count is open"):
        counts.enter_count(rt, "A", 1000)
    moves = list(StockMove.select().where(StockMove.kind == "count"))
    assert [(m.qty_milli, m.document) for m in moves] == [(-3_000, "COUNT-000001")]
    fin = json.loads(Journal.get(Journal.kind == "count.finish").payload)
    assert fin["differences"] == [["A", -3000, -750]] and fin["value"] == -750
    assert assert_journal_chain() >= 5


def test_sales_during_a_count_are_not_counted_twice(rt: Runtime,
                                                    staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    a, b = make_product(rt, "A"), make_product(rt, "B")
    receiving.receive(rt, boss, [("A", 10_000), ("B", 10_000)])
    view = counts.start_count(rt, boss, codes=["A", "B"])
    sell(rt, a, 2_000)  # sold before A was counted: the shelf shows 8
    counts.enter_count(rt, "A", 8_000)
    counts.enter_count(rt, "B", 9_000)  # one B missing
    sell(rt, a, 1_000)  # sold after the count: on the shelf 7, the count said 8
    sell(rt, b, 4_000)
    result = counts.finish_count(rt, boss)
    assert [(ln.code, ln.difference_milli) for ln in result.lines] == [("B", -1_000)]
    assert on_hand(a.id) == 7_000 and on_hand(b.id) == 5_000
    line = StockCountLine.get((StockCountLine.count == view.id)
                              & (StockCountLine.product == a.id))
    assert line.expected_milli == 10_000 and line.counted_ref_milli == 8_000


def test_scope_uncounted_and_zeroing(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    make_product(rt, "A", category="Dry")
    fresh = make_product(rt, "F1", category="Fresh")
    make_product(rt, "F2", category="Fresh")
    receiving.receive(rt, boss, [("F1", 5_000), ("F2", 2_000), ("A", 1_000)])
    with pytest.raises(PermissionDenied):
        counts.start_count(rt, staff["cashier"], category="Fresh")
    with pytest.raises(NotFound):
        counts.start_count(rt, boss, category="Frozen")
    view = counts.start_count(rt, boss, category="fresh")
    assert view.scope == "category:Fresh" and view.products == 2
    with pytest.raises(Refused, match="open already"):
        counts.start_count(rt, boss)
    with pytest.raises(Refused, match="not in stock count"):
        counts.enter_count(rt, "A", 1000)
    with pytest.raises(Refused, match="below zero"):
        counts.enter_count(rt, "F2", -1000)
    counts.enter_count(rt, "F2", 2_000)
    result = counts.finish_count(rt, boss, zero_uncounted=True)
    assert [(ln.code, ln.difference_milli) for ln in result.lines] == [("F1", -5_000)]
    assert on_hand(fresh.id) == 0


def test_import_rows_all_or_nothing(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    boss = staff["manager"]
    make_product(rt, "A")
    make_product(rt, "K", weighed=True)
    counts.start_count(rt, boss)
    with pytest.raises(Refused, match=r"f.csv:3: .*by the item"):
        counts.enter_many(rt, [("A", 2_000, "f.csv:2"), ("A", 1_500, "f.csv:3")])
    with pytest.raises(NotFound, match=r"f.csv:2: .*ZZ"):
        counts.enter_many(rt, [("ZZ", 2_000, "f.csv:2")])
    assert StockCountLine.select().where(StockCountLine.counted_milli.is_null(False)).count() == 0
    assert counts.enter_many(rt, [("A", 2_000, "f.csv:2"), ("K", 1_250, "f.csv:3")]) == 2
    view = counts.count_view(StockCount.get().id)
    assert view.counted == 2


def test_finish_without_count(rt: Runtime, staff: dict[str, UserInfo]) -> None:
    with pytest.raises(Refused, match="no stock count is open"):
        counts.finish_count(rt, staff["manager"])
