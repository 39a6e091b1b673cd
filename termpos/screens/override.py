"""Provides the manager override modal: approver name, PIN and reason, returned typed."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from termpos.core.i18n import N_, _
from termpos.widgets.look import binding, localize_bindings


@dataclass(frozen=True)
class OverrideResult:
    """Who approves, their PIN and why; the caller hands it to services.staff.authorize."""

    approver: str
    pin: str
    reason: str


class OverrideModal(ModalScreen[OverrideResult | None]):
    """Asks a manager to approve an action; Esc returns None and changes nothing."""

    BINDINGS = [binding("escape", "cancel", N_("Back"), "back")]

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

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        fields = ["approver", "pin", "reason"]
        values = {f: self.query_one(f"#{f}", Input).value for f in fields}
        for f in fields:
            if not values[f].strip():
                self.query_one(f"#{f}", Input).focus()
                if event.input.id == "reason":
                    self.query_one("#message", Static).update(_("all three fields are needed"))
                return
        self.dismiss(OverrideResult(values["approver"].strip(), values["pin"],
                                    values["reason"].strip()))

    def action_cancel(self) -> None:
        """Backs out without approving."""
        self.dismiss(None)
