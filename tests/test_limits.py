"""Amounts and quantities beyond any shop's are refused where they are typed or imported,
and a sum that still does not fit the store's integers is one line, not a traceback."""

from __future__ import annotations

import sys

import pytest

from termpos.core.importing.values import ValueProblem, parse_money, parse_quantity
from termpos.core.money import MAX_AMOUNT, MoneyError, parse_amount
from termpos.core.stockqty import QtyError, parse_qty


def test_amounts_up_to_the_limit_and_not_beyond() -> None:
    assert parse_amount("1000000000.00") == MAX_AMOUNT
    assert parse_amount("-1000000000") == -MAX_AMOUNT
    assert parse_amount("0" * 5000 + "12.34") == 1234
    for text in ("1000000000.01", "99999999999999999999", "9" * 5000):
        with pytest.raises(MoneyError, match="amount too large"):
            parse_amount(text)
    assert parse_amount("100000000000", 0) == MAX_AMOUNT  # a currency without decimals
    with pytest.raises(MoneyError, match="too large"):
        parse_amount("100000000001", 0)


def test_quantities_up_to_the_limit_and_not_beyond() -> None:
    assert parse_qty("100000000") == MAX_AMOUNT  # milli-units: 100,000,000 items
    with pytest.raises(QtyError, match="quantity too large"):
        parse_qty("100000000.001")
    with pytest.raises(QtyError, match="quantity too large"):
        parse_qty("-999999999999", signed=True)


@pytest.mark.parametrize("text", ["99999999999999999999", "1000000000.01", "1.000.000.001,00",
                                  "$2,000,000,000.00"])
def test_imported_amounts_beyond_the_limit_are_a_row_problem(text: str) -> None:
    with pytest.raises(ValueProblem, match="too large an amount"):
        parse_money(text)


def test_imported_amounts_at_the_limit_are_read_both_ways() -> None:
    # the fast path (plain cells) and the full rules agree at the edge
    assert parse_money("999999999.99") == parse_money("999,999,999.99") == MAX_AMOUNT - 1
    assert parse_money("1000000000") == parse_money("1,000,000,000") == MAX_AMOUNT
    assert parse_quantity("99999999.999") == parse_quantity("99,999,999.999") == MAX_AMOUNT - 1
    with pytest.raises(ValueProblem, match="too large a quantity"):
        parse_quantity("100000000.001")
    with pytest.raises(ValueProblem, match="too large a quantity"):
        parse_quantity("999999999999999")


def test_a_sum_too_large_for_the_store_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import termpos.cli.root as root
    from termpos.cli import main

    def overflow(*_args: object, **_kwargs: object) -> None:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(root, "app", overflow)
    monkeypatch.setattr(sys, "argv", ["termpos", "report", "sales"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "a number is too large for the store; nothing was saved" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
