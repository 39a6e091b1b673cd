"""Keymaps and the scan decoder: key codes from hand-written tables, not from the keymap."""

from __future__ import annotations

import pytest

from termpos.core import keymap as k
from termpos.core.scan_decoder import ScanDecoder, key_events, strip_affixes

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
