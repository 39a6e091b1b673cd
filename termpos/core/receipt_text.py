"""Provides every word printed on a receipt, in one place, per language.

The keys are the English texts, so an i18n helper can later route `tr` through gettext with
the same message ids. Unknown languages and missing words fall back to English.
"""

from __future__ import annotations

_ZH_TW: dict[str, str] = {
    "Receipt": "收據",
    "Refund": "退貨",
    "Refund of": "原收據",
    "Till": "收銀台",
    "Cashier": "收銀員",
    "Discount": "折扣",
    "Order discount": "整單折扣",
    "Subtotal": "小計",
    "Rounding": "進位調整",
    "TOTAL": "總計",
    "Change": "找零",
    "Tax": "稅",
    "Rate": "稅率",
    "Net": "未稅",
    "Tax included": "含稅",
    "Tax added": "另加稅",
    "Cash": "現金",
    "Card": "信用卡",
    "Points": "點數",
    "Other": "其他",
    "Tax class": "稅別",
    "Customer": "會員",
    "Points earned": "本次點數",
    "Points balance": "點數餘額",
    "Tax ID": "統一編號",
    "COPY": "副本",
    "TRAINING - NOT A RECEIPT": "訓練模式 - 非正式收據",
    "Test page": "測試頁",
}

_LANGUAGES: dict[str, dict[str, str]] = {"en": {}, "zh_TW": _ZH_TW}


def tr(language: str, text: str) -> str:
    """The receipt word in the given language (English when there is no translation)."""
    return _LANGUAGES.get(language, {}).get(text, text)


def languages() -> tuple[str, ...]:
    """The languages receipts can be printed in."""
    return tuple(_LANGUAGES)
