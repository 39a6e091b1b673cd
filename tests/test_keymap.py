"""Keymaps: the scanner's layouts and decoder (key codes from hand-written tables), and the
till's [keys] table (binding ids kept in step with the screens, key names with Textual's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from termpos.core import keymap as k
from termpos.core.scan_decoder import ScanDecoder, key_events, strip_affixes
from termpos.services.runtime import Runtime

KEY_Q, KEY_W, KEY_A, KEY_Z, KEY_Y, KEY_M, KEY_1, KEY_2, KEY_3, KEY_0 = (
    16, 17, 30, 44, 21, 50, 2, 3, 4, 11)


@pytest.mark.parametrize(("layout", "code", "shift", "expected"), [
    ("us", KEY_A, False, "a"), ("us", KEY_A, True, "A"), ("us", KEY_2, True, "@"),
    ("us", KEY_1, False, "1"), ("uk", KEY_2, True, '"'), ("uk", KEY_3, True, "£"),
    ("uk", k.KEY_APOSTROPHE, True, "@"), ("uk", k.KEY_BACKSLASH, False, "#"),
    ("de", KEY_Y, False, "z"), ("de", KEY_Z, False, "y"), ("de", KEY_3, True, "§"),
    ("de", k.KEY_MINUS, False, "ß"), ("de", k.KEY_SLASH, True, "_"),
    ("de", k.KEY_APOSTROPHE, True, "Ä"), ("fr", KEY_Q, False, "a"), ("fr", KEY_A, True, "Q"),
    ("fr", KEY_W, False, "z"), ("fr", KEY_Z, False, "w"), ("fr", KEY_1, False, "&"),
    ("fr", KEY_1, True, "1"), ("fr", KEY_0, True, "0"), ("fr", KEY_2, False, "é"),
    ("fr", k.KEY_SEMICOLON, False, "m"), ("fr", KEY_M, False, ","),
    ("us", 79, False, "1"), ("de", 82, True, "0"),  # keypad digits whatever the layout
])
def test_layout_tables(layout: str, code: int, shift: bool, expected: str) -> None:
    assert k.Keymap(layout).char(code, shift=shift) == expected


@pytest.mark.parametrize(("layout", "code", "shift", "expected"), [
    ("us", KEY_A, False, "A"), ("us", KEY_A, True, "a"), ("us", KEY_1, False, "1"),
    ("us", KEY_2, True, "@"), ("fr", KEY_1, False, "&"), ("de", k.KEY_APOSTROPHE, False, "Ä"),
])
def test_caps_lock_flips_letters_only(layout: str, code: int, shift: bool,
                                       expected: str) -> None:
    assert k.Keymap(layout).char(code, shift=shift, caps=True) == expected


def test_altgr_and_unknown() -> None:
    assert k.Keymap("de").char(KEY_Q, altgr=True) == "@"
    assert k.Keymap("fr").char(KEY_0, altgr=True) == "@"
    assert k.Keymap("us").char(59) is None  # F1 types nothing
    with pytest.raises(ValueError, match="unknown keymap"):
        k.Keymap("xx")


def _feed(d: ScanDecoder, events: list[tuple[int, int, int, int]]) -> list[str]:
    out = []
    for t, ty, code, value in events:
        scan = d.feed(ty, code, value, t)
        if scan is not None:
            out.append(scan.code)
    return out


def test_decoder_shift_autorepeat_and_non_key_events() -> None:
    d = ScanDecoder()
    events = [
        (0, 4, 4, 0x70004),  # EV_MSC scan code: ignored
        (0, 1, k.KEY_LEFTSHIFT, 1), (0, 1, KEY_A, 1), (0, 1, KEY_A, 2), (0, 1, KEY_A, 2),
        (0, 1, KEY_A, 0), (0, 1, k.KEY_LEFTSHIFT, 0), (1000, 1, KEY_1, 1), (1000, 0, 0, 0),
        (1000, 1, KEY_1, 0), (2000, 1, k.KEY_KPENTER, 1),
    ]
    assert _feed(d, events) == ["A1"]


def test_decoder_caps_lock_toggle_and_terminators() -> None:
    d = ScanDecoder(terminator="tab")
    ev = [(0, 1, k.KEY_CAPSLOCK, 1), (0, 1, k.KEY_CAPSLOCK, 0), (0, 1, KEY_A, 1),
          (0, 1, k.KEY_LEFTSHIFT, 1), (0, 1, KEY_A, 1), (0, 1, k.KEY_LEFTSHIFT, 0),
          (0, 1, k.KEY_TAB, 1), (0, 1, k.KEY_CAPSLOCK, 1), (0, 1, KEY_A, 1),
          (0, 1, k.KEY_ENTER, 1)]
    assert _feed(d, ev) == ["Aa", "a"]


def test_decoder_prefix_suffix_empty_and_stale() -> None:
    d = ScanDecoder(prefix="]C1", suffix="#")
    assert _feed(d, key_events("]C1ABC#")) == ["ABC"]
    assert _feed(d, key_events("]C1#")) == []  # nothing left: no scan
    # a lost Enter: keys typed 5 s before the next scan are dropped
    old = key_events("999")[:-4]
    assert _feed(d, old + key_events("42", start_us=5_000_000)) == ["42"]
    assert strip_affixes("X12", "Y", "") == "X12"


def test_decoder_ignores_ctrl_chords_and_times_scans() -> None:
    d = ScanDecoder()
    ev = [(0, 1, k.KEY_LEFTCTRL, 1), (0, 1, KEY_A, 1), (0, 1, k.KEY_LEFTCTRL, 0)]
    ev += key_events("12", start_us=10_000, step_us=3000)
    scans = [d.feed(ty, c, v, t) for t, ty, c, v in ev]
    done = [s for s in scans if s is not None]
    assert [s.code for s in done] == ["12"]
    assert done[0].duration_ms == 12  # 1 down/up, 2 down/up, then Enter at 4 x 3 ms


@pytest.mark.parametrize("layout", k.LAYOUTS)
def test_every_layout_round_trips_digits_and_letters(layout: str) -> None:
    text = "0123456789ABCXYZabcxyz"
    assert _feed(ScanDecoder(layout), key_events(text, layout)) == [text]


def test_wedge_detector_tells_scans_from_typing() -> None:
    from termpos.core.wedge import WedgeDetector

    w = WedgeDetector(max_gap_ms=50)
    for i, ch in enumerate("4006381333931"):
        w.key(ch, 1000 + 8 * i)
    assert w.enter(1000 + 8 * 13) == "4006381333931"
    for i, ch in enumerate("1234"):
        w.key(ch, 5000 + 200 * i)  # a person typing
    assert w.enter(5900) is None
    w.key("x", 9000)
    for i, ch in enumerate("5901234123457"):  # a scan right after a stray key
        w.key(ch, 9500 + 5 * i)
    assert w.enter(9570) == "5901234123457"
    w.key("1", 10_000)
    assert w.enter(10_005) is None  # too short


# -- the till's [keys] table: binding ids and key names ------------------------------------
TILL_SCREENS = {
    "app": ("termpos.app.main", "TillApp"), "login": ("termpos.screens.login", "LoginScreen"),
    "open_shift": ("termpos.screens.open_shift", "OpenShiftScreen"),
    "lock": ("termpos.screens.lock", "LockScreen"), "sale": ("termpos.screens.sale", "SaleScreen"),
    "search": ("termpos.screens.search", "SearchModal"),
    "tender": ("termpos.screens.tender", "TenderModal"),
    "ask": ("termpos.screens.ask", "AskModal"), "info": ("termpos.screens.ask", "InfoModal"),
    "override": ("termpos.screens.override", "OverrideModal"),
    "count": ("termpos.screens.count", "CountModal"),
}


def _bindings(cls: type) -> dict[str, str]:
    """A class's bindings that have an id, as id -> key (what the keymap can change)."""
    merged = cls._merged_bindings  # type: ignore[attr-defined]
    return {b.id: b.key for bs in merged.key_to_bindings.values() for b in bs if b.id}


