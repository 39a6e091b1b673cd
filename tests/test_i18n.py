"""Translations: complete zh_TW and en catalogues, every UI string in them, .mo up to date."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import string
from pathlib import Path
from types import ModuleType

import pytest

from termpos.core import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "termpos" / "locale"


def _script(name: str) -> ModuleType:
    path = ROOT / "scripts" / name
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


compile_po = _script("compile-translations")
extract = _script("extract-messages")


def catalogue(lang: str) -> dict[str, str]:
    po = LOCALE / lang / "LC_MESSAGES" / "termpos.po"
    return compile_po.parse_po(po.read_text(encoding="utf-8"), str(po))


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
def test_catalogue_is_complete(lang: str) -> None:
    messages = catalogue(lang)
    untranslated = [k for k, v in messages.items() if k and not v.strip()]
    assert untranslated == []
    assert len(messages) > 50


def test_every_ui_string_is_in_the_catalogues() -> None:
    used = extract.msgids(extract.source_files())
    assert "Search" in used and "Not found: {code}" in used
    assert "no product with code or barcode {text!r}" in used  # an error template
    assert "ring up and complete sales" in used  # N_() outside the UI
    for lang in ("en", "zh_TW"):
        missing = [m for m in used if m not in catalogue(lang)]
        assert missing == [], lang


def placeholders(text: str) -> list[tuple[str, str | None, str]]:
    return sorted((f, c, s) for _, f, s, c in string.Formatter().parse(text) if f is not None)


def test_zh_tw_keeps_placeholders() -> None:
    for msgid, msgstr in catalogue("zh_TW").items():
        for name in ("{code}", "{user}", "{name}", "{text}", "{count}", "{till}", "{change}"):
            assert (name in msgid) == (name in msgstr), msgid
        assert placeholders(msgid) == placeholders(msgstr), msgid


def test_compiled_catalogues_are_up_to_date() -> None:
    assert compile_po.main(["--check"]) == 0


def test_mo_round_trip_and_language_switch() -> None:
    try:
        i18n.set_language("zh_TW")
        assert i18n._("Search") == "搜尋"
        assert i18n._("Not found: {code}").format(code="123") == "查無此商品：123"
        assert i18n.language() == "zh_TW"
        i18n.set_language("xx")  # unknown: English
        assert i18n._("Search") == "Search"
    finally:
        i18n.set_language("en")
    assert i18n._("Search") == "Search"


def test_parse_po_handles_multiline_and_fuzzy() -> None:
    text = (
        'msgid ""\nmsgstr "Language: x\\n"\n\n'
        'msgid "a"\n"b"\nmsgstr "c"\n"\\"d\\""\n\n'
        '#, fuzzy\nmsgid "e"\nmsgstr "f"\n'
    )
    assert compile_po.parse_po(text) == {"": "Language: x\n", "ab": 'c"d"'}
