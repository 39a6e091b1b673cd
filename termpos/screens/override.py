"""Provides the manager override modal: approver name, PIN and reason, returned typed."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from termpos.core.i18n import N_, _
from termpos.widgets.forms import FIELD_KEYS, form_enter, form_step
from termpos.widgets.look import binding, localize_bindings


@dataclass(frozen=True)
class OverrideResult:
    """Who approves, their PIN and why; the caller hands it to services.staff.authorize."""

    approver: str
    pin: str
    reason: str


class OverrideModal(ModalScreen[OverrideResult | None]):
    """Asks a manager to approve an action; Esc returns None and changes nothing."""

    BINDINGS = [
        binding("escape", "cancel", N_("Back"), "back"),
        binding("enter", "enter", N_("Next"), "override_enter", show=False, priority=True),
        *FIELD_KEYS,
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="override-box", classes="box"):
            yield Static(_("Manager approval needed"), classes="title")
            yield Static(self.what, id="what")
            yield Label(_("Approver"))
            yield Input(id="approver", max_length=64)
            yield Label(_("PIN"))
            yield Input(id="pin", password=True, max_length=32)
            yield Label(_("Reason"))
            yield Input(id="reason", max_length=200)
            yield Static("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#approver", Input).focus()

    def fields(self) -> list[Input]:
        """The approver, PIN and reason fields."""
        return [self.query_one(f"#{name}", Input) for name in ("approver", "pin", "reason")]

    def action_enter(self) -> None:
        """Enter: to the next field; on the reason, approve when all three are filled."""
        form_enter(self, self.fields(), self.finish)

    def action_field(self, step: int) -> None:
        """Tab / Shift+Tab: the next or previous field."""
        form_step(self, self.fields(), step)

    def finish(self) -> None:
        """Returns the approval, or asks for what is missing."""
        fields = self.fields()
        empty = [f for f in fields if not f.value.strip()]
        if empty:
            self.set_focus(empty[0])
            self.query_one("#message", Static).update(_("all three fields are needed"))
            return
        approver, pin, reason = (f.value for f in fields)
        self.dismiss(OverrideResult(approver.strip(), pin, reason.strip()))

    def action_cancel(self) -> None:
        """Backs out without approving."""
        self.dismiss(None)
