"""Points tenders in core: whole points, their value, and settling them like a card."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termpos.core import loyalty
from termpos.core.errors import Refused
from termpos.core.tenders import TenderInput, settle


def test_points_tender_carries_points_and_value() -> None:
    t = loyalty.points_tender(250, 2)
    assert (t.kind, t.amount, t.reference) == ("points", 500, "250")
    assert loyalty.tender_points(t, 2) == 250
    assert loyalty.tender_points(TenderInput("points", -500, "250"), 2) == 250  # a refund's
    assert loyalty.tendered_points([t, TenderInput("cash", 100), t], 2) == (500, 1000)
    assert loyalty.tendered_points([TenderInput("card", 100, "X")], 0) == (0, 0)


@pytest.mark.parametrize(("points", "value", "message"), [
    (0, 1, "positive"), (-3, 1, "positive"), (5, 0, "point value is 0"),
])
def test_points_tender_refuses(points: int, value: int, message: str) -> None:
    with pytest.raises(Refused, match=message):
        loyalty.points_tender(points, value)


@pytest.mark.parametrize(("tender", "message"), [
    (TenderInput("points", 10, ""), "whole number"),
    (TenderInput("points", 10, "1.5"), "whole number"),
    (TenderInput("points", 10, "０10"), "whole number"),  # full-width digit
    (TenderInput("points", 10, "0"), "whole number"),
    (TenderInput("points", 11, "10"), "worth 10, not 11"),
])
def test_inconsistent_points_tenders_are_refused(tender: TenderInput, message: str) -> None:
    with pytest.raises(Refused, match=message):
        loyalty.tender_points(tender, 1)


def test_points_settle_like_a_card_with_cash_rounding_on_the_cash_part() -> None:
    s = settle(1234, [loyalty.points_tender(234, 1), TenderInput("cash", 1000)], cash_step=5)
    assert (s.rounding, s.payable, s.change, s.complete) == (0, 1234, 0, True)
    s = settle(1234, [loyalty.points_tender(200, 1), TenderInput("cash", 1100)], cash_step=5)
    assert (s.rounding, s.payable, s.change) == (1, 1235, 65)
    with pytest.raises(Refused, match="cannot exceed the amount due"):
        settle(1234, [loyalty.points_tender(1235, 1)])


@given(total=st.integers(0, 10**7), points=st.integers(0, 10**6),
       spend=st.integers(0, 5000), value=st.integers(1, 100))
def test_paying_with_points_never_earns_more(total: int, points: int, spend: int,
                                             value: int) -> None:
    paid = min(total, points * value)
    earned = loyalty.sale_points(total, paid, spend)
    assert 0 <= earned <= loyalty.sale_points(total, 0, spend)
    assert earned * max(spend, 1) <= max(0, total - paid) or spend == 0