def _class(name: str) -> type:
    import importlib

    module, attr = TILL_SCREENS[name]
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


@pytest.mark.parametrize("screen", sorted(TILL_SCREENS))
def test_core_key_table_matches_the_screens(screen: str) -> None:
    from termpos.core.tillkeys import SCREEN_KEYS

    assert _bindings(_class(screen)) == SCREEN_KEYS[screen]


def test_every_screen_with_keys_is_in_the_table() -> None:
    import importlib
    import pkgutil

    from textual.screen import Screen

    import termpos.screens

    listed = {TILL_SCREENS[name] for name in TILL_SCREENS}
    for info in pkgutil.iter_modules(termpos.screens.__path__, "termpos.screens."):
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if (isinstance(value, type) and issubclass(value, Screen)
                    and value.__module__ == info.name and _bindings(value)
                    and not value.__name__.endswith("Flows")):
                assert (info.name, attr) in listed, f"{attr} is not in core.tillkeys"


def test_textual_keys_and_names_match_core() -> None:
    from textual.app import App
    from textual.keys import Keys, _character_to_key
    from textual.screen import Screen

    from termpos.core import tillkeys

    named = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
    assert named - {"return", "ctrl-at"} == tillkeys.NAMED_KEYS
    unnamed = {key for cls in (App, Screen) for key, bs in
               cls._merged_bindings.key_to_bindings.items()  # type: ignore[union-attr]
               for b in bs if b.id is None and key != "ctrl+q"}  # TillApp's quit has an id
    assert unnamed == set(tillkeys.TEXTUAL_KEYS)
    for ch in [chr(c) for c in range(32, 127)] + ["é", "點"]:
        assert tillkeys.char_key(ch) == _character_to_key(ch), ch
    for key in [v.value for v in Keys if not v.value.startswith("<")] + ["question_mark"]:
        assert tillkeys.valid_key(key) or key in ("return", "ctrl-at"), key


