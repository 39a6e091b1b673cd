"""Provides the login screen: user name and PIN, with the lockout message from the service."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from termpos.core.errors import TermposError
from termpos.core.i18n import N_, _
from termpos.screens.session import Session
from termpos.widgets.forms import FIELD_KEYS, form_enter, form_step
from termpos.widgets.look import binding, localize_bindings
from termpos.widgets.status import StatusLine


class LoginScreen(Screen[None]):
    """Asks for a user and PIN; then opens a shift or goes straight to selling."""

    BINDINGS = [
        binding("ctrl+q", "app.quit", N_("Quit"), "quit"),
        binding("enter", "enter", N_("Next"), "login_enter", show=False, priority=True),
        *FIELD_KEYS,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Center(classes="middle"), Vertical(id="login-box", classes="box"):
            yield Static(self.session.rt.settings.store_name, classes="title")
            yield Label(_("User"))
            yield Input(id="user", max_length=64)
            yield Label(_("PIN"))
            yield Input(id="pin", password=True, max_length=32)
            yield Static("", id="message", classes="message")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).status = self.session.status()
        self.query_one("#user", Input).focus()

    def fields(self) -> list[Input]:
        """The user and PIN fields."""
        return [self.query_one("#user", Input), self.query_one("#pin", Input)]

    def action_enter(self) -> None:
        """Enter: from the user to the PIN field, then log in."""
        form_enter(self, self.fields(), self.log_in)

    def action_field(self, step: int) -> None:
        """Tab / Shift+Tab: the other field."""
        form_step(self, self.fields(), step)

    def log_in(self) -> None:
        """Checks the PIN with the staff service and moves on to the shift or the sale."""
        name = self.query_one("#user", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        pin = pin_input.value
        pin_input.value = ""
        if not name:
            self.set_focus(self.query_one("#user", Input))
            return
        try:
            from termpos.services.staff import authenticate  # not needed to draw the screen

            user = authenticate(self.session.rt, name, pin)
        except TermposError as exc:
            self.app.bell()
            self.query_one("#message", Static).update(str(exc))
            return
        self.session.user = user
        if self.session.refresh_shift() is None:
            from termpos.screens.open_shift import OpenShiftScreen

            self.app.switch_screen(OpenShiftScreen(self.session))
        else:
            from termpos.screens.sale import SaleScreen

            self.app.switch_screen(SaleScreen(self.session))
