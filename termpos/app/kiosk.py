"""Provides the kiosk app: customers register themselves, and can reach nothing else.

No key bindings (not even quit: a customer must never get the shell; stop it from outside,
e.g. `systemctl stop` or `kill`), no command palette, one screen. It resets after
Settings.kiosk_idle_seconds without input, and a while after each registration.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.screen import Screen

from termpos.screens.kiosk import KioskScreen
from termpos.services.runtime import Runtime

THANKS_SECONDS = 10  # the thank-you stays this long at most before the next customer


class KioskApp(App[None], inherit_bindings=False):
    """The customer-facing self-registration app."""

    TITLE = "termpos kiosk"
    CSS_PATH = "kiosk.tcss"  # the default screen does not load a Screen's own CSS_PATH
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = []
    SCREENS: ClassVar[dict[str, Callable[[], Screen[Any]]]] = {}

    def __init__(self, rt: Runtime, *, monotonic: Callable[[], float] = time.monotonic,
                 tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.rt = rt
        self.input_clock = monotonic
        self.tick_seconds = tick_seconds
        self.last_input = monotonic()
        self.kiosk = KioskScreen(rt)

    def get_default_screen(self) -> Screen[Any]:
        return self.kiosk

    def on_mount(self) -> None:
        self.set_interval(self.tick_seconds, self.reset_if_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.last_input = self.input_clock()
        await super().on_event(event)

    def reset_if_idle(self) -> None:
        """Resets the screen when the customer walked away (or after the thank-you)."""
        if not self.kiosk.ready:
            return
        idle = self.input_clock() - self.last_input
        limit = self.rt.settings.kiosk_idle_seconds
        try:
            if self.kiosk.step == "thanks":
                limit = min(limit, THANKS_SECONDS)
            if idle >= limit and not self.kiosk.pristine:
                self.kiosk.reset()
                self.last_input = self.input_clock()
        except NoMatches:  # the app is closing and its widgets are gone
            return


def make_kiosk(rt: Runtime, *, monotonic: Callable[[], float] = time.monotonic,
               tick_seconds: float = 1.0) -> KioskApp:
    """Builds the kiosk app from a runtime (settings, database, clock)."""
    return KioskApp(rt, monotonic=monotonic, tick_seconds=tick_seconds)
