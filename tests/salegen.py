"""Generates a consistent sale history (sales, refunds, tenders, taxes) by inserting rows.

Lines carry inclusive tax per line; cash parts are rounded to 0.05 as their own rounding;
change is given in cash only. Refunds are stored negative (as the sale engine does) or,
with ``refund_sign=1``, positive with kind "refund" — the reports must handle both.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from peewee import fn

from termpos.core.money import div_half_up, round_to_step
from termpos.models import Sale, SaleLine, SaleTax, Tender
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction

RATES = {"A": 200_000, "B": 50_000}
STEP = 5


@dataclass
class Gen:
    """Writes documents into one shift of one till."""

    rt: Runtime
    shift_id: int
    user_id: int
    rng: random.Random
    refund_sign: int = -1
    sales: list[int] = field(default_factory=list)

    def _next_seq(self) -> int:
        last = Sale.select(fn.MAX(Sale.seq)).where(Sale.till == self.rt.till).scalar()
        return int(last or 0) + 1

    def _store(self, kind: str, lines: list[dict[str, int | str]], tenders: list[tuple[str, int]],
               rounding: int, change: int, original: int | None) -> int:
        with write_transaction(self.rt.db):
            return self._insert(kind, lines, tenders, rounding, change, original)

    def _insert(self, kind: str, lines: list[dict[str, int | str]],
                tenders: list[tuple[str, int]], rounding: int, change: int,
                original: int | None) -> int:
        seq = self._next_seq()
        sign = 1 if kind == "sale" else self.refund_sign
        base = sum(int(ln["amount"]) for ln in lines)
        sale = Sale.create(
            number=f"{self.rt.till}-{seq:06d}", till=self.rt.till, seq=seq, kind=kind,
            original=original, shift=self.shift_id, user=self.user_id,
            created_at=self.rt.clock.now(), tax_mode="inclusive",
            subtotal=sign * sum(int(ln["gross"]) for ln in lines),
            discount_total=sign * sum(int(ln["discount"]) for ln in lines),
            tax_total=sign * sum(int(ln["tax"]) for ln in lines),
            rounding=sign * rounding, total=sign * (base + rounding), change=change,
        )
        by_class: dict[str, list[int]] = {}
        for i, ln in enumerate(lines, start=1):
            code = str(ln["class"])
            SaleLine.create(
                sale=sale.id, seq=i, code=f"P{i}", name="item", qty_milli=sign * int(ln["qty"]),
                unit_price=int(ln["price"]), discount=sign * int(ln["discount"]),
                amount=sign * int(ln["amount"]), tax_class=code, tax_rate_ppm=RATES[code],
                tax=sign * int(ln["tax"]),
            )
            acc = by_class.setdefault(code, [0, 0])
            acc[0] += int(ln["amount"]) - int(ln["tax"])
            acc[1] += int(ln["tax"])
        for code, (net, tax) in sorted(by_class.items()):
            SaleTax.create(sale=sale.id, tax_class=code, rate_ppm=RATES[code], net=sign * net,
                           tax=sign * tax)
        for kind_, amount in tenders:
            Tender.create(sale=sale.id, kind=kind_, amount=sign * amount,
                          reference="ref" if kind_ == "card" else "")
        return int(sale.id)

    def _lines(self) -> list[dict[str, int | str]]:
        out: list[dict[str, int | str]] = []
        for _ in range(self.rng.randint(1, 4)):
            code = self.rng.choice("AB")
            qty = self.rng.choice((1000, 1000, 2000, 3000, 250, 1375))
            price = self.rng.randint(50, 2500)
            gross = div_half_up(qty * price, 1000)
            discount = self.rng.choice((0, 0, 0, div_half_up(gross, 10)))
            amount = gross - discount
            tax = div_half_up(amount * RATES[code], 1_000_000 + RATES[code])
            out.append({"class": code, "qty": qty, "price": price, "gross": gross,
                        "discount": discount, "amount": amount, "tax": tax})
        return out

    def sale(self) -> int:
        """One sale paid by cash, card, or card and cash."""
        lines = self._lines()
        base = sum(int(ln["amount"]) for ln in lines)
        how = self.rng.choice(("cash", "card", "split"))
        card = 0 if how == "cash" else base if how == "card" else self.rng.randint(1, base)
        tenders: list[tuple[str, int]] = [("card", card)] if card else []
        rounding = change = 0
        if card < base:
            cash_due = round_to_step(base - card, STEP)
            rounding = cash_due - (base - card)
            handed = cash_due + self.rng.choice((0, 0, 5, 100, 1000 - cash_due % 1000))
            change = handed - cash_due
            tenders.append(("cash", handed))
        sale_id = self._store("sale", lines, tenders, rounding, change, None)
        self.sales.append(sale_id)
        return sale_id

    def refund(self) -> int:
        """A refund of some lines of an earlier sale, paid back in cash or to the card."""
        original = self.rng.choice(self.sales)
        rows = list(SaleLine.select().where(SaleLine.sale == original).order_by(SaleLine.seq))
        picked = [r for r in rows if self.rng.random() < 0.6] or rows[:1]
        lines: list[dict[str, int | str]] = [{
            "class": r.tax_class, "qty": r.qty_milli, "price": r.unit_price,
            "gross": r.amount + r.discount, "discount": r.discount, "amount": r.amount,
            "tax": r.tax} for r in picked]
        base = sum(int(ln["amount"]) for ln in lines)
        if self.rng.random() < 0.5:
            paid = round_to_step(base, STEP)
            return self._store("refund", lines, [("cash", paid)], paid - base, 0, original)
        return self._store("refund", lines, [("card", base)], 0, 0, original)

    def history(self, n: int, refund_ratio: float = 0.15) -> None:
        """``n`` documents, about ``refund_ratio`` of them refunds."""
        for _ in range(n):
            if self.sales and self.rng.random() < refund_ratio:
                self.refund()
            else:
                self.sale()
            self.rt.clock.advance(self.rng.randint(20, 400))  # type: ignore[attr-defined]
