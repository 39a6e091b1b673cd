"""Error messages are templates translated when shown: unit, rule and till (zh_TW) tests."""

from __future__ import annotations

import ast
import dataclasses
import string
from collections.abc import Iterator

import pytest
from textual.widgets import Static

from termpos.core.cashcount import parse_denomination
from termpos.core.errors import PermissionDenied, Refused, TermposError
from termpos.core.i18n import Phrase, set_language
from termpos.core.money import MoneyError, parse_amount
from termpos.models import Product
from termpos.services.runtime import Runtime
from tests.test_i18n import extract
from tests.tillkit import burst, login_and_open, pilot_test, till

WATER = "4710000000042"  # Sparkling water 1L


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    set_language("en")


def test_refused_with_params_follows_the_language() -> None:
    error = Refused("no product with code or barcode {text!r}", text="X1")
    set_language("zh_TW")
    assert str(error) == "查無代碼或條碼為 'X1' 的商品"
    set_language("en")
    assert str(error) == "no product with code or barcode 'X1'"
    assert error.template == "no product with code or barcode {text!r}"
    assert error.args == ("no product with code or barcode {text!r}",)


def test_composed_messages_translate_the_inner_error_too() -> None:
    with pytest.raises(TermposError) as caught:
        parse_denomination("1.234x2", 2)
    english = "denomination '1.234x2': too many decimals for this currency: '1.234'"
    assert str(caught.value) == english
    set_language("zh_TW")
    assert str(caught.value) == "面額 '1.234x2'：此幣別的小數位數太多：'1.234'"


def test_value_errors_stay_value_errors() -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount("abc", 2)
    assert isinstance(caught.value, MoneyError)
    set_language("zh_TW")
    assert str(caught.value) == "不是金額：'abc'"


def test_permission_denied_keeps_its_action_and_translates_the_phrase() -> None:
    error = PermissionDenied("{name} ({role}) may not {doing}: a manager must approve", "sell",
                             name="amy", role="cashier", doing=Phrase("ring up and complete sales"))
    assert error.action == "sell"
    assert str(error) == "amy (cashier) may not ring up and complete sales: a manager must approve"
    set_language("zh_TW")
    assert str(error) == "amy（cashier）不可登錄並完成銷售：需要店長核准"


def test_a_translation_that_does_not_fit_falls_back_to_english() -> None:
    error = Refused("not paid in full: {due} still due", wrong="x")
    with pytest.raises(KeyError):
        str(error)  # the English template itself must fit its params
    assert str(Refused("a {brace} without params")) == "a {brace} without params"


def _error_calls() -> Iterator[tuple[str, ast.Call, ast.expr | None]]:
    classes = extract.error_classes(extract.source_files())
    for path in extract.source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and extract._name(node.func) in classes:
                where = f"{path.relative_to(extract.ROOT)}:{node.lineno}"
                yield where, node, extract.message_argument(node, classes)


def test_error_messages_are_literal_templates() -> None:
    # The rule: an error's message is a string literal, its values go in keywords, so the
    # template can be extracted and translated. To pass on another error (or text already
    # translated) use the literal "{error}" with error=exc: it is formatted when shown.
    bad = []
    for where, call, message in _error_calls():
        if not (isinstance(message, ast.Constant) and isinstance(message.value, str)):
            bad.append(f"{where}: message is not a string literal")
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(message.value) if f is not None}
        own = {"action"} if extract._name(call.func) == "PermissionDenied" else set()
        keywords = {k.arg for k in call.keywords} - own
        if fields != keywords:
            bad.append(f"{where}: placeholders {sorted(fields)} but params {sorted(keywords)}")
    assert bad == []
    assert len(list(_error_calls())) > 300


async def _scan(pilot: object, code: str) -> None:
    await burst(pilot, code, enter=True)  # type: ignore[arg-type]


def _message(app: object) -> str:
    return str(app.screen.query_one("#message", Static).render())  # type: ignore[attr-defined]


@pilot_test
async def test_till_in_chinese_shows_service_errors_in_chinese(store: Runtime) -> None:
    Product.update(active=False).where(Product.barcode == WATER).execute()
    store.settings = dataclasses.replace(store.settings, language="zh_TW")
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_and_open(pilot)
        await _scan(pilot, "2000000000008")
        assert _message(app) == "查無此商品：2000000000008"
        await _scan(pilot, WATER)  # refused by the basket service
        assert _message(app) == "P4 Sparkling water 1L：不可販售（已停用）"
        assert "not for sale" not in _message(app)
