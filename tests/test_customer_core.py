"""Customer codes, field checks, loyalty and habit arithmetic (pure core)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termpos.core import loyalty
from termpos.core.config import ConfigError, Settings, load_settings, parse_settings
from termpos.core.customer import (
    CustomerFieldError,
    clean_email,
    clean_name,
    make_code,
    name_key,
    parse_birthday,
    parse_code,
)
from termpos.core.errors import Refused
from termpos.core.gtin import check_digit
from termpos.core.habits import History


def test_code_has_prefix_number_and_check_digit() -> None:
    assert make_code(1) == "C00000017"
    assert make_code(12345678) == "C123456784"
    assert check_digit("0000001") == 7


@given(st.integers(min_value=1, max_value=10**10))
def test_every_code_parses_back(number: int) -> None:
    code = make_code(number)
    assert parse_code(code) == code
    assert parse_code(code.lower()) == code


def test_code_with_wrong_check_digit_or_shape_is_not_a_code() -> None:
    assert parse_code("C00000018") is None
    assert parse_code("C0000017") is None  # too short
    assert parse_code("00000017") is None
    assert parse_code("Ｃ００００００１７") == "C00000017"  # full-width, as some IMEs type


def test_code_never_reads_as_a_scale_label_or_product_barcode() -> None:
    """Every barcode rule is for all-digit codes; a customer code starts with a letter."""
    rules = Settings().barcode_rules
    for number in (1, 99, 1234567, 9999999):
        code = make_code(number)
        assert not code.isdigit()
        assert all(re.match(f"(?:{rule.pattern})", code) is None for rule in rules)


def test_name_key_folds_case_and_width() -> None:
    assert name_key("  Ｊｏｈｎ   SMITH ") == "john smith"
    assert name_key("王小明") == "王小明"


def test_field_checks() -> None:
    assert clean_name("  Ann   Lee ") == "Ann Lee"
    with pytest.raises(CustomerFieldError, match="name"):
        clean_name("   ")
    assert clean_email(" Ann@Example.COM ") == "ann@example.com"
    assert clean_email("") == ""
    with pytest.raises(CustomerFieldError, match="email"):
        clean_email("ann at example")
    today = dt.date(2026, 3, 2)
    assert parse_birthday("1990-05-17", today) == dt.date(1990, 5, 17)
    assert parse_birthday("", today) is None
    for bad in ("17/05/1990", "2027-01-01", "1850-01-01"):
        with pytest.raises(CustomerFieldError, match="birthday"):
            parse_birthday(bad, today)


def test_points_earned_rounds_down_and_can_be_off() -> None:
    assert loyalty.points_earned(1099, 100) == 10
    assert loyalty.points_earned(99, 100) == 0
    assert loyalty.points_earned(5000, 0) == 0
    assert loyalty.points_earned(-500, 100) == 0
    assert loyalty.eligible_amount(1000, 300) == 700
    assert loyalty.eligible_amount(1000, 1300) == 0
    assert loyalty.eligible_amount(-500, 0) == 0  # a sale that nets negative earns nothing
    assert loyalty.sale_points(1099, 100, 100) == 9


def test_redeem_is_refused_beyond_balance() -> None:
    loyalty.check_redeem(10, 10, 1)
    for points in (0, -1, 11):
        with pytest.raises(Refused):
            loyalty.check_redeem(10, points, 1)
    with pytest.raises(Refused, match="point value is 0"):
        loyalty.check_redeem(10, 5, 0)
    assert loyalty.max_redeemable(500, 250, 1) == 250
    assert loyalty.max_redeemable(500, 250, 3) == 83
    assert loyalty.points_value(83, 3) == 249


@given(st.integers(1, 1000), st.integers(1, 10**6), st.lists(st.integers(1, 10**5), max_size=6),
       st.integers(0, 2000))
def test_refunds_never_take_more_than_earned_or_held(
    earned: int, total: int, parts: list[int], held: int
) -> None:
    taken = 0
    refunded = 0
    balance = held
    for part in parts:
        refunded = min(total, refunded + part)
        take = loyalty.refund_takeback(earned, total, refunded, taken, balance)
        assert 0 <= take <= balance
        taken += take
        balance -= take
        assert taken <= earned
    if refunded == total and held >= earned:
        assert taken == earned


def test_habits_arithmetic() -> None:
    first, last = dt.datetime(2026, 1, 1, 10), dt.datetime(2026, 1, 31, 10)
    h = History(visits=3, refunds=0, spend=1000, first_purchase=first, last_purchase=last,
                points=10)
    assert h.average_basket == 333
    assert h.days_between_visits() == 15
    assert h.days_since_last(dt.datetime(2026, 2, 5, 9)) == 4
    assert History(0, 0, 0, None, None, 0).average_basket == 0


def test_country_code_config_key() -> None:
    assert parse_settings({"customers": {"country_code": "886"}}).customer_country_code == "886"
    assert Settings().customer_country_code == ""
    for bad in ("0886", "+44", "1234", 44):
        with pytest.raises(ConfigError, match="customers.country_code"):
            parse_settings({"customers": {"country_code": bad}}, "shop.toml")
    with pytest.raises(ConfigError, match="unknown key customers.region"):
        parse_settings({"customers": {"region": "TW"}})


def test_example_config_sets_a_country_code() -> None:
    example = Path(__file__).resolve().parents[1] / "config" / "termpos.example.toml"
    assert load_settings(str(example)).customer_country_code == "44"
