"""Provides the sale screen: the basket, totals, the entry line, scans and the till's keys.

It holds no business rules: every change goes through the sale engine's services (basket,
basket_edit, checkout) and permissions through services.staff; a refusal for a missing
permission opens the override modal (screens/approval.py). More flows: screens/sale_flows.py.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from termpos.core.cart import Cart, CartLine
from termpos.core.errors import NotFound, TermposError
from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, format_amount, parse_amount
from termpos.core.pricing import Totals
from termpos.screens.approval import Approver, guarded
from termpos.screens.heap import settle_heap
from termpos.screens.sale_office import OfficeFlows
from termpos.screens.search import SearchModal
from termpos.screens.session import Session
from termpos.screens.tender import TenderModal, TenderResult, points_account
from termpos.services import basket, checkout
from termpos.services.search import ProductHit
from termpos.widgets.basket_table import BasketTable, Row
from termpos.widgets.entry import EntryLine
from termpos.widgets.look import binding, key_label, localize_bindings
from termpos.widgets.messages import BarcodeScanned
from termpos.widgets.status import StatusLine

LINE_ACTIONS = {"quantity", "void_line", "price_override", "line_discount"}
BASKET_ACTIONS = {"tender", "cancel_sale", "order_discount", "park"}


class SaleScreen(OfficeFlows):
    """Rings up a basket: scan or type codes, search, change lines, take payment."""

    BINDINGS = [
        binding("f1", "keys", N_("Keys"), "keys"),  # first: the list of every key
        binding("f2", "search", N_("Search"), "search"),
        binding("f3", "quantity", N_("Qty"), "quantity"),
        binding("f4", "void_line", N_("Void"), "void_line"),
        binding("f5", "price_override", N_("Price"), "price_override"),
        binding("f6", "cancel_sale", N_("Cancel"), "cancel_sale"),
        binding("f10", "tender", N_("Pay"), "tender"),
        binding("ctrl+l", "app.lock", N_("Lock"), "lock"),
        binding("f12", "logout", N_("Log out"), "logout"),
        binding("ctrl+k", "stock_count", N_("Count"), "stock_count", show=False),
        binding("up", "cursor(-1)", N_("Up"), "line_up", show=False),
        binding("down", "cursor(1)", N_("Down"), "line_down", show=False),
        *OfficeFlows.FLOW_BINDINGS,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.pending_qty: int | None = None
        self.cart: Cart | None = None
        self.totals: Totals | None = None
        self.subtotal_shown = False  # after the tender screen was opened, voids need approval
        self.last_scan: tuple[str, str] | None = None
        self.bindings_for_lines: bool | None = None  # basket state the footer was drawn for
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        if self.session.rt.training:
            yield Static(_("TRAINING MODE: nothing here is a real sale"), id="training")
        yield BasketTable(id="basket")
        yield Static("", id="totals")
        yield Static("", id="message", classes="message")
        yield EntryLine(self.session.rt.settings.scanner.wedge_max_gap_ms, id="entry")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(StatusLine).status = self.session.status()
        self.session.basket_id = basket.open_basket(self.session.rt, self.user).id
        self.reload()
        self.query_one("#entry", EntryLine).focus()
        self.call_after_refresh(settle_heap)

    # -- showing -----------------------------------------------------------------------------
    def money(self, amount: int) -> str:
        """An amount as the till shows it."""
        return format_amount(amount, self.session.rt.settings.currency_exponent)

    @property
    def lines(self) -> tuple[CartLine, ...]:
        """The basket's live lines, as shown."""
        return self.cart.live_lines if self.cart is not None else ()

    def reload(self, select_last: bool = False) -> None:
        """Reads the basket again and redraws the table and totals."""
        assert self.session.basket_id is not None
        rt = self.session.rt
        self.cart = basket.get_basket(rt, self.session.basket_id)
        self.totals = self.cart.totals(rt.settings)
        self.query_one(BasketTable).show([
            Row(str(line.id), line.name, self.qty_text(line), self.money(line.unit_price),
                self.money(priced.amount))
            for line, priced in zip(self.lines, self.totals.lines, strict=True)
        ], select_last)
        parts = [_("Lines") + f": {len(self.lines)}"]
        if self.totals.discount_total:
            parts.append(_("Discount") + f": -{self.money(self.totals.discount_total)}")
        parts.append(_("Total") + f": {self.money(self.totals.total)}")
        if self.cart.customer_name:
            parts.append(_("Customer") + f": {self.customer_text()}")
        self.query_one("#totals", Static).update("    ".join(parts))
        if bool(self.lines) != self.bindings_for_lines:
            # Only when what can apply changed: refreshing the bindings rebuilds the footer,
            # which costs more than the rest of a scan.
            self.bindings_for_lines = bool(self.lines)
            self.refresh_bindings()

    @staticmethod
    def qty_text(line: CartLine) -> str:
        """Whole items as 3, weighed goods as 1.250."""
        if line.weighed or line.qty_milli % 1000:
            return format_amount(line.qty_milli, 3)
        return str(line.qty_milli // 1000)

    def say(self, text: str, *, bell: bool = False) -> None:
        """Shows a message on the message line (and rings the terminal bell for errors)."""
        if bell:
            self.app.bell()
        self.query_one("#message", Static).update(text)

    def selected_line(self) -> CartLine | None:
        """The line under the table cursor."""
        if not self.lines:
            return None
        row = self.query_one(BasketTable).cursor_row
        return self.lines[min(row, len(self.lines) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greys out what cannot apply to the basket as it is."""
        if action in LINE_ACTIONS | BASKET_ACTIONS and not self.lines:
            return None
        if action in ("logout", "recall", "refund", "close_shift", "training", "stock_count") \
                and self.lines:
            return None
        return True

    # -- scans and entry ---------------------------------------------------------------------
    def scan(self, code: str, source: str) -> None:
        """Adds the scanned product (times a pending quantity); unknown codes beep."""
        self.last_scan = (code, source)
        self.add_code(code)

    def add_code(self, code: str, product_id: int | None = None) -> bool:
        """Adds a product (by id when chosen in the search, else by barcode, code or scale
        label) with the pending quantity; keeps the basket and beeps when it is not found."""
        assert self.session.basket_id is not None
        qty, self.pending_qty = self.pending_qty, None
        self.query_one("#entry", EntryLine).set_prefix("")
        rt, basket_id = self.session.rt, self.session.basket_id
        try:
            if product_id is not None:
                line = basket.add_product(rt, basket_id, product_id, qty)
            else:
                line = basket.scan(rt, basket_id, code, qty)
        except NotFound:
            self.say(_("Not found: {code}").format(code=code), bell=True)
            return False
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return False
        self.reload(select_last=True)
        amount = self.totals.lines[-1].amount if self.totals and self.totals.lines else 0
        self.say(f"{line.name}  {self.money(amount)}")
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

    def entered_amount(self, exponent: int) -> int | None:
        """The number typed in the entry line (cleared), or None."""
        entry = self.query_one("#entry", EntryLine)
        text = entry.text
        entry.clear()
        try:
            return parse_amount(text, exponent) if text else None
        except MoneyError:
            return None

    def action_quantity(self) -> None:
        """Sets the selected line's quantity (or weight) to the number typed in the entry."""
        line = self.selected_line()
        qty = self.entered_amount(3)
        if line is None or qty is None or qty <= 0:
            self.say(_("type a quantity, then {key}").format(
                key=key_label(self, "quantity", "F3")), bell=True)
            return
        assert self.session.basket_id is not None
        try:
            basket.set_quantity(self.session.rt, self.session.basket_id, line.id, qty)
        except TermposError as exc:
            self.say(str(exc), bell=True)
        self.reload()

    def action_void_line(self) -> None:
        """Voids the selected line; after the subtotal was shown it needs void permission."""
        line = self.selected_line()
        if line is None:
            return
        rt, basket_id = self.session.rt, self.session.basket_id
        assert basket_id is not None
        action = "void_line_after_subtotal" if self.subtotal_shown else None

        def call(approver: Approver, reason: str) -> None:
            basket.void_line(rt, basket_id, line.id, self.user,
                             after_subtotal=self.subtotal_shown, approver=approver,
                             reason=reason)
            self.say(_("Voided: {name}").format(name=line.name))
            self.reload()
        guarded(self, rt, self.user, action, _("Void {name}").format(name=line.name), call,
                self.say)

    def new_basket(self, message: str) -> None:
        """Starts the next sale."""
        self.session.basket_id = basket.open_basket(self.session.rt, self.user).id
        self.subtotal_shown = False
        self.reload()
        self.say(message)

    def action_tender(self) -> None:
        """Takes payment; the sale is recorded, the receipt queued, the change shown."""
        assert self.totals is not None
        self.subtotal_shown = True

        def paid(result: TenderResult | None) -> None:
            if result is None:
                self.say(_("Payment cancelled"))
                return
            self.complete(result)
        rt = self.session.rt
        self.app.push_screen(TenderModal(self.totals.total, rt.settings.currency_exponent,
                                         points_account(rt, self.cart)), paid)

    def complete(self, result: TenderResult) -> None:
        """Completes the sale with these tenders (checkout.complete_sale) and wakes the spool."""
        rt, basket_id = self.session.rt, self.session.basket_id
        assert basket_id is not None
        product_ids = [ln.product_id for ln in self.lines if ln.product_id is not None]
        try:
            sale = checkout.complete_sale(rt, basket_id, self.user, list(result.tenders))
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return
        self.new_basket(_("Change: {change}   Receipt {number}").format(
            change=self.money(sale.change), number=sale.number))
        self.session.last_receipt = sale.number
        self.after_sale(sale, product_ids)

    def after_sale(self, sale: checkout.SaleResult, product_ids: list[int]) -> None:
        """Prints (wakes the spool), opens the drawer for cash, shows a reorder notice."""
        from termpos.services.drawer import wants_drawer
        from termpos.services.stockinfo import after_sale

        self.wake_printer(drawer=wants_drawer(self.session.rt.settings, sale.receipt))
        notices = after_sale(self.session.rt, product_ids)
        if notices.reorder:
            names = ", ".join(w.name for w in notices.reorder[:3])
            self.app.notify(_("Low stock: {names}").format(names=names), timeout=4)
        self.app.refresh_status()  # type: ignore[attr-defined]

    def action_logout(self) -> None:
        """Back to the login screen (the basket stays saved)."""
        from termpos.screens.login import LoginScreen

        if self.session.real_rt is not None:  # leave training mode with the cashier
            from termpos.services.training import leave_training

            leave_training(self.session.real_rt, self.session.rt)
            self.session.rt, self.session.real_rt = self.session.real_rt, None
        self.session.user = None
        self.app.switch_screen(LoginScreen(self.session))
