"""Helpers for the till's Pilot and snapshot tests: a small store and a logged-in app."""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from termpos.app import TillApp, make_app
from termpos.models import Product
from termpos.services.runtime import Runtime
from termpos.services.users import create_user

PRODUCTS = [
    ("P1", "4710000000011", "珍珠奶茶", 350),
    ("P2", "4710000000028", "烏龍茶", 250),
    ("P3", "4710000000035", "Sourdough loaf", 450),
    ("P4", "4710000000042", "Sparkling water 1L", 129),
    ("P5", "4710000000059", "鳳梨酥 large", 470),
]


def stock_store(rt: Runtime) -> None:
    """Adds a cashier, a manager and a few products (Chinese names included)."""
    create_user(rt, "cashier", "cashier", "1357")
    create_user(rt, "manager", "manager", "2468")
    now = rt.clock.now()
    for code, barcode, name, price in PRODUCTS:
        Product.create(code=code, barcode=barcode, name=name, tax_class="B", price=price,
                       created_at=now, updated_at=now)


def till(rt: Runtime) -> TillApp:
    """The app over this runtime, console look off so output is the same everywhere."""
    return make_app(rt, console=False)


async def burst(pilot: Pilot[None], text: str, enter: bool = False, times: int = 1) -> None:
    """Sends keys the way a terminal delivers a burst of input (a scanner, a fast typist):
    all posted to the app at once (`times` over), then one wait until the app is idle."""
    from textual import events
    from textual.keys import _character_to_key

    for _ in range(times):
        for ch in text:
            key = "enter" if ch == "\r" else _character_to_key(ch)  # "\t" is "tab"
            pilot.app.post_message(events.Key(key, ch))
        if enter:
            pilot.app.post_message(events.Key("enter", "\r"))
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Types text (as one burst of keys)."""
    await burst(pilot, text)


async def login(pilot: Pilot[None], name: str = "cashier", pin: str = "1357") -> None:
    """Logs in from the login screen."""
    await burst(pilot, name, enter=True)
    await burst(pilot, pin, enter=True)


async def login_and_open(pilot: Pilot[None], float_text: str = "100") -> None:
    """Logs in as the cashier and opens a shift with a float."""
    await login(pilot)
    await burst(pilot, float_text, enter=True)


def screen_text(app: TillApp) -> str:
    """The screen as plain text, rendered the way Textual renders a screenshot."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True))
    return console.export_text()


def pilot_test(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Runs an async test with asyncio.run (no asyncio plugin needed); keeps its fixtures."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


def screen_ansi(app: TillApp) -> str:
    """The screen as the terminal would get it with every colour kept as it is (truecolor)."""
    import io

    from rich.console import Console

    width, height = app.size
    buffer = io.StringIO()
    console = Console(width=width, height=height, file=buffer, force_terminal=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True))
    return buffer.getvalue()


def build_template(folder: Path) -> Path:
    """Builds a stocked store once per module (PIN hashing is slow on purpose); tests copy it."""
    import datetime as dt

    from termpos.core.clock import FixedClock
    from termpos.core.config import Settings
    from termpos.services.runtime import open_runtime
    from termpos.services.users import ensure_pepper

    ensure_pepper(folder / "pepper")
    old = os.environ.get("TERMPOS_PEPPER_FILE")
    os.environ["TERMPOS_PEPPER_FILE"] = str(folder / "pepper")
    try:
        rt = open_runtime(Settings(), str(folder / "store.db"),
                          clock=FixedClock(dt.datetime(2026, 3, 2, 9)), create=True)
        stock_store(rt)
        rt.db.close()
    finally:
        if old is None:
            os.environ.pop("TERMPOS_PEPPER_FILE", None)
        else:
            os.environ["TERMPOS_PEPPER_FILE"] = old
    return folder


def copy_store(template: Path, tmp_path: Path, clock: Any, settings: Any,
               monkeypatch: pytest.MonkeyPatch) -> Runtime:
    """A copy of the stocked store (cashier/1357, manager/2468, five products) for one test."""
    from termpos.services.runtime import open_runtime

    for name in ("store.db", "pepper"):
        shutil.copy(template / name, tmp_path / name)
    monkeypatch.setenv("TERMPOS_PEPPER_FILE", str(tmp_path / "pepper"))
    return open_runtime(settings, str(tmp_path / "store.db"), clock=clock)
