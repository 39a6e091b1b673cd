"""Provides the open-shift screen: the cashier counts the opening float."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from termpos.core.errors import TermposError
from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.screens.session import Session
from termpos.services.shifts import open_shift
from termpos.services.staff import authorize
from termpos.widgets.look import binding, localize_bindings
from termpos.widgets.status import StatusLine


class OpenShiftScreen(Screen[None]):
    """Opens a shift with a counted float; Esc logs out."""

    BINDINGS = [binding("escape", "logout", N_("Log out"), "logout")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Center(classes="middle"), Vertical(id="shift-box", classes="box"):
            yield Static(_("Open a shift on till {till}").format(till=self.session.rt.till),
                         classes="title")
            yield Label(_("Opening float (cash in the drawer)"))
            yield Input(id="float", placeholder=format_amount(0, self._exponent()),
                        restrict=r"[0-9.,]*")
            yield Static("", id="message", classes="message")
        yield StatusLine()
        yield Footer()

    def _exponent(self) -> int:
        return self.session.rt.settings.currency_exponent

    def on_mount(self) -> None:
        self.query_one(StatusLine).status = self.session.status()
        self.query_one("#float", Input).focus()

    @on(Input.Submitted, "#float")
    def _float_entered(self, event: Input.Submitted) -> None:
        message = self.query_one("#message", Static)
        user = self.session.user
        assert user is not None
        try:
            amount = parse_amount(event.value or "0", self._exponent())
        except MoneyError:
            self.app.bell()
            message.update(_("not an amount: {text}").format(text=event.value))
            return
        try:
            authorize(self.session.rt, user, "shift_open_close")
            shift = open_shift(self.session.rt, user.id, amount)
        except TermposError as exc:
            self.app.bell()
            message.update(str(exc))
            return
        self.session.shift_id = int(shift.id)
        from termpos.screens.sale import SaleScreen

        self.app.switch_screen(SaleScreen(self.session))

    def action_logout(self) -> None:
        """Back to the login screen."""
        from termpos.screens.login import LoginScreen

        self.session.user = None
        self.app.switch_screen(LoginScreen(self.session))
