"""Provides AskModal (a few typed fields, returned as text) and InfoModal (text to read).

The till's small dialogs: a reason, a receipt number, an amount and a reason. Esc returns
None and changes nothing; Enter moves to the next field and, on the last, returns them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from termpos.core.i18n import N_, _
from termpos.widgets.forms import FIELD_KEYS, form_enter, form_step
from termpos.widgets.look import binding, localize_bindings


@dataclass(frozen=True)
class Field:
    """One field of an AskModal: its label, an initial value, whether it is secret."""

    label: str
    value: str = ""
    password: bool = False


class AskModal(ModalScreen[tuple[str, ...] | None]):
    """Asks for a few values; returns them stripped when all are filled, Esc returns None."""

    BINDINGS = [
        binding("escape", "cancel", N_("Back"), "back"),
        binding("enter", "enter", N_("Next"), "ask_enter", show=False, priority=True),
        *FIELD_KEYS,
    ]

    def __init__(self, title: str, fields: Sequence[Field], note: str = "") -> None:
        super().__init__()
        self.title_text, self.specs, self.note = title, tuple(fields), note
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box", classes="box"):
            yield Static(self.title_text, classes="title")
            if self.note:
                yield Static(self.note, id="note")
            for n, spec in enumerate(self.specs):
                yield Label(spec.label)
                yield Input(spec.value, id=f"f{n}", password=spec.password, max_length=200)
            yield Static("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.fields()[0].focus()

    def fields(self) -> list[Input]:
        """The inputs, in order."""
        return [self.query_one(f"#f{n}", Input) for n in range(len(self.specs))]

    def action_enter(self) -> None:
        """Enter: next field; on the last, return the values when all are filled."""
        form_enter(self, self.fields(), self.finish)

    def action_field(self, step: int) -> None:
        """Tab / Shift+Tab: the next or previous field."""
        form_step(self, self.fields(), step)

    def finish(self) -> None:
        """Returns the values, or points at the empty one."""
        fields = self.fields()
        empty = [f for f in fields if not f.value.strip()]
        if empty:
            self.set_focus(empty[0])
            self.query_one("#message", Static).update(_("please fill in every field"))
            return
        self.dismiss(tuple(f.value.strip() for f in fields))

    def action_cancel(self) -> None:
        """Backs out: nothing happens."""
        self.dismiss(None)


class InfoModal(ModalScreen[None]):
    """Shows text (a report, a list); Esc or Enter closes it."""

    BINDINGS = [
        binding("escape", "close", N_("Back"), "back"),
        binding("enter", "close", N_("Close"), "info_close", show=False),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="info-box", classes="box"):
            yield Static(self.title_text, classes="title")
            with VerticalScroll(id="info-text"):
                yield Static(self.text, id="info")
        yield Footer()

    def action_close(self) -> None:
        """Closes the window."""
        self.dismiss(None)
