"""The console-safe look under TERM=linux: 16 ANSI colours and only glyphs the font has."""

from __future__ import annotations

import re

import pytest

from termpos.app import make_app
from termpos.models import BasketLine, Product
from termpos.services.runtime import Runtime
from termpos.widgets.look import FORBIDDEN_GLYPHS
from tests.tillkit import (
    burst,
    login_and_open,
    pilot_test,
    screen_ansi,
    screen_text,
)

# Colours beyond the 16 ANSI ones: 256-colour and truecolor SGR sequences.
WIDE_COLOUR = re.compile(r"\x1b\[[0-9;]*(?:38|48);[25];")


def forbidden(text: str) -> set[str]:
    return {ch for ch in text if ch in FORBIDDEN_GLYPHS}


@pytest.fixture
def teas(store: Runtime) -> Runtime:
    now = store.clock.now()
    Product.insert_many([{"code": f"C{i}", "name": f"Tea {i}", "tax_class": "A", "price": i,
                          "created_at": now, "updated_at": now} for i in range(60)]).execute()
    return store


async def _screens(store: Runtime) -> list[tuple[str, str]]:
    """Renders login, sale (scrolling), search (scrolling), tender: (text, ansi) each."""
    app = make_app(store)
    shots: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        shots.append((screen_text(app), screen_ansi(app)))
        await login_and_open(pilot)
        await burst(pilot, "4710000000042", enter=True, times=20)
        assert BasketLine.select().count() == 20  # more lines than the table shows: it scrolls
        shots.append((screen_text(app), screen_ansi(app)))
        await pilot.press("f2")
        await burst(pilot, "tea")
        shots.append((screen_text(app), screen_ansi(app)))
        await pilot.press("escape", "f10")
        await pilot.pause()
        shots.append((screen_text(app), screen_ansi(app)))
        assert app.console_safe is (app.console.color_system == "standard")
    return shots


@pilot_test
async def test_linux_console_gets_the_safe_look(teas: Runtime,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "linux")
    shots = await _screens(teas)
    assert "Tea 1" in shots[2][0] and "Payment" in shots[3][0]
    assert all("┌" in shots[i][0] for i in (0, 2, 3))  # plain box-drawing borders
    for text, ansi in shots:
        assert forbidden(text) == set()
        assert WIDE_COLOUR.search(ansi) is None


@pilot_test
async def test_other_terminals_keep_textual_look(teas: Runtime,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The same screens elsewhere use the glyphs the check looks for: the check can fail."""
    monkeypatch.setenv("TERM", "xterm-256color")
    shots = await _screens(teas)
    assert forbidden(shots[0][0])  # "tall" input borders
    assert WIDE_COLOUR.search(shots[1][1]) is not None


def _bar_glyphs(renderer: type) -> set[str]:
    glyphs: set[str] = set()
    for position in range(0, 80, 3):
        for vertical in (True, False):
            segments = renderer.render_bar(size=20, virtual_size=100, window_size=20,
                                           position=position, vertical=vertical)
            glyphs |= {ch for seg in segments.segments for ch in seg.text}
    return glyphs


def test_console_scrollbars_use_no_eighth_blocks() -> None:
    from textual.scrollbar import ScrollBarRender

    from termpos.widgets.look import ConsoleScrollBarRender

    assert forbidden("".join(_bar_glyphs(ScrollBarRender)))  # Textual's own would fail
    assert forbidden("".join(_bar_glyphs(ConsoleScrollBarRender))) == set()
