"""The till's pure widget logic: keyboard-wedge timing and fitting CJK text to cells."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from termpos.widgets.cells import fit
from termpos.widgets.wedge import WedgeBuffer


def feed(buffer: WedgeBuffer, text: str, gap_s: float, start: float = 100.0) -> float:
    t = start
    for ch in text:
        buffer.feed(ch, t)
        t += gap_s
    return t


def test_fast_digits_are_a_scan() -> None:
    b = WedgeBuffer(50)
    end = feed(b, "4710000000011", 0.004)
    entry = b.enter(end)
    assert entry.scanned and entry.text == "4710000000011"
    assert b.text == ""


@pytest.mark.parametrize(("text", "gap"), [
    ("4710000000011", 0.2),  # typed by hand
    ("12345", 0.001),  # too short for a barcode
    ("47100A0000011", 0.001),  # not all digits
])
def test_not_a_scan(text: str, gap: float) -> None:
    b = WedgeBuffer(50)
    entry = b.enter(feed(b, text, gap))
    assert not entry.scanned and entry.text == text


def test_slow_enter_is_not_a_scan_and_backspace() -> None:
    b = WedgeBuffer(50)
    end = feed(b, "47100000000119", 0.001)
    b.backspace()
    assert b.text == "4710000000011"
    assert not b.enter(end + 1.0).scanned
    assert not WedgeBuffer(50).enter(1.0).scanned  # Enter alone


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("珍珠奶茶", 10, "珍珠奶茶  "),
    ("珍珠奶茶", 5, "珍珠 "),  # a wide character is never split
    ("Sourdough", 4, "Sour"),
    ("", 3, "   "),
])
def test_fit_counts_cells(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected
    assert cell_len(fit(text, width)) == width
