"""Provides CountModal: the till's stock-count screen, where scans add to counted quantities.

Each scan (or a typed code and Enter) adds one to the product in the open count; `3*CODE`
adds three. Esc goes back to the sale screen; what was entered is kept in the count.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from termpos.core.errors import TermposError
from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.screens.session import Session
from termpos.widgets.look import binding, localize_bindings


class CountModal(ModalScreen[None]):
    """Counting shelves by scanning: one open count, one product per scan."""

    BINDINGS = [binding("escape", "dismiss_count", N_("Back"), "back")]

    def __init__(self, session: Session, count_id: int) -> None:
        super().__init__()
        self.session, self.count_id = session, count_id
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="count-box", classes="box"):
            yield Static(_("Stock count {number}: scan what is on the shelf").format(
                number=self.count_id), classes="title")
            yield Input(id="count-code", max_length=80)
            yield Static("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#count-code", Input).focus()

    def action_dismiss_count(self) -> None:
        self.dismiss(None)

    def scan(self, code: str, source: str = "") -> None:
        """Adds one (or the typed N of `N*CODE`) of a product to the open count."""
        qty_text, star, rest = code.partition("*")
        qty = 1000
        if star:
            code = rest
            try:
                qty = parse_amount(qty_text, 3)
            except MoneyError:
                self.say(_("not a quantity: {text}").format(text=qty_text), bell=True)
                return
        from termpos.services.counts import count_scan

        try:
            line = count_scan(self.session.rt, self.count_id, code.strip(), qty)
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return
        counted = format_amount(line.counted_milli or 0, 3).rstrip("0").rstrip(".")
        self.say(_("{name}: counted {qty}").format(name=line.name, qty=counted))

    def say(self, text: str, *, bell: bool = False) -> None:
        """Shows a message (with the bell for a refusal)."""
        if bell:
            self.app.bell()
        self.query_one("#message", Static).update(text)

    @on(Input.Submitted, "#count-code")
    def _typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if event.value.strip():
            self.scan(event.value.strip())
