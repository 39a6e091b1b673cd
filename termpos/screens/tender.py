"""Provides the tender modal: cash with change, card, or split between them."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.widgets.look import binding, localize_bindings

KIND_LABELS = {"cash": N_("Cash"), "card": N_("Card")}


@dataclass(frozen=True)
class TenderResult:
    """The tenders given, as (kind, amount) pairs, and the cash change to hand back."""

    tenders: tuple[tuple[str, int], ...]
    change: int


class TenderModal(ModalScreen[TenderResult | None]):
    """Takes payment: Enter = cash (typed amount, or exact), F2 = card; Esc changes nothing."""

    BINDINGS = [
        binding("escape", "cancel", N_("Back"), "back"),
        binding("f2", "card", N_("Card"), "card"),
    ]

    def __init__(self, total: int, exponent: int) -> None:
        super().__init__()
        self.total = total
        self.exponent = exponent
        self.tenders: list[tuple[str, int]] = []
        localize_bindings(self)

    @property
    def paid(self) -> int:
        """What has been tendered so far."""
        return sum(amount for _kind, amount in self.tenders)

    @property
    def remaining(self) -> int:
        """What is still to pay."""
        return max(self.total - self.paid, 0)

    def money(self, amount: int) -> str:
        """An amount as the till shows it."""
        return format_amount(amount, self.exponent)

    def compose(self) -> ComposeResult:
        with Vertical(id="tender-box", classes="box"):
            yield Static(_("Payment"), classes="title")
            yield Static("", id="due")
            yield Static(_("Amount (Enter = cash, F2 = card, empty = exact)"))
            yield Input(id="amount", placeholder=self.money(self.total), restrict=r"[0-9.,]*")
            yield Static("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#amount", Input).focus()

    def _show(self) -> None:
        lines = [_("Total") + f": {self.money(self.total)}"]
        lines += [f"  {_(KIND_LABELS[kind])}: {self.money(a)}" for kind, a in self.tenders]
        lines.append(_("To pay") + f": {self.money(self.remaining)}")
        self.query_one("#due", Static).update("\n".join(lines))

    def _amount(self) -> int | None:
        field = self.query_one("#amount", Input)
        text = field.value.strip()
        field.value = ""
        if not text:
            return self.remaining
        try:
            amount = parse_amount(text, self.exponent)
        except MoneyError:
            amount = -1
        if amount <= 0:
            self.app.bell()
            self.query_one("#message", Static).update(
                _("not an amount: {text}").format(text=text))
            return None
        return amount

    def _take(self, kind: str, amount: int) -> None:
        self.tenders.append((kind, amount))
        self.query_one("#message", Static).update("")
        if self.paid >= self.total:
            self.dismiss(TenderResult(tuple(self.tenders), self.paid - self.total))
        else:
            self._show()

    @on(Input.Submitted, "#amount")
    def _cash(self) -> None:
        amount = self._amount()
        if amount is not None:
            self._take("cash", amount)

    def action_card(self) -> None:
        """Pays by card: the typed amount or the rest; never more than is due."""
        amount = self._amount()
        if amount is None:
            return
        if amount > self.remaining:
            self.app.bell()
            self.query_one("#message", Static).update(_("a card pays at most what is due"))
            return
        self._take("card", amount)

    def action_cancel(self) -> None:
        """Backs out: nothing is paid."""
        self.dismiss(None)
