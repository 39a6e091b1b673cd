"""Provides the tender modal: cash with change, card, loyalty points, or split between them.

Points are only offered here: they are spent when the sale completes, in its transaction
(services.sale_loyalty), so backing out of this screen spends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from termpos.core import loyalty
from termpos.core.cart import Cart
from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.core.tenders import TenderInput
from termpos.screens.ask import AskModal, Field
from termpos.services.runtime import Runtime
from termpos.widgets.look import binding, key_label, localize_bindings

KIND_LABELS = {"cash": N_("Cash"), "card": N_("Card"), "points": N_("Points")}


@dataclass(frozen=True)
class TenderResult:
    """The tenders given and the cash change to hand back."""

    tenders: tuple[TenderInput, ...]
    change: int


@dataclass(frozen=True)
class PointsAccount:
    """The attached customer's points as the tender screen may spend them."""

    name: str
    balance: int
    point_value: int  # minor units one point pays


def points_account(rt: Runtime, cart: Cart | None) -> PointsAccount | None:
    """The basket's customer and their points, or None without a customer or point value."""
    from termpos.services.loyalty import balance

    value = rt.settings.loyalty_point_value
    if cart is None or cart.customer_id is None or value <= 0:
        return None
    return PointsAccount(cart.customer_name, balance(cart.customer_id), value)


class TenderModal(ModalScreen[TenderResult | None]):
    """Takes payment: Enter = cash (typed amount, or exact), F2 = card, F3 = points;
    Esc changes nothing."""

    BINDINGS = [
        binding("escape", "cancel", N_("Back"), "back"),
        binding("f2", "card", N_("Card"), "card"),
        binding("f3", "points", N_("Points"), "points"),
    ]

    def __init__(self, total: int, exponent: int, account: PointsAccount | None = None) -> None:
        super().__init__()
        self.total = total
        self.exponent = exponent
        self.account = account
        self.tenders: list[TenderInput] = []
        localize_bindings(self)

    @property
    def paid(self) -> int:
        """What has been tendered so far."""
        return sum(t.amount for t in self.tenders)

    @property
    def points_left(self) -> int:
        """The customer's points not yet offered on this screen."""
        if self.account is None:
            return 0
        offered = sum(int(t.reference) for t in self.tenders if t.kind == loyalty.POINTS)
        return self.account.balance - offered

    @property
    def most_points(self) -> int:
        """The most points that can still pay: within the balance, never more than is due."""
        if self.account is None:
            return 0
        return loyalty.max_redeemable(self.points_left, self.remaining,
                                      self.account.point_value)

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
            yield Static(_("Amount (Enter = cash, {card} = card, empty = exact)").format(
                card=key_label(self, "card", "F2")))
            yield Input(id="amount", placeholder=self.money(self.total), restrict=r"[0-9.,]*")
            yield Static("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#amount", Input).focus()

    def _show(self) -> None:
        lines = [_("Total") + f": {self.money(self.total)}"]
        for t in self.tenders:
            count = f" ({t.reference})" if t.kind == loyalty.POINTS else ""
            lines.append(f"  {_(KIND_LABELS[t.kind])}{count}: {self.money(t.amount)}")
        lines.append(_("To pay") + f": {self.money(self.remaining)}")
        if self.account is not None:
            lines.append(_("{name}: {points} points left").format(
                name=self.account.name, points=self.points_left))
        self.query_one("#due", Static).update("\n".join(lines))
        self.query_one("#amount", Input).placeholder = self.money(self.remaining)  # "exact"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greys out Points without a customer, points or a point value."""
        if action == "points" and self.most_points <= 0:
            return None
        return True

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

    def _take(self, tender: TenderInput) -> None:
        self.tenders.append(tender)
        self.query_one("#message", Static).update("")
        if self.paid >= self.total:
            self.dismiss(TenderResult(tuple(self.tenders), self.paid - self.total))
        else:
            self._show()
            self.refresh_bindings()

    @on(Input.Submitted, "#amount")
    def _cash(self) -> None:
        amount = self._amount()
        if amount is not None:
            self._take(TenderInput("cash", amount))

    def action_card(self) -> None:
        """Pays by card: the typed amount or the rest; never more than is due."""
        amount = self._amount()
        if amount is None:
            return
        if amount > self.remaining:
            self.app.bell()
            self.query_one("#message", Static).update(_("a card pays at most what is due"))
            return
        self._take(TenderInput("card", amount))

    def action_points(self) -> None:
        """Asks how many points to redeem (the most that can apply is offered)."""
        account, most = self.account, self.most_points
        if account is None or most <= 0:
            return
        note = _("{name} has {points} points; one point pays {value}").format(
            name=account.name, points=self.points_left, value=self.money(account.point_value))
        self.app.push_screen(AskModal(_("Pay with points"), [
            Field(_("Points to redeem"), str(most))], note), self._redeem)

    def _redeem(self, values: tuple[str, ...] | None) -> None:
        """Adds the points tender asked for, or says why not (Esc adds nothing)."""
        if values is None or self.account is None:
            return
        text, value = values[0], self.account.point_value
        points = int(text) if text.isascii() and text.isdigit() else 0
        problem = ""
        if points <= 0:
            problem = _("not a number of points: {text}").format(text=text)
        elif points > self.points_left:
            problem = _("only {points} points available").format(points=self.points_left)
        elif points * value > self.remaining:
            problem = _("points pay at most what is due: {most} points").format(
                most=self.most_points)
        if problem:
            self.app.bell()
            self.query_one("#message", Static).update(problem)
            return
        self._take(loyalty.points_tender(points, value))

    def action_cancel(self) -> None:
        """Backs out: nothing is paid."""
        self.dismiss(None)
