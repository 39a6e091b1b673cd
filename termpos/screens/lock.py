"""Provides the lock screen: the till is locked until the same user or a manager unlocks it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from termpos.core.errors import TermposError
from termpos.core.i18n import N_, _
from termpos.screens.session import Session
from termpos.services.session import unlock
from termpos.services.users import UserInfo
from termpos.widgets.forms import FIELD_KEYS, form_enter, form_step
from termpos.widgets.look import binding, localize_bindings
from termpos.widgets.status import StatusLine


class LockScreen(Screen[UserInfo]):
    """Covers the till; Esc does nothing here, only a PIN unlocks."""

    BINDINGS = [binding("enter", "enter", N_("Next"), "lock_enter", show=False, priority=True),
                *FIELD_KEYS]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        assert session.user is not None
        self.locked_by = session.user
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Center(classes="middle"), Vertical(id="lock-box", classes="box"):
            yield Static(_("Till locked by {user}").format(user=self.locked_by.name),
                         classes="title")
            yield Label(_("User"))
            yield Input(self.locked_by.name, id="user", max_length=64)
            yield Label(_("PIN"))
            yield Input(id="pin", password=True, max_length=32)
            yield Static("", id="message", classes="message")
        yield StatusLine()

    def on_mount(self) -> None:
        self.query_one(StatusLine).status = self.session.status()
        self.query_one("#pin", Input).focus()

    def fields(self) -> list[Input]:
        """The user and PIN fields."""
        return [self.query_one("#user", Input), self.query_one("#pin", Input)]

    def action_enter(self) -> None:
        """Enter: from the user to the PIN field, then try to unlock."""
        form_enter(self, self.fields(), self.try_unlock)

    def action_field(self, step: int) -> None:
        """Tab / Shift+Tab: the other field."""
        form_step(self, self.fields(), step)

    def try_unlock(self) -> None:
        """Unlocks for the same user or a manager (services.session.unlock, journaled)."""
        pin_input = self.query_one("#pin", Input)
        pin, pin_input.value = pin_input.value, ""
        name = self.query_one("#user", Input).value.strip()
        try:
            who = unlock(self.session.rt, self.locked_by, name, pin)
        except TermposError as exc:
            self.app.bell()
            self.query_one("#message", Static).update(str(exc))
            return
        self.dismiss(who)
