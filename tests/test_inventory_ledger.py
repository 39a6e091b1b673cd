"""Stock ledger properties: on-hand is the sum of movements after any mix of documents."""

from __future__ import annotations

import itertools

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


@settings(max_examples=40, deadline=None,
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
