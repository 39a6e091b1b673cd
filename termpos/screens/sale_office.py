"""Provides OfficeFlows: refund, reprint, no-sale, paid-in/out, X report and the blind close.

Mixed into the sale screen over SaleFlows; each flow asks in a modal (Esc changes nothing),
calls one service, and asks a manager when that service refuses for a permission.
"""

from __future__ import annotations

from termpos.core.errors import TermposError
from termpos.core.i18n import _
from termpos.core.money import parse_amount
from termpos.screens.approval import Approver
from termpos.screens.ask import Field, InfoModal
from termpos.screens.sale_flows import REFUND_PART, SaleFlows


class OfficeFlows(SaleFlows):
    """The till's cash-office flows (mixed into SaleScreen)."""

    # -- stock count ------------------------------------------------------------------------
    def action_stock_count(self) -> None:
        """Opens the count screen for the open stock count (scans add to counted quantities)."""
        from termpos.screens.count import CountModal
        from termpos.services.counts import current_count_id

        count_id = current_count_id()
        if count_id is None:
            self.say(_("No stock count is open (a manager starts one: termpos stock count "
                       "start)"), bell=True)
            return
        self.app.push_screen(CountModal(self.session, count_id))

    # -- park and recall -------------------------------------------------------------------
    def action_park(self) -> None:
        """Parks the basket and starts a new one."""
        from termpos.services.basket import park

        try:
            park(self.session.rt, self.basket_id)
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return
        self.new_basket(_("Parked: basket {id}").format(id=self.basket_id))

    def action_recall(self) -> None:
        """Recalls a parked basket by its number."""
        from termpos.services.basket import list_parked, recall

        parked = list_parked(self.session.rt)
        if not parked:
            self.say(_("No parked baskets"))
            return
        note = "\n".join(f"{p.id}: {p.parked_at:%H:%M} {p.cashier} "
                         f"{p.lines} × {self.money(p.total)} {p.customer}".rstrip()
                         for p in parked[-8:])

        def given(values: tuple[str, ...]) -> None:
            if not values[0].isdigit():
                self.say(_("not a basket number: {text}").format(text=values[0]), bell=True)
                return
            try:
                cart = recall(self.session.rt, int(values[0]), self.user)
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return
            self.session.basket_id = cart.id
            self.reload()
            self.say(_("Recalled: basket {id}").format(id=cart.id))
        self.ask(_("Recall a parked basket"), [Field(_("Basket"), str(parked[0].id))], given,
                 note)

    def action_refund(self) -> None:
        """Refunds a receipt: all that is left, or some lines ("2" or "2x1.5" per line)."""
        from termpos.services.refunds import lookup_sale

        def number_given(values: tuple[str, ...]) -> None:
            try:
                sale = lookup_sale(values[0])
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return
            note = "\n".join(
                f"{ln.seq}: {ln.name}  {ln.qty_left / 1000:g} × {self.money(ln.unit_price)}"
                for ln in sale.lines if ln.qty_left > 0)
            self.ask(_("Refund {number}").format(number=sale.number),
                     [Field(_("Lines (all, or e.g. 1 2x3)"), _("all"))],
                     lambda v: lines_given(sale.number, v), note)

        def lines_given(number: str, values: tuple[str, ...]) -> None:
            quantities: dict[int, int] | None = None
            if values[0].strip().lower() not in ("all", _("all")):
                quantities = {}
                for part in values[0].replace(",", " ").split():
                    m = REFUND_PART.match(part)
                    if m is None:
                        self.say(_("not a line: {text}").format(text=part), bell=True)
                        return
                    qty = parse_amount(m.group(2), 3) if m.group(2) else 1000
                    quantities[int(m.group(1))] = qty
            self.refund(number, quantities)

        self.ask(_("Refund by receipt number"), [Field(_("Receipt number"))], number_given)

    def refund(self, number: str, quantities: dict[int, int] | None) -> None:
        """Records the refund (with approval when needed) and prints its receipt."""
        from termpos.services.drawer import wants_drawer
        from termpos.services.refunds import refund

        def call(approver: Approver, reason: str) -> None:
            done = refund(self.session.rt, number, self.user, quantities, approver=approver,
                          reason=reason)
            self.wake_printer(drawer=wants_drawer(self.session.rt.settings, done.receipt))
            self.say(_("Refund {number} recorded").format(number=done.number))
        self.guard("refund_with_receipt", _("Refund {number}").format(number=number), call)

    def action_reprint(self) -> None:
        """Queues a copy of a receipt (the last one by default)."""
        from termpos.services.spool import reprint, require_printer

        try:
            require_printer(self.session.rt)  # before anyone is asked to approve it
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return

        def given(values: tuple[str, ...]) -> None:
            def call(approver: Approver, reason: str) -> None:
                reprint(self.session.rt, self.user, values[0], approver=approver, reason=reason)
                self.wake_printer()
                self.say(_("Reprint of {number} queued").format(number=values[0]))
            self.guard("reprint", _("Reprint {number}").format(number=values[0]), call)
        self.ask(_("Reprint a receipt"),
                 [Field(_("Receipt number"), self.session.last_receipt)], given)

    def action_no_sale(self) -> None:
        """Opens the drawer without a sale (journaled; a manager approves when needed)."""
        from termpos.services.cash import no_sale

        def call(approver: Approver, reason: str) -> None:
            no_sale(self.session.rt, self.user, reason, approver=approver)
            self.wake_printer(drawer=True)
            self.say(_("Drawer opened (no sale)"))
        self.guard("no_sale", _("Open the drawer (no sale)"), call)

    def _paid(self, kind: str) -> None:
        from termpos.services.cash import paid_in, paid_out

        record = paid_in if kind == "in" else paid_out
        title = _("Paid in") if kind == "in" else _("Paid out")

        def given(values: tuple[str, ...]) -> None:
            try:
                amount = self.amount(values[0])
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return

            def call(approver: Approver, reason: str) -> None:
                record(self.session.rt, self.user, amount, reason, approver=approver)
                self.wake_printer(drawer=True)
                self.say(f"{title}: {self.money(amount)}")
            self.guard("paid_in_out", f"{title}: {self.money(amount)}", call, values[1])
        self.ask(title, [Field(_("Amount")), Field(_("Reason"))], given)

    def action_paid_in(self) -> None:
        """Records cash put into the drawer."""
        self._paid("in")

    def action_paid_out(self) -> None:
        """Records cash taken out of the drawer."""
        self._paid("out")

    def action_x_report(self) -> None:
        """Shows the X report of the open shift (a reading: nothing is closed)."""
        from termpos.services.zreport import report_text, x_report

        try:
            report = x_report(self.session.rt)
        except TermposError as exc:
            self.say(str(exc), bell=True)
            return
        text = "\n".join(report_text(self.session.rt, report, 64))
        self.app.push_screen(InfoModal(_("X report"), text))

    def action_close_shift(self) -> None:
        """Blind close: the counted cash first, then over/short and the Z number."""
        from termpos.services.shifts import close_shift

        def given(values: tuple[str, ...]) -> None:
            try:
                counted = self.amount(values[0])
            except TermposError as exc:
                self.say(str(exc), bell=True)
                return

            def call(approver: Approver, reason: str) -> None:
                done = close_shift(self.session.rt, self.user, counted, approver=approver,
                                   reason=reason)
                text = "\n".join([
                    _("Z report number") + f": {done.number}",
                    _("Counted cash") + f": {self.money(done.counted_cash)}",
                    _("Expected cash") + f": {self.money(done.expected_cash)}",
                    _("Over (+) / short (-)") + f": {self.signed(done.over_short)}",
                ])
                self.session.shift_id = None
                self.app.push_screen(InfoModal(_("Shift closed"), text),
                                     lambda _result: self.action_logout())
            self.guard("shift_open_close", _("Close the shift"), call)
        self.ask(_("Close the shift"), [Field(_("Counted cash in the drawer"))], given,
                 _("Count the drawer first: the expected amount is shown after."))

    def action_training(self) -> None:
        """Switches to the training store (training_mode, or a manager approves) and back.

        The sale screen is rebuilt over the other store, so the banner and basket follow.
        """
        from termpos.screens.sale import SaleScreen
        from termpos.services.training import enter_training, leave_training

        s = self.session
        if s.real_rt is not None:
            leave_training(s.real_rt, s.rt)
            s.rt, s.real_rt = s.real_rt, None
            s.refresh_shift()
            self.app.switch_screen(SaleScreen(s))
            return

        def call(approver: Approver, reason: str) -> None:
            trt = enter_training(s.rt, self.user, approver=approver, reason=reason)
            s.real_rt, s.rt = s.rt, trt
            s.refresh_shift()
            self.app.switch_screen(SaleScreen(s))
        self.guard("training_mode", _("Switch to training mode"), call)

    def action_keys(self) -> None:
        """Lists every key of the sale screen (the footer shows F1 and the sale keys)."""
        rows = []
        for active in self.app.active_bindings.values():
            if active.binding.description and not active.binding.action.startswith("cursor"):
                state = "" if active.enabled else "  " + _("(not now)")
                rows.append(f"{self.app.get_key_display(active.binding):>8}  "
                            f"{active.binding.description}{state}")
        self.app.push_screen(InfoModal(_("Keys"), "\n".join(rows)))

    def signed(self, amount: int) -> str:
        """An amount with its sign: +1.00, -0.50, 0.00."""
        return ("+" if amount > 0 else "-" if amount < 0 else "") + self.money(abs(amount))

    def action_logout(self) -> None:
        raise NotImplementedError
