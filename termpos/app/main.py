"""Provides the till app and make_app(), the one factory that builds it.

Settings, database and clock come in through the Runtime; the printer spool and scanner
reader through the constructor, so tests pass fakes. Heavy device modules are not imported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from pathlib import PurePath

from peewee import DatabaseError
from textual import events
from textual.app import App
from textual.scrollbar import ScrollBar

from termpos.app.ready import announce_ready
from termpos.core.clock import Clock
from termpos.core.errors import TermposError
from termpos.core.i18n import N_, _, set_language
from termpos.screens.login import LoginScreen
from termpos.screens.session import Session
from termpos.services.runtime import Runtime
from termpos.services.users import UserInfo
from termpos.widgets.look import (
    binding,
    is_linux_console,
    localize_bindings,
    use_console_scrollbars,
)
from termpos.widgets.messages import BarcodeScanned
from termpos.widgets.status import PrinterPort, ScannerFactory, StatusLine


class TillApp(App[None]):
    """The cashier's till."""

    TITLE = "termpos"
    CSS_PATH = "till.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [binding("ctrl+q", "quit", N_("Quit"), "quit", show=False)]

    def __init__(self, rt: Runtime, *, printer: PrinterPort | None = None,
                 scanner: ScannerFactory | None = None, console: bool | None = None) -> None:
        self.console_safe = is_linux_console() if console is None else console
        css: list[str | PurePath] = ["till.tcss"]
        if self.console_safe:
            css.append("console.tcss")
        super().__init__(css_path=css, ansi_color=self.console_safe)
        self.session = Session(rt, printer=printer)
        self.scanner_factory = scanner
        self.rt = rt
        self.keymap: dict[str, str] = dict(rt.settings.keymap)  # applied by localize_bindings
        self.last_activity = rt.clock.now()
        self._scrollbar_renderer = ScrollBar.renderer
        if self.console_safe:
            use_console_scrollbars()
        localize_bindings(self)

    async def action_quit(self) -> None:
        """Quits only from the login screen: a cashier logs out first (never mid-sale)."""
        if isinstance(self.screen, LoginScreen):
            self.exit()
            return
        self.bell()
        self.notify(_("Log out first (F12), then quit from the login screen."),
                    severity="warning")

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit a till; say how to leave instead."""
        self.notify(_("Log out first (F12), then quit from the login screen."),
                    severity="information")

    def on_mount(self) -> None:
        if self.console_safe:
            self.theme = "ansi-dark"
        self.session.refresh_shift()  # the status line says whether a shift is open
        self.push_screen(LoginScreen(self.session))
        self.set_interval(1.0, self.tick)
        self.start_devices()
        self.refresh_status()
        self.call_after_refresh(self.first_screen_drawn)

    def first_screen_drawn(self) -> None:
        """Collections resume (the command's fast path paused them while modules loaded).

        What loading made is frozen first, so the first collection has little to look at
        (a full pass here took 15 ms); the sale screen collects it all after login.
        """
        gc.freeze()
        gc.enable()
        announce_ready(self)
        if not self.rt.has_printer:
            self.call_later(self.skip_stale_jobs)

    def skip_stale_jobs(self) -> None:
        """A till without a printer leaves none of its jobs pending: a store upgraded from
        before print jobs had tills would print them once a printer is set up."""
        from termpos.services.spool import skip_unprinted

        with contextlib.suppress(TermposError, DatabaseError):  # busy: at the next start
            skip_unprinted(self.rt)

    def on_unmount(self) -> None:
        ScrollBar.renderer = self._scrollbar_renderer
        for device in (self.session.scanner, self.session.printer):
            if device is not None:
                with contextlib.suppress(Exception):  # shutting down: nowhere to show it
                    device.stop()

    def start_devices(self) -> None:
        """Starts the print spool and the scanner reader; a fault is shown, the till goes on."""
        try:
            if self.session.printer is not None:
                self.session.printer.start()
        except Exception as exc:
            self.notify(_("Printer: {error}").format(error=exc), severity="warning")
        try:
            if self.scanner_factory is not None:
                self.session.scanner = self.scanner_factory(self._scan_from_device)
                self.session.scanner.start()
        except Exception as exc:
            self.notify(_("Scanner: {error}").format(error=exc), severity="warning")

    def _scan_from_device(self, code: str, source: str) -> None:
        """Called by the scanner reader's thread: post_message is thread-safe."""
        self.post_message(BarcodeScanned(code, source))

    def on_barcode_scanned(self, event: BarcodeScanned) -> None:
        """A scan from the device reaches the sale screen wherever the focus is."""
        from termpos.screens.sale import SaleScreen  # loaded after login, not at start-up

        self.last_activity = self.rt.clock.now()
        from termpos.screens.count import CountModal

        if isinstance(self.screen, SaleScreen | CountModal):
            self.screen.scan(event.code, event.source)
        else:
            self.bell()
            self.notify(_("Scan ignored: {code} (finish this screen first)").format(
                code=event.code), severity="warning")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_activity = self.rt.clock.now()
        await super().on_event(event)

    def tick(self) -> None:
        """Every second: the clock and device states, and the idle lock."""
        self.refresh_status()
        self.check_idle_lock()

    def refresh_status(self) -> None:
        """Shows the current status on the screen's status line."""
        status = self.session.status()
        for line in self.screen.query(StatusLine):
            line.status = status

    def check_idle_lock(self) -> None:
        """Locks the till after Settings.idle_lock_seconds without a key."""
        limit = self.rt.settings.idle_lock_seconds
        idle = self.rt.clock.now() - self.last_activity
        if limit and idle >= dt.timedelta(seconds=limit):
            self.action_lock("idle")

    def action_lock(self, why: str = "key") -> None:
        """Locks the till (only while someone is logged in and it is not locked already)."""
        from termpos.screens.lock import LockScreen

        if self.session.user is None or isinstance(self.screen, (LockScreen, LoginScreen)):
            return
        from termpos.services.session import lock

        with contextlib.suppress(Exception):  # the journal entry never stops the lock
            lock(self.session.rt, self.session.user, why)
        self.push_screen(LockScreen(self.session), self._unlocked)

    def _unlocked(self, who: UserInfo | None) -> None:
        self.last_activity = self.rt.clock.now()
        self.refresh_status()
        if who is not None:
            self.notify(_("Unlocked by {user}").format(user=who.name), timeout=3)


def make_app(rt: Runtime, *, printer: PrinterPort | None = None,
             scanner: ScannerFactory | None = None, clock: Clock | None = None,
             console: bool | None = None) -> TillApp:
    """Builds the till: language from Settings.language, devices and clock injected.

    printer: the print spool worker (started and stopped by the app, woken after a sale);
    scanner: builds the scanner reader given the till's on_scan(code, device) callback.
    """
    if clock is not None:
        rt.clock = clock
    set_language(rt.settings.language)
    return TillApp(rt, printer=printer, scanner=scanner, console=console)
