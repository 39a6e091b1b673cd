"""Stock ledger properties: on-hand is the sum of movements after any mix of documents."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termpos.models import StockMove
from termpos.services import adjust, counts, receiving, stockinfo
from termpos.services.runtime import Runtime
from termpos.services.stock import on_hand, record_move
from termpos.services.users import UserInfo, create_user

from .invhelp import make_product

_SEQ = itertools.count(1)

OPS = st.lists(
    st.tuples(
        st.sampled_from(["sale", "refund", "receive", "adjust", "count"]),
        st.integers(min_value=1, max_value=40),
        st.booleans(),
    ),
    min_size=1, max_size=8,
)


def _manager(rt: Runtime) -> UserInfo:
    from termpos.models import User
    from termpos.services.users import to_info

    row = User.get_or_none(User.name == "boss")
    return to_info(row) if row else create_user(rt, "boss", "manager", "9999", actor="test")


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_on_hand_is_the_sum_of_movements(rt: Runtime, ops: list[tuple[str, int, bool]]) -> None:
    boss = _manager(rt)
    product = make_product(rt, f"PROP{next(_SEQ)}")
    expected = 0
    for kind, units, flag in ops:
        qty = units * 1000
        if kind == "sale":
            record_move(rt, product.id, -qty, "sale", document="T1-1")
            expected -= qty
        elif kind == "refund":
            record_move(rt, product.id, qty, "refund", document="T1-2")
            expected += qty
        elif kind == "receive":
            receiving.receive(rt, boss, [(product.code, qty)])
            expected += qty
        elif kind == "adjust":
            signed = -qty if flag else qty
            adjust.adjust(rt, boss, product.code, signed, "correction")
            expected += signed
        else:
            counts.start_count(rt, boss, codes=[product.code])
            if flag:  # a sale while the count is open, before the entry
                record_move(rt, product.id, -1000, "sale", document="T1-3")
            counts.enter_count(rt, product.code, qty)
            counts.finish_count(rt, boss)
            expected = qty
        total = sum(m.qty_milli for m in StockMove.select().where(StockMove.product == product.id))
        assert on_hand(product.id) == total == expected
    _, rows = stockinfo.history(product.code)
    assert rows[-1].on_hand_after == expected


DELIVERIES = st.lists(st.tuples(st.booleans(), st.integers(1, 6), st.integers(0, 6)),
                      min_size=1, max_size=6)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deliveries=DELIVERIES)
def test_partial_deliveries_add_up(rt: Runtime, deliveries: list[tuple[bool, int, int]]) -> None:
    """Received quantities accumulate per line; the status follows them; stock matches."""
    from termpos.core.errors import Refused
    from termpos.models import PurchaseOrder, PurchaseOrderLine
    from termpos.services import purchasing, suppliers

    boss = _manager(rt)
    n = next(_SEQ)
    supplier = f"S{n}"
    suppliers.add_supplier(rt, boss, supplier)
    a, b = make_product(rt, f"PA{n}"), make_product(rt, f"PB{n}")
    order = purchasing.create_order(rt, supplier, boss, items=[(a.code, 5000), (b.code, 3000)])
    got = {a.id: 0, b.id: 0}
    status = "draft"
    for a_first, qa, qb in deliveries:
        items = [(a.code, qa * 1000)] + ([(b.code, qb * 1000)] if qb else [])
        if not a_first:
            items.reverse()
        if status == "received":
            with pytest.raises(Refused):
                receiving.receive(rt, boss, items, order=order.number)
            continue
        receiving.receive(rt, boss, items, order=order.number)
        got[a.id] += qa * 1000
        got[b.id] += qb * 1000
        status = "received" if got[a.id] >= 5000 and got[b.id] >= 3000 else "partial"
        assert PurchaseOrder.get_by_id(order.id).status == status
    lines = {ln.product_id: ln.received_milli for ln in
             PurchaseOrderLine.select().where(PurchaseOrderLine.order == order.id)}
    assert lines == got
    assert on_hand(a.id) == got[a.id] and on_hand(b.id) == got[b.id]
