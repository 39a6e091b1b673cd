"""The self-registration kiosk, driven with Textual's Pilot: register, refuse, reset, no escape."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import html
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from termpos.app.kiosk import KioskApp, make_kiosk
from termpos.models import Customer
from termpos.screens.kiosk import KioskScreen
from termpos.screens.kiosk_text import TEXT
from termpos.services import customers
from termpos.services.runtime import Runtime


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Runs an async test with asyncio.run (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk_rt(sqlite_rt: Runtime) -> Iterator[Runtime]:
    sqlite_rt.settings = dataclasses.replace(
        sqlite_rt.settings, customer_country_code="44", kiosk_idle_seconds=30,
        kiosk_privacy_text="PRIVACY: we keep your phone to count points.")
    yield sqlite_rt


def _app(rt: Runtime, clock: FakeMonotonic) -> KioskApp:
    return make_kiosk(rt, monotonic=clock, tick_seconds=0.02)


async def _type(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def _fill(pilot: Pilot[None], name: str, phone: str, email: str = "",
                birthday: str = "") -> None:
    for value in (name, phone, email, birthday):
        await _type(pilot, value)
        await pilot.press("enter")
    await pilot.pause()


def _shown(app: KioskApp) -> str:
    """The text on the terminal now (from the SVG screenshot)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def _text(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@run_async
async def test_register_with_consent_then_thanks_then_reset(kiosk_rt: Runtime) -> None:
    clock = FakeMonotonic()
    app = _app(kiosk_rt, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _fill(pilot, "Ann Lee", "07700 900123", "ann@example.com", "1990-05-17")
        assert app.kiosk.step == "privacy"
        assert "PRIVACY: we keep your phone" in _text(app, "#privacy-text Static")
        await pilot.press("enter")  # "Yes, send me offers" has the focus
        assert app.kiosk.step == "confirm"
        assert "+447700900123" in _text(app, "#summary")
        assert TEXT.offers_yes in _text(app, "#summary")
        await pilot.press("enter")
        await pilot.pause()
        row = Customer.get()
        assert (row.name, row.phone, row.email, row.source) == (
            "Ann Lee", "+447700900123", "ann@example.com", "kiosk")
        assert row.consent and row.consent_at is not None and str(row.birthday) == "1990-05-17"
        assert app.kiosk.step == "thanks" and _text(app, "#code") == row.code
        clock.now += 11  # the thank-you goes after at most 10 s
        await pilot.pause(0.1)
        assert app.kiosk.pristine and app.kiosk.focused is app.kiosk.query_one("#name", Input)
        assert _text(app, "#code") == "" and app.kiosk.registered_code == ""


@run_async
async def test_bad_details_are_explained_then_consent_refused(kiosk_rt: Runtime) -> None:
    app = _app(kiosk_rt, FakeMonotonic())
    async with app.run_test(size=(80, 24)) as pilot:
        await _fill(pilot, "王小明 [/]", "12")  # brackets in a name are not markup
        assert app.kiosk.step == "form" and "too short" in _text(app, "#error")
        assert app.kiosk.focused is app.kiosk.query_one("#phone", Input)
        await pilot.press("end", "a", "b", "3")  # letters cannot even be typed in the phone
        assert app.kiosk.query_one("#phone", Input).value == "123"
        assert Customer.select().count() == 0
        await pilot.press(*"4567890", "enter", "enter", "enter")
        assert app.kiosk.step == "privacy" and _text(app, "#error") == ""
        await pilot.press("tab", "enter")  # "No offers, thanks"
        assert TEXT.offers_no in _text(app, "#summary") and "[/]" in _text(app, "#summary")
        await pilot.press("enter")
        await pilot.pause()
        row = Customer.get()
        assert (row.name, row.phone) == ("王小明 [/]", "+441234567890")
        assert not row.consent and row.consent_at is None
        assert app.kiosk.step == "thanks"
        await pilot.press("enter")  # Done
        assert app.kiosk.pristine


@run_async
async def test_duplicate_phone_does_not_reveal_who(kiosk_rt: Runtime) -> None:
    known = customers.create_customer(kiosk_rt, "Secret Person", "+447700900123")
    app = _app(kiosk_rt, FakeMonotonic())
    async with app.run_test(size=(80, 24)) as pilot:
        await _fill(pilot, "Mallory", "07700 900123")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.kiosk.step == "confirm"
        assert _text(app, "#confirm-error") == TEXT.already
        shot = _shown(app)
        assert known.code not in shot and "Secret" not in shot
        assert Customer.select().count() == 1


@run_async
async def test_idle_reset_clears_what_was_typed(kiosk_rt: Runtime) -> None:
    clock = FakeMonotonic()
    app = _app(kiosk_rt, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _fill(pilot, "Ann", "07700 900125")
        assert app.kiosk.step == "privacy"
        clock.now += 29
        await pilot.pause(0.1)
        assert app.kiosk.step == "privacy"  # not yet
        await pilot.press("tab")  # any key counts as activity
        clock.now += 29
        await pilot.pause(0.1)
        assert app.kiosk.step == "privacy"
        clock.now += 2
        await pilot.pause(0.1)
        assert app.kiosk.pristine
        assert app.kiosk.query_one("#phone", Input).value == ""
        assert Customer.select().count() == 0


TILL_KEYS = ["ctrl+q", "ctrl+p", "ctrl+c", "escape", "ctrl+t", "ctrl+l", "ctrl+s", "ctrl+z",
             "ctrl+o", "ctrl+backslash", *[f"f{i}" for i in range(1, 13)]]
FORBIDDEN_ACTIONS = ("quit", "command_palette", "push_screen", "switch_screen", "switch_mode",
                     "suspend_process", "help_quit")


@run_async
async def test_kiosk_cannot_reach_any_other_screen(kiosk_rt: Runtime) -> None:
    assert KioskApp.SCREENS == {} and KioskApp.MODES == {}
    assert KioskApp.ENABLE_COMMAND_PALETTE is False and KioskApp.BINDINGS == []
    app = _app(kiosk_rt, FakeMonotonic())
    async with app.run_test(size=(80, 24)) as pilot:
        for step_keys in ([], ["A", "enter", "0", "7", "7", "0", "0", "9", "0", "0",
                               "1", "2", "6", "enter", "enter", "enter"]):
            await pilot.press(*step_keys)
            for key in TILL_KEYS:
                await pilot.press(key)
                assert app.is_running and app.screen_stack == [app.kiosk]
                assert isinstance(app.screen, KioskScreen)
            for binding in app.active_bindings.values():
                action = binding.binding.action.removeprefix("app.").split("(")[0]
                assert action not in FORBIDDEN_ACTIONS, binding
        assert app.kiosk.step == "privacy"


def test_kiosk_form_snapshot(kiosk_rt: Runtime, snap_compare: Any) -> None:
    """What a customer sees first, at 80x24 (console-safe borders)."""
    assert snap_compare(_app(kiosk_rt, FakeMonotonic()), terminal_size=(80, 24))
