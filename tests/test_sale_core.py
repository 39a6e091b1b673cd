"""The pure sale engine: scale labels, pricing and tax (golden cases and properties), tenders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termpos.core.barcodes import grams_for_price, make_scale_label, parse_scale_label
from termpos.core.config import BarcodeRule, Settings
from termpos.core.errors import Refused
from termpos.core.gtin import with_check_digit
from termpos.core.pricing import (
    AMOUNT,
    PERCENT,
    Discount,
    LineInput,
    allocate,
    cash_rounding,
    discount_percent_milli,
    price_lines,
)
from termpos.core.tenders import TenderInput, check_reference, settle

RULES = Settings().barcode_rules
A, B = 200_000, 50_000  # 20% and 5% in parts per million


# --- scale labels -------------------------------------------------------------------------

@pytest.mark.parametrize(("prefix", "kind"), [("20", "price"), ("24", "price"), ("25", "weight"),
                                              ("29", "weight"), ("02", "price")])
def test_default_rules_read_each_prefix(prefix: str, kind: str) -> None:
    code = make_scale_label(prefix, "00042", 1234)
    label = parse_scale_label(code, RULES)
    assert label is not None
    assert (label.item_code, label.kind, label.value) == ("00042", kind, 1234)


LABEL = make_scale_label("25", "00001", 750)
WRONG_CHECK = LABEL[:-1] + str((int(LABEL[-1]) + 1) % 10)


@pytest.mark.parametrize("code", [
    WRONG_CHECK,
    LABEL[:-1],  # one digit short
    LABEL + "0",  # one digit long
    with_check_digit("471000000001"),  # an ordinary EAN-13
    with_check_digit("3" + "1" * 11),
    "25ABCDE00750X",
    "",
])
def test_not_a_label(code: str) -> None:
    assert parse_scale_label(code, RULES) is None


def test_rules_are_ordered_and_full_length() -> None:
    rules = (BarcodeRule("2[0-9]", 4, 6, "weight"), BarcodeRule("2[0-9]", 5, 5, "price"))
    code = make_scale_label("23", "00042", 999)
    label = parse_scale_label(code, rules)
    assert label is not None and label.kind == "weight" and label.item_code == "0004"
    label = parse_scale_label(code, tuple(reversed(rules)))
    assert label is not None and label.kind == "price" and label.item_code == "00042"
    # a 12-digit layout never matches a 13-digit code
    assert parse_scale_label(code, (BarcodeRule("2", 5, 5, "price"),)) is None


@pytest.mark.parametrize(("price", "per_kg", "grams"), [
    (1234, 1899, 650), (199, 199, 1000), (100, 199, 503), (1, 1899, 1)])
def test_price_label_weight(price: int, per_kg: int, grams: int) -> None:
    assert grams_for_price(price, per_kg) == grams


@given(st.sampled_from(["20", "21", "25", "28", "02"]), st.integers(0, 99999),
       st.integers(0, 99999))
def test_label_round_trip(prefix: str, item: int, value: int) -> None:
    code = make_scale_label(prefix, f"{item:05d}", value)
    label = parse_scale_label(code, RULES)
    assert label is not None and label.item_code == f"{item:05d}" and label.value == value


# --- pricing: golden cases ----------------------------------------------------------------

GOLDEN = [
    LineInput(1, 1234, 1000, "A", A),
    LineInput(2, 210, 3000, "B", B),
    LineInput(3, 199, 755, "B", B),  # weighed: 1.99/kg x 0.755 kg = 1.50
]


def test_golden_inclusive_line_rounding() -> None:
    t = price_lines(GOLDEN, tax_mode="inclusive")
    assert [ln.amount for ln in t.lines] == [1234, 630, 150]
    assert [ln.tax for ln in t.lines] == [206, 30, 7]
    assert t.total == 2014 and t.tax_total == 243
    assert [(r.code, r.net, r.tax) for r in t.taxes] == [("A", 1028, 206), ("B", 743, 37)]


def test_golden_exclusive_line_rounding() -> None:
    t = price_lines(GOLDEN, tax_mode="exclusive")
    assert [ln.tax for ln in t.lines] == [247, 32, 8]
    assert t.total == 2014 + 287
    assert [(r.code, r.net, r.tax) for r in t.taxes] == [("A", 1234, 247), ("B", 780, 40)]


def test_golden_exclusive_document_rounding() -> None:
    t = price_lines(GOLDEN, tax_mode="exclusive", tax_rounding="document")
    assert [ln.tax for ln in t.lines] == [247, 32, 7]  # class B: 5% of 7.80 = 0.39, allocated
    assert [(r.code, r.net, r.tax) for r in t.taxes] == [("A", 1234, 247), ("B", 780, 39)]
    assert t.total == 2300


def test_golden_discounts() -> None:
    lines = [LineInput(1, 1000, 1000, "A", A, Discount(PERCENT, 10_000)),
             LineInput(2, 500, 2000, "B", B, Discount(AMOUNT, 150))]
    t = price_lines(lines, order_discount=Discount(AMOUNT, 100))
    assert [ln.line_discount for ln in t.lines] == [100, 150]
    assert [ln.order_discount for ln in t.lines] == [51, 49]  # 100 split 900:850
    assert [ln.amount for ln in t.lines] == [849, 801]
    assert t.total == 1650 and t.discount_total == 350 and t.subtotal == 2000


def test_fixed_amount_of_a_price_label() -> None:
    t = price_lines([LineInput(1, 1899, 650, "B", B, fixed_amount=1234)])
    assert t.total == 1234


@pytest.mark.parametrize(("due", "step", "rounding"), [
    (2014, 5, 1), (2012, 5, -2), (2015, 5, 0), (2014, 100, -14), (2050, 100, 50),
    (2049, 100, -49), (2014, 1, 0)])
def test_golden_cash_rounding(due: int, step: int, rounding: int) -> None:
    assert cash_rounding(due, step) == rounding


@pytest.mark.parametrize("step", [5, 100])
def test_cash_rounding_only_on_cash(step: int) -> None:
    card = settle(2014, [TenderInput("card", 2014, "A1")], step)
    assert card.rounding == 0 and card.payable == 2014 and card.complete
    cash = settle(2014, [TenderInput("cash", 5000)], step)
    assert cash.payable % step == 0 and cash.rounding == cash.payable - 2014
    assert cash.change == 5000 - cash.payable


def test_split_tender_rounds_only_the_cash_part() -> None:
    s = settle(2014, [TenderInput("card", 1000, "ref-1"), TenderInput("cash", 1020)], 5)
    assert s.rounding == 1 and s.payable == 2015 and s.change == 5 and s.complete


def test_partial_payment_is_not_complete() -> None:
    s = settle(2014, [TenderInput("card", 1000)], 5)
    assert not s.complete and s.remaining == 1014


@pytest.mark.parametrize("tenders", [
    [TenderInput("card", 3000)],  # change on a card
    [TenderInput("cash", 0)],
    [TenderInput("cheque", 100)],
    [TenderInput("card", 100, "4111 1111 1111 1111")],
    [TenderInput("other", 100, "5500-0000-0000-0004")],
    [TenderInput("cash", 100, "ref")],
])
def test_bad_tenders_are_refused(tenders: list[TenderInput]) -> None:
    with pytest.raises(Refused):
        settle(2014, tenders, 1)


@pytest.mark.parametrize("ref", ["AUTH 123456", "TX-2026-0001", "123456789012", ""])
def test_references_that_are_not_card_numbers(ref: str) -> None:
    assert check_reference(ref) == ref.strip()


def test_discount_size_for_the_limit() -> None:
    assert discount_percent_milli(Discount(AMOUNT, 101), 1000) == 10_100
    assert discount_percent_milli(Discount(PERCENT, 12_500), 1000) == 12_500


# --- pricing and tenders: properties --------------------------------------------------------

line_st = st.builds(
    LineInput, key=st.integers(0, 10**6), unit_price=st.integers(0, 100_000),
    qty_milli=st.integers(1, 20_000), tax_class=st.sampled_from(["A", "B", "Z"]),
    rate_ppm=st.just(0),
    discount=st.none() | st.builds(Discount, st.just(PERCENT), st.integers(0, 100_000))
    | st.builds(Discount, st.just(AMOUNT), st.integers(0, 50_000)),
)
RATES = {"A": A, "B": B, "Z": 0}


@settings(max_examples=200, deadline=None)
@given(st.lists(line_st, min_size=1, max_size=10), st.sampled_from(["inclusive", "exclusive"]),
       st.sampled_from(["line", "document"]),
       st.none() | st.builds(Discount, st.sampled_from([PERCENT]), st.integers(0, 100_000))
       | st.builds(Discount, st.just(AMOUNT), st.integers(0, 200_000)))
def test_totals_reconcile(lines: list[LineInput], mode: str, rounding: str,
                          order: Discount | None) -> None:
    lines = [LineInput(ln.key, ln.unit_price, ln.qty_milli, ln.tax_class, RATES[ln.tax_class],
                       ln.discount) for ln in lines]
    t = price_lines(lines, tax_mode=mode, tax_rounding=rounding, order_discount=order)
    amounts = sum(ln.amount for ln in t.lines)
    assert all(ln.amount >= 0 and 0 <= ln.tax <= max(ln.amount, ln.tax) for ln in t.lines)
    assert t.subtotal - t.discount_total == amounts
    assert sum(ln.tax for ln in t.lines) == t.tax_total == sum(r.tax for r in t.taxes)
    if mode == "inclusive":
        assert t.total == amounts == sum(r.net + r.tax for r in t.taxes)
    else:
        assert t.total == amounts + t.tax_total and sum(r.net for r in t.taxes) == amounts
    assert sum(ln.order_discount for ln in t.lines) == t.order_discount


@given(st.integers(-10**9, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_allocate_is_exact(total: int, weights: list[int]) -> None:
    shares = allocate(total, weights)
    assert sum(shares) == total
    if sum(weights) > 0:
        assert all(w > 0 or s == 0 for w, s in zip(weights, shares, strict=True))


@settings(max_examples=300)
@given(st.integers(0, 10**7), st.sampled_from([1, 5, 10, 100]),
       st.lists(st.tuples(st.sampled_from(["cash", "card", "other"]), st.integers(1, 10**7)),
                max_size=4))
def test_settlement_invariants(total: int, step: int, offered: list[tuple[str, int]]) -> None:
    tenders = [TenderInput(k, a) for k, a in offered]
    try:
        s = settle(total, tenders, step)
    except Refused:
        assert sum(a for k, a in offered if k != "cash") > total
        return
    cash = sum(a for k, a in offered if k == "cash")
    assert s.change >= 0 and s.change <= cash
    assert 2 * abs(s.rounding) <= step
    if s.complete:
        assert s.paid - s.change == s.payable and s.remaining == 0
    else:
        assert s.change == 0 and s.paid + s.remaining == s.payable
    if cash == 0:
        assert s.rounding == 0