@pytest.mark.parametrize(("key", "valid"), [
    ("f5", True), ("ctrl+p", True), ("ctrl+shift+f5", True), ("alt+x", True), ("?", True),
    ("plus", True), ("escape", True), ("A", True), ("pagedown", True), ("f24", True),
    ("F5", False), ("f25", False), ("fx5", False), ("shift+ctrl+f5", False),
    ("control+p", False), ("ctrl+", False), ("", False), ("ctrl+ctrl+p", False),
    ("shift+a", False), ("ctrl+A", False), ("page down", False),
])
def test_key_names(key: str, valid: bool) -> None:
    from termpos.core.tillkeys import valid_key

    assert valid_key(key) is valid


def _parse(toml: str) -> object:
    import tomllib

    from termpos.core.config import parse_settings

    return parse_settings(tomllib.loads(toml), "/etc/termpos/shop.toml")


@pytest.mark.parametrize(("toml", "said"), [
    ('[keys]\npay = "f7"\n', "[keys] pay: not a till action (known: ask_enter, back, "),
    ('[keys]\ntender = "F7"\n', "[keys] tender: 'F7' is not a key name"),
    ('[keys]\ntender = "f9"\n', "[keys] tender: key 'f9' already does 'recall' on the sale"),
    ('[keys]\nsearch = "f3"\n', "[keys] search: key 'f3' already does 'quantity' on the sale"),
    ('[keys]\ncard = "escape"\n', "[keys] card: key 'escape' already does 'back' on the tender"),
    ('[keys]\nquit = "f2"\n', "[keys] quit: key 'f2' already does 'search' on the sale"),
    ('[keys]\ntender = "tab"\n', "[keys] tender: key 'tab' is Textual's focus_next"),
    ('[keys]\ntender = "f7,f8"\n', "key 'f8' already does 'park'"),
    ('[keys]\ntender = "p"\n', "[keys] tender: key 'p' types a character"),
    ('[keys]\nsearch = "question_mark"\n', "key 'question_mark' types a character"),
    ('[keys]\nsearch = "space"\n', "key 'space' types a character"),
])
def test_bad_keys_tables_are_refused(toml: str, said: str) -> None:
    from termpos.core.config import ConfigError

    with pytest.raises(ConfigError) as info:
        _parse(toml)
    text = str(info.value)
    assert text.startswith("config file /etc/termpos/shop.toml: ") and said in text
    assert "\n" not in text and info.value.exit_code == 2


def test_good_keys_tables_pass() -> None:
    from termpos.core.config import Settings

    swap = _parse('[keys]\nsearch = "f10"\ntender = "f2"\npoints = "f4,ctrl+y"\n')
    assert isinstance(swap, Settings)
    assert swap.keymap == {"search": "f10", "tender": "f2", "points": "f4,ctrl+y"}
    assert _parse('[keys]\nback = "f7"\nlogout = "f12"\n')


def test_the_command_refuses_a_bad_keys_table(tmp_path: Path) -> None:
    from tests.clihelp import run_termpos

    config = tmp_path / "shop.toml"
    config.write_text('[keys]\npya = "f7"\n', encoding="utf-8")
    for args in (["till"], ["report", "sales"], ["config", "check"]):
        result = run_termpos("--config", str(config), "--db", str(tmp_path / "x.db"), *args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert f"config file {config}: [keys] pya: not a till action (known: " in result.stderr
    config.write_text('[keys]\ntender = "f7"\n', encoding="utf-8")
    good = run_termpos("--config", str(config), "config", "check")
    assert good.returncode == 0 and f"config file {config}: ok (keys: tender = f7)" in good.stdout


def test_pilot_remapped_keys_work(store: Runtime, tmp_path: Path) -> None:
    import asyncio
    import dataclasses

    from termpos.core.config import load_settings
    from termpos.models import Sale, Tender
    from termpos.screens.sale import SaleScreen
    from termpos.screens.tender import TenderModal
    from tests.tillkit import burst, login_and_open, screen_text, till

    config = tmp_path / "shop.toml"
    config.write_text('[keys]\ntender = "f7"\ncard = "f4"\n', encoding="utf-8")
    store.settings = dataclasses.replace(store.settings,
                                         keymap=load_settings(str(config)).keymap)

    async def run() -> None:
        app = till(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await login_and_open(pilot)
            await burst(pilot, "4710000000011", enter=True)
            await pilot.press("f10")  # no longer Pay
            assert isinstance(app.screen, SaleScreen)
            assert "f7 Pay" in screen_text(app)
            await pilot.press("f7")
            assert isinstance(app.screen, TenderModal) and "f4 Card" in screen_text(app)
            assert "Enter = cash, F4 = card" in screen_text(app)  # the hint follows the map
            await pilot.press("f4")  # card, the whole amount
            await pilot.pause()
            assert isinstance(app.screen, SaleScreen)

    asyncio.run(run())
    assert [(t.kind, t.amount) for t in Tender.select()] == [("card", 350)]
    assert Sale.select().count() == 1
