"""Provides the sale screen: the basket, totals, the entry line, scans and the till's keys.

It holds no business rules: basket changes go through screens/sale_adapter.py (to be
re-pointed to the sale engine) and permissions through services.staff.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from termpos.core.errors import NotFound, TermposError
from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.screens import sale_adapter as basket
from termpos.screens.approval import with_permission
from termpos.screens.search import SearchModal
from termpos.screens.session import Session
from termpos.screens.tender import TenderModal, TenderResult
from termpos.services.search import ProductHit
from termpos.services.users import UserInfo
from termpos.widgets.basket_table import BasketTable, Row
from termpos.widgets.entry import EntryLine
from termpos.widgets.look import binding, localize_bindings
from termpos.widgets.messages import BarcodeScanned
from termpos.widgets.status import StatusLine

LINE_ACTIONS = {"quantity", "void_line", "price_override"}


class SaleScreen(Screen[None]):
    """Rings up a basket: scan or type codes, search, change lines, take payment."""

    BINDINGS = [
        binding("f2", "search", N_("Search"), "search"),
        binding("f3", "quantity", N_("Qty"), "quantity"),
        binding("f4", "void_line", N_("Void"), "void_line"),
        binding("f5", "price_override", N_("Price"), "price_override"),
        binding("f6", "cancel_sale", N_("Cancel"), "cancel_sale"),
        binding("f10", "tender", N_("Pay"), "tender"),
        binding("ctrl+l", "app.lock", N_("Lock"), "lock"),
        binding("f12", "logout", N_("Log out"), "logout"),
        binding("up", "cursor(-1)", N_("Up"), "line_up", show=False),
        binding("down", "cursor(1)", N_("Down"), "line_down", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.pending_qty = 1000
        self.view = basket.BasketView(0, (), 0)
        self.last_scan: tuple[str, str] | None = None
        localize_bindings(self)

    @property
    def user(self) -> UserInfo:
        """The cashier (a sale screen exists only after login)."""
        assert self.session.user is not None
        return self.session.user

    def compose(self) -> ComposeResult:
        if self.session.rt.training:
            yield Static(_("TRAINING MODE: nothing here is a real sale"), id="training")
        yield BasketTable(id="basket")
        yield Static("", id="totals")
        yield Static("", id="message", classes="message")
        yield EntryLine(self.session.rt.settings.scanner.wedge_max_gap_ms, id="entry")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).status = self.session.status()
        self.session.basket_id = basket.current_basket(
            self.session.rt, self.user.id, self.session.shift_id)
        self.reload()
        self.query_one("#entry", EntryLine).focus()

    # -- showing -----------------------------------------------------------------------------
    def money(self, amount: int) -> str:
        """An amount as the till shows it."""
        return format_amount(amount, self.session.rt.settings.currency_exponent)

    def reload(self, select_last: bool = False) -> None:
        """Reads the basket again and redraws the table and totals."""
        assert self.session.basket_id is not None
        self.view = basket.view(self.session.rt, self.session.basket_id)
        self.query_one(BasketTable).show([
            Row(str(line.id), line.name, self.qty_text(line), self.money(line.unit_price),
                self.money(line.amount))
            for line in self.view.lines
        ], select_last)
        count = len(self.view.lines)
        self.query_one("#totals", Static).update(
            _("Lines") + f": {count}    " + _("Total") + f": {self.money(self.view.total)}")
        self.refresh_bindings()

    @staticmethod
    def qty_text(line: basket.LineView) -> str:
        """Whole items as 3, weighed goods as 1.250."""
        if line.weighed or line.qty_milli % 1000:
            return format_amount(line.qty_milli, 3)
        return str(line.qty_milli // 1000)

    def say(self, text: str, *, bell: bool = False) -> None:
        """Shows a message on the message line (and rings the terminal bell for errors)."""
        if bell:
            self.app.bell()
        self.query_one("#message", Static).update(text)

    def selected_line(self) -> basket.LineView | None:
        """The line under the table cursor."""
        if not self.view.lines:
            return None
        row = self.query_one(BasketTable).cursor_row
        return self.view.lines[min(row, len(self.view.lines) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greys out what cannot apply to the basket as it is."""
        if action in LINE_ACTIONS and not self.view.lines:
            return None
        if action in ("tender", "cancel_sale") and not self.view.lines:
            return None
        if action == "logout" and self.view.lines:
            return None
        return True

    # -- scans and entry ---------------------------------------------------------------------
    def scan(self, code: str, source: str) -> None:
        """Adds the scanned product (times a pending quantity); unknown codes beep."""
        self.last_scan = (code, source)
        self.add_code(code)

    def add_code(self, code: str, product_id: int | None = None) -> bool:
        """Adds a product (by id when chosen in the search, else by barcode or code) with the
        pending quantity; keeps the basket and beeps when it is not found."""
        assert self.session.basket_id is not None
        qty, self.pending_qty = self.pending_qty, 1000
        self.query_one("#entry", EntryLine).set_prefix("")
        rt, basket_id = self.session.rt, self.session.basket_id
        try:
            if product_id is not None:
                basket.add_product(rt, basket_id, product_id, qty)
            else:
                basket.add_by_code(rt, basket_id, code, qty)
        except NotFound:
            self.say(_("Not found: {code}").format(code=code), bell=True)
            return False
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return False
        self.reload(select_last=True)
        line = self.view.lines[-1]
        self.say(f"{line.name}  {self.money(line.amount)}")
        return True

    @on(BarcodeScanned)
    def _scanned(self, event: BarcodeScanned) -> None:
        event.stop()
        self.scan(event.code, event.source)

    @on(EntryLine.Submitted)
    def _typed(self, event: EntryLine.Submitted) -> None:
        """A typed code is added (digits always as a code); other text opens the search."""
        from termpos.services.search import find_by_code

        if event.text.isdigit() or find_by_code(self.session.rt, event.text) is not None:
            self.add_code(event.text)
        else:
            self.action_search(event.text)

    @on(EntryLine.Multiplier)
    def _multiplier(self, event: EntryLine.Multiplier) -> None:
        try:
            qty = parse_amount(event.text, 3)
        except MoneyError:
            qty = 0
        if qty <= 0:
            self.say(_("not a quantity: {text}").format(text=event.text), bell=True)
            return
        self.pending_qty = qty
        self.query_one("#entry", EntryLine).set_prefix(f"{event.text} x")

    # -- actions -----------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        """Moves the line cursor."""
        self.query_one(BasketTable).step(step)

    def action_search(self, query: str = "") -> None:
        """Opens the product search; the chosen product is added with the pending quantity."""
        def chosen(hit: ProductHit | None) -> None:
            if hit is not None:
                self.add_code(hit.code, hit.id)
        self.app.push_screen(SearchModal(self.session.rt, query), chosen)

    def _entered_amount(self, exponent: int) -> int | None:
        entry = self.query_one("#entry", EntryLine)
        text = entry.text
        entry.clear()
        try:
            return parse_amount(text, exponent) if text else None
        except MoneyError:
            return None

    def action_quantity(self) -> None:
        """Sets the selected line's quantity to the number typed in the entry line."""
        line = self.selected_line()
        qty = self._entered_amount(3)
        if line is None or qty is None or qty <= 0:
            self.say(_("type a quantity, then F3"), bell=True)
            return
        basket.set_qty(self.session.rt, line.id, qty)
        self.reload()

    def action_void_line(self) -> None:
        """Voids the selected line."""
        line = self.selected_line()
        if line is not None:
            basket.void_line(self.session.rt, line.id)
            self.say(_("Voided: {name}").format(name=line.name))
            self.reload()

    def with_permission(self, action: str, what: str,
                        then: Callable[[UserInfo | None, str], None]) -> None:
        """Runs `then(approver, reason)` when the cashier may act, or after a manager approves."""
        with_permission(self, self.session.rt, self.user, action, what, then, self.say)

    def action_price_override(self) -> None:
        """Sets the selected line's price to the amount typed in the entry line."""
        line = self.selected_line()
        price = self._entered_amount(self.session.rt.settings.currency_exponent)
        if line is None or price is None or price < 0:
            self.say(_("type the new price, then F5"), bell=True)
            return

        def apply(approver: UserInfo | None, reason: str) -> None:
            by = approver.id if approver else self.user.id
            basket.set_price(self.session.rt, line.id, price, by, reason)
            self.reload()
        what = _("Price of {name}: {old} -> {new}").format(
            name=line.name, old=self.money(line.unit_price), new=self.money(price))
        self.with_permission("price_override", what, apply)

    def action_cancel_sale(self) -> None:
        """Cancels the whole basket and starts a new one."""
        def apply(_approver: UserInfo | None, _reason: str) -> None:
            assert self.session.basket_id is not None
            basket.cancel(self.session.rt, self.session.basket_id)
            self.new_basket(_("Sale cancelled"))
        self.with_permission("cancel_sale", _("Cancel the whole sale"), apply)

    def new_basket(self, message: str) -> None:
        """Starts the next sale."""
        self.session.basket_id = basket.current_basket(
            self.session.rt, self.user.id, self.session.shift_id)
        self.reload()
        self.say(message)

    def action_tender(self) -> None:
        """Takes payment; the change is shown and the next sale starts."""
        def paid(result: TenderResult | None) -> None:
            if result is None:
                self.say(_("Payment cancelled"))
                return
            assert self.session.basket_id is not None
            try:
                outcome = basket.tender(self.session.rt, self.session.basket_id,
                                        list(result.tenders))
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return
            self.new_basket(_("Change: {change}   Receipt {number}").format(
                change=self.money(outcome.change), number=outcome.receipt))
            if self.session.printer is not None:
                with contextlib.suppress(Exception):  # a printer fault never blocks a sale
                    self.session.printer.wake()
        self.app.push_screen(
            TenderModal(self.view.total, self.session.rt.settings.currency_exponent), paid)

    def action_logout(self) -> None:
        """Back to the login screen (the basket stays saved)."""
        from termpos.screens.login import LoginScreen

        self.session.user = None
        self.app.switch_screen(LoginScreen(self.session))
