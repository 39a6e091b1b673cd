"""Provides SaleFlows: the sale screen's other flows, each one key and one service call.

Discounts, customer, park/recall, refund, reprint, no-sale, paid-in/out, X report and the
blind close. Each asks what it needs in a modal (Esc changes nothing), calls the service
and lets screens/approval.py ask a manager when the service refuses for a permission.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

from textual.screen import Screen
from textual.widgets import Static

from termpos.core.cart import CartLine
from termpos.core.errors import TermposError
from termpos.core.i18n import N_, _
from termpos.core.money import MoneyError, parse_amount
from termpos.core.pricing import AMOUNT, PERCENT, Discount
from termpos.screens.approval import Approver, guarded
from termpos.screens.ask import AskModal, Field
from termpos.screens.session import Session
from termpos.services import basket, basket_edit
from termpos.services.users import UserInfo
from termpos.widgets.look import binding, key_label

Values = tuple[str, ...] | None
REFUND_PART = re.compile(r"^(\d+)(?:x(\d+(?:\.\d+)?))?$")


class SaleFlows(Screen[None]):
    """The flows of the sale screen beyond scanning and paying (mixed into SaleScreen)."""

    # Listed by F1 and in the README key table: the footer has room for the sale keys only.
    FLOW_BINDINGS = [
        binding("ctrl+d", "line_discount", N_("Line disc."), "line_discount", show=False),
        binding("ctrl+o", "order_discount", N_("Order disc."), "order_discount", show=False),
        binding("ctrl+u", "customer", N_("Customer"), "customer", show=False),
        binding("f8", "park", N_("Park"), "park", show=False),
        binding("f9", "recall", N_("Recall"), "recall", show=False),
        binding("ctrl+r", "refund", N_("Refund"), "refund", show=False),
        binding("ctrl+p", "reprint", N_("Reprint"), "reprint", show=False),
        binding("ctrl+n", "no_sale", N_("No sale"), "no_sale", show=False),
        binding("ctrl+e", "paid_in", N_("Paid in"), "paid_in", show=False),
        binding("ctrl+t", "paid_out", N_("Paid out"), "paid_out", show=False),
        binding("ctrl+x", "x_report", N_("X report"), "x_report", show=False),
        binding("f11", "close_shift", N_("Close shift"), "close_shift", show=False),
        binding("ctrl+g", "training", N_("Training"), "training", show=False),
    ]
    session: Session

    @property
    def user(self) -> UserInfo:
        """The cashier (a sale screen exists only after login)."""
        assert self.session.user is not None
        return self.session.user

    @property
    def basket_id(self) -> int:
        """The open basket."""
        assert self.session.basket_id is not None
        return self.session.basket_id

    # Provided by SaleScreen.
    def say(self, text: str, *, bell: bool = False) -> None:
        self.query_one("#message", Static).update(text)

    def reload(self, select_last: bool = False) -> None:
        raise NotImplementedError

    def new_basket(self, message: str) -> None:
        raise NotImplementedError

    def selected_line(self) -> CartLine | None:
        raise NotImplementedError

    def money(self, amount: int) -> str:
        raise NotImplementedError

    def entered_amount(self, exponent: int) -> int | None:
        raise NotImplementedError

    def ask(self, title: str, fields: list[Field], then: object, note: str = "") -> None:
        """Opens an AskModal; then(values) runs only when the cashier filled it in."""
        def done(values: Values) -> None:
            if values is None:
                self.say(_("Nothing changed"))
            else:
                then(values)  # type: ignore[operator]
        self.app.push_screen(AskModal(title, fields, note), done)

    def guard(self, action: str | None, what: str, call: object, reason: str = "") -> None:
        """guarded() for this screen's user and message line."""
        guarded(self, self.session.rt, self.user, action, what, call,  # type: ignore[arg-type]
                self.say, reason)

    def amount(self, text: str) -> int:
        """A typed amount in minor units; refused when it is not one."""
        try:
            return parse_amount(text, self.session.rt.settings.currency_exponent)
        except MoneyError:
            raise TermposError("not an amount: {text}", text=text) from None

    def discount(self, text: str) -> Discount:
        """"10%" is a percent, "1.50" an amount."""
        try:
            if text.endswith("%"):
                return Discount(PERCENT, parse_amount(text[:-1].strip(), 3))
            return Discount(AMOUNT, self.amount(text))
        except (MoneyError, ValueError):
            raise TermposError("not a discount: {text}", text=text) from None

    def wake_printer(self, drawer: bool = False) -> None:
        """Tells the spool to print now (and kick the drawer); a fault never stops the till."""
        printer, rt = self.session.printer, self.session.rt
        if printer is not None:
            with contextlib.suppress(Exception):
                if drawer and rt.settings.printer.drawer and not rt.training:
                    printer.kick_drawer()
                printer.wake()

    # -- discounts and customer ---------------------------------------------------------------
    def _discount_fields(self) -> list[Field]:
        return [Field(_("Discount (10% or 1.50)")), Field(_("Reason"))]

    def action_line_discount(self) -> None:
        """Discounts the selected line (approval above the shop's limit)."""
        from termpos.services.basket_edit import set_line_discount

        line = self.selected_line()
        if line is None:
            return

        def given(values: tuple[str, ...]) -> None:
            try:
                discount = self.discount(values[0])
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return

            def call(approver: Approver, reason: str) -> None:
                set_line_discount(self.session.rt, self.basket_id, line.id, discount, self.user,
                                  reason=reason, approver=approver)
                self.reload()
                self.say(_("Discount on {name}: {value}").format(name=line.name, value=values[0]))
            self.guard(None, _("Discount {value} on {name}").format(value=values[0],
                                                                   name=line.name),
                       call, values[1])
        self.ask(_("Line discount: {name}").format(name=line.name), self._discount_fields(),
                 given)

    def action_order_discount(self) -> None:
        """Discounts the whole order (approval above the shop's limit)."""
        from termpos.services.basket_edit import set_order_discount

        def given(values: tuple[str, ...]) -> None:
            try:
                discount = self.discount(values[0])
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return

            def call(approver: Approver, reason: str) -> None:
                set_order_discount(self.session.rt, self.basket_id, discount, self.user,
                                   reason=reason, approver=approver)
                self.reload()
                self.say(_("Order discount: {value}").format(value=values[0]))
            self.guard(None, _("Order discount {value}").format(value=values[0]), call,
                       values[1])
        self.ask(_("Order discount"), self._discount_fields(), given)

    def customer_text(self) -> str:
        """The attached customer with their points balance."""
        from termpos.services.loyalty import balance

        cart = getattr(self, "cart", None)
        if cart is None or cart.customer_id is None:
            return ""
        return _("{name} ({points} points)").format(name=cart.customer_name,
                                                   points=balance(cart.customer_id))

    def customer_visits(self) -> str:
        """The attached customer's visits and last visit, for the message line."""
        from termpos.services.customer_history import history

        cart = getattr(self, "cart", None)
        if cart is None or cart.customer_id is None:
            return ""
        seen = history(cart.customer_id, favourites=0, recent=0)
        if not seen.visits or seen.last_purchase is None:
            return _("first visit")
        return _("{visits} visits, last {when:%Y-%m-%d}").format(
            visits=seen.visits, when=seen.last_purchase)

    def attach(self, code: str) -> None:
        """Attaches the customer with this code and says who, with points and visits."""
        from termpos.services.basket_edit import attach_customer

        try:
            attach_customer(self.session.rt, self.basket_id, code)
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return
        self.reload()
        self.say(_("Customer: {who}").format(who=self.customer_text()) + "  "
                 + self.customer_visits())

    def new_customer(self, phone: str) -> None:
        """Registers a customer from the till (name and phone), then attaches them."""
        def given(values: tuple[str, ...]) -> None:
            from termpos.services.customers import create_customer

            try:
                info = create_customer(self.session.rt, values[0], values[1], source="till",
                                       user=self.user)
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return
            self.attach(info.code)
        self.ask(_("New customer"), [Field(_("Name")), Field(_("Phone"), phone)], given)

    def action_customer(self) -> None:
        """Attaches a customer found by phone, card code or name."""
        def given(values: tuple[str, ...]) -> None:
            from termpos.core.phone import looks_like_phone
            from termpos.services.customer_search import lookup, search_customers

            rt, key = self.session.rt, values[0]
            try:
                found = lookup(rt, key)
            except TermposError:
                hits = search_customers(rt, key, limit=2)
                if not hits and looks_like_phone(key):
                    self.new_customer(key)  # an unknown phone: register them on the spot
                    return
                if len(hits) != 1:
                    self.say(_("no single customer matches {key}: use the phone or code")
                             .format(key=key), bell=True)
                    return
                found = hits[0]
            self.attach(found.code)
        self.ask(_("Attach a customer"), [Field(_("Phone, card code or name"))], given)

    # -- price and cancel --------------------------------------------------------------------
    def action_price_override(self) -> None:
        """Sets the selected line's price to the amount typed in the entry line."""
        line = self.selected_line()
        price = self.entered_amount(self.session.rt.settings.currency_exponent)
        if line is None or price is None or price < 0:
            self.say(_("type the new price, then {key}").format(
                key=key_label(self, "price_override", "F5")), bell=True)
            return
        rt, basket_id = self.session.rt, self.session.basket_id
        assert basket_id is not None
        what = _("Price of {name}: {old} -> {new}").format(
            name=line.name, old=self.money(line.unit_price), new=self.money(price))

        def call(approver: Approver, reason: str) -> None:
            basket_edit.override_price(rt, basket_id, line.id, price, self.user,
                                       reason=reason, approver=approver)
            self.reload()
        self.with_reason("price_override", what, call)

    def with_reason(self, action: str, what: str, call: Callable[[Approver, str], None]) -> None:
        """Runs a change that needs a reason: asked in the override modal when a manager must
        approve, else in a small reason modal."""
        from termpos.services.staff import can

        rt = self.session.rt
        if not can(rt, self.user, action):
            guarded(self, rt, self.user, action, what, call, self.say)
            return

        def given(values: tuple[str, ...] | None) -> None:
            if values is None:
                self.say(_("Nothing changed"))
                return
            guarded(self, rt, self.user, action, what, call, self.say, values[0])
        self.app.push_screen(AskModal(what, [Field(_("Reason"))]), given)

    def action_cancel_sale(self) -> None:
        """Cancels the whole basket (a manager approves when the cashier may not)."""
        rt, basket_id = self.session.rt, self.session.basket_id
        assert basket_id is not None

        def call(approver: Approver, reason: str) -> None:
            basket.cancel_basket(rt, basket_id, self.user, approver=approver, reason=reason)
            self.new_basket(_("Sale cancelled"))
        guarded(self, rt, self.user, "cancel_sale", _("Cancel the whole sale"), call, self.say)
